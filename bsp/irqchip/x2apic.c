// SPDX-License-Identifier: Apache-2.0
/*
 * Local APIC in x2APIC mode (see x2apic.h).
 */
#include "x2apic.h"

#include "msr_access.h"

#define MSR_APIC_BASE 0x1b
#define APIC_BASE_EXTD (1ull << 10) /* x2APIC mode */
#define APIC_BASE_EN (1ull << 11)
#define SVR_ENABLE (1u << 8)
#define SPURIOUS_VECTOR 0xff

void x2apic_enable(void)
{
	uint64_t base = rdmsr(MSR_APIC_BASE);

	/* xAPIC -> x2APIC needs EN first, then EN|EXTD (SDM vol. 3A, 12.12.5). */
	if ((base & APIC_BASE_EN) == 0)
		wrmsr(MSR_APIC_BASE, base | APIC_BASE_EN);
	wrmsr(MSR_APIC_BASE, base | APIC_BASE_EN | APIC_BASE_EXTD);
	wrmsr(X2APIC_MSR_SVR, SVR_ENABLE | SPURIOUS_VECTOR);
}

uint32_t x2apic_id(void)
{
	return (uint32_t)rdmsr(X2APIC_MSR_ID);
}

void x2apic_send(uint32_t apic_id, uint32_t low)
{
	wrmsr(X2APIC_MSR_ICR, (uint64_t)apic_id << 32 | low);
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
