/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The guest registers exits.S saves on every VM exit and restores before
 * VMRESUME: the general registers except RSP, which the VMCS keeps with RIP
 * and RFLAGS, and except RBP and R12-R15, which the C code preserves (their
 * slots are only used to enter a vCPU afresh). The frame sits at the top of
 * the CPU's stack (VMCS HOST_RSP points at it). Shared by C and assembly.
 */
#ifndef FRAME_H
#define FRAME_H

#define FRAME_RAX (0 * 8)
#define FRAME_RBX (1 * 8)
#define FRAME_RCX (2 * 8)
#define FRAME_RDX (3 * 8)
#define FRAME_RSI (4 * 8)
#define FRAME_RDI (5 * 8)
#define FRAME_RBP (6 * 8)
#define FRAME_R8 (7 * 8)
#define FRAME_R9 (8 * 8)
#define FRAME_R10 (9 * 8)
#define FRAME_R11 (10 * 8)
#define FRAME_R12 (11 * 8)
#define FRAME_R13 (12 * 8)
#define FRAME_R14 (13 * 8)
#define FRAME_R15 (14 * 8)
#define FRAME_SIZE (16 * 8) /* keeps the stack 16-byte aligned */

#ifndef __ASSEMBLER__
#include <stdint.h>

struct frame {
	uint64_t rax, rbx, rcx, rdx, rsi, rdi, rbp;
	uint64_t r8, r9, r10, r11, r12, r13, r14, r15;
	uint64_t pad;
};

_Static_assert(sizeof(struct frame) == FRAME_SIZE, "frame layout matches exits.S");
#endif

#endif
