/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The partition table at run time: one entry per configured partition, with
 * its state, its virtual console and its vCPUs. Sized from the config; no
 * allocation. A vCPU runs on one physical CPU for life.
 */
#ifndef PARTITION_H
#define PARTITION_H

#include <stdbool.h>
#include <stdint.h>
#include <stdnoreturn.h>

#include "config.h"
#include "console.h"

enum partition_state {
	PARTITION_LOADED,
	PARTITION_RUNNING,
	PARTITION_EXITED, /* called partition_exit */
	PARTITION_HALTED, /* stopped by its fault policy */
};

struct partition;

struct vcpu {
	struct partition *partition;
	uint32_t index; /* within the partition */
	uint32_t pcpu;  /* the physical CPU it runs on */
};

struct partition {
	const struct partition_config *cfg;
	enum partition_state state;
	int64_t exit_status;
	struct console_line console;
	struct vcpu vcpus[CONFIG_CPU_MAX_PER_PARTITION];
};

/* Bind every table entry to its config and its CPUs. */
void partitions_init(void);

struct partition *partition_get(unsigned index);

/* The vCPU that physical CPU `pcpu` runs, or NULL if the CPU has none. */
struct vcpu *vcpu_of_cpu(unsigned pcpu);

/* Zero the partition's RAM, then copy in its Devicetree and image from the
 * pristine copies inside the hypervisor image. */
void partition_load(struct partition *p);

/* Enter a vCPU at the partition's entry point with the Bulkhead entry state
 * (bulkhead_abi.h). */
noreturn void partition_start_vcpu(struct vcpu *v);

/* Record that a partition stopped (exited or halted) and say so. */
void partition_stop(struct partition *p, enum partition_state state, int64_t status);

/* The BULKHEAD_RUN_* status the run ends with, once every partition stopped. */
int partition_run_status(void);

/* Called by a CPU whose vCPU has stopped: the last one ends the run, the
 * others park. */
noreturn void partition_cpu_done(void);

#endif
