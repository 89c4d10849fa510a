/* SPDX-License-Identifier: Apache-2.0 */
/*
 * One translation-table walker and mapper for every table the hypervisor
 * builds: its own EL2 stage-1 tables, each partition's stage 2 (arm64) or
 * EPT (x86-64), the x86-64 hypervisor page tables, and later an IOMMU's.
 * All of them are radix trees of 4 KiB tables of 512 eight-byte entries
 * (9 address bits a level); they differ only in what a `struct
 * pgtable_format` describes: how many levels a walk takes, which levels may
 * end in a block, and which descriptor bits make an entry valid, a table, a
 * block or a page. The arch keeps what a memory type and a permission are
 * (the `attrs` bits it passes in) and how a table is activated.
 *
 * Ranges are mapped with the largest block the format allows wherever both
 * addresses are aligned to it, with 4 KiB pages elsewhere. Tables come from
 * a static pool the caller sizes (PGTABLE_POOL); nothing is ever freed.
 * Editing a live table is the caller's business: it invalidates the TLBs.
 */
#ifndef PGTABLE_H
#define PGTABLE_H

#include <stdbool.h>
#include <stdint.h>

#define PAGE_SIZE 4096ull
#define PGTABLE_ENTRIES 512
#define PGTABLE_MAX_LEVELS 4

struct pgtable_format {
	unsigned levels;        /* tables in a full walk, the root being level 0 */
	unsigned input_bits;    /* translated addresses are [0, 1 << input_bits) */
	uint32_t block_levels;  /* bit n: a level-n entry may map a block */
	uint64_t valid;         /* an entry is in use if any of these bits is set */
	uint64_t type_mask;     /* the bits that tell a block from a table */
	uint64_t table;         /* the bits of an entry pointing to a next-level table */
	uint64_t block;         /* the type bits of a block (above the last level) */
	uint64_t page;          /* the type bits of a page (at the last level) */
	uint64_t addr_mask;     /* the output address bits of an entry */
};

/* VMSAv8-64, 4 KiB granule, 32-bit input walked from level 1 (T0SZ = 32),
 * 1 GiB and 2 MiB blocks: EL2 stage 1 and stage 2. ARM DDI 0487, D8.3. */
#define PGTABLE_VMSA_INPUT_BITS 32
extern const struct pgtable_format pgtable_vmsa_4k_32bit;
/* x86-64 4-level paging, 2 MiB pages (PS): Intel SDM vol. 3A, 5.5. */
extern const struct pgtable_format pgtable_x86_paging;
/* EPT, 4-level walk, 2 MiB pages: Intel SDM vol. 3C, 29.3.2. */
extern const struct pgtable_format pgtable_x86_ept;

/* Where a set of tables takes its 4 KiB tables from. */
struct pgtable_pool {
	uint64_t (*tables)[PGTABLE_ENTRIES];
	unsigned count;
	unsigned used;
};

/* A static pool `name` of `pages` tables. */
#define PGTABLE_POOL(name, pages)                                                   \
	static uint64_t name##_tables[pages][PGTABLE_ENTRIES]                        \
		__attribute__((aligned(PAGE_SIZE)));                                 \
	struct pgtable_pool name = { .tables = name##_tables, .count = (pages) }

struct pgtable {
	uint64_t *root;
	const struct pgtable_format *format;
	struct pgtable_pool *pool;
};

/* One leaf of a walk: what the address translates to. */
struct pgtable_leaf {
	uint64_t pa;    /* the output address of the looked-up address */
	uint64_t attrs; /* the leaf's bits, less its output address and type bits */
	uint64_t size;  /* the size the leaf maps: a page or a block */
};

/* Take an empty root table from `pool`. */
void pgtable_init(struct pgtable *t, const struct pgtable_format *format,
		  struct pgtable_pool *pool);

/*
 * Map [va, va+size) to [pa, ...) with `attrs`: every descriptor bit except
 * the output address and the type bits. All three must be 4 KiB aligned.
 * Mapping over an existing mapping is a hypervisor bug (a CHECK).
 */
void pgtable_map(struct pgtable *t, uint64_t va, uint64_t pa, uint64_t size, uint64_t attrs);

/*
 * Unmap [va, va+size), 4 KiB aligned. Every page in it must be mapped, by
 * pages or blocks lying wholly inside the range (a block is not split):
 * anything else is a hypervisor bug. Emptied tables stay allocated.
 */
void pgtable_unmap(struct pgtable *t, uint64_t va, uint64_t size);

/* Walk to `va`: false if it is not mapped, else true with its leaf in
 * `*leaf` (unless `leaf` is NULL). */
bool pgtable_lookup(const struct pgtable *t, uint64_t va, struct pgtable_leaf *leaf);

/* Whether the page holding `va` is mapped. */
bool pgtable_is_mapped(const struct pgtable *t, uint64_t va);

#endif
