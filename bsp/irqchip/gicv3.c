// SPDX-License-Identifier: Apache-2.0
/*
 * GICv3 implementation of gic.h. Register offsets and bits: ARM IHI 0069,
 * chapters 12.9 (GICD), 12.11 (GICR), 12.2 (ICC) and 12.4 (ICH).
 */
#include "gic.h"

#define GICD_CTLR 0x0000
#define GICD_CTLR_RWP (1u << 31)
#define GICD_CTLR_ARE (1u << 4)          /* ARE_NS, or ARE with one security state */
#define GICD_CTLR_ENABLE_GRP1 (1u << 1)  /* EnableGrp1NS, or EnableGrp1 */
#define GICD_CTLR_ENABLE_GRP0 (1u << 0)  /* the hypervisor's own SGI is Group 0 */
#define GICD_TYPER 0x0004
#define GICD_IROUTER 0x6000

/* Shared by GICD (SPIs) and the GICR SGI frame (SGIs and PPIs). */
#define GIC_IGROUPR 0x0080
#define GIC_ISENABLER 0x0100
#define GIC_ICENABLER 0x0180
#define GIC_ISPENDR 0x0200
#define GIC_ICPENDR 0x0280
#define GIC_ISACTIVER 0x0300
#define GIC_ICACTIVER 0x0380
#define GIC_IPRIORITYR 0x0400
#define GIC_ICFGR 0x0c00

#define GICR_FRAME_SIZE 0x20000          /* RD_base + SGI_base, 64 KiB each */
#define GICR_TYPER 0x0008
#define GICR_TYPER_LAST (1ull << 4)
#define GICR_WAKER 0x0014
#define GICR_WAKER_PROCESSOR_SLEEP (1u << 1)
#define GICR_WAKER_CHILDREN_ASLEEP (1u << 2)
#define GICR_SGI_BASE 0x10000

#define ICC_SRE_SRE (1ull << 0)
#define ICC_SRE_ENABLE (1ull << 3)       /* EL1 may use ICC_SRE_EL1 */
#define ICC_CTLR_EOIMODE (1ull << 1)
#define ICH_HCR_EN (1ull << 0)
#define ICH_HCR_UIE (1ull << 1)
#define ICH_LR_HW (1ull << 61)
#define ICH_LR_GROUP1 (1ull << 60)
#define ICH_LR_PENDING (1ull << 62)

#define IRQ_PRIORITY 0x80                /* physical priority of every interrupt */

/* Encodings, since not every assembler knows the GIC names. */
#define ICC_SRE_EL2 "S3_4_C12_C9_5"
#define ICC_PMR_EL1 "S3_0_C4_C6_0"
#define ICC_CTLR_EL1 "S3_0_C12_C12_4"
#define ICC_IGRPEN1_EL1 "S3_0_C12_C12_7"
#define ICC_IGRPEN0_EL1 "S3_0_C12_C12_6"
#define ICC_SGI0R_EL1 "S3_0_C12_C11_7"
#define ICC_IAR0_EL1 "S3_0_C12_C8_0"
#define ICC_EOIR0_EL1 "S3_0_C12_C8_1"
#define ICC_SGI1R_EL1 "S3_0_C12_C11_5"
#define ICC_IAR1_EL1 "S3_0_C12_C12_0"
#define ICC_EOIR1_EL1 "S3_0_C12_C12_1"
#define ICC_DIR_EL1 "S3_0_C12_C11_1"
#define ICH_HCR_EL2 "S3_4_C12_C11_0"
#define ICH_VTR_EL2 "S3_4_C12_C11_1"
#define ICH_ELRSR_EL2 "S3_4_C12_C11_5"
#define ICH_VMCR_EL2 "S3_4_C12_C11_7"

#define sysreg_set(reg, value) \
	__asm__ volatile("msr " reg ", %0" : : "r"((uint64_t)(value)) : "memory")
#define sysreg_get(reg, var) __asm__ volatile("mrs %0, " reg : "=r"(var) : : "memory")

static uintptr_t gicd;
static struct gic_cpu *cpus; /* from gic_init */

static inline uint32_t rd32(uintptr_t a) { return *(volatile uint32_t *)a; }
static inline void wr32(uintptr_t a, uint32_t v) { *(volatile uint32_t *)a = v; }
static inline uint64_t rd64(uintptr_t a) { return *(volatile uint64_t *)a; }
static inline void wr64(uintptr_t a, uint64_t v) { *(volatile uint64_t *)a = v; }
static inline void wr8(uintptr_t a, uint8_t v) { *(volatile uint8_t *)a = v; }

