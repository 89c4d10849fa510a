// SPDX-License-Identifier: Apache-2.0
// Exception entries of the hypervisor's IDT (Intel SDM vol. 3A, 7.3, table
// 7-1). Each stub makes the stack look the same (an error code, real or 0,
// then the vector) and saves the registers for x86_trap_hyp, which reports
// the bug and stops the machine. The NMI stub is the exception: it is a
// kick from another CPU (idt.h), so it saves the caller-saved registers,
// records it and returns.

#define HAS_ERROR(v) ((v) == 8 || ((v) >= 10 && (v) <= 14) || (v) == 17 || (v) == 21 || \
		      (v) == 29 || (v) == 30)

	.section .text.vectors, "ax"
	.code64

.macro stub v
	.balign 16
stub_\v:
	.if \v == 2
	jmp	nmi_entry
	.else
	.if !HAS_ERROR(\v)
	push	$0
	.endif
	push	$\v
	jmp	exception_common
	.endif
.endm

	.balign 16
exception_stubs_start:
	.irp v, 0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30,31
	stub \v
	.endr

exception_common:
	push	%r15
	push	%r14
	push	%r13
	push	%r12
	push	%r11
	push	%r10
	push	%r9
	push	%r8
	push	%rbp
	push	%rdi
	push	%rsi
	push	%rdx
	push	%rcx
	push	%rbx
	push	%rax
	mov	%rsp, %rdi
	and	$-16, %rsp
	call	x86_trap_hyp
	ud2

nmi_entry:
	push	%rax
	push	%rcx
	push	%rdx
	push	%rsi
	push	%rdi
	push	%r8
	push	%r9
	push	%r10
	push	%r11
	call	x86_nmi_root
	pop	%r11
	pop	%r10
	pop	%r9
	pop	%r8
	pop	%rdi
	pop	%rsi
	pop	%rdx
	pop	%rcx
	pop	%rax
	iretq

	.section .rodata
	.balign 8
	.global x86_exception_stubs
x86_exception_stubs:
	.irp v, 0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30,31
	.quad	stub_\v
	.endr
