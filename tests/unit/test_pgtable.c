// SPDX-License-Identifier: Apache-2.0
/*
 * The translation-table core (hyp/core/pgtable.c) on the formats the
 * hypervisor builds: blocks where both addresses are aligned, pages
 * elsewhere, attributes carried to every leaf, the descriptors each format
 * writes, unmap, the walk, and every misuse a CHECK failure.
 */
#include "unit.h"

#include "pgtable.h"

#define KIB(n) ((uint64_t)(n) << 10)
#define MIB(n) ((uint64_t)(n) << 20)
#define GIB(n) ((uint64_t)(n) << 30)

/* Stage-2-like attributes (MemAttr, S2AP, SH, AF, XN): bits 2 and up. */
#define VMSA_ATTRS (0xfull << 2 | 3ull << 6 | 3ull << 8 | 1ull << 10 | 2ull << 53)
/* Present, writable, never executable. */
#define X86_ATTRS (1ull << 0 | 1ull << 1 | 1ull << 63)
/* EPT read + execute, write-back. */
#define EPT_ATTRS (1ull << 0 | 1ull << 2 | 6ull << 3)

#define POOL_TABLES 8

PGTABLE_POOL(test_pool, POOL_TABLES);

/* File scope: FAKE_ARCH_CALL may longjmp past a local's update. */
static struct pgtable t;

static void fresh(const struct pgtable_format *format)
{
	test_pool.used = 0;
	pgtable_init(&t, format, &test_pool);
}

/* va must be mapped to pa by a leaf of `size` bytes carrying `attrs`. */
static void assert_leaf(uint64_t va, uint64_t pa, uint64_t size, uint64_t attrs)
{
	struct pgtable_leaf leaf;

	if (!pgtable_lookup(&t, va, &leaf))
		fail_msg("VA 0x%llx is not mapped", (unsigned long long)va);
	assert_int_equal(leaf.pa, pa);
	assert_int_equal(leaf.size, size);
	assert_int_equal(leaf.attrs, attrs);
	assert_true(pgtable_is_mapped(&t, va));
}

static void assert_unmapped(uint64_t va)
{
	struct pgtable_leaf leaf = { .pa = 1 };

	assert_false(pgtable_lookup(&t, va, &leaf));
	assert_false(pgtable_is_mapped(&t, va));
	assert_int_equal(leaf.pa, 1); /* untouched on a miss */
}

/* The entry a walk reads at `level` (0 = root) for va. */
static uint64_t entry_at(uint64_t va, unsigned level)
{
	const uint64_t *table = t.root;
	unsigned levels = t.format->levels;

	for (unsigned l = 0;; l++) {
		uint64_t entry = table[(va >> (12 + 9 * (levels - 1 - l))) & 511];

		if (l == level)
			return entry;
		table = (const uint64_t *)(uintptr_t)(entry & t.format->addr_mask);
	}
}

static void empty_table_maps_nothing(void **state)
{
	(void)state;
	fresh(&pgtable_vmsa_4k_32bit);
	assert_int_equal(test_pool.used, 1);
	assert_ptr_equal(t.root, test_pool.tables[0]);
	assert_unmapped(0);
	assert_unmapped(0x40000000);
	assert_unmapped(GIB(4) - 1);
	assert_unmapped(GIB(4)); /* beyond the input range */
}

static void unaligned_range_takes_pages(void **state)
{
	(void)state;
	fresh(&pgtable_vmsa_4k_32bit);
	pgtable_map(&t, 0x40001000, 0x80003000, KIB(12), VMSA_ATTRS);
	assert_unmapped(0x40000000);
	assert_leaf(0x40001000, 0x80003000, KIB(4), VMSA_ATTRS);
	assert_leaf(0x40002abc, 0x80004abc, KIB(4), VMSA_ATTRS);
	assert_leaf(0x40003ff8, 0x80005ff8, KIB(4), VMSA_ATTRS);
	assert_unmapped(0x40004000);
	/* Root, one level-2 and one level-3 table. */
	assert_int_equal(test_pool.used, 3);
	/* ARM DDI 0487 D8.3.1: tables and pages end in 0b11. */
	assert_int_equal(entry_at(0x40001000, 0) & 3, 3);
	assert_int_equal(entry_at(0x40001000, 1) & 3, 3);
	assert_int_equal(entry_at(0x40001000, 2), 0x80003000 | VMSA_ATTRS | 3);
}

