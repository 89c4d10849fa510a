/* SPDX-License-Identifier: Apache-2.0 */
/*
 * What hyp/core needs from an architecture backend. Each of hyp/arch/arm64,
 * hyp/arch/x86_64 and hyp/arch/fake (the host build used by unit tests)
 * implements every function here; nothing else in core touches hardware.
 */
#ifndef ARCH_H
#define ARCH_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdnoreturn.h>

struct frame;
struct partition;
struct partition_config;
struct vcpu;

/* Names the backend in the banner, e.g. "arm64 EL2". */
extern const char arch_description[];

/* Write one character to the hypervisor's console UART. */
void arch_console_putc(char c);

/* End the whole run with a BULKHEAD_RUN_* status (QEMU: semihosting exit;
 * hardware: PSCI SYSTEM_OFF). */
noreturn void arch_shutdown(int status);

/* Stop this CPU for good (it has nothing left to run). */
noreturn void arch_cpu_park(void);

/* Index of the calling physical CPU, 0 .. CONFIG_CPU_COUNT-1. */
unsigned arch_cpu_id(void);

/* Power on another physical CPU (arm64: the firmware's PSCI CPU_ON); it
 * comes up in hyp_secondary_main(). false if the firmware refused. */
bool arch_cpu_start(unsigned cpu);

/* Sleep until another CPU calls arch_cpu_wake_all() (or an event arrives);
 * callers re-check their condition in a loop. */
void arch_cpu_wait(void);

/* Make every CPU that sleeps in arch_cpu_wait() look again. */
void arch_cpu_wake_all(void);

/* Interrupt physical CPU `pcpu` so that the vCPU it runs traps to the
 * hypervisor soon (and does what partition_kicked() says). */
void arch_vcpu_kick(unsigned pcpu);

/* Raise virtual interrupt `intid` in partition `p` (a channel's doorbell),
 * at the vCPU the partition routes it to. */
void arch_raise_virtual_irq(struct partition *p, unsigned intid);

/* Reset the whole machine (a partition's on_fault = "reset-system"). */
noreturn void arch_system_reset(void);

/* Step the trapped vCPU past the instruction that trapped, so that it
 * resumes after it (arm64: ELR_EL2 in the frame + 4; x86: guest RIP + the
 * exit's instruction length). For trap_carry_out() alone. */
void arch_trap_advance(struct frame *f);

/*
 * A hypervisor pointer to [pa, pa+size) of partition RAM, which the
 * hypervisor keeps mapped (never executable) to load images and to read and
 * write hypercall buffers. NULL if the range is not so mapped.
 */
void *arch_phys_to_virt(uint64_t pa, uint64_t size);

/* Zero a large, page-aligned range of partition memory (a hypervisor
 * pointer from arch_phys_to_virt), as fast as the CPU can: at boot and at
 * every restart it is most of the work. */
void arch_zero_memory(void *start, uint64_t size);

/* Build the partition's stage-2 (arm64) or EPT (x86) tables from its regions. */
void arch_partition_map(const struct partition_config *cfg);

/* Certify boot (certify.h): print the hypervisor image's extent, its own
 * translation tables with the registers that point at them, each
 * partition's stage-2 (EPT) tables with their root register, and the
 * interrupts the arch keeps for itself or gives to a CPU's owner. */
void arch_certify_dump(void);

/* The partition is (re)starting: its clocks start now (arm64: the virtual
 * counter every one of its vCPUs sees). Called before vCPU 0 enters. */
void arch_partition_started(const struct partition_config *cfg);

/* Enter the partition on this CPU for the first time; never returns here. */
noreturn void arch_vcpu_enter(struct vcpu *vcpu, uint64_t entry, uint64_t arg0,
			      uint64_t arg1, uint64_t arg2);

#endif
