// SPDX-License-Identifier: Apache-2.0
/*
 * Entering a partition on this CPU (see vcpu.h): the VM-execution controls
 * that confine it, the host state an exit returns to, its reset state, then
 * VMLAUNCH. Guest-state rules: Intel SDM vol. 3C, 27.3.1; host state: 27.2.
 *
 * The entry state (docs/x86.md) is the one a multiboot loader gives: 32-bit
 * protected mode, flat 4 GiB segments, paging off (allowed by unrestricted
 * guest), interrupts off; EBX = the Devicetree's guest-physical address,
 * EAX = the low 32 bits of BULKHEAD_ENTRY_MAGIC, ECX = the ABI version. A
 * vCPU started by PSCI CPU_ON gets EBX = the caller's context id instead.
 */
#include "vcpu.h"

#include <stdatomic.h>

#include "arch.h"
#include "bulkhead_abi.h"
#include "console.h"
#include "check.h"
#include "config.h"
#include "cpu.h"
#include "ept.h"
#include "frame.h"
#include "idt.h"
#include "io.h"
#include "irq.h"
#include "msr.h"
#include "partition.h"
#include "trap.h"
#include "vmx.h"
#include "x86.h"

#define AR_CODE32 0xc09bu /* G, D/B, P, S, type 11: execute/read, accessed */
#define AR_DATA32 0xc093u /* G, D/B, P, S, type 3: read/write, accessed */
#define AR_TSS32_BUSY 0x008bu
#define AR_UNUSABLE 0x10000u
#define SEL_CODE 0x08
#define SEL_DATA 0x10
#define DR7_RESET 0x400ull
#define DR6_RESET 0xffff0ff0ull
#define PAT_RESET 0x0007040600070406ull

extern void x86_vmexit_entry(void);
noreturn void x86_vm_launch(struct frame *f);
noreturn void x86_vmentry_failed(int launch_or_resume);

static uint8_t vmcs_regions[CONFIG_CPU_COUNT][4096] __attribute__((aligned(4096)));
static uint64_t tsc_offsets[CONFIG_PARTITION_COUNT];

static struct {
	uint32_t pin, proc, proc2, exit, entry;
	bool kick_timer; /* the CPU has the VMX-preemption timer */
	bool hlt_state;  /* and the HLT activity state */
} controls;

void vcpu_controls_init(void)
{
	uint32_t missing;

	controls.pin = vmx_controls(MSR_VMX_PINBASED, PIN_NMI_EXITING, NULL);
	vmx_controls(MSR_VMX_PINBASED, PIN_PREEMPTION_TIMER, &missing);
	controls.kick_timer = missing == 0;
	/* HLT exits only where the vCPU can be re-entered halted (vol. 3D,
	 * A.6: IA32_VMX_MISC bit 6), so a halted vCPU still wakes as on bare
	 * metal: on its own interrupts, or on the hypervisor's NMI. */
	controls.hlt_state = (rdmsr(MSR_VMX_MISC) & VMX_MISC_ACTIVITY_HLT) != 0;
	controls.proc = vmx_controls(MSR_VMX_PROCBASED, PROC_TSC_OFFSETTING | PROC_USE_IO_BITMAPS |
				     PROC_USE_MSR_BITMAPS | PROC_SECONDARY |
				     (controls.hlt_state ? PROC_HLT_EXITING : 0), NULL);
	controls.proc2 = vmx_controls(MSR_VMX_PROCBASED2, PROC2_EPT | PROC2_VPID | PROC2_UNRESTRICTED |
				      PROC2_RDTSCP | PROC2_INVPCID, NULL);
	controls.exit = vmx_controls(MSR_VMX_EXIT, EXIT_SAVE_DEBUG | EXIT_HOST_64 | EXIT_SAVE_PAT |
				     EXIT_LOAD_PAT | EXIT_SAVE_EFER | EXIT_LOAD_EFER, NULL);
	controls.entry = vmx_controls(MSR_VMX_ENTRY, ENTRY_LOAD_DEBUG | ENTRY_LOAD_PAT |
				      ENTRY_LOAD_EFER, NULL) & ~ENTRY_IA32E_GUEST;
}

