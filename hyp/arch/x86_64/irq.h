/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The hypervisor's own use of the local APICs (x2APIC mode): an NMI with
 * which one CPU recalls the vCPU another CPU runs (to stop or restart its
 * partition). NMIs always exit from the guest (NMI exiting), so the guest
 * never sees them; every other interrupt goes straight to the guest through
 * its own IDT, with no VM exit (external-interrupt exiting is off), for the
 * APIC is the partition's too: its timer, its LVT entries, its EOI
 * (docs/x86.md, "Interrupts"). Partitions' device interrupts are not routed
 * yet.
 */
#ifndef IRQ_H
#define IRQ_H

/* This CPU's local APIC in x2APIC mode. */
void irq_init_cpu(void);

/* Reset this CPU's local APIC for a vCPU about to (re)start on it. */
void irq_vcpu_reset(void);

#endif
