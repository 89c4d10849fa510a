// SPDX-License-Identifier: Apache-2.0
/*
 * Shared-memory channels (<bulkhead/guest.h>): found in the Devicetree's
 * /channels node, which the config compiler writes for each partition with
 * the channels it is an end of:
 *
 *     channels {
 *         #address-cells = <2>; #size-cells = <2>;
 *         samples@50000000 {
 *             compatible = "bulkhead,channel";
 *             channel-name = "samples";
 *             reg = <0x0 0x50000000 0x0 0x4000>;
 *             access = "write";            (or "read")
 *         };
 *     };
 *
 * A channel must be Normal memory in the runtime's identity map (shared
 * memory with atomics and barriers): looking one up maps it so if it lies
 * in the unmapped part of the address space (the config compiler puts
 * channels at 0x80000000 and up), and refuses one on Device memory or out
 * of reach rather than faulting or misbehaving at the first access. What goes inside a
 * channel is the applications' business; bulkhead/ring.h is one protocol.
 */
#include <libfdt.h>

#include <bulkhead/guest.h>

#include "arch.h"
#include "runtime.h"

int bulkhead_channel_find(const char *name, struct bulkhead_channel *out)
{
	struct bulkhead_channel found;
	int err = devtree_channel(runtime.fdt, name, &found);

	if (err == -FDT_ERR_NOTFOUND)
		return BULKHEAD_CHANNEL_NOT_FOUND;
	if (err != 0 || !mmu_arch_map_shared((uintptr_t)found.base, found.size))
		return BULKHEAD_CHANNEL_BAD;
	*out = found;
	return 0;
}
