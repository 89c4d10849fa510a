/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The EL1 and EL0 state a partition may leave behind in its CPU's registers:
 * thread IDs, translation and exception registers, timers, debug and PMU
 * controls, the FP/SIMD registers. None of it is saved by the hypervisor (a
 * CPU runs one partition), so when a vCPU (re)starts, after a restart policy
 * or a PSCI CPU_OFF/CPU_ON, every register the partition can write is set to
 * a fixed value: nothing from before the restart reaches the fresh image.
 */
#ifndef EL1_CONTEXT_H
#define EL1_CONTEXT_H

/* Reset the EL0/EL1 system registers, the EL1 timers and the PMU's
 * partition-visible controls of this CPU. */
void el1_context_reset(void);

/* Zero V0-V31, FPCR and FPSR (el1_fp_reset.S). */
void el1_fp_reset(void);

#endif
