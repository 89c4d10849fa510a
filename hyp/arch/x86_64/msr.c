// SPDX-License-Identifier: Apache-2.0
/*
 * The MSR bitmap and MSR exits (see msr.h). Bitmap layout: Intel SDM vol.
 * 3C, 25.6.9: read-low, read-high, write-low, write-high, 1 KiB each; "low"
 * covers MSRs 0-0x1fff, "high" 0xc0000000-0xc0001fff.
 */
#include "msr.h"

#include <string.h>

#include "config.h"
#include "console.h"
#include "fault.h"
#include "format.h"
#include "frame.h"
#include "partition.h"
#include "vmx.h"
#include "x2apic.h"
#include "x86.h"

#define MSR_TSC 0x10
#define MSR_SYSENTER_CS 0x174
#define MSR_SYSENTER_EIP 0x176
#define MSR_STAR 0xc0000081
#define MSR_LSTAR 0xc0000082
#define MSR_CSTAR 0xc0000083
#define MSR_SFMASK 0xc0000084
#define MSR_KERNEL_GS_BASE 0xc0000102
#define MSR_TSC_AUX 0xc0000103
#define APIC_BASE_KEEP 0xfffff0c00ull /* base address, EN, EXTD: the hypervisor's */

/* The LVT entries with a delivery mode (SDM vol. 3A, 12.5.1): CMCI (which
 * partitions may not use at all), thermal, performance counter, LINT0,
 * LINT1 (the timer's and the error entry's are always fixed). The bits an
 * LVT entry may hold: vector, delivery mode, polarity, trigger, mask; any
 * other would make the hypervisor's own WRMSR fault. */
#define X2APIC_MSR_LVT_CMCI 0x82f
#define X2APIC_MSR_LVT_THERMAL 0x833
#define X2APIC_MSR_LVT_LINT1 0x836
#define LVT_DELIVERY(value) (((value) >> 8) & 7)
#define LVT_MASKED (1u << 16)
#define LVT_WRITABLE 0x1a7ffull

/* The ICR bits an x2APIC reserves (SDM vol. 3A, 12.12.9): 12-13, 16-17 and
 * 20-31. The hypervisor's own WRMSR of a value with any of them set would
 * take a #GP in root mode. */
#define ICR_RESERVED 0xfff33000ull

#define DENIED_LOG_MAX 8 /* IPI denials logged per partition */

static uint8_t bitmap[4096] __attribute__((aligned(4096)));
static unsigned denied_logged[CONFIG_PARTITION_COUNT];

static uint8_t *bit_byte(uint32_t msr, int write, uint8_t *bit)
{
	unsigned base = (write ? 2048 : 0) + ((msr & 0xc0000000u) ? 1024 : 0);
	uint32_t index = msr & 0x1fff;

	*bit = (uint8_t)(1u << (index % 8));
	return &bitmap[base + index / 8];
}

static void pass(uint32_t first, uint32_t last, int read, int write)
{
	for (uint32_t msr = first; msr <= last; msr++) {
		uint8_t bit;

		if (read)
			*bit_byte(msr, 0, &bit) &= (uint8_t)~bit;
		if (write)
			*bit_byte(msr, 1, &bit) &= (uint8_t)~bit;
	}
}

static void intercept(uint32_t msr, int write)
{
	uint8_t bit;

	*bit_byte(msr, write, &bit) |= bit;
}

void msr_bitmap_init(void)
{
	memset(bitmap, 0xff, sizeof(bitmap));
	pass(MSR_TSC, MSR_TSC, 1, 0);
	pass(MSR_SYSENTER_CS, MSR_SYSENTER_EIP, 1, 1);
	pass(MSR_PAT, MSR_PAT, 1, 1);
	pass(MSR_EFER, MSR_SFMASK, 1, 1);
	pass(MSR_FS_BASE, MSR_TSC_AUX, 1, 1);
	pass(MSR_APIC_BASE, MSR_APIC_BASE, 1, 0);
	pass(X2APIC_MSR_FIRST, X2APIC_MSR_LAST, 1, 1);
	intercept(X2APIC_MSR_ICR, 1);
	intercept(X2APIC_MSR_LVT_CMCI, 1);
	for (uint32_t lvt = X2APIC_MSR_LVT_THERMAL; lvt <= X2APIC_MSR_LVT_LINT1; lvt++)
		intercept(lvt, 1);
	intercept(X2APIC_MSR_ID, 0);
	intercept(X2APIC_MSR_LDR, 0);
}

uint64_t msr_bitmap(void)
{
	return (uint64_t)(uintptr_t)bitmap;
}

/*
 * The MSRs a partition writes freely (the bitmap passes them) that the VMCS
 * does not load on entry: they keep the previous run's values in the CPU
 * unless cleared, and a restarted partition must start from reset values.
 */
static const uint32_t msrs_reset_at_start[] = {
	MSR_STAR, MSR_LSTAR, MSR_CSTAR, MSR_SFMASK, MSR_KERNEL_GS_BASE, MSR_TSC_AUX,
};

