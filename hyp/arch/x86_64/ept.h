/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Extended page tables, the twin of arm64's stage 2: each partition's
 * guest-physical space, built once at boot from its generated region table
 * (hyp/core/config.h). A guest-physical address outside every region makes
 * an EPT violation, which hyp/core/fault.c turns into the partition's
 * on_fault policy. Entry bits: Intel SDM vol. 3C, 29.3.2; EPTP: 25.6.11.
 */
#ifndef EPT_H
#define EPT_H

#include <stdint.h>

/* The EPT pointer (VMCS field) for a partition whose tables are built. */
uint64_t ept_pointer(uint32_t partition_id);

/* Certify boot: each partition's EPT pointer and tables. */
void ept_certify_dump(void);

#endif
