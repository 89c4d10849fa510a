/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Interrupts for Bulkhead unikernels: the interrupt controller the program's
 * Devicetree names (arm64: a GICv3, "arm,gic-v3", or a GICv2,
 * "arm,cortex-a15-gic" / "arm,gic-400"), handlers per interrupt ID, SGIs
 * between the program's own CPUs, the CPU's interrupt mask, and periodic or
 * one-shot ticks from the EL1 virtual timer.
 *
 * The same calls work natively (the board's real GIC) and in a partition
 * (Bulkhead's emulated distributor and redistributors, the virtual CPU
 * interface): a partition sees only its own interrupts, everything else
 * reads as zero and ignores writes, so a call on an INTID the partition does
 * not own returns 0 and does nothing, as on hardware with fewer lines.
 *
 * INTIDs (ARM IHI 0069): 0-15 SGIs, 16-31 PPIs (per CPU: the virtual timer
 * is 27), 32-1019 SPIs. Calls on an SGI or a PPI act on the calling CPU's
 * own copy (its redistributor, or the banked GICv2 registers); calls on an
 * SPI act on the distributor.
 *
 * Handlers run on the CPU that took the interrupt, with interrupts masked
 * (no nesting), between the acknowledge and the end of interrupt: keep them
 * short. Like any code off CPU 0's main line they may not use stdio, malloc
 * or errno (see <bulkhead/guest.h>); bulkhead_print() and atomics are fine.
 *
 * Nothing here runs until it is first used: the first call of any function
 * below (other than bulkhead_irq_enable/disable and the stamps) initializes
 * the distributor once (every SPI off, priority 0xa0, group 1) and the
 * calling CPU's redistributor or CPU interface (SGIs and PPIs off, priority
 * mask open, group 1 on, EOI mode 0). Every other CPU initializes its own
 * when it first calls one of them; a CPU started with bulkhead_cpu_start()
 * initializes again at each start.
 *
 * Return values: 0 or a negative BULKHEAD_IRQ_E_*.
 */
#ifndef BULKHEAD_IRQ_H
#define BULKHEAD_IRQ_H

#include <stdbool.h>
#include <stdint.h>

#define BULKHEAD_IRQ_E_NO_CONTROLLER (-1) /* no usable GIC in the Devicetree */
#define BULKHEAD_IRQ_E_INVALID       (-2) /* an INTID, CPU or rate out of range */

/* Interrupt ID ranges. */
#define BULKHEAD_IRQ_SGI_COUNT 16
#define BULKHEAD_IRQ_SPI_FIRST 32
#define BULKHEAD_IRQ_INTID_MAX 1020 /* exclusive; 1020-1023 are special */
#define BULKHEAD_IRQ_SPURIOUS  1023

/* The priority every INTID starts with; lower numbers are more urgent. Use
 * multiples of 0x10: implementations keep as few as 4 (GICv2) or 5
 * (Cortex-A53's GICv3 CPU interface) bits. */
#define BULKHEAD_IRQ_PRIORITY_DEFAULT 0xa0

typedef void (*bulkhead_irq_fn)(unsigned int intid, void *arg);

/* Initialize now (see above); 0 or BULKHEAD_IRQ_E_NO_CONTROLLER. */
int bulkhead_irq_init(void);

/* The GIC's architecture version (2 or 3), or 0 if there is none. */
int bulkhead_irq_gic_version(void);

/* The distributor's base address (for probes and benchmarks that access
 * its registers themselves), or 0 if there is no GIC. */
uintptr_t bulkhead_irq_distributor(void);

/*
 * Install fn(intid, arg) as the handler of `intid` on every CPU (NULL
 * removes it). Does not enable the interrupt. An enabled interrupt with no
 * handler is reported once on the console, disabled and ignored.
 */
int bulkhead_irq_handler(unsigned int intid, bulkhead_irq_fn fn, void *arg);

/* Enable or disable delivery of one INTID (the calling CPU's, for SGIs and PPIs). */
int bulkhead_intid_enable(unsigned int intid);
int bulkhead_intid_disable(unsigned int intid);

