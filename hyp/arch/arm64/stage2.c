// SPDX-License-Identifier: Apache-2.0
/*
 * Stage-2 tables (see stage2.h). Descriptor attributes: ARM DDI 0487, D8.3
 * and D8.5.5 (stage-2 memory type); VTCR_EL2: D13.2.
 */
#include "stage2.h"

#include "arch.h"
#include "certify.h"
#include "check.h"
#include "config.h"
#include "console.h"
#include "mmu.h"
#include "partition_map.h"
#include "pgtable.h"
#include "sysreg.h"

#define S2_MEMATTR_NORMAL_WB (0xfull << 2)
#define S2_MEMATTR_DEVICE_NGNRE (0x1ull << 2)
#define S2_AP_R (1ull << 6)
#define S2_AP_W (1ull << 7)
#define S2_SH_INNER (3ull << 8)
#define S2_AF (1ull << 10)
#define S2_XN (2ull << 53) /* XN[1:0] = 0b10: no execution at EL1 or EL0 */

/* T0SZ=32, start at level 1 (SL0=1), walks cacheable inner shareable,
 * 4 KiB granule, 40-bit physical addresses, RES1 bit 31. */
#define VTCR_VALUE ((64ull - PGTABLE_VMSA_INPUT_BITS) | (1ull << 6) | (1ull << 8) | (1ull << 10) | \
		    (3ull << 12) | (2ull << 16) | (1ull << 31))

static struct pgtable tables[CONFIG_PARTITION_COUNT];

static uint64_t region_attrs(const struct mem_region *r)
{
	uint64_t attrs = S2_AF;

	attrs |= r->kind == MEM_KIND_DEVICE ? S2_MEMATTR_DEVICE_NGNRE
					    : S2_MEMATTR_NORMAL_WB | S2_SH_INNER;
	attrs |= (r->perms & MEM_R) ? S2_AP_R : 0;
	attrs |= (r->perms & MEM_W) ? S2_AP_W : 0;
	attrs |= (r->perms & MEM_X) ? 0 : S2_XN;
	return attrs;
}

void arch_partition_map(const struct partition_config *cfg)
{
	struct pgtable *t = &tables[cfg->id];

	CHECK(cfg->id < CONFIG_PARTITION_COUNT && t->root == NULL);
	pgtable_init(t, &pgtable_vmsa_4k_32bit, &table_pool);
	partition_map(t, cfg, region_attrs);
	/* No stale stage-2 entry may survive into the first entry. */
	dsb(ishst);
	__asm__ volatile("tlbi alle1is" : : : "memory");
	dsb(ish);
	isb();
}

void stage2_init_cpu(void)
{
	sysreg_write(vtcr_el2, VTCR_VALUE);
	isb();
}

void stage2_activate(uint32_t partition_id)
{
	CHECK(partition_id < CONFIG_PARTITION_COUNT && tables[partition_id].root != NULL);
	/* VMID = id + 1, so no partition shares TLB entries with another. */
	sysreg_write(vttbr_el2, (uint64_t)(uintptr_t)tables[partition_id].root |
					((uint64_t)(partition_id + 1) << 48));
	isb();
}

void stage2_certify_dump(void)
{
	for (uint32_t id = 0; id < CONFIG_PARTITION_COUNT; id++) {
		stage2_activate(id);
		console_log("certify: space partition %s vttbr_el2 0x%llx vtcr_el2 0x%llx",
			    config_partitions[id].name, (unsigned long long)sysreg_read(vttbr_el2),
			    (unsigned long long)sysreg_read(vtcr_el2));
		certify_dump_table(&tables[id]);
	}
}
