// SPDX-License-Identifier: Apache-2.0
// VM entry and exit (Intel SDM vol. 3C, 26-28). A VM exit loads the host
// state the VMCS holds: RIP = x86_vmexit_entry, RSP = this CPU's frame at
// the top of its stack (frame.h). The guest's general registers are saved
// into that frame, one C entry (exits.c) handles the exit, and the frame is
// restored for VMRESUME. RSP, RIP and RFLAGS stay in the VMCS.
//
// RBP and R12-R15 are callee-saved in the C ABI: x86_vmexit gives them back
// as it found them, so on the way out and back in they stay in the
// registers and their frame slots are not kept up to date (no handler reads
// them). A path that does not return (a stop, a restart) enters a vCPU
// afresh from a whole frame, x86_vm_launch.
#include "frame.h"

// The registers C may change: saved on every exit, restored on every entry.
.macro frame_save_volatile
	mov	%rax, FRAME_RAX(%rsp)
	mov	%rbx, FRAME_RBX(%rsp)
	mov	%rcx, FRAME_RCX(%rsp)
	mov	%rdx, FRAME_RDX(%rsp)
	mov	%rsi, FRAME_RSI(%rsp)
	mov	%rdi, FRAME_RDI(%rsp)
	mov	%r8, FRAME_R8(%rsp)
	mov	%r9, FRAME_R9(%rsp)
	mov	%r10, FRAME_R10(%rsp)
	mov	%r11, FRAME_R11(%rsp)
.endm

.macro frame_restore_volatile
	mov	FRAME_RBX(%rsp), %rbx
	mov	FRAME_RCX(%rsp), %rcx
	mov	FRAME_RDX(%rsp), %rdx
	mov	FRAME_RSI(%rsp), %rsi
	mov	FRAME_RDI(%rsp), %rdi
	mov	FRAME_R8(%rsp), %r8
	mov	FRAME_R9(%rsp), %r9
	mov	FRAME_R10(%rsp), %r10
	mov	FRAME_R11(%rsp), %r11
	mov	FRAME_RAX(%rsp), %rax
.endm

.macro frame_restore
	mov	FRAME_RBX(%rsp), %rbx
	mov	FRAME_RCX(%rsp), %rcx
	mov	FRAME_RDX(%rsp), %rdx
	mov	FRAME_RSI(%rsp), %rsi
	mov	FRAME_RDI(%rsp), %rdi
	mov	FRAME_RBP(%rsp), %rbp
	mov	FRAME_R8(%rsp), %r8
	mov	FRAME_R9(%rsp), %r9
	mov	FRAME_R10(%rsp), %r10
	mov	FRAME_R11(%rsp), %r11
	mov	FRAME_R12(%rsp), %r12
	mov	FRAME_R13(%rsp), %r13
	mov	FRAME_R14(%rsp), %r14
	mov	FRAME_R15(%rsp), %r15
	mov	FRAME_RAX(%rsp), %rax
.endm

	.section .text.vectors, "ax"
	.code64
	.global x86_vmexit_entry
x86_vmexit_entry:
	frame_save_volatile
	mov	%rsp, %rdi
	call	x86_vmexit
	test	%al, %al
	jnz	1f
	frame_restore_volatile
	vmresume
	jmp	2f
	// A VMCALL: its results (status, then three values) go to RAX, RDI,
	// RSI, RDX from the frame's result slots (frame.h); the rest as above.
1:	mov	FRAME_RET + 8(%rsp), %rdi
	mov	FRAME_RET + 16(%rsp), %rsi
	mov	FRAME_RET + 24(%rsp), %rdx
	mov	FRAME_RBX(%rsp), %rbx
	mov	FRAME_RCX(%rsp), %rcx
	mov	FRAME_R8(%rsp), %r8
	mov	FRAME_R9(%rsp), %r9
	mov	FRAME_R10(%rsp), %r10
	mov	FRAME_R11(%rsp), %r11
	mov	FRAME_RET(%rsp), %rax
	vmresume
	// Only reached if VMRESUME itself failed (VMfail).
2:	mov	$1, %edi
	call	x86_vmentry_failed
	ud2

// x86_vm_launch(frame): first entry of a vCPU on this CPU's current VMCS.
// The frame sits at the top of this CPU's stack, where exits save theirs.
	.global x86_vm_launch
x86_vm_launch:
	mov	%rdi, %rsp
	frame_restore
	vmlaunch
	xor	%edi, %edi
	call	x86_vmentry_failed
	ud2
