// SPDX-License-Identifier: Apache-2.0
/*
 * A partition's vCPUs over their life (partition.c): PSCI CPU_ON,
 * AFFINITY_INFO and CPU_OFF, how a vCPU leaves when its partition stops or
 * restarts, and the restart itself. Alpha has two vCPUs (on CPUs 0 and 1),
 * beta one (on CPU 2). Another CPU's doings are played by fake_arch.on_wait,
 * which runs where a CPU would sleep waiting for them.
 */
#include "unit.h"

#include "bulkhead_abi.h"
#include "partition.h"
#include "trap.h"

#define ALPHA_END (TEST_RAM_IPA + TEST_ALPHA_RAM_SIZE)
#define PSCI_STATE_ON 0
#define PSCI_STATE_OFF 1
#define PSCI_STATE_ON_PENDING 2

static struct partition *alpha(void)
{
	return partition_get(TEST_ALPHA);
}

static struct partition *beta(void)
{
	return partition_get(TEST_BETA);
}

static void vcpu0_on_others_off_at_start(void **state)
{
	(void)state;
	assert_int_equal(partition_vcpu_state(alpha(), 0), PSCI_STATE_ON);
	assert_int_equal(partition_vcpu_state(alpha(), 1), PSCI_STATE_OFF);
	assert_int_equal(partition_vcpu_state(beta(), 0), PSCI_STATE_ON);
	assert_int_equal(partition_vcpu_state(alpha(), 2), PSCI_E_INVALID_PARAMETERS);
	assert_int_equal(partition_vcpu_state(beta(), 1), PSCI_E_INVALID_PARAMETERS);
	assert_int_equal(partition_vcpu_state(alpha(), UINT64_MAX), PSCI_E_INVALID_PARAMETERS);
}

static void cpu_on_refuses_what_is_not_the_partitions(void **state)
{
	(void)state;
	/* Beta has one vCPU: its CPU_ON cannot reach alpha's second one. */
	assert_int_equal(partition_vcpu_on(beta(), 1, TEST_RAM_IPA, 0), PSCI_E_DENIED);
	assert_int_equal(partition_vcpu_on(alpha(), 2, TEST_RAM_IPA, 0), PSCI_E_DENIED);
	assert_int_equal(partition_vcpu_on(alpha(), UINT64_MAX, TEST_RAM_IPA, 0), PSCI_E_DENIED);
	assert_int_equal(partition_vcpu_on(alpha(), 1, ALPHA_END, 0), PSCI_E_INVALID_ADDRESS);
	assert_int_equal(partition_vcpu_on(alpha(), 1, TEST_RAM_IPA - 4, 0),
			 PSCI_E_INVALID_ADDRESS);
	assert_int_equal(partition_vcpu_on(alpha(), 1, TEST_BETA_PA, 0), PSCI_E_INVALID_ADDRESS);
	assert_int_equal(partition_vcpu_on(alpha(), 0, TEST_RAM_IPA, 0), PSCI_E_ALREADY_ON);
	assert_int_equal(partition_vcpu_state(alpha(), 1), PSCI_STATE_OFF);
	assert_int_equal(fake_arch.wakes, 0);
}

static void cpu_on_powers_a_vcpu(void **state)
{
	(void)state;
	assert_int_equal(partition_vcpu_on(alpha(), 1, ALPHA_END - 4, 0xc0ffee), 0);
	assert_int_equal(partition_vcpu_state(alpha(), 1), PSCI_STATE_ON_PENDING);
	assert_int_equal(alpha()->vcpus[1].entry, ALPHA_END - 4);
	assert_int_equal(alpha()->vcpus[1].context, 0xc0ffee);
	assert_int_equal(fake_arch.wakes, 1); /* its CPU is told to look */
	assert_int_equal(partition_vcpu_on(alpha(), 1, TEST_RAM_IPA, 0), PSCI_E_ALREADY_ON);
	assert_int_equal(alpha()->vcpus[1].entry, ALPHA_END - 4);
}

