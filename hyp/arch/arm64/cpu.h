/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Per-CPU state of the arm64 backend: each physical CPU has its own EL2
 * stack, whose top holds the register frame of the vCPU it runs.
 */
#ifndef CPU_H
#define CPU_H

#define HYP_STACK_SIZE 16384

#ifndef __ASSEMBLER__
#include <stdint.h>

#include "config_gen.h"

extern uint8_t hyp_stacks[CONFIG_CPU_COUNT][HYP_STACK_SIZE];

/* The frame slot at the top of this CPU's stack. */
struct frame *cpu_frame(unsigned cpu);
#endif

#endif
