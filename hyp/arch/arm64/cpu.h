/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Per-CPU state of the arm64 backend. Each physical CPU has its own EL2
 * stack, whose top holds the register frame of the vCPU it runs, and a
 * small record TPIDR_EL2 points at, so a trap finds its CPU and vCPU in one
 * register read.
 */
#ifndef CPU_H
#define CPU_H

#define HYP_STACK_SIZE 16384

#ifndef __ASSEMBLER__
#include <stdint.h>

#include "config_gen.h"

struct vcpu;

struct arm64_cpu {
	unsigned id;        /* index into the board's CPU list */
	struct vcpu *vcpu;  /* the vCPU it runs, or NULL */
};

extern uint8_t hyp_stacks[CONFIG_CPU_COUNT][HYP_STACK_SIZE];

/* Bind this CPU to its record (at boot, before anything asks). */
void cpu_set_current(unsigned id);

static inline struct arm64_cpu *cpu_current(void)
{
	struct arm64_cpu *cpu;

	__asm__ volatile("mrs %0, tpidr_el2" : "=r"(cpu));
	return cpu;
}

/* The frame slot at the top of this CPU's stack. */
struct frame *cpu_frame(unsigned cpu);

/* Board CPU index of the CPU with this MPIDR, or CONFIG_CPU_COUNT. */
unsigned cpu_index_of_mpidr(uint64_t mpidr);
#endif

#endif
