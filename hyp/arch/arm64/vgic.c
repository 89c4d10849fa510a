// SPDX-License-Identifier: Apache-2.0
/*
 * Virtual interrupt state and injection (see vgic.h). List register format
 * and the virtual CPU interface: ARM IHI 0069, chapter 6 and 12.4.
 */
#include "vgic.h"

#include <stdatomic.h>
#include <string.h>

#include "arch.h"
#include "check.h"
#include "cpu.h"
#include "gic.h"
#include "irq.h"
#include "partition.h"

static struct vgic_dist dists[CONFIG_PARTITION_COUNT];
static struct vgic_cpu cpus[CONFIG_CPU_COUNT];

struct vgic_dist *vgic_dist_of(uint32_t partition_id)
{
	return &dists[partition_id];
}

struct vgic_cpu *vgic_cpu_of(unsigned pcpu)
{
	return &cpus[pcpu];
}

struct vcpu *vgic_vcpu(struct vcpu *self, unsigned index)
{
	struct partition *p = self->partition;

	return index < p->cfg->cpu_count ? &p->vcpus[index] : NULL;
}

static bool hw_backed(const struct vgic_dist *d, unsigned intid)
{
	if (intid < 32)
		return ((VGIC_GUEST_PPIS >> intid) & 1) != 0;
	return ((d->hw[intid / 32] >> (intid % 32)) & 1) != 0;
}

void vgic_partition_reset(const struct partition_config *cfg)
{
	struct vgic_dist *d = &dists[cfg->id];

	for (unsigned w = 1; w < VGIC_WORDS; w++) {
		gic_enable(w, 0, d->hw[w], false);
		gic_pend(w, 0, d->hw[w], false);
		gic_clear_active(w, 0, d->hw[w]);
	}
	memset(d, 0, sizeof(*d));
	/* Doorbells: virtual SPIs with no physical interrupt behind them. */
	for (unsigned c = 0; config_channels[c].name != NULL; c++)
		for (uint32_t e = 0; e < config_channels[c].end_count; e++)
			if (config_channels[c].ends[e].partition == cfg->id &&
			    config_channels[c].ends[e].doorbell != 0) {
				unsigned intid = config_channels[c].ends[e].doorbell;

				d->visible[intid / 32] |= 1u << (intid % 32);
			}
	for (uint32_t i = 0; i < cfg->irq_count; i++) {
		unsigned intid = cfg->irqs[i];

		d->visible[intid / 32] |= 1u << (intid % 32);
		d->hw[intid / 32] |= 1u << (intid % 32);
		/* Until the partition routes it elsewhere: its first CPU. */
		gic_spi_route(intid, cfg->cpus[0]);
	}
}

void vgic_cpu_reset(void)
{
	unsigned pcpu = arch_cpu_id();
	struct vgic_cpu *c = &cpus[pcpu];
	uint32_t hw = vgic_private_hw(cpu_current()->vcpu->partition->cfg);

	gic_enable(0, pcpu, hw, false);
	gic_pend(0, pcpu, hw, false);
	gic_clear_active(0, pcpu, hw);
	gic_set_group1(0, pcpu, hw);
	memset(c->priority, 0, sizeof(c->priority));
	c->enabled = c->group1 = c->waker = 0;
	c->edge = 0xffff; /* SGIs are always edge-triggered */
	for (unsigned w = 0; w < VGIC_WORDS; w++)
		atomic_store(&c->pending[w], 0);
	c->lr_count = gic_lr_count();
	if (c->lr_count > 16)
		c->lr_count = 16;
	for (unsigned lr = 0; lr < c->lr_count; lr++)
		gic_lr_clear(lr);
	gic_underflow_irq(false);
}

static uint8_t priority_of(const struct vgic_dist *d, const struct vgic_cpu *c, unsigned intid)
{
	return intid < 32 ? c->priority[intid] : d->priority[intid];
}

static bool group1(const struct vgic_dist *d, const struct vgic_cpu *c, unsigned intid)
{
	if (intid < 32)
		return ((c->group1 >> intid) & 1) != 0;
	return ((d->group1[intid / 32] >> (intid % 32)) & 1) != 0;
}

static bool enabled(const struct vgic_dist *d, const struct vgic_cpu *c, unsigned intid)
{
	if (intid < 32)
		return ((c->enabled >> intid) & 1) != 0;
	return ((d->enabled[intid / 32] >> (intid % 32)) & 1) != 0;
}

/* A list register already holds `intid` (a second entry for one INTID is
 * UNPREDICTABLE): still pending there, the two merge; only active there (the
 * partition is handling it), it becomes pending again behind that. */
static bool lr_merge(const struct vgic_dist *d, unsigned lr, unsigned intid)
{
	unsigned state = gic_lr_state(lr);

	if (state & 1)
		return true;
	if (hw_backed(d, intid))
		return false; /* cannot happen: the physical one is still active */
	gic_lr_repend(lr);
	return true;
}

/* Put one interrupt in a free list register, or merge it with the one that
 * holds it already. */
static bool lr_put(struct vgic_cpu *c, const struct vgic_dist *d, unsigned intid)
{
	uint32_t empty = gic_lr_empty() & ((1u << c->lr_count) - 1);
	uint32_t busy = ~empty & ((1u << c->lr_count) - 1);

	for (uint32_t b = busy; b != 0; b &= b - 1)
		if (c->lr_intid[__builtin_ctz(b)] == intid)
			return lr_merge(d, (unsigned)__builtin_ctz(b), intid);
	if (empty == 0)
		return false;
	unsigned lr = (unsigned)__builtin_ctz(empty);

	c->lr_intid[lr] = (uint16_t)intid;
	gic_lr_set(lr, intid, hw_backed(d, intid) ? intid : GIC_NO_PINTID,
		   priority_of(d, c, intid), group1(d, c, intid));
	return true;
}

