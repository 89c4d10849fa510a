// SPDX-License-Identifier: Apache-2.0
/*
 * The x86-64 trap path, twin of arm64's traps.c. exits.S saves the frame
 * and calls one entry here; the exit reason is read once and dispatched
 * through a table keyed by it (Intel SDM vol. 3D, appendix C). Every
 * handler, the kicks included, returns an action (trap.h); the entry below
 * hands it to trap_carry_out() once, the only place an exit leaves from.
 */
#include <stdatomic.h>
#include <stdnoreturn.h>

#include "arch.h"
#include "bulkhead_abi.h"
#include "console.h"
#include "cpu.h"
#include "cpuid.h"
#include "fault.h"
#include "format.h"
#include "frame.h"
#include "hypercall.h"
#include "io.h"
#include "msr.h"
#include "partition.h"
#include "psci.h"
#include "trap.h"
#include "vcpu.h"
#include "vmx.h"

#define EPT_QUAL_WRITE (1u << 1)
#define EPT_QUAL_FETCH (1u << 2)
#define CS_AR_LONG (1u << 13)

typedef enum trap_action (*exit_handler)(struct vcpu *v, struct frame *f, uint64_t qual);

static uint64_t guest_rip(void)
{
	return vmread(VMCS_GUEST_RIP);
}

/*
 * Bulkhead hypercalls and PSCI, by VMCALL: the function id in RAX (the same
 * numbers as arm64's x0), arguments in RDI, RSI, RDX, RCX, R8; results in
 * RAX (status), RDI, RSI, RDX. bulkhead_abi.h has the numbers. The frame's
 * first slots are the struct hypercall (frame.h): it is handled in place,
 * and exits.S loads the results into RAX, RDI, RSI, RDX from its ret slots.
 */
static inline enum trap_action on_vmcall(struct vcpu *v, struct frame *f)
{
	struct hypercall *call = frame_hypercall(f);

	/* Outside 64-bit mode only the low halves are the guest's (CS.L clear). */
	if (__builtin_expect((vmread(VMCS_GUEST_CS_AR) & CS_AR_LONG) == 0, 0)) {
		call->fid = (uint32_t)call->fid;
		for (int i = 0; i < 5; i++)
			call->arg[i] = (uint32_t)call->arg[i];
	}
	/* No result may leak what a previous exit left in these slots. */
	call->ret[0] = call->ret[1] = call->ret[2] = call->ret[3] = 0;
	/* Bulkhead's own calls first: they are the frequent ones (as arm64). */
	if ((uint32_t)call->fid >> 24 == BULKHEAD_HC_VERSION >> 24 || !psci_is_call(call->fid))
		return hypercall_handle(v, call);
	return psci_handle(v, call);
}

static enum trap_action on_ept_violation(struct vcpu *v, struct frame *f, uint64_t qual)
{
	struct fault_info info = {
		.kind = (qual & EPT_QUAL_FETCH) ? FAULT_STAGE2_FETCH : FAULT_STAGE2_DATA,
		.address = vmread(VMCS_GUEST_PHYSICAL_ADDRESS),
		.write = (qual & EPT_QUAL_WRITE) != 0,
		.syndrome_name = "exit qualification",
		.syndrome = qual,
		.pc = guest_rip(),
	};

	(void)f;
	return fault_handle(v, &info);
}

/* An NMI: another CPU's kick (arch_vcpu_kick). */
static enum trap_action on_nmi(struct vcpu *v, struct frame *f, uint64_t qual)
{
	uint32_t info = (uint32_t)vmread(VMCS_EXIT_INTERRUPTION_INFO);

	(void)f;
	if (INTR_INFO_TYPE(info) != INTR_TYPE_NMI)
		return fault_handle(v, &(struct fault_info){ .kind = FAULT_TRAP,
							      .what = "unexpected exception exit",
							      .syndrome_name = "exit qualification",
							      .syndrome = qual, .pc = guest_rip() });
	return partition_kicked(v);
}

/* The kick timer (vcpu.h): an NMI came while this CPU was in the hypervisor. */
static enum trap_action on_preemption_timer(struct vcpu *v, struct frame *f, uint64_t qual)
{
	(void)f;
	(void)qual;
	vcpu_kick_disarm();
	return partition_kicked(v);
}

static enum trap_action on_triple_fault(struct vcpu *v, struct frame *f, uint64_t qual)
{
	(void)f;
	return fault_handle(v, &(struct fault_info){ .kind = FAULT_TRAP,
						      .what = "triple fault (shutdown)",
						      .syndrome_name = "exit qualification",
						      .syndrome = qual, .pc = guest_rip() });
}

