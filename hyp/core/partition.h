/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The partition table at run time: one entry per configured partition, with
 * its state, its virtual console and its vCPUs. Sized from the config; no
 * allocation. A vCPU runs on one physical CPU for life.
 */
#ifndef PARTITION_H
#define PARTITION_H

#include <stdatomic.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdnoreturn.h>

#include "config.h"
#include "console.h"
#include "trap.h"

enum partition_state {
	PARTITION_LOADED,
	PARTITION_RUNNING,
	PARTITION_EXITED, /* called partition_exit */
	PARTITION_HALTED, /* stopped by its fault policy */
	PARTITION_REFUSED, /* its payloads failed verification: never started */
};

struct partition;

/* A vCPU's power, as PSCI sees it. vCPU 0 is on from the partition's start;
 * the others wait, off, until the partition's own CPU_ON names them. */
enum vcpu_power {
	VCPU_OFF,
	VCPU_ON_PENDING, /* CPU_ON accepted; its CPU is about to enter it */
	VCPU_ON,
};

struct vcpu {
	struct partition *partition;
	uint32_t index; /* within the partition */
	uint32_t pcpu;  /* the physical CPU it runs on */
	_Atomic int power; /* enum vcpu_power */
	uint64_t entry;    /* where CPU_ON asked it to start */
	uint64_t context;  /* and what it passes in x0 */
};

/* What a partition's vCPUs are asked to do when they next trap. */
enum partition_request {
	PARTITION_REQUEST_NONE,
	PARTITION_REQUEST_STOP,    /* it exited or was halted: leave for good */
	PARTITION_REQUEST_RESTART, /* leave; vCPU 0's CPU reloads and restarts it */
};

struct partition {
	const struct partition_config *cfg;
	/* Its pristine image and Devicetree: inside the hypervisor's image, or
	 * (firmware.bin) the verified payloads that firmware_boot() binds. */
	const unsigned char *image;
	const unsigned char *dtb;
	enum partition_state state;
	_Atomic int request; /* enum partition_request */
	uint32_t restarts;   /* by its fault policy, so far */
	int64_t exit_status;
	struct console_line console;
	struct vcpu vcpus[CONFIG_CPU_MAX_PER_PARTITION];
};

/* Bind every table entry to its config and its CPUs. */
void partitions_init(void);

struct partition *partition_get(unsigned index);

/* The vCPU that physical CPU `pcpu` runs, or NULL if the CPU has none. */
struct vcpu *vcpu_of_cpu(unsigned pcpu);

/* Zero the partition's RAM, then copy in its Devicetree and image from its
 * pristine copies (partition.image, partition.dtb). */
void partition_load(struct partition *p);

/* Enter vCPU 0 at the partition's entry point with the Bulkhead entry state
 * (bulkhead_abi.h). */
noreturn void partition_start_vcpu(struct vcpu *v);

/* Run a vCPU on the calling CPU for life: vCPU 0 starts the partition; any
 * other waits until CPU_ON powers it, then enters where it was asked to. */
noreturn void vcpu_run(struct vcpu *v);

/* PSCI CPU_ON from one of the partition's vCPUs for its vCPU `target`
 * (the guest's MPIDR affinity). Returns a PSCI status: 0, or
 * PSCI_E_DENIED for a CPU that is not the partition's, PSCI_E_ALREADY_ON,
 * PSCI_E_INVALID_ADDRESS for an entry outside its RAM. */
int64_t partition_vcpu_on(struct partition *p, uint64_t target, uint64_t entry, uint64_t context);

/* PSCI AFFINITY_INFO for one of the partition's vCPUs: 0 on, 1 off,
 * 2 on pending, or PSCI_E_INVALID_PARAMETERS. */
int64_t partition_vcpu_state(const struct partition *p, uint64_t target);

#define PSCI_E_NOT_SUPPORTED (-1)
#define PSCI_E_INVALID_PARAMETERS (-2)
#define PSCI_E_DENIED (-3)
#define PSCI_E_ALREADY_ON (-4)
#define PSCI_E_INVALID_ADDRESS (-9)

/* Record that a partition stopped (exited or halted), say so, and recall
 * its vCPUs on other CPUs. The caller's handler then returns
 * TRAP_VCPU_STOPPED, so that its vCPU leaves too (partition_leave). */
void partition_stop(struct partition *p, enum partition_state state, int64_t status);

/* Ask every vCPU of the partition to leave so that it restarts from a
 * pristine image. The caller's handler then returns TRAP_VCPU_STOPPED. */
void partition_request_restart(struct partition *p);

/* The calling CPU's vCPU leaves its partition for the pending request
 * (trap_carry_out, for TRAP_VCPU_STOPPED): it parks (or ends the run) after
 * a stop; after a restart request, vCPU 0 reloads and re-enters the
 * partition and the others wait for CPU_ON. */
noreturn void partition_leave(struct vcpu *v);

/* A vCPU was interrupted by arch_vcpu_kick(): what it does next.
 * TRAP_VCPU_STOPPED (leave) if its partition asked, otherwise TRAP_RESUME. */
enum trap_action partition_kicked(const struct vcpu *v);

/* The BULKHEAD_RUN_* status the run ends with, once every partition stopped. */
int partition_run_status(void);

/* Called by a CPU whose vCPU has stopped: the last one ends the run, the
 * others park. */
noreturn void partition_cpu_done(void);

/* Called by a CPU whose vCPU powered itself off (PSCI CPU_OFF; by
 * trap_carry_out, for TRAP_VCPU_OFF). */
noreturn void partition_vcpu_off(struct vcpu *v);

#endif