static void vmcs_load(unsigned cpu)
{
	uint64_t pa = (uint64_t)(uintptr_t)vmcs_regions[cpu];
	uint8_t failed;

	*(uint32_t *)(void *)vmcs_regions[cpu] = vmx_revision();
	__asm__ volatile("vmclear %1; setna %0" : "=qm"(failed) : "m"(pa) : "cc", "memory");
	CHECK(!failed);
	__asm__ volatile("vmptrld %1; setna %0" : "=qm"(failed) : "m"(pa) : "cc", "memory");
	CHECK(!failed);
}

static void set_controls(const struct partition_config *cfg)
{
	vmwrite(VMCS_PIN_CONTROLS, controls.pin);
	vmwrite(VMCS_PROC_CONTROLS, controls.proc);
	vmwrite(VMCS_PROC_CONTROLS2, controls.proc2);
	vmwrite(VMCS_EXIT_CONTROLS, controls.exit);
	vmwrite(VMCS_ENTRY_CONTROLS, controls.entry);
	vmwrite(VMCS_EXCEPTION_BITMAP, 0);
	vmwrite(VMCS_ENTRY_INTERRUPTION_INFO, 0);
	vmwrite(VMCS_IO_BITMAP_A, io_bitmap_a(cfg->id));
	vmwrite(VMCS_IO_BITMAP_B, io_bitmap_b(cfg->id));
	vmwrite(VMCS_MSR_BITMAP, msr_bitmap());
	vmwrite(VMCS_EPT_POINTER, ept_pointer(cfg->id));
	/* VPID = id + 1 (0 is the hypervisor's), so no partition shares TLB
	 * entries with another. */
	vmwrite(VMCS_VPID, cfg->id + 1);
	vmwrite(VMCS_TSC_OFFSET, tsc_offsets[cfg->id]);
	vmwrite(VMCS_LINK_POINTER, ~0ull);
	/* The guest owns CR0 and CR4 except the bits VMX needs set: those read
	 * as the guest wrote them (the shadows) and stay set underneath. */
	vmwrite(VMCS_CR0_MASK, vmx_cr0_fixed(0, true));
	vmwrite(VMCS_CR4_MASK, vmx_cr4_fixed(0));
}

static void set_host_state(unsigned cpu)
{
	struct {
		uint16_t limit;
		uint64_t base;
	} __attribute__((packed)) gdtr, idtr;

	__asm__ volatile("sgdt %0; sidt %1" : "=m"(gdtr), "=m"(idtr));
	vmwrite(VMCS_HOST_CR0, read_cr(0));
	vmwrite(VMCS_HOST_CR3, read_cr(3));
	vmwrite(VMCS_HOST_CR4, read_cr(4));
	vmwrite(VMCS_HOST_CS_SEL, GDT_CODE64);
	vmwrite(VMCS_HOST_SS_SEL, GDT_DATA);
	vmwrite(VMCS_HOST_DS_SEL, GDT_DATA);
	vmwrite(VMCS_HOST_ES_SEL, GDT_DATA);
	vmwrite(VMCS_HOST_FS_SEL, 0);
	vmwrite(VMCS_HOST_GS_SEL, 0);
	vmwrite(VMCS_HOST_TR_SEL, GDT_TSS(cpu));
	vmwrite(VMCS_HOST_FS_BASE, 0);
	vmwrite(VMCS_HOST_GS_BASE, rdmsr(MSR_GS_BASE));
	vmwrite(VMCS_HOST_TR_BASE, cpu_tss_base(cpu));
	vmwrite(VMCS_HOST_GDTR_BASE, gdtr.base);
	vmwrite(VMCS_HOST_IDTR_BASE, idtr.base);
	vmwrite(VMCS_HOST_SYSENTER_CS, 0);
	vmwrite(VMCS_HOST_SYSENTER_ESP, 0);
	vmwrite(VMCS_HOST_SYSENTER_EIP, 0);
	vmwrite(VMCS_HOST_PAT, rdmsr(MSR_PAT));
	vmwrite(VMCS_HOST_EFER, rdmsr(MSR_EFER));
	vmwrite(VMCS_HOST_RSP, (uint64_t)(uintptr_t)cpu_frame(cpu));
	vmwrite(VMCS_HOST_RIP, (uint64_t)(uintptr_t)x86_vmexit_entry);
}

