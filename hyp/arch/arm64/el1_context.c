// SPDX-License-Identifier: Apache-2.0
/*
 * Reset of the EL0/EL1 state a partition can write (el1_context.h). The
 * registers that set_el1_reset_state() in vcpu.c programs (SCTLR_EL1,
 * CPACR_EL1, VBAR_EL1) are not repeated here. Register list: ARM DDI 0487,
 * D13.2 (general system registers), D13.8 (generic timer), D13.4 (PMU),
 * D13.3 (debug).
 */
#include "el1_context.h"
#include "sysreg.h"

#define PMCR_EL0_P (1ull << 1) /* reset every event counter to 0 */
#define PMCR_EL0_C (1ull << 2) /* reset the cycle counter to 0 */
#define PMU_ALL_COUNTERS 0xffffffffull /* bits 30:0 event counters, bit 31 the cycle counter */

static void reset_thread_and_exception_registers(void)
{
	sysreg_write(tpidr_el0, 0);
	sysreg_write(tpidrro_el0, 0);
	sysreg_write(tpidr_el1, 0);
	sysreg_write(contextidr_el1, 0);
	sysreg_write(sp_el0, 0);
	sysreg_write(sp_el1, 0);
	sysreg_write(elr_el1, 0);
	sysreg_write(spsr_el1, 0);
	sysreg_write(esr_el1, 0);
	sysreg_write(far_el1, 0);
	sysreg_write(afsr0_el1, 0);
	sysreg_write(afsr1_el1, 0);
	sysreg_write(par_el1, 0);
}

/* The MMU is off after the reset (SCTLR_EL1), but the partition can read
 * these back before it programs them. */
static void reset_translation_registers(void)
{
	sysreg_write(ttbr0_el1, 0);
	sysreg_write(ttbr1_el1, 0);
	sysreg_write(tcr_el1, 0);
	sysreg_write(mair_el1, 0);
	sysreg_write(amair_el1, 0);
}

/* Timers off, so no interrupt of the old image fires in the new one. */
static void reset_timers(void)
{
	sysreg_write(cntv_ctl_el0, 0);
	sysreg_write(cntv_cval_el0, 0);
	sysreg_write(cntp_ctl_el0, 0);
	sysreg_write(cntp_cval_el0, 0);
	sysreg_write(cntkctl_el1, 0);
}

/* The debug controls a partition can set without a trap (MDCR_EL2 leaves
 * TDA/TDE clear). Breakpoint and watchpoint pairs are not touched: they are
 * disabled while MDSCR_EL1.MDE is 0. */
static void reset_debug_and_pmu(void)
{
	sysreg_write(mdscr_el1, 0);
	sysreg_write(pmcntenclr_el0, PMU_ALL_COUNTERS);
	sysreg_write(pmintenclr_el1, PMU_ALL_COUNTERS);
	sysreg_write(pmovsclr_el0, PMU_ALL_COUNTERS);
	sysreg_write(pmuserenr_el0, 0);
	sysreg_write(pmselr_el0, 0);
	sysreg_write(pmcr_el0, PMCR_EL0_P | PMCR_EL0_C);
}

void el1_context_reset(void)
{
	reset_thread_and_exception_registers();
	reset_translation_registers();
	reset_timers();
	reset_debug_and_pmu();
	el1_fp_reset();
}
