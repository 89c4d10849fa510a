/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Per-CPU state of the x86-64 backend. Each physical CPU has its own
 * hypervisor stack, whose top holds the general registers of the vCPU it
 * runs (frame.h; RIP, RSP and the rest live in its VMCS), its own TSS (VMX
 * needs a non-null host TR), VMXON region and VMCS, and a record that GS
 * points at, so an exit finds its CPU and vCPU in one load.
 */
#ifndef CPU_H
#define CPU_H

#define HYP_STACK_SIZE 16384

/* GDT selectors (cpu.c builds the table; entry.S and the AP trampoline use it). */
#define GDT_CODE64 0x08
#define GDT_DATA 0x10
#define GDT_CODE32 0x18
#define GDT_TSS(cpu) (0x20 + 16 * (cpu))

/* Where the AP start-up code is copied (below 1 MiB; the SIPI vector is
 * this address >> 12) and where it finds its parameters. */
#define AP_TRAMPOLINE_BASE 0x8000

#ifndef __ASSEMBLER__
#include <stdatomic.h>
#include <stdbool.h>
#include <stdint.h>

#include "config_gen.h"

struct vcpu;

struct x86_cpu {
	struct x86_cpu *self; /* at %gs:0 */
	unsigned id;          /* index into the board's CPU list */
	uint32_t apic_id;
	struct vcpu *vcpu;    /* the vCPU it runs, or NULL */
	atomic_bool kick_pending; /* an NMI arrived while in the hypervisor */
	bool vmcs_ready;      /* its VMCS is current: VMWRITE may be used */
};

extern uint8_t hyp_stacks[CONFIG_CPU_COUNT][HYP_STACK_SIZE];

/* Bind this CPU to its record and load its GDT, TSS and IDT. */
void cpu_set_current(unsigned id);

static inline struct x86_cpu *cpu_current(void)
{
	struct x86_cpu *cpu;

	__asm__ volatile("mov %%gs:0, %0" : "=r"(cpu));
	return cpu;
}

/* The frame slot at the top of this CPU's stack. */
struct frame *cpu_frame(unsigned cpu);

/* Board CPU index of the CPU with this local APIC id, or CONFIG_CPU_COUNT. */
unsigned cpu_index_of_apic_id(uint32_t apic_id);

/* This CPU's local APIC id, from CPUID (leaf 0xB, else leaf 1). */
uint32_t cpu_read_apic_id(void);

/* The linear address of this CPU's TSS (VMCS host TR base). */
uint64_t cpu_tss_base(unsigned cpu);

/* A started CPU tells arch_cpu_start() it is up (x86_boot_secondary). */
void cpu_arrived(void);
#endif

#endif
