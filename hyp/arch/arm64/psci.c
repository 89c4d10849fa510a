// SPDX-License-Identifier: Apache-2.0
/*
 * PSCI for partitions (see psci.h). SYSTEM_OFF and SYSTEM_RESET end only the
 * calling partition; CPU_ON arrives with multi-CPU partitions.
 */
#include "psci.h"

#include "partition.h"

#define PSCI_VERSION 0x84000000u
#define PSCI_SYSTEM_OFF 0x84000008u
#define PSCI_SYSTEM_RESET 0x84000009u
#define PSCI_FEATURES 0x8400000au
#define SMCCC_VERSION 0x80000000u

#define PSCI_RET_NOT_SUPPORTED (-1)
#define PSCI_VERSION_1_1 0x10001
#define SMCCC_VERSION_1_1 0x10001

bool psci_is_call(uint64_t fid)
{
	uint32_t id = (uint32_t)fid & ~0x40000000u; /* fold SMC64 onto SMC32 */

	return (id & 0xffffff00u) == 0x84000000u || id == SMCCC_VERSION;
}

enum trap_action psci_handle(struct vcpu *v, struct hypercall *call)
{
	switch ((uint32_t)call->fid) {
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
			     asked == PSCI_SYSTEM_RESET || asked == PSCI_FEATURES;

		call->ret[0] = known ? 0 : PSCI_RET_NOT_SUPPORTED;
		return TRAP_RESUME;
	}
	default:
		call->ret[0] = PSCI_RET_NOT_SUPPORTED;
		return TRAP_RESUME;
	}
}
