/* SPDX-License-Identifier: Apache-2.0 */
/*
 * EL1 boot stub of the unikernel runtime: the first instructions of every
 * guest image. It is entered at EL1h with the MMU and caches off, by QEMU
 * (native boot: x1 = 0) or by the Bulkhead hypervisor (x0 = Devicetree IPA,
 * x1 = BULKHEAD_ENTRY_MAGIC, x2 = ABI version). It keeps x0..x2, gives the
 * CPU a stack, clears .bss, enables FP/SIMD, installs the vectors, turns the
 * MMU on and hands over to runtime_start() in C, which never returns.
 *
 * Also here: where every other CPU starts (cpu_arch_secondary_entry, the
 * entry point bulkhead_cpu_start() passes to PSCI CPU_ON) and how it stops
 * (cpu_arch_off).
 */
#include "../layout.h"

/* PSCI CPU_OFF (ARM DEN 0022, 5.1.3). */
#define PSCI_CPU_OFF_HI 0x8400
#define PSCI_CPU_OFF_LO 0x0002

	.section .text.boot, "ax"
	.global _start
	.type _start, %function
_start:
	/* The physical counter at our very first instruction, for the
	 * "reset to first instruction" benchmark (<bulkhead/pmu.h>); stored
	 * once the MMU is on (x22: nothing before C uses it). */
	mrs	x22, cntpct_el0
	/* The loader's arguments live in callee-saved registers until C. */
	mov	x19, x0
	mov	x20, x1
	mov	x21, x2

	/* Use SP_EL1 whatever SPSel the loader left, then the boot stack. */
	msr	spsel, #1
	/* This CPU is slot 0 (layout.h); a restart must not inherit a stale one. */
	msr	tpidr_el1, xzr
	adrp	x0, boot_stack_top
	add	x0, x0, :lo12:boot_stack_top
	mov	sp, x0

	/*
	 * FP/SIMD on before any C: GCC uses q registers for copies and
	 * newlib's printf uses FP (CPACR_EL1.FPEN = 0b11; ARM DDI 0487,
	 * register description of CPACR_EL1).
	 */
	mrs	x0, cpacr_el1
	orr	x0, x0, #(3 << 20)
	msr	cpacr_el1, x0
	isb

	bl	start_clear_bss

	adrp	x0, exception_vectors
	add	x0, x0, :lo12:exception_vectors
	msr	vbar_el1, x0
	isb

	bl	mmu_arch_enable

	adrp	x0, runtime_entry_ticks
	str	x22, [x0, :lo12:runtime_entry_ticks]

	mov	x0, x19
	mov	x1, x20
	mov	x2, x21
	bl	runtime_start
	b	cpu_arch_park
	.size _start, . - _start

/*
 * Zero .bss (which holds the stack in use: nothing is live there yet), then
 * invalidate it from the data cache. The stores went straight to memory
 * because the MMU is off; a stale line left by whoever loaded us would
 * otherwise shadow them once the caches are on.
 */
	.type start_clear_bss, %function
start_clear_bss:
	adrp	x0, __bss_start
	add	x0, x0, :lo12:__bss_start
	adrp	x1, __bss_end
	add	x1, x1, :lo12:__bss_end
	mov	x2, x0
1:	cmp	x2, x1
	b.hs	2f
	stp	xzr, xzr, [x2], #16
	b	1b
2:	dsb	sy
	/* Smallest data cache line: 4 << CTR_EL0.DminLine bytes. */
	mrs	x3, ctr_el0
	ubfx	x3, x3, #16, #4
	mov	x4, #4
	lsl	x4, x4, x3
	sub	x5, x4, #1
	bic	x2, x0, x5
3:	cmp	x2, x1
	b.hs	4f
	dc	ivac, x2
	add	x2, x2, x4
	b	3b
4:	dsb	sy
	ret
	.size start_clear_bss, . - start_clear_bss

