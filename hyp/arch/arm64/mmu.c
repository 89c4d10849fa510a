// SPDX-License-Identifier: Apache-2.0
/*
 * EL2 stage-1 translation (see mmu.h). Register fields: ARM DDI 0487,
 * D13.2 (TCR_EL2, MAIR_EL2, SCTLR_EL2); descriptor attributes: D8.3.
 */
#include "mmu.h"

#include <stdbool.h>
#include <string.h>

#include "arch.h"
#include "certify.h"
#include "check.h"
#include "config.h"
#include "console.h"
#include "firmware_boot.h"
#include "partition_map.h"
#include "pgtable.h"
#include "sysreg.h"

/* MAIR_EL2 slots */
#define MAIR_NORMAL_WB 0   /* 0xff: Normal, inner/outer write-back */
#define MAIR_DEVICE 1      /* 0x04: Device-nGnRE */
#define MAIR_VALUE 0x04ffull

#define S1_ATTR(idx) ((uint64_t)(idx) << 2)
#define S1_AP_RES1 (1ull << 6)  /* one privilege level: AP[1] is RES1 */
#define S1_AP_RO (1ull << 7)
#define S1_SH_INNER (3ull << 8)
#define S1_AF (1ull << 10)
#define S1_XN (1ull << 54)

#define S1_TEXT (S1_ATTR(MAIR_NORMAL_WB) | S1_AP_RES1 | S1_AP_RO | S1_SH_INNER | S1_AF)
#define S1_RODATA (S1_TEXT | S1_XN)
#define S1_DATA (S1_ATTR(MAIR_NORMAL_WB) | S1_AP_RES1 | S1_SH_INNER | S1_AF | S1_XN)
#define S1_DEVICE (S1_ATTR(MAIR_DEVICE) | S1_AP_RES1 | S1_AF | S1_XN)

/* TCR_EL2: T0SZ=32, walks inner/outer write-back cacheable, inner shareable,
 * 4 KiB granule, 40-bit physical addresses, RES1 bits 31 and 23. */
#define TCR_VALUE ((64ull - PGTABLE_VMSA_INPUT_BITS) | (1ull << 8) | (1ull << 10) | (3ull << 12) | \
		   (2ull << 16) | (1ull << 23) | (1ull << 31))

/* SCTLR_EL2: M, C, SA, I, WXN and the RES1 bits of the non-VHE layout. */
#define SCTLR_VALUE (0x30c50830ull | (1ull << 0) | (1ull << 2) | (1ull << 3) | (1ull << 12) | \
		     (1ull << 19))

#define FDT_MAX_SIZE (2ull << 20)

/* The hypervisor's tables and every partition's stage 2: 4 KiB each. */
PGTABLE_POOL(table_pool, 16 + 8 * CONFIG_PARTITION_COUNT);

extern char __image_start[], __text_end[], __rodata_end[], __image_end[];

static struct pgtable hyp_table;

static uint64_t addr(const void *p)
{
	return (uint64_t)(uintptr_t)p;
}

/* The distributor; on GICv3 the redistributor frames of the board's CPUs,
 * on GICv2 the CPU interface (8 KiB: GICC_DIR is in its second page) and
 * the virtual interface control. */
static void map_interrupt_controller(void)
{
	const uint64_t gicd_size = 0x10000, gicr_frame = 0x20000;
	uint64_t gicr_size = gicr_frame * CONFIG_CPU_COUNT;

	pgtable_map(&hyp_table, config_board.gicd_base, config_board.gicd_base, gicd_size,
		    S1_DEVICE);
	if (config_board.gic_version == 3) {
		if (gicr_size > config_board.gicr_size)
			gicr_size = config_board.gicr_size;
		pgtable_map(&hyp_table, config_board.gicr_base, config_board.gicr_base, gicr_size,
			    S1_DEVICE);
	} else {
		pgtable_map(&hyp_table, config_board.gicc_base, config_board.gicc_base, 0x2000,
			    S1_DEVICE);
		pgtable_map(&hyp_table, config_board.gich_base, config_board.gich_base, 0x1000,
			    S1_DEVICE);
	}
}

/* The hypervisor's region ends above firmware.bin (tools/bulkhead/firmware.py). */
static uint64_t region_end(void)
{
	CHECK(addr(__image_end) <= config_board.hyp_base + config_board.hyp_size);
	return config_board.hyp_base + config_board.hyp_size;
}

/* Up to the end of the region, or of the RAM of the partition whose payloads
 * firmware.bin holds in place right above it (mapped with partitions' RAM). */
const uint8_t *arch_firmware_image(size_t *length)
{
	CHECK(CONFIG_FIRMWARE_WINDOW_END >= region_end());
	*length = CONFIG_FIRMWARE_WINDOW_END - addr(__image_start);
	return (const uint8_t *)__image_start;
}

