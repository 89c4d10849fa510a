// SPDX-License-Identifier: Apache-2.0
/*
 * The emulated distributor, one per partition. GICv3 register map: ARM IHI
 * 0069, 12.9; with affinity routing (always on), SGIs and PPIs live in the
 * redistributors, so word 0 of every bit register reads as zero there.
 * GICv2 (ARM IHI 0048B, 4.3) banks them in the distributor instead, with
 * the layout of a GICv3 redistributor's SGI frame, so vgic_redist.c serves
 * them; GICv2's own registers (ITARGETSR, SGIR) are handled here. An INTID
 * the partition does not own reads as zero and ignores writes; one it owns
 * keeps its virtual configuration here and, when a physical interrupt backs
 * it, has enable, pending, active, trigger and routing mirrored to the real
 * distributor.
 */
#include <stdatomic.h>

#include "config.h"
#include "gic.h"
#include "partition.h"
#include "vgic.h"
#include "vgic_mmio.h"

#define GICD_CTLR 0x0000
#define GICD_CTLR_ARE (1u << 4)
#define GICD_TYPER 0x0004
#define GICD_IIDR 0x0008
#define GICD_IGROUPR 0x0080
#define GICD_ISENABLER 0x0100
#define GICD_ICENABLER 0x0180
#define GICD_ISPENDR 0x0200
#define GICD_ICPENDR 0x0280
#define GICD_ISACTIVER 0x0300
#define GICD_ICACTIVER 0x0380
#define GICD_IPRIORITYR 0x0400
#define GICD_ICFGR 0x0c00
#define GICD_IROUTER 0x6000
#define GICD_PIDR2 0xffe8
#define GICD_ITARGETSR 0x0800
#define GICD_SGIR 0x0f00
#define GICD_V2_PIDR2 0x0fe8

#define GIC_IIDR_ARM 0x43bu
#define GIC_PIDR2_V3 0x3bu
#define GIC_PIDR2_V2 0x2bu
#define GICR_SGI_FRAME 0x10000u

static struct vgic_dist *dist(struct vcpu *v)
{
	return vgic_dist_of(v->partition->cfg->id);
}

/* Word n of a bit register, or -1 when the partition can own nothing there. */
static int bit_word(unsigned offset, unsigned base)
{
	unsigned n = (offset - base) / 4;

	return n == 0 || n >= VGIC_WORDS ? -1 : (int)n;
}

static uint32_t typer(struct vcpu *v)
{
	/* ITLinesNumber, CPUNumber (informative under affinity routing), and
	 * 10 INTID bits. */
	uint32_t cpus = v->partition->cfg->cpu_count - 1;

	return (VGIC_WORDS - 1) | ((cpus > 7 ? 7 : cpus) << 5) | (9u << 19);
}

static uint32_t read_bits(struct vcpu *v, unsigned base, int n)
{
	struct vgic_dist *d = dist(v);

	switch (base) {
	case GICD_IGROUPR:
		return d->group1[n];
	case GICD_ISENABLER:
	case GICD_ICENABLER:
		return d->enabled[n];
	case GICD_ISPENDR:
	case GICD_ICPENDR:
		return gic_pending((unsigned)n, 0) & d->hw[n];
	default: /* ISACTIVER, ICACTIVER */
		return gic_active((unsigned)n, 0) & d->hw[n];
	}
}

/* Make every set bit of `mask` pending at its target vCPU (no physical
 * interrupt behind them). */
static void pend_virtual(struct vcpu *v, unsigned n, uint32_t mask)
{
	struct vgic_dist *d = dist(v);

	for (; mask != 0; mask &= mask - 1) {
		unsigned intid = n * 32 + (unsigned)__builtin_ctz(mask);
		struct vcpu *t = vgic_vcpu(v, d->target[intid]);

		if (t != NULL)
			vgic_inject(t, intid);
	}
}

