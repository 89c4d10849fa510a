// SPDX-License-Identifier: Apache-2.0
/*
 * Translation table builder (see pgtable.h). Runs only at boot. Levels are
 * numbered as the walk goes: 4 (PML4, bits 47:39) down to 1 (the page
 * table, bits 20:12).
 */
#include "pgtable.h"

#include <string.h>

#include "check.h"
#include "config_gen.h"

#define ENTRIES 512
#define ADDR_MASK 0x000ffffffffff000ull

/* The hypervisor's tables plus a few per partition; 4 KiB each. */
#define PGTABLE_POOL_PAGES (24 + 8 * CONFIG_PARTITION_COUNT)

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
	return 12 + 9 * (level - 1);
}

void pgtable_init(struct pgtable *t, const struct pgtable_format *format)
{
	t->root = table_alloc();
	t->format = format;
}

static uint64_t *next_table(const struct pgtable *t, uint64_t *entry)
{
	if ((*entry & t->format->present) == 0) {
		uint64_t *table = table_alloc();

		*entry = (uint64_t)(uintptr_t)table | t->format->table;
		return table;
	}
	/* A large page here means two mappings overlap: the config compiler or
	 * the boot code let something through. */
	CHECK((*entry & PTE_LARGE) == 0);
	return (uint64_t *)(uintptr_t)(*entry & ADDR_MASK);
}

static void map_level(const struct pgtable *t, uint64_t *table, unsigned level, uint64_t va,
		      uint64_t pa, uint64_t size, uint64_t attrs)
{
	uint64_t block = 1ull << level_shift(level);

	while (size > 0) {
		uint64_t *entry = &table[(va >> level_shift(level)) & (ENTRIES - 1)];
		uint64_t chunk = block - (va & (block - 1));

		if (chunk > size)
			chunk = size;
		if (level == 1) {
			CHECK((*entry & t->format->present) == 0);
			*entry = pa | attrs;
		} else if (level == 2 && chunk == block && (pa & (block - 1)) == 0) {
			CHECK((*entry & t->format->present) == 0);
			*entry = pa | attrs | PTE_LARGE;
		} else {
			map_level(t, next_table(t, entry), level - 1, va, pa, chunk, attrs);
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
	map_level(t, t->root, 4, va, pa, size, attrs);
}

bool pgtable_is_mapped(const struct pgtable *t, uint64_t va)
{
	const uint64_t *table = t->root;

	if (va >= (1ull << PGTABLE_INPUT_BITS))
		return false;
	for (unsigned level = 4; level >= 1; level--) {
		uint64_t entry = table[(va >> level_shift(level)) & (ENTRIES - 1)];

		if ((entry & t->format->present) == 0)
			return false;
		if (level == 1 || (entry & PTE_LARGE) != 0)
			return true;
		table = (const uint64_t *)(uintptr_t)(entry & ADDR_MASK);
	}
	return false;
}
