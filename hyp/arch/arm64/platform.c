// SPDX-License-Identifier: Apache-2.0
/*
 * The arm64 backend's boot and machine-level hooks: C entry of the primary
 * CPU, console output, CPU identity, parking and ending the run.
 */
#include <stdnoreturn.h>

#include "arch.h"
#include "config.h"
#include "cpu.h"
#include "frame.h"
#include "hyp_main.h"
#include "mmu.h"
#include "pl011.h"
#include "stage2.h"
#include "sysreg.h"

#define PSCI_SYSTEM_OFF 0x84000008u
#define SEMIHOSTING_SYS_EXIT 0x18u
#define ADP_STOPPED_APPLICATION_EXIT 0x20026u

const char arch_description[] = "arm64 EL2";

uint8_t hyp_stacks[CONFIG_CPU_COUNT][HYP_STACK_SIZE] __attribute__((aligned(16)));

struct frame *cpu_frame(unsigned cpu)
{
	return (struct frame *)(void *)(hyp_stacks[cpu] + HYP_STACK_SIZE - sizeof(struct frame));
}

unsigned arch_cpu_id(void)
{
	/* QEMU virt numbers CPUs by Aff0 in one cluster. */
	return (unsigned)(sysreg_read(mpidr_el1) & 0xff);
}

void arch_console_putc(char c)
{
	if (c == '\n')
		pl011_putc((uintptr_t)config_board.console_base, '\r');
	pl011_putc((uintptr_t)config_board.console_base, c);
}

noreturn void arch_cpu_park(void)
{
	for (;;)
		__asm__ volatile("wfi");
}

static void smc_call(uint64_t fid)
{
	register uint64_t x0 __asm__("x0") = fid;

	__asm__ volatile("smc #0" : "+r"(x0) : : "x1", "x2", "x3", "memory");
}

noreturn void arch_shutdown(int status)
{
#if CONFIG_BOARD_EXIT_SEMIHOSTING
	/* AArch64 semihosting SYS_EXIT takes a block: reason, then status. */
	uint64_t block[2] = { ADP_STOPPED_APPLICATION_EXIT, (uint64_t)(int64_t)status };
	register uint64_t x0 __asm__("x0") = SEMIHOSTING_SYS_EXIT;
	register uint64_t x1 __asm__("x1") = (uint64_t)(uintptr_t)block;

	__asm__ volatile("hlt #0xf000" : "+r"(x0) : "r"(x1) : "memory");
#else
	(void)status;
#endif
	smc_call(PSCI_SYSTEM_OFF);
	arch_cpu_park();
}

noreturn void arm64_boot_primary(uint64_t fdt_address);

noreturn void arm64_boot_primary(uint64_t fdt_address)
{
	mmu_init();
	pl011_init((uintptr_t)config_board.console_base);
	stage2_init_cpu();
	hyp_main(mmu_map_fdt(fdt_address));
}
