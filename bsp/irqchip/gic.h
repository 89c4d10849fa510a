/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The interrupt controller as the hypervisor drives it, whatever its version:
 * a board links one implementation (gicv3.c or gicv2.c). It covers the
 * hypervisor's own interrupts (acknowledge, end, SGIs between CPUs), the
 * physical state of interrupts it hands to partitions (enable, pending,
 * trigger, routing) and the virtual CPU interface's list registers that
 * inject them. Interrupt numbers are GIC INTIDs: 0-15 SGIs, 16-31 PPIs of
 * one CPU, 32 and up SPIs.
 */
#ifndef GIC_H
#define GIC_H

#include <stdbool.h>
#include <stdint.h>

#define GIC_SPURIOUS_INTID 1023u
#define GIC_NO_PINTID 0xffffffffu
#define GIC_MAINTENANCE_PPI 25u

/* What the driver keeps for each CPU. The caller provides one per CPU
 * (`cpu_count` of them), so the driver is sized by what it is given. */
struct gic_cpu {
	uint64_t mpidr;          /* GICv3: its affinity, to route SPIs and SGIs */
	uintptr_t redistributor; /* GICv3: its redistributor frame */
	uint8_t interface_mask;  /* GICv2: its GICD_ITARGETSR bit */
};

struct gic_layout {
	uintptr_t gicd;       /* distributor */
	uintptr_t gicr;       /* GICv3 redistributors */
	uint64_t gicr_size;
	uintptr_t gicc;       /* GICv2 CPU interface */
	uintptr_t gich;       /* GICv2 virtual interface control */
	unsigned cpu_count;
	const uint64_t *cpu_mpidr;
	struct gic_cpu *cpus; /* cpu_count of them, kept by the driver for good */
};

/* Once, on the primary CPU: the distributor, every SPI off and Group 1. */
void gic_init(const struct gic_layout *layout);

/* On each CPU: its redistributor or banked registers, its CPU interface in
 * EOImode 1 (priority drop and deactivation split, so a partition's
 * deactivation of a hardware-backed virtual interrupt deactivates the
 * physical one), `sgi` enabled for the hypervisor, the maintenance interrupt
 * enabled, and the virtual CPU interface on. */
void gic_init_cpu(unsigned cpu, unsigned sgi);

unsigned gic_acknowledge(void);
void gic_priority_drop(unsigned intid);
void gic_deactivate(unsigned intid);

/* The hypervisor's own SGI `sgi` to `cpu`. On GICv3 it is a Group 0
 * interrupt, signalled as FIQ, so that it still reaches EL2 on a CPU whose
 * partition owns the Group 1 interface (irq_mode = "direct"); acknowledge
 * it with the _group0 calls. On GICv2 it is an ordinary IRQ. */
void gic_send_sgi(unsigned cpu, unsigned sgi);
unsigned gic_acknowledge_group0(void);
void gic_priority_drop_group0(unsigned intid);

/* A partition's own SGI, sent on its behalf to one of its CPUs (direct mode). */
void gic_send_guest_sgi(unsigned cpu, unsigned sgi);

/* EOImode on this CPU: split (priority drop, then deactivation: how the
 * hypervisor forwards interrupts to list registers) or combined (what a
 * partition that owns the CPU interface expects). */
void gic_set_eoi_split(bool split);

/* Physical priority and group of an interrupt (direct mode mirrors them). */
void gic_set_priority(unsigned intid, unsigned cpu, uint8_t priority);
void gic_set_group1(unsigned word, unsigned cpu, uint32_t mask);

/* Physical state of interrupts partitions own, 32 at a time: `word` n covers
 * INTIDs 32n..32n+31 and `mask` picks among them; `cpu` picks the CPU whose
 * banked SGIs and PPIs word 0 means (ignored for SPIs). */
void gic_enable(unsigned word, unsigned cpu, uint32_t mask, bool enable);
void gic_pend(unsigned word, unsigned cpu, uint32_t mask, bool pending);
void gic_clear_active(unsigned word, unsigned cpu, uint32_t mask);
uint32_t gic_pending(unsigned word, unsigned cpu);
uint32_t gic_active(unsigned word, unsigned cpu);
void gic_set_edge(unsigned intid, unsigned cpu, bool edge);
void gic_spi_route(unsigned intid, unsigned cpu);

/* The calling CPU's list registers. */
unsigned gic_lr_count(void);
uint32_t gic_lr_empty(void);  /* bit n set: list register n is free */
void gic_lr_set(unsigned lr, unsigned vintid, unsigned pintid, uint8_t priority, bool group1);
void gic_lr_clear(unsigned lr);
/* A list register's state: 0 invalid, 1 pending, 2 active, 3 both. */
unsigned gic_lr_state(unsigned lr);
/* Make an active (software-only) interrupt pending again in its list register. */
void gic_lr_repend(unsigned lr);
/* Ask for a maintenance interrupt once (almost) every list register is free. */
void gic_underflow_irq(bool on);

#endif
