// SPDX-License-Identifier: Apache-2.0
/*
 * PSCI SYSTEM_OFF for native boots that cannot exit through semihosting
 * (ARM DEN 0022, "Arm Power State Coordination Interface"). Only the conduit
 * the Devicetree's /psci node names is used: on QEMU virt without EL2 and
 * EL3 that is `hvc`, which QEMU itself serves for PSCI function ids only.
 */
#include <stdbool.h>

#include "../arch.h"

#define PSCI_SYSTEM_OFF 0x84000008ul

#define PSCI_CLOBBERS "x1", "x2", "x3", "x4", "x5", "x6", "x7", "x8", "x9", "x10", \
	"x11", "x12", "x13", "x14", "x15", "x16", "x17", "memory"

void psci_arch_system_off(bool use_smc)
{
	register unsigned long x0 __asm__("x0") = PSCI_SYSTEM_OFF;

	/* SMCCC 1.0 lets the callee corrupt x1..x17. */
	if (use_smc)
		__asm__ volatile("smc #0" : "+r"(x0) : : PSCI_CLOBBERS);
	else
		__asm__ volatile("hvc #0" : "+r"(x0) : : PSCI_CLOBBERS);
}
