// SPDX-License-Identifier: Apache-2.0
/*
 * The x86-64 port's address space (see start.S): the first 4 GiB identity
 * mapped, write-back, built before long mode; nothing to add later.
 */
#include "../arch.h"

#define MMU_MAPPED_END (4ull << 30)

void mmu_arch_enable(void)
{
	/* start.S turned paging on before any C ran. */
}

bool mmu_arch_covers(uintptr_t addr, uint64_t size)
{
	return addr < MMU_MAPPED_END && size <= MMU_MAPPED_END - addr;
}

bool mmu_arch_map_shared(uintptr_t addr, uint64_t size)
{
	return mmu_arch_covers(addr, size);
}
