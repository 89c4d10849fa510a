// SPDX-License-Identifier: Apache-2.0
/*
 * The partition table: binding to the config, loading (RAM zeroed, blobs
 * copied to their IPAs, nothing outside touched), entry, stop, the run
 * status and who ends the run.
 */
#include <stdio.h>
#include <string.h>

#include "unit.h"

#include "bulkhead_abi.h"
#include "partition.h"

static struct partition *alpha(void)
{
	return partition_get(TEST_ALPHA);
}

static struct partition *beta(void)
{
	return partition_get(TEST_BETA);
}

static void assert_ram_holds(uint64_t pa, const unsigned char *data, size_t size)
{
	assert_memory_equal(fake_ram_at(pa), data, size);
}

/* The machine stopped on a failed CHECK(expr) in partition.c. */
static void assert_check_failed(const char *expr)
{
	assert_check_failed_in("partition.c", expr);
}

static void init_binds_config_and_cpus(void **state)
{
	(void)state;
	for (unsigned i = 0; i < CONFIG_PARTITION_COUNT; i++) {
		assert_ptr_equal(partition_get(i)->cfg, &config_partitions[i]);
		assert_int_equal(partition_get(i)->state, PARTITION_LOADED);
	}
	assert_ptr_equal(alpha()->vcpus[1].partition, alpha());
	assert_int_equal(alpha()->vcpus[1].index, 1);
	assert_int_equal(alpha()->vcpus[1].pcpu, 1);
	assert_ptr_equal(beta()->vcpus[0].partition, beta());
	assert_int_equal(beta()->vcpus[0].pcpu, 2);
}

static void init_forgets_previous_run(void **state)
{
	(void)state;
	console_partition_write("alpha", &alpha()->console, "half", 4);
	partition_stop(beta(), PARTITION_EXITED, 9);
	partitions_init();
	assert_int_equal(beta()->state, PARTITION_LOADED);
	assert_int_equal(beta()->exit_status, 0);
	assert_int_equal(alpha()->console.len, 0);
}

static void vcpu_of_each_cpu(void **state)
{
	(void)state;
	assert_ptr_equal(vcpu_of_cpu(0), &alpha()->vcpus[0]);
	assert_ptr_equal(vcpu_of_cpu(1), &alpha()->vcpus[1]);
	assert_ptr_equal(vcpu_of_cpu(2), &beta()->vcpus[0]);
	assert_null(vcpu_of_cpu(3));
	assert_null(vcpu_of_cpu(CONFIG_CPU_COUNT + 10));
}

static void get_out_of_range_is_a_hypervisor_bug(void **state)
{
	(void)state;
	FAKE_ARCH_CALL(partition_get(CONFIG_PARTITION_COUNT));
	assert_check_failed("index < CONFIG_PARTITION_COUNT");
}

static void load_zeroes_ram_and_copies_blobs(void **state)
{
	const uint64_t image = TEST_ALPHA_IMAGE_IPA - TEST_RAM_IPA;
	const uint64_t image_end = image + sizeof(test_alpha_image);

	(void)state;
	partition_load(alpha());
	assert_ram_holds(TEST_ALPHA_PA, test_alpha_dtb, sizeof(test_alpha_dtb));
	assert_ram_filled(TEST_ALPHA_PA + sizeof(test_alpha_dtb), image - sizeof(test_alpha_dtb), 0);
	assert_ram_holds(TEST_ALPHA_PA + image, test_alpha_image, sizeof(test_alpha_image));
	assert_ram_filled(TEST_ALPHA_PA + image_end, TEST_ALPHA_RAM_SIZE - image_end, 0);
	/* Beta's RAM, right behind alpha's, is not touched. */
	assert_ram_filled(TEST_BETA_PA, FAKE_RAM_SIZE - TEST_ALPHA_RAM_SIZE, UNIT_RAM_FILL);
}

