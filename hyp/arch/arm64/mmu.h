/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The hypervisor's own EL2 address space: an identity map of what it owns
 * and nothing else. Its image is mapped W^X (text read-only executable,
 * rodata read-only, data and stacks read-write never-executable), plus its
 * console UART, its interrupt controller, and the partitions' RAM (never
 * executable) which it loads images into and reads hypercall buffers from.
 */
#ifndef MMU_H
#define MMU_H

#include "pgtable.h"

#include <stdint.h>

/* Build the EL2 tables and turn the MMU and caches on (primary CPU). */
void mmu_init(void);

/* Turn the MMU and caches on with the tables mmu_init built (other CPUs). */
void mmu_enable(void);

/* Map the firmware's Devicetree at `fdt` read-only (where not already mapped)
 * and return it, or NULL if it is absent or too big to trust. */
const void *mmu_map_fdt(uint64_t fdt);

/* Certify boot: the image's extent, TTBR0_EL2, TCR_EL2, MAIR_EL2 and
 * SCTLR_EL2 as the CPU holds them, and the tables. */
void mmu_certify_dump(void);

/* Where the hypervisor's tables and every partition's stage-2 tables come
 * from: static, sized from the config. */
extern struct pgtable_pool table_pool;

#endif
