/* SPDX-License-Identifier: Apache-2.0 */
/*
 * What a trap handler asks the arch layer to do next. Handlers in core and
 * in hyp/arch decide; one place in each backend's trap entry carries it out.
 */
#ifndef TRAP_H
#define TRAP_H

enum trap_action {
	TRAP_RESUME,        /* return to the vCPU where it left off */
	TRAP_ADVANCE,       /* return after the trapping instruction */
	TRAP_VCPU_STOPPED,  /* the vCPU leaves its partition (partition_leave) */
	TRAP_VCPU_OFF,      /* the vCPU powered itself off; wait for CPU_ON */
};

#endif
