// SPDX-License-Identifier: Apache-2.0
/*
 * trap_carry_out(): the one place a trap's action is carried out. Resume
 * and advance return to the vCPU (advance through the arch's step over the
 * instruction); a stop or recall leaves the partition, CPU_OFF waits for
 * the next CPU_ON, a reset-system policy resets the machine; anything else
 * is a failed CHECK, never a silent resume. A leaving action is for the
 * vCPU the CPU runs (fake_arch.cpu_id). Alpha has two vCPUs (CPUs 0 and
 * 1), beta one (CPU 2); CPU 3 runs none.
 */
#include "unit.h"

#include "bulkhead_abi.h"
#include "partition.h"
#include "trap.h"

#define TRAPPED_PC 0x40201000ull

static struct partition *alpha(void)
{
	return partition_get(TEST_ALPHA);
}

static struct partition *beta(void)
{
	return partition_get(TEST_BETA);
}

/* Both partitions run, alpha on both its vCPUs; this CPU runs alpha's `index`. */
static struct vcpu *running_alpha_vcpu(unsigned index)
{
	alpha()->state = PARTITION_RUNNING;
	beta()->state = PARTITION_RUNNING;
	atomic_store(&alpha()->vcpus[1].power, VCPU_ON);
	fake_arch.cpu_id = alpha()->vcpus[index].pcpu;
	return &alpha()->vcpus[index];
}

static void resume_returns_to_the_same_instruction(void **state)
{
	struct frame f = { .pc = TRAPPED_PC };

	(void)state;
	running_alpha_vcpu(0);
	FAKE_ARCH_CALL(trap_carry_out(&f, TRAP_RESUME));
	assert_int_equal(fake_arch.ended, FAKE_ARCH_RETURNED);
	assert_int_equal(f.pc, TRAPPED_PC);
	assert_int_equal(fake_arch.advances, 0);
	assert_int_equal(partition_vcpu_state(alpha(), 0), 0 /* on */);
	assert_console("");
}

static void advance_steps_over_the_instruction(void **state)
{
	struct frame f = { .pc = TRAPPED_PC };

	(void)state;
	running_alpha_vcpu(0);
	FAKE_ARCH_CALL(trap_carry_out(&f, TRAP_ADVANCE));
	assert_int_equal(fake_arch.ended, FAKE_ARCH_RETURNED);
	assert_int_equal(fake_arch.advances, 1);
	assert_ptr_equal(fake_arch.advanced_frame, &f);
	assert_int_equal(f.pc, TRAPPED_PC + FAKE_INSTRUCTION_SIZE);
	assert_int_equal(partition_vcpu_state(alpha(), 0), 0 /* on */);
	assert_console("");
}

/* A handler stopped the partition (PARTITION_EXIT, a halting fault): its
 * vCPU leaves; beta still runs, so this CPU parks. */
static void vcpu_stopped_leaves_the_partition(void **state)
{
	struct frame f = { .pc = TRAPPED_PC };

	(void)state;
	running_alpha_vcpu(0);
	partition_stop(alpha(), PARTITION_EXITED, 3);
	fake_console_reset();
	FAKE_ARCH_CALL(trap_carry_out(&f, TRAP_VCPU_STOPPED));
	assert_int_equal(fake_arch.ended, FAKE_ARCH_PARKED);
	assert_int_equal(partition_vcpu_state(alpha(), 0), 1 /* off */);
	assert_int_equal(fake_arch.advances, 0);
	assert_int_equal(fake_arch.enters, 0);
	assert_console("");
}

/* The same action after a restart request: vCPU 0's CPU waits for vCPU 1 to
 * leave (played by on_wait), then re-enters the reloaded partition. */
static void vcpu1_leaves(void)
{
	atomic_store(&alpha()->vcpus[1].power, VCPU_OFF);
}

static void vcpu_stopped_for_a_restart_reenters(void **state)
{
	struct frame f = { .pc = TRAPPED_PC };
	struct vcpu *v = running_alpha_vcpu(0);

	(void)state;
	partition_request_restart(alpha());
	fake_arch.on_wait = vcpu1_leaves;
	FAKE_ARCH_CALL(trap_carry_out(&f, TRAP_VCPU_STOPPED));
	assert_int_equal(fake_arch.ended, FAKE_ARCH_ENTERED);
	assert_ptr_equal(fake_arch.entered.vcpu, v);
	assert_int_equal(fake_arch.entered.entry, TEST_ALPHA_ENTRY_IPA);
	assert_int_equal(alpha()->restarts, 1);
	assert_console("[hyp] partition alpha restarted (1/2)\n");
}

/* PSCI CPU_OFF from vCPU 1: it waits, off, for the partition's next CPU_ON;
 * the partition runs on. */
