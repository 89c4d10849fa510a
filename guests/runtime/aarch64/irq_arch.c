// SPDX-License-Identifier: Apache-2.0
/*
 * Interrupts on arm64 (<bulkhead/irq.h>): which GIC the Devicetree names,
 * initializing it on first use, the handler table and the dispatch that the
 * IRQ vector (vectors.S) calls. The version-specific register work is in
 * gicv3_arch.c and gicv2_arch.c (see gic_arch.h).
 *
 * Initialization is lazy, so programs that never use interrupts never
 * touch the GIC: the first call on any CPU initializes the distributor
 * (one CPU does it while the others wait), and each CPU initializes its own
 * redistributor or CPU interface at its first call. A CPU (re)started with
 * bulkhead_cpu_start() has its slot marked uninitialized by start.S, since
 * PSCI CPU_ON resets the CPU interface.
 */
#include <stdatomic.h>
#include <string.h>

#include <libfdt.h>

#include <bulkhead/irq.h>

#include "../arch.h"
#include "../runtime.h"
#include "gic_arch.h"

struct gic_state gic;

#define GIC_INIT_NONE    0u
#define GIC_INIT_RUNNING 1u
#define GIC_INIT_DONE    2u
#define GIC_INIT_FAILED  3u

static uint32_t gic_init_state;
static bool gic_cpu_ready[RUNTIME_CPU_MAX];

struct irq_handler {
	bulkhead_irq_fn fn;
	void *arg;
};

static struct irq_handler irq_handlers[GIC_INTID_LIMIT];
static uint64_t irq_taken[RUNTIME_CPU_MAX];
static uint32_t irq_unhandled_reported[GIC_INTID_LIMIT / 32];

/* Written by the IRQ vector (vectors.S), one per slot. */
extern uint64_t irq_arch_stamp[RUNTIME_CPU_MAX];

/* GICv3, then the GICv2 family, as QEMU and common boards name them. */
static const char *const gic_v2_compatibles[] = {
	"arm,cortex-a15-gic", "arm,gic-400", "arm,cortex-a7-gic", "arm,cortex-a9-gic",
};

static unsigned int irq_slot(void)
{
	return cpu_arch_slot() % RUNTIME_CPU_MAX;
}

static bool irq_node_usable(const void *fdt, int node)
{
	int len;
	const char *status = fdt_getprop(fdt, node, "status", &len);

	return (status == NULL || (len >= 2 && status[0] == 'o' && status[1] == 'k')) &&
	       fdt_getprop(fdt, node, "interrupt-controller", &len) != NULL;
}

/* Find the GIC in the Devicetree and fill gic's addresses; 0 or an error. */
static int irq_find_gic(void)
{
	const void *fdt = runtime.fdt;
	uint64_t addr, size;
	int node = fdt_node_offset_by_compatible(fdt, -1, "arm,gic-v3");

	while (node >= 0 && !irq_node_usable(fdt, node))
		node = fdt_node_offset_by_compatible(fdt, node, "arm,gic-v3");
	if (node >= 0) {
		gic.version = 3;
		for (int i = 1; i <= 4 && devtree_node_reg(fdt, node, i, &addr, &size) == 0; i++) {
			if (!mmu_arch_covers((uintptr_t)addr, size))
				return BULKHEAD_IRQ_E_NO_CONTROLLER;
			gic.gicr[gic.gicr_regions] = (uintptr_t)addr;
			gic.gicr_size[gic.gicr_regions++] = size;
		}
		if (gic.gicr_regions == 0)
			return BULKHEAD_IRQ_E_NO_CONTROLLER;
	} else {
		for (unsigned int i = 0; node < 0 && i < sizeof(gic_v2_compatibles) /
							   sizeof(gic_v2_compatibles[0]); i++) {
			node = fdt_node_offset_by_compatible(fdt, -1, gic_v2_compatibles[i]);
			while (node >= 0 && !irq_node_usable(fdt, node))
				node = fdt_node_offset_by_compatible(fdt, node,
								     gic_v2_compatibles[i]);
		}
		if (node < 0 || devtree_node_reg(fdt, node, 1, &addr, &size) != 0 ||
		    !mmu_arch_covers((uintptr_t)addr, 0x2000))
			return BULKHEAD_IRQ_E_NO_CONTROLLER;
		gic.version = 2;
		gic.gicc = (uintptr_t)addr;
	}
	if (devtree_node_reg(fdt, node, 0, &addr, &size) != 0 ||
	    !mmu_arch_covers((uintptr_t)addr, 0x1000)) {
		gic.version = 0;
		return BULKHEAD_IRQ_E_NO_CONTROLLER;
	}
	gic.gicd = (uintptr_t)addr;
	return 0;
}