static void aligned_range_takes_blocks(void **state)
{
	(void)state;
	fresh(&pgtable_vmsa_4k_32bit);
	/* 1 GiB aligned on both sides: one level-1 block, no table. */
	pgtable_map(&t, GIB(1), GIB(2), GIB(1), VMSA_ATTRS);
	assert_int_equal(test_pool.used, 1);
	assert_leaf(GIB(1) + 0x1234, GIB(2) + 0x1234, GIB(1), VMSA_ATTRS);
	assert_int_equal(entry_at(GIB(1), 0), GIB(2) | VMSA_ATTRS | 1); /* a block: 0b01 */
	/* 2 MiB blocks, then a page for the unaligned tail. */
	pgtable_map(&t, MIB(2), MIB(6), MIB(4) + KIB(4), VMSA_ATTRS);
	assert_leaf(MIB(2), MIB(6), MIB(2), VMSA_ATTRS);
	assert_leaf(MIB(4) + 8, MIB(8) + 8, MIB(2), VMSA_ATTRS);
	assert_leaf(MIB(6), MIB(10), KIB(4), VMSA_ATTRS);
	assert_unmapped(MIB(6) + KIB(4));
	assert_unmapped(MIB(2) - 1);
	assert_int_equal(entry_at(MIB(2), 1), MIB(6) | VMSA_ATTRS | 1);
}

static void output_misaligned_for_a_block_takes_pages(void **state)
{
	(void)state;
	fresh(&pgtable_vmsa_4k_32bit);
	pgtable_map(&t, MIB(2), MIB(2) + KIB(4), MIB(2), VMSA_ATTRS);
	assert_leaf(MIB(2), MIB(2) + KIB(4), KIB(4), VMSA_ATTRS);
	assert_leaf(MIB(4) - KIB(4), MIB(4), KIB(4), VMSA_ATTRS);
}

static void x86_paging_has_2mib_pages_only(void **state)
{
	(void)state;
	fresh(&pgtable_x86_paging);
	/* 1 GiB aligned, but only PDEs may map large pages here. */
	pgtable_map(&t, GIB(1), GIB(1), GIB(1), X86_ATTRS);
	assert_leaf(GIB(1), GIB(1), MIB(2), X86_ATTRS);
	assert_leaf(GIB(2) - 1, GIB(2) - 1, MIB(2), X86_ATTRS);
	assert_int_equal(test_pool.used, 3); /* PML4, PDPT, one PD */
	/* Intel SDM vol. 3A, 5.5.5: tables present + writable, PS on a 2 MiB page. */
	assert_int_equal(entry_at(GIB(1), 0) & 0xfff, 3);
	assert_int_equal(entry_at(GIB(1), 1) & 0xfff, 3);
	assert_int_equal(entry_at(GIB(1), 2), GIB(1) | X86_ATTRS | 1ull << 7);
	/* And 4 KiB pages elsewhere, above 4 GiB too (48-bit input). */
	pgtable_map(&t, GIB(300) + KIB(4), 0x123456000, KIB(4), X86_ATTRS);
	assert_leaf(GIB(300) + KIB(4) + 5, 0x123456005, KIB(4), X86_ATTRS);
	assert_int_equal(entry_at(GIB(300) + KIB(4), 3), 0x123456000 | X86_ATTRS);
}

