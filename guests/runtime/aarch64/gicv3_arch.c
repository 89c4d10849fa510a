// SPDX-License-Identifier: Apache-2.0
/*
 * GICv3 (ARM IHI 0069): the distributor for SPIs, each CPU's redistributor
 * for its SGIs and PPIs, and the system-register CPU interface (ICC_*_EL1).
 * Affinity routing is on; every interrupt is Group 1 (non-secure), which is
 * what a partition's virtual CPU interface delivers and what QEMU's virt
 * machine (no security extension, GICD_CTLR.DS = 1) signals as IRQ.
 *
 * Natively these are QEMU's real registers. Under Bulkhead the distributor
 * and redistributors are emulated by the hypervisor (every access traps),
 * and the ICC registers at EL1 are the virtual CPU interface (no traps),
 * except ICC_SGI1R_EL1 writes, which the hypervisor checks so that SGIs
 * reach only the partition's own vCPUs.
 */
#include <bulkhead/irq.h>

#include "../arch.h"
#include "../runtime.h"
#include "gic_arch.h"

/* Distributor (IHI 0069 12.9). */
#define GICD_CTLR_RWP     (1u << 31)
#define GICD_CTLR_ARE     (1u << 4)  /* ARE_NS in the non-secure view */
#define GICD_CTLR_ENABLE  0x3u       /* DS = 1: EnableGrp0|1; NS view: EnableGrp1|1A */

/* Redistributor, RD_base frame (12.10) and SGI_base frame (12.11). */
#define GICR_CTLR         0x0000
#define GICR_CTLR_RWP     (1u << 3)
#define GICR_TYPER        0x0008
#define GICR_TYPER_VLPIS  (1ull << 1)
#define GICR_TYPER_LAST   (1ull << 4)
#define GICR_WAKER        0x0014
#define GICR_WAKER_PROCESSOR_SLEEP (1u << 1)
#define GICR_WAKER_CHILDREN_ASLEEP (1u << 2)
#define GICR_SGI          0x10000u
#define GICR_FRAME        0x20000u /* RD_base + SGI_base */
#define GICR_FRAME_VLPI   0x40000u /* GICv4: plus VLPI_base and a reserved frame */

/* CPU interface system registers, by encoding (IHI 0069 12.2). */
#define ICC_PMR_EL1     "S3_0_C4_C6_0"
#define ICC_IAR1_EL1    "S3_0_C12_C12_0"
#define ICC_EOIR1_EL1   "S3_0_C12_C12_1"
#define ICC_BPR1_EL1    "S3_0_C12_C12_3"
#define ICC_CTLR_EL1    "S3_0_C12_C12_4"
#define ICC_SRE_EL1     "S3_0_C12_C12_5"
#define ICC_IGRPEN1_EL1 "S3_0_C12_C12_7"
#define ICC_SGI1R_EL1   "S3_0_C12_C11_5"

#define ICC_CTLR_EOIMODE (1u << 1)

#define ICC_READ(reg) ({ \
	uint64_t value_; \
	__asm__ volatile("mrs %0, " reg : "=r"(value_) : : "memory"); \
	value_; })
#define ICC_WRITE(reg, value) \
	__asm__ volatile("msr " reg ", %0" : : "r"((uint64_t)(value)) : "memory")

static void gicv3_wait_dist(void)
{
	for (unsigned int i = 0; i < 1000000 && (gic_read32(gic.gicd + GICD_CTLR) & GICD_CTLR_RWP);
	     i++)
		cpu_arch_relax();
}

static void gicv3_wait_redist(uintptr_t rd)
{
	for (unsigned int i = 0; i < 1000000 && (gic_read32(rd + GICR_CTLR) & GICR_CTLR_RWP); i++)
		cpu_arch_relax();
}

/* MPIDR affinity Aff3.Aff2.Aff1.Aff0 as GICR_TYPER[63:32] gives it. */
static uint32_t gicv3_affinity32(uint64_t mpidr)
{
	return (uint32_t)(((mpidr >> 8) & 0xff000000u) | (mpidr & 0xffffffu));
}

