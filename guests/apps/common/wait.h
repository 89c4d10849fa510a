/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Waiting for something an interrupt handler or another CPU brings, without
 * spinning: the apps that use interrupts (ticker, sgi_probe, irqstorm,
 * pingpong, bench) sleep in `wfi` between checks. That matters under QEMU,
 * which runs its CPUs in turn: a CPU that spins keeps the one it waits for
 * from running until QEMU switches (every 100 ms of virtual time), whereas
 * a CPU in `wfi` lets it run at once.
 *
 * The check happens with interrupts masked, then `wfi` (which still wakes
 * on a pending interrupt), then interrupts are unmasked so the handler runs,
 * so a wake-up between the check and the wait is never lost. The calling
 * CPU's virtual timer is armed at the deadline as a backstop, so a wait
 * whose interrupt never comes ends with false instead of hanging; it
 * replaces any timer that CPU was running.
 */
#ifndef APPS_COMMON_WAIT_H
#define APPS_COMMON_WAIT_H

#include <stdbool.h>
#include <stdint.h>

#include <bulkhead/guest.h>
#include <bulkhead/irq.h>

/* Until done(arg) is true (then true) or `timeout_ticks` of the counter
 * have passed (then false). Returns with interrupts enabled. */
static inline bool app_wait_until(bool (*done)(void *arg), void *arg, uint64_t timeout_ticks)
{
	uint64_t deadline = bulkhead_ticks() + timeout_ticks;
	bool ok;

	bulkhead_timer_oneshot(deadline, 0, 0);
	for (;;) {
		bulkhead_irq_disable();
		ok = done(arg);
		if (ok || bulkhead_ticks() >= deadline)
			break;
		bulkhead_irq_wait();
		bulkhead_irq_enable();
	}
	bulkhead_timer_stop();
	bulkhead_irq_enable();
	return ok;
}

/* Milliseconds in counter ticks. */
static inline uint64_t app_ms(uint64_t ms)
{
	return bulkhead_ticks_per_second() * ms / 1000;
}

#endif