/* What alpha's vCPU 0 does, on its CPU, while CPU 1 waits. */
static void alpha_powers_on_vcpu1(void)
{
	if (fake_arch.waits == 3)
		assert_int_equal(partition_vcpu_on(alpha(), 1, TEST_RAM_IPA + 0x3000, 42), 0);
}

static void waiting_vcpu_enters_where_cpu_on_said(void **state)
{
	struct vcpu *v1 = &alpha()->vcpus[1];

	(void)state;
	fake_arch.on_wait = alpha_powers_on_vcpu1;
	FAKE_ARCH_CALL(vcpu_run(v1));
	assert_int_equal(fake_arch.ended, FAKE_ARCH_ENTERED);
	assert_int_equal(fake_arch.waits, 3);
	assert_ptr_equal(fake_arch.entered.vcpu, v1);
	assert_int_equal(fake_arch.entered.entry, TEST_RAM_IPA + 0x3000);
	/* PSCI CPU_ON: x0 is the context id (ARM DEN 0022). */
	assert_int_equal(fake_arch.entered.arg[0], 42);
	assert_int_equal(fake_arch.entered.arg[1], 0);
	assert_int_equal(partition_vcpu_state(alpha(), 1), PSCI_STATE_ON);
}

static void vcpu_off_waits_for_the_next_cpu_on(void **state)
{
	(void)state;
	atomic_store(&alpha()->vcpus[1].power, VCPU_ON);
	alpha()->state = PARTITION_RUNNING;
	FAKE_ARCH_CALL(partition_vcpu_off(&alpha()->vcpus[1]));
	assert_int_equal(fake_arch.ended, FAKE_ARCH_WAITING);
	assert_int_equal(partition_vcpu_state(alpha(), 1), PSCI_STATE_OFF);
	assert_int_equal(alpha()->state, PARTITION_RUNNING);
	assert_console("");
}

static void last_vcpu_off_exits_the_partition(void **state)
{
	(void)state;
	alpha()->state = PARTITION_RUNNING;
	beta()->state = PARTITION_RUNNING;
	FAKE_ARCH_CALL(partition_vcpu_off(&alpha()->vcpus[0]));
	assert_int_equal(alpha()->state, PARTITION_EXITED);
	assert_int_equal(alpha()->exit_status, 0);
	assert_console("[hyp] partition alpha exited with status 0\n");
	assert_int_equal(fake_arch.ended, FAKE_ARCH_PARKED); /* beta still runs */

	fake_console_reset();
	fake_arch.cpu_id = 2;
	FAKE_ARCH_CALL(partition_vcpu_off(&beta()->vcpus[0]));
	assert_int_equal(fake_arch.ended, FAKE_ARCH_SHUTDOWN);
	assert_int_equal(fake_arch.shutdown_status, BULKHEAD_RUN_OK);
	assert_console("[hyp] partition beta exited with status 0\n"
		       "[hyp] all partitions stopped (2 exited, 0 halted); run status 0\n");
}

static void stop_recalls_the_other_running_vcpus(void **state)
{
	(void)state;
	atomic_store(&alpha()->vcpus[1].power, VCPU_ON);
	fake_arch.cpu_id = 0;
	partition_stop(alpha(), PARTITION_EXITED, 0);
	assert_int_equal(atomic_load(&alpha()->request), PARTITION_REQUEST_STOP);
	assert_int_equal(fake_arch.cpus_kicked, 1u << 1); /* not itself, not beta's */
}

static void stop_does_not_kick_vcpus_that_are_off(void **state)
{
	(void)state;
	fake_arch.cpu_id = 0;
	partition_stop(alpha(), PARTITION_EXITED, 0);
	assert_int_equal(fake_arch.cpus_kicked, 0);
}

