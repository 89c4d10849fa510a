/* SPDX-License-Identifier: Apache-2.0 */
/*
 * VMSAv8-64 translation tables with the 4 KiB granule, walked from level 1
 * (a 4 GiB input space: T0SZ = 32), shared by the hypervisor's own EL2
 * tables and every partition's stage-2 tables. Ranges are mapped with
 * 1 GiB or 2 MiB blocks wherever they are aligned, with 4 KiB pages
 * elsewhere. Tables come from a static pool sized from the config.
 * Descriptor formats: ARM DDI 0487, D8.3.
 */
#ifndef PGTABLE_H
#define PGTABLE_H

#include <stdbool.h>
#include <stdint.h>

#define PGTABLE_INPUT_BITS 32
#define PAGE_SIZE 4096ull

struct pgtable {
	uint64_t *root; /* level-1 table */
};

/* Take an empty root table from the pool. */
void pgtable_init(struct pgtable *t);

/*
 * Map [va, va+size) to [pa, ...) with `attrs`: every descriptor bit except
 * the output address and the two type bits. All three must be 4 KiB
 * aligned. Mapping over an existing mapping is a hypervisor bug.
 */
void pgtable_map(struct pgtable *t, uint64_t va, uint64_t pa, uint64_t size, uint64_t attrs);

/* Whether the page holding `va` is mapped. */
bool pgtable_is_mapped(const struct pgtable *t, uint64_t va);

#endif