void mmu_init(void)
{
	pgtable_init(&hyp_table, &pgtable_vmsa_4k_32bit, &table_pool);
	pgtable_map(&hyp_table, addr(__image_start), addr(__image_start),
		    addr(__text_end) - addr(__image_start), S1_TEXT);
	pgtable_map(&hyp_table, addr(__text_end), addr(__text_end),
		    addr(__rodata_end) - addr(__text_end), S1_RODATA);
	pgtable_map(&hyp_table, addr(__rodata_end), addr(__rodata_end),
		    addr(__image_end) - addr(__rodata_end), S1_DATA);
	/* The rest of firmware.bin (the signed block and the payloads, the
	 * pristine copies partitions load from) to the end of the hypervisor's
	 * region: read, never written or executed. */
	pgtable_map(&hyp_table, addr(__image_end), addr(__image_end), region_end() - addr(__image_end),
		    S1_RODATA);
	pgtable_map(&hyp_table, config_board.console_base, config_board.console_base, PAGE_SIZE,
		    S1_DEVICE);
	map_interrupt_controller();
	partition_map_hyp(&hyp_table, S1_DATA);
	mmu_enable();
}

void mmu_enable(void)
{
	sysreg_write(mair_el2, MAIR_VALUE);
	sysreg_write(tcr_el2, TCR_VALUE);
	sysreg_write(ttbr0_el2, addr(hyp_table.root));
	dsb(ish);
	__asm__ volatile("tlbi alle2" : : : "memory");
	dsb(ish);
	isb();
	sysreg_write(sctlr_el2, SCTLR_VALUE);
	isb();
}

void mmu_certify_dump(void)
{
	console_log("certify: image start 0x%llx text_end 0x%llx rodata_end 0x%llx end 0x%llx",
		    (unsigned long long)addr(__image_start), (unsigned long long)addr(__text_end),
		    (unsigned long long)addr(__rodata_end), (unsigned long long)addr(__image_end));
	console_log("certify: space hyp ttbr0_el2 0x%llx tcr_el2 0x%llx mair_el2 0x%llx "
		    "sctlr_el2 0x%llx",
		    (unsigned long long)sysreg_read(ttbr0_el2), (unsigned long long)sysreg_read(tcr_el2),
		    (unsigned long long)sysreg_read(mair_el2),
		    (unsigned long long)sysreg_read(sctlr_el2));
	certify_dump_table(&hyp_table);
}

static void map_readonly_missing(uint64_t start, uint64_t end)
{
	for (uint64_t page = start & ~(PAGE_SIZE - 1); page < end; page += PAGE_SIZE)
		if (!pgtable_is_mapped(&hyp_table, page))
			pgtable_map(&hyp_table, page, page, PAGE_SIZE, S1_RODATA);
	dsb(ish);
	__asm__ volatile("tlbi alle2" : : : "memory");
	dsb(ish);
	isb();
}

static uint32_t be32(const void *p)
{
	const uint8_t *b = p;

	return (uint32_t)b[0] << 24 | (uint32_t)b[1] << 16 | (uint32_t)b[2] << 8 | b[3];
}

const void *mmu_map_fdt(uint64_t fdt)
{
	const uint64_t limit = 1ull << PGTABLE_VMSA_INPUT_BITS;
	uint32_t size;

	if (fdt == 0 || (fdt & 7) != 0 || fdt >= limit - FDT_MAX_SIZE)
		return NULL;
	/* The header first, to learn the size; then the rest. */
	map_readonly_missing(fdt, fdt + 8);
	if (be32((const void *)(uintptr_t)fdt) != 0xd00dfeed)
		return NULL;
	size = be32((const void *)(uintptr_t)(fdt + 4));
	if (size < 8 || size > FDT_MAX_SIZE)
		return NULL;
	map_readonly_missing(fdt, fdt + size);
	return (const void *)(uintptr_t)fdt;
}

void arch_zero_memory(void *start, uint64_t size)
{
	/* DC ZVA zeroes a whole block (DCZID_EL0.BS: 4 << BS bytes) per
	 * instruction, on Normal memory, which partition RAM is here. */
	uint64_t block = 4ull << (sysreg_read(dczid_el0) & 0xf);
	uint8_t *p = start, *end = p + size;

	if ((sysreg_read(dczid_el0) & 0x10) != 0 || ((uintptr_t)p | size) % block != 0) {
		memset(start, 0, size); /* DC ZVA prohibited, or an odd range */
		return;
	}
	for (; p < end; p += block)
		__asm__ volatile("dc zva, %0" : : "r"(p) : "memory");
	dsb(ish);
}

void *arch_phys_to_virt(uint64_t pa, uint64_t size)
{
	/* Identity map: partition RAM is mapped whole at boot. */
	if (!pgtable_is_mapped(&hyp_table, pa) ||
	    (size != 0 && !pgtable_is_mapped(&hyp_table, pa + size - 1)))
		return NULL;
	return (void *)(uintptr_t)pa;
}
