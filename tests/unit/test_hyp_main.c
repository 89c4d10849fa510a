// SPDX-License-Identifier: Apache-2.0
/*
 * The portable boot sequence, hyp_check_board() then hyp_main(): banner,
 * board check, partition table, every partition mapped and loaded, the CPUs
 * that run a vCPU started, then this CPU's vCPU entered (or the CPU parked).
 * A board mismatch stops the boot before anything is loaded, and says why in
 * one whole line. Also hyp_secondary_main(), where the other CPUs arrive.
 */
#include <string.h>

#include "unit.h"

#include "bulkhead_abi.h"
#include "hyp_main.h"
#include "partition.h"
#include "test_dtbs.h"
#include "version.h"

#define BANNER                                                                        \
	"[hyp] Bulkhead " BULKHEAD_VERSION " on board qemu-virt-arm64 (fake (host unit " \
	"tests)), 2 partitions\n"
#define TABLE                                                                         \
	"[hyp] partition    cpus     RAM (physical)                       image          " \
	"sha256\n"                                                                    \
	"[hyp] alpha        0,1      0x42000000-0x4200ffff (0 MiB)        alpha.elf      " \
	"0123456789abcdef000000000000000000000000000000000000000000000000\n"          \
	"[hyp] beta         2        0x42010000-0x42017fff (0 MiB)        beta.bin       " \
	"fedc000000000000000000000000000000000000000000000000000000000000\n"
#define CPU3_OFF "[hyp] cpu 3: no partition, left powered off\n"

static void boot_on_cpu(unsigned cpu, const char *dtb)
{
	fake_arch.cpu_id = cpu;
	/* What the arch layer's boot path does, once it has a console. */
	FAKE_ARCH_CALL(hyp_check_board(test_dtb(dtb)); hyp_main());
}

static void assert_everything_loaded(void)
{
	assert_int_equal(fake_arch.map_count, CONFIG_PARTITION_COUNT);
	assert_ptr_equal(fake_arch.mapped[0], &config_partitions[TEST_ALPHA]);
	assert_ptr_equal(fake_arch.mapped[1], &config_partitions[TEST_BETA]);
	assert_memory_equal(fake_ram_at(TEST_ALPHA_PA), test_alpha_dtb, sizeof(test_alpha_dtb));
	assert_memory_equal(fake_ram_at(TEST_BETA_PA + (TEST_BETA_IMAGE_IPA - TEST_RAM_IPA)),
			    test_beta_image, sizeof(test_beta_image));
}

static void boots_cpu0_into_alpha(void **state)
{
	struct partition *alpha = partition_get(TEST_ALPHA);

	(void)state;
	boot_on_cpu(0, "board");
	assert_int_equal(fake_arch.ended, FAKE_ARCH_ENTERED);
	assert_ptr_equal(fake_arch.entered.vcpu, &alpha->vcpus[0]);
	assert_int_equal(fake_arch.entered.entry, TEST_ALPHA_ENTRY_IPA);
	assert_int_equal(fake_arch.entered.arg[0], TEST_ALPHA_DTB_IPA);
	assert_int_equal(fake_arch.entered.arg[1], BULKHEAD_ENTRY_MAGIC);
	assert_int_equal(alpha->state, PARTITION_RUNNING);
	assert_everything_loaded();
}

static void prints_banner_and_partition_table(void **state)
{
	(void)state;
	boot_on_cpu(0, "board");
	assert_console(BANNER TABLE CPU3_OFF);
}

static void starts_every_cpu_with_a_vcpu(void **state)
{
	(void)state;
	boot_on_cpu(0, "board");
	assert_int_equal(fake_arch.cpus_started, 1u << 1 | 1u << 2);

	fake_arch_reset(UNIT_RAM_FILL);
	boot_on_cpu(2, "board");
	assert_int_equal(fake_arch.cpus_started, 1u << 0 | 1u << 1);
}

static void cpu_start_refused_by_firmware(void **state)
{
	(void)state;
	fake_arch.cpu_start_refused = 1u << 2;
	boot_on_cpu(0, "board");
	assert_int_equal(fake_arch.ended, FAKE_ARCH_SHUTDOWN);
	assert_int_equal(fake_arch.shutdown_status, BULKHEAD_RUN_BOOT_REFUSED);
	assert_console(BANNER TABLE "[hyp] boot refused: the firmware would not start cpu 2\n");
	assert_int_equal(fake_arch.enters, 0);
}

