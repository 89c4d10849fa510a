// SPDX-License-Identifier: Apache-2.0
/*
 * PSCI calls (ARM DEN 0022, "Arm Power State Coordination Interface")
 * through the conduit the Devicetree's /psci node names. On QEMU virt
 * without EL2 and EL3 that is `hvc`, which QEMU itself serves for PSCI
 * function ids only; under Bulkhead it is `hvc` too, served by the
 * hypervisor for the partition's own CPUs.
 */
#include <stdbool.h>

#include "../arch.h"

#define PSCI_SYSTEM_OFF 0x84000008ul

long psci_arch_call(bool use_smc, unsigned long fid, unsigned long a1, unsigned long a2,
		    unsigned long a3)
{
	register unsigned long x0 __asm__("x0") = fid;
	register unsigned long x1 __asm__("x1") = a1;
	register unsigned long x2 __asm__("x2") = a2;
	register unsigned long x3 __asm__("x3") = a3;

	/*
	 * SMCCC 1.0 lets the callee corrupt x4..x17 (and x1..x3 hold no
	 * result for PSCI). "memory": CPU_ON hands memory to another CPU.
	 */
	if (use_smc)
		__asm__ volatile("smc #0"
				 : "+r"(x0), "+r"(x1), "+r"(x2), "+r"(x3)
				 :
				 : "x4", "x5", "x6", "x7", "x8", "x9", "x10", "x11", "x12",
				   "x13", "x14", "x15", "x16", "x17", "memory");
	else
		__asm__ volatile("hvc #0"
				 : "+r"(x0), "+r"(x1), "+r"(x2), "+r"(x3)
				 :
				 : "x4", "x5", "x6", "x7", "x8", "x9", "x10", "x11", "x12",
				   "x13", "x14", "x15", "x16", "x17", "memory");
	return (long)x0;
}

void psci_arch_system_off(bool use_smc)
{
	psci_arch_call(use_smc, PSCI_SYSTEM_OFF, 0, 0, 0);
}
