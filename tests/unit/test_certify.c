// SPDX-License-Identifier: Apache-2.0
/*
 * The certify boot (hyp/core/certify.c): only the exact word on the boot
 * command line asks for it; then the boot stops after every table is built
 * and loaded, before any CPU starts or any partition is entered, prints the
 * dump and ends the run with status 0. The table walk prints every table
 * page it reaches and every non-zero entry, raw.
 */
#include <stdio.h>
#include <string.h>

#include "unit.h"

#include "bulkhead_abi.h"
#include "certify.h"
#include "hyp_main.h"
#include "partition.h"
#include "pgtable.h"
#include "test_dtbs.h"

PGTABLE_POOL(dump_pool, 4);

static void cmdline_word_must_match_exactly(void **state)
{
	static const char with_nul[] = "a bulkhead.certify=dump\0bulkhead.certify=dump";

	(void)state;
	assert_true(certify_cmdline_asks_dump("bulkhead.certify=dump", 64));
	assert_true(certify_cmdline_asks_dump("quiet\tbulkhead.certify=dump  x", 64));
	assert_false(certify_cmdline_asks_dump("bulkhead.certify=dumpx", 64));
	assert_false(certify_cmdline_asks_dump("xbulkhead.certify=dump", 64));
	assert_false(certify_cmdline_asks_dump("bulkhead.certify=dum", 64));
	assert_false(certify_cmdline_asks_dump(NULL, 64));
	/* Never read past `len`, nor past a NUL. */
	assert_false(certify_cmdline_asks_dump("bulkhead.certify=dump", 20));
	assert_true(certify_cmdline_asks_dump(with_nul, sizeof(with_nul)));
	assert_false(certify_cmdline_asks_dump(with_nul + 2, 0));
}

static void dump_table_prints_every_reached_page(void **state)
{
	struct pgtable t;
	char expect[128];
	const char *text;

	(void)state;
	dump_pool.used = 0;
	pgtable_init(&t, &pgtable_vmsa_4k_32bit, &dump_pool);
	/* A 2 MiB block at level 2 and a page at level 3: three table pages. */
	pgtable_map(&t, 0x40000000, 0x42000000, 2u << 20, 1ull << 10);
	pgtable_map(&t, 0x09010000, 0x09010000, 4096, 1ull << 10);
	certify_dump_table(&t);
	text = fake_console_text();
	snprintf(expect, sizeof(expect), "[hyp] certify: table 0x%llx level 0\n",
		 (unsigned long long)(uintptr_t)t.root);
	assert_non_null(strstr(text, expect));
	/* Root, a level-2 table under each of two level-1 entries, one level-3 table. */
	for (unsigned i = 0; i < 4; i++) {
		snprintf(expect, sizeof(expect), "[hyp] certify: table 0x%llx level ",
			 (unsigned long long)(uintptr_t)dump_pool.tables[i]);
		assert_non_null(strstr(text, expect));
	}
	/* The block's entry, raw: 0x42000000 | AF | block type. */
	assert_non_null(strstr(text, " 0 0x0000000042000401\n"));
	/* The page's entry at index 0x10 of its level-3 table. */
	snprintf(expect, sizeof(expect), "[hyp] certify: pte 0x%llx 16 0x0000000009010403\n",
		 (unsigned long long)(uintptr_t)dump_pool.tables[3]);
	assert_non_null(strstr(text, expect));
}

static void dump_boot_stops_before_any_partition(void **state)
{
	const char *text;

	(void)state;
	FAKE_ARCH_CALL(hyp_check_board(test_dtb("certify_dump")); hyp_main());
	assert_int_equal(fake_arch.ended, FAKE_ARCH_SHUTDOWN);
	assert_int_equal(fake_arch.shutdown_status, BULKHEAD_RUN_OK);
	assert_int_equal(fake_arch.map_count, CONFIG_PARTITION_COUNT);
	assert_int_equal(fake_arch.certify_dumps, 1);
	assert_int_equal(fake_arch.cpus_started, 0);
	assert_int_equal(fake_arch.enters, 0);
	text = fake_console_text();
	assert_non_null(strstr(text, "[hyp] certify: begin version 1 arch fake (host unit tests)\n"));
	assert_non_null(strstr(text, "[hyp] certify: cpu 2 owner beta\n"));
	assert_non_null(strstr(text, "[hyp] certify: cpu 3 owner none\n"));
	assert_non_null(strstr(text, "[hyp] certify: vcpu alpha 1 cpu 1\n"));
	assert_non_null(strstr(text, "[hyp] certify: owns beta irq 33\n"));
	assert_non_null(strstr(text, "[hyp] certify: irq 33 owner beta\n"));
	assert_non_null(strstr(text, "[hyp] certify: doorbell beta irq 40 channel link\n"));
	assert_non_null(strstr(text, "[hyp] certify: end\n"));
}

static void near_miss_boots_normally(void **state)
{
	(void)state;
	FAKE_ARCH_CALL(hyp_check_board(test_dtb("certify_near_miss")); hyp_main());
	assert_int_equal(fake_arch.ended, FAKE_ARCH_ENTERED);
	assert_int_equal(fake_arch.certify_dumps, 0);
	assert_null(strstr(fake_console_text(), "certify"));
}

static const struct CMUnitTest tests[] = {
	UNIT_TEST(cmdline_word_must_match_exactly),
	UNIT_TEST(dump_table_prints_every_reached_page),
	UNIT_TEST(dump_boot_stops_before_any_partition),
	UNIT_TEST(near_miss_boots_normally),
};

UNIT_MAIN("certify", tests)
