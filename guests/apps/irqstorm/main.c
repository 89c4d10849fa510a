// SPDX-License-Identifier: Apache-2.0
/*
 * irqstorm: are interrupts that are pending together taken in priority
 * order? (The RTAS'23 "irqstorm" check, which some hypervisors fail: they
 * deliver in arrival or INTID order, or let a low-priority interrupt in
 * ahead of a higher one waiting for a free list register.)
 *
 * With interrupts masked (PSTATE.I) it makes several interrupts pending at
 * once, each with a distinct priority that is neither their INTID order nor
 * the order they were raised in:
 *   - the eight SGIs 0-7, sent to itself;
 *   - its EL1 virtual timer (PPI 27), with a deadline already passed;
 *   - one SPI made pending by software (GICD_ISPENDR): natively the spare
 *     INTID 44 (QEMU virt wires nothing there); under Bulkhead the doorbell
 *     of its first channel, if it has one (a partition owns no other SPI).
 * Ten interrupts is more than the four list registers QEMU's Cortex-A53
 * gives a hypervisor, so a vGIC has to refill them in order as well.
 * Then it unmasks and records the order the handlers run in (one interrupt
 * per exception entry: each handler runs masked, the next is taken after
 * it returns), prints it and checks it.
 *
 * Exit status: 0 all arrived, in priority order; 1 out of order; 2 some did
 * not arrive within 1 s; 3 no GIC.
 */
#include <stdatomic.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include <bulkhead/guest.h>
#include <bulkhead/irq.h>

#include "../common/wait.h"

#define STORM_SGIS        8
#define STORM_NATIVE_SPI  44
#define STORM_MAX         (STORM_SGIS + 2)

/* Priorities of SGIs 0-7, then the timer's, then the SPI's: all distinct,
 * multiples of 0x10 (a GIC may keep only the top 4 or 5 bits). */
static const uint8_t storm_sgi_priority[STORM_SGIS] = {
	0x70, 0x30, 0xa0, 0x10, 0x60, 0x20, 0x90, 0x40,
};
#define STORM_TIMER_PRIORITY 0x50
#define STORM_SPI_PRIORITY   0x80

struct storm_source {
	unsigned int intid;
	uint8_t priority;
	const char *what;
};

static struct storm_source storm_sources[STORM_MAX];
static unsigned int storm_count;

static unsigned int storm_order[STORM_MAX * 2];
static atomic_uint storm_taken;

static void storm_record(unsigned int intid)
{
	unsigned int n = atomic_fetch_add(&storm_taken, 1);

	if (n < sizeof(storm_order) / sizeof(storm_order[0]))
		storm_order[n] = intid;
}

static void storm_handler(unsigned int intid, void *arg)
{
	(void)arg;
	storm_record(intid);
}

static void storm_timer_tick(void *arg)
{
	(void)arg;
	storm_record(bulkhead_timer_intid());
}

static bool storm_all_taken(void *arg)
{
	(void)arg;
	return atomic_load(&storm_taken) >= storm_count;
}

static void storm_add(unsigned int intid, uint8_t priority, const char *what)
{
	storm_sources[storm_count++] = (struct storm_source){ intid, priority, what };
	bulkhead_intid_set_priority(intid, priority);
}

static uint8_t storm_priority_of(unsigned int intid)
{
	for (unsigned int i = 0; i < storm_count; i++)
		if (storm_sources[i].intid == intid)
			return storm_sources[i].priority;
	return 0xff;
}

/* The SPI to use: the first channel's doorbell under Bulkhead, else 44. */
static unsigned int storm_spi(void)
{
	struct bulkhead_channel ch;

	if (!bulkhead_present())
		return STORM_NATIVE_SPI;
	if (bulkhead_channel_find(NULL, &ch) == 0 && ch.doorbell != 0)
		return ch.doorbell;
	return 0;
}

int main(void)
{
	unsigned int spi = storm_spi(), timer = bulkhead_timer_intid();
	bool ordered = true;

	if (bulkhead_irq_init() != 0) {
		printf("irqstorm: no usable GIC in the Devicetree\n");
		return 3;
	}
	printf("irqstorm: GICv%d, %s; raising %u SGIs, the virtual timer%s with interrupts masked\n",
	       bulkhead_irq_gic_version(), bulkhead_present() ? "under Bulkhead" : "native",
	       STORM_SGIS, spi != 0 ? " and an SPI" : "");

	bulkhead_irq_disable();
	for (unsigned int sgi = 0; sgi < STORM_SGIS; sgi++) {
		bulkhead_irq_handler(sgi, storm_handler, NULL);
		storm_add(sgi, storm_sgi_priority[sgi], "SGI");
		bulkhead_intid_enable(sgi);
	}
	storm_add(timer, STORM_TIMER_PRIORITY, "timer");
	if (spi != 0) {
		bulkhead_irq_handler(spi, storm_handler, NULL);
		storm_add(spi, STORM_SPI_PRIORITY, "SPI");
		bulkhead_intid_route(spi, bulkhead_cpu_id());
		bulkhead_intid_set_edge(spi, true);
		bulkhead_intid_enable(spi);
	}

	/* Raise them all, in INTID order (not priority order). */
	for (unsigned int sgi = 0; sgi < STORM_SGIS; sgi++)
		bulkhead_sgi_send(sgi, bulkhead_cpu_id());
	bulkhead_timer_oneshot(0, storm_timer_tick, NULL); /* deadline long past */
	if (spi != 0)
		bulkhead_intid_set_pending(spi);
	/* Give every one of them time to become pending (1 ms). */
	for (uint64_t end = bulkhead_ticks() + app_ms(1); bulkhead_ticks() < end;)
		bulkhead_cpu_relax();

	/* The storm: unmask, and wait for all of them (or 1 s). No sleeping
	 * wait here: its backstop timer would move the timer's deadline and
	 * take back the timer interrupt that is pending. */
	bulkhead_irq_enable();
	for (uint64_t end = bulkhead_ticks() + app_ms(1000);
	     !storm_all_taken(NULL) && bulkhead_ticks() < end;)
		bulkhead_cpu_relax();
	if (!storm_all_taken(NULL)) {
		printf("irqstorm: only %u of %u interrupts arrived within 1 s\n",
		       atomic_load(&storm_taken), storm_count);
		return 2;
	}
	bulkhead_irq_disable();

	printf("irqstorm: taken in this order (INTID/priority):");
	for (unsigned int i = 0; i < storm_count; i++) {
		unsigned int intid = storm_order[i];

		printf(" %u/0x%02x", intid, storm_priority_of(intid));
		if (i > 0 && storm_priority_of(storm_order[i - 1]) > storm_priority_of(intid))
			ordered = false;
	}
	printf("\n");
	if (atomic_load(&storm_taken) != storm_count) {
		printf("irqstorm: %u interrupts taken, expected %u\n", atomic_load(&storm_taken),
		       storm_count);
		return 1;
	}
	printf("irqstorm: %u interrupts %s\n", storm_count,
	       ordered ? "in priority order: ok" : "OUT OF PRIORITY ORDER");
	return ordered ? 0 : 1;
}
