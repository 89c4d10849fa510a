// SPDX-License-Identifier: Apache-2.0
/*
 * PMU set-up for measurements (<bulkhead/pmu.h>). Registers: ARM DDI 0487,
 * D13.3 "Performance Monitors registers". Under Bulkhead MDCR_EL2 leaves the
 * partition every counter (HPMN = PMCR_EL0.N) and traps nothing, so these
 * are the CPU's own counters in both modes; EL2 counting (NSH) is then the
 * guest's choice.
 */
#include <bulkhead/pmu.h>

#define PMCR_E  (1u << 0) /* enable */
#define PMCR_P  (1u << 1) /* reset the event counters */
#define PMCR_C  (1u << 2) /* reset the cycle counter */
#define PMCR_LC (1u << 6) /* the cycle counter overflows at 64 bits */
#define PMCR_N(pmcr) (((pmcr) >> 11) & 0x1f)

#define PMU_FILTER_NSH  (1u << 27) /* PMCCFILTR / PMEVTYPER: count at EL2 too */
#define PMU_EVENT_INST_RETIRED 0x08u
#define PMU_CYCLE_COUNTER (1u << 31)

bool bulkhead_pmu_has_instructions(void)
{
	uint64_t ceid0;

	__asm__ volatile("mrs %0, pmceid0_el0" : "=r"(ceid0));
	return (ceid0 >> PMU_EVENT_INST_RETIRED) & 1;
}

bool bulkhead_pmu_start(void)
{
	uint64_t pmcr;
	bool counters;

	__asm__ volatile("mrs %0, pmcr_el0" : "=r"(pmcr));
	counters = PMCR_N(pmcr) >= 2;

	/* The cycle counter: EL0, EL1 and EL2 (P = U = 0, NSH = 1). */
	__asm__ volatile("msr pmccfiltr_el0, %0" : : "r"((uint64_t)PMU_FILTER_NSH));
	if (counters) {
		/* Counter 0: instructions at EL0, EL1, EL2; counter 1: EL0, EL1. */
		__asm__ volatile("msr pmevtyper0_el0, %0\n\t"
				 "msr pmevtyper1_el0, %1"
				 : : "r"((uint64_t)(PMU_FILTER_NSH | PMU_EVENT_INST_RETIRED)),
				     "r"((uint64_t)PMU_EVENT_INST_RETIRED));
	}
	__asm__ volatile("msr pmcntenset_el0, %0"
			 : : "r"((uint64_t)(PMU_CYCLE_COUNTER | (counters ? 3u : 0u))));
	__asm__ volatile("msr pmcr_el0, %0\n\tisb"
			 : : "r"((uint64_t)(PMCR_E | PMCR_P | PMCR_C | PMCR_LC)) : "memory");
	return counters;
}

/* start.S: CNTPCT_EL0 as the first instruction of _start read it. */
extern uint64_t runtime_entry_ticks;

uint64_t bulkhead_pmu_entry_ticks(void)
{
	return runtime_entry_ticks;
}
