/* SPDX-License-Identifier: Apache-2.0 */
/*
 * What the portable runtime needs from an architecture port. guests/runtime/
 * aarch64/ implements it today; an x86_64/ port implements the same hooks
 * (vmcall for hvc, its own semihosting-style exit), so runtime.c, console.c,
 * heap.c and exit.c never change per architecture.
 */
#ifndef GUEST_RUNTIME_ARCH_H
#define GUEST_RUNTIME_ARCH_H

#include <stdbool.h>
#include <stdint.h>
#include <stdnoreturn.h>

/*
 * Issue one hypercall: function id and five arguments in, status out.
 * Only valid under Bulkhead (the instruction is UNDEFINED without EL2), so
 * only runtime.c and guest.c call it, and only after detection.
 */
long guest_arch_hvc(unsigned long id, unsigned long a1, unsigned long a2,
		    unsigned long a3, unsigned long a4, unsigned long a5);

/*
 * Semihosting (ARM's "Semihosting for AArch32 and AArch64"): the native exit
 * path that carries a status out of QEMU, and a last-resort console when no
 * UART is known. Only used natively; if the emulator was started without
 * -semihosting the instruction traps and the exception path parks the CPU.
 */
void semihost_arch_write0(const char *text);
void semihost_arch_exit(int status);

/*
 * Whether semihost_arch_write0() is a real console (a UART the port drives
 * itself, as x86's COM1), so a native boot needs no PL011. runtime.c has a
 * weak default of false.
 */
bool semihost_arch_is_console(void);

/*
 * Whether the exception just taken (syndrome esr, return address elr) was a
 * semihosting call trapping because the emulator does not implement it.
 */
bool semihost_arch_trapped(uint64_t esr, uint64_t elr);

/*
 * PSCI SYSTEM_OFF (ARM DEN 0022) through the conduit the Devicetree's /psci
 * node names: `smc`, or `hvc` where the emulator or firmware serves PSCI from
 * EL2. Returns only if the call failed.
 */
void psci_arch_system_off(bool use_smc);

/*
 * Any PSCI call (SMC Calling Convention: function id and three arguments,
 * the result in the first register) through `smc` or `hvc`.
 */
long psci_arch_call(bool use_smc, unsigned long fid, unsigned long a1, unsigned long a2,
		    unsigned long a3);

/* Turn on the stage-1 identity map and the caches (start.S calls it). */
void mmu_arch_enable(void);

/*
 * Whether [addr, addr + size) lies wholly inside the identity map, so the
 * runtime can refuse a bad Devicetree or UART address with a message rather
 * than take a translation fault on it.
 */
bool mmu_arch_covers(uintptr_t addr, uint64_t size);

/*
 * Map [addr, addr + size) as Normal (cacheable), never executable memory
 * for a channel, unless it already is; false if the identity map cannot
 * (outside its space, or on Device memory). Shared memory between
 * partitions must be Normal: atomics and the ring's barriers assume it.
 */
bool mmu_arch_map_shared(uintptr_t addr, uint64_t size);

/* Stop this CPU for good, with interrupts masked: the end of every path. */
noreturn void cpu_arch_park(void);

/*
 * SMP (smp.c). Where a started CPU begins (the entry address for PSCI
 * CPU_ON; it takes its slot number as the context id), how it stops (free
 * the slot with a release store of 0 to *slot_state, then PSCI CPU_OFF,
 * touching no stack after the store), this CPU's slot, its MPIDR affinity
 * (the value Devicetree /cpus `reg` and PSCI name it by), and a pause for
 * polling loops.
 */
void cpu_arch_secondary_entry(void);
noreturn void cpu_arch_off(uint32_t *slot_state, bool use_smc);
unsigned int cpu_arch_slot(void);
uint64_t cpu_arch_mpidr(void);
void cpu_arch_relax(void);

/* The free-running counter every CPU reads the same (arm64: CNTVCT_EL0). */
uint64_t timer_arch_ticks(void);
uint64_t timer_arch_frequency(void);

#endif
