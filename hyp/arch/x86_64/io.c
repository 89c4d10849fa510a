// SPDX-License-Identifier: Apache-2.0
/*
 * I/O bitmaps and I/O exits (see io.h). Exit qualification for I/O
 * instructions: Intel SDM vol. 3C, 28.2.1, table 28-5.
 */
#include "io.h"

#include <string.h>

#include "check.h"
#include "config.h"
#include "fault.h"
#include "format.h"
#include "frame.h"
#include "partition.h"
#include "vmx.h"

#define IO_PORTS 65536u
#define IO_QUAL_SIZE(q) (((q) & 7) + 1)
#define IO_QUAL_IN (1u << 3)
#define IO_QUAL_STRING (1u << 4)
#define IO_QUAL_PORT(q) (((q) >> 16) & 0xffff)

/* One bit per port, 1 = exit: bitmap A then B, contiguous. */
static uint8_t io_bitmaps[CONFIG_PARTITION_COUNT][IO_PORTS / 8] __attribute__((aligned(4096)));

void io_bitmap_build(const struct partition_config *cfg)
{
	uint8_t *map = io_bitmaps[cfg->id];

	memset(map, 0xff, sizeof(io_bitmaps[0]));
	for (uint32_t i = 0; i < cfg->io_range_count; i++) {
		const struct io_range *r = &cfg->io_ranges[i];

		/* The config compiler only hands out ports of board devices. */
		CHECK((uint32_t)r->first + r->count <= IO_PORTS);
		for (uint32_t port = r->first; port < (uint32_t)r->first + r->count; port++)
			map[port / 8] &= (uint8_t)~(1u << (port % 8));
	}
}

uint64_t io_bitmap_a(uint32_t partition_id)
{
	return (uint64_t)(uintptr_t)io_bitmaps[partition_id];
}

uint64_t io_bitmap_b(uint32_t partition_id)
{
	return (uint64_t)(uintptr_t)(io_bitmaps[partition_id] + 4096);
}

enum trap_action io_exit(struct vcpu *v, struct frame *f, uint64_t q)
{
	char what[64];

	(void)f;
	format(what, sizeof(what), "%s%s of I/O port 0x%x, which it does not own",
	       (q & IO_QUAL_STRING) ? "string " : "", (q & IO_QUAL_IN) ? "read" : "write",
	       (unsigned)IO_QUAL_PORT(q));
	return fault_handle(v, &(struct fault_info){ .kind = FAULT_TRAP, .what = what,
						      .syndrome_name = "exit qualification",
						      .syndrome = q,
						      .pc = vmread(VMCS_GUEST_RIP) });
}
