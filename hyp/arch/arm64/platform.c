// SPDX-License-Identifier: Apache-2.0
/*
 * The arm64 backend's boot and machine-level hooks: C entry of the primary
 * CPU, console output, CPU identity, parking and ending the run.
 */
#include <stdnoreturn.h>

#include "arch.h"
#include "bulkhead_abi.h"
#include "console.h"
#include "config.h"
#include "cpu.h"
#include "firmware_boot.h"
#include "frame.h"
#include "hyp_main.h"
#include "irq.h"
#include "mmu.h"
#include "stage2.h"
#include "sysreg.h"
#include "uart.h"

#define PSCI_SYSTEM_OFF 0x84000008u
#define PSCI_SYSTEM_RESET 0x84000009u

const char arch_description[] = "arm64 EL2";

void arch_console_putc(char c)
{
	if (c == '\n')
		uart_putc((uintptr_t)config_board.console_base, '\r');
	uart_putc((uintptr_t)config_board.console_base, c);
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

/*
 * The run's status leaves on the console the hypervisor owns (the runner
 * reads that line and nothing else), then the firmware powers the machine
 * off. No semihosting: QEMU would serve it from EL1 too, to any partition.
 */
noreturn void arch_shutdown(int status)
{
	console_log_run_end(status);
	smc_call(PSCI_SYSTEM_OFF);
	arch_cpu_park();
}

noreturn void arch_system_reset(void)
{
#if CONFIG_BOARD_RESET_ENDS_RUN
	/* Under a simulator the run ends and says why, rather than boot again. */
	arch_shutdown(BULKHEAD_RUN_SYSTEM_RESET);
#else
	console_log("system reset");
	smc_call(PSCI_SYSTEM_RESET);
	arch_cpu_park();
#endif
}

/* firmware_boot.h: the generic timer's physical count (ARM DDI 0487 D11.2). */
uint64_t arch_boot_clock(uint64_t *hz)
{
	isb(); /* not read ahead of the work it times */
	*hz = sysreg_read(cntfrq_el0);
	return sysreg_read(cntpct_el0);
}

noreturn void arm64_boot_primary(uint64_t fdt_address);
noreturn void arm64_boot_secondary(unsigned cpu);

noreturn void arm64_boot_primary(uint64_t fdt_address)
{
	unsigned cpu = cpu_index_of_mpidr(sysreg_read(mpidr_el1));

	mmu_init();
	uart_init((uintptr_t)config_board.console_base);
	if (cpu == CONFIG_CPU_COUNT) {
		/* The loader entered us on a CPU the board does not list. */
		cpu_set_current(0);
		console_log("boot refused: this CPU (MPIDR 0x%llx) is not one of board %s's; "
			    "build for the right board", (unsigned long long)sysreg_read(mpidr_el1),
			    config_board.name);
		arch_shutdown(BULKHEAD_RUN_BOOT_REFUSED);
	}
	cpu_set_current(cpu);
	stage2_init_cpu();
	const void *fdt = mmu_map_fdt(fdt_address);

	/* Only touch the GIC once the board check has seen it where expected. */
	hyp_check_board(fdt);
	irq_init_primary();
	irq_init_cpu();
	hyp_main();
}

/* Entered from entry.S on a CPU the primary started, with its own stack. */
noreturn void arm64_boot_secondary(unsigned cpu)
{
	cpu_set_current(cpu);
	mmu_enable();
	stage2_init_cpu();
	irq_init_cpu();
	hyp_secondary_main(cpu);
}
