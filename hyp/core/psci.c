// SPDX-License-Identifier: Apache-2.0
/*
 * PSCI for partitions (see psci.h). CPU_ON reaches only the partition's own
 * CPUs; SYSTEM_OFF and SYSTEM_RESET end only the calling partition.
 */
#include "psci.h"

#include <stdint.h>

#include "partition.h"

#define PSCI_VERSION 0x84000000u
#define PSCI_CPU_OFF 0x84000002u
#define PSCI_CPU_ON 0x84000003u
#define PSCI_AFFINITY_INFO 0x84000004u
#define PSCI_SYSTEM_OFF 0x84000008u
#define PSCI_SYSTEM_RESET 0x84000009u
#define PSCI_FEATURES 0x8400000au
#define SMCCC_VERSION 0x80000000u

#define PSCI_RET_NOT_SUPPORTED (-1)
#define MPIDR_AFF0 0xffull
#define PSCI_VERSION_1_1 0x10001
#define SMCCC_VERSION_1_1 0x10001

bool psci_is_call(uint64_t fid)
{
	uint32_t id = (uint32_t)fid & ~0x40000000u; /* fold SMC64 onto SMC32 */

	return (id & 0xffffff00u) == 0x84000000u || id == SMCCC_VERSION;
}

enum trap_action psci_handle(struct vcpu *v, struct hypercall *call)
{
	/* SMC64 and SMC32 ids mean the same here; arguments are 64-bit. */
	switch ((uint32_t)call->fid & ~0x40000000u) {
	case PSCI_CPU_ON: {
		/* A partition's vCPUs have MPIDR affinity 0.0.0.n; any other
		 * affinity names a CPU it does not have. */
		uint64_t target = call->arg[0];
		uint64_t index = (target & ~MPIDR_AFF0) != 0 ? UINT64_MAX : target & MPIDR_AFF0;

		call->ret[0] = partition_vcpu_on(v->partition, index, call->arg[1], call->arg[2]);
		return TRAP_RESUME;
	}
	case PSCI_CPU_OFF:
		return TRAP_VCPU_OFF;
	case PSCI_AFFINITY_INFO: {
		uint64_t target = call->arg[0];

		call->ret[0] = (target & ~MPIDR_AFF0) != 0 ? PSCI_E_INVALID_PARAMETERS
			     : partition_vcpu_state(v->partition, target & MPIDR_AFF0);
		return TRAP_RESUME;
	}
	case PSCI_VERSION:
		call->ret[0] = PSCI_VERSION_1_1;
		return TRAP_RESUME;
	case SMCCC_VERSION:
		call->ret[0] = SMCCC_VERSION_1_1;
		return TRAP_RESUME;
	case PSCI_SYSTEM_OFF:
	case PSCI_SYSTEM_RESET:
		/* The "system" of a partition is the partition. */
		partition_stop(v->partition, PARTITION_EXITED, 0);
		return TRAP_VCPU_STOPPED;
	case PSCI_FEATURES: {
		uint32_t asked = (uint32_t)call->arg[0];
		bool known = asked == PSCI_VERSION || asked == PSCI_SYSTEM_OFF ||
			     asked == PSCI_SYSTEM_RESET || asked == PSCI_FEATURES ||
			     (asked & ~0x40000000u) == PSCI_CPU_ON || asked == PSCI_CPU_OFF ||
			     (asked & ~0x40000000u) == PSCI_AFFINITY_INFO;

		call->ret[0] = known ? 0 : PSCI_RET_NOT_SUPPORTED;
		return TRAP_RESUME;
	}
	default:
		call->ret[0] = PSCI_RET_NOT_SUPPORTED;
		return TRAP_RESUME;
	}
}
