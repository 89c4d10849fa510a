// SPDX-License-Identifier: Apache-2.0
/*
 * Per-CPU odds and ends of the arm64 port: parking, which CPU this is, and
 * the generic timer's virtual counter. The SMP entry and exit paths are in
 * start.S.
 */
#include "../arch.h"

noreturn void cpu_arch_park(void)
{
	/*
	 * The last resort of every path that must not return: mask everything
	 * and wait for interrupts forever. Reached only when exiting failed (a
	 * hypervisor that returned from PARTITION_EXIT, QEMU without
	 * -semihosting).
	 */
	__asm__ volatile("msr daifset, #0xf" : : : "memory");
	for (;;)
		__asm__ volatile("wfi" : : : "memory");
}

/* start.S puts the CPU's slot (layout.h) in TPIDR_EL1 before any C. */
unsigned int cpu_arch_slot(void)
{
	uint64_t slot;

	__asm__ volatile("mrs %0, tpidr_el1" : "=r"(slot));
	return (unsigned int)slot;
}

/*
 * MPIDR_EL1's affinity fields Aff3..Aff0 (bits 39:32 and 23:0), the form
 * Devicetree `reg` and PSCI CPU_ON use (ARM DEN 0022, 5.1.4). Under Bulkhead
 * it reads (1 << 31) | vCPU index, so the affinity is the index.
 */
uint64_t cpu_arch_mpidr(void)
{
	uint64_t mpidr;

	__asm__ volatile("mrs %0, mpidr_el1" : "=r"(mpidr));
	return mpidr & 0xff00ffffffull;
}

/* A hint that this CPU is spinning; costs nothing, needs no wake-up. */
void cpu_arch_relax(void)
{
	__asm__ volatile("yield" : : : "memory");
}

/*
 * The EL1 virtual counter (ARM DDI 0487, D11 "The Generic Timer"). The isb
 * keeps the read from being hoisted above earlier instructions. Under
 * Bulkhead it counts from the partition's start; QEMU's runs at 62.5 MHz in
 * real time (unless -icount).
 */
uint64_t timer_arch_ticks(void)
{
	uint64_t ticks;

	__asm__ volatile("isb\n\tmrs %0, cntvct_el0" : "=r"(ticks) : : "memory");
	return ticks;
}

uint64_t timer_arch_frequency(void)
{
	uint64_t freq;

	__asm__ volatile("mrs %0, cntfrq_el0" : "=r"(freq));
	return freq;
}
