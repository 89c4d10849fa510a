// SPDX-License-Identifier: Apache-2.0
/*
 * Partition memory in translation tables (hyp/core/partition_map.c): a
 * partition's own view maps its RAM and each of its regions at their IPAs
 * with the arch's attributes, and nothing else; the hypervisor's view maps every
 * partition's RAM at VA == PA, never a device, and what is already mapped
 * only once.
 */
#include "unit.h"

#include "config.h"
#include "partition_map.h"

#define KIB4 0x1000ull

PGTABLE_POOL(test_pool, 16);

static struct pgtable t;

/* A stand-in encoding that keeps kind and permissions apart, so that a
 * region mapped with another's attributes shows. Bit 0 keeps it valid in
 * the EPT format, which the test uses. */
static uint64_t test_attrs(const struct mem_region *r)
{
	return 1ull | (uint64_t)r->perms << 3 | (uint64_t)r->kind << 8;
}

static void fresh(void)
{
	test_pool.used = 0;
	pgtable_init(&t, &pgtable_x86_ept, &test_pool);
}

static void assert_maps(uint64_t va, uint64_t pa, uint64_t attrs)
{
	struct pgtable_leaf leaf;

	if (!pgtable_lookup(&t, va, &leaf))
		fail_msg("0x%llx is not mapped", (unsigned long long)va);
	assert_int_equal(leaf.pa, pa);
	assert_int_equal(leaf.attrs, attrs);
}

static void partition_view_maps_every_region_at_its_ipa(void **state)
{
	const struct partition_config *beta = &config_partitions[TEST_BETA];

	(void)state;
	fresh();
	partition_map(&t, beta, test_attrs);
	assert_maps(TEST_RAM_IPA, TEST_BETA_PA, 1 | (MEM_R | MEM_W | MEM_X) << 3 | MEM_KIND_RAM << 8);
	assert_maps(TEST_RAM_IPA + TEST_BETA_RAM_SIZE - 1, TEST_BETA_PA + TEST_BETA_RAM_SIZE - 1,
		    1 | (MEM_R | MEM_W | MEM_X) << 3 | MEM_KIND_RAM << 8);
	assert_false(pgtable_is_mapped(&t, TEST_RAM_IPA + TEST_BETA_RAM_SIZE));
	for (uint32_t i = 0; i < beta->region_count; i++) {
		const struct mem_region *r = &beta->regions[i];

		assert_maps(r->ipa, r->pa, test_attrs(r));
		assert_maps(r->ipa + r->size - 1, r->pa + r->size - 1, test_attrs(r));
		assert_false(pgtable_is_mapped(&t, r->ipa + r->size));
	}
	assert_false(pgtable_is_mapped(&t, TEST_RAM_IPA - 1));
	assert_false(pgtable_is_mapped(&t, TEST_BETA_PA)); /* no identity map of RAM */
}

static void hyp_view_maps_partition_ram_but_no_device(void **state)
{
	(void)state;
	fresh();
	partition_map_hyp(&t, 1);
	assert_maps(TEST_ALPHA_PA, TEST_ALPHA_PA, 1);
	assert_maps(TEST_ALPHA_PA + TEST_ALPHA_RAM_SIZE - 1, TEST_ALPHA_PA + TEST_ALPHA_RAM_SIZE - 1, 1);
	assert_maps(TEST_BETA_PA, TEST_BETA_PA, 1);
	assert_maps(TEST_BETA_RO_PA, TEST_BETA_RO_PA, 1);
	/* beta's device region has its PA here: devices stay unmapped. */
	assert_false(pgtable_is_mapped(&t, TEST_NOBODY_PA));
	assert_false(pgtable_is_mapped(&t, TEST_RAM_IPA));
}

static void hyp_view_maps_shared_memory_once(void **state)
{
	(void)state;
	fresh();
	/* As a channel another partition shares: already there, kept as it is. */
	pgtable_map(&t, TEST_BETA_RO_PA, TEST_BETA_RO_PA, TEST_BETA_RO_SIZE, 3);
	FAKE_ARCH_CALL(partition_map_hyp(&t, 1));
	assert_int_equal(fake_arch.ended, FAKE_ARCH_RETURNED);
	assert_maps(TEST_BETA_RO_PA, TEST_BETA_RO_PA, 3);
	assert_maps(TEST_BETA_PA, TEST_BETA_PA, 1);
}

static void hyp_view_refuses_ram_mapped_twice(void **state)
{
	(void)state;
	fresh();
	/* Partition RAM is never shared: finding it mapped is our bug. */
	pgtable_map(&t, TEST_BETA_PA, TEST_BETA_PA, KIB4, 1);
	FAKE_ARCH_CALL(partition_map_hyp(&t, 1));
	assert_check_failed_in("pgtable.c", "!is_valid(f, *entry)");
}

static const struct CMUnitTest tests[] = {
	UNIT_TEST(partition_view_maps_every_region_at_its_ipa),
	UNIT_TEST(hyp_view_maps_partition_ram_but_no_device),
	UNIT_TEST(hyp_view_maps_shared_memory_once),
	UNIT_TEST(hyp_view_refuses_ram_mapped_twice),
};

UNIT_MAIN("partition_map", tests)
