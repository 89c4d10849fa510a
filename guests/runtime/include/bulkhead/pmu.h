/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The arm64 PMU (ARM DDI 0487, chapter D11 "The Performance Monitors
 * Extension"), set up for measuring in instructions, natively and in a
 * Bulkhead partition (which leaves the guest every counter, untrapped).
 *
 * bulkhead_pmu_start() on a CPU resets and starts three of its counters:
 *
 *   cycles              PMCCNTR_EL0, 64 bits; PMCCFILTR_EL0.NSH = 1 so it
 *                       counts at EL0, EL1 and EL2.
 *   instructions        event counter 0: INST_RETIRED (event 0x08), EL0,
 *                       EL1 and EL2 (PMEVTYPER0_EL0.NSH = 1). 32 bits.
 *   instructions_el1    event counter 1: INST_RETIRED at EL0 and EL1 only
 *                       (NSH = 0): the difference from counter 0 is what
 *                       ran at EL2. 32 bits.
 *
 * The event counters are 32 bits wide (PMUv3 before v8.5): subtract
 * readings as uint32_t.
 *
 * Under QEMU with -icount shift=0,align=off,sleep=off every instruction is
 * one nanosecond of virtual time and (QEMU 7.2, target/arm/helper.c) the
 * cycle counter is that virtual clock at 1 GHz, while INST_RETIRED is the
 * raw instruction count; both are global to the machine (QEMU runs its CPUs
 * in turn and counts all of them), filtered only by the exception level of
 * the CPU that owns the counter. So: a cycle difference is the instructions
 * every CPU retired in between plus any time the whole machine slept (WFI
 * with nothing to run: the clock skips ahead); an instruction difference is
 * the instructions every CPU retired while this one was at a counted level.
 * Without -icount QEMU implements no INST_RETIRED (bulkhead_pmu_has_
 * instructions() is false) and the cycle counter is host nanoseconds.
 */
#ifndef BULKHEAD_PMU_H
#define BULKHEAD_PMU_H

#include <stdbool.h>
#include <stdint.h>

/* Reset and start the counters above on the calling CPU. false if the PMU
 * has fewer than two event counters (the cycle counter still runs). */
bool bulkhead_pmu_start(void);

/* Whether this CPU's PMU implements INST_RETIRED (PMCEID0_EL0 bit 8). */
bool bulkhead_pmu_has_instructions(void);

/*
 * The physical counter (CNTPCT_EL0, which counts from the machine's reset
 * and which Bulkhead lets partitions read) as read by the program's very
 * first instruction (_start), for "reset to first instruction": under
 * QEMU -icount shift=0 times 10^9 / CNTFRQ it is the instructions every
 * CPU retired since the reset, within one counter tick (16 at 62.5 MHz).
 */
uint64_t bulkhead_pmu_entry_ticks(void);

#if defined(__aarch64__)
/*
 * The readers are inline, one `isb` and one `mrs` each, so that a
 * measurement's fixed overhead is small and the same everywhere. The isb
 * keeps the read from moving across the instructions measured.
 */
static inline uint64_t bulkhead_pmu_cycles(void)
{
	uint64_t value;

	__asm__ volatile("isb\n\tmrs %0, pmccntr_el0" : "=r"(value) : : "memory");
	return value;
}

static inline uint32_t bulkhead_pmu_instructions(void)
{
	uint64_t value;

	__asm__ volatile("isb\n\tmrs %0, pmevcntr0_el0" : "=r"(value) : : "memory");
	return (uint32_t)value;
}

static inline uint32_t bulkhead_pmu_instructions_el1(void)
{
	uint64_t value;

	__asm__ volatile("isb\n\tmrs %0, pmevcntr1_el0" : "=r"(value) : : "memory");
	return (uint32_t)value;
}

/* The physical counter (CNTPCT_EL0), common to every CPU and, under
 * Bulkhead, to every partition (EL1 may read it); for lining up the cycle
 * counters of two CPUs. */
static inline uint64_t bulkhead_pmu_physical_ticks(void)
{
	uint64_t value;

	__asm__ volatile("isb\n\tmrs %0, cntpct_el0" : "=r"(value) : : "memory");
	return value;
}
#endif

#endif