/* Set its priority (0 most urgent .. 0xff; see the note on bits above). */
int bulkhead_intid_set_priority(unsigned int intid, uint8_t priority);

/* Send an SPI to CPU `cpu` (a position in /cpus, as bulkhead_cpu_id()). */
int bulkhead_intid_route(unsigned int intid, unsigned int cpu);

/* Edge-triggered (true) or level-sensitive (false). SGIs are always edge;
 * not every implementation lets a PPI change. */
int bulkhead_intid_set_edge(unsigned int intid, bool edge);

/* Make an INTID pending by software (ISPENDR), or clear it (ICPENDR). */
int bulkhead_intid_set_pending(unsigned int intid);
int bulkhead_intid_clear_pending(unsigned int intid);

/*
 * Send SGI `sgi` (0-15) to CPU `cpu` of this program (a position in /cpus;
 * the caller itself is allowed). The target must have enabled that SGI.
 */
int bulkhead_sgi_send(unsigned int sgi, unsigned int cpu);

/*
 * Write a raw SGI request, for probing what the hardware or the hypervisor
 * lets through: GICv3 the 64-bit ICC_SGI1R_EL1 value (TargetList[15:0],
 * Aff1[23:16], INTID[27:24], Aff2[39:32], IRM[40], RS[47:44], Aff3[55:48]);
 * GICv2 the 32-bit GICD_SGIR value (TargetListFilter[25:24],
 * CPUTargetList[23:16], SGIINTID[3:0]).
 */
int bulkhead_sgi_send_raw(uint64_t value);

/* The CPU's interrupt mask (arm64: PSTATE.I): take interrupts, or not. */
void bulkhead_irq_enable(void);
void bulkhead_irq_disable(void);
bool bulkhead_irq_enabled(void);

/*
 * Wait for an interrupt (arm64: `wfi`). With interrupts masked the CPU
 * still wakes when one becomes pending, without taking it: the race-free
 * way to sleep is mask, check, wait, unmask (take it), mask, check again.
 */
void bulkhead_irq_wait(void);

/*
 * Benchmark stamp: the value of the PMU cycle counter (PMCCNTR_EL0) read by
 * the IRQ vector of the calling CPU at its most recent entry, in assembly,
 * as the vector's (BULKHEAD_IRQ_STAMP_INSN + 1)-th instruction, before
 * anything else is saved. So the counter value at the vector's first
 * instruction is stamp - BULKHEAD_IRQ_STAMP_INSN when it counts one per
 * instruction (QEMU -icount shift=0). Meaningful once bulkhead_pmu_start()
 * (<bulkhead/pmu.h>) runs the counter.
 */
#define BULKHEAD_IRQ_STAMP_INSN 1
uint64_t bulkhead_irq_stamp(void);

/* Interrupts this CPU has taken (handled, unhandled and spurious alike). */
uint64_t bulkhead_irq_taken(void);

/* ---- The EL1 virtual timer -------------------------------------------- */

/* Its INTID: the third interrupt of the Devicetree's "arm,armv8-timer"
 * node (PPI 11 = INTID 27 on QEMU virt and under Bulkhead). */
unsigned int bulkhead_timer_intid(void);

/*
 * Tick `hz` times a second on the calling CPU: the virtual timer fires
 * every bulkhead_ticks_per_second() / hz counter ticks, each deadline
 * exactly one period after the last (no drift), and tick(arg) runs in the
 * interrupt. A tick whose deadline has already passed when the previous
 * one is handled still runs (late), one per interrupt. Replaces any timer
 * already running on this CPU. Interrupts must be enabled (by the caller)
 * for ticks to arrive. hz from 1 to the counter frequency.
 */
int bulkhead_timer_start(uint32_t hz, void (*tick)(void *arg), void *arg);

/* Fire once when the virtual counter (bulkhead_ticks()) reaches `deadline`
 * (at once if it has), then stop. */
int bulkhead_timer_oneshot(uint64_t deadline, void (*tick)(void *arg), void *arg);

/* Stop this CPU's timer (no more ticks; its interrupt stays enabled). */
void bulkhead_timer_stop(void);

#endif
