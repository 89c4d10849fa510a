// SPDX-License-Identifier: Apache-2.0
/*
 * fault_handle(): one exact "[hyp] partition fault: ..." line, then the
 * partition's on_fault policy: halt (beta), restart up to max_restarts times
 * (alpha), or reset the whole system; the other partition is untouched.
 */
#include "unit.h"

#include "bulkhead_abi.h"
#include "fault.h"
#include "partition.h"
#include "trap.h"

static struct vcpu *vcpu_of(unsigned partition, unsigned index)
{
	return &partition_get(partition)->vcpus[index];
}

static void data_read_fault_halts(void **state)
{
	const struct fault_info f = {
		.kind = FAULT_STAGE2_DATA, .address = 0x8000000, .write = false,
		.syndrome_name = "ESR", .syndrome = 0x92000006, .pc = 0x40201234,
	};

	(void)state;
	partition_get(TEST_ALPHA)->state = PARTITION_RUNNING;
	partition_get(TEST_BETA)->state = PARTITION_RUNNING;
	assert_int_equal(fault_handle(vcpu_of(TEST_BETA, 0), &f), TRAP_VCPU_STOPPED);
	assert_console("[hyp] partition fault: beta: stage-2 fault at IPA 0x8000000 (read), "
		       "ESR 0x92000006, PC 0x40201234; halted\n");
	assert_int_equal(partition_get(TEST_BETA)->state, PARTITION_HALTED);
	assert_int_equal(partition_get(TEST_BETA)->exit_status, -1);
	assert_int_equal(partition_get(TEST_ALPHA)->state, PARTITION_RUNNING);
	assert_int_equal(fake_arch.shutdowns + fake_arch.resets + fake_arch.parks, 0);
}

static void data_write_fault(void **state)
{
	const struct fault_info f = {
		.kind = FAULT_STAGE2_DATA, .address = 0x42010000, .write = true,
		.syndrome_name = "ESR", .syndrome = 0x93c08046, .pc = 0x40200010,
	};

	(void)state;
	assert_int_equal(fault_handle(vcpu_of(TEST_BETA, 0), &f), TRAP_VCPU_STOPPED);
	assert_console("[hyp] partition fault: beta: stage-2 fault at IPA 0x42010000 (write), "
		       "ESR 0x93c08046, PC 0x40200010; halted\n");
	assert_int_equal(partition_get(TEST_BETA)->state, PARTITION_HALTED);
}

static void fetch_fault_with_64_bit_values(void **state)
{
	const struct fault_info f = {
		.kind = FAULT_STAGE2_FETCH, .address = 0xffff00001234abcdull,
		.syndrome_name = "ESR", .syndrome = 0x8200000f, .pc = 0xffff00001234abcdull,
	};

	(void)state;
	assert_int_equal(fault_handle(vcpu_of(TEST_BETA, 0), &f), TRAP_VCPU_STOPPED);
	assert_console("[hyp] partition fault: beta: stage-2 fault at IPA 0xffff00001234abcd "
		       "(execute), ESR 0x8200000f, PC 0xffff00001234abcd; halted\n");
}

static void trapped_instruction(void **state)
{
	const struct fault_info f = {
		.kind = FAULT_TRAP, .what = "SMC #0 (not allowed)",
		.syndrome_name = "exit qualification", .syndrome = 0x5e000000, .pc = 0x40200100,
	};

	(void)state;
	assert_int_equal(fault_handle(vcpu_of(TEST_BETA, 0), &f), TRAP_VCPU_STOPPED);
	assert_console("[hyp] partition fault: beta: SMC #0 (not allowed), exit qualification "
		       "0x5e000000, PC 0x40200100; halted\n");
	assert_int_equal(partition_get(TEST_BETA)->state, PARTITION_HALTED);
}

static void pending_output_goes_first(void **state)
{
	const struct fault_info f = {
		.kind = FAULT_STAGE2_DATA, .address = 0x10, .syndrome_name = "ESR",
	};
	struct partition *beta = partition_get(TEST_BETA);

	(void)state;
	console_partition_write("beta", &beta->console, "about to fall", 13);
	fault_handle(vcpu_of(TEST_BETA, 0), &f);
	assert_console("[beta] about to fall\n"
		       "[hyp] partition fault: beta: stage-2 fault at IPA 0x10 (read), ESR 0x0, "
		       "PC 0x0; halted\n");
	assert_int_equal(beta->console.len, 0);
}

