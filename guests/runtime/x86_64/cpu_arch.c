// SPDX-License-Identifier: Apache-2.0
/*
 * Per-CPU odds and ends of the x86-64 port: parking, which CPU this is, and
 * the time stamp counter. The SMP entry and exit paths are in start.S.
 */
#include <libfdt.h>

#include "../arch.h"
#include "../runtime.h"

static void cpuid(uint32_t leaf, uint32_t sub, uint32_t r[4])
{
	__asm__ volatile("cpuid" : "=a"(r[0]), "=b"(r[1]), "=c"(r[2]), "=d"(r[3])
			 : "a"(leaf), "c"(sub));
}

noreturn void cpu_arch_park(void)
{
	/* Interrupts off, halted for good; only the hypervisor's NMI (which
	 * the partition never sees) still reaches this CPU. */
	for (;;)
		__asm__ volatile("cli; hlt" : : : "memory");
}

/* start.S points GS at this CPU's entry of slot_ids, which holds its slot. */
unsigned int cpu_arch_slot(void)
{
	uint64_t slot;

	__asm__ volatile("mov %%gs:0, %0" : "=r"(slot));
	return (unsigned int)slot;
}

/*
 * The local APIC id (CPUID leaf 0xB, else leaf 1), the form Devicetree
 * /cpus `reg` and PSCI CPU_ON use here. Under Bulkhead it is the vCPU index.
 */
uint64_t cpu_arch_mpidr(void)
{
	uint32_t r[4];

	cpuid(0, 0, r);
	if (r[0] >= 0xb) {
		cpuid(0xb, 0, r);
		if (r[1] != 0)
			return r[3];
	}
	cpuid(1, 0, r);
	return r[1] >> 24;
}

void cpu_arch_relax(void)
{
	__asm__ volatile("pause" : : : "memory");
}

/* The TSC; under Bulkhead it counts from the partition's start. */
uint64_t timer_arch_ticks(void)
{
	uint32_t lo, hi;

	__asm__ volatile("lfence; rdtsc" : "=a"(lo), "=d"(hi) : : "memory");
	return (uint64_t)hi << 32 | lo;
}

/* /cpus timebase-frequency from the Devicetree, or 0. */
static uint64_t timer_devicetree_frequency(void)
{
	int cpus, len;
	const fdt32_t *value;

	if (runtime.fdt == NULL || (cpus = fdt_path_offset(runtime.fdt, "/cpus")) < 0)
		return 0;
	value = fdt_getprop(runtime.fdt, cpus, "timebase-frequency", &len);
	return value != NULL && len == 4 ? fdt32_to_cpu(*value) : 0;
}

/*
 * Its rate: the Devicetree's /cpus timebase-frequency when the board gives
 * one (a simulator's TSC may not run at the rate CPUID claims: Bochs's
 * counts instructions), else CPUID leaf 0x15 (TSC/crystal ratio) or 0x16
 * (base MHz) where the CPU has them (Intel SDM vol. 2A, CPUID), else 1 GHz
 * as a guess.
 */
static uint64_t timer_cpuid_frequency(void)
{
	uint32_t r[4], max;

	cpuid(0, 0, r);
	max = r[0];
	if (max >= 0x15) {
		cpuid(0x15, 0, r);
		if (r[0] != 0 && r[1] != 0 && r[2] != 0)
			return (uint64_t)r[2] * r[1] / r[0];
	}
	if (max >= 0x16) {
		cpuid(0x16, 0, r);
		if ((r[0] & 0xffff) != 0)
			return (uint64_t)(r[0] & 0xffff) * 1000000u;
	}
	return 1000000000u;
}

uint64_t timer_arch_frequency(void)
{
	static uint64_t cached;

	/* Remembered once the Devicetree has been read (CPUID exits, slowly). */
	if (cached == 0 && runtime.fdt != NULL) {
		cached = timer_devicetree_frequency();
		if (cached == 0)
			cached = timer_cpuid_frequency();
	}
	return cached != 0 ? cached : timer_cpuid_frequency();
}
