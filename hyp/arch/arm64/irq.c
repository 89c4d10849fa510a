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
#include "gic.h"
#include "partition.h"
#include "vgic.h"

/* The GIC driver's per-CPU state, sized from the config. */
static struct gic_cpu gic_cpus[CONFIG_CPU_COUNT];

void irq_init_primary(void)
{
	struct gic_layout layout = {
		.gicd = (uintptr_t)config_board.gicd_base,
		.gicr = (uintptr_t)config_board.gicr_base,
		.gicr_size = config_board.gicr_size,
		.gicc = (uintptr_t)config_board.gicc_base,
		.gich = (uintptr_t)config_board.gich_base,
		.cpu_count = CONFIG_CPU_COUNT,
		.cpu_mpidr = config_board.cpu_mpidr,
		.cpus = gic_cpus,
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

/* Is this physical interrupt the running partition's? Its timer and PMU
 * PPIs on this CPU, and the SPIs the config gave it. */
static bool owned_here(unsigned intid, const struct vcpu *v)
{
	if (v == NULL)
		return false;
	if (intid < 32)
		return ((VGIC_GUEST_PPIS >> intid) & 1) != 0;
	return intid < CONFIG_GIC_INTIDS && config_irq_owner[intid] == v->partition->cfg->id + 1;
}

/* The hypervisor's SGI: another CPU injected something for this vCPU, or
 * its partition recalls it. */
static enum trap_action kicked(struct vcpu *v)
{
	vgic_flush();
	return partition_kicked(v);
}

enum trap_action irq_handle_fiq(struct vcpu *v)
{
	unsigned intid = gic_acknowledge_group0();

	if (intid == GIC_SPURIOUS_INTID)
		return TRAP_RESUME;
	gic_priority_drop_group0(intid);
	/* With a direct partition here, EOImode is combined: the drop ended it. */
	if (v == NULL || !v->partition->cfg->irq_direct)
		gic_deactivate(intid);
	if (intid == IRQ_SGI_KICK)
		return kicked(v);
	console_log("BUG: unexpected Group 0 interrupt %u on cpu %u", intid, arch_cpu_id());
	arch_shutdown(BULKHEAD_RUN_HYP_PANIC);
}

enum trap_action irq_handle(struct vcpu *v)
{
	unsigned intid = gic_acknowledge();

	if (intid == GIC_SPURIOUS_INTID)
		return TRAP_RESUME;
	gic_priority_drop(intid);
	if (owned_here(intid, v)) {
		/* Its deactivation is the partition's, through the HW list register. */
		vgic_forward(intid);
		return TRAP_RESUME;
	}
	gic_deactivate(intid);
	if (intid == IRQ_SGI_KICK) /* GICv2: the hypervisor's SGI is an IRQ */
		return kicked(v);
	if (intid == GIC_MAINTENANCE_PPI) {
		vgic_flush();
		return TRAP_RESUME;
	}
	/* Routing sends a partition's interrupts only to its own CPUs. */
	console_log("BUG: interrupt %u arrived on cpu %u, which does not own it", intid,
		    arch_cpu_id());
	arch_shutdown(BULKHEAD_RUN_HYP_PANIC);
}
