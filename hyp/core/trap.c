// SPDX-License-Identifier: Apache-2.0
/*
 * The actions of a trap that leave it for good (see trap.h): the vCPU
 * leaves its partition, powers off, or the machine resets.
 */
#include "trap.h"

#include "check.h"
#include "partition.h"

/* The vCPU this CPU runs: the one that trapped. */
static struct vcpu *trapped_vcpu(void)
{
	struct vcpu *v = vcpu_of_cpu(arch_cpu_id());

	CHECK(v != NULL);
	return v;
}

noreturn void trap_leave(enum trap_action action)
{
	switch (action) {
	case TRAP_RESUME:
	case TRAP_ADVANCE:
		break; /* trap_carry_out's own; never sent here */
	case TRAP_VCPU_STOPPED:
		partition_leave(trapped_vcpu());
	case TRAP_VCPU_OFF:
		partition_vcpu_off(trapped_vcpu());
	case TRAP_RESET_SYSTEM:
		arch_system_reset();
	}
	/* Only a hypervisor bug gets here: a handler returned no action, or
	 * one that resumes reached the way out. Stop; never resume silently. */
	CHECK(action == TRAP_VCPU_STOPPED || action == TRAP_VCPU_OFF ||
	      action == TRAP_RESET_SYSTEM);
	__builtin_unreachable();
}
