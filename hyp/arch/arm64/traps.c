// SPDX-License-Identifier: Apache-2.0
/*
 * The arm64 trap path. vectors.S saves the frame and calls one entry here;
 * the syndrome is decoded once and dispatched through a table keyed by
 * exception class (ARM DDI 0487, D13.2.37, ESR_EL2). Every handler, the
 * interrupt ones included, returns an action (trap.h); each entry below
 * hands it to trap_carry_out() once, the only place a trap leaves from.
 */
#include <stdnoreturn.h>

#include "arch.h"
#include "bulkhead_abi.h"
#include "console.h"
#include "cpu.h"
#include "fault.h"
#include "frame.h"
#include "hypercall.h"
#include "irq.h"
#include "vgic.h"
#include "vgic_mmio.h"
#include "partition.h"
#include "pmu.h"
#include "psci.h"
#include "sysreg.h"
#include "trap.h"

typedef enum trap_action (*trap_handler)(struct vcpu *v, struct frame *f, uint64_t esr);

static struct vcpu *current_vcpu(void)
{
	return cpu_current()->vcpu;
}

/* Calls carry the SMCCC function id in x0, arguments in x1..x5 and results
 * in x0..x3, whether they arrive by HVC or SMC. */
static enum trap_action smccc_call(struct vcpu *v, struct frame *f)
{
	struct hypercall call = { .fid = f->x[0] };
	enum trap_action action;

	for (int i = 0; i < 5; i++)
		call.arg[i] = f->x[i + 1];
	/* Bulkhead's own calls first: they are the frequent ones. */
	if ((call.fid >> 24) == (BULKHEAD_HC_VERSION >> 24))
		action = hypercall_handle(v, &call);
	else if (psci_is_call(call.fid))
		action = psci_handle(v, &call);
	else
		action = hypercall_handle(v, &call);
	for (int i = 0; i < 4; i++)
		f->x[i] = (uint64_t)call.ret[i];
	return action;
}

static enum trap_action on_hvc(struct vcpu *v, struct frame *f, uint64_t esr)
{
	(void)esr;
	return smccc_call(v, f); /* ELR already points past the HVC */
}

static enum trap_action on_smc(struct vcpu *v, struct frame *f, uint64_t esr)
{
	(void)esr;
	enum trap_action action = smccc_call(v, f);

	/* A trapped SMC returns to the SMC itself: step over it. */
	return action == TRAP_RESUME ? TRAP_ADVANCE : action;
}

static uint64_t fault_ipa(void)
{
	/* HPFAR_EL2.FIPA holds IPA[47:12]; FAR_EL2 gives the offset in the page. */
	return ((sysreg_read(hpfar_el2) >> 4) << 12) | (sysreg_read(far_el2) & 0xfff);
}

/* A data abort with a valid syndrome (ISV) on an emulated register: do the
 * access for the partition (ARM DDI 0487, D13.2.37, ISS of a data abort). */
static bool emulate_mmio(struct vcpu *v, struct frame *f, uint64_t esr, uint64_t ipa)
{
	unsigned size = 1u << ((esr >> 22) & 3), rt = (unsigned)(esr >> 16) & 0x1f;
	bool write = (esr & ESR_ISS_WNR) != 0;
	uint64_t mask = size == 8 ? ~0ull : (1ull << (8 * size)) - 1;
	uint64_t value = write && rt != 31 ? f->x[rt] & mask : 0;

	if ((esr & ESR_ISS_ISV) == 0 || !vgic_mmio_access(v, ipa, size, write, &value))
		return false;
	if (!write && rt != 31) {
		value &= mask;
		if ((esr & ESR_ISS_SSE) != 0 && size < 8 && ((value >> (8 * size - 1)) & 1))
			value |= ~mask;
		if ((esr & ESR_ISS_SF) == 0)
			value &= 0xffffffffull;
		f->x[rt] = value;
	}
	return true;
}

static enum trap_action on_abort(struct vcpu *v, struct frame *f, uint64_t esr)
{
	uint64_t ipa = fault_ipa();

	if (ESR_EC(esr) == EC_DABT_LOWER && emulate_mmio(v, f, esr, ipa))
		return TRAP_ADVANCE;
	struct fault_info info = {
		.kind = ESR_EC(esr) == EC_DABT_LOWER ? FAULT_STAGE2_DATA : FAULT_STAGE2_FETCH,
		.address = ipa,
		.write = ESR_EC(esr) == EC_DABT_LOWER && (esr & ESR_ISS_WNR) != 0,
		.syndrome_name = "ESR",
		.syndrome = esr,
		.pc = f->elr,
	};

	return fault_handle(v, &info);
}

