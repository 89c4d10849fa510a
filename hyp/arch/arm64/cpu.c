// SPDX-License-Identifier: Apache-2.0
/*
 * Per-CPU records and stacks (see cpu.h), and starting the other CPUs
 * through the firmware's PSCI CPU_ON (ARM DEN 0022, 5.1.4).
 */
#include "cpu.h"

#include "arch.h"
#include "check.h"
#include "config.h"
#include "frame.h"
#include "sysreg.h"

#define PSCI_CPU_ON_64 0xc4000003u
#define MPIDR_AFFINITY_MASK 0xff00ffffffull

uint8_t hyp_stacks[CONFIG_CPU_COUNT][HYP_STACK_SIZE] __attribute__((aligned(16)));
static struct arm64_cpu cpus[CONFIG_CPU_COUNT];

void cpu_set_current(unsigned id)
{
	CHECK(id < CONFIG_CPU_COUNT);
	cpus[id].id = id;
	sysreg_write(tpidr_el2, (uint64_t)(uintptr_t)&cpus[id]);
}

struct frame *cpu_frame(unsigned cpu)
{
	return (struct frame *)(void *)(hyp_stacks[cpu] + HYP_STACK_SIZE - sizeof(struct frame));
}

unsigned cpu_index_of_mpidr(uint64_t mpidr)
{
	for (unsigned i = 0; i < CONFIG_CPU_COUNT; i++)
		if (config_board.cpu_mpidr[i] == (mpidr & MPIDR_AFFINITY_MASK))
			return i;
	return CONFIG_CPU_COUNT;
}

unsigned arch_cpu_id(void)
{
	return cpu_current()->id;
}

extern char arm64_secondary_entry[];

static int64_t firmware_cpu_on(uint64_t mpidr, uint64_t entry, uint64_t context)
{
	register uint64_t x0 __asm__("x0") = PSCI_CPU_ON_64;
	register uint64_t x1 __asm__("x1") = mpidr;
	register uint64_t x2 __asm__("x2") = entry;
	register uint64_t x3 __asm__("x3") = context;

	__asm__ volatile("smc #0" : "+r"(x0), "+r"(x1), "+r"(x2), "+r"(x3) : : "memory");
	return (int64_t)x0;
}

bool arch_cpu_start(unsigned cpu)
{
	CHECK(cpu < CONFIG_CPU_COUNT);
	/* The new CPU reads what we wrote with its MMU and caches still off. */
	dsb(sy);
	return firmware_cpu_on(config_board.cpu_mpidr[cpu],
			       (uint64_t)(uintptr_t)arm64_secondary_entry, cpu) == 0;
}

void arch_cpu_wait(void)
{
	__asm__ volatile("wfe" : : : "memory");
}

void arch_cpu_wake_all(void)
{
	dsb(ish);
	__asm__ volatile("sev" : : : "memory");
}