static void write_bits(struct vcpu *v, unsigned base, int n, uint32_t value)
{
	struct vgic_dist *d = dist(v);
	uint32_t mine = value & d->visible[n], hw = mine & d->hw[n];

	switch (base) {
	case GICD_IGROUPR:
		d->group1[n] = (d->group1[n] & ~d->visible[n]) | mine;
		break;
	case GICD_ISENABLER:
		d->enabled[n] |= mine;
		gic_enable((unsigned)n, 0, hw, true);
		/* Virtual ones that were pending but off may go now, at their
		 * target (a physical one the GIC itself delivers). */
		for (uint32_t soft = mine & ~hw; soft != 0; soft &= soft - 1) {
			struct vcpu *t = vgic_vcpu(v, d->target[n * 32 + __builtin_ctz(soft)]);

			if (t != NULL)
				vgic_update(t);
		}
		break;
	case GICD_ICENABLER:
		d->enabled[n] &= ~mine;
		gic_enable((unsigned)n, 0, hw, false);
		break;
	case GICD_ISPENDR:
		gic_pend((unsigned)n, 0, hw, true);
		pend_virtual(v, (unsigned)n, mine & ~hw);
		break;
	case GICD_ICPENDR:
		gic_pend((unsigned)n, 0, hw, false);
		break;
	case GICD_ICACTIVER:
		gic_clear_active((unsigned)n, 0, hw);
		break;
	default: /* ISACTIVER: setting active is not supported; ignored */
		break;
	}
}

static bool visible(struct vcpu *v, unsigned intid)
{
	return intid >= 32 && intid < CONFIG_GIC_INTIDS &&
	       ((dist(v)->visible[intid / 32] >> (intid % 32)) & 1) != 0;
}

static uint64_t read_priority(struct vcpu *v, unsigned offset, unsigned size)
{
	uint64_t value = 0;

	for (unsigned i = 0; i < size; i++) {
		unsigned intid = offset - GICD_IPRIORITYR + i;

		if (visible(v, intid))
			value |= (uint64_t)dist(v)->priority[intid] << (8 * i);
	}
	return value;
}

static void write_priority(struct vcpu *v, unsigned offset, unsigned size, uint64_t value)
{
	for (unsigned i = 0; i < size; i++) {
		unsigned intid = offset - GICD_IPRIORITYR + i;

		if (!visible(v, intid))
			continue;
		dist(v)->priority[intid] = (uint8_t)(value >> (8 * i));
		/* Direct: the hardware orders its interrupts, so it must know. */
		if (v->partition->cfg->irq_direct && ((dist(v)->hw[intid / 32] >> (intid % 32)) & 1))
			gic_set_priority(intid, 0, dist(v)->priority[intid]);
	}
}

/* ICFGR: two bits per INTID, bit 1 of each pair set for edge-triggered. */
static uint32_t read_config(struct vcpu *v, unsigned offset)
{
	unsigned first = (offset - GICD_ICFGR) * 4;
	uint32_t value = 0;

	for (unsigned i = 0; i < 16; i++)
		if (visible(v, first + i) &&
		    ((dist(v)->edge[(first + i) / 32] >> ((first + i) % 32)) & 1))
			value |= 2u << (2 * i);
	return value;
}

static void write_config(struct vcpu *v, unsigned offset, uint32_t value)
{
	struct vgic_dist *d = dist(v);
	unsigned first = (offset - GICD_ICFGR) * 4;

	for (unsigned i = 0; i < 16; i++) {
		unsigned intid = first + i;
		uint32_t bit = 1u << (intid % 32);
		bool edge = ((value >> (2 * i + 1)) & 1) != 0;

		if (!visible(v, intid))
			continue;
		d->edge[intid / 32] = edge ? d->edge[intid / 32] | bit : d->edge[intid / 32] & ~bit;
		if (d->hw[intid / 32] & bit)
			gic_set_edge(intid, 0, edge);
	}
}