/* The program-wide part, once; every caller returns when it is done. */
static int irq_init_global(void)
{
	uint32_t expected = GIC_INIT_NONE;
	uint32_t state;

	if (__atomic_compare_exchange_n(&gic_init_state, &expected, GIC_INIT_RUNNING, false,
					__ATOMIC_ACQUIRE, __ATOMIC_ACQUIRE)) {
		int err = irq_find_gic();

		if (err == 0)
			err = gic.version == 3 ? gicv3_init() : gicv2_init();
		__atomic_store_n(&gic_init_state, err == 0 ? GIC_INIT_DONE : GIC_INIT_FAILED,
				 __ATOMIC_RELEASE);
	}
	while ((state = __atomic_load_n(&gic_init_state, __ATOMIC_ACQUIRE)) == GIC_INIT_RUNNING)
		cpu_arch_relax();
	return state == GIC_INIT_DONE ? 0 : BULKHEAD_IRQ_E_NO_CONTROLLER;
}

int bulkhead_irq_init(void)
{
	unsigned int slot = irq_slot();
	int err;

	if (gic_cpu_ready[slot])
		return 0;
	err = irq_init_global();
	if (err == 0)
		err = gic.version == 3 ? gicv3_cpu_init(slot) : gicv2_cpu_init(slot);
	if (err == 0)
		gic_cpu_ready[slot] = true;
	return err;
}

void irq_arch_cpu_reset(void)
{
	gic_cpu_ready[irq_slot()] = false;
	vtimer_arch_cpu_reset();
}

uintptr_t bulkhead_irq_distributor(void)
{
	return bulkhead_irq_init() == 0 ? gic.gicd : 0;
}

int bulkhead_irq_gic_version(void)
{
	return bulkhead_irq_init() == 0 ? gic.version : 0;
}

/* Initialized, and `intid` a real one of this GIC. */
static int irq_check(unsigned int intid)
{
	int err = bulkhead_irq_init();

	if (err != 0)
		return err;
	return intid < GIC_INTID_LIMIT && intid < gic.lines ? 0 : BULKHEAD_IRQ_E_INVALID;
}

int bulkhead_irq_handler(unsigned int intid, bulkhead_irq_fn fn, void *arg)
{
	int err = irq_check(intid);

	if (err != 0)
		return err;
	/* The vector reads fn with acquire, then arg. */
	irq_handlers[intid].arg = arg;
	__atomic_store_n(&irq_handlers[intid].fn, fn, __ATOMIC_RELEASE);
	__atomic_fetch_and(&irq_unhandled_reported[intid / 32], ~(1u << (intid % 32)),
			   __ATOMIC_RELAXED);
	return 0;
}

int bulkhead_intid_enable(unsigned int intid)
{
	int err = irq_check(intid);

	if (err == 0) {
		if (gic.version == 3)
			gicv3_enable(irq_slot(), intid, true);
		else
			gicv2_enable(intid, true);
	}
	return err;
}

int bulkhead_intid_disable(unsigned int intid)
{
	int err = irq_check(intid);

	if (err == 0) {
		if (gic.version == 3)
			gicv3_enable(irq_slot(), intid, false);
		else
			gicv2_enable(intid, false);
	}
	return err;
}

int bulkhead_intid_set_priority(unsigned int intid, uint8_t priority)
{
	int err = irq_check(intid);

	if (err == 0) {
		if (gic.version == 3)
			gicv3_priority(irq_slot(), intid, priority);
		else
			gicv2_priority(intid, priority);
	}
	return err;
}

int bulkhead_intid_route(unsigned int intid, unsigned int cpu)
{
	int err = irq_check(intid);

	if (err != 0)
		return err;
	if (cpu >= runtime.cpu_count)
		return BULKHEAD_IRQ_E_INVALID;
	if (intid < BULKHEAD_IRQ_SPI_FIRST)
		return 0; /* private to each CPU: nothing to route */
	if (gic.version == 3)
		gicv3_route(intid, cpu);
	else
		gicv2_route(intid, cpu);
	return 0;
}