int gicv3_init(void)
{
	uint32_t typer = gic_read32(gic.gicd + GICD_TYPER);

	gic.lines = 32 * ((typer & 0x1f) + 1);
	if (gic.lines > GIC_INTID_LIMIT)
		gic.lines = GIC_INTID_LIMIT;

	/* Off while we set it up, then affinity routing (before any group). */
	gic_write32(gic.gicd + GICD_CTLR, 0);
	gicv3_wait_dist();
	gic_write32(gic.gicd + GICD_CTLR, GICD_CTLR_ARE);
	gicv3_wait_dist();

	/* Every SPI: off, not pending, Group 1, the default priority. Their
	 * routing stays as reset left it (CPU 0) until bulkhead_intid_route(). */
	for (unsigned int n = 1; n < gic.lines / 32; n++) {
		gic_write32(gic.gicd + GICD_ICENABLER + 4 * n, ~0u);
		gic_write32(gic.gicd + GICD_ICPENDR + 4 * n, ~0u);
		gic_write32(gic.gicd + GICD_IGROUPR + 4 * n, ~0u);
	}
	for (unsigned int i = BULKHEAD_IRQ_SPI_FIRST; i < gic.lines; i += 4)
		gic_write32(gic.gicd + GICD_IPRIORITYR + i, 0x01010101u * BULKHEAD_IRQ_PRIORITY_DEFAULT);
	gicv3_wait_dist();
	gic_write32(gic.gicd + GICD_CTLR, GICD_CTLR_ARE | GICD_CTLR_ENABLE);
	gicv3_wait_dist();
	return 0;
}

/* This CPU's RD_base: the frame whose GICR_TYPER affinity is its MPIDR. */
static uintptr_t gicv3_find_redist(void)
{
	uint32_t want = gicv3_affinity32(cpu_arch_mpidr());

	for (unsigned int r = 0; r < gic.gicr_regions; r++) {
		uintptr_t frame = gic.gicr[r], end = gic.gicr[r] + gic.gicr_size[r];

		while (frame + GICR_FRAME <= end) {
			uint64_t typer = gic_read64(frame + GICR_TYPER);

			if ((uint32_t)(typer >> 32) == want)
				return frame;
			if (typer & GICR_TYPER_LAST)
				break;
			frame += (typer & GICR_TYPER_VLPIS) ? GICR_FRAME_VLPI : GICR_FRAME;
		}
	}
	return 0;
}

int gicv3_cpu_init(unsigned int slot)
{
	uintptr_t rd = gicv3_find_redist(), sgi;

	if (rd == 0) {
		console_puts("bulkhead-rt: no GICv3 redistributor for this CPU's MPIDR\n");
		return BULKHEAD_IRQ_E_NO_CONTROLLER;
	}
	gic.rd[slot] = rd;
	sgi = rd + GICR_SGI;

	/* Wake the redistributor (it may have been asleep since reset). */
	gic_write32(rd + GICR_WAKER, gic_read32(rd + GICR_WAKER) & ~GICR_WAKER_PROCESSOR_SLEEP);
	for (unsigned int i = 0; i < 1000000 && (gic_read32(rd + GICR_WAKER) &
						  GICR_WAKER_CHILDREN_ASLEEP); i++)
		cpu_arch_relax();

	/* SGIs and PPIs: off, not pending, Group 1, the default priority. */
	gic_write32(sgi + GICD_ICENABLER, ~0u);
	gic_write32(sgi + GICD_ICPENDR, ~0u);
	gic_write32(sgi + GICD_IGROUPR, ~0u);
	for (unsigned int i = 0; i < 32; i += 4)
		gic_write32(sgi + GICD_IPRIORITYR + i, 0x01010101u * BULKHEAD_IRQ_PRIORITY_DEFAULT);
	gicv3_wait_redist(rd);

	/* The CPU interface through system registers. */
	ICC_WRITE(ICC_SRE_EL1, ICC_READ(ICC_SRE_EL1) | 1);
	__asm__ volatile("isb" : : : "memory");
	if ((ICC_READ(ICC_SRE_EL1) & 1) == 0) {
		console_puts("bulkhead-rt: the GICv3 system-register interface is disabled\n");
		return BULKHEAD_IRQ_E_NO_CONTROLLER;
	}
	ICC_WRITE(ICC_PMR_EL1, 0xff);  /* let every priority through */
	ICC_WRITE(ICC_BPR1_EL1, 0);    /* (no preemption anyway: handlers run masked) */
	ICC_WRITE(ICC_CTLR_EL1, ICC_READ(ICC_CTLR_EL1) & ~ICC_CTLR_EOIMODE);
	ICC_WRITE(ICC_IGRPEN1_EL1, 1);
	__asm__ volatile("isb" : : : "memory");
	return 0;
}

