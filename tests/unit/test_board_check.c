// SPDX-License-Identifier: Apache-2.0
/*
 * board_check() on real Devicetree blobs (dtc compiles them at build time):
 * the board's own board.dts passes, and each blob that differs from it in
 * one way that matters is refused with the message for that way.
 */
#include <string.h>

#include "unit.h"

#include "board_check.h"
#include "test_dtbs.h"

#define MSG_NO_DTB                                                                         \
	"boot refused: the firmware passed no valid Devicetree in x0; boot the image as an " \
	"arm64 Image (QEMU -kernel, U-Boot booti)"

static char why[512];

static int board_check_setup(void **state)
{
	memset(why, '#', sizeof(why));
	why[sizeof(why) - 1] = '\0';
	return unit_setup(state);
}

#define BOARD_TEST(f) cmocka_unit_test_setup(f, board_check_setup)

static void assert_refused(const char *dtb, const char *message)
{
	assert_false(board_check(test_dtb(dtb), why, sizeof(why)));
	assert_string_equal(why, message);
}

static void assert_accepted(const char *dtb)
{
	if (!board_check(test_dtb(dtb), why, sizeof(why)))
		fail_msg("%s refused: %s", dtb, why);
}

static void board_dts_passes(void **state)
{
	(void)state;
	assert_accepted("board");
}

static void more_ram_passes(void **state)
{
	(void)state;
	assert_accepted("ram_2g");
}

static void more_cpus_pass(void **state)
{
	(void)state;
	assert_accepted("cpus_6");
}

static void too_little_ram(void **state)
{
	(void)state;
	assert_refused("ram_512m",
		       "boot refused: RAM mismatch: the machine has 512 MiB of RAM but board "
		       "qemu-virt-arm64 needs 1024 MiB at 0x40000000; give it the board's memory "
		       "(QEMU: -m 1024M)");
}

static void ram_elsewhere(void **state)
{
	(void)state;
	assert_refused("ram_moved",
		       "boot refused: RAM mismatch: the machine has 1024 MiB of RAM but board "
		       "qemu-virt-arm64 needs 1024 MiB at 0x40000000; give it the board's memory "
		       "(QEMU: -m 1024M)");
}

static void too_few_cpus(void **state)
{
	(void)state;
	assert_refused("cpus_2", "boot refused: CPU mismatch: the machine has 2 CPUs but board "
				 "qemu-virt-arm64 has 4; start it with all of them (QEMU: -smp 4)");
}

static void gic_at_another_address(void **state)
{
	(void)state;
	assert_refused("gic_moved",
		       "boot refused: interrupt controller mismatch: board qemu-virt-arm64 has a "
		       "GICv3 distributor at 0x8000000, the machine shows 0x8010000; build for the "
		       "right board");
}

static void gic_of_another_version(void **state)
{
	(void)state;
	assert_refused("gic_v2",
		       "boot refused: interrupt controller mismatch: board qemu-virt-arm64 has a "
		       "GICv3 distributor at 0x8000000, the machine shows 0x0; build for the "
		       "right board");
}

static void garbage_blob(void **state)
{
	static _Alignas(8) const unsigned char garbage[256] = "this is not a Devicetree blob";

	(void)state;
	assert_false(board_check(garbage, why, sizeof(why)));
	assert_string_equal(why, MSG_NO_DTB);
}

static void blob_with_magic_but_broken_header(void **state)
{
	/* The right magic, version 17, and a total size smaller than the header. */
	static _Alignas(8) const unsigned char broken[64] = {
		0xd0, 0x0d, 0xfe, 0xed, 0x00, 0x00, 0x00, 0x08, 0x00, 0x00, 0x00, 0x38,
		0x00, 0x00, 0x00, 0x38, 0x00, 0x00, 0x00, 0x28, 0x00, 0x00, 0x00, 0x11,
		0x00, 0x00, 0x00, 0x10,
	};

	(void)state;
	assert_false(board_check(broken, why, sizeof(why)));
	assert_string_equal(why, MSG_NO_DTB);
}

static void no_blob(void **state)
{
	(void)state;
	assert_false(board_check(NULL, why, sizeof(why)));
	assert_string_equal(why, MSG_NO_DTB);
}

static void message_truncated_to_the_buffer(void **state)
{
	(void)state;
	assert_false(board_check(test_dtb("cpus_2"), why, 20));
	assert_string_equal(why, "boot refused: CPU m");
	assert_int_equal(why[20], '#');
}

static const struct CMUnitTest tests[] = {
	BOARD_TEST(board_dts_passes),
	BOARD_TEST(more_ram_passes),
	BOARD_TEST(more_cpus_pass),
	BOARD_TEST(too_little_ram),
	BOARD_TEST(ram_elsewhere),
	BOARD_TEST(too_few_cpus),
	BOARD_TEST(gic_at_another_address),
	BOARD_TEST(gic_of_another_version),
	BOARD_TEST(garbage_blob),
	BOARD_TEST(blob_with_magic_but_broken_header),
	BOARD_TEST(no_blob),
	BOARD_TEST(message_truncated_to_the_buffer),
};

UNIT_MAIN("board_check", tests)
