// SPDX-License-Identifier: Apache-2.0
/*
 * Validation of partition buffers (see guest_memory.h).
 */
#include "guest_memory.h"

#include "arch.h"
#include "config.h"
#include "partition.h"

static void *region_lookup(const struct mem_region *r, uint64_t ipa, uint64_t len, uint32_t perms)
{
	if (r->kind != MEM_KIND_RAM || (r->perms & perms) != perms) {
		return NULL;
	}
	/* Written so that no sum can wrap around: ipa + len may overflow. */
	if (ipa < r->ipa || ipa - r->ipa >= r->size || len > r->size - (ipa - r->ipa)) {
		return NULL;
	}
	return arch_phys_to_virt(r->pa + (ipa - r->ipa), len);
}

void *guest_memory(const struct partition *p, uint64_t ipa, uint64_t len, uint32_t perms)
{
	const struct mem_region ram = partition_ram_region(&p->cfg->ram);
	void *in_ram = region_lookup(&ram, ipa, len, perms);

	if (in_ram != NULL) {
		return in_ram;
	}
	for (uint32_t i = 0; i < p->cfg->region_count; i++) {
		void *host = region_lookup(&p->cfg->regions[i], ipa, len, perms);

		if (host != NULL) {
			return host;
		}
	}
	return NULL;
}