static void mark_pending(struct vgic_cpu *c, unsigned intid)
{
	atomic_fetch_or(&c->pending[intid / 32], 1u << (intid % 32));
}

/* The highest-priority pending interrupt that may be delivered, or -1. */
static int best_pending(struct vgic_cpu *c, const struct vgic_dist *d)
{
	int best = -1;
	unsigned best_priority = 0x100;

	for (unsigned w = 0; w < VGIC_WORDS; w++) {
		for (uint32_t bits = atomic_load(&c->pending[w]); bits != 0; bits &= bits - 1) {
			unsigned intid = w * 32 + (unsigned)__builtin_ctz(bits);
			unsigned prio = priority_of(d, c, intid);

			if (enabled(d, c, intid) && prio < best_priority) {
				best = (int)intid;
				best_priority = prio;
			}
		}
	}
	return best;
}

/* All list registers are taken: if one holds an interrupt that is only
 * pending (not being handled) and of lower priority than `intid`, put it back
 * among the waiting ones and free its register, so that interrupts always
 * reach the partition in priority order. */
static bool evict_for(struct vgic_cpu *c, const struct vgic_dist *d, unsigned intid)
{
	unsigned victim = c->lr_count, worst = priority_of(d, c, intid);

	for (unsigned lr = 0; lr < c->lr_count; lr++) {
		unsigned prio = priority_of(d, c, c->lr_intid[lr]);

		if (prio > worst && gic_lr_state(lr) == 1) {
			victim = lr;
			worst = prio;
		}
	}
	if (victim == c->lr_count)
		return false;
	mark_pending(c, c->lr_intid[victim]);
	gic_lr_clear(victim);
	return true;
}

void vgic_flush(void)
{
	struct vcpu *v = cpu_current()->vcpu;
	struct vgic_cpu *c = &cpus[arch_cpu_id()];
	const struct vgic_dist *d;
	int intid;

	if (v == NULL)
		return;
	d = &dists[v->partition->cfg->id];
	while ((intid = best_pending(c, d)) >= 0) {
		/* Taken off the waiting list first: an eviction may put back another. */
		atomic_fetch_and(&c->pending[intid / 32], ~(1u << (intid % 32)));
		if (lr_put(c, d, (unsigned)intid))
			continue;
		if (evict_for(c, d, (unsigned)intid) && lr_put(c, d, (unsigned)intid))
			continue;
		mark_pending(c, (unsigned)intid);
		break;
	}
	/* A maintenance interrupt only for what could be delivered: one for a
	 * pending but disabled interrupt would fire for ever (the list
	 * registers stay empty) and starve the partition. Enabling it later
	 * calls vgic_update(). */
	gic_underflow_irq(best_pending(c, d) >= 0);
}

void vgic_update(struct vcpu *target)
{
	if (target->pcpu == arch_cpu_id())
		vgic_flush();
	else
		arch_vcpu_kick(target->pcpu);
}

void vgic_inject(struct vcpu *target, unsigned intid)
{
	CHECK(intid < CONFIG_GIC_INTIDS);
	mark_pending(&cpus[target->pcpu], intid);
	vgic_update(target);
}

void arch_raise_virtual_irq(struct partition *p, unsigned intid)
{
	const struct vgic_dist *d = &dists[p->cfg->id];
	struct vcpu *t = &p->vcpus[d->target[intid] < p->cfg->cpu_count ? d->target[intid] : 0];

	vgic_inject(t, intid);
}

void vgic_forward(unsigned intid)
{
	struct vcpu *v = cpu_current()->vcpu;
	struct vgic_cpu *c = &cpus[arch_cpu_id()];
	const struct vgic_dist *d = &dists[v->partition->cfg->id];

	/* The fast path: straight into a free list register. */
	if (lr_put(c, d, intid))
		return;
	mark_pending(c, intid);
	vgic_flush();
}

void vgic_send_sgi(struct vcpu *self, uint64_t value)
{
	/* ICC_SGI1R_EL1: TargetList[15:0], Aff1[23:16], INTID[27:24],
	 * Aff2[39:32], IRM[40], RS[47:44], Aff3[55:48]. A partition's vCPUs
	 * are Aff0 = index with every other affinity field zero, so any
	 * other affinity names a CPU it does not have. */
	unsigned sgi = (unsigned)(value >> 24) & 0xf;
	uint32_t targets;

	if ((value >> 40) & 1) {
		targets = ((1u << self->partition->cfg->cpu_count) - 1) & ~(1u << self->index);
	} else {
		if ((value & 0x00ff0000ull) != 0 || (value & 0x00ff00ff00000000ull) != 0 ||
		    ((value >> 44) & 0xf) != 0)
			return;
		targets = (uint32_t)(value & 0xffff);
	}
	for (; targets != 0; targets &= targets - 1) {
		struct vcpu *t = vgic_vcpu(self, (unsigned)__builtin_ctz(targets));

		if (t == NULL)
			continue;
		if (!self->partition->cfg->irq_direct)
			vgic_inject(t, sgi);
		else if (((VGIC_DIRECT_SGIS >> sgi) & 1) != 0)
			gic_send_guest_sgi(t->pcpu, sgi);
	}
}