static void beta_cpu_enters_beta(void **state)
{
	(void)state;
	boot_on_cpu(2, "board");
	assert_int_equal(fake_arch.ended, FAKE_ARCH_ENTERED);
	assert_ptr_equal(fake_arch.entered.vcpu, &partition_get(TEST_BETA)->vcpus[0]);
	assert_int_equal(fake_arch.entered.entry, TEST_BETA_ENTRY_IPA);
	assert_int_equal(fake_arch.entered.arg[0], TEST_BETA_DTB_IPA);
}

/* A partition's second vCPU is off until the partition powers it on. */
static void second_vcpu_waits_for_cpu_on(void **state)
{
	(void)state;
	boot_on_cpu(1, "board");
	assert_int_equal(fake_arch.ended, FAKE_ARCH_WAITING);
	assert_int_equal(fake_arch.enters, 0);
	assert_everything_loaded();
}

static void cpu_without_partition_parks(void **state)
{
	(void)state;
	boot_on_cpu(3, "board");
	assert_int_equal(fake_arch.ended, FAKE_ARCH_PARKED);
	assert_int_equal(fake_arch.enters, 0);
	assert_everything_loaded();
}

static void secondary_cpus(void **state)
{
	(void)state;
	FAKE_ARCH_CALL(hyp_secondary_main(2));
	assert_int_equal(fake_arch.ended, FAKE_ARCH_ENTERED);
	assert_ptr_equal(fake_arch.entered.vcpu, &partition_get(TEST_BETA)->vcpus[0]);
	FAKE_ARCH_CALL(hyp_secondary_main(1));
	assert_int_equal(fake_arch.ended, FAKE_ARCH_WAITING);
	FAKE_ARCH_CALL(hyp_secondary_main(3));
	assert_int_equal(fake_arch.ended, FAKE_ARCH_PARKED);
}

static void board_mismatch_refuses_boot(void **state)
{
	(void)state;
	boot_on_cpu(0, "cpus_2");
	assert_int_equal(fake_arch.ended, FAKE_ARCH_SHUTDOWN);
	assert_int_equal(fake_arch.shutdown_status, BULKHEAD_RUN_BOOT_REFUSED);
	assert_console(BANNER "[hyp] boot refused: CPU mismatch: the machine has 2 CPUs but board "
			      "qemu-virt-arm64 has 4; start it with all of them (QEMU: -smp 4)\n");
	assert_int_equal(fake_arch.map_count, 0);
	assert_ram_filled(FAKE_RAM_PA, FAKE_RAM_SIZE, UNIT_RAM_FILL);
}

/* The longest refusal there is (an eight-digit GIC address, as on Arm's FVP)
 * must reach the console whole, hint and all. */
static void longest_refusal_printed_whole(void **state)
{
	(void)state;
	boot_on_cpu(0, "gic_fvp");
	assert_int_equal(fake_arch.shutdown_status, BULKHEAD_RUN_BOOT_REFUSED);
	assert_console(BANNER "[hyp] boot refused: interrupt controller mismatch: board "
			      "qemu-virt-arm64 has a GICv3 distributor at 0x8000000, the machine "
			      "shows 0x2f000000; build for the right board\n");
}

static const struct CMUnitTest tests[] = {
	UNIT_TEST(boots_cpu0_into_alpha),
	UNIT_TEST(prints_banner_and_partition_table),
	UNIT_TEST(starts_every_cpu_with_a_vcpu),
	UNIT_TEST(cpu_start_refused_by_firmware),
	UNIT_TEST(beta_cpu_enters_beta),
	UNIT_TEST(second_vcpu_waits_for_cpu_on),
	UNIT_TEST(cpu_without_partition_parks),
	UNIT_TEST(secondary_cpus),
	UNIT_TEST(board_mismatch_refuses_boot),
	UNIT_TEST(longest_refusal_printed_whole),
};

UNIT_MAIN("hyp_main", tests)
