// SPDX-License-Identifier: Apache-2.0
/*
 * The x86-64 part of the certify dump (hyp/core/certify.h): the host page
 * tables, every partition's EPT, and the vector the hypervisor keeps.
 */
#include "arch.h"
#include "console.h"
#include "ept.h"
#include "mmu.h"

void arch_certify_dump(void)
{
	mmu_certify_dump();
	ept_certify_dump();
	/* Kicks are NMIs (irq.h); every other vector is the partition's own. */
	console_log("certify: hyp-vector 2 nmi-kick");
}
