// SPDX-License-Identifier: Apache-2.0
/*
 * What an unexpected EL1 exception does: one line with the syndrome, the
 * return address and the fault address, then exit with
 * BULKHEAD_GUEST_EXIT_EXCEPTION. IRQs taken from EL1 go to the interrupt
 * path instead (vectors.S, irq_arch.c); every other exception is
 * unexpected, and a guest that faults ends its run with evidence instead
 * of hanging it.
 *
 * The line is written through the raw console, never through stdio: the
 * exception may have hit in the middle of printf or malloc.
 */
#include "../arch.h"
#include "../runtime.h"

/* Vector index / 4 and % 4, in the order of the table (vectors.S). */
static const char *const exception_origin[4] = {
	"current EL with SP_EL0", "current EL with SP_ELx",
	"lower EL in AArch64", "lower EL in AArch32",
};
static const char *const exception_kind[4] = { "synchronous", "IRQ", "FIQ", "SError" };

#define EXCEPTION_READ_SYSREG(reg) ({ \
	uint64_t value_; \
	__asm__ volatile("mrs %0, " #reg : "=r"(value_)); \
	value_; })

/* Set while reporting: a second exception means reporting itself failed. */
static volatile int exception_reporting;

/* Called by vectors.S on its own stack with the vector's index (0..15). */
void exception_arch_report(unsigned int index)
{
	uint64_t esr = EXCEPTION_READ_SYSREG(esr_el1);
	uint64_t elr = EXCEPTION_READ_SYSREG(elr_el1);
	uint64_t far = EXCEPTION_READ_SYSREG(far_el1);

	/* Natively, exit's semihosting call traps when QEMU lacks -semihosting. */
	if (semihost_arch_trapped(esr, elr) && runtime.mode == RUNTIME_NATIVE)
		exit_without_semihosting();
	/* Reporting itself faulted: say nothing more. */
	if (exception_reporting)
		cpu_arch_park();
	exception_reporting = 1;

	console_puts("bulkhead-rt: unexpected ");
	console_puts(exception_kind[index % 4]);
	console_puts(" exception from ");
	console_puts(exception_origin[(index / 4) % 4]);
	console_puts(": ESR_EL1=");
	console_put_hex(esr);
	console_puts(" ELR_EL1=");
	console_put_hex(elr);
	console_puts(" FAR_EL1=");
	console_put_hex(far);
	console_puts("\n");
	exit_now(BULKHEAD_GUEST_EXIT_EXCEPTION);
}
