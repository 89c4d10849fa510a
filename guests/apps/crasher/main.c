// SPDX-License-Identifier: Apache-2.0
/*
 * crasher: a partition that dies, for on_fault = "restart". It prints one
 * line naming the address it is about to write (the first byte past its
 * own RAM, as its Devicetree gives it), waits CRASHER_DELAY_MS so that its
 * restarts are spread over time and visibly interleave with a neighbour's
 * output, then writes there. Under Bulkhead that address is not mapped in
 * the partition's stage 2, so the write faults and the hypervisor applies
 * the partition's policy (restart: zero its RAM, reload, start over, and
 * this line appears again). Natively the address is outside the runtime's
 * identity map: the runtime reports the exception and exits with 99.
 *
 * If the write ever completes, isolation is broken: it says so and exits 1.
 *
 * Before it dies it marks registers its runtime never writes (leftover.h);
 * each start says whether it found any such state left from before.
 */
#include <stdint.h>
#include <stdio.h>

#include <bulkhead/guest.h>

#include "leftover.h"

#define CRASHER_DELAY_MS 250

int main(void)
{
	uint64_t base, size;
	uint64_t deadline = bulkhead_ticks() + bulkhead_ticks_per_second() * CRASHER_DELAY_MS / 1000;
	volatile uint32_t *past_end;
	char leftover[256];

	if (leftover_find(leftover, sizeof(leftover)) == 0)
		printf("crasher: CPU state left from before: none\n");
	else
		printf("crasher: CPU state left from before: %s\n", leftover);
	bulkhead_ram_range(&base, &size);
	past_end = (volatile uint32_t *)(uintptr_t)(base + size);
	printf("crasher: alive; in %d ms I write to 0x%08llx, past the end of my RAM\n",
	       CRASHER_DELAY_MS, (unsigned long long)(base + size));
	while (bulkhead_ticks() < deadline)
		bulkhead_cpu_relax();

	leftover_plant();
	*past_end = 0xdeadbeef;

	printf("crasher: isolation broken: the write past my RAM succeeded\n");
	return 1;
}
