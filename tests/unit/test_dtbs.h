/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The Devicetree blobs the build compiles with dtc for the board_check
 * tests: "board" is boards/qemu-virt-arm64/board.dts itself, every other one
 * is tests/unit/dts/<name>.dts, the board with one thing changed. The table
 * is generated (build/host/unit/dtb/test_dtbs.c); each blob is 8-byte
 * aligned, as libfdt wants.
 */
#ifndef TEST_DTBS_H
#define TEST_DTBS_H

#include <stddef.h>

struct test_dtb {
	const char *name;
	const unsigned char *data;
	size_t size;
};

extern const struct test_dtb test_dtbs[];
extern const size_t test_dtb_count;

/* The blob called `name`; fails the test if there is none. */
const void *test_dtb(const char *name);

#endif
