// SPDX-License-Identifier: Apache-2.0
/*
 * Entering VMX operation (see vmx.h). Intel SDM vol. 3C, 24.7 (enabling
 * and entering VMX operation) and appendix A (capability MSRs).
 */
#include "vmx.h"

#include "check.h"
#include "config_gen.h"
#include "format.h"
#include "x86.h"

#define FEATURE_CONTROL_LOCK (1ull << 0)
#define FEATURE_CONTROL_VMXON (1ull << 2) /* outside SMX */
#define CPUID1_ECX_VMX (1u << 5)
#define VMX_BASIC_TRUE_CONTROLS (1ull << 55)

static uint8_t vmxon_regions[CONFIG_CPU_COUNT][4096] __attribute__((aligned(4096)));

uint32_t vmx_revision(void)
{
	return (uint32_t)rdmsr(MSR_VMX_BASIC) & 0x7fffffffu;
}

/* The TRUE_* twin of a control MSR when the CPU has them (vol. 3D, A.2). */
static uint32_t true_msr(uint32_t msr)
{
	if ((rdmsr(MSR_VMX_BASIC) & VMX_BASIC_TRUE_CONTROLS) == 0)
		return msr;
	switch (msr) {
	case MSR_VMX_PINBASED:
		return MSR_VMX_TRUE_PINBASED;
	case MSR_VMX_PROCBASED:
		return MSR_VMX_TRUE_PROCBASED;
	case MSR_VMX_EXIT:
		return MSR_VMX_TRUE_EXIT;
	case MSR_VMX_ENTRY:
		return MSR_VMX_TRUE_ENTRY;
	default:
		return msr;
	}
}

uint32_t vmx_controls(uint32_t msr, uint32_t wanted, uint32_t *missing)
{
	uint64_t caps = rdmsr(true_msr(msr));
	uint32_t must = (uint32_t)caps, may = (uint32_t)(caps >> 32);

	if (missing != NULL)
		*missing = wanted & ~may;
	return (wanted | must) & may;
}

uint64_t vmx_cr0_fixed(uint64_t cr0, bool unrestricted)
{
	uint64_t fixed0 = rdmsr(MSR_VMX_CR0_FIXED0), fixed1 = rdmsr(MSR_VMX_CR0_FIXED1);

	if (unrestricted) /* vol. 3C, 25.8: PE and PG may then be 0 */
		fixed0 &= ~(CR0_PE | CR0_PG);
	return (cr0 | fixed0) & fixed1;
}

uint64_t vmx_cr4_fixed(uint64_t cr4)
{
	return (cr4 | rdmsr(MSR_VMX_CR4_FIXED0)) & rdmsr(MSR_VMX_CR4_FIXED1);
}

static bool has_features(char *why, unsigned long size)
{
	uint32_t r[4], missing;

	cpuid(1, 0, r);
	if ((r[2] & CPUID1_ECX_VMX) == 0) {
		format(why, size, "boot refused: this CPU has no VT-x (VMX); Bulkhead needs it "
				  "(Bochs: cpu: model=corei7_skylake_x)");
		return false;
	}
	vmx_controls(MSR_VMX_PROCBASED, PROC_SECONDARY | PROC_USE_IO_BITMAPS | PROC_USE_MSR_BITMAPS,
		     &missing);
	if (missing == 0)
		vmx_controls(MSR_VMX_PROCBASED2, PROC2_EPT | PROC2_VPID | PROC2_UNRESTRICTED,
			     &missing);
	if (missing != 0) {
		format(why, size, "boot refused: this CPU's VT-x lacks EPT, VPID, unrestricted guest "
				  "or I/O and MSR bitmaps (missing controls 0x%x)", missing);
		return false;
	}
	return true;
}

bool vmx_init_cpu(unsigned cpu, char *why, unsigned long size)
{
	uint8_t *region;
	uint64_t fc, pa;
	uint8_t ok;

	if (!has_features(why, size))
		return false;
	fc = rdmsr(MSR_FEATURE_CONTROL);
	if ((fc & FEATURE_CONTROL_LOCK) == 0) {
		/* The firmware left it open: allow VMXON outside SMX, then lock. */
		fc |= FEATURE_CONTROL_VMXON | FEATURE_CONTROL_LOCK;
		wrmsr(MSR_FEATURE_CONTROL, fc);
	}
	if ((fc & FEATURE_CONTROL_VMXON) == 0) {
		format(why, size, "boot refused: the firmware disabled VT-x (IA32_FEATURE_CONTROL "
				  "is locked without VMXON); enable it in the firmware's setup");
		return false;
	}
	write_cr(0, vmx_cr0_fixed(read_cr(0), false));
	write_cr(4, vmx_cr4_fixed(read_cr(4) | CR4_VMXE));
	CHECK(cpu < CONFIG_CPU_COUNT);
	region = vmxon_regions[cpu];
	*(uint32_t *)(void *)region = vmx_revision();
	pa = (uint64_t)(uintptr_t)region;
	__asm__ volatile("vmxon %1; setna %0" : "=qm"(ok) : "m"(pa) : "cc", "memory");
	if (ok) {
		format(why, size, "boot refused: VMXON failed on this CPU");
		return false;
	}
	return true;
}

void vmx_flush_all(void)
{
	struct {
		uint64_t eptp_or_vpid, reserved;
	} desc = { 0, 0 };
	uint64_t all_context = 2;

	__asm__ volatile("invept %0, %1" : : "m"(desc), "r"(all_context) : "cc", "memory");
	__asm__ volatile("invvpid %0, %1" : : "m"(desc), "r"(all_context) : "cc", "memory");
}