static void wait_rwp(void)
{
	while ((rd32(gicd + GICD_CTLR) & GICD_CTLR_RWP) != 0)
		;
}

static uintptr_t find_redistributor(uintptr_t gicr, uint64_t size, uint64_t mpidr)
{
	/* GICR_TYPER[63:32] holds Aff3.Aff2.Aff1.Aff0 of the frame's CPU. */
	uint64_t affinity = ((mpidr >> 8) & 0xff000000ull) | (mpidr & 0xffffffull);

	for (uint64_t off = 0; off + GICR_FRAME_SIZE <= size; off += GICR_FRAME_SIZE) {
		uint64_t typer = rd64(gicr + off + GICR_TYPER);

		if ((typer >> 32) == affinity)
			return gicr + off;
		if ((typer & GICR_TYPER_LAST) != 0)
			break;
	}
	return 0;
}

void gic_init(const struct gic_layout *layout)
{
	unsigned lines = ((rd32(layout->gicd + GICD_TYPER) & 0x1f) + 1) * 32;

	gicd = layout->gicd;
	cpus = layout->cpus;
	for (unsigned cpu = 0; cpu < layout->cpu_count; cpu++) {
		cpus[cpu].mpidr = layout->cpu_mpidr[cpu];
		cpus[cpu].redistributor = find_redistributor(layout->gicr, layout->gicr_size,
							     cpus[cpu].mpidr);
	}
	wr32(gicd + GICD_CTLR, rd32(gicd + GICD_CTLR) | GICD_CTLR_ARE | GICD_CTLR_ENABLE_GRP1 |
				       GICD_CTLR_ENABLE_GRP0);
	wait_rwp();
	/* Every SPI off and Group 1 until a partition enables its own. */
	for (unsigned i = 32; i < lines && i < 1020; i += 32) {
		wr32(gicd + GIC_ICENABLER + i / 8, 0xffffffffu);
		wr32(gicd + GIC_IGROUPR + i / 8, 0xffffffffu);
	}
	for (unsigned i = 32; i < lines && i < 1020; i++)
		wr8(gicd + GIC_IPRIORITYR + i, IRQ_PRIORITY);
	wait_rwp();
}

static uintptr_t sgi_frame(unsigned cpu)
{
	return cpus[cpu].redistributor + GICR_SGI_BASE;
}

void gic_init_cpu(unsigned cpu, unsigned sgi)
{
	uintptr_t rd = cpus[cpu].redistributor, sgi_base = sgi_frame(cpu);
	uint64_t value;

	wr32(rd + GICR_WAKER, rd32(rd + GICR_WAKER) & ~GICR_WAKER_PROCESSOR_SLEEP);
	while ((rd32(rd + GICR_WAKER) & GICR_WAKER_CHILDREN_ASLEEP) != 0)
		;
	/* SGIs and PPIs: all Group 1 and off, but the hypervisor's own SGI,
	 * which is Group 0 (FIQ) so that no partition's interface can hide it. */
	wr32(sgi_base + GIC_ICENABLER, 0xffffffffu);
	wr32(sgi_base + GIC_IGROUPR, ~(1u << sgi));
	for (unsigned i = 0; i < 32; i++)
		wr8(sgi_base + GIC_IPRIORITYR + i, IRQ_PRIORITY);
	wr32(sgi_base + GIC_ISENABLER, (1u << sgi) | (1u << GIC_MAINTENANCE_PPI));

	sysreg_get(ICC_SRE_EL2, value);
	sysreg_set(ICC_SRE_EL2, value | ICC_SRE_SRE | ICC_SRE_ENABLE);
	__asm__ volatile("isb" : : : "memory");
	sysreg_set(ICC_PMR_EL1, 0xff);
	sysreg_get(ICC_CTLR_EL1, value);
	sysreg_set(ICC_CTLR_EL1, value | ICC_CTLR_EOIMODE);
	sysreg_set(ICC_IGRPEN1_EL1, 1);
	sysreg_set(ICC_IGRPEN0_EL1, 1);
	sysreg_set(ICH_VMCR_EL2, 0);
	sysreg_set(ICH_HCR_EL2, ICH_HCR_EN);
	__asm__ volatile("isb" : : : "memory");
}

