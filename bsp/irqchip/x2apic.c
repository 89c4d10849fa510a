// SPDX-License-Identifier: Apache-2.0
/*
 * Local APIC in x2APIC mode (see x2apic.h).
 */
#include "x2apic.h"

#define MSR_APIC_BASE 0x1b
#define APIC_BASE_EXTD (1ull << 10) /* x2APIC mode */
#define APIC_BASE_EN (1ull << 11)
#define SVR_ENABLE (1u << 8)
#define SPURIOUS_VECTOR 0xff

static inline uint64_t apic_rdmsr(uint32_t msr)
{
	uint32_t lo, hi;

	__asm__ volatile("rdmsr" : "=a"(lo), "=d"(hi) : "c"(msr));
	return (uint64_t)hi << 32 | lo;
}

static inline void apic_wrmsr(uint32_t msr, uint64_t value)
{
	__asm__ volatile("wrmsr" : : "c"(msr), "a"((uint32_t)value), "d"((uint32_t)(value >> 32))
			 : "memory");
}

void x2apic_enable(void)
{
	uint64_t base = apic_rdmsr(MSR_APIC_BASE);

	/* xAPIC -> x2APIC needs EN first, then EN|EXTD (SDM vol. 3A, 12.12.5). */
	if ((base & APIC_BASE_EN) == 0)
		apic_wrmsr(MSR_APIC_BASE, base | APIC_BASE_EN);
	apic_wrmsr(MSR_APIC_BASE, base | APIC_BASE_EN | APIC_BASE_EXTD);
	apic_wrmsr(X2APIC_MSR_SVR, SVR_ENABLE | SPURIOUS_VECTOR);
}

uint32_t x2apic_id(void)
{
	return (uint32_t)apic_rdmsr(X2APIC_MSR_ID);
}

void x2apic_send(uint32_t apic_id, uint32_t low)
{
	apic_wrmsr(X2APIC_MSR_ICR, (uint64_t)apic_id << 32 | low);
}

void x2apic_send_init(uint32_t apic_id)
{
	x2apic_send(apic_id, ICR_DELIVERY_INIT << 8 | ICR_ASSERT);
}

void x2apic_send_startup(uint32_t apic_id, uint8_t page)
{
	x2apic_send(apic_id, ICR_DELIVERY_STARTUP << 8 | ICR_ASSERT | page);
}

void x2apic_send_nmi(uint32_t apic_id)
{
	x2apic_send(apic_id, ICR_DELIVERY_NMI << 8 | ICR_ASSERT);
}
