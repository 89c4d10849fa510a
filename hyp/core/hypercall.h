/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Hypercall dispatch, shared by every backend: the arch layer copies the
 * function id and arguments out of the trapped registers, calls
 * hypercall_handle(), and copies the results back. Numbers and meanings are
 * in hyp/include/bulkhead_abi.h.
 */
#ifndef HYPERCALL_H
#define HYPERCALL_H

#include <stdint.h>

#include "trap.h"

struct vcpu;

struct hypercall {
	uint64_t fid;
	uint64_t arg[5];
	int64_t ret[4]; /* ret[0] is the status */
};

enum trap_action hypercall_handle(struct vcpu *v, struct hypercall *hc);

#endif
