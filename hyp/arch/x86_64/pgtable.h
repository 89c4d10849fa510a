/* SPDX-License-Identifier: Apache-2.0 */
/*
 * x86-64 4-level translation tables with 4 KiB pages (Intel SDM vol. 3A,
 * 5.5), shared by the hypervisor's own tables and every partition's EPT
 * (vol. 3C, 29.3.2), which have the same shape and differ only in their
 * bits: a format says which bits make an entry present and which point to
 * a next-level table. Ranges are mapped with 2 MiB pages wherever they are
 * aligned, with 4 KiB pages elsewhere. Tables come from a static pool sized
 * from the config.
 */
#ifndef PGTABLE_H
#define PGTABLE_H

#include <stdbool.h>
#include <stdint.h>

#define PGTABLE_INPUT_BITS 48
#define PAGE_SIZE 4096ull
#define PTE_LARGE (1ull << 7) /* PS (paging) and "maps a page" (EPT) at level 2 */

struct pgtable_format {
	uint64_t present; /* an entry is present if any of these bits is set */
	uint64_t table;   /* bits of an entry that points to a next-level table */
};

struct pgtable {
	uint64_t *root; /* PML4 (or EPT PML4) */
	const struct pgtable_format *format;
};

/* Take an empty root table from the pool. */
void pgtable_init(struct pgtable *t, const struct pgtable_format *format);

/*
 * Map [va, va+size) to [pa, ...) with `attrs`: every entry bit except the
 * address and PTE_LARGE. All three must be 4 KiB aligned. Mapping over an
 * existing mapping is a hypervisor bug.
 */
void pgtable_map(struct pgtable *t, uint64_t va, uint64_t pa, uint64_t size, uint64_t attrs);

/* Whether the page holding `va` is mapped. */
bool pgtable_is_mapped(const struct pgtable *t, uint64_t va);

#endif
