/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The guest registers exits.S saves on every VM exit and restores before
 * VMRESUME: the general registers except RSP, which the VMCS keeps with RIP
 * and RFLAGS, and except RBP and R12-R15, which the C code preserves (their
 * slots are only used to enter a vCPU afresh). The frame sits at the top of
 * the CPU's stack (VMCS HOST_RSP points at it). Shared by C and assembly.
 *
 * Its first ten slots are a struct hypercall (hyp/core/hypercall.h) as a
 * VMCALL passes it: the function id (RAX), the five arguments (RDI, RSI,
 * RDX, RCX, R8), then four result slots. So a hypercall is handled in
 * place, with nothing copied in (exits.c, on_vmcall).
 */
#ifndef FRAME_H
#define FRAME_H

#define FRAME_RAX (0 * 8)
#define FRAME_RDI (1 * 8)
#define FRAME_RSI (2 * 8)
#define FRAME_RDX (3 * 8)
#define FRAME_RCX (4 * 8)
#define FRAME_R8 (5 * 8)
#define FRAME_RET (6 * 8) /* 4 slots: a hypercall's results */
#define FRAME_RBX (10 * 8)
#define FRAME_RBP (11 * 8)
#define FRAME_R9 (12 * 8)
#define FRAME_R10 (13 * 8)
#define FRAME_R11 (14 * 8)
#define FRAME_R12 (15 * 8)
#define FRAME_R13 (16 * 8)
#define FRAME_R14 (17 * 8)
#define FRAME_R15 (18 * 8)
#define FRAME_SIZE (20 * 8) /* keeps the stack 16-byte aligned */

#ifndef __ASSEMBLER__
#include <stddef.h>
#include <stdint.h>

#include "hypercall.h"

struct frame {
	uint64_t rax, rdi, rsi, rdx, rcx, r8;
	int64_t ret[4];
	uint64_t rbx, rbp, r9, r10, r11, r12, r13, r14, r15;
	uint64_t pad;
};

_Static_assert(sizeof(struct frame) == FRAME_SIZE, "frame layout matches exits.S");
_Static_assert(offsetof(struct frame, r15) == FRAME_R15, "frame layout matches exits.S");
_Static_assert(offsetof(struct hypercall, fid) == offsetof(struct frame, rax) &&
		       offsetof(struct hypercall, arg) == offsetof(struct frame, rdi) &&
		       offsetof(struct frame, r8) == offsetof(struct frame, rdi) + 4 * 8 &&
		       offsetof(struct hypercall, ret) == offsetof(struct frame, ret) &&
		       sizeof(struct hypercall) == offsetof(struct frame, rbx),
	       "the frame's first slots are a struct hypercall");

/* The VMCALL the frame holds, as the core's hypercall and PSCI code take it. */
static inline struct hypercall *frame_hypercall(struct frame *f)
{
	return (struct hypercall *)(void *)f;
}
#endif

#endif
