// SPDX-License-Identifier: Apache-2.0
/*
 * ticker: periodic interrupts from the EL1 virtual timer. It ticks at a
 * rate of its own for 1.00 s of the counter, sleeping in `wfi` between
 * ticks, and reports how many ticks arrived:
 *
 *     ticker: 250 ticks in 1.00 s (250 Hz)
 *
 * The rate (apps have no arguments): a decimal number ending the partition
 * name ("tick250" ticks at 250 Hz); else 100 Hz times (partition id + 1);
 * natively 100 Hz. So two partitions of one config tick at different rates
 * and a test can check each against its target.
 *
 * Exit status: 0 the count is within 5% of the rate; 1 it is not; 3 no GIC
 * or no timer interrupt.
 */
#include <ctype.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <bulkhead/guest.h>
#include <bulkhead/irq.h>

#define TICKER_NATIVE_HZ 100u
#define TICKER_MAX_HZ    10000u

static atomic_uint ticker_ticks;
static uint64_t ticker_first, ticker_last; /* counter at the first and last tick */
static uint64_t ticker_end = UINT64_MAX;     /* ticks from here on do not count */

static void ticker_tick(void *arg)
{
	uint64_t now = bulkhead_ticks();

	(void)arg;
	if (now >= ticker_end)
		return;
	if (atomic_load(&ticker_ticks) == 0)
		ticker_first = now;
	ticker_last = now;
	atomic_fetch_add(&ticker_ticks, 1);
}

/* The rate: see the header comment. */
static unsigned int ticker_rate(char *why, size_t why_size)
{
	struct bulkhead_partition_info info;
	size_t len, digits = 0;

	if (bulkhead_partition_info(&info) != BULKHEAD_OK) {
		snprintf(why, why_size, "native default");
		return TICKER_NATIVE_HZ;
	}
	info.name[sizeof(info.name) - 1] = '\0';
	len = strlen(info.name);
	while (digits < len && isdigit((unsigned char)info.name[len - 1 - digits]))
		digits++;
	if (digits > 0 && digits <= 5) {
		unsigned int hz = (unsigned int)atoi(&info.name[len - digits]);

		if (hz >= 1 && hz <= TICKER_MAX_HZ) {
			snprintf(why, why_size, "from the partition name \"%s\"", info.name);
			return hz;
		}
	}
	snprintf(why, why_size, "100 Hz x (partition id %u + 1)", info.partition_id);
	return 100u * (info.partition_id + 1);
}

int main(void)
{
	char why[64];
	unsigned int hz = ticker_rate(why, sizeof(why)), ticks;
	uint64_t freq = bulkhead_ticks_per_second(), start, end, now;
	double seconds, rate;

	if (bulkhead_irq_init() != 0) {
		printf("ticker: no usable GIC in the Devicetree\n");
		return 3;
	}
	printf("ticker: %u Hz (%s), virtual timer INTID %u, counter %llu Hz\n", hz, why,
	       bulkhead_timer_intid(), (unsigned long long)freq);

	start = bulkhead_ticks();
	/* One second of the counter, plus half a period: the timer counts its
	 * periods from its own start, a few instructions after ours, and the
	 * last tick of the second must not fall just outside. */
	end = start + freq + freq / hz / 2;
	ticker_end = end;
	if (bulkhead_timer_start(hz, ticker_tick, NULL) != 0) {
		printf("ticker: cannot start the virtual timer\n");
		return 3;
	}
	bulkhead_irq_enable();
	/* Sleep through it; every tick wakes us. */
	for (;;) {
		bulkhead_irq_disable();
		now = bulkhead_ticks();
		if (now >= end)
			break;
		bulkhead_irq_wait();
		bulkhead_irq_enable();
	}
	bulkhead_timer_stop();
	ticks = atomic_load(&ticker_ticks);
	bulkhead_irq_enable();

	/* The rate from the ticks' own times: (n - 1) periods between the
	 * first and the last. */
	seconds = ticks > 0 ? (double)(ticker_last - start) / (double)freq : 0;
	rate = ticks >= 2 ? (ticks - 1) * (double)freq / (double)(ticker_last - ticker_first) : 0;
	printf("ticker: %u ticks in %.2f s (%.0f Hz)\n", ticks, seconds, rate);
	if (rate < hz * 0.95 || rate > hz * 1.05 || ticks < hz * 0.95 || ticks > hz * 1.05) {
		printf("ticker: %u ticks at %.0f Hz is not within 5%% of %u Hz\n", ticks, rate, hz);
		return 1;
	}
	printf("ticker: within 5%% of %u Hz: ok\n", hz);
	return 0;
}
