/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The virtual GIC each partition sees: an emulated distributor (and, on
 * GICv3, emulated redistributors) holding the partition's view of its own
 * interrupts, and injection through the list registers of the CPU interface.
 * A partition can see and configure only the interrupts it owns (its devices'
 * SPIs, the timer and PMU PPIs of its CPUs, and SGIs among its own vCPUs);
 * every other interrupt reads as zero and ignores writes.
 *
 * Physical interrupts the partition owns are forwarded with the list
 * register's HW bit, so the partition's own deactivation deactivates the
 * physical interrupt and no EL2 entry is needed at its end.
 */
#ifndef VGIC_H
#define VGIC_H

#include <stdbool.h>
#include <stdint.h>

#include "config.h"

struct vcpu;

#define VGIC_WORDS (CONFIG_GIC_INTIDS / 32)

/* Per partition: the configuration of its shared interrupts (SPIs). */
struct vgic_dist {
	uint32_t ctlr;
	uint32_t visible[VGIC_WORDS]; /* the INTIDs it may see at all */
	uint32_t hw[VGIC_WORDS];      /* those backed by a physical interrupt */
	uint32_t enabled[VGIC_WORDS];
	uint32_t group1[VGIC_WORDS];
	uint32_t edge[VGIC_WORDS];
	uint8_t priority[CONFIG_GIC_INTIDS];
	uint8_t target[CONFIG_GIC_INTIDS]; /* SPI: the vCPU index it goes to */
};

/* Per physical CPU, i.e. per vCPU for life: its private interrupts and what
 * waits for a free list register. */
struct vgic_cpu {
	uint32_t enabled;  /* SGIs and PPIs */
	uint32_t group1;
	uint32_t edge;
	uint8_t priority[32];
	uint32_t waker;
	_Atomic uint32_t pending[VGIC_WORDS];
	uint16_t lr_intid[16]; /* what each busy list register holds */
	unsigned lr_count;
};

/* The PPIs a partition owns on its CPUs: PMU, EL1 virtual and physical timer. */
#define VGIC_GUEST_PPIS ((1u << 23) | (1u << 27) | (1u << 30))
/* In irq_mode = "direct" its SGIs are physical too, all but the
 * hypervisor's own (SGI 15). */
#define VGIC_DIRECT_SGIS 0x7fffu

/* Which of a vCPU's SGIs and PPIs are physical interrupts. */
static inline uint32_t vgic_private_hw(const struct partition_config *cfg)
{
	return VGIC_GUEST_PPIS | (cfg->irq_direct ? VGIC_DIRECT_SGIS : 0);
}

struct vgic_dist *vgic_dist_of(uint32_t partition_id);
struct vgic_cpu *vgic_cpu_of(unsigned pcpu);

/* A partition (re)starts: its interrupts are all off, physically too. */
void vgic_partition_reset(const struct partition_config *cfg);
/* A vCPU enters on this CPU: its private interrupts start off. */
void vgic_cpu_reset(void);

/* Make virtual interrupt `intid` pending for vCPU `target` (of the same
 * partition as the caller, or the caller itself); a remote vCPU is kicked. */
void vgic_inject(struct vcpu *target, unsigned intid);

/* Deliver what became deliverable at vCPU `target` (an interrupt was
 * enabled): here at once, on another CPU after a kick. */
void vgic_update(struct vcpu *target);

/* A physical interrupt the running partition owns arrived on this CPU. */
void vgic_forward(unsigned intid);

/* Move pending virtual interrupts into free list registers, highest
 * priority first; ask for a maintenance interrupt if some must wait. */
void vgic_flush(void);

/* The vCPU with index `index` of the partition running here. */
struct vcpu *vgic_vcpu(struct vcpu *self, unsigned index);

/* Trapped ICC_SGI1R_EL1 (and SGI0R/ASGI1R) write: SGIs to the partition's
 * own vCPUs only; any other target is dropped. */
void vgic_send_sgi(struct vcpu *self, uint64_t value);

#endif
