/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The fault path: a partition did something its configuration does not allow
 * (touched memory it does not own, executed a trapped instruction the
 * hypervisor does not emulate). It is logged in one line and the partition's
 * on_fault policy is applied; other partitions carry on.
 */
#ifndef FAULT_H
#define FAULT_H

#include <stdbool.h>
#include <stdint.h>

#include "trap.h"

struct vcpu;

enum fault_kind {
	FAULT_STAGE2_DATA,  /* data access outside the partition's memory */
	FAULT_STAGE2_FETCH, /* instruction fetch outside it */
	FAULT_TRAP,         /* an instruction or exception the partition may not use */
};

struct fault_info {
	enum fault_kind kind;
	uint64_t address;  /* IPA for stage-2 faults */
	bool write;
	const char *syndrome_name; /* "ESR" on arm64, "exit qualification" on x86 */
	uint64_t syndrome;
	uint64_t pc;
	const char *what;  /* FAULT_TRAP: what was trapped */
};

enum trap_action fault_handle(struct vcpu *v, const struct fault_info *f);

#endif