static void ept_tables_allow_everything(void **state)
{
	(void)state;
	fresh(&pgtable_x86_ept);
	pgtable_map(&t, 0x40000000, 0x42000000, MIB(2) + KIB(4), EPT_ATTRS);
	assert_leaf(0x40000000, 0x42000000, MIB(2), EPT_ATTRS);
	assert_leaf(0x40200000, 0x42200000, KIB(4), EPT_ATTRS);
	/* Intel SDM vol. 3C, 29.3.2: a table entry is present if R, W or X. */
	assert_int_equal(entry_at(0x40000000, 0) & 0xfff, 7);
	assert_int_equal(entry_at(0x40000000, 1) & 0xfff, 7);
	assert_int_equal(entry_at(0x40000000, 2), 0x42000000 | EPT_ATTRS | 1ull << 7);
	assert_int_equal(entry_at(0x40200000, 3), 0x42200000 | EPT_ATTRS);
}

static void mappings_keep_their_own_attrs(void **state)
{
	const uint64_t ro = VMSA_ATTRS & ~(2ull << 6);

	(void)state;
	fresh(&pgtable_vmsa_4k_32bit);
	pgtable_map(&t, 0x1000, 0x1000, KIB(4), VMSA_ATTRS);
	pgtable_map(&t, 0x2000, 0x9000, KIB(4), ro);
	assert_leaf(0x1000, 0x1000, KIB(4), VMSA_ATTRS);
	assert_leaf(0x2000, 0x9000, KIB(4), ro);
}

static void unmap_removes_only_the_range(void **state)
{
	(void)state;
	fresh(&pgtable_vmsa_4k_32bit);
	pgtable_map(&t, MIB(2), MIB(2), MIB(2) + KIB(8), VMSA_ATTRS);
	pgtable_unmap(&t, MIB(4), KIB(4));
	assert_leaf(MIB(2), MIB(2), MIB(2), VMSA_ATTRS);
	assert_unmapped(MIB(4));
	assert_leaf(MIB(4) + KIB(4), MIB(4) + KIB(4), KIB(4), VMSA_ATTRS);
	pgtable_unmap(&t, MIB(2), MIB(2)); /* a whole block */
	assert_unmapped(MIB(2));
	assert_unmapped(MIB(4) - 1);
	/* What was unmapped can be mapped again, differently. */
	pgtable_map(&t, MIB(4), MIB(40), KIB(4), VMSA_ATTRS);
	assert_leaf(MIB(4), MIB(40), KIB(4), VMSA_ATTRS);
}

static void overlapping_map_is_a_hypervisor_bug(void **state)
{
	(void)state;
	fresh(&pgtable_vmsa_4k_32bit);
	pgtable_map(&t, 0x40000000, 0x40000000, KIB(8), VMSA_ATTRS);
	FAKE_ARCH_CALL(pgtable_map(&t, 0x40001000, 0x50000000, KIB(8), VMSA_ATTRS));
	assert_check_failed_in("pgtable.c", "!is_valid(f, *entry)");
	/* The first mapping is still whole. */
	assert_leaf(0x40001000, 0x40001000, KIB(4), VMSA_ATTRS);
	assert_unmapped(0x40002000);
}

static void map_inside_a_block_is_a_hypervisor_bug(void **state)
{
	(void)state;
	fresh(&pgtable_x86_ept);
	pgtable_map(&t, MIB(2), MIB(2), MIB(2), EPT_ATTRS);
	FAKE_ARCH_CALL(pgtable_map(&t, MIB(3), MIB(30), KIB(4), EPT_ATTRS));
	assert_check_failed_in("pgtable.c", "!is_leaf(f, level, *entry)");
	assert_leaf(MIB(3), MIB(3), MIB(2), EPT_ATTRS);
}

static void block_over_a_table_is_a_hypervisor_bug(void **state)
{
	(void)state;
	fresh(&pgtable_vmsa_4k_32bit);
	pgtable_map(&t, MIB(2), MIB(2), KIB(4), VMSA_ATTRS);
	FAKE_ARCH_CALL(pgtable_map(&t, MIB(2), MIB(2), MIB(2), VMSA_ATTRS));
	assert_check_failed_in("pgtable.c", "!is_valid(f, *entry)");
}

