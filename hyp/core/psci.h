/* SPDX-License-Identifier: Apache-2.0 */
/*
 * PSCI as a partition sees it (ARM DEN 0022): the calls a partition makes to
 * "firmware" land here, through SMC (trapped) or HVC on arm64 and VMCALL on
 * x86-64 (same function ids), and are answered for that partition alone. It
 * never reaches the real firmware. Portable: it only touches partition state.
 */
#ifndef PSCI_H
#define PSCI_H

#include <stdbool.h>

#include "hypercall.h"
#include "trap.h"

/* Whether the function id belongs to PSCI (or SMCCC's own arch calls). */
bool psci_is_call(uint64_t fid);

enum trap_action psci_handle(struct vcpu *v, struct hypercall *call);

#endif
