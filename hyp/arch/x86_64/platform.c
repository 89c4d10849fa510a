// SPDX-License-Identifier: Apache-2.0
/*
 * The x86-64 backend's boot and machine-level hooks: C entry of the primary
 * CPU and of the others, console output, parking and ending the run.
 *
 * A run ends (docs/x86.md) with "[hyp] run ended: status N" on COM1, which
 * only the hypervisor writes unprefixed and from which the runner takes the
 * status; then, on a simulated board, Bochs's shutdown port ends the
 * simulation. No breakpoints: Bochs would honour a partition's as well.
 */
#include <stdnoreturn.h>

#include "arch.h"
#include "board_check.h"
#include "bootinfo.h"
#include "bulkhead_abi.h"
#include "config.h"
#include "console.h"
#include "cpu.h"
#include "hyp_main.h"
#include "idt.h"
#include "irq.h"
#include "mmu.h"
#include "msr.h"
#include "ns16550.h"
#include "vcpu.h"
#include "vmx.h"
#include "x86.h"

#define CONSOLE_BAUD 115200
#define PORT_RESET_CONTROL 0xcf9
#define RESET_CONTROL_HARD 0x06
#define PORT_KBC_COMMAND 0x64
#define KBC_PULSE_RESET 0xfe

const char arch_description[] = "x86-64 VT-x";

static uint16_t console_port(void)
{
	return (uint16_t)config_board.console_base;
}

void arch_console_putc(char c)
{
	if (c == '\n')
		ns16550_putc(console_port(), '\r');
	ns16550_putc(console_port(), c);
}

noreturn void arch_cpu_park(void)
{
	for (;;)
		__asm__ volatile("cli; hlt");
}

noreturn void arch_shutdown(int status)
{
	console_log_run_end(status);
	ns16550_flush(console_port());
#ifdef CONFIG_BOARD_SHUTDOWN_PORT
	/* Bochs's shutdown port: the word "Shutdown", a byte at a time. The I/O
	 * bitmap keeps it from every partition. */
	for (const char *c = "Shutdown"; *c != '\0'; c++)
		outb(CONFIG_BOARD_SHUTDOWN_PORT, (uint8_t)*c);
#endif
	arch_cpu_park();
}

noreturn void arch_system_reset(void)
{
#if CONFIG_BOARD_RESET_ENDS_RUN
	/* Under a simulator the run ends and says why, rather than boot again. */
	arch_shutdown(BULKHEAD_RUN_SYSTEM_RESET);
#else
	console_log("system reset");
	ns16550_flush(console_port());
	outb(PORT_RESET_CONTROL, RESET_CONTROL_HARD);
	outb(PORT_KBC_COMMAND, KBC_PULSE_RESET);
	arch_cpu_park();
#endif
}

#define CPUID1_ECX_X2APIC (1u << 21)

static void start_vmx(unsigned cpu)
{
	char why[160];
	uint32_t r[4];

	/* Kicks and the partitions' own APICs are x2APIC (SDM vol. 3A, 12.12). */
	cpuid(1, 0, r);
	if ((r[2] & CPUID1_ECX_X2APIC) == 0) {
		console_log("boot refused: this CPU has no x2APIC; Bulkhead needs it "
			    "(Bochs: cpu: model=corei7_skylake_x)");
		arch_shutdown(BULKHEAD_RUN_BOOT_REFUSED);
	}
	irq_init_cpu();
	if (!vmx_init_cpu(cpu, why, sizeof(why))) {
		console_log("%s", why);
		arch_shutdown(BULKHEAD_RUN_BOOT_REFUSED);
	}
}

noreturn void x86_boot_primary(uint32_t magic, uint64_t info);
noreturn void x86_boot_secondary(unsigned cpu);

noreturn void x86_boot_primary(uint32_t magic, uint64_t info)
{
	uint32_t apic_id = cpu_read_apic_id();
	unsigned cpu = cpu_index_of_apic_id(apic_id);
	struct machine_facts facts;

	idt_init();
	/* entry.S put us on CPU 0's stack: only CPU 0 may boot. */
	cpu_set_current(0);
	ns16550_init(console_port(), CONSOLE_BAUD);
	/* Read before mmu_init(): the boot tables map where the loader put it. */
	bootinfo_read(magic, info, &facts);
	mmu_init();
	if (cpu != 0) {
		console_log("boot refused: the loader entered on the CPU with APIC id %u, which is "
			    "not CPU 0 of board %s; build for the right board", apic_id,
			    config_board.name);
		arch_shutdown(BULKHEAD_RUN_BOOT_REFUSED);
	}
	hyp_check_machine(&facts);
	start_vmx(cpu);
	vcpu_controls_init();
	msr_bitmap_init();
	hyp_main();
}

/* Entered from entry.S on a CPU the primary started, on its own stack. */
noreturn void x86_boot_secondary(unsigned cpu)
{
	cpu_set_current(cpu);
	mmu_enable();
	start_vmx(cpu);
	cpu_arrived();
	hyp_secondary_main(cpu);
}