/* Flat 4 GiB segments, as a multiboot loader leaves them; no LDT; a busy
 * 32-bit TSS, which VM entry wants even where nothing uses it. */
static void set_guest_segments(void)
{
	static const uint32_t data_segments[] = { 0, 4, 6, 8, 10 }; /* ES, SS, DS, FS, GS */

	for (unsigned i = 0; i < sizeof(data_segments) / sizeof(data_segments[0]); i++) {
		uint32_t n = data_segments[i];

		vmwrite(VMCS_GUEST_ES_SEL + n, SEL_DATA);
		vmwrite(VMCS_GUEST_ES_BASE + n, 0);
		vmwrite(VMCS_GUEST_ES_LIMIT + n, 0xffffffff);
		vmwrite(VMCS_GUEST_ES_AR + n, AR_DATA32);
	}
	vmwrite(VMCS_GUEST_CS_SEL, SEL_CODE);
	vmwrite(VMCS_GUEST_CS_BASE, 0);
	vmwrite(VMCS_GUEST_CS_LIMIT, 0xffffffff);
	vmwrite(VMCS_GUEST_CS_AR, AR_CODE32);
	vmwrite(VMCS_GUEST_LDTR_SEL, 0);
	vmwrite(VMCS_GUEST_LDTR_BASE, 0);
	vmwrite(VMCS_GUEST_LDTR_LIMIT, 0);
	vmwrite(VMCS_GUEST_LDTR_AR, AR_UNUSABLE);
	vmwrite(VMCS_GUEST_TR_SEL, 0);
	vmwrite(VMCS_GUEST_TR_BASE, 0);
	vmwrite(VMCS_GUEST_TR_LIMIT, 0xff);
	vmwrite(VMCS_GUEST_TR_AR, AR_TSS32_BUSY);
	vmwrite(VMCS_GUEST_GDTR_BASE, 0);
	vmwrite(VMCS_GUEST_GDTR_LIMIT, 0);
	vmwrite(VMCS_GUEST_IDTR_BASE, 0);
	vmwrite(VMCS_GUEST_IDTR_LIMIT, 0);
}

/* Protected mode, paging off; everything else at its reset value. */
static void set_guest_state(uint64_t entry)
{
	uint64_t cr0 = vmx_cr0_fixed(CR0_PE | CR0_ET, true), cr4 = vmx_cr4_fixed(0);

	set_guest_segments();
	vmwrite(VMCS_GUEST_CR0, cr0);
	vmwrite(VMCS_CR0_SHADOW, cr0);
	vmwrite(VMCS_GUEST_CR3, 0);
	vmwrite(VMCS_GUEST_CR4, cr4);
	vmwrite(VMCS_CR4_SHADOW, 0);
	vmwrite(VMCS_GUEST_DR7, DR7_RESET);
	vmwrite(VMCS_GUEST_DEBUGCTL, 0);
	vmwrite(VMCS_GUEST_PAT, PAT_RESET);
	vmwrite(VMCS_GUEST_EFER, 0);
	vmwrite(VMCS_GUEST_RSP, 0);
	vmwrite(VMCS_GUEST_RIP, entry);
	vmwrite(VMCS_GUEST_RFLAGS, 0x2);
	vmwrite(VMCS_GUEST_INTERRUPTIBILITY, 0);
	vmwrite(VMCS_GUEST_ACTIVITY_STATE, 0);
	vmwrite(VMCS_GUEST_PENDING_DEBUG, 0);
	vmwrite(VMCS_GUEST_SYSENTER_CS, 0);
	vmwrite(VMCS_GUEST_SYSENTER_ESP, 0);
	vmwrite(VMCS_GUEST_SYSENTER_EIP, 0);
}

