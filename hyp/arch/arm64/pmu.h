/* SPDX-License-Identifier: Apache-2.0 */
/*
 * A partition's PMU without a view of the hypervisor. Armv8.0 (the
 * Cortex-A53) has no MDCR_EL2.HPMD to stop a partition's counters at EL2,
 * and a counter that counts there measures the hypervisor's work for every
 * partition: a side channel. So, unless its config says `pmu_el2 = true`
 * (the benchmarks), MDCR_EL2.TPM traps the partition's PMU accesses here and
 * each is done on the real register, with the EL2 filter bit (NSH) of every
 * event filter it writes cleared. ARM DDI 0487, D7 and D13.4.
 */
#ifndef PMU_H
#define PMU_H

#include <stdbool.h>
#include <stdint.h>

#include "trap.h"

struct frame;
struct vcpu;

#define MDCR_EL2_TPM (1ull << 6) /* trap PMU accesses from EL0 and EL1 */

/* Whether a trapped system register access (ESR_EL2 ISS, EC 0x18) is to a
 * PMU register. */
bool pmu_is_register(uint64_t iss);

/* Carry out the trapped access (ESR_EL2 `esr`) for the partition. */
enum trap_action pmu_emulate(struct vcpu *v, struct frame *f, uint64_t esr);

#endif