static void misuse_is_a_hypervisor_bug(void **state)
{
	(void)state;
	fresh(&pgtable_vmsa_4k_32bit);
	FAKE_ARCH_CALL(pgtable_map(&t, 0x800, 0x1000, KIB(4), VMSA_ATTRS));
	assert_check_failed_in("pgtable.c", "((va | pa | size) & (PAGE_SIZE - 1)) == 0");
	fake_arch_reset(UNIT_RAM_FILL);
	FAKE_ARCH_CALL(pgtable_map(&t, GIB(4) - KIB(4), 0, KIB(8), VMSA_ATTRS));
	assert_check_failed_in("pgtable.c", "in_range(f, va, size) && (pa & ~f->addr_mask) == 0");
	fake_arch_reset(UNIT_RAM_FILL);
	/* Type bits belong to the format, not to the caller. */
	FAKE_ARCH_CALL(pgtable_map(&t, 0, 0, KIB(4), VMSA_ATTRS | 1));
	assert_check_failed_in("pgtable.c",
			       "(attrs & (f->addr_mask | f->type_mask | f->page | f->block)) == 0");
	fake_arch_reset(UNIT_RAM_FILL);
	/* An EPT leaf with no R, W or X would be a hole, not a mapping. */
	fresh(&pgtable_x86_ept);
	FAKE_ARCH_CALL(pgtable_map(&t, 0, 0, KIB(4), 6ull << 3));
	assert_check_failed_in("pgtable.c",
			       "is_valid(f, attrs | f->page) && is_valid(f, attrs | f->block)");
	assert_unmapped(0);
}

static void unmap_of_a_hole_or_part_block_is_a_hypervisor_bug(void **state)
{
	(void)state;
	fresh(&pgtable_vmsa_4k_32bit);
	pgtable_map(&t, MIB(2), MIB(2), MIB(2), VMSA_ATTRS);
	FAKE_ARCH_CALL(pgtable_unmap(&t, MIB(2), KIB(4)));
	assert_check_failed_in("pgtable.c", "chunk == block");
	fake_arch_reset(UNIT_RAM_FILL);
	FAKE_ARCH_CALL(pgtable_unmap(&t, MIB(4), KIB(4)));
	assert_check_failed_in("pgtable.c", "is_valid(f, *entry)");
	assert_leaf(MIB(2), MIB(2), MIB(2), VMSA_ATTRS);
}

static void exhausted_pool_is_a_hypervisor_bug(void **state)
{
	(void)state;
	fresh(&pgtable_x86_paging);
	/* Each 512 GiB apart: a PDPT, a PD and a PT each. */
	pgtable_map(&t, 0, 0, KIB(4), X86_ATTRS);
	pgtable_map(&t, GIB(512), 0, KIB(4), X86_ATTRS);
	assert_int_equal(test_pool.used, 7);
	FAKE_ARCH_CALL(pgtable_map(&t, GIB(1024), 0, KIB(4), X86_ATTRS));
	assert_check_failed_in("pgtable.c", "pool->used < pool->count");
}

static const struct CMUnitTest tests[] = {
	UNIT_TEST(empty_table_maps_nothing),
	UNIT_TEST(unaligned_range_takes_pages),
	UNIT_TEST(aligned_range_takes_blocks),
	UNIT_TEST(output_misaligned_for_a_block_takes_pages),
	UNIT_TEST(x86_paging_has_2mib_pages_only),
	UNIT_TEST(ept_tables_allow_everything),
	UNIT_TEST(mappings_keep_their_own_attrs),
	UNIT_TEST(unmap_removes_only_the_range),
	UNIT_TEST(overlapping_map_is_a_hypervisor_bug),
	UNIT_TEST(map_inside_a_block_is_a_hypervisor_bug),
	UNIT_TEST(block_over_a_table_is_a_hypervisor_bug),
	UNIT_TEST(misuse_is_a_hypervisor_bug),
	UNIT_TEST(unmap_of_a_hole_or_part_block_is_a_hypervisor_bug),
	UNIT_TEST(exhausted_pool_is_a_hypervisor_bug),
};

UNIT_MAIN("pgtable", tests)
