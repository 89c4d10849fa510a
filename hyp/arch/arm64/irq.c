// SPDX-License-Identifier: Apache-2.0
/*
 * Interrupts at EL2 (see irq.h), through the board's GIC (bsp/irqchip/gic.h).
 */
#include "irq.h"

#include "arch.h"
#include "bulkhead_abi.h"
#include "check.h"
#include "config.h"
#include "console.h"
#include "cpu.h"
#include "gic.h"
#include "partition.h"

void irq_init_primary(void)
{
	struct gic_layout layout = {
		.gicd = (uintptr_t)config_board.gicd_base,
		.gicr = (uintptr_t)config_board.gicr_base,
		.gicr_size = config_board.gicr_size,
		.cpu_count = CONFIG_CPU_COUNT,
		.cpu_mpidr = config_board.cpu_mpidr,
	};

	gic_init(&layout);
}

void irq_init_cpu(void)
{
	gic_init_cpu(arch_cpu_id(), IRQ_SGI_KICK);
}

void arch_vcpu_kick(unsigned pcpu)
{
	CHECK(pcpu < CONFIG_CPU_COUNT);
	gic_send_sgi(pcpu, IRQ_SGI_KICK);
}

void irq_handle(void)
{
	unsigned intid = gic_acknowledge();

	if (intid == GIC_SPURIOUS_INTID)
		return;
	gic_priority_drop(intid);
	gic_deactivate(intid);
	if (intid == IRQ_SGI_KICK) {
		partition_kicked(cpu_current()->vcpu);
		return;
	}
	/* Nothing else is enabled: this is our bug, not the partition's. */
	console_log("BUG: unexpected interrupt %u on cpu %u", intid, arch_cpu_id());
	arch_shutdown(BULKHEAD_RUN_HYP_PANIC);
}
