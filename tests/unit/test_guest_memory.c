// SPDX-License-Identifier: Apache-2.0
/*
 * guest_memory(): a partition may name only its own RAM, with the access it
 * asks for. In the test config alpha's RAM is physically followed by beta's,
 * and the fake arch maps both. A refusal must be guest_memory's own: it may
 * not even ask the arch layer (whose checks differ from arch to arch) about
 * a range it refuses, so assert_refused checks that it did not.
 */
#include "unit.h"

#include "config.h"
#include "guest_memory.h"
#include "partition.h"

#define ALPHA_END (TEST_RAM_IPA + TEST_ALPHA_RAM_SIZE)

#define assert_refused(p, ipa, len, perms)                                \
	do {                                                              \
		fake_arch.phys_to_virt_calls = 0;                         \
		assert_null(guest_memory((p), (ipa), (len), (perms)));    \
		assert_int_equal(fake_arch.phys_to_virt_calls, 0);        \
	} while (0)

static const struct partition *alpha(void)
{
	return partition_get(TEST_ALPHA);
}

static const struct partition *beta(void)
{
	return partition_get(TEST_BETA);
}

static void inside(void **state)
{
	(void)state;
	assert_ptr_equal(guest_memory(alpha(), TEST_RAM_IPA + 0x100, 16, MEM_R),
			 fake_ram_at(TEST_ALPHA_PA + 0x100));
	assert_ptr_equal(guest_memory(alpha(), TEST_RAM_IPA, TEST_ALPHA_RAM_SIZE, MEM_R | MEM_W),
			 fake_ram_at(TEST_ALPHA_PA));
	/* The arch layer was asked for the whole range, at its physical address. */
	assert_int_equal(fake_arch.phys_to_virt_pa, TEST_ALPHA_PA);
	assert_int_equal(fake_arch.phys_to_virt_size, TEST_ALPHA_RAM_SIZE);
}

static void same_ipa_is_each_partitions_own(void **state)
{
	(void)state;
	assert_ptr_equal(guest_memory(beta(), TEST_RAM_IPA + 0x100, 16, MEM_R),
			 fake_ram_at(TEST_BETA_PA + 0x100));
	assert_ptr_equal(guest_memory(beta(), TEST_BETA_RO_IPA + 8, 8, MEM_R),
			 fake_ram_at(TEST_BETA_RO_PA + 8));
}

static void exactly_at_the_end(void **state)
{
	(void)state;
	assert_ptr_equal(guest_memory(alpha(), ALPHA_END - 16, 16, MEM_R),
			 fake_ram_at(TEST_ALPHA_PA + TEST_ALPHA_RAM_SIZE - 16));
	assert_ptr_equal(guest_memory(alpha(), ALPHA_END - 1, 1, MEM_W),
			 fake_ram_at(TEST_ALPHA_PA + TEST_ALPHA_RAM_SIZE - 1));
}

static void one_byte_over(void **state)
{
	(void)state;
	assert_refused(alpha(), ALPHA_END - 16, 17, MEM_R);
	assert_refused(alpha(), ALPHA_END, 1, MEM_R);
	assert_refused(alpha(), TEST_RAM_IPA, TEST_ALPHA_RAM_SIZE + 1, MEM_R);
}

static void ipa_below_base(void **state)
{
	(void)state;
	assert_refused(alpha(), TEST_RAM_IPA - 1, 1, MEM_R);
	assert_refused(alpha(), TEST_RAM_IPA - 1, 2, MEM_R);
	assert_refused(alpha(), TEST_RAM_IPA - 0x1000, 0x2000, MEM_R);
	assert_refused(alpha(), 0, 16, MEM_R);
}

static void length_overflowing_2_to_the_64(void **state)
{
	(void)state;
	/* ipa + len wraps round to just inside RAM, or to 0. */
	assert_refused(alpha(), TEST_RAM_IPA + 0x100, UINT64_MAX - 0x7f, MEM_R);
	assert_refused(alpha(), TEST_RAM_IPA + 0x100, 0 - (TEST_RAM_IPA + 0x100), MEM_R);
	assert_refused(alpha(), TEST_RAM_IPA, UINT64_MAX, MEM_R);
	assert_refused(alpha(), UINT64_MAX, 2, MEM_R);
	assert_refused(alpha(), UINT64_MAX, UINT64_MAX, MEM_R);
}

static void length_zero(void **state)
{
	(void)state;
	/* With a valid ipa, a zero length is a valid (empty) buffer... */
	assert_ptr_equal(guest_memory(alpha(), TEST_RAM_IPA + 0x10, 0, MEM_R),
			 fake_ram_at(TEST_ALPHA_PA + 0x10));
	/* ...but it does not make an address outside RAM valid. */
	assert_refused(alpha(), ALPHA_END, 0, MEM_R);
	assert_refused(alpha(), TEST_RAM_IPA - 1, 0, MEM_R);
	assert_refused(alpha(), TEST_BETA_PA, 0, MEM_R);
}

static void permissions_read_versus_write(void **state)
{
	(void)state;
	/* beta's second RAM region is read-only. */
	assert_non_null(guest_memory(beta(), TEST_BETA_RO_IPA, TEST_BETA_RO_SIZE, MEM_R));
	assert_refused(beta(), TEST_BETA_RO_IPA, TEST_BETA_RO_SIZE, MEM_W);
	assert_refused(beta(), TEST_BETA_RO_IPA, 1, MEM_R | MEM_W);
	assert_refused(beta(), TEST_BETA_RO_IPA, 1, MEM_X);
	/* Its main RAM grants everything. */
	assert_non_null(guest_memory(beta(), TEST_RAM_IPA, 1, MEM_R | MEM_W | MEM_X));
}

static void device_region_refused(void **state)
{
	(void)state;
	assert_refused(beta(), TEST_BETA_UART_IPA, 4, MEM_R);
	assert_refused(beta(), TEST_BETA_UART_IPA, 4, MEM_W);
}

static void other_partitions_memory_refused(void **state)
{
	(void)state;
	/* By its physical address, by beta's IPAs, and by straddling into it. */
	assert_refused(alpha(), TEST_BETA_PA, 16, MEM_R);
	assert_refused(alpha(), TEST_BETA_RO_IPA, 16, MEM_R);
	assert_refused(alpha(), ALPHA_END - 8, 16, MEM_R);
	assert_refused(beta(), TEST_RAM_IPA + TEST_BETA_RAM_SIZE, 16, MEM_R);
	assert_refused(beta(), TEST_ALPHA_PA, 16, MEM_R);
	/* Nor the hypervisor's own memory. */
	assert_refused(beta(), TEST_NOBODY_PA, 16, MEM_R);
}

static const struct CMUnitTest tests[] = {
	UNIT_TEST(inside),
	UNIT_TEST(same_ipa_is_each_partitions_own),
	UNIT_TEST(exactly_at_the_end),
	UNIT_TEST(one_byte_over),
	UNIT_TEST(ipa_below_base),
	UNIT_TEST(length_overflowing_2_to_the_64),
	UNIT_TEST(length_zero),
	UNIT_TEST(permissions_read_versus_write),
	UNIT_TEST(device_region_refused),
	UNIT_TEST(other_partitions_memory_refused),
};

UNIT_MAIN("guest_memory", tests)
