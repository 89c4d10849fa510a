// SPDX-License-Identifier: Apache-2.0
/*
 * Translation table builder (see pgtable.h). Runs only at boot.
 */
#include "pgtable.h"

#include <string.h>

#include "check.h"
#include "config_gen.h"

#define ENTRIES 512
#define DESC_VALID 1ull
#define DESC_TABLE 3ull /* at levels 1 and 2 */
#define DESC_BLOCK 1ull /* at levels 1 and 2 */
#define DESC_PAGE 3ull  /* at level 3 */
#define DESC_ADDR_MASK 0x0000fffffffff000ull

/* The hypervisor's tables plus a few per partition; 4 KiB each. */
#define PGTABLE_POOL_PAGES (16 + 8 * CONFIG_PARTITION_COUNT)

static uint64_t pool[PGTABLE_POOL_PAGES][ENTRIES] __attribute__((aligned(4096)));
static unsigned pool_used;

static uint64_t *table_alloc(void)
{
	/* The pool is sized for the config; running dry is our bug. */
	CHECK(pool_used < PGTABLE_POOL_PAGES);
	uint64_t *table = pool[pool_used++];

	memset(table, 0, sizeof(pool[0]));
	return table;
}

static unsigned level_shift(unsigned level)
{
	return 12 + 9 * (3 - level);
}

void pgtable_init(struct pgtable *t)
{
	t->root = table_alloc();
}

static uint64_t *next_table(uint64_t *entry)
{
	if ((*entry & DESC_VALID) == 0) {
		uint64_t *table = table_alloc();

		*entry = (uint64_t)(uintptr_t)table | DESC_TABLE;
		return table;
	}
	/* A block here means two mappings overlap: the config compiler or
	 * the boot code let something through. */
	CHECK((*entry & 3) == DESC_TABLE);
	return (uint64_t *)(uintptr_t)(*entry & DESC_ADDR_MASK);
}

static void map_level(uint64_t *table, unsigned level, uint64_t va, uint64_t pa, uint64_t size,
		      uint64_t attrs)
{
	uint64_t block = 1ull << level_shift(level);

	while (size > 0) {
		uint64_t *entry = &table[(va >> level_shift(level)) & (ENTRIES - 1)];
		uint64_t chunk = block - (va & (block - 1));

		if (chunk > size)
			chunk = size;
		if (level == 3) {
			CHECK((*entry & DESC_VALID) == 0);
			*entry = pa | attrs | DESC_PAGE;
		} else if (chunk == block && (pa & (block - 1)) == 0) {
			CHECK((*entry & DESC_VALID) == 0);
			*entry = pa | attrs | DESC_BLOCK;
		} else {
			map_level(next_table(entry), level + 1, va, pa, chunk, attrs);
		}
		va += chunk;
		pa += chunk;
		size -= chunk;
	}
}

void pgtable_map(struct pgtable *t, uint64_t va, uint64_t pa, uint64_t size, uint64_t attrs)
{
	CHECK(((va | pa | size) & (PAGE_SIZE - 1)) == 0);
	CHECK(va < (1ull << PGTABLE_INPUT_BITS) && size <= (1ull << PGTABLE_INPUT_BITS) - va);
	map_level(t->root, 1, va, pa, size, attrs);
}

bool pgtable_is_mapped(const struct pgtable *t, uint64_t va)
{
	const uint64_t *table = t->root;

	if (va >= (1ull << PGTABLE_INPUT_BITS))
		return false;
	for (unsigned level = 1; level <= 3; level++) {
		uint64_t entry = table[(va >> level_shift(level)) & (ENTRIES - 1)];

		if ((entry & DESC_VALID) == 0)
			return false;
		if (level == 3 || (entry & 3) == DESC_BLOCK)
			return true;
		table = (const uint64_t *)(uintptr_t)(entry & DESC_ADDR_MASK);
	}
	return false;
}
