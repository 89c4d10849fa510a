/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Partition memory in translation tables, from the generated config: each
 * partition's own view (its stage 2 on arm64, its EPT on x86-64) and the
 * hypervisor's view of every partition's memory. The arch passes the table
 * (format and pool chosen) and its attribute encoding; activating the table
 * and invalidating TLBs stay with it.
 */
#ifndef PARTITION_MAP_H
#define PARTITION_MAP_H

#include <stdint.h>

#include "config.h"
#include "pgtable.h"

/* The arch's descriptor attributes for a region's kind and permissions. */
typedef uint64_t region_attrs_fn(const struct mem_region *r);

/* Build the partition's own view in the fresh table `t`: its RAM and every
 * region at their IPAs, with attrs(region). */
void partition_map(struct pgtable *t, const struct partition_config *cfg, region_attrs_fn *attrs);

/* Map every partition's RAM and channels into the hypervisor's own table
 * `t` at VA == PA with `attrs` (never executable: the hypervisor loads
 * images there and reads hypercall buffers). Channels, which several
 * partitions share, are mapped once (RAM is
 * never shared). Devices are not mapped. */
void partition_map_hyp(struct pgtable *t, uint64_t attrs);

#endif
