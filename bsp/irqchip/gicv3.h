/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Arm GICv3 (ARM IHI 0069), the part the hypervisor itself drives: the
 * distributor's global enables, each CPU's redistributor and system register
 * CPU interface, and software-generated interrupts between CPUs.
 */
#ifndef GICV3_H
#define GICV3_H

#include <stdbool.h>
#include <stdint.h>

#define GIC_SPURIOUS_INTID 1023u

/* Enable affinity routing and Group 1 in the distributor (once, at boot). */
void gicv3_init_distributor(uintptr_t gicd);

/* The redistributor of the CPU with MPIDR `mpidr` inside [gicr, gicr+size),
 * or 0 if there is none (ARM IHI 0069, 9.11.35 GICR_TYPER). */
uintptr_t gicv3_find_redistributor(uintptr_t gicr, uint64_t size, uint64_t mpidr);

/* Wake this CPU's redistributor, enable the SGI `sgi` as a Group 1 interrupt
 * and turn on this CPU's system register interface at EL2. */
void gicv3_init_cpu(uintptr_t redistributor, unsigned sgi);

/* Send SGI `sgi` to the CPU with MPIDR `mpidr`. */
void gicv3_send_sgi(uint64_t mpidr, unsigned sgi);

/* Acknowledge the highest priority pending interrupt: its INTID, or
 * GIC_SPURIOUS_INTID. */
unsigned gicv3_acknowledge(void);

/* Priority drop and deactivation of an acknowledged interrupt. */
void gicv3_end(unsigned intid);

#endif
