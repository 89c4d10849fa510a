// SPDX-License-Identifier: Apache-2.0
/*
 * The shared part of every unit test binary (see unit.h): its command line,
 * and the set-up each test starts from.
 */
#include "unit.h"

#include <stdio.h>
#include <string.h>

#include "bulkhead_abi.h"
#include "partition.h"
#include "test_dtbs.h"

int unit_setup(void **state)
{
	(void)state;
	fake_arch_reset(UNIT_RAM_FILL);
	partitions_init();
	return 0;
}

void assert_ram_filled(uint64_t pa, uint64_t len, unsigned char byte)
{
	const unsigned char *ram = fake_ram_at(pa);

	assert_non_null(ram);
	for (uint64_t i = 0; i < len; i++)
		if (ram[i] != byte)
			fail_msg("fake RAM at PA 0x%llx is 0x%02x, expected 0x%02x",
				 (unsigned long long)(pa + i), ram[i], byte);
}

void assert_check_failed_in(const char *file, const char *expr)
{
	const char *console = fake_console_text();
	char place[64], tail[200];

	assert_int_equal(fake_arch.ended, FAKE_ARCH_SHUTDOWN);
	assert_int_equal(fake_arch.shutdown_status, BULKHEAD_RUN_HYP_PANIC);
	assert_non_null(strstr(console, "[hyp] BUG: "));
	snprintf(place, sizeof(place), "%s:", file);
	assert_non_null(strstr(console, place));
	snprintf(tail, sizeof(tail), ": CHECK(%s) failed; stopping the machine\n", expr);
	assert_non_null(strstr(console, tail));
}

const void *test_dtb(const char *name)
{
	for (size_t i = 0; i < test_dtb_count; i++)
		if (strcmp(test_dtbs[i].name, name) == 0)
			return test_dtbs[i].data;
	fail_msg("no Devicetree blob \"%s\" (is tests/unit/dts/%s.dts missing?)", name, name);
	return NULL;
}

int unit_main(int argc, char **argv, const char *group, const struct CMUnitTest *tests,
	      size_t count)
{
	/* cmocka reports failures on stderr, progress on stdout: keep them in order. */
	setvbuf(stdout, NULL, _IONBF, 0);
	if (argc == 2 && strcmp(argv[1], "--list") == 0) {
		for (size_t i = 0; i < count; i++)
			printf("%s\n", tests[i].name);
		return 0;
	}
	if (argc == 2 && argv[1][0] != '-') {
		cmocka_set_test_filter(argv[1]);
	} else if (argc != 1) {
		fprintf(stderr, "usage: %s [--list | TEST-NAME-OR-PATTERN]\n", argv[0]);
		return 2;
	}
	return _cmocka_run_group_tests(group, tests, count, NULL, NULL);
}