/* The register frame that holds `intid`'s bits: this CPU's SGI_base frame
 * for SGIs and PPIs, else the distributor. */
static uintptr_t gicv3_frame(unsigned int slot, unsigned int intid)
{
	return intid < BULKHEAD_IRQ_SPI_FIRST ? gic.rd[slot] + GICR_SGI : gic.gicd;
}

void gicv3_enable(unsigned int slot, unsigned int intid, bool on)
{
	uintptr_t reg = gicv3_frame(slot, intid) + (on ? GICD_ISENABLER : GICD_ICENABLER) +
			4 * (intid / 32);

	gic_write32(reg, 1u << (intid % 32));
	if (!on) {
		/* The disable has taken effect once RWP clears. */
		if (intid < BULKHEAD_IRQ_SPI_FIRST)
			gicv3_wait_redist(gic.rd[slot]);
		else
			gicv3_wait_dist();
	}
}

void gicv3_priority(unsigned int slot, unsigned int intid, uint8_t priority)
{
	gic_write8(gicv3_frame(slot, intid) + GICD_IPRIORITYR + intid, priority);
}

void gicv3_route(unsigned int intid, unsigned int cpu)
{
	uint64_t mpidr = runtime.cpu_mpidr[cpu];

	/* GICD_IROUTER: Aff3[39:32], Aff2[23:16], Aff1[15:8], Aff0[7:0], IRM = 0. */
	gic_write64(gic.gicd + GICD_IROUTER + 8 * intid, mpidr & 0xff00ffffffull);
}

void gicv3_edge(unsigned int slot, unsigned int intid, bool edge)
{
	uintptr_t reg = gicv3_frame(slot, intid) + GICD_ICFGR + 4 * (intid / 16);
	uint32_t bit = 2u << (2 * (intid % 16));
	uint32_t value = gic_read32(reg);

	gic_write32(reg, edge ? value | bit : value & ~bit);
}

void gicv3_pend(unsigned int slot, unsigned int intid, bool pending)
{
	gic_write32(gicv3_frame(slot, intid) + (pending ? GICD_ISPENDR : GICD_ICPENDR) +
		    4 * (intid / 32), 1u << (intid % 32));
}

void gicv3_sgi_raw(uint64_t value)
{
	/* Memory written before the SGI is visible to its handler. */
	__asm__ volatile("dsb ishst" : : : "memory");
	ICC_WRITE(ICC_SGI1R_EL1, value);
	__asm__ volatile("isb" : : : "memory");
}

void gicv3_sgi(unsigned int sgi, unsigned int cpu)
{
	uint64_t mpidr = runtime.cpu_mpidr[cpu];
	uint64_t aff0 = mpidr & 0xff;

	/* ICC_SGI1R_EL1: Aff3[55:48], RS[47:44] (which 16 of Aff0), Aff2[39:32],
	 * INTID[27:24], Aff1[23:16], TargetList[15:0]. */
	gicv3_sgi_raw((((mpidr >> 32) & 0xff) << 48) | ((aff0 >> 4) << 44) |
		      (((mpidr >> 16) & 0xff) << 32) | ((uint64_t)sgi << 24) |
		      (((mpidr >> 8) & 0xff) << 16) | (1ull << (aff0 & 0xf)));
}

uint32_t gicv3_ack(void)
{
	return (uint32_t)ICC_READ(ICC_IAR1_EL1);
}

void gicv3_eoi(uint32_t iar)
{
	/* EOI mode 0: priority drop and deactivation in one. */
	ICC_WRITE(ICC_EOIR1_EL1, iar);
}