static void vcpu_off_waits_for_cpu_on(void **state)
{
	struct frame f = { .pc = TRAPPED_PC };

	(void)state;
	running_alpha_vcpu(1);
	FAKE_ARCH_CALL(trap_carry_out(&f, TRAP_VCPU_OFF));
	assert_int_equal(fake_arch.ended, FAKE_ARCH_WAITING);
	assert_int_equal(partition_vcpu_state(alpha(), 1), 1 /* off */);
	assert_int_equal(partition_vcpu_state(alpha(), 0), 0 /* on: not this CPU's */);
	assert_int_equal(alpha()->state, PARTITION_RUNNING);
	assert_int_equal(fake_arch.enters, 0);
	assert_console("");
}

static void reset_system_resets_the_machine(void **state)
{
	struct frame f = { .pc = TRAPPED_PC };

	(void)state;
	running_alpha_vcpu(0);
	FAKE_ARCH_CALL(trap_carry_out(&f, TRAP_RESET_SYSTEM));
	assert_int_equal(fake_arch.ended, FAKE_ARCH_RESET);
	assert_int_equal(fake_arch.resets, 1);
	assert_int_equal(fake_arch.shutdowns, 0);
}

#define LEAVING_ACTION \
	"action == TRAP_VCPU_STOPPED || action == TRAP_VCPU_OFF || action == TRAP_RESET_SYSTEM"

/* The machine stopped on the failed CHECK, and nothing else happened. */
static void assert_stopped_on_the_check(const struct frame *f)
{
	assert_check_failed_in("trap.c", LEAVING_ACTION);
	assert_int_equal(f->pc, TRAPPED_PC);
	assert_int_equal(fake_arch.advances + fake_arch.resets + fake_arch.parks + fake_arch.enters,
			 0);
	assert_int_equal(partition_vcpu_state(alpha(), 0), 0 /* still on: it never left */);
}

/* A handler that returns garbage must stop the machine, not resume the
 * vCPU as if nothing happened. */
static void carry_out_unknown(enum trap_action action)
{
	struct frame f = { .pc = TRAPPED_PC };

	fake_arch_reset(UNIT_RAM_FILL);
	running_alpha_vcpu(0);
	FAKE_ARCH_CALL(trap_carry_out(&f, action));
	assert_stopped_on_the_check(&f);
}

static void unknown_action_is_a_check_failure(void **state)
{
	(void)state;
	carry_out_unknown((enum trap_action)(TRAP_RESET_SYSTEM + 1));
	carry_out_unknown((enum trap_action)0x7fffffff);
	carry_out_unknown((enum trap_action)-1);
}

/* The way out is for the leaving actions only: a resuming one sent there
 * would otherwise vanish. */
static void leave_refuses_a_resuming_action(void **state)
{
	const struct frame f = { .pc = TRAPPED_PC }; /* never handed over */

	(void)state;
	running_alpha_vcpu(0);
	FAKE_ARCH_CALL(trap_leave(TRAP_RESUME));
	assert_stopped_on_the_check(&f);
	fake_arch_reset(UNIT_RAM_FILL);
	running_alpha_vcpu(0);
	FAKE_ARCH_CALL(trap_leave(TRAP_ADVANCE));
	assert_stopped_on_the_check(&f);
}

/* Only a CPU that runs a vCPU traps from one. */
static void leaving_a_cpu_without_a_vcpu_is_a_check_failure(void **state)
{
	struct frame f = { .pc = TRAPPED_PC };

	(void)state;
	running_alpha_vcpu(0);
	fake_arch.cpu_id = 3;
	FAKE_ARCH_CALL(trap_carry_out(&f, TRAP_VCPU_STOPPED));
	assert_check_failed_in("trap.c", "v != NULL");
	assert_int_equal(partition_vcpu_state(alpha(), 0), 0 /* on */);
	assert_int_equal(fake_arch.parks + fake_arch.enters, 0);
}

static const struct CMUnitTest tests[] = {
	UNIT_TEST(resume_returns_to_the_same_instruction),
	UNIT_TEST(advance_steps_over_the_instruction),
	UNIT_TEST(vcpu_stopped_leaves_the_partition),
	UNIT_TEST(vcpu_stopped_for_a_restart_reenters),
	UNIT_TEST(vcpu_off_waits_for_cpu_on),
	UNIT_TEST(reset_system_resets_the_machine),
	UNIT_TEST(unknown_action_is_a_check_failure),
	UNIT_TEST(leave_refuses_a_resuming_action),
	UNIT_TEST(leaving_a_cpu_without_a_vcpu_is_a_check_failure),
};

UNIT_MAIN("trap", tests)