unsigned gic_acknowledge(void)
{
	uint64_t iar;

	sysreg_get(ICC_IAR1_EL1, iar);
	return (unsigned)(iar & 0xffffff);
}

void gic_priority_drop(unsigned intid)
{
	sysreg_set(ICC_EOIR1_EL1, intid);
}

void gic_deactivate(unsigned intid)
{
	sysreg_set(ICC_DIR_EL1, intid);
}

unsigned gic_acknowledge_group0(void)
{
	uint64_t iar;

	sysreg_get(ICC_IAR0_EL1, iar);
	return (unsigned)(iar & 0xffffff);
}

void gic_priority_drop_group0(unsigned intid)
{
	sysreg_set(ICC_EOIR0_EL1, intid);
}

void gic_set_eoi_split(bool split)
{
	uint64_t ctlr;

	sysreg_get(ICC_CTLR_EL1, ctlr);
	sysreg_set(ICC_CTLR_EL1, split ? ctlr | ICC_CTLR_EOIMODE : ctlr & ~ICC_CTLR_EOIMODE);
	__asm__ volatile("isb" : : : "memory");
}


/* The register block that holds an interrupt's state bits. */
static uintptr_t bank(unsigned intid, unsigned cpu)
{
	return intid < 32 ? sgi_frame(cpu) : gicd;
}

void gic_set_priority(unsigned intid, unsigned cpu, uint8_t priority)
{
	wr8(bank(intid, cpu) + GIC_IPRIORITYR + intid, priority);
}

void gic_set_group1(unsigned word, unsigned cpu, uint32_t mask)
{
	uintptr_t reg = bank(word * 32, cpu) + GIC_IGROUPR + word * 4;

	wr32(reg, rd32(reg) | mask);
}

static uint64_t sgi_register_value(unsigned cpu, unsigned sgi)
{
	/* ICC_SGI{0,1}R_EL1: one target in TargetList, RS selecting its group
	 * of 16 Aff0 values, then Aff1, INTID, Aff2, Aff3. */
	uint64_t mpidr = cpus[cpu].mpidr;
	uint64_t aff0 = mpidr & 0xff, aff1 = (mpidr >> 8) & 0xff;
	uint64_t aff2 = (mpidr >> 16) & 0xff, aff3 = (mpidr >> 32) & 0xff;

	return (1ull << (aff0 & 0xf)) | (aff1 << 16) | ((uint64_t)(sgi & 0xf) << 24) |
	       (aff2 << 32) | ((aff0 >> 4) << 44) | (aff3 << 48);
}

void gic_send_sgi(unsigned cpu, unsigned sgi)
{
	__asm__ volatile("dsb ishst" : : : "memory");
	sysreg_set(ICC_SGI0R_EL1, sgi_register_value(cpu, sgi));
	__asm__ volatile("isb" : : : "memory");
}

void gic_send_guest_sgi(unsigned cpu, unsigned sgi)
{
	__asm__ volatile("dsb ishst" : : : "memory");
	sysreg_set(ICC_SGI1R_EL1, sgi_register_value(cpu, sgi));
	__asm__ volatile("isb" : : : "memory");
}

void gic_enable(unsigned word, unsigned cpu, uint32_t mask, bool enable)
{
	wr32(bank(word * 32, cpu) + (enable ? GIC_ISENABLER : GIC_ICENABLER) + word * 4, mask);
}

void gic_pend(unsigned word, unsigned cpu, uint32_t mask, bool pending)
{
	wr32(bank(word * 32, cpu) + (pending ? GIC_ISPENDR : GIC_ICPENDR) + word * 4, mask);
}

void gic_clear_active(unsigned word, unsigned cpu, uint32_t mask)
{
	wr32(bank(word * 32, cpu) + GIC_ICACTIVER + word * 4, mask);
}

uint32_t gic_pending(unsigned word, unsigned cpu)
{
	return rd32(bank(word * 32, cpu) + GIC_ISPENDR + word * 4);
}

uint32_t gic_active(unsigned word, unsigned cpu)
{
	return rd32(bank(word * 32, cpu) + GIC_ISACTIVER + word * 4);
}

void gic_set_edge(unsigned intid, unsigned cpu, bool edge)
{
	uintptr_t reg = bank(intid, cpu) + GIC_ICFGR + (intid / 16) * 4;
	uint32_t shift = (intid % 16) * 2 + 1;

	wr32(reg, (rd32(reg) & ~(1u << shift)) | ((uint32_t)edge << shift));
}

