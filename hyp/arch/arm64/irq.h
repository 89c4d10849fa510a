/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The hypervisor's own use of the interrupt controller: one SGI with which a
 * CPU recalls the vCPU another CPU runs (to stop or restart its partition).
 * Partitions' interrupts are not routed yet.
 */
#ifndef IRQ_H
#define IRQ_H

#include "trap.h"

struct vcpu;

/* The last SGI, so that partitions keep 0-14 for themselves. */
#define IRQ_SGI_KICK 15

/* Distributor set-up, once, on the primary CPU. */
void irq_init_primary(void);

/* This CPU's redistributor and CPU interface. */
void irq_init_cpu(void);

/* A physical interrupt arrived while vCPU `v` ran (lower-EL IRQ vector):
 * forwarded, or the hypervisor's own; what the vCPU does next. */
enum trap_action irq_handle(struct vcpu *v);

/* A Group 0 interrupt arrived (lower-EL FIQ vector): on GICv3, the
 * hypervisor's own SGI. */
enum trap_action irq_handle_fiq(struct vcpu *v);

#endif
