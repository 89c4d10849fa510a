// SPDX-License-Identifier: Apache-2.0
/*
 * GICv3 driver (see gicv3.h). Register offsets and bits: ARM IHI 0069,
 * chapters 12.9 (GICD), 12.11 (GICR) and 12.2 (ICC system registers).
 */
#include "gicv3.h"

#define GICD_CTLR 0x0000
#define GICD_CTLR_RWP (1u << 31)
#define GICD_CTLR_ARE (1u << 4)          /* ARE_NS, or ARE with one security state */
#define GICD_CTLR_ENABLE_GRP1 (1u << 1)  /* EnableGrp1NS, or EnableGrp1 */

#define GICR_FRAME_SIZE 0x20000         /* RD_base + SGI_base, 64 KiB each */
#define GICR_TYPER 0x0008
#define GICR_TYPER_LAST (1ull << 4)
#define GICR_WAKER 0x0014
#define GICR_WAKER_PROCESSOR_SLEEP (1u << 1)
#define GICR_WAKER_CHILDREN_ASLEEP (1u << 2)
#define GICR_SGI_BASE 0x10000
#define GICR_IGROUPR0 0x0080
#define GICR_ISENABLER0 0x0100
#define GICR_IPRIORITYR 0x0400

#define ICC_SRE_SRE (1ull << 0)
#define ICC_SRE_ENABLE (1ull << 3)       /* EL1 may use ICC_SRE_EL1 */

#define SGI_PRIORITY 0x80

static inline uint32_t mmio_read32(uintptr_t addr)
{
	return *(volatile uint32_t *)addr;
}

static inline void mmio_write32(uintptr_t addr, uint32_t value)
{
	*(volatile uint32_t *)addr = value;
}

static inline uint64_t mmio_read64(uintptr_t addr)
{
	return *(volatile uint64_t *)addr;
}

static inline void mmio_write8(uintptr_t addr, uint8_t value)
{
	*(volatile uint8_t *)addr = value;
}

#define icc_write(reg, value) \
	__asm__ volatile("msr " reg ", %0" : : "r"((uint64_t)(value)) : "memory")
#define icc_read(reg, var) __asm__ volatile("mrs %0, " reg : "=r"(var) : : "memory")

/* Encodings, since not every assembler knows the ICC names. */
#define ICC_SRE_EL2 "S3_4_C12_C9_5"
#define ICC_PMR_EL1 "S3_0_C4_C6_0"
#define ICC_IGRPEN1_EL1 "S3_0_C12_C12_7"
#define ICC_SGI1R_EL1 "S3_0_C12_C11_5"
#define ICC_IAR1_EL1 "S3_0_C12_C12_0"
#define ICC_EOIR1_EL1 "S3_0_C12_C12_1"

void gicv3_init_distributor(uintptr_t gicd)
{
	mmio_write32(gicd + GICD_CTLR,
		     mmio_read32(gicd + GICD_CTLR) | GICD_CTLR_ARE | GICD_CTLR_ENABLE_GRP1);
	while ((mmio_read32(gicd + GICD_CTLR) & GICD_CTLR_RWP) != 0)
		;
}

uintptr_t gicv3_find_redistributor(uintptr_t gicr, uint64_t size, uint64_t mpidr)
{
	/* GICR_TYPER[63:32] holds Aff3.Aff2.Aff1.Aff0 of the frame's CPU. */
	uint64_t affinity = ((mpidr >> 8) & 0xff000000ull) | (mpidr & 0xffffffull);

	for (uint64_t off = 0; off + GICR_FRAME_SIZE <= size; off += GICR_FRAME_SIZE) {
		uint64_t typer = mmio_read64(gicr + off + GICR_TYPER);

		if ((typer >> 32) == affinity)
			return gicr + off;
		if ((typer & GICR_TYPER_LAST) != 0)
			break;
	}
	return 0;
}

void gicv3_init_cpu(uintptr_t rd, unsigned sgi)
{
	uint64_t sre;
	uintptr_t sgi_base = rd + GICR_SGI_BASE;

	mmio_write32(rd + GICR_WAKER, mmio_read32(rd + GICR_WAKER) & ~GICR_WAKER_PROCESSOR_SLEEP);
	while ((mmio_read32(rd + GICR_WAKER) & GICR_WAKER_CHILDREN_ASLEEP) != 0)
		;
	mmio_write32(sgi_base + GICR_IGROUPR0, mmio_read32(sgi_base + GICR_IGROUPR0) | (1u << sgi));
	mmio_write8(sgi_base + GICR_IPRIORITYR + sgi, SGI_PRIORITY);
	mmio_write32(sgi_base + GICR_ISENABLER0, 1u << sgi);

	icc_read(ICC_SRE_EL2, sre);
	icc_write(ICC_SRE_EL2, sre | ICC_SRE_SRE | ICC_SRE_ENABLE);
	__asm__ volatile("isb" : : : "memory");
	icc_write(ICC_PMR_EL1, 0xff);
	icc_write(ICC_IGRPEN1_EL1, 1);
	__asm__ volatile("isb" : : : "memory");
}

void gicv3_send_sgi(uint64_t mpidr, unsigned sgi)
{
	/* ICC_SGI1R_EL1: one target in TargetList, RS selecting its group of
	 * 16 Aff0 values, then Aff1, INTID, Aff2, Aff3. */
	uint64_t aff0 = mpidr & 0xff, aff1 = (mpidr >> 8) & 0xff;
	uint64_t aff2 = (mpidr >> 16) & 0xff, aff3 = (mpidr >> 32) & 0xff;
	uint64_t value = (1ull << (aff0 & 0xf)) | (aff1 << 16) | ((uint64_t)(sgi & 0xf) << 24) |
			 (aff2 << 32) | ((aff0 >> 4) << 44) | (aff3 << 48);

	__asm__ volatile("dsb ishst" : : : "memory");
	icc_write(ICC_SGI1R_EL1, value);
	__asm__ volatile("isb" : : : "memory");
}

unsigned gicv3_acknowledge(void)
{
	uint64_t iar;

	icc_read(ICC_IAR1_EL1, iar);
	return (unsigned)(iar & 0xffffff);
}

void gicv3_end(unsigned intid)
{
	icc_write(ICC_EOIR1_EL1, intid);
	__asm__ volatile("isb" : : : "memory");
}
