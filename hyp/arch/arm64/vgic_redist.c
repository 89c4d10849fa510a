// SPDX-License-Identifier: Apache-2.0
/*
 * The emulated GICv3 redistributors: one frame pair per vCPU of the
 * partition, in vCPU order from the board's GICR address. Register map:
 * ARM IHI 0069, 12.11. A vCPU's SGIs and PPIs are virtual, except the PPIs
 * it owns physically on its CPU (timers, PMU: VGIC_GUEST_PPIS), whose
 * enable, pending and active state is mirrored to that CPU's real
 * redistributor.
 */
#include "gic.h"
#include "partition.h"
#include "vgic.h"
#include "vgic_mmio.h"

#define GICR_CTLR 0x0000
#define GICR_IIDR 0x0004
#define GICR_TYPER 0x0008
#define GICR_TYPER_HIGH 0x000c
#define GICR_TYPER_LAST (1u << 4)
#define GICR_WAKER 0x0014
#define GICR_WAKER_PROCESSOR_SLEEP (1u << 1)
#define GICR_WAKER_CHILDREN_ASLEEP (1u << 2)
#define GICR_PIDR2 0xffe8

#define SGI_BASE 0x10000u
#define GICR_IGROUPR0 (SGI_BASE + 0x0080)
#define GICR_ISENABLER0 (SGI_BASE + 0x0100)
#define GICR_ICENABLER0 (SGI_BASE + 0x0180)
#define GICR_ISPENDR0 (SGI_BASE + 0x0200)
#define GICR_ICPENDR0 (SGI_BASE + 0x0280)
#define GICR_ISACTIVER0 (SGI_BASE + 0x0300)
#define GICR_ICACTIVER0 (SGI_BASE + 0x0380)
#define GICR_IPRIORITYR (SGI_BASE + 0x0400)
#define GICR_ICFGR0 (SGI_BASE + 0x0c00)
#define GICR_ICFGR1 (SGI_BASE + 0x0c04)

#define GIC_IIDR_ARM 0x43bu
#define GIC_PIDR2_V3 0x3bu
#define SGIS_EDGE 0xaaaaaaaau

static uint64_t typer(struct vcpu *owner)
{
	/* Affinity: the vCPU's own (Aff0 = index); Processor_Number; Last. */
	uint64_t last = owner->index + 1 == owner->partition->cfg->cpu_count ? GICR_TYPER_LAST : 0;

	return ((uint64_t)owner->index << 32) | ((uint64_t)owner->index << 8) | last;
}

static uint32_t ppi_config(const struct vgic_cpu *c)
{
	uint32_t value = 0;

	for (unsigned i = 0; i < 16; i++)
		if ((c->edge >> (16 + i)) & 1)
			value |= 2u << (2 * i);
	return value;
}

uint64_t vgic_redist_read(struct vcpu *v, struct vcpu *owner, unsigned offset, unsigned size)
{
	struct vgic_cpu *c = vgic_cpu_of(owner->pcpu);

	(void)v;
	if (offset >= GICR_IPRIORITYR && offset < GICR_IPRIORITYR + 32) {
		uint64_t value = 0;

		for (unsigned i = 0; i < size && offset - GICR_IPRIORITYR + i < 32; i++)
			value |= (uint64_t)c->priority[offset - GICR_IPRIORITYR + i] << (8 * i);
		return value;
	}
	switch (offset) {
	case GICR_IIDR:
		return GIC_IIDR_ARM;
	case GICR_TYPER:
		return size == 8 ? typer(owner) : (uint32_t)typer(owner);
	case GICR_TYPER_HIGH:
		return typer(owner) >> 32;
	case GICR_WAKER:
		return (c->waker & GICR_WAKER_PROCESSOR_SLEEP) ? GICR_WAKER_PROCESSOR_SLEEP |
									 GICR_WAKER_CHILDREN_ASLEEP
							       : 0;
	case GICR_PIDR2:
		return GIC_PIDR2_V3;
	case GICR_IGROUPR0:
		return c->group1;
	case GICR_ISENABLER0:
	case GICR_ICENABLER0:
		return c->enabled;
	case GICR_ISPENDR0:
	case GICR_ICPENDR0:
		return gic_pending(0, owner->pcpu) & vgic_private_hw(owner->partition->cfg);
	case GICR_ISACTIVER0:
	case GICR_ICACTIVER0:
		return gic_active(0, owner->pcpu) & vgic_private_hw(owner->partition->cfg);
	case GICR_ICFGR0:
		return SGIS_EDGE;
	case GICR_ICFGR1:
		return ppi_config(c);
	default: /* CTLR (no LPIs) and everything else */
		return 0;
	}
}

static void write_ppi_config(struct vcpu *owner, struct vgic_cpu *c, uint32_t value)
{
	for (unsigned i = 0; i < 16; i++) {
		unsigned intid = 16 + i;
		bool edge = ((value >> (2 * i + 1)) & 1) != 0;

		if (((VGIC_GUEST_PPIS >> intid) & 1) == 0)
			continue;
		c->edge = edge ? c->edge | (1u << intid) : c->edge & ~(1u << intid);
		gic_set_edge(intid, owner->pcpu, edge);
	}
}

void vgic_redist_write(struct vcpu *v, struct vcpu *owner, unsigned offset, unsigned size,
		       uint64_t value)
{
	struct vgic_cpu *c = vgic_cpu_of(owner->pcpu);
	uint32_t physical = vgic_private_hw(owner->partition->cfg);
	uint32_t bits = (uint32_t)value, hw = bits & physical;

	(void)v;
	if (offset >= GICR_IPRIORITYR && offset < GICR_IPRIORITYR + 32) {
		for (unsigned i = 0; i < size && offset - GICR_IPRIORITYR + i < 32; i++) {
			unsigned intid = offset - GICR_IPRIORITYR + i;

			c->priority[intid] = (uint8_t)(value >> (8 * i));
			/* Direct: the hardware orders its interrupts, so it must know. */
			if (owner->partition->cfg->irq_direct && ((physical >> intid) & 1))
				gic_set_priority(intid, owner->pcpu, c->priority[intid]);
		}
		return;
	}
	switch (offset) {
	case GICR_WAKER:
		c->waker = bits & GICR_WAKER_PROCESSOR_SLEEP;
		break;
	case GICR_IGROUPR0:
		c->group1 = bits;
		break;
	case GICR_ISENABLER0:
		c->enabled |= bits;
		gic_enable(0, owner->pcpu, hw, true);
		if (bits & ~hw)
			vgic_update(owner);
		break;
	case GICR_ICENABLER0:
		c->enabled &= ~bits;
		gic_enable(0, owner->pcpu, hw, false);
		break;
	case GICR_ISPENDR0:
		gic_pend(0, owner->pcpu, hw, true);
		for (uint32_t soft = bits & ~physical; soft != 0; soft &= soft - 1)
			vgic_inject(owner, (unsigned)__builtin_ctz(soft));
		break;
	case GICR_ICPENDR0:
		gic_pend(0, owner->pcpu, hw, false);
		break;
	case GICR_ICACTIVER0:
		gic_clear_active(0, owner->pcpu, hw);
		break;
	case GICR_ICFGR1:
		write_ppi_config(owner, c, bits);
		break;
	default: /* read-only or unimplemented: ignored */
		break;
	}
}
