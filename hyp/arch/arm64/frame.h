/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The register frame vectors.S saves on every exception into EL2 and
 * restores on the way back: the general registers, ELR_EL2 and SPSR_EL2.
 * The EL1 system registers stay live in the CPU, which only ever runs this
 * one vCPU. Shared by C and assembly.
 */
#ifndef FRAME_H
#define FRAME_H

#define FRAME_X30 (30 * 8)
#define FRAME_ELR (31 * 8)
#define FRAME_SPSR (32 * 8)
#define FRAME_SIZE (34 * 8) /* keeps the stack 16-byte aligned */

#ifndef __ASSEMBLER__
#include <stdint.h>

struct frame {
	uint64_t x[31];
	uint64_t elr;
	uint64_t spsr;
	uint64_t pad;
};

_Static_assert(sizeof(struct frame) == FRAME_SIZE, "frame layout matches vectors.S");
#endif

#endif
