/* SPDX-License-Identifier: Apache-2.0 */
/*
 * What every unit test file includes: cmocka (with the headers it needs
 * first), the fake arch, the test config, and UNIT_MAIN, which gives each
 * test binary the command line tests/unit/test_unit.py drives:
 *
 *   test_format            run every test of the file
 *   test_format --list     print the test names, one a line
 *   test_format NAME       run only the tests matching NAME (cmocka's
 *                          filter: an exact name, or a pattern with * and ?)
 */
#ifndef UNIT_H
#define UNIT_H

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "fake_arch.h"
#include "test_config.h"

/* Per-test set-up: a fresh fake arch (fake RAM filled with UNIT_RAM_FILL)
 * and a fresh partition table. */
#define UNIT_RAM_FILL 0x5a
int unit_setup(void **state);

/* A test with unit_setup run before it. */
#define UNIT_TEST(f) cmocka_unit_test_setup(f, unit_setup)

/* The console so far must be exactly `expected`. */
#define assert_console(expected) assert_string_equal(fake_console_text(), (expected))

/* fake_ram[pa .. pa+len) must all be `byte`. */
void assert_ram_filled(uint64_t pa, uint64_t len, unsigned char byte);

/* The machine stopped as a failed CHECK(expr) in `file` stops it: status
 * BULKHEAD_RUN_HYP_PANIC, and the console names the file and the check. */
void assert_check_failed_in(const char *file, const char *expr);

int unit_main(int argc, char **argv, const char *group, const struct CMUnitTest *tests,
	      size_t count);

#define UNIT_MAIN(group, tests)                                                         \
	int main(int argc, char **argv)                                                 \
	{                                                                               \
		return unit_main(argc, argv, group, tests, sizeof(tests) / sizeof(tests[0])); \
	}

#endif
