// SPDX-License-Identifier: Apache-2.0
/*
 * The table formats the hypervisor builds (see pgtable.h): descriptor type
 * bits and walk shapes only. What memory type and permission an entry has
 * is the arch's `attrs`.
 */
#include "pgtable.h"

/* ARM DDI 0487, D8.3.1: bit 0 valid; bit 1 set is a table above level 3 and
 * a page at level 3, clear is a block. Output address bits 47:12. */
const struct pgtable_format pgtable_vmsa_4k_32bit = {
	.levels = 3, /* levels 1, 2 and 3 of the architecture */
	.input_bits = PGTABLE_VMSA_INPUT_BITS,
	.block_levels = 1u << 0 | 1u << 1, /* 1 GiB and 2 MiB blocks */
	.valid = 1ULL,
	.type_mask = 3ULL,
	.table = 3ULL,
	.block = 1ULL,
	.page = 3ULL,
	.addr_mask = 0x0000fffffffff000ull,
};

/* Intel SDM vol. 3A, 5.5.5 (tables 5-15 to 5-20): P present; a PDE with PS
 * maps a 2 MiB page. A table entry is present and writable (what it maps
 * narrows that). Physical address bits 51:12. */
#define X86_P (1ULL << 0)
#define X86_RW (1ULL << 1)
#define X86_PS (1ULL << 7)

const struct pgtable_format pgtable_x86_paging = {
	.levels = 4, /* PML4, PDPT, PD, PT */
	.input_bits = 48,
	.block_levels = 1u << 2, /* 2 MiB pages in the PD */
	.valid = X86_P,
	.type_mask = X86_PS,
	.table = X86_P | X86_RW,
	.block = X86_PS,
	.page = 0,
	.addr_mask = 0x000ffffffffff000ull,
};

/* Intel SDM vol. 3C, 29.3.2 (tables 29-1 to 29-6): an entry is present if
 * any of R, W, X is set; bit 7 in a PDE maps a 2 MiB page. A table entry
 * allows all three (the leaf decides). */
#define EPT_RWX 7ULL
#define EPT_LARGE (1ULL << 7)

const struct pgtable_format pgtable_x86_ept = {
	.levels = 4,
	.input_bits = 48,
	.block_levels = 1u << 2,
	.valid = EPT_RWX,
	.type_mask = EPT_LARGE,
	.table = EPT_RWX,
	.block = EPT_LARGE,
	.page = 0,
	.addr_mask = 0x000ffffffffff000ull,
};
