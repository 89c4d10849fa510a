// SPDX-License-Identifier: Apache-2.0
/*
 * PSCI on x86-64: there is no firmware that speaks it, but Bulkhead answers
 * the same function ids by VMCALL (the partition Devicetree's /psci node
 * says method = "hvc"), so CPU_ON, CPU_OFF and AFFINITY_INFO work as on
 * arm64. `use_smc` has no meaning here.
 */
#include "../arch.h"

#define PSCI_SYSTEM_OFF 0x84000008u

long psci_arch_call(bool use_smc, unsigned long fid, unsigned long a1, unsigned long a2,
		    unsigned long a3)
{
	(void)use_smc;
	return guest_arch_hvc(fid, a1, a2, a3, 0, 0);
}

void psci_arch_system_off(bool use_smc)
{
	psci_arch_call(use_smc, PSCI_SYSTEM_OFF, 0, 0, 0);
}
