// SPDX-License-Identifier: Apache-2.0
/*
 * Kicks between CPUs, and the local APIC a partition inherits (see irq.h).
 */
#include "irq.h"

#include "arch.h"
#include "check.h"
#include "config.h"
#include "x2apic.h"
#include "x86.h"

#define PORT_PIC1_DATA 0x21
#define PORT_PIC2_DATA 0xa1

#define X2APIC_MSR_TPR 0x808
#define X2APIC_MSR_ISR0 0x810
#define X2APIC_MSR_LVT_TIMER 0x832
#define X2APIC_MSR_LVT_ERROR 0x837
#define X2APIC_MSR_TIMER_INITIAL 0x838
#define LVT_MASKED (1u << 16)

void irq_init_cpu(void)
{
	/* The legacy 8259 PICs are nobody's: every line masked, so nothing
	 * reaches a CPU through LINT0 (ExtINT) whatever a partition programs. */
	outb(PORT_PIC1_DATA, 0xff);
	outb(PORT_PIC2_DATA, 0xff);
	x2apic_enable();
}

/*
 * Before a vCPU (re)starts on this CPU: the local APIC as a partition's
 * runtime expects to find it. Timer stopped and masked, every LVT entry
 * masked, TPR 0, and whatever a previous run left in service ended, so no
 * interrupt of the previous run is delivered to the new one's IDT (one
 * already pending in the IRR still is: the runtime treats it as stale).
 */
void irq_vcpu_reset(void)
{
	wrmsr(X2APIC_MSR_TIMER_INITIAL, 0);
	for (uint32_t lvt = X2APIC_MSR_LVT_TIMER; lvt <= X2APIC_MSR_LVT_ERROR; lvt++)
		wrmsr(lvt, LVT_MASKED);
	wrmsr(X2APIC_MSR_TPR, 0);
	for (int i = 7; i >= 0; i--)
		for (uint64_t isr = rdmsr(X2APIC_MSR_ISR0 + (uint32_t)i); isr != 0; isr &= isr - 1)
			wrmsr(X2APIC_MSR_EOI, 0);
}

void arch_vcpu_kick(unsigned pcpu)
{
	CHECK(pcpu < CONFIG_CPU_COUNT);
	x2apic_send_nmi((uint32_t)config_board.cpu_mpidr[pcpu]);
}
