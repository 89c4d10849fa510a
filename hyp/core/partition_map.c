// SPDX-License-Identifier: Apache-2.0
/*
 * Partition memory in translation tables (see partition_map.h).
 */
#include "partition_map.h"

/*
 * CERTIFY_BREAK_* (test-only builds, `scons CERTIFY_BREAK=...`, never set in
 * a normal build): deliberate isolation breaks that the certify check must
 * find and name, so that a passing check is known to be able to fail.
 */
static void certify_break(struct pgtable *t, const struct partition_config *cfg,
			  region_attrs_fn *attrs)
{
#if defined(CERTIFY_BREAK_FOREIGN_PAGE)
	/* Partition 0 also sees the first page of its neighbour's RAM, right
	 * after its own. */
	if (cfg->id == 0) {
		const struct partition_config *next =
			&config_partitions[(cfg->id + 1) % CONFIG_PARTITION_COUNT];
		const struct mem_region ram = partition_ram_region(&cfg->ram);

		pgtable_map(t, cfg->ram.ipa + cfg->ram.size, next->ram.pa, PAGE_SIZE, attrs(&ram));
	}
#else
	(void)t;
	(void)cfg;
	(void)attrs;
#endif
}

static uint32_t region_perms(const struct mem_region *r)
{
#if defined(CERTIFY_BREAK_WRITE_READ_END)
	/* Every read end of a channel is writable. */
	if (r->kind == MEM_KIND_CHANNEL)
		return r->perms | MEM_W;
#endif
	return r->perms;
}

void partition_map(struct pgtable *t, const struct partition_config *cfg, region_attrs_fn *attrs)
{
	const struct mem_region ram = partition_ram_region(&cfg->ram);

	pgtable_map(t, ram.ipa, ram.pa, ram.size, attrs(&ram));
	for (uint32_t i = 0; i < cfg->region_count; i++) {
		struct mem_region r = cfg->regions[i];

		r.perms = region_perms(&r);
		pgtable_map(t, r.ipa, r.pa, r.size, attrs(&r));
	}
	certify_break(t, cfg, attrs);
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
