// SPDX-License-Identifier: Apache-2.0
/*
 * Partition memory in translation tables (see partition_map.h).
 */
#include "partition_map.h"

void partition_map(struct pgtable *t, const struct partition_config *cfg, region_attrs_fn *attrs)
{
	const struct mem_region ram = partition_ram_region(&cfg->ram);

	pgtable_map(t, ram.ipa, ram.pa, ram.size, attrs(&ram));
	for (uint32_t i = 0; i < cfg->region_count; i++) {
		const struct mem_region *r = &cfg->regions[i];

		pgtable_map(t, r->ipa, r->pa, r->size, attrs(r));
	}
}

void partition_map_hyp(struct pgtable *t, uint64_t attrs)
{
	for (unsigned i = 0; i < CONFIG_PARTITION_COUNT; i++) {
		const struct partition_config *cfg = &config_partitions[i];

		pgtable_map(t, cfg->ram.pa, cfg->ram.pa, cfg->ram.size, attrs);
		for (uint32_t r = 0; r < cfg->region_count; r++) {
			const struct mem_region *m = &cfg->regions[r];

			if (m->kind != MEM_KIND_DEVICE && !pgtable_is_mapped(t, m->pa)) {
				pgtable_map(t, m->pa, m->pa, m->size, attrs);
			}
		}
	}
}
