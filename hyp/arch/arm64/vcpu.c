// SPDX-License-Identifier: Apache-2.0
/*
 * Entering a partition on this CPU: the EL2 controls that confine it, its
 * reset EL1 state, then an ERET to its entry point.
 * Register fields: ARM DDI 0487, D13.2.
 */
#include "arch.h"
#include "config.h"
#include "cpu.h"
#include "el1_context.h"
#include "frame.h"
#include "partition.h"
#include "pmu.h"
#include "stage2.h"
#include "sysreg.h"
#include "gic.h"
#include "vgic.h"

/* Trap only what isolation needs: stage-2 on, physical interrupts to EL2,
 * SMC (PSCI is ours to check), set/way cache maintenance (it would reach
 * other partitions' lines), implementation-defined and auxiliary control
 * registers. */
#define HCR_PARTITION (HCR_VM | HCR_SWIO | HCR_FMO | HCR_IMO | HCR_AMO | HCR_TSC | HCR_TIDCP | \
		       HCR_TACR | HCR_TSW | HCR_RW)

#define SCTLR_EL1_RESET 0x30d00800ull  /* RES1 bits only: MMU and caches off */
#define CPTR_EL2_NO_TRAPS 0x33ffull    /* RES1 bits; FP/SIMD not trapped */
#define CNTHCTL_EL1PCTEN (1ull << 0)   /* EL1 may read the physical counter */
#define CNTHCTL_EL1PCEN (1ull << 1)    /* and use the physical timer */
#define PMCR_N(pmcr) (((pmcr) >> 11) & 0x1f)

noreturn void arm64_enter_frame(struct frame *f);

static void set_el1_reset_state(const struct vcpu *v)
{
	sysreg_write(sctlr_el1, SCTLR_EL1_RESET);
	sysreg_write(cpacr_el1, 0);
	sysreg_write(vbar_el1, 0);
	sysreg_write(vpidr_el2, sysreg_read(midr_el1));
	/* The guest sees its vCPU index as its MPIDR, whatever CPU it runs on. */
	sysreg_write(vmpidr_el2, (1ull << 31) | v->index);
}

/* One virtual counter offset per partition, so all its vCPUs agree on the
 * time and it reads 0 when the partition (re)starts. */
static uint64_t partition_cntvoff[CONFIG_PARTITION_COUNT];

void arch_partition_started(const struct partition_config *cfg)
{
	partition_cntvoff[cfg->id] = sysreg_read(cntpct_el0);
	vgic_partition_reset(cfg);
}

static void set_el2_controls(const struct vcpu *v)
{
	bool direct = v->partition->cfg->irq_direct != 0;

	/* Direct mode: physical IRQs go straight to the partition (no IMO);
	 * FIQs still come here, and with them the hypervisor's own SGI. */
	sysreg_write(hcr_el2, direct ? HCR_PARTITION & ~HCR_IMO : HCR_PARTITION);
	gic_set_eoi_split(!direct);
	sysreg_write(cptr_el2, CPTR_EL2_NO_TRAPS);
	sysreg_write(cnthctl_el2, CNTHCTL_EL1PCTEN | CNTHCTL_EL1PCEN);
	sysreg_write(cntvoff_el2, partition_cntvoff[v->partition->cfg->id]);
	/* Leave the guest every PMU counter (HPMN = all); trap its PMU
	 * accesses unless it may count at EL2 (pmu.h). */
	sysreg_write(mdcr_el2, PMCR_N(sysreg_read(pmcr_el0)) |
				       (v->partition->cfg->pmu_el2 ? 0 : MDCR_EL2_TPM));
}

noreturn void arch_vcpu_enter(struct vcpu *v, uint64_t entry, uint64_t arg0, uint64_t arg1,
			      uint64_t arg2)
{
	struct frame *f = cpu_frame(arch_cpu_id());

	stage2_activate(v->partition->cfg->id);
	el1_context_reset();
	set_el1_reset_state(v);
	set_el2_controls(v);
	cpu_current()->vcpu = v;
	vgic_cpu_reset();
	isb();
	*f = (struct frame){ .elr = entry, .spsr = SPSR_EL1H_MASKED };
	f->x[0] = arg0;
	f->x[1] = arg1;
	f->x[2] = arg2;
	arm64_enter_frame(f);
}