static void load_beta_at_its_offsets(void **state)
{
	const uint64_t dtb = TEST_BETA_DTB_IPA - TEST_RAM_IPA;
	const uint64_t image = TEST_BETA_IMAGE_IPA - TEST_RAM_IPA;
	const uint64_t image_end = image + sizeof(test_beta_image);

	(void)state;
	partition_load(beta());
	assert_ram_filled(TEST_BETA_PA, dtb, 0);
	assert_ram_holds(TEST_BETA_PA + dtb, test_beta_dtb, sizeof(test_beta_dtb));
	assert_ram_filled(TEST_BETA_PA + dtb + sizeof(test_beta_dtb),
			  image - dtb - sizeof(test_beta_dtb), 0);
	assert_ram_holds(TEST_BETA_PA + image, test_beta_image, sizeof(test_beta_image));
	assert_ram_filled(TEST_BETA_PA + image_end, TEST_BETA_RAM_SIZE - image_end, 0);
	/* Alpha's RAM, and beta's read-only region (not RAM it loads), untouched. */
	assert_ram_filled(TEST_ALPHA_PA, TEST_ALPHA_RAM_SIZE, UNIT_RAM_FILL);
	assert_ram_filled(TEST_BETA_RO_PA, FAKE_RAM_SIZE - (TEST_BETA_RO_PA - FAKE_RAM_PA),
			  UNIT_RAM_FILL);
}

static void load_image_ending_exactly_at_ram_end(void **state)
{
	struct partition_config cfg = config_partitions[TEST_ALPHA];
	struct partition p = { .cfg = &cfg, .image = cfg.image, .dtb = cfg.dtb };

	(void)state;
	cfg.image_ipa = TEST_RAM_IPA + TEST_ALPHA_RAM_SIZE - cfg.image_size;
	FAKE_ARCH_CALL(partition_load(&p));
	assert_int_equal(fake_arch.ended, FAKE_ARCH_RETURNED);
	assert_ram_holds(TEST_ALPHA_PA + TEST_ALPHA_RAM_SIZE - cfg.image_size, test_alpha_image,
			 sizeof(test_alpha_image));
	assert_ram_filled(TEST_BETA_PA, 1, UNIT_RAM_FILL);
}

/* A blob the config compiler should have refused stops the machine before a
 * byte lands outside the partition. */
static void assert_load_refused(uint64_t image_offset, uint64_t image_size)
{
	struct partition_config cfg = config_partitions[TEST_ALPHA];
	struct partition p = { .cfg = &cfg, .image = cfg.image, .dtb = cfg.dtb };

	fake_arch_reset(UNIT_RAM_FILL);
	cfg.image_ipa = TEST_RAM_IPA + image_offset;
	cfg.image_size = image_size;
	FAKE_ARCH_CALL(partition_load(&p));
	assert_check_failed("ipa >= cfg->ram.ipa && size <= cfg->ram.size && "
			    "ipa - cfg->ram.ipa <= cfg->ram.size - size");
	assert_ram_filled(TEST_BETA_PA, FAKE_RAM_SIZE - TEST_ALPHA_RAM_SIZE, UNIT_RAM_FILL);
}

static void load_misplaced_blob_is_a_hypervisor_bug(void **state)
{
	(void)state;
	assert_load_refused(TEST_ALPHA_RAM_SIZE - 100, 300);   /* runs past the end */
	assert_load_refused(TEST_ALPHA_RAM_SIZE, 1);           /* starts at the end */
	assert_load_refused(8, UINT64_MAX - 4);                /* ipa + size wraps */
	assert_load_refused(0 - (uint64_t)0x100, 300);         /* below RAM */
	assert_load_refused(0, TEST_ALPHA_RAM_SIZE + 1);       /* bigger than RAM */
}

