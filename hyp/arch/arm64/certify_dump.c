// SPDX-License-Identifier: Apache-2.0
/*
 * The arm64 part of the certify dump (hyp/core/certify.h): EL2 stage 1,
 * every partition's stage 2, and the interrupts the hypervisor keeps.
 */
#include "arch.h"
#include "console.h"
#include "gic.h"
#include "irq.h"
#include "mmu.h"
#include "stage2.h"
#include "vgic.h"

void arch_certify_dump(void)
{
	mmu_certify_dump();
	stage2_certify_dump();
	console_log("certify: hyp-irq %u kick", IRQ_SGI_KICK);
	console_log("certify: hyp-irq %u maintenance", GIC_MAINTENANCE_PPI);
	/* Banked per CPU: each CPU's copy is its owner's (vgic.h). */
	for (unsigned intid = 16; intid < 32; intid++)
		if (((VGIC_GUEST_PPIS >> intid) & 1) != 0)
			console_log("certify: percpu-irq %u", intid);
}
