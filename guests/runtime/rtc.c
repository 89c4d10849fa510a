// SPDX-License-Identifier: Apache-2.0
/*
 * The real-time clock, whichever of the two kinds the program's own
 * Devicetree lists; each counts seconds in one read-only register:
 * - the PL031 (ARM DDI 0224, "PrimeCell Real Time Clock (PL031) Technical
 *   Reference Manual"): RTCDR at 0x000. QEMU virt has one.
 * - the Zynq UltraScale+ RTC (UG1085, chapter 7 "Real Time Clock", register
 *   CURRENT_TIME at 0x010). The ZCU102 has one.
 * QEMU starts both at the host's time of day (UTC unless -rtc says
 * otherwise). Only an RTC this program's own Devicetree lists is read: under
 * Bulkhead that is one the partition owns (mapped in its stage 2); touching
 * the board address without owning it is a fault (see apps/rtc_reader).
 */
#include <stddef.h>

#include <bulkhead/guest.h>

#include "runtime.h"

static const struct rtc_kind {
	const char *compatible;
	const char *name;
	uintptr_t seconds; /* offset of the register that counts seconds */
} rtc_kinds[] = {
	{ "arm,pl031", "PL031", 0x000 },
	{ "xlnx,zynqmp-rtc", "ZynqMP", 0x010 },
};

/* The first RTC kind the Devicetree lists, and where it is; NULL if none. */
static const struct rtc_kind *rtc_find(uintptr_t *base)
{
	uint64_t size;

	for (size_t i = 0; i < sizeof(rtc_kinds) / sizeof(rtc_kinds[0]); i++)
		if (devtree_device(runtime.fdt, rtc_kinds[i].compatible, base, &size) == 0)
			return &rtc_kinds[i];
	return NULL;
}

int64_t bulkhead_rtc_seconds(void)
{
	uintptr_t base;
	const struct rtc_kind *rtc = rtc_find(&base);

	if (rtc == NULL)
		return -1;
	return *(volatile const uint32_t *)(base + rtc->seconds);
}

const char *bulkhead_rtc_name(void)
{
	uintptr_t base;
	const struct rtc_kind *rtc = rtc_find(&base);

	return rtc != NULL ? rtc->name : NULL;
}