void gic_spi_route(unsigned intid, unsigned cpu)
{
	uint64_t mpidr = cpus[cpu].mpidr;

	wr64(gicd + GICD_IROUTER + intid * 8, (mpidr & 0xffffffull) | ((mpidr >> 32) & 0xff) << 32);
}

unsigned gic_lr_count(void)
{
	uint64_t vtr;

	sysreg_get(ICH_VTR_EL2, vtr);
	return (unsigned)(vtr & 0x1f) + 1;
}

uint32_t gic_lr_empty(void)
{
	uint64_t elrsr;

	sysreg_get(ICH_ELRSR_EL2, elrsr);
	return (uint32_t)elrsr;
}

static void lr_write(unsigned lr, uint64_t value)
{
	/* Each list register is its own system register (ICH_LR<n>_EL2). */
	switch (lr) {
	case 0: sysreg_set("S3_4_C12_C12_0", value); break;
	case 1: sysreg_set("S3_4_C12_C12_1", value); break;
	case 2: sysreg_set("S3_4_C12_C12_2", value); break;
	case 3: sysreg_set("S3_4_C12_C12_3", value); break;
	case 4: sysreg_set("S3_4_C12_C12_4", value); break;
	case 5: sysreg_set("S3_4_C12_C12_5", value); break;
	case 6: sysreg_set("S3_4_C12_C12_6", value); break;
	case 7: sysreg_set("S3_4_C12_C12_7", value); break;
	case 8: sysreg_set("S3_4_C12_C13_0", value); break;
	case 9: sysreg_set("S3_4_C12_C13_1", value); break;
	case 10: sysreg_set("S3_4_C12_C13_2", value); break;
	case 11: sysreg_set("S3_4_C12_C13_3", value); break;
	case 12: sysreg_set("S3_4_C12_C13_4", value); break;
	case 13: sysreg_set("S3_4_C12_C13_5", value); break;
	case 14: sysreg_set("S3_4_C12_C13_6", value); break;
	default: sysreg_set("S3_4_C12_C13_7", value); break;
	}
}

static uint64_t lr_read(unsigned lr)
{
	uint64_t value;

	switch (lr) {
	case 0: sysreg_get("S3_4_C12_C12_0", value); break;
	case 1: sysreg_get("S3_4_C12_C12_1", value); break;
	case 2: sysreg_get("S3_4_C12_C12_2", value); break;
	case 3: sysreg_get("S3_4_C12_C12_3", value); break;
	case 4: sysreg_get("S3_4_C12_C12_4", value); break;
	case 5: sysreg_get("S3_4_C12_C12_5", value); break;
	case 6: sysreg_get("S3_4_C12_C12_6", value); break;
	case 7: sysreg_get("S3_4_C12_C12_7", value); break;
	case 8: sysreg_get("S3_4_C12_C13_0", value); break;
	case 9: sysreg_get("S3_4_C12_C13_1", value); break;
	case 10: sysreg_get("S3_4_C12_C13_2", value); break;
	case 11: sysreg_get("S3_4_C12_C13_3", value); break;
	case 12: sysreg_get("S3_4_C12_C13_4", value); break;
	case 13: sysreg_get("S3_4_C12_C13_5", value); break;
	case 14: sysreg_get("S3_4_C12_C13_6", value); break;
	default: sysreg_get("S3_4_C12_C13_7", value); break;
	}
	return value;
}

unsigned gic_lr_state(unsigned lr)
{
	return (unsigned)(lr_read(lr) >> 62) & 3;
}

void gic_lr_repend(unsigned lr)
{
	lr_write(lr, lr_read(lr) | ICH_LR_PENDING);
}

void gic_lr_set(unsigned lr, unsigned vintid, unsigned pintid, uint8_t priority, bool group1)
{
	uint64_t value = ICH_LR_PENDING | ((uint64_t)priority << 48) | vintid;

	if (group1)
		value |= ICH_LR_GROUP1;
	if (pintid != GIC_NO_PINTID)
		value |= ICH_LR_HW | ((uint64_t)pintid << 32);
	lr_write(lr, value);
}

void gic_lr_clear(unsigned lr)
{
	lr_write(lr, 0);
}

void gic_underflow_irq(bool on)
{
	sysreg_set(ICH_HCR_EL2, ICH_HCR_EN | (on ? ICH_HCR_UIE : 0));
}
