// SPDX-License-Identifier: Apache-2.0
// The 256 vectors of the x86-64 port (Intel SDM vol. 3A, 7.3, table 7-1).
// Vectors 0-31, the exceptions: each stub pushes a zero error code when the
// CPU pushes none, then its vector, and calls exception_arch_report(vector,
// error, rip), which reports and exits: every exception is unexpected.
// Vectors 32-255, interrupts (the local APIC's: its timer, IPIs): each stub
// pushes its vector; irq_common saves what C may change (the caller-saved
// general registers and, with FXSAVE, the x87/SSE state, which handlers
// compiled for SSE may use), calls irq_arch_dispatch(vector) (irq_arch.c)
// and returns with IRETQ. Both run on the interrupted stack, with
// interrupts off (interrupt gates): no nesting.

#define HAS_ERROR(v) ((v) == 8 || ((v) >= 10 && (v) <= 14) || (v) == 17 || (v) == 21 || \
		      (v) == 29 || (v) == 30)

	.text
	.code64

.macro stub v
	.balign 16
exception_stub_\v:
	.if !HAS_ERROR(\v)
	push	$0
	.endif
	push	$\v
	jmp	exception_common
.endm

	.irp v, 0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30,31
	stub \v
	.endr

exception_common:
	pop	%rdi			// vector
	pop	%rsi			// error code
	mov	(%rsp), %rdx		// RIP the CPU pushed
	and	$-16, %rsp
	call	exception_arch_report
	ud2

// One interrupt stub per vector, 32-255, 16 bytes apart: vector v's is at
// irq_arch_stub_base + (v - 32) * 16.
	.balign 16
	.global irq_arch_stub_base
irq_arch_stub_base:
	.set vec, 32
	.rept 224
	.balign 16
	push	$vec
	jmp	irq_common
	.set vec, vec + 1
	.endr

// The CPU has pushed SS, RSP, RFLAGS, CS, RIP from a 16-byte aligned RSP
// (64-bit mode aligns it), the stub its vector: RSP is 16-byte aligned here.
irq_common:
	push	%rax
	push	%rcx
	push	%rdx
	push	%rsi
	push	%rdi
	push	%r8
	push	%r9
	push	%r10
	push	%r11
	push	%rbp
	mov	%rsp, %rbp
	sub	$512, %rsp
	and	$-16, %rsp
	fxsave64 (%rsp)
	mov	80(%rbp), %edi		// the vector the stub pushed
	call	irq_arch_dispatch
	fxrstor64 (%rsp)
	mov	%rbp, %rsp
	pop	%rbp
	pop	%r11
	pop	%r10
	pop	%r9
	pop	%r8
	pop	%rdi
	pop	%rsi
	pop	%rdx
	pop	%rcx
	pop	%rax
	add	$8, %rsp		// the vector
	iretq

	.section .rodata
	.balign 8
	.global exception_arch_stubs
exception_arch_stubs:
	.irp v, 0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30,31
	.quad	exception_stub_\v
	.endr

