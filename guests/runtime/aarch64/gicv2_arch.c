// SPDX-License-Identifier: Apache-2.0
/*
 * GICv2 (ARM IHI 0048B): the distributor, with the SGI and PPI registers
 * banked per CPU, and the memory-mapped CPU interface (GICC). QEMU's virt
 * machine with gic-version=2 and no security extension: every interrupt
 * stays in Group 0 and is signalled as IRQ (FIQEn = 0). Under Bulkhead the
 * CPU interface is the hypervisor's virtual one (GICV, at the same address)
 * and the distributor is emulated; the virtual interface may deliver Group 1
 * interrupts too, so both groups are enabled and AckCtl lets GICC_IAR
 * acknowledge either.
 */
#include <bulkhead/irq.h>

#include "../arch.h"
#include "../runtime.h"
#include "gic_arch.h"

#define GICD_CTLR_ENABLE 0x3u /* EnableGrp0 | EnableGrp1 */

/* CPU interface (IHI 0048B 4.4). */
#define GICC_CTLR 0x0000
#define GICC_PMR  0x0004
#define GICC_BPR  0x0008
#define GICC_IAR  0x000c
#define GICC_EOIR 0x0010

#define GICC_CTLR_ENABLE 0x7u /* EnableGrp0 | EnableGrp1 | AckCtl; EOImode 0 */

/* GICD_SGIR.TargetListFilter: the list given, or only the requester. */
#define GICD_SGIR_LIST 0u
#define GICD_SGIR_SELF (2u << 24)

int gicv2_init(void)
{
	uint32_t typer = gic_read32(gic.gicd + GICD_TYPER);

	gic.lines = 32 * ((typer & 0x1f) + 1);
	if (gic.lines > GIC_INTID_LIMIT)
		gic.lines = GIC_INTID_LIMIT;

	gic_write32(gic.gicd + GICD_CTLR, 0);
	/* Every SPI: off, not pending, the default priority, to CPU 0's
	 * interface until bulkhead_intid_route() (GICD_ITARGETSR0 reads as
	 * the reading CPU's own mask, and CPU 0 initializes the distributor
	 * only when it is the first to use interrupts: so take 1 << 0). */
	for (unsigned int n = 1; n < gic.lines / 32; n++) {
		gic_write32(gic.gicd + GICD_ICENABLER + 4 * n, ~0u);
		gic_write32(gic.gicd + GICD_ICPENDR + 4 * n, ~0u);
	}
	for (unsigned int i = BULKHEAD_IRQ_SPI_FIRST; i < gic.lines; i += 4) {
		gic_write32(gic.gicd + GICD_IPRIORITYR + i, 0x01010101u * BULKHEAD_IRQ_PRIORITY_DEFAULT);
		gic_write32(gic.gicd + GICD_ITARGETSR + i, 0x01010101u);
	}
	gic_write32(gic.gicd + GICD_CTLR, GICD_CTLR_ENABLE);
	return 0;
}

int gicv2_cpu_init(unsigned int slot)
{
	unsigned int cpu = bulkhead_cpu_id();
	uint8_t mask = gic_read8(gic.gicd + GICD_ITARGETSR); /* banked: our own */

	(void)slot;
	if (cpu < RUNTIME_CPU_MAX)
		gic.v2_mask[cpu] = mask != 0 ? mask : (uint8_t)(1u << (cpu & 7));
	/* Banked SGIs and PPIs: off (where the GIC lets SGIs be), not
	 * pending, the default priority. */
	gic_write32(gic.gicd + GICD_ICENABLER, ~0u);
	gic_write32(gic.gicd + GICD_ICPENDR, ~0u);
	for (unsigned int i = 0; i < 32; i += 4)
		gic_write32(gic.gicd + GICD_IPRIORITYR + i, 0x01010101u * BULKHEAD_IRQ_PRIORITY_DEFAULT);

	gic_write32(gic.gicc + GICC_PMR, 0xff);
	gic_write32(gic.gicc + GICC_BPR, 0);
	gic_write32(gic.gicc + GICC_CTLR, GICC_CTLR_ENABLE);
	return 0;
}

void gicv2_enable(unsigned int intid, bool on)
{
	gic_write32(gic.gicd + (on ? GICD_ISENABLER : GICD_ICENABLER) + 4 * (intid / 32),
		    1u << (intid % 32));
}

void gicv2_priority(unsigned int intid, uint8_t priority)
{
	gic_write8(gic.gicd + GICD_IPRIORITYR + intid, priority);
}

/* CPU `cpu`'s interface mask: what it read at its init, else 1 << cpu. */
static uint8_t gicv2_mask(unsigned int cpu)
{
	return gic.v2_mask[cpu] != 0 ? gic.v2_mask[cpu] : (uint8_t)(1u << (cpu & 7));
}

void gicv2_route(unsigned int intid, unsigned int cpu)
{
	gic_write8(gic.gicd + GICD_ITARGETSR + intid, gicv2_mask(cpu));
}

void gicv2_edge(unsigned int intid, bool edge)
{
	uintptr_t reg = gic.gicd + GICD_ICFGR + 4 * (intid / 16);
	uint32_t bit = 2u << (2 * (intid % 16));
	uint32_t value = gic_read32(reg);

	gic_write32(reg, edge ? value | bit : value & ~bit);
}

void gicv2_pend(unsigned int intid, bool pending)
{
	gic_write32(gic.gicd + (pending ? GICD_ISPENDR : GICD_ICPENDR) + 4 * (intid / 32),
		    1u << (intid % 32));
}

void gicv2_sgi_raw(uint64_t value)
{
	__asm__ volatile("dsb ishst" : : : "memory");
	gic_write32(gic.gicd + GICD_SGIR, (uint32_t)value);
}

void gicv2_sgi(unsigned int sgi, unsigned int cpu)
{
	if (cpu == bulkhead_cpu_id())
		gicv2_sgi_raw(GICD_SGIR_SELF | sgi);
	else
		gicv2_sgi_raw(GICD_SGIR_LIST | ((uint32_t)gicv2_mask(cpu) << 16) | sgi);
}

uint32_t gicv2_ack(void)
{
	return gic_read32(gic.gicc + GICC_IAR);
}

void gicv2_eoi(uint32_t iar)
{
	/* The whole IAR value: for an SGI it names the CPU that sent it. */
	gic_write32(gic.gicc + GICC_EOIR, iar);
}