static void start_enters_with_bulkhead_entry_state(void **state)
{
	struct vcpu *v = &alpha()->vcpus[1];

	(void)state;
	FAKE_ARCH_CALL(partition_start_vcpu(v));
	assert_int_equal(fake_arch.ended, FAKE_ARCH_ENTERED);
	assert_ptr_equal(fake_arch.entered.vcpu, v);
	assert_int_equal(fake_arch.entered.entry, TEST_ALPHA_ENTRY_IPA);
	assert_int_equal(fake_arch.entered.arg[0], TEST_ALPHA_DTB_IPA);
	assert_int_equal(fake_arch.entered.arg[1], BULKHEAD_ENTRY_MAGIC);
	assert_int_equal(fake_arch.entered.arg[2], BULKHEAD_ABI_VERSION);
	assert_int_equal(alpha()->state, PARTITION_RUNNING);
	assert_int_equal(beta()->state, PARTITION_LOADED);
}

static void stop_exited_says_so(void **state)
{
	(void)state;
	console_partition_write("beta", &beta()->console, "last words", 10);
	partition_stop(beta(), PARTITION_EXITED, 3);
	assert_int_equal(beta()->state, PARTITION_EXITED);
	assert_int_equal(beta()->exit_status, 3);
	assert_console("[beta] last words\n[hyp] partition beta exited with status 3\n");
}

static void stop_halted_is_silent(void **state)
{
	(void)state;
	partition_stop(alpha(), PARTITION_HALTED, -1);
	assert_int_equal(alpha()->state, PARTITION_HALTED);
	assert_int_equal(alpha()->exit_status, -1);
	assert_console(""); /* fault.c says why */
}

static void stop_in_another_state_is_a_hypervisor_bug(void **state)
{
	(void)state;
	FAKE_ARCH_CALL(partition_stop(alpha(), PARTITION_RUNNING, 0));
	assert_check_failed("state == PARTITION_EXITED || state == PARTITION_HALTED");
	assert_int_equal(alpha()->state, PARTITION_LOADED);
}

static int run_status_after(enum partition_state a, int64_t a_status, enum partition_state b,
			    int64_t b_status)
{
	partitions_init();
	partition_stop(alpha(), a, a_status);
	partition_stop(beta(), b, b_status);
	return partition_run_status();
}

static void run_status(void **state)
{
	(void)state;
	assert_int_equal(run_status_after(PARTITION_EXITED, 0, PARTITION_EXITED, 0),
			 BULKHEAD_RUN_OK);
	assert_int_equal(run_status_after(PARTITION_EXITED, 0, PARTITION_EXITED, 1),
			 BULKHEAD_RUN_PARTITION_ERROR);
	assert_int_equal(run_status_after(PARTITION_EXITED, -1, PARTITION_EXITED, 0),
			 BULKHEAD_RUN_PARTITION_ERROR);
	assert_int_equal(run_status_after(PARTITION_EXITED, 0, PARTITION_HALTED, -1),
			 BULKHEAD_RUN_PARTITION_FAULT);
	/* A fault outranks an error, in either order. */
	assert_int_equal(run_status_after(PARTITION_EXITED, 5, PARTITION_HALTED, -1),
			 BULKHEAD_RUN_PARTITION_FAULT);
	assert_int_equal(run_status_after(PARTITION_HALTED, -1, PARTITION_EXITED, 5),
			 BULKHEAD_RUN_PARTITION_FAULT);
}

static void cpu_done_parks_while_others_run(void **state)
{
	(void)state;
	partition_stop(alpha(), PARTITION_EXITED, 0);
	beta()->state = PARTITION_RUNNING;
	fake_console_reset();
	FAKE_ARCH_CALL(partition_cpu_done());
	assert_int_equal(fake_arch.ended, FAKE_ARCH_PARKED);
	assert_int_equal(fake_arch.shutdowns, 0);
	assert_console("");
	/* A partition never started counts as not stopped either. */
	beta()->state = PARTITION_LOADED;
	FAKE_ARCH_CALL(partition_cpu_done());
	assert_int_equal(fake_arch.ended, FAKE_ARCH_PARKED);
}

