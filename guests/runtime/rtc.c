// SPDX-License-Identifier: Apache-2.0
/*
 * The PL031 real-time clock (ARM DDI 0224, "PrimeCell Real Time Clock
 * (PL031) Technical Reference Manual"): its data register RTCDR counts
 * seconds; QEMU starts it at the host's time of day (UTC unless -rtc says
 * otherwise). Only an RTC this program's own Devicetree lists is read: under
 * Bulkhead that is one the partition owns (mapped in its stage 2); touching
 * the board address without owning it is a fault (see apps/rtc_reader).
 */
#include <bulkhead/guest.h>

#include "runtime.h"

#define PL031_DR 0x000 /* data register: the current count, read-only */

int64_t bulkhead_rtc_seconds(void)
{
	uintptr_t base;
	uint64_t size;

	if (devtree_device(runtime.fdt, "arm,pl031", &base, &size) != 0)
		return -1;
	return *(volatile const uint32_t *)(base + PL031_DR);
}
