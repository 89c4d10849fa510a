// SPDX-License-Identifier: Apache-2.0
/*
 * The hypervisor's page tables (see mmu.h). Entry bits: Intel SDM vol. 3A,
 * 5.5.5 (4-level paging), table 5-20.
 */
#include "mmu.h"

#include <string.h>

#include "arch.h"
#include "certify.h"
#include "config.h"
#include "console.h"
#include "cpu.h"
#include "partition_map.h"
#include "pgtable.h"
#include "x86.h"

#define PTE_P (1ull << 0)
#define PTE_RW (1ull << 1)
#define PTE_NX (1ull << 63)

#define PTE_TEXT PTE_P
#define PTE_RODATA (PTE_P | PTE_NX)
#define PTE_DATA (PTE_P | PTE_RW | PTE_NX)

/* The hypervisor's tables and every partition's EPT: 4 KiB each. */
PGTABLE_POOL(table_pool, 24 + 8 * CONFIG_PARTITION_COUNT);

extern char __image_start[], __text_end[], __rodata_end[], __image_end[];

static struct pgtable hyp_table;

static uint64_t addr(const void *p)
{
	return (uint64_t)(uintptr_t)p;
}

void mmu_init(void)
{
	pgtable_init(&hyp_table, &pgtable_x86_paging, &table_pool);
	pgtable_map(&hyp_table, addr(__image_start), addr(__image_start),
		    addr(__text_end) - addr(__image_start), PTE_TEXT);
	pgtable_map(&hyp_table, addr(__text_end), addr(__text_end),
		    addr(__rodata_end) - addr(__text_end), PTE_RODATA);
	pgtable_map(&hyp_table, addr(__rodata_end), addr(__rodata_end),
		    addr(__image_end) - addr(__rodata_end), PTE_DATA);
	pgtable_map(&hyp_table, AP_TRAMPOLINE_BASE, AP_TRAMPOLINE_BASE, PAGE_SIZE, PTE_DATA);
	partition_map_hyp(&hyp_table, PTE_DATA);
	mmu_enable();
}

void mmu_enable(void)
{
	/* No global pages: a CR3 write flushes every translation. */
	write_cr(3, addr(hyp_table.root));
}

void mmu_certify_dump(void)
{
	console_log("certify: image start 0x%llx text_end 0x%llx rodata_end 0x%llx end 0x%llx",
		    (unsigned long long)addr(__image_start), (unsigned long long)addr(__text_end),
		    (unsigned long long)addr(__rodata_end), (unsigned long long)addr(__image_end));
	console_log("certify: space hyp cr3 0x%llx cr0 0x%llx cr4 0x%llx efer 0x%llx",
		    (unsigned long long)read_cr(3), (unsigned long long)read_cr(0),
		    (unsigned long long)read_cr(4), (unsigned long long)rdmsr(MSR_EFER));
	certify_dump_table(&hyp_table);
}

void arch_zero_memory(void *start, uint64_t size)
{
	/* rep stosq: one instruction for the whole range, 8 bytes a step. */
	uint64_t count = size / 8;
	void *dst = start;

	__asm__ volatile("rep stosq" : "+D"(dst), "+c"(count) : "a"(0ull) : "memory");
	if (size % 8 != 0)
		memset((uint8_t *)start + (size & ~7ull), 0, size % 8);
}

void *arch_phys_to_virt(uint64_t pa, uint64_t size)
{
	/* Identity map: partition RAM is mapped whole at boot. */
	if (!pgtable_is_mapped(&hyp_table, pa) ||
	    (size != 0 && !pgtable_is_mapped(&hyp_table, pa + size - 1)))
		return NULL;
	return (void *)(uintptr_t)pa;
}
