/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Stage-2 translation: each partition's IPA space, built once at boot from
 * its generated region table. An IPA outside every region faults to EL2.
 */
#ifndef STAGE2_H
#define STAGE2_H

#include <stdint.h>

/* Program VTCR_EL2 (the same for every partition) on this CPU. */
void stage2_init_cpu(void);

/* Point this CPU's stage-2 at the partition's tables (VTTBR_EL2). */
void stage2_activate(uint32_t partition_id);

/* Certify boot: each partition's VTTBR_EL2 and VTCR_EL2, read back from
 * the registers once its tables are active, and its tables. */
void stage2_certify_dump(void);

#endif
