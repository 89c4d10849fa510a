// SPDX-License-Identifier: Apache-2.0
/*
 * EPT tables (see ept.h).
 */
#include "ept.h"

#include "arch.h"
#include "certify.h"
#include "check.h"
#include "config.h"
#include "console.h"
#include "io.h"
#include "mmu.h"
#include "partition_map.h"
#include "pgtable.h"
#include "vmx.h"

#define EPT_R (1ull << 0)
#define EPT_W (1ull << 1)
#define EPT_X (1ull << 2)
#define EPT_MEMTYPE_WB (6ull << 3)
#define EPT_MEMTYPE_UC (0ull << 3)
#define EPT_IGNORE_PAT (1ull << 6)
#define EPTP_WB 6ull
#define EPTP_WALK_4 (3ull << 3)

static struct pgtable tables[CONFIG_PARTITION_COUNT];

static uint64_t region_attrs(const struct mem_region *r)
{
	uint64_t attrs = r->kind == MEM_KIND_DEVICE ? EPT_MEMTYPE_UC | EPT_IGNORE_PAT
						    : EPT_MEMTYPE_WB;

	attrs |= (r->perms & MEM_R) ? EPT_R : 0;
	attrs |= (r->perms & MEM_W) ? EPT_W : 0;
	attrs |= (r->perms & MEM_X) ? EPT_X : 0;
	return attrs;
}

void arch_partition_map(const struct partition_config *cfg)
{
	struct pgtable *t = &tables[cfg->id];

	CHECK(cfg->id < CONFIG_PARTITION_COUNT && t->root == NULL);
	pgtable_init(t, &pgtable_x86_ept, &table_pool);
	partition_map(t, cfg, region_attrs);
	io_bitmap_build(cfg);
}

uint64_t ept_pointer(uint32_t partition_id)
{
	CHECK(partition_id < CONFIG_PARTITION_COUNT && tables[partition_id].root != NULL);
	return (uint64_t)(uintptr_t)tables[partition_id].root | EPTP_WALK_4 | EPTP_WB;
}

void ept_certify_dump(void)
{
	for (uint32_t id = 0; id < CONFIG_PARTITION_COUNT; id++) {
		console_log("certify: space partition %s eptp 0x%llx", config_partitions[id].name,
			    (unsigned long long)ept_pointer(id));
		certify_dump_table(&tables[id]);
	}
}