static void cpu_done_last_one_shuts_down(void **state)
{
	(void)state;
	partition_stop(alpha(), PARTITION_EXITED, 0);
	partition_stop(beta(), PARTITION_EXITED, 0);
	fake_console_reset();
	FAKE_ARCH_CALL(partition_cpu_done());
	assert_int_equal(fake_arch.ended, FAKE_ARCH_SHUTDOWN);
	assert_int_equal(fake_arch.shutdown_status, BULKHEAD_RUN_OK);
	assert_int_equal(fake_arch.parks, 0);
	assert_console("[hyp] all partitions stopped (2 exited, 0 halted); run status 0\n");
}

/* Two CPUs whose partitions stop at once both see every partition stopped:
 * only one may end the run (and say so); the other parks. */
static void cpu_done_ends_the_run_once(void **state)
{
	(void)state;
	partition_stop(alpha(), PARTITION_EXITED, 0);
	partition_stop(beta(), PARTITION_EXITED, 0);
	fake_console_reset();
	FAKE_ARCH_CALL(partition_cpu_done());
	assert_int_equal(fake_arch.ended, FAKE_ARCH_SHUTDOWN);
	FAKE_ARCH_CALL(partition_cpu_done());
	assert_int_equal(fake_arch.ended, FAKE_ARCH_PARKED);
	assert_int_equal(fake_arch.shutdowns, 1);
	assert_console("[hyp] all partitions stopped (2 exited, 0 halted); run status 0\n");
}

static void cpu_done_shuts_down_with_run_status(void **state)
{
	(void)state;
	partition_stop(alpha(), PARTITION_EXITED, 4);
	partition_stop(beta(), PARTITION_EXITED, 0);
	fake_console_reset();
	FAKE_ARCH_CALL(partition_cpu_done());
	assert_int_equal(fake_arch.shutdown_status, BULKHEAD_RUN_PARTITION_ERROR);
	assert_console("[hyp] all partitions stopped (2 exited, 0 halted); run status 1\n");

	partitions_init();
	partition_stop(alpha(), PARTITION_EXITED, 0);
	partition_stop(beta(), PARTITION_HALTED, -1);
	fake_console_reset();
	FAKE_ARCH_CALL(partition_cpu_done());
	assert_int_equal(fake_arch.ended, FAKE_ARCH_SHUTDOWN);
	assert_int_equal(fake_arch.shutdown_status, BULKHEAD_RUN_PARTITION_FAULT);
	assert_console("[hyp] all partitions stopped (1 exited, 1 halted); run status 2\n");
}

static const struct CMUnitTest tests[] = {
	UNIT_TEST(init_binds_config_and_cpus),
	UNIT_TEST(init_forgets_previous_run),
	UNIT_TEST(vcpu_of_each_cpu),
	UNIT_TEST(get_out_of_range_is_a_hypervisor_bug),
	UNIT_TEST(load_zeroes_ram_and_copies_blobs),
	UNIT_TEST(load_beta_at_its_offsets),
	UNIT_TEST(load_image_ending_exactly_at_ram_end),
	UNIT_TEST(load_misplaced_blob_is_a_hypervisor_bug),
	UNIT_TEST(start_enters_with_bulkhead_entry_state),
	UNIT_TEST(stop_exited_says_so),
	UNIT_TEST(stop_halted_is_silent),
	UNIT_TEST(stop_in_another_state_is_a_hypervisor_bug),
	UNIT_TEST(run_status),
	UNIT_TEST(cpu_done_parks_while_others_run),
	UNIT_TEST(cpu_done_last_one_shuts_down),
	UNIT_TEST(cpu_done_ends_the_run_once),
	UNIT_TEST(cpu_done_shuts_down_with_run_status),
};

UNIT_MAIN("partition", tests)