/* INIT never comes from us, and partitions cannot send one: ignore it. */
static enum trap_action on_init(struct vcpu *v, struct frame *f, uint64_t qual)
{
	(void)v;
	(void)f;
	(void)qual;
	return TRAP_RESUME;
}

static enum trap_action on_io(struct vcpu *v, struct frame *f, uint64_t qual)
{
	return io_exit(v, f, qual);
}

static enum trap_action on_unexpected(struct vcpu *v, struct frame *f, uint64_t qual)
{
	char what[64];

	(void)f;
	format(what, sizeof(what), "unexpected VM exit (reason %llu)",
	       (unsigned long long)(vmread(VMCS_EXIT_REASON) & 0xffff));
	return fault_handle(v, &(struct fault_info){ .kind = FAULT_TRAP, .what = what,
						      .syndrome_name = "exit qualification",
						      .syndrome = qual, .pc = guest_rip() });
}

static const exit_handler handlers[EXIT_REASON_COUNT] = {
	[EXIT_REASON_EXCEPTION_NMI] = on_nmi,
	[EXIT_REASON_TRIPLE_FAULT] = on_triple_fault,
	[EXIT_REASON_INIT] = on_init,
	[EXIT_REASON_CPUID] = cpuid_exit,
	[EXIT_REASON_HLT] = vcpu_hlt_exit,
	[EXIT_REASON_IO] = on_io,
	[EXIT_REASON_RDMSR] = msr_read,
	[EXIT_REASON_WRMSR] = msr_write,
	[EXIT_REASON_EPT_VIOLATION] = on_ept_violation,
	[EXIT_REASON_PREEMPTION_TIMER] = on_preemption_timer,
};

/* The exit says how long the instruction was (VM-exit instruction length:
 * Intel SDM vol. 3C, 28.2.5); RIP stays in the VMCS, not in the frame. */
void arch_trap_advance(struct frame *f)
{
	(void)f;
	vmwrite(VMCS_GUEST_RIP, guest_rip() + vmread(VMCS_EXIT_INSTRUCTION_LENGTH));
}

static noreturn void entry_failed(uint32_t reason)
{
	console_log("BUG: VM entry failed on cpu %u: exit reason 0x%x, qualification 0x%llx",
		    arch_cpu_id(), reason, (unsigned long long)vmread(VMCS_EXIT_QUALIFICATION));
	arch_shutdown(BULKHEAD_RUN_HYP_PANIC);
}

bool x86_vmexit(struct frame *f);

/* Doorbells are not routed to x86 partitions yet (docs/x86.md). */
void arch_raise_virtual_irq(struct partition *p, unsigned intid)
{
	(void)p;
	(void)intid;
}

/*
 * The one C entry of every exit. The exit reason is read once; a VMCALL,
 * the frequent exit, is handled first (no table, no exit qualification,
 * which it does not use), every other exit through the table. A kick that
 * came while this CPU was in the hypervisor may turn a resume into a leave
 * (vcpu_kick_take; its plain load inline, the call only when set). Then
 * trap_carry_out(), the same for all. Returns true for a VMCALL: exits.S
 * then takes RAX, RDI, RSI, RDX from the frame's result slots.
 */
bool x86_vmexit(struct frame *f)
{
	uint32_t reason = (uint32_t)vmread(VMCS_EXIT_REASON);
	enum trap_action action;
	bool vmcall = reason == EXIT_REASON_VMCALL;

	if (__builtin_expect(vmcall, 1)) {
		action = on_vmcall(cpu_current()->vcpu, f);
		/* Unlike HVC, a VMCALL exit leaves RIP on the VMCALL: step over it. */
		if (action == TRAP_RESUME)
			action = TRAP_ADVANCE;
	} else {
		exit_handler handle;

		if (reason & EXIT_REASON_ENTRY_FAILED)
			entry_failed(reason);
		handle = (reason & 0xffff) < EXIT_REASON_COUNT ? handlers[reason & 0xffff] : NULL;
		action = (handle != NULL ? handle : on_unexpected)(cpu_current()->vcpu, f,
								   vmread(VMCS_EXIT_QUALIFICATION));
	}
	if (__builtin_expect(atomic_load_explicit(&cpu_current()->kick_pending,
						  memory_order_relaxed), 0))
		action = vcpu_kick_take(action);
	trap_carry_out(f, action);
	return vmcall;
}