static void kicked_vcpu_carries_on_unless_asked(void **state)
{
	(void)state;
	atomic_store(&alpha()->vcpus[1].power, VCPU_ON);
	fake_arch.cpu_id = 1;
	assert_int_equal(partition_kicked(&alpha()->vcpus[1]), TRAP_RESUME);
	FAKE_ARCH_CALL(trap_carry_out(NULL, partition_kicked(&alpha()->vcpus[1])));
	assert_int_equal(fake_arch.ended, FAKE_ARCH_RETURNED);
	assert_int_equal(partition_vcpu_state(alpha(), 1), PSCI_STATE_ON);
}

static void kicked_vcpu_of_a_stopped_partition_leaves(void **state)
{
	(void)state;
	atomic_store(&alpha()->vcpus[1].power, VCPU_ON);
	beta()->state = PARTITION_RUNNING;
	fake_arch.cpu_id = 0;
	partition_stop(alpha(), PARTITION_EXITED, 0);
	fake_arch.cpu_id = 1;
	assert_int_equal(partition_kicked(&alpha()->vcpus[1]), TRAP_VCPU_STOPPED);
	FAKE_ARCH_CALL(trap_carry_out(NULL, partition_kicked(&alpha()->vcpus[1])));
	assert_int_equal(fake_arch.ended, FAKE_ARCH_PARKED);
	assert_int_equal(partition_vcpu_state(alpha(), 1), PSCI_STATE_OFF);
	assert_int_equal(fake_arch.enters, 0);
}

static void restart_reloads_and_reenters(void **state)
{
	struct vcpu *v0 = &alpha()->vcpus[0];
	unsigned char *ram = fake_ram_at(TEST_ALPHA_PA);

	(void)state;
	partition_load(alpha());
	alpha()->state = PARTITION_RUNNING;
	ram[0] ^= 0xff; /* what the crashed run left behind */
	ram[TEST_ALPHA_RAM_SIZE - 1] = 0x77;
	partition_request_restart(alpha());
	FAKE_ARCH_CALL(partition_leave(v0));
	assert_int_equal(fake_arch.ended, FAKE_ARCH_ENTERED);
	assert_ptr_equal(fake_arch.entered.vcpu, v0);
	assert_int_equal(fake_arch.entered.entry, TEST_ALPHA_ENTRY_IPA);
	assert_int_equal(fake_arch.entered.arg[0], TEST_ALPHA_DTB_IPA);
	assert_int_equal(fake_arch.entered.arg[1], BULKHEAD_ENTRY_MAGIC);
	/* The restarted partition's clocks start again with it. */
	assert_ptr_equal(fake_arch.started_partition, alpha()->cfg);
	assert_memory_equal(ram, test_alpha_dtb, sizeof(test_alpha_dtb));
	assert_int_equal(ram[TEST_ALPHA_RAM_SIZE - 1], 0);
	assert_int_equal(alpha()->restarts, 1);
	assert_int_equal(atomic_load(&alpha()->request), PARTITION_REQUEST_NONE);
	assert_int_equal(partition_vcpu_state(alpha(), 0), PSCI_STATE_ON);
	assert_int_equal(alpha()->state, PARTITION_RUNNING);
	assert_console("[hyp] partition alpha restarted (1/2)\n");
}

static void restart_flushes_and_forgets_the_old_output(void **state)
{
	(void)state;
	console_partition_write("alpha", &alpha()->console, "before", 6);
	partition_request_restart(alpha());
	FAKE_ARCH_CALL(partition_leave(&alpha()->vcpus[0]));
	console_partition_write("alpha", &alpha()->console, "after\n", 6);
	assert_console("[alpha] before\n[hyp] partition alpha restarted (1/2)\n[alpha] after\n");
}

/* vCPU 1 writes after the restart request, before its kick lands: that
 * line still belongs to the old run and must come out before the restart. */
static void restart_keeps_late_output_of_other_vcpus(void **state)
{
	(void)state;
	atomic_store(&alpha()->vcpus[1].power, VCPU_ON);
	partition_request_restart(alpha());
	console_partition_write("alpha", &alpha()->console, "late", 4);
	atomic_store(&alpha()->vcpus[1].power, VCPU_OFF);
	FAKE_ARCH_CALL(partition_leave(&alpha()->vcpus[0]));
	assert_console("[alpha] late\n[hyp] partition alpha restarted (1/2)\n");
}