static enum trap_action on_sysreg(struct vcpu *v, struct frame *f, uint64_t esr)
{
	/* DC ISW/CSW/CISW (Op0=1, Op1=0, CRn=7): the partition's memory stays
	 * coherent through its own caches, so skipping them is safe; reaching
	 * other partitions' cache lines is what the trap prevents. */
	uint64_t iss = esr & 0x1ffffff;
	unsigned op0 = (unsigned)(iss >> 20) & 3, op1 = (unsigned)(iss >> 14) & 7;
	unsigned crn = (unsigned)(iss >> 10) & 0xf, crm = (unsigned)(iss >> 1) & 0xf;
	unsigned op2 = (unsigned)(iss >> 17) & 7, rt = (unsigned)(iss >> 5) & 0x1f;
	bool write = (iss & 1) == 0;

	if (op0 == 1 && op1 == 0 && crn == 7)
		return TRAP_ADVANCE;
	/* ICC_SGI1R_EL1, ICC_ASGI1R_EL1, ICC_SGI0R_EL1: SGIs, which HCR_EL2.IMO
	 * traps so that they reach only the partition's own vCPUs. */
	if (op0 == 3 && op1 == 0 && crn == 12 && crm == 11 && op2 >= 5 && write) {
		vgic_send_sgi(v, rt == 31 ? 0 : f->x[rt]);
		return TRAP_ADVANCE;
	}
	if (pmu_is_register(iss))
		return pmu_emulate(v, f, esr);
	return fault_handle(v, &(struct fault_info){ .kind = FAULT_TRAP,
						      .what = "access to a trapped system register",
						      .syndrome_name = "ESR", .syndrome = esr,
						      .pc = f->elr });
}

static enum trap_action on_unexpected(struct vcpu *v, struct frame *f, uint64_t esr)
{
	return fault_handle(v, &(struct fault_info){ .kind = FAULT_TRAP,
						      .what = "unexpected exception",
						      .syndrome_name = "ESR", .syndrome = esr,
						      .pc = f->elr });
}

static const trap_handler handlers[64] = {
	[EC_HVC64] = on_hvc,
	[EC_SMC64] = on_smc,
	[EC_SYSREG] = on_sysreg,
	[EC_IABT_LOWER] = on_abort,
	[EC_DABT_LOWER] = on_abort,
};

/* Every instruction that traps here is 4 bytes long: partitions run in
 * AArch64 only (HCR_EL2.RW; ARM DDI 0487, D13.2.37, ESR_EL2.IL). */
void arch_trap_advance(struct frame *f)
{
	f->elr += 4;
}

void arm64_trap_lower_sync(struct frame *f);
void arm64_trap_lower_irq(struct frame *f);
void arm64_trap_lower_fiq(struct frame *f);
void arm64_trap_lower_serror(struct frame *f);
noreturn void arm64_trap_hyp(struct frame *f, unsigned kind);

void arm64_trap_lower_sync(struct frame *f)
{
	uint64_t esr = sysreg_read(esr_el2);
	enum trap_action action;

	/* Hypercalls skip the table: they are the trap a partition makes most. */
	if (__builtin_expect(ESR_EC(esr) == EC_HVC64, 1)) {
		action = smccc_call(current_vcpu(), f);
	} else {
		trap_handler handle = handlers[ESR_EC(esr)];

		action = (handle != NULL ? handle : on_unexpected)(current_vcpu(), f, esr);
	}
	trap_carry_out(f, action);
}

/* Interrupt entries save only the caller-saved registers (vectors.S); their
 * frame still holds ELR_EL2 and SPSR_EL2, all that an action may use. */
void arm64_trap_lower_irq(struct frame *f)
{
	trap_carry_out(f, irq_handle(current_vcpu()));
}

void arm64_trap_lower_fiq(struct frame *f)
{
	trap_carry_out(f, irq_handle_fiq(current_vcpu()));
}

void arm64_trap_lower_serror(struct frame *f)
{
	uint64_t esr = sysreg_read(esr_el2);

	trap_carry_out(f, fault_handle(current_vcpu(), &(struct fault_info){
				  .kind = FAULT_TRAP, .what = "SError (external abort)",
				  .syndrome_name = "ESR", .syndrome = esr, .pc = f->elr }));
}

noreturn void arm64_trap_hyp(struct frame *f, unsigned kind)
{
	console_log("BUG: exception in the hypervisor: vector %u, ESR 0x%llx, ELR 0x%llx, FAR 0x%llx",
		    kind, (unsigned long long)sysreg_read(esr_el2), (unsigned long long)f->elr,
		    (unsigned long long)sysreg_read(far_el2));
	arch_shutdown(BULKHEAD_RUN_HYP_PANIC);
}