static void fault_makes_the_run_a_fault(void **state)
{
	const struct fault_info f = { .kind = FAULT_STAGE2_DATA, .syndrome_name = "ESR" };

	(void)state;
	partition_stop(partition_get(TEST_ALPHA), PARTITION_EXITED, 0);
	fault_handle(vcpu_of(TEST_BETA, 0), &f);
	assert_int_equal(partition_run_status(), BULKHEAD_RUN_PARTITION_FAULT);
}

static void restart_policy_asks_for_a_restart(void **state)
{
	const struct fault_info f = {
		.kind = FAULT_STAGE2_DATA, .address = 0x9000000, .write = true,
		.syndrome_name = "ESR", .syndrome = 0x93c08046, .pc = 0x40200200,
	};
	struct partition *alpha = partition_get(TEST_ALPHA);

	(void)state;
	alpha->state = PARTITION_RUNNING;
	console_partition_write("alpha", &alpha->console, "half a line", 11);
	assert_int_equal(fault_handle(vcpu_of(TEST_ALPHA, 0), &f), TRAP_VCPU_STOPPED);
	assert_console("[alpha] half a line\n"
		       "[hyp] partition fault: alpha: stage-2 fault at IPA 0x9000000 (write), "
		       "ESR 0x93c08046, PC 0x40200200; restarting\n");
	/* Not stopped: its vCPUs leave, and vCPU 0's CPU restarts it. */
	assert_int_equal(alpha->state, PARTITION_RUNNING);
	assert_int_equal(atomic_load(&alpha->request), PARTITION_REQUEST_RESTART);
	assert_int_equal(alpha->restarts, 0);
}

static void restart_policy_halts_when_no_restarts_left(void **state)
{
	const struct fault_info f = {
		.kind = FAULT_STAGE2_FETCH, .address = 0x0, .syndrome_name = "ESR",
		.syndrome = 0x82000006, .pc = 0x0,
	};
	struct partition *alpha = partition_get(TEST_ALPHA);

	(void)state;
	alpha->restarts = alpha->cfg->max_restarts;
	assert_int_equal(fault_handle(vcpu_of(TEST_ALPHA, 1), &f), TRAP_VCPU_STOPPED);
	assert_console("[hyp] partition fault: alpha: stage-2 fault at IPA 0x0 (execute), "
		       "ESR 0x82000006, PC 0x0; halted: no restarts left\n");
	assert_int_equal(alpha->state, PARTITION_HALTED);
	assert_int_equal(atomic_load(&alpha->request), PARTITION_REQUEST_STOP);
}

static void reset_system_policy(void **state)
{
	struct partition_config cfg = config_partitions[TEST_BETA];
	struct partition p = { .cfg = &cfg };
	const struct fault_info f = {
		.kind = FAULT_TRAP, .what = "WFI", .syndrome_name = "ESR", .syndrome = 0x4000001,
		.pc = 0x40200300,
	};

	(void)state;
	cfg.on_fault = FAULT_POLICY_RESET_SYSTEM;
	p.vcpus[0] = (struct vcpu){ .partition = &p, .pcpu = 2 };
	/* The handler decides; the reset is the trap's one way out. */
	assert_int_equal(fault_handle(&p.vcpus[0], &f), TRAP_RESET_SYSTEM);
	assert_int_equal(fake_arch.resets, 0);
	FAKE_ARCH_CALL(trap_carry_out(NULL, TRAP_RESET_SYSTEM));
	assert_int_equal(fake_arch.ended, FAKE_ARCH_RESET);
	assert_console("[hyp] partition fault: beta: WFI, ESR 0x4000001, PC 0x40200300; "
		       "resetting the system\n");
}

static const struct CMUnitTest tests[] = {
	UNIT_TEST(data_read_fault_halts),
	UNIT_TEST(data_write_fault),
	UNIT_TEST(fetch_fault_with_64_bit_values),
	UNIT_TEST(trapped_instruction),
	UNIT_TEST(pending_output_goes_first),
	UNIT_TEST(fault_makes_the_run_a_fault),
	UNIT_TEST(restart_policy_asks_for_a_restart),
	UNIT_TEST(restart_policy_halts_when_no_restarts_left),
	UNIT_TEST(reset_system_policy),
};

UNIT_MAIN("fault", tests)
