// SPDX-License-Identifier: Apache-2.0
/*
 * counter: a steady heartbeat for system scenarios. It prints
 * `counter: N` for N = 1 .. COUNTER_LAST, one line every COUNTER_PERIOD_MS
 * paced by the counter (about 2 s in all), then `counter: done` and exits
 * 0. A neighbour that crashes, restarts or faults must not make it skip or
 * repeat a number: tests read the lines back and check exactly that.
 */
#include <stdint.h>
#include <stdio.h>

#include <bulkhead/guest.h>

#define COUNTER_LAST      20
#define COUNTER_PERIOD_MS 100

int main(void)
{
	uint64_t hz = bulkhead_ticks_per_second();
	uint64_t period = hz * COUNTER_PERIOD_MS / 1000;
	uint64_t start = bulkhead_ticks(), next = start;

	printf("counter: counting to %d, one every %d ms\n", COUNTER_LAST, COUNTER_PERIOD_MS);
	for (int n = 1; n <= COUNTER_LAST; n++) {
		next += period;
		while (bulkhead_ticks() < next)
			bulkhead_cpu_relax();
		printf("counter: %d\n", n);
	}
	printf("counter: done in %.2f s\n", (double)(bulkhead_ticks() - start) / (double)hz);
	return 0;
}