/* IROUTER: the partition names its vCPUs by Aff0 = index; the physical
 * interrupt follows to the CPU that vCPU runs on. */
static void write_route(struct vcpu *v, unsigned intid, uint64_t value)
{
	struct vgic_dist *d = dist(v);
	struct vcpu *t = (value & ~0xffull) == 0 ? vgic_vcpu(v, (unsigned)(value & 0xff)) : NULL;

	if (!visible(v, intid) || t == NULL)
		return;
	d->target[intid] = (uint8_t)t->index;
	if ((d->hw[intid / 32] >> (intid % 32)) & 1)
		gic_spi_route(intid, t->pcpu);
}

/* The registers both versions lay out alike: SPI bits, priorities, trigger. */
static uint64_t vgic_dist_read_shared(struct vcpu *v, unsigned offset, unsigned size)
{
	unsigned base = offset & ~0x7fu;

	if (offset >= GICD_IGROUPR && offset < GICD_IPRIORITYR) {
		int n = bit_word(offset, base);

		return n < 0 ? 0 : read_bits(v, base, n);
	}
	if (offset >= GICD_IPRIORITYR && offset < GICD_IPRIORITYR + CONFIG_GIC_INTIDS)
		return read_priority(v, offset, size);
	if (offset >= GICD_ICFGR && offset < GICD_ICFGR + CONFIG_GIC_INTIDS / 4)
		return read_config(v, offset & ~3u);
	return 0;
}

static void vgic_dist_write_shared(struct vcpu *v, unsigned offset, unsigned size,
				   uint64_t value)
{
	unsigned base = offset & ~0x7fu;

	if (offset >= GICD_IGROUPR && offset < GICD_IPRIORITYR) {
		int n = bit_word(offset, base);

		if (n >= 0)
			write_bits(v, base, n, (uint32_t)value);
	} else if (offset >= GICD_IPRIORITYR && offset < GICD_IPRIORITYR + CONFIG_GIC_INTIDS) {
		write_priority(v, offset, size, value);
	} else if (offset >= GICD_ICFGR && offset < GICD_ICFGR + CONFIG_GIC_INTIDS / 4) {
		write_config(v, offset & ~3u, (uint32_t)value);
	}
}

/* GICv2: the registers of SGIs and PPIs, banked per CPU in the distributor. */
static bool v2_private(unsigned offset)
{
	return (offset >= GICD_IGROUPR && offset < GICD_IPRIORITYR && (offset & 0x7f) < 4) ||
	       (offset >= GICD_IPRIORITYR && offset < GICD_IPRIORITYR + 32) ||
	       offset == GICD_ICFGR || offset == GICD_ICFGR + 4;
}

static uint64_t v2_read_targets(struct vcpu *v, unsigned offset, unsigned size)
{
	uint64_t value = 0;

	for (unsigned i = 0; i < size; i++) {
		unsigned intid = offset - GICD_ITARGETSR + i;
		unsigned target = intid < 32 ? v->index : dist(v)->target[intid];

		if (intid < 32 || visible(v, intid))
			value |= (uint64_t)(1u << target) << (8 * i);
	}
	return value;
}

static void v2_write_targets(struct vcpu *v, unsigned offset, unsigned size, uint64_t value)
{
	for (unsigned i = 0; i < size; i++) {
		unsigned intid = offset - GICD_ITARGETSR + i, mask = (value >> (8 * i)) & 0xff;

		if (intid >= 32 && mask != 0)
			write_route(v, intid, (unsigned)__builtin_ctz(mask));
	}
}

/* GICD_SGIR: TargetListFilter[25:24], CPUTargetList[23:16], SGIINTID[3:0].
 * The list names the partition's vCPUs by index; there is nothing else to
 * name. */