void arch_partition_started(const struct partition_config *cfg)
{
	uint64_t now;

	/* The partition's time stamp counter starts at zero now; every one of
	 * its vCPUs sees the same one. */
	__asm__ volatile("rdtsc; shl $32, %%rdx; or %%rdx, %%rax" : "=a"(now) : : "rdx");
	tsc_offsets[cfg->id] = -now;
}

/* DR0-DR3 and DR6 are the guest's and not in the VMCS (DR7 is, and is reset
 * with the guest state). */
static void reset_debug_registers(void)
{
	uint64_t zero = 0, dr6 = DR6_RESET;

	__asm__ volatile("mov %0, %%dr0; mov %0, %%dr1; mov %0, %%dr2; mov %0, %%dr3; "
			 "mov %1, %%dr6" : : "r"(zero), "r"(dr6));
}

noreturn void arch_vcpu_enter(struct vcpu *v, uint64_t entry, uint64_t arg0, uint64_t arg1,
			      uint64_t arg2)
{
	struct x86_cpu *cpu = cpu_current();
	const struct partition_config *cfg = v->partition->cfg;
	struct frame *f = cpu_frame(cpu->id);

	vmcs_load(cpu->id);
	set_controls(cfg);
	set_host_state(cpu->id);
	set_guest_state(entry);
	cpu->vcpu = v;
	cpu->vmcs_ready = true;
	/* No translation, MSR or debug address from the partition's previous
	 * run may survive. */
	vmx_flush_all();
	msr_reset_passed_through();
	reset_debug_registers();
	irq_vcpu_reset();
	*f = (struct frame){ .rbx = arg0, .rax = (uint32_t)arg1, .rcx = arg2 };
	/* A kick that came before the vCPU was in place is served here. */
	trap_carry_out(f, vcpu_kick_take(TRAP_RESUME));
	x86_vm_launch(f);
}

enum trap_action vcpu_hlt_exit(struct vcpu *v, struct frame *f, uint64_t qual)
{
	(void)v;
	(void)f;
	(void)qual;
	/* Step over the HLT and re-enter halted: the CPU sleeps in the guest
	 * until an interrupt the guest accepts, or a kick (NMI, which exits).
	 * The HLT has completed, so an STI or MOV-SS shadow it sat in is over
	 * (`sti; hlt` is how a guest sleeps until its next interrupt). */
	vmwrite(VMCS_GUEST_INTERRUPTIBILITY, vmread(VMCS_GUEST_INTERRUPTIBILITY) & ~3ull);
	vmwrite(VMCS_GUEST_ACTIVITY_STATE, GUEST_ACTIVITY_HLT);
	return TRAP_ADVANCE;
}

void vcpu_kick_arm(void)
{
	if (controls.kick_timer && cpu_current()->vmcs_ready) {
		vmwrite(VMCS_PREEMPTION_TIMER_VALUE, 0);
		vmwrite(VMCS_PIN_CONTROLS, controls.pin | PIN_PREEMPTION_TIMER);
	}
}

void vcpu_kick_disarm(void)
{
	vmwrite(VMCS_PIN_CONTROLS, controls.pin);
}

enum trap_action vcpu_kick_take(enum trap_action action)
{
	struct x86_cpu *cpu = cpu_current();
	enum trap_action kick;

	/* A vCPU already on its way out keeps its way (the kick stays
	 * pending, for the vCPU's next entry). */
	if (action != TRAP_RESUME && action != TRAP_ADVANCE)
		return action;
	/* A plain load first: the exchange (a locked instruction) only when
	 * there is something to take. */
	if (!atomic_load_explicit(&cpu->kick_pending, memory_order_relaxed) ||
	    !atomic_exchange(&cpu->kick_pending, false) || cpu->vcpu == NULL)
		return action;
	kick = partition_kicked(cpu->vcpu);
	return kick == TRAP_RESUME ? action : kick;
}

noreturn void x86_vmentry_failed(int resume)
{
	console_log("BUG: VM%s failed on cpu %u: VM-instruction error %llu",
		    resume ? "RESUME" : "LAUNCH", arch_cpu_id(),
		    (unsigned long long)vmread(VMCS_INSTRUCTION_ERROR));
	arch_shutdown(BULKHEAD_RUN_HYP_PANIC);
}
