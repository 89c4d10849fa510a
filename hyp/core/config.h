/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The shape of the static tables that tools/bulkhead/emit.py generates from
 * the board's Devicetree and the system config. The hypervisor reads them and
 * never parses a config at run time; the sizes in config_gen.h size every
 * table the hypervisor keeps.
 */
#ifndef CONFIG_H
#define CONFIG_H

#include <stdint.h>

#include "config_gen.h"

enum fault_policy {
	FAULT_POLICY_HALT,         /* stop the partition for good */
	FAULT_POLICY_RESTART,      /* reload and restart it, up to max_restarts times */
	FAULT_POLICY_RESET_SYSTEM, /* reset the whole machine */
};

enum mem_kind {
	MEM_KIND_RAM,     /* the partition's own RAM */
	MEM_KIND_DEVICE,  /* a passed-through device, at IPA == PA */
	MEM_KIND_CHANNEL, /* shared memory with other partitions */
};

#define MEM_R 1u
#define MEM_W 2u
#define MEM_X 4u

/* One stage-2 (or EPT) mapping: the partition sees [ipa, ipa+size) at pa. */
struct mem_region {
	uint64_t ipa;
	uint64_t pa;
	uint64_t size;
	uint32_t kind;
	uint32_t perms;
};

/* A partition's own RAM: it sees [ipa, ipa+size) at pa, Normal memory,
 * readable, writable and executable. Zeroed and loaded at every (re)start;
 * its Devicetree and image are placed inside it. */
struct partition_ram {
	uint64_t pa;
	uint64_t ipa;
	uint64_t size;
};

/* The partition's RAM as one of its stage-2 (EPT) mappings. */
static inline struct mem_region partition_ram_region(const struct partition_ram *ram)
{
	return (struct mem_region){ .ipa = ram->ipa, .pa = ram->pa, .size = ram->size,
				    .kind = MEM_KIND_RAM, .perms = MEM_R | MEM_W | MEM_X };
}

/* x86: I/O ports a partition owns (its devices' bulkhead,io-ports), passed
 * through by its I/O bitmap. */
struct io_range {
	uint16_t first;
	uint16_t count;
};

struct partition_config {
	const char *name;
	uint32_t id;
	uint32_t cpu_count;
	uint8_t cpus[CONFIG_CPU_MAX_PER_PARTITION]; /* physical CPU of vCPU i */
	struct partition_ram ram;
	const struct mem_region *regions; /* its other mappings: devices, channels */
	uint32_t region_count;
	const uint16_t *irqs; /* the interrupts (GIC INTIDs) it owns, sorted */
	uint32_t irq_count;
	const unsigned char *image; /* pristine copy inside the hypervisor image */
	uint64_t image_size;
	uint64_t image_ipa;
	const char *image_name;
	uint8_t image_sha256[32];
	uint64_t entry_ipa;
	const unsigned char *dtb;
	uint64_t dtb_size;
	uint64_t dtb_ipa;
	enum fault_policy on_fault;
	uint32_t max_restarts;
	uint8_t irq_direct; /* takes physical interrupts at EL1, no EL2 entry */
	uint8_t pmu_el2;    /* its PMU may count events at EL2 (benchmarks only) */
	const struct io_range *io_ranges; /* x86 only; NULL elsewhere */
	uint32_t io_range_count;
};

struct board_config {
	const char *name;
	uint64_t ram_base;
	uint64_t ram_size;
	uint32_t cpu_count;
	uint64_t cpu_mpidr[CONFIG_CPU_COUNT]; /* hardware id of each CPU (arm64 MPIDR affinity) */
	uint64_t hyp_base; /* RAM reserved for the hypervisor */
	uint64_t hyp_size;
	uint64_t console_base;
	uint32_t gic_version;
	uint64_t gicd_base;
	uint64_t gicr_base; /* GICv3 redistributors */
	uint64_t gicr_size;
	uint64_t gicc_base; /* GICv2 CPU interface */
	uint64_t gich_base; /* GICv2 virtual interface control */
	uint64_t ioapic_base; /* x86: the IOAPIC (console_base is then an I/O port) */
};

/* One partition's end of a channel. */
struct channel_end_config {
	uint8_t partition; /* index into config_partitions */
	uint8_t writable;
	uint16_t doorbell; /* virtual INTID raised here when a peer notifies; 0 = none */
};

/* Shared memory between partitions (its mappings are in each end's regions). */
struct channel_config {
	const char *name;
	uint64_t pa;
	uint64_t size;
	uint32_t end_count;
	struct channel_end_config ends[CONFIG_CHANNEL_MAX_ENDS];
};

extern const struct partition_config config_partitions[CONFIG_PARTITION_COUNT];
/* CONFIG_CHANNEL_COUNT entries, then one with a NULL name. */
extern const struct channel_config config_channels[CONFIG_CHANNEL_COUNT + 1];
extern const struct board_config config_board;

/* For each interrupt: index + 1 of the partition that owns it, 0 if none. */
extern const uint8_t config_irq_owner[CONFIG_GIC_INTIDS];

#endif
