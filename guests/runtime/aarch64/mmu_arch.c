// SPDX-License-Identifier: Apache-2.0
/*
 * The guest's stage-1 translation: a static identity map, so that RAM is
 * Normal cacheable memory. newlib's memcpy/memset do unaligned accesses and
 * `DC ZVA`, which are only allowed on Normal memory; with the MMU off every
 * data access is Device-nGnRnE (ARM DDI 0487, chapter D5, "The effects of
 * disabling a stage of address translation").
 *
 * 4 KiB granule, T0SZ = 32 (a 4 GiB space), so the walk starts at level 1
 * with four 1 GiB block entries:
 *   0 - 1 GiB  Device-nGnRE, never executable (UART, GIC, ... on QEMU virt)
 *   1 - 2 GiB  Normal write-back, inner shareable (RAM at 0x40000000)
 *   2 - 3 GiB  unmapped: any access faults; except that it becomes Normal,
 *              never executable, once it holds a channel the program looked
 *              up (bulkhead_channel_find(), which calls mmu_arch_map_shared();
 *              the config compiler puts channels at 0x80000000 and up)
 *   3 - 4 GiB  Device-nGnRE, never executable (the Zynq UltraScale+ keeps
 *              its GIC and peripherals at 0xf9000000-0xffffffff)
 * Under Bulkhead stage 2 further limits this to what the partition owns.
 *
 * Called from start.S before any other C, with the MMU still off: it must
 * not call anything that could touch memory unaligned. Every CPU calls
 * mmu_arch_enable() (secondaries from cpu_arch_secondary_entry) and shares
 * the one read-only table; it must use no stack, which secondaries may not
 * write before their MMU is on (start.S).
 */
#include <stdbool.h>
#include <stdint.h>

#include "../arch.h"

/* MAIR_EL1 attribute indices. */
#define MMU_ATTR_DEVICE 0 /* 0x04: Device-nGnRE */
#define MMU_ATTR_NORMAL 1 /* 0xff: Normal, inner/outer write-back RW-allocate */
#define MMU_MAIR ((0x04ull << (8 * MMU_ATTR_DEVICE)) | (0xffull << (8 * MMU_ATTR_NORMAL)))

/* Level-1 block descriptor fields (ARM DDI 0487, D5.3 "VMSAv8-64
 * translation table format descriptors"). */
#define MMU_BLOCK        0x1ull
#define MMU_ATTRINDX(i)  ((uint64_t)(i) << 2)
#define MMU_SH_INNER     (3ull << 8)
#define MMU_AF           (1ull << 10)
#define MMU_PXN          (1ull << 53)
#define MMU_UXN          (1ull << 54)
#define MMU_GIB          (1ull << 30)

#define MMU_DEVICE_BLOCK(addr) \
	((addr) | MMU_BLOCK | MMU_ATTRINDX(MMU_ATTR_DEVICE) | MMU_AF | MMU_PXN | MMU_UXN)
#define MMU_NORMAL_BLOCK(addr) \
	((addr) | MMU_BLOCK | MMU_ATTRINDX(MMU_ATTR_NORMAL) | MMU_SH_INNER | MMU_AF)
#define MMU_SHARED_BLOCK(addr) (MMU_NORMAL_BLOCK(addr) | MMU_PXN | MMU_UXN)

/*
 * TCR_EL1: T0SZ = 32, walks of TTBR0 cacheable (IRGN0 = ORGN0 = write-back)
 * and inner shareable, TG0 = 4 KiB, EPD1 = 1 (no TTBR1 walks: nothing lives in
 * the upper half), IPS = 32 bits.
 */
#define MMU_TCR ((32ull << 0) | (1ull << 8) | (1ull << 10) | (3ull << 12) | \
		 (0ull << 14) | (1ull << 23) | (0ull << 32))

