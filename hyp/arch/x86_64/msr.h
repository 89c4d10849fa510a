/* SPDX-License-Identifier: Apache-2.0 */
/*
 * MSRs: one MSR bitmap (Intel SDM vol. 3C, 25.6.9) for every partition.
 * The partition's own CPU state passes straight through (EFER, PAT, the
 * FS/GS bases, the SYSCALL and SYSENTER MSRs) and so does its local APIC in
 * x2APIC mode, except three registers: the ICR, whose writes may only
 * target the partition's own CPUs (any other IPI is denied and logged), and
 * the APIC id and logical destination, which read as the vCPU's index (the
 * partition's own topology, as CPUID says). Any other MSR is a fault.
 */
#ifndef MSR_H
#define MSR_H

#include <stdint.h>

#include "trap.h"

struct frame;
struct vcpu;

/* Build the bitmap (once, primary CPU). */
void msr_bitmap_init(void);

/* Its physical address. */
uint64_t msr_bitmap(void);

/* Clear the passed-through MSRs that VM entry does not load (SYSCALL's,
 * KERNEL_GS_BASE, TSC_AUX), so nothing of a previous run reaches a
 * restarted partition. On this CPU, before its vCPU enters. */
void msr_reset_passed_through(void);

/* RDMSR and WRMSR exits (reasons 31 and 32). */
enum trap_action msr_read(struct vcpu *v, struct frame *f, uint64_t qualification);
enum trap_action msr_write(struct vcpu *v, struct frame *f, uint64_t qualification);

#endif
