/* SPDX-License-Identifier: Apache-2.0 */
/*
 * EL1 exception vector table. The runtime runs with interrupts masked and
 * expects no exception at all, so every entry reports what happened and ends
 * the program (exception_arch_report() exits with status 99) instead of
 * hanging: a guest that faults says so and the run finishes.
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

	.section .text.vectors, "ax"
	.balign	0x800
	.global	exception_vectors
exception_vectors:
	.irp	index, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15
	vector_entry \index
	.endr

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

	.section .bss.exception_stacks, "aw", %nobits
	.balign	16
exception_stacks:
	.space	RUNTIME_CPU_MAX * RUNTIME_EXCEPTION_STACK_SIZE
