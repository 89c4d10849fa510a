// SPDX-License-Identifier: Apache-2.0
/*
 * GICv2 implementation of gic.h (GIC-400 class, QEMU's "arm,cortex-a15-gic").
 * Register offsets and bits: ARM IHI 0048B, chapters 4 (GICD, GICC) and 5
 * (GICH, the virtual interface control). Every interrupt stays in Group 0
 * (no security extensions here, so Group 0 is signalled as IRQ); SGIs and
 * PPIs are banked per CPU, so word 0 is always the calling CPU's.
 */
#include "gic.h"

#define GICD_CTLR 0x000
#define GICD_TYPER 0x004
#define GICD_ISENABLER 0x100
#define GICD_ICENABLER 0x180
#define GICD_ISPENDR 0x200
#define GICD_ICPENDR 0x280
#define GICD_ISACTIVER 0x300
#define GICD_ICACTIVER 0x380
#define GICD_IPRIORITYR 0x400
#define GICD_ITARGETSR 0x800
#define GICD_ICFGR 0xc00
#define GICD_SGIR 0xf00

#define GICC_CTLR 0x0000
#define GICC_CTLR_ENABLE_GRP0 (1u << 0)
#define GICC_CTLR_ENABLE_GRP1 (1u << 1)
#define GICC_CTLR_EOIMODE (1u << 9)
#define GICC_PMR 0x0004
#define GICC_IAR 0x000c
#define GICC_EOIR 0x0010
#define GICC_DIR 0x1000

#define GICH_HCR 0x000
#define GICH_HCR_EN (1u << 0)
#define GICH_HCR_UIE (1u << 1)
#define GICH_VTR 0x004
#define GICH_ELRSR0 0x030
#define GICH_LR 0x100
#define GICH_LR_HW (1u << 31)
#define GICH_LR_GRP1 (1u << 30)
#define GICH_LR_PENDING (1u << 28)

#define IRQ_PRIORITY 0x80

static uintptr_t gicd, gicc, gich;
static struct gic_cpu *cpus; /* from gic_init */

static inline uint32_t rd32(uintptr_t a) { return *(volatile uint32_t *)a; }
static inline void wr32(uintptr_t a, uint32_t v) { *(volatile uint32_t *)a = v; }
static inline uint8_t rd8(uintptr_t a) { return *(volatile uint8_t *)a; }
static inline void wr8(uintptr_t a, uint8_t v) { *(volatile uint8_t *)a = v; }

void gic_init(const struct gic_layout *layout)
{
	unsigned lines = ((rd32(layout->gicd + GICD_TYPER) & 0x1f) + 1) * 32;

	gicd = layout->gicd;
	gicc = layout->gicc;
	gich = layout->gich;
	cpus = layout->cpus;
	wr32(gicd + GICD_CTLR, 0);
	for (unsigned i = 32; i < lines && i < 1020; i += 32)
		wr32(gicd + GICD_ICENABLER + i / 8, 0xffffffffu);
	for (unsigned i = 32; i < lines && i < 1020; i++)
		wr8(gicd + GICD_IPRIORITYR + i, IRQ_PRIORITY);
	wr32(gicd + GICD_CTLR, 3);
}

void gic_init_cpu(unsigned cpu, unsigned sgi)
{
	/* ITARGETSR0..7 are banked and read as the calling CPU's own bit. */
	cpus[cpu].interface_mask = rd8(gicd + GICD_ITARGETSR);
	wr32(gicd + GICD_ICENABLER, 0xffffffffu);
	for (unsigned i = 0; i < 32; i++)
		wr8(gicd + GICD_IPRIORITYR + i, IRQ_PRIORITY);
	wr32(gicd + GICD_ISENABLER, (1u << sgi) | (1u << GIC_MAINTENANCE_PPI));
	wr32(gicc + GICC_PMR, 0xff);
	wr32(gicc + GICC_CTLR, GICC_CTLR_ENABLE_GRP0 | GICC_CTLR_ENABLE_GRP1 | GICC_CTLR_EOIMODE);
	wr32(gich + GICH_HCR, GICH_HCR_EN);
}

unsigned gic_acknowledge(void)
{
	return rd32(gicc + GICC_IAR) & 0x3ff;
}

void gic_priority_drop(unsigned intid)
{
	wr32(gicc + GICC_EOIR, intid);
}

