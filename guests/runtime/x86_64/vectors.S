// SPDX-License-Identifier: Apache-2.0
// The 32 exception vectors of the x86-64 port (Intel SDM vol. 3A, 7.3,
// table 7-1). Each stub pushes a zero error code when the CPU pushes none,
// then its vector, and calls exception_arch_report(vector, error, rip),
// which reports and exits. The runtime enables no interrupts, so every
// exception is unexpected. Exceptions run on the interrupted stack.

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

	.section .rodata
	.balign 8
	.global exception_arch_stubs
exception_arch_stubs:
	.irp v, 0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30,31
	.quad	exception_stub_\v
	.endr
