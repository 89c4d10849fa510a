// SPDX-License-Identifier: Apache-2.0
/*
 * fault: an isolation probe. It reads the first byte past the end of its own
 * RAM (as its Devicetree gives it). Under Bulkhead that byte belongs to
 * another partition or to nobody, so stage 2 faults and the hypervisor
 * applies the partition's on_fault policy: the program never gets past the
 * read. If it does, isolation is broken and it says so, exiting 1.
 *
 * Natively the read ends in the runtime's own exception report (the address
 * is outside the runtime's identity map, and outside QEMU's RAM), with
 * status 99.
 */
#include <stdint.h>
#include <stdio.h>

#include <bulkhead/guest.h>

int main(void)
{
	uint64_t base, size;
	volatile const uint8_t *past_end;
	uint8_t value;

	bulkhead_ram_range(&base, &size);
	past_end = (volatile const uint8_t *)(uintptr_t)(base + size);
	printf("fault: ram 0x%08llx..0x%08llx (from the Devicetree)\n",
	       (unsigned long long)base, (unsigned long long)(base + size));
	printf("fault: reading the first byte past the end of ram, at 0x%08llx\n",
	       (unsigned long long)(base + size));

	value = *past_end;

	printf("fault: isolation broken: read succeeded (value 0x%02x)\n", value);
	return 1;
}