void msr_reset_passed_through(void)
{
	for (size_t i = 0; i < sizeof(msrs_reset_at_start) / sizeof(msrs_reset_at_start[0]); i++)
		wrmsr(msrs_reset_at_start[i], 0);
}

static enum trap_action msr_fault(struct vcpu *v, uint32_t msr, int write)
{
	char what[64];

	format(what, sizeof(what), "%s of MSR 0x%x, which it may not use",
	       write ? "write" : "read", msr);
	return fault_handle(v, &(struct fault_info){ .kind = FAULT_TRAP, .what = what,
						      .syndrome_name = "exit qualification",
						      .syndrome = 0, .pc = vmread(VMCS_GUEST_RIP) });
}

enum trap_action msr_read(struct vcpu *v, struct frame *f, uint64_t q)
{
	uint32_t msr = (uint32_t)f->rcx;
	uint64_t value;

	(void)q;
	switch (msr) {
	case X2APIC_MSR_ID:
		value = v->index;
		break;
	case X2APIC_MSR_LDR: /* cluster and bit, derived from the id (SDM 12.12.10.2) */
		value = (v->index >> 4) << 16 | 1u << (v->index & 0xf);
		break;
	default:
		return msr_fault(v, msr, 0);
	}
	f->rax = (uint32_t)value;
	f->rdx = value >> 32;
	return TRAP_ADVANCE;
}

static void ipi_denied(struct vcpu *v, uint64_t icr, const char *why)
{
	const struct partition_config *cfg = v->partition->cfg;

	if (denied_logged[cfg->id] >= DENIED_LOG_MAX)
		return;
	denied_logged[cfg->id]++;
	console_log("partition %s: IPI denied: ICR 0x%llx from its cpu %u %s%s", cfg->name,
		    (unsigned long long)icr, v->index, why,
		    denied_logged[cfg->id] == DENIED_LOG_MAX ? " (no more such lines)" : "");
}

/*
 * An IPI from the partition. Its CPUs are 0..n-1 in its own view (CPUID and
 * the APIC id register say so): fixed interrupts to those, or to itself,
 * are sent to the physical CPUs behind them; everything else is denied.
 */
static enum trap_action icr_write(struct vcpu *v, uint64_t icr)
{
	const struct partition_config *cfg = v->partition->cfg;
	uint32_t mode = ICR_DELIVERY(icr), dest = ICR_DEST(icr);
	uint32_t low = (uint32_t)icr & ~(7u << 8); /* as a fixed interrupt */

	if (icr & ICR_RESERVED) {
		ipi_denied(v, icr, "(reserved bits set)");
		return TRAP_ADVANCE;
	}
	if (mode != ICR_DELIVERY_FIXED && mode != ICR_DELIVERY_LOWEST) {
		ipi_denied(v, icr, mode == ICR_DELIVERY_INIT || mode == ICR_DELIVERY_STARTUP
					   ? "(INIT/SIPI: partitions start their CPUs with PSCI CPU_ON)"
					   : "(only fixed interrupts are allowed)");
		return TRAP_ADVANCE;
	}
	switch (ICR_SHORTHAND(icr)) {
	case ICR_SHORTHAND_SELF:
		wrmsr(X2APIC_MSR_ICR, icr);
		return TRAP_ADVANCE;
	case ICR_SHORTHAND_NONE:
		if ((icr & ICR_LOGICAL) == 0 && dest < cfg->cpu_count) {
			x2apic_send((uint32_t)config_board.cpu_mpidr[cfg->cpus[dest]], low);
			return TRAP_ADVANCE;
		}
		ipi_denied(v, icr, (icr & ICR_LOGICAL) ? "(logical destinations are not allowed)"
						       : "to a CPU that is not one of its own");
		return TRAP_ADVANCE;
	default:
		ipi_denied(v, icr, "(broadcast: it would reach other partitions' CPUs)");
		return TRAP_ADVANCE;
	}
}

enum trap_action msr_write(struct vcpu *v, struct frame *f, uint64_t q)
{
	uint32_t msr = (uint32_t)f->rcx;
	uint64_t value = (f->rdx << 32) | (uint32_t)f->rax;

	(void)q;
	if (msr == X2APIC_MSR_ICR)
		return icr_write(v, value);
	/* Local interrupts may be fixed (a vector of the partition's own) or
	 * masked; an NMI would pass for the hypervisor's kick, SMI and INIT
	 * reach the firmware and the CPU, ExtINT the legacy PIC. */
	if (msr >= X2APIC_MSR_LVT_THERMAL && msr <= X2APIC_MSR_LVT_LINT1) {
		if ((value & ~LVT_WRITABLE) == 0 &&
		    ((value & LVT_MASKED) || LVT_DELIVERY(value) == 0)) {
			wrmsr(msr, value);
			return TRAP_ADVANCE;
		}
		return msr_fault(v, msr, 1);
	}
	/* The APIC stays enabled in x2APIC mode at its address: the hypervisor
	 * kicks CPUs through it. Writing what it already is changes nothing. */
	if (msr == MSR_APIC_BASE && (value & APIC_BASE_KEEP) == (rdmsr(msr) & APIC_BASE_KEEP))
		return TRAP_ADVANCE;
	return msr_fault(v, msr, 1);
}
