/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The arm64 port's GIC driver, inside the runtime: irq_arch.c holds what
 * both versions share (finding the GIC in the Devicetree, initializing once
 * per program and once per CPU, the handler table, the IRQ dispatch, the
 * public <bulkhead/irq.h> calls); gicv3_arch.c and gicv2_arch.c talk to the
 * hardware of each version. A call on an SGI or PPI acts on the calling
 * CPU's registers.
 *
 * Register accesses go through the gic_read/gic_write helpers below, one
 * plain load or store each: under Bulkhead the distributor and
 * redistributors are emulated, and the hypervisor can only emulate an access
 * whose syndrome it is given (ARM DDI 0487, ESR_ELx.ISV), which excludes
 * load/store pairs and writeback addressing the compiler might otherwise
 * pick for a volatile pointer.
 */
#ifndef GUEST_RUNTIME_AARCH64_GIC_ARCH_H
#define GUEST_RUNTIME_AARCH64_GIC_ARCH_H

#include <stdbool.h>
#include <stdint.h>

#include "../layout.h"

#define GIC_INTID_LIMIT 1020u /* 1020-1023 are special (spurious) */

struct gic_state {
	int version;                 /* 2, 3, or 0 (none) */
	uintptr_t gicd;              /* distributor */
	uintptr_t gicc;              /* GICv2: the memory-mapped CPU interface */
	uintptr_t gicr[4];           /* GICv3: redistributor regions ... */
	uint64_t gicr_size[4];       /* ... and their sizes */
	unsigned int gicr_regions;
	unsigned int lines;          /* INTIDs the distributor implements (GICD_TYPER) */
	/* Per CPU slot (layout.h): GICv3 RD_base of the CPU in that slot. */
	uintptr_t rd[RUNTIME_CPU_MAX];
	/* Per CPU (position in /cpus): GICv2 CPU interface mask, 0 unknown. */
	uint8_t v2_mask[RUNTIME_CPU_MAX];
};

extern struct gic_state gic;

static inline uint32_t gic_read32(uintptr_t addr)
{
	uint32_t value;

	__asm__ volatile("ldr %w0, [%1]" : "=r"(value) : "r"(addr) : "memory");
	return value;
}

static inline void gic_write32(uintptr_t addr, uint32_t value)
{
	__asm__ volatile("str %w0, [%1]" : : "rZ"(value), "r"(addr) : "memory");
}

static inline uint8_t gic_read8(uintptr_t addr)
{
	uint32_t value;

	__asm__ volatile("ldrb %w0, [%1]" : "=r"(value) : "r"(addr) : "memory");
	return (uint8_t)value;
}

static inline void gic_write8(uintptr_t addr, uint8_t value)
{
	__asm__ volatile("strb %w0, [%1]" : : "rZ"((uint32_t)value), "r"(addr) : "memory");
}

static inline uint64_t gic_read64(uintptr_t addr)
{
	uint64_t value;

	__asm__ volatile("ldr %0, [%1]" : "=r"(value) : "r"(addr) : "memory");
	return value;
}

static inline void gic_write64(uintptr_t addr, uint64_t value)
{
	__asm__ volatile("str %0, [%1]" : : "rZ"(value), "r"(addr) : "memory");
}

/* Distributor registers common to both versions (ARM IHI 0048B 4.3, IHI 0069 12.9). */
#define GICD_CTLR        0x0000
#define GICD_TYPER       0x0004
#define GICD_IGROUPR     0x0080
#define GICD_ISENABLER   0x0100
#define GICD_ICENABLER   0x0180
#define GICD_ISPENDR     0x0200
#define GICD_ICPENDR     0x0280
#define GICD_IPRIORITYR  0x0400
#define GICD_ITARGETSR   0x0800 /* GICv2 */
#define GICD_ICFGR       0x0c00
#define GICD_SGIR        0x0f00 /* GICv2 */
#define GICD_IROUTER     0x6000 /* GICv3 */

/* Each version: distributor once, the calling CPU (slot), then per INTID. */
int gicv3_init(void);
int gicv3_cpu_init(unsigned int slot);
void gicv3_enable(unsigned int slot, unsigned int intid, bool on);
void gicv3_priority(unsigned int slot, unsigned int intid, uint8_t priority);
void gicv3_route(unsigned int intid, unsigned int cpu);
void gicv3_edge(unsigned int slot, unsigned int intid, bool edge);
void gicv3_pend(unsigned int slot, unsigned int intid, bool pending);
void gicv3_sgi(unsigned int sgi, unsigned int cpu);
void gicv3_sgi_raw(uint64_t value);
uint32_t gicv3_ack(void);
void gicv3_eoi(uint32_t iar);

int gicv2_init(void);
int gicv2_cpu_init(unsigned int slot);
void gicv2_enable(unsigned int intid, bool on);
void gicv2_priority(unsigned int intid, uint8_t priority);
void gicv2_route(unsigned int intid, unsigned int cpu);
void gicv2_edge(unsigned int intid, bool edge);
void gicv2_pend(unsigned int intid, bool pending);
void gicv2_sgi(unsigned int sgi, unsigned int cpu);
void gicv2_sgi_raw(uint64_t value);
uint32_t gicv2_ack(void);
void gicv2_eoi(uint32_t iar);

/* Called by start.S when a secondary CPU starts in a slot; it resets the
 * slot's timer state too (vtimer_arch.c). */
void irq_arch_cpu_reset(void);
void vtimer_arch_cpu_reset(void);

#endif
