// SPDX-License-Identifier: Apache-2.0
/*
 * rtc_reader: a device-ownership probe. It reads the PL031 RTC's data
 * register at the board address RTC_READER_PL031 directly, whether or not
 * its Devicetree lists the RTC, and prints the value. Under Bulkhead a
 * partition that owns the RTC reads the time of day; one that does not
 * faults on the read (the device is absent from its stage 2) and never
 * prints the value. Natively the read always works.
 *
 * Exit status 0 once the value is printed.
 */
#include <stdint.h>
#include <stdio.h>
#include <time.h>

#include <bulkhead/guest.h>

#define RTC_READER_PL031 0x09010000u /* QEMU virt's PL031, RTCDR at offset 0 */

int main(void)
{
	int64_t listed = bulkhead_rtc_seconds();
	uint32_t value;
	time_t t;
	char text[32];

	printf("rtc_reader: my Devicetree %s a PL031 RTC; reading its data register at 0x%08x\n",
	       listed >= 0 ? "lists" : "does not list", RTC_READER_PL031);

	value = *(volatile const uint32_t *)(uintptr_t)RTC_READER_PL031;

	t = (time_t)value;
	strftime(text, sizeof(text), "%Y-%m-%d %H:%M:%S", gmtime(&t));
	printf("rtc_reader: RTC data register = %u (%s UTC)\n", (unsigned int)value, text);
	return 0;
}
