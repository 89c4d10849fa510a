// SPDX-License-Identifier: Apache-2.0
/*
 * The guest API (<bulkhead/guest.h>): answers from the state runtime_start()
 * found, and the hypercall wrapper that refuses to trap natively.
 */
#include <bulkhead/guest.h>

#include "arch.h"
#include "runtime.h"

bool bulkhead_present(void)
{
	return runtime.mode == RUNTIME_BULKHEAD;
}

long bulkhead_hvc(unsigned long id, unsigned long a1, unsigned long a2,
		  unsigned long a3, unsigned long a4, unsigned long a5)
{
	if (!bulkhead_present())
		return BULKHEAD_E_NOT_SUPPORTED;
	return guest_arch_hvc(id, a1, a2, a3, a4, a5);
}

int bulkhead_partition_info(struct bulkhead_partition_info *info)
{
	return (int)bulkhead_hvc(BULKHEAD_HC_PARTITION_INFO, (uintptr_t)info, sizeof(*info),
				 0, 0, 0);
}

void bulkhead_ram_range(uint64_t *base, uint64_t *size)
{
	*base = runtime.ram_base;
	*size = runtime.ram_end - runtime.ram_base;
}

const void *bulkhead_devicetree(void)
{
	return runtime.fdt;
}

uint64_t bulkhead_ticks(void)
{
	return timer_arch_ticks();
}

uint64_t bulkhead_ticks_per_second(void)
{
	return timer_arch_frequency();
}
