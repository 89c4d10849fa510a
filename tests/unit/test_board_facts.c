// SPDX-License-Identifier: Apache-2.0
/*
 * board_check_facts(): the portable board check on facts a backend gathered
 * itself (x86: the multiboot2 memory map and the ACPI MADT), against the
 * test board (qemu-virt-arm64's numbers, test_config.c). Each way the facts
 * can differ gives its one line, with the backend's hints.
 */
#include <string.h>

#include "unit.h"

#include "board_check.h"

static char why[512];

/* What bootinfo.c would gather on a machine that matches the board. */
static struct machine_facts matching(void)
{
	return (struct machine_facts){
		.ram = { { 0x0, 0x9fc00 }, { 0x100000, 0x3ff00000 }, { 0x40000000, 0x40000000 } },
		.ram_count = 3,
		.ram_hint = "Bochs: megs: 512, as board.toml says",
		.cpu_count = 4,
		.cpu_hint = "Bochs: cpu: count=%llu",
		.irqchip = "IOAPIC",
		.irqchip_want = 0xfec00000,
		.irqchip_found = 0xfec00000,
	};
}

static void matching_facts_pass(void **state)
{
	struct machine_facts m = matching();

	(void)state;
	if (!board_check_facts(&m, why, sizeof(why)))
		fail_msg("refused: %s", why);
}

static void unreadable_facts_are_refused_with_their_reason(void **state)
{
	struct machine_facts m = { .unreadable = "the loader is not multiboot2" };

	(void)state;
	assert_false(board_check_facts(&m, why, sizeof(why)));
	assert_string_equal(why, "boot refused: the loader is not multiboot2");
}

static void ram_split_around_the_board_is_refused(void **state)
{
	struct machine_facts m = matching();

	(void)state;
	m.ram[2].size = 0x20000000; /* the board's 1 GiB at 0x40000000, only half there */
	assert_false(board_check_facts(&m, why, sizeof(why)));
	assert_string_equal(why, "boot refused: RAM mismatch: the machine has 1535 MiB of RAM but "
				 "board qemu-virt-arm64 needs 1024 MiB at 0x40000000; give it the "
				 "board's memory (Bochs: megs: 512, as board.toml says)");
}

static void too_few_cpus_names_the_hint(void **state)
{
	struct machine_facts m = matching();

	(void)state;
	m.cpu_count = 1;
	assert_false(board_check_facts(&m, why, sizeof(why)));
	assert_string_equal(why, "boot refused: CPU mismatch: the machine has 1 CPUs but board "
				 "qemu-virt-arm64 has 4; start it with all of them "
				 "(Bochs: cpu: count=4)");
}

static void no_hint_no_parenthesis(void **state)
{
	struct machine_facts m = matching();

	(void)state;
	m.cpu_count = 2;
	m.cpu_hint = NULL;
	assert_false(board_check_facts(&m, why, sizeof(why)));
	assert_string_equal(why, "boot refused: CPU mismatch: the machine has 2 CPUs but board "
				 "qemu-virt-arm64 has 4; start it with all of them");
}

static void irqchip_elsewhere_is_refused(void **state)
{
	struct machine_facts m = matching();

	(void)state;
	m.irqchip_found = 0;
	assert_false(board_check_facts(&m, why, sizeof(why)));
	assert_string_equal(why, "boot refused: interrupt controller mismatch: board qemu-virt-arm64 "
				 "has a IOAPIC at 0xfec00000, the machine shows 0x0; build for the "
				 "right board");
}

static void no_irqchip_named_means_not_checked(void **state)
{
	struct machine_facts m = matching();

	(void)state;
	m.irqchip = NULL;
	m.irqchip_found = 0x1234;
	assert_true(board_check_facts(&m, why, sizeof(why)));
}

static const struct CMUnitTest tests[] = {
	UNIT_TEST(matching_facts_pass),
	UNIT_TEST(unreadable_facts_are_refused_with_their_reason),
	UNIT_TEST(ram_split_around_the_board_is_refused),
	UNIT_TEST(too_few_cpus_names_the_hint),
	UNIT_TEST(no_hint_no_parenthesis),
	UNIT_TEST(irqchip_elsewhere_is_refused),
	UNIT_TEST(no_irqchip_named_means_not_checked),
};

UNIT_MAIN("board_facts", tests)