void gic_deactivate(unsigned intid)
{
	wr32(gicc + GICC_DIR, intid);
}

void gic_send_sgi(unsigned cpu, unsigned sgi)
{
	__asm__ volatile("dsb ishst" : : : "memory");
	wr32(gicd + GICD_SGIR, ((uint32_t)cpus[cpu].interface_mask << 16) | (sgi & 0xf));
}

unsigned gic_acknowledge_group0(void)
{
	return gic_acknowledge();
}

void gic_priority_drop_group0(unsigned intid)
{
	gic_priority_drop(intid);
}

void gic_send_guest_sgi(unsigned cpu, unsigned sgi)
{
	gic_send_sgi(cpu, sgi);
}

void gic_set_eoi_split(bool split)
{
	uint32_t ctlr = rd32(gicc + GICC_CTLR);

	wr32(gicc + GICC_CTLR, split ? ctlr | GICC_CTLR_EOIMODE : ctlr & ~GICC_CTLR_EOIMODE);
}

void gic_set_priority(unsigned intid, unsigned cpu, uint8_t priority)
{
	(void)cpu;
	wr8(gicd + GICD_IPRIORITYR + intid, priority);
}

void gic_set_group1(unsigned word, unsigned cpu, uint32_t mask)
{
	/* Everything is Group 0 here (no security extensions): nothing to do. */
	(void)word;
	(void)cpu;
	(void)mask;
}

void gic_enable(unsigned word, unsigned cpu, uint32_t mask, bool enable)
{
	(void)cpu;
	wr32(gicd + (enable ? GICD_ISENABLER : GICD_ICENABLER) + word * 4, mask);
}

void gic_pend(unsigned word, unsigned cpu, uint32_t mask, bool pending)
{
	(void)cpu;
	wr32(gicd + (pending ? GICD_ISPENDR : GICD_ICPENDR) + word * 4, mask);
}

void gic_clear_active(unsigned word, unsigned cpu, uint32_t mask)
{
	(void)cpu;
	wr32(gicd + GICD_ICACTIVER + word * 4, mask);
}

uint32_t gic_pending(unsigned word, unsigned cpu)
{
	(void)cpu;
	return rd32(gicd + GICD_ISPENDR + word * 4);
}

uint32_t gic_active(unsigned word, unsigned cpu)
{
	(void)cpu;
	return rd32(gicd + GICD_ISACTIVER + word * 4);
}

void gic_set_edge(unsigned intid, unsigned cpu, bool edge)
{
	uintptr_t reg = gicd + GICD_ICFGR + (intid / 16) * 4;
	uint32_t shift = (intid % 16) * 2 + 1;

	(void)cpu;
	wr32(reg, (rd32(reg) & ~(1u << shift)) | ((uint32_t)edge << shift));
}

void gic_spi_route(unsigned intid, unsigned cpu)
{
	wr8(gicd + GICD_ITARGETSR + intid, cpus[cpu].interface_mask);
}

unsigned gic_lr_count(void)
{
	return (rd32(gich + GICH_VTR) & 0x3f) + 1;
}

uint32_t gic_lr_empty(void)
{
	return rd32(gich + GICH_ELRSR0);
}

void gic_lr_set(unsigned lr, unsigned vintid, unsigned pintid, uint8_t priority, bool group1)
{
	/* Priority keeps its top five bits (GICH_LR[27:23]). */
	uint32_t value = GICH_LR_PENDING | ((uint32_t)(priority >> 3) << 23) | (vintid & 0x3ff);

	if (group1)
		value |= GICH_LR_GRP1;
	if (pintid != GIC_NO_PINTID)
		value |= GICH_LR_HW | ((pintid & 0x3ff) << 10);
	wr32(gich + GICH_LR + lr * 4, value);
}

unsigned gic_lr_state(unsigned lr)
{
	return (rd32(gich + GICH_LR + lr * 4) >> 28) & 3;
}

void gic_lr_repend(unsigned lr)
{
	wr32(gich + GICH_LR + lr * 4, rd32(gich + GICH_LR + lr * 4) | GICH_LR_PENDING);
}

void gic_lr_clear(unsigned lr)
{
	wr32(gich + GICH_LR + lr * 4, 0);
}

void gic_underflow_irq(bool on)
{
	wr32(gich + GICH_HCR, GICH_HCR_EN | (on ? GICH_HCR_UIE : 0));
}