/*
 * A CPU started by bulkhead_cpu_start() (smp.c) through PSCI CPU_ON: EL1h,
 * DAIF masked, MMU and caches off, x0 = the context id, which is the CPU's
 * slot (1 .. RUNTIME_CPU_MAX - 1). Anything else is not ours to run: park.
 *
 * The stack comes from the slot number alone, so nothing is read from
 * memory before the MMU is on (with it off, loads bypass the caches and
 * could see memory older than what the starting CPU wrote). .bss, which
 * holds the stacks, was zeroed and invalidated before the MMU went on, and
 * mmu_arch_enable() uses no stack, so no uncached store can go stale.
 */
	.global cpu_arch_secondary_entry
	.type cpu_arch_secondary_entry, %function
cpu_arch_secondary_entry:
	msr	spsel, #1
	cmp	x0, #1
	b.lo	cpu_arch_secondary_reject
	cmp	x0, #RUNTIME_CPU_MAX
	b.hs	cpu_arch_secondary_reject
	mov	x19, x0
	msr	tpidr_el1, x19

	/* Slot s uses cpu_stacks[s - 1], whose top is cpu_stacks + s * size. */
	adrp	x1, cpu_stacks
	add	x1, x1, :lo12:cpu_stacks
	mov	x2, #RUNTIME_CPU_STACK_SIZE
	madd	x1, x19, x2, x1
	mov	sp, x1

	mrs	x0, cpacr_el1
	orr	x0, x0, #(3 << 20)
	msr	cpacr_el1, x0
	adrp	x0, exception_vectors
	add	x0, x0, :lo12:exception_vectors
	msr	vbar_el1, x0
	isb

	/* The same translation table as the boot CPU (mmu_arch.c). */
	bl	mmu_arch_enable

	/* A fresh start of this slot: its GIC CPU interface is not set up yet
	 * (irq_arch.c does it at the first interrupt call). */
	bl	irq_arch_cpu_reset

	mov	x0, x19
	bl	smp_secondary_main
	b	cpu_arch_park

cpu_arch_secondary_reject:
	msr	daifset, #0xf
1:	wfi
	b	1b
	.size cpu_arch_secondary_entry, . - cpu_arch_secondary_entry

/*
 * cpu_arch_off(uint32_t *slot_state, bool use_smc): give the slot back
 * (store-release of 0, SMP_SLOT_FREE) and call PSCI CPU_OFF. From the store
 * on, another CPU may be started on this slot's stack, so nothing here
 * touches memory after it. CPU_OFF does not return when it works; if it
 * fails, wait with interrupts masked, still without a stack.
 */
	.global cpu_arch_off
	.type cpu_arch_off, %function
cpu_arch_off:
	msr	daifset, #0xf
	mov	x2, x0
	and	w3, w1, #0xff		/* a bool: only its low byte is defined */
	movz	x0, #PSCI_CPU_OFF_LO
	movk	x0, #PSCI_CPU_OFF_HI, lsl #16
	stlr	wzr, [x2]
	cbnz	w3, 1f
	hvc	#0
	b	2f
1:	smc	#0
2:	wfi
	b	2b
	.size cpu_arch_off, . - cpu_arch_off

	/* CNTPCT_EL0 at _start (written after .bss is cleared, MMU on). */
	.section .bss.runtime_entry_ticks, "aw", %nobits
	.balign	8
	.global	runtime_entry_ticks
runtime_entry_ticks:
	.space	8

	.section .bss.boot_stack, "aw", %nobits
	.balign 16
boot_stack:
	.space 64 * 1024
	.global boot_stack_top
boot_stack_top:

	/* The stacks of slots 1 .. RUNTIME_CPU_MAX - 1, in order. */
	.section .bss.cpu_stacks, "aw", %nobits
	.balign 16
	.global cpu_stacks
cpu_stacks:
	.space (RUNTIME_CPU_MAX - 1) * RUNTIME_CPU_STACK_SIZE
