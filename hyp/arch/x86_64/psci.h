/* SPDX-License-Identifier: Apache-2.0 */
/*
 * PSCI for partitions, reached by VMCALL on x86 (the same function ids as
 * arm64's HVC): CPU_ON only for the partition's own vCPUs, CPU_OFF,
 * AFFINITY_INFO, and SYSTEM_OFF/RESET ending the calling partition. The
 * logic touches no hardware, so x86 builds compile arm64's psci.c
 * (hyp/SConscript); this header is its interface, as hyp/arch/arm64/psci.h.
 */
#ifndef PSCI_H
#define PSCI_H

#include <stdbool.h>
#include <stdint.h>

#include "hypercall.h"
#include "trap.h"

/* Whether the function id belongs to PSCI (or SMCCC's own arch calls). */
bool psci_is_call(uint64_t fid);

enum trap_action psci_handle(struct vcpu *v, struct hypercall *call);

#endif