static void v2_send_sgi(struct vcpu *v, uint32_t value)
{
	unsigned filter = (value >> 24) & 3, sgi = value & 0xf;
	uint32_t all = (1u << v->partition->cfg->cpu_count) - 1;
	uint32_t targets = filter == 0 ? (value >> 16) & 0xff & all
			 : filter == 1 ? all & ~(1u << v->index)
			 : filter == 2 ? 1u << v->index : 0;

	for (; targets != 0; targets &= targets - 1)
		vgic_inject(vgic_vcpu(v, (unsigned)__builtin_ctz(targets)), sgi);
}

static uint64_t v2_read(struct vcpu *v, unsigned offset, unsigned size)
{
	uint32_t cpus = v->partition->cfg->cpu_count - 1;

	if (v2_private(offset))
		return vgic_redist_read(v, v, GICR_SGI_FRAME + offset, size);
	if (offset >= GICD_ITARGETSR && offset < GICD_ITARGETSR + CONFIG_GIC_INTIDS)
		return v2_read_targets(v, offset, size);
	switch (offset) {
	case GICD_CTLR:
		return dist(v)->ctlr;
	case GICD_TYPER:
		return (VGIC_WORDS - 1) | ((cpus > 7 ? 7 : cpus) << 5);
	case GICD_IIDR:
		return 0x02000000u | GIC_IIDR_ARM;
	case GICD_V2_PIDR2:
		return GIC_PIDR2_V2;
	default:
		return vgic_dist_read_shared(v, offset, size);
	}
}

static void v2_write(struct vcpu *v, unsigned offset, unsigned size, uint64_t value)
{
	if (v2_private(offset))
		vgic_redist_write(v, v, GICR_SGI_FRAME + offset, size, value);
	else if (offset >= GICD_ITARGETSR && offset < GICD_ITARGETSR + CONFIG_GIC_INTIDS)
		v2_write_targets(v, offset, size, value);
	else if (offset == GICD_SGIR)
		v2_send_sgi(v, (uint32_t)value);
	else if (offset == GICD_CTLR)
		dist(v)->ctlr = (uint32_t)value & 3u;
	else
		vgic_dist_write_shared(v, offset, size, value);
}

static uint64_t vgic_dist_read_v3(struct vcpu *v, unsigned offset, unsigned size)
{
	if (offset >= GICD_IROUTER && offset < GICD_IROUTER + 8 * CONFIG_GIC_INTIDS) {
		unsigned intid = (offset - GICD_IROUTER) / 8;

		return visible(v, intid) && (offset & 4) == 0 ? dist(v)->target[intid] : 0;
	}
	switch (offset) {
	case GICD_CTLR:
		return dist(v)->ctlr | GICD_CTLR_ARE;
	case GICD_TYPER:
		return typer(v);
	case GICD_IIDR:
		return GIC_IIDR_ARM;
	case GICD_PIDR2:
		return GIC_PIDR2_V3;
	default:
		return vgic_dist_read_shared(v, offset, size);
	}
}

static void vgic_dist_write_v3(struct vcpu *v, unsigned offset, unsigned size, uint64_t value)
{
	if (offset >= GICD_IROUTER && offset < GICD_IROUTER + 8 * CONFIG_GIC_INTIDS) {
		if ((offset & 4) == 0)
			write_route(v, (offset - GICD_IROUTER) / 8, value);
	} else if (offset == GICD_CTLR) {
		dist(v)->ctlr = (uint32_t)value & 3u; /* EnableGrp0, EnableGrp1 */
	} else {
		vgic_dist_write_shared(v, offset, size, value);
	}
}

uint64_t vgic_dist_read(struct vcpu *v, unsigned offset, unsigned size)
{
	if (config_board.gic_version == 2)
		return v2_read(v, offset, size);
	return vgic_dist_read_v3(v, offset, size);
}

void vgic_dist_write(struct vcpu *v, unsigned offset, unsigned size, uint64_t value)
{
	if (config_board.gic_version == 2)
		v2_write(v, offset, size, value);
	else
		vgic_dist_write_v3(v, offset, size, value);
}
