// SPDX-License-Identifier: Apache-2.0
/*
 * Interrupts at EL2 (see irq.h), on the board's GICv3.
 */
#include "irq.h"

#include "arch.h"
#include "bulkhead_abi.h"
#include "check.h"
#include "config.h"
#include "console.h"
#include "cpu.h"
#include "gicv3.h"
#include "partition.h"

void irq_init_primary(void)
{
	CHECK(config_board.gic_version == 3);
	gicv3_init_distributor((uintptr_t)config_board.gicd_base);
}

void irq_init_cpu(void)
{
	uintptr_t rd = gicv3_find_redistributor((uintptr_t)config_board.gicr_base,
						config_board.gicr_size,
						config_board.cpu_mpidr[arch_cpu_id()]);

	/* The board check matched the GIC; a missing frame is a board.dts bug. */
	CHECK(rd != 0);
	gicv3_init_cpu(rd, IRQ_SGI_KICK);
}

void arch_vcpu_kick(unsigned pcpu)
{
	CHECK(pcpu < CONFIG_CPU_COUNT);
	gicv3_send_sgi(config_board.cpu_mpidr[pcpu], IRQ_SGI_KICK);
}

void irq_handle(void)
{
	unsigned intid = gicv3_acknowledge();

	if (intid == GIC_SPURIOUS_INTID)
		return;
	gicv3_end(intid);
	if (intid == IRQ_SGI_KICK) {
		partition_kicked(cpu_current()->vcpu);
		return;
	}
	/* Nothing else is enabled: this is our bug, not the partition's. */
	console_log("BUG: unexpected interrupt %u on cpu %u", intid, arch_cpu_id());
	arch_shutdown(BULKHEAD_RUN_HYP_PANIC);
}
