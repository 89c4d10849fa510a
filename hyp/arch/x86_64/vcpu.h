/* SPDX-License-Identifier: Apache-2.0 */
/*
 * A vCPU's VMCS: one per physical CPU (each runs one vCPU for life), set up
 * afresh each time the vCPU is entered at a given address (partition start,
 * restart, PSCI CPU_ON). Also how a kick that arrives while the CPU is in
 * the hypervisor still reaches the vCPU before it runs again.
 */
#ifndef VCPU_H
#define VCPU_H

#include <stdbool.h>
#include <stdint.h>

#include "trap.h"

struct frame;
struct vcpu;

/* Work out the VM-execution controls once (primary CPU, after VMXON). */
void vcpu_controls_init(void);

/* An NMI (kick) arrived while this CPU was in the hypervisor: make the next
 * VM entry exit at once (VMX-preemption timer at 0), so the kick is seen. */
void vcpu_kick_arm(void);

/* The preemption timer fired (exit reason 52): turn it off again. */
void vcpu_kick_disarm(void);

/* Take a kick that arrived while this CPU was in the hypervisor, for a vCPU
 * about to resume with `action`: TRAP_VCPU_STOPPED if its partition recalls
 * it, otherwise (no kick, one with nothing asked, or a vCPU already
 * leaving) `action` unchanged. */
enum trap_action vcpu_kick_take(enum trap_action action);

/* HLT exited (exit reason 12): the vCPU halts in the guest. */
enum trap_action vcpu_hlt_exit(struct vcpu *v, struct frame *f, uint64_t qualification);

#endif
