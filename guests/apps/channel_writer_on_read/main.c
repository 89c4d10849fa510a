// SPDX-License-Identifier: Apache-2.0
/*
 * channel_writer_on_read: a channel-permission probe. It finds the channel
 * "samples" (or else the first channel its Devicetree lists) and, if this
 * partition is its read-only end, writes to it anyway: to the channel's
 * last 8 bytes, away from a ring's header. Under Bulkhead the read end is
 * mapped read-only in stage 2, so the write faults and the hypervisor
 * applies the partition's on_fault policy; the line after the write never
 * appears.
 *
 * Exit statuses: 1 the write went through (isolation broken, or natively,
 * where nothing enforces "read"); 2 no channel at all; 3 the channel is
 * this partition's write end, so there is nothing to test.
 */
#include <stdint.h>
#include <stdio.h>

#include <bulkhead/guest.h>

int main(void)
{
	struct bulkhead_channel ch;
	volatile uint64_t *target;

	if (bulkhead_channel_find("samples", &ch) != 0 && bulkhead_channel_find(NULL, &ch) != 0) {
		printf("channel_writer_on_read: no usable channel in my Devicetree: nothing to test\n");
		return 2;
	}
	if (ch.writable) {
		printf("channel_writer_on_read: channel \"%s\" is my write end: nothing to test\n",
		       ch.name);
		return 3;
	}
	target = (volatile uint64_t *)((uintptr_t)ch.base + ch.size - sizeof(uint64_t));
	printf("channel_writer_on_read: writing to read-only channel \"%s\" at %p\n", ch.name,
	       (void *)target);

	*target = 0x0bad0bad0bad0badull;

	printf("channel_writer_on_read: the write to read-only channel \"%s\" went through\n",
	       ch.name);
	return 1;
}
