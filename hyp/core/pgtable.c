// SPDX-License-Identifier: Apache-2.0
/*
 * The translation-table walker and mapper (see pgtable.h). Levels are
 * numbered as the walk goes: 0 is the root, format->levels - 1 holds pages.
 */
#include "pgtable.h"

#include <string.h>

#include "check.h"

static uint64_t *table_alloc(struct pgtable_pool *pool)
{
	/* Pools are sized for the config; running dry is our bug. */
	CHECK(pool->used < pool->count);
	uint64_t *table = pool->tables[pool->used++];

	memset(table, 0, PGTABLE_ENTRIES * sizeof(table[0]));
	return table;
}

static unsigned level_shift(const struct pgtable_format *f, unsigned level)
{
	return 12 + 9 * (f->levels - 1 - level);
}

static uint64_t *entry_at(uint64_t *table, const struct pgtable_format *f, unsigned level,
			  uint64_t va)
{
	return &table[(va >> level_shift(f, level)) & (PGTABLE_ENTRIES - 1)];
}

static bool is_valid(const struct pgtable_format *f, uint64_t entry)
{
	return (entry & f->valid) != 0;
}

/* A valid entry that ends the walk: a page, or a block above the last level. */
static bool is_leaf(const struct pgtable_format *f, unsigned level, uint64_t entry)
{
	return level == f->levels - 1 || (entry & f->type_mask) == (f->block & f->type_mask);
}

static uint64_t *table_of(const struct pgtable_format *f, uint64_t entry)
{
	return (uint64_t *)(uintptr_t)(entry & f->addr_mask);
}

static bool in_range(const struct pgtable_format *f, uint64_t va, uint64_t size)
{
	uint64_t limit = 1ULL << f->input_bits;

	return va < limit && size <= limit - va;
}

void pgtable_init(struct pgtable *t, const struct pgtable_format *format,
		  struct pgtable_pool *pool)
{
	CHECK(format->levels >= 1 && format->levels <= PGTABLE_MAX_LEVELS);
	t->format = format;
	t->pool = pool;
	t->root = table_alloc(pool);
}

static uint64_t *next_table(struct pgtable *t, unsigned level, uint64_t *entry)
{
	const struct pgtable_format *f = t->format;

	if (!is_valid(f, *entry)) {
		uint64_t *table = table_alloc(t->pool);

		*entry = (uint64_t)(uintptr_t)table | f->table;
		return table;
	}
	/* A leaf here means two mappings overlap: the config compiler or the
	 * boot code let something through. */
	CHECK(!is_leaf(f, level, *entry));
	return table_of(f, *entry);
}

static void map_level(struct pgtable *t, uint64_t *table, unsigned level, uint64_t va,
		      uint64_t pa, uint64_t size, uint64_t attrs)
{
	const struct pgtable_format *f = t->format;
	uint64_t block = 1ULL << level_shift(f, level);
	bool last = level == f->levels - 1;

	while (size > 0) {
		uint64_t *entry = entry_at(table, f, level, va);
		uint64_t chunk = block - (va & (block - 1));

		if (chunk > size) {
			chunk = size;
		}
		if (last || ((f->block_levels >> level) & 1
			     && chunk == block && (pa & (block - 1)) == 0)) {
			CHECK(!is_valid(f, *entry));
			*entry = pa | attrs | (last ? f->page : f->block);
		} else {
			map_level(t, next_table(t, level, entry), level + 1, va, pa, chunk, attrs);
		}
		va += chunk;
		pa += chunk;
		size -= chunk;
	}
}

void pgtable_map(struct pgtable *t, uint64_t va, uint64_t pa, uint64_t size, uint64_t attrs)
{
	const struct pgtable_format *f = t->format;

	CHECK(((va | pa | size) & (PAGE_SIZE - 1)) == 0);
	CHECK(in_range(f, va, size) && (pa & ~f->addr_mask) == 0);
	/* attrs carry no address or type bits, and make a valid leaf. */
	CHECK((attrs & (f->addr_mask | f->type_mask | f->page | f->block)) == 0);
	CHECK(is_valid(f, attrs | f->page) && is_valid(f, attrs | f->block));
	map_level(t, t->root, 0, va, pa, size, attrs);
}

static void unmap_level(struct pgtable *t, uint64_t *table, unsigned level, uint64_t va,
			uint64_t size)
{
	const struct pgtable_format *f = t->format;
	uint64_t block = 1ULL << level_shift(f, level);

	while (size > 0) {
		uint64_t *entry = entry_at(table, f, level, va);
		uint64_t chunk = block - (va & (block - 1));

		if (chunk > size) {
			chunk = size;
		}
		/* Unmapping a hole, or part of a block, is our bug. */
		CHECK(is_valid(f, *entry));
		if (is_leaf(f, level, *entry)) {
			CHECK(chunk == block);
			*entry = 0;
		} else {
			unmap_level(t, table_of(f, *entry), level + 1, va, chunk);
		}
		va += chunk;
		size -= chunk;
	}
}

void pgtable_unmap(struct pgtable *t, uint64_t va, uint64_t size)
{
	CHECK(((va | size) & (PAGE_SIZE - 1)) == 0);
	CHECK(in_range(t->format, va, size));
	unmap_level(t, t->root, 0, va, size);
}

bool pgtable_lookup(const struct pgtable *t, uint64_t va, struct pgtable_leaf *leaf)
{
	const struct pgtable_format *f = t->format;
	uint64_t *table = t->root;

	if (!in_range(f, va, 1)) {
		return false;
	}
	for (unsigned level = 0; level < f->levels; level++) {
		uint64_t entry = *entry_at(table, f, level, va);
		uint64_t size = 1ULL << level_shift(f, level);

		if (!is_valid(f, entry)) {
			return false;
		}
		if (is_leaf(f, level, entry)) {
			if (leaf != NULL) {
				*leaf = (struct pgtable_leaf){
					.pa = (entry & f->addr_mask & ~(size - 1)) + (va & (size - 1)),
					.attrs = entry & ~(f->addr_mask | f->type_mask | f->page |
							   f->block),
					.size = size,
				};
			}
			return true;
		}
		table = table_of(f, entry);
	}
	return false; /* not reached: the last level holds only leaves */
}

bool pgtable_is_mapped(const struct pgtable *t, uint64_t va)
{
	return pgtable_lookup(t, va, NULL);
}
