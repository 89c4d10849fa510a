/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The hypervisor's own interrupt descriptor table (Intel SDM vol. 3A, 7.10).
 * The hypervisor runs with interrupts off, so only two kinds of event reach
 * it: an exception, which is a hypervisor bug (reported, then the machine
 * stops with status 4), and an NMI, the "kick" another CPU sends to recall
 * this CPU's vCPU (irq.c), remembered here until the next VM entry.
 */
#ifndef IDT_H
#define IDT_H

#include <stdint.h>

#define IDT_VECTOR_NMI 2

/* What vectors.S pushes for an exception, lowest address first. */
struct hyp_exception {
	uint64_t rax, rbx, rcx, rdx, rsi, rdi, rbp;
	uint64_t r8, r9, r10, r11, r12, r13, r14, r15;
	uint64_t vector, error;
	uint64_t rip, cs, rflags, rsp, ss; /* pushed by the CPU */
};

/* Fill the table once (primary CPU). */
void idt_init(void);

/* Load it on this CPU. */
void idt_load(void);

#endif