int bulkhead_intid_set_edge(unsigned int intid, bool edge)
{
	int err = irq_check(intid);

	if (err != 0)
		return err;
	if (intid < BULKHEAD_IRQ_SGI_COUNT)
		return edge ? 0 : BULKHEAD_IRQ_E_INVALID;
	if (gic.version == 3)
		gicv3_edge(irq_slot(), intid, edge);
	else
		gicv2_edge(intid, edge);
	return 0;
}

static int irq_pend(unsigned int intid, bool pending)
{
	int err = irq_check(intid);

	if (err == 0) {
		if (gic.version == 3)
			gicv3_pend(irq_slot(), intid, pending);
		else
			gicv2_pend(intid, pending);
	}
	return err;
}

int bulkhead_intid_set_pending(unsigned int intid)
{
	return irq_pend(intid, true);
}

int bulkhead_intid_clear_pending(unsigned int intid)
{
	return irq_pend(intid, false);
}

int bulkhead_sgi_send(unsigned int sgi, unsigned int cpu)
{
	int err = bulkhead_irq_init();

	if (err != 0)
		return err;
	if (sgi >= BULKHEAD_IRQ_SGI_COUNT || cpu >= runtime.cpu_count)
		return BULKHEAD_IRQ_E_INVALID;
	if (gic.version == 3)
		gicv3_sgi(sgi, cpu);
	else
		gicv2_sgi(sgi, cpu);
	return 0;
}

int bulkhead_sgi_send_raw(uint64_t value)
{
	int err = bulkhead_irq_init();

	if (err != 0)
		return err;
	if (gic.version == 3)
		gicv3_sgi_raw(value);
	else
		gicv2_sgi_raw(value);
	return 0;
}

void bulkhead_irq_enable(void)
{
	__asm__ volatile("msr daifclr, #2" : : : "memory");
}

void bulkhead_irq_disable(void)
{
	__asm__ volatile("msr daifset, #2" : : : "memory");
}

bool bulkhead_irq_enabled(void)
{
	uint64_t daif;

	__asm__ volatile("mrs %0, daif" : "=r"(daif));
	return (daif & (1u << 7)) == 0;
}

void bulkhead_irq_wait(void)
{
	__asm__ volatile("dsb sy\n\twfi" : : : "memory");
}

uint64_t bulkhead_irq_stamp(void)
{
	return __atomic_load_n(&irq_arch_stamp[irq_slot()], __ATOMIC_RELAXED);
}

uint64_t bulkhead_irq_taken(void)
{
	return __atomic_load_n(&irq_taken[irq_slot()], __ATOMIC_RELAXED);
}

/* An enabled interrupt nobody handles: say so once, and turn it off. */
static void irq_unhandled(unsigned int intid)
{
	uint32_t bit = 1u << (intid % 32);

	if (gic.version == 3)
		gicv3_enable(irq_slot(), intid, false);
	else
		gicv2_enable(intid, false);
	if ((__atomic_fetch_or(&irq_unhandled_reported[intid / 32], bit, __ATOMIC_RELAXED) &
	     bit) == 0) {
		console_puts("bulkhead-rt: interrupt ");
		console_put_dec(intid);
		console_puts(" has no handler: disabled\n");
	}
}

/*
 * From the IRQ vector (vectors.S), interrupts masked: acknowledge one
 * interrupt, run its handler, end it. One per exception entry, so each
 * interrupt gets its own vector stamp; the next pending one, if any, is
 * taken as soon as the vector returns.
 */
void irq_arch_dispatch(void)
{
	unsigned int slot = irq_slot();
	uint32_t iar;
	unsigned int intid;
	bulkhead_irq_fn fn;

	irq_taken[slot]++;
	if (gic.version == 0)
		return; /* no GIC set up: nothing can be pending at it */
	iar = gic.version == 3 ? gicv3_ack() : gicv2_ack();
	intid = gic.version == 3 ? iar & 0xffffffu : iar & 0x3ffu;
	if (intid >= GIC_INTID_LIMIT)
		return; /* spurious: nothing to end */
	fn = __atomic_load_n(&irq_handlers[intid].fn, __ATOMIC_ACQUIRE);
	if (fn != NULL)
		fn(intid, irq_handlers[intid].arg);
	else
		irq_unhandled(intid);
	if (gic.version == 3)
		gicv3_eoi(iar);
	else
		gicv2_eoi(iar);
}