/*
 * SCTLR_EL1: the ARMv8.0 RES1 bits (11, 20, 22, 23, 28, 29) plus M, C and I.
 * A stays 0: newlib's string functions rely on unaligned Normal accesses.
 * EE = 0 keeps data little-endian.
 */
#define MMU_SCTLR_RES1 ((1ull << 11) | (1ull << 20) | (1ull << 22) | (1ull << 23) | \
			(1ull << 28) | (1ull << 29))
#define MMU_SCTLR_M (1ull << 0)
#define MMU_SCTLR_C (1ull << 2)
#define MMU_SCTLR_SA (1ull << 3)
#define MMU_SCTLR_I (1ull << 12)
#define MMU_SCTLR (MMU_SCTLR_RES1 | MMU_SCTLR_M | MMU_SCTLR_C | MMU_SCTLR_SA | MMU_SCTLR_I)

/*
 * A level-1 table with T0SZ = 32 has 4 entries; page alignment is plenty.
 * Writable only for mmu_arch_map_shared(), which fills empty entries.
 */
static uint64_t mmu_l1_table[4] __attribute__((aligned(4096))) = {
	MMU_DEVICE_BLOCK(0 * MMU_GIB),
	MMU_NORMAL_BLOCK(1 * MMU_GIB),
	0,
	MMU_DEVICE_BLOCK(3 * MMU_GIB),
};

#define MMU_WRITE_SYSREG(reg, val) \
	__asm__ volatile("msr " #reg ", %0" : : "r"((uint64_t)(val)) : "memory")

void mmu_arch_enable(void)
{
	/* Nothing cached or translated from before us may survive. */
	__asm__ volatile("ic iallu\n\ttlbi vmalle1\n\tdsb nsh\n\tisb" : : : "memory");

	MMU_WRITE_SYSREG(mair_el1, MMU_MAIR);
	MMU_WRITE_SYSREG(tcr_el1, MMU_TCR);
	MMU_WRITE_SYSREG(ttbr0_el1, (uintptr_t)mmu_l1_table);
	__asm__ volatile("isb" : : : "memory");

	MMU_WRITE_SYSREG(sctlr_el1, MMU_SCTLR);
	__asm__ volatile("isb" : : : "memory");
}

bool mmu_arch_covers(uintptr_t addr, uint64_t size)
{
	uint64_t last = (uint64_t)addr + size - 1;

	if (size == 0 || last < addr || last >= 4 * MMU_GIB)
		return false;
	/* Every valid entry covers its whole GiB. */
	for (uint64_t gib = addr / MMU_GIB; gib <= last / MMU_GIB; gib++)
		if (mmu_l1_table[gib] == 0)
			return false;
	return true;
}

/*
 * Map the GiB blocks holding [addr, addr + size) as Normal, never
 * executable memory, for a channel. Only empty entries are filled (an
 * invalid entry is never held in a TLB, so no invalidation is needed, and
 * other CPUs see the new entry after the barrier); a block already mapped
 * must be Normal. Returns false if the range is outside the 4 GiB space or
 * lies on Device memory.
 */
bool mmu_arch_map_shared(uintptr_t addr, uint64_t size)
{
	uint64_t last = (uint64_t)addr + size - 1;

	if (size == 0 || last < addr || last >= 4 * MMU_GIB)
		return false;
	for (uint64_t gib = addr / MMU_GIB; gib <= last / MMU_GIB; gib++) {
		uint64_t want = MMU_SHARED_BLOCK(gib * MMU_GIB), expected = 0;

		/* Two CPUs looking up channels at once both write the same value. */
		if (!__atomic_compare_exchange_n(&mmu_l1_table[gib], &expected, want, false,
						 __ATOMIC_RELAXED, __ATOMIC_RELAXED) &&
		    ((expected >> 2) & 7) != MMU_ATTR_NORMAL)
			return false;
	}
	__asm__ volatile("dsb ishst\n\tisb" : : : "memory");
	return true;
}
