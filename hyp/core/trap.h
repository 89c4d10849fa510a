/* SPDX-License-Identifier: Apache-2.0 */
/*
 * What a trap handler asks for next, and the one place that carries it out.
 * Handlers in core and in hyp/arch decide and return an action; they never
 * leave the trap themselves. Each backend's trap entry (arm64 traps.c, x86
 * exits.c) hands the action of every trap, interrupt and kick to
 * trap_carry_out() exactly once.
 */
#ifndef TRAP_H
#define TRAP_H

#include <stdnoreturn.h>

#include "arch.h"

struct frame;

/* Values only matter to the code the compiler makes: with TRAP_ADVANCE 0, the
 * emulated-MMIO way back is a zero test (measured: `./bulkhead bench`). */
enum trap_action {
	TRAP_ADVANCE,       /* return after the trapping instruction */
	TRAP_RESUME,        /* return to the vCPU where it left off */
	TRAP_VCPU_STOPPED,  /* the vCPU leaves its partition (partition_leave): it
			     * stopped, was recalled, or its partition restarts */
	TRAP_VCPU_OFF,      /* the vCPU powered itself off; wait for CPU_ON */
	TRAP_RESET_SYSTEM,  /* a fault policy resets the whole machine */
};

/* The actions that do not return to the vCPU (trap.c); a CHECK failure for
 * anything that is no action. Only for trap_carry_out(). */
noreturn void trap_leave(enum trap_action action);

/*
 * Carry out `action` for the vCPU this CPU runs, whose trapped registers
 * are in `f` (the arch's frame). Returns only for TRAP_RESUME and
 * TRAP_ADVANCE, to let the trap entry return to the vCPU; the other actions
 * leave the trap for good. An action that is none of these is a hypervisor
 * bug: a failed CHECK, never a silent resume. Inline because the two
 * returning actions are every hypercall's and every interrupt's way back.
 */
static inline void trap_carry_out(struct frame *f, enum trap_action action)
{
	switch (action) {
	case TRAP_ADVANCE:
		arch_trap_advance(f);
		return;
	case TRAP_RESUME:
		return;
	default:
		trap_leave(action);
	}
}

#endif