/* vCPU 1 is still in the guest: vCPU 0's CPU must wait for it to leave. */
static void vcpu1_leaves(void)
{
	atomic_store(&alpha()->vcpus[1].power, VCPU_OFF);
}

static void restart_waits_for_every_vcpu_to_leave(void **state)
{
	(void)state;
	atomic_store(&alpha()->vcpus[1].power, VCPU_ON);
	alpha()->vcpus[1].entry = TEST_RAM_IPA + 0x3000;
	partition_request_restart(alpha());
	assert_int_equal(fake_arch.cpus_kicked, 1u << 1);
	FAKE_ARCH_CALL(partition_leave(&alpha()->vcpus[0]));
	assert_int_equal(fake_arch.ended, FAKE_ARCH_WAITING);
	assert_int_equal(fake_arch.enters, 0);
	assert_int_equal(alpha()->restarts, 0);

	fake_arch.waits = 0;
	fake_arch.on_wait = vcpu1_leaves;
	FAKE_ARCH_CALL(partition_leave(&alpha()->vcpus[0]));
	assert_int_equal(fake_arch.ended, FAKE_ARCH_ENTERED);
	assert_int_equal(fake_arch.waits, 1);
	assert_int_equal(alpha()->restarts, 1);
	/* vCPU 1 starts the new run off, with no CPU_ON remembered. */
	assert_int_equal(partition_vcpu_state(alpha(), 1), PSCI_STATE_OFF);
	assert_int_equal(alpha()->vcpus[1].entry, 0);
}

/* A fault on vCPU 1: its CPU leaves and waits; vCPU 0's CPU, kicked,
 * restarts the partition. */
static void restart_from_the_second_vcpu(void **state)
{
	(void)state;
	atomic_store(&alpha()->vcpus[1].power, VCPU_ON);
	fake_arch.cpu_id = 1;
	partition_request_restart(alpha());
	assert_int_equal(fake_arch.cpus_kicked, 1u << 0);
	FAKE_ARCH_CALL(partition_leave(&alpha()->vcpus[1]));
	assert_int_equal(fake_arch.ended, FAKE_ARCH_WAITING);
	assert_int_equal(partition_vcpu_state(alpha(), 1), PSCI_STATE_OFF);

	fake_arch.cpu_id = 0;
	FAKE_ARCH_CALL(trap_carry_out(NULL, partition_kicked(&alpha()->vcpus[0])));
	assert_int_equal(fake_arch.ended, FAKE_ARCH_ENTERED);
	assert_ptr_equal(fake_arch.entered.vcpu, &alpha()->vcpus[0]);
	assert_int_equal(alpha()->restarts, 1);
}

static const struct CMUnitTest tests[] = {
	UNIT_TEST(vcpu0_on_others_off_at_start),
	UNIT_TEST(cpu_on_refuses_what_is_not_the_partitions),
	UNIT_TEST(cpu_on_powers_a_vcpu),
	UNIT_TEST(waiting_vcpu_enters_where_cpu_on_said),
	UNIT_TEST(vcpu_off_waits_for_the_next_cpu_on),
	UNIT_TEST(last_vcpu_off_exits_the_partition),
	UNIT_TEST(stop_recalls_the_other_running_vcpus),
	UNIT_TEST(stop_does_not_kick_vcpus_that_are_off),
	UNIT_TEST(kicked_vcpu_carries_on_unless_asked),
	UNIT_TEST(kicked_vcpu_of_a_stopped_partition_leaves),
	UNIT_TEST(restart_reloads_and_reenters),
	UNIT_TEST(restart_flushes_and_forgets_the_old_output),
	UNIT_TEST(restart_keeps_late_output_of_other_vcpus),
	UNIT_TEST(restart_waits_for_every_vcpu_to_leave),
	UNIT_TEST(restart_from_the_second_vcpu),
};

UNIT_MAIN("vcpu", tests)
