/* SPDX-License-Identifier: Apache-2.0 */
/*
 * EL1 exception vector table. The runtime runs with interrupts masked unless
 * the program enables them (<bulkhead/irq.h>): an IRQ taken from EL1 with
 * SP_EL1 (the only way the runtime runs) goes to irq_arch_entry below, which
 * saves the interrupted state, calls irq_arch_dispatch() (gic.c) and
 * returns. Every other entry is an exception the runtime does not expect, so
 * it reports what happened and ends the program (exception_arch_report()
 * exits with status 99) instead of hanging: a guest that faults says so and
 * the run finishes.
 *
 * Layout: ARM DDI 0487, D1.10.2 "Exception vectors": four groups (current EL
 * with SP_EL0, current EL with SP_ELx, lower EL AArch64, lower EL AArch32) of
 * four kinds (synchronous, IRQ, FIQ, SError), 0x80 bytes each, the table
 * aligned to 2 KiB.
 *
 * Each entry moves onto a stack of its own first: the fault may have been a
 * stack overflow, and nothing returns to the interrupted code anyway. Every
 * CPU slot (TPIDR_EL1, see layout.h) has its own exception stack.
 */
#include "../layout.h"

	.macro	vector_entry index
	.balign	0x80
	mov	x0, #\index
	b	vectors_unexpected
	.endm

	/*
	 * The IRQ entry. Its second instruction reads the PMU cycle counter
	 * (the benchmark stamp, <bulkhead/irq.h>: BULKHEAD_IRQ_STAMP_INSN = 1
	 * instruction comes before it) into x0, which the first one saved.
	 */
	.macro	irq_vector_entry
	.balign	0x80
	stp	x0, x1, [sp, #-16]!
	mrs	x0, pmccntr_el0
	b	irq_arch_entry
	.endm

	.section .text.vectors, "ax"
	.balign	0x800
	.global	exception_vectors
exception_vectors:
	.irp	index, 0, 1, 2, 3, 4
	vector_entry \index
	.endr
	irq_vector_entry		/* 5: IRQ, current EL with SP_ELx */
	.irp	index, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15
	vector_entry \index
	.endr

/*
 * The rest of the IRQ entry, with the interrupted x0 and x1 pushed and the
 * stamp in x0. The frame holds what a C call may change (x0-x18, x30, the
 * whole of q0-q31 since the interrupted code may hold live values in any
 * of them, FPCR, FPSR) and ELR/SPSR; x19-x29 the C code saves itself. It
 * lives on the interrupted stack (EL1h, SP_EL1): handlers run with
 * interrupts masked, so frames never nest.
 */
#define IRQ_FRAME	704	/* 44 * 16; x0, x1 at the top (pushed first) */
#define IRQ_FRAME_Q	176	/* q0-q31, 512 bytes */

	.type irq_arch_entry, %function
irq_arch_entry:
	sub	sp, sp, #(IRQ_FRAME - 16)
	stp	x2, x3, [sp, #0]
	stp	x4, x5, [sp, #16]
	stp	x6, x7, [sp, #32]
	stp	x8, x9, [sp, #48]
	stp	x10, x11, [sp, #64]
	stp	x12, x13, [sp, #80]
	stp	x14, x15, [sp, #96]
	stp	x16, x17, [sp, #112]
	stp	x18, x30, [sp, #128]
	mrs	x2, elr_el1
	mrs	x3, spsr_el1
	stp	x2, x3, [sp, #144]
	mrs	x2, fpsr
	mrs	x3, fpcr
	stp	x2, x3, [sp, #160]
	add	x2, sp, #IRQ_FRAME_Q
	stp	q0, q1, [x2, #0]
	stp	q2, q3, [x2, #32]
	stp	q4, q5, [x2, #64]
	stp	q6, q7, [x2, #96]
	stp	q8, q9, [x2, #128]
	stp	q10, q11, [x2, #160]
	stp	q12, q13, [x2, #192]
	stp	q14, q15, [x2, #224]
	stp	q16, q17, [x2, #256]
	stp	q18, q19, [x2, #288]
	stp	q20, q21, [x2, #320]
	stp	q22, q23, [x2, #352]
	stp	q24, q25, [x2, #384]
	stp	q26, q27, [x2, #416]
	stp	q28, q29, [x2, #448]
	stp	q30, q31, [x2, #480]

	/* irq_arch_stamp[slot] = the stamp (slot: TPIDR_EL1, layout.h). */
	mrs	x1, tpidr_el1
	and	x1, x1, #(RUNTIME_CPU_MAX - 1)
	adrp	x2, irq_arch_stamp
	add	x2, x2, :lo12:irq_arch_stamp
	str	x0, [x2, x1, lsl #3]

	bl	irq_arch_dispatch

	add	x2, sp, #IRQ_FRAME_Q
	ldp	q0, q1, [x2, #0]
	ldp	q2, q3, [x2, #32]
	ldp	q4, q5, [x2, #64]
	ldp	q6, q7, [x2, #96]
	ldp	q8, q9, [x2, #128]
	ldp	q10, q11, [x2, #160]
	ldp	q12, q13, [x2, #192]
	ldp	q14, q15, [x2, #224]
	ldp	q16, q17, [x2, #256]
	ldp	q18, q19, [x2, #288]
	ldp	q20, q21, [x2, #320]
	ldp	q22, q23, [x2, #352]
	ldp	q24, q25, [x2, #384]
	ldp	q26, q27, [x2, #416]
	ldp	q28, q29, [x2, #448]
	ldp	q30, q31, [x2, #480]
	ldp	x2, x3, [sp, #160]
	msr	fpsr, x2
	msr	fpcr, x3
	ldp	x2, x3, [sp, #144]
	msr	elr_el1, x2
	msr	spsr_el1, x3
	ldp	x2, x3, [sp, #0]
	ldp	x4, x5, [sp, #16]
	ldp	x6, x7, [sp, #32]
	ldp	x8, x9, [sp, #48]
	ldp	x10, x11, [sp, #64]
	ldp	x12, x13, [sp, #80]
	ldp	x14, x15, [sp, #96]
	ldp	x16, x17, [sp, #112]
	ldp	x18, x30, [sp, #128]
	add	sp, sp, #(IRQ_FRAME - 16)
	ldp	x0, x1, [sp], #16
	eret
	.size irq_arch_entry, . - irq_arch_entry

	.type vectors_unexpected, %function
vectors_unexpected:
	/* Slot s uses exception_stacks[s], whose top is base + (s + 1) * size. */
	mrs	x1, tpidr_el1
	and	x1, x1, #(RUNTIME_CPU_MAX - 1)
	add	x1, x1, #1
	mov	x2, #RUNTIME_EXCEPTION_STACK_SIZE
	adrp	x3, exception_stacks
	add	x3, x3, :lo12:exception_stacks
	madd	x1, x1, x2, x3
	mov	sp, x1
	bl	exception_arch_report
	b	cpu_arch_park
	.size vectors_unexpected, . - vectors_unexpected

	/* The IRQ vector's cycle-counter stamp per CPU slot (irq_arch.c). */
	.section .bss.irq_arch_stamp, "aw", %nobits
	.balign	8
	.global	irq_arch_stamp
irq_arch_stamp:
	.space	RUNTIME_CPU_MAX * 8

	.section .bss.exception_stacks, "aw", %nobits
	.balign	16
exception_stacks:
	.space	RUNTIME_CPU_MAX * RUNTIME_EXCEPTION_STACK_SIZE
