// SPDX-License-Identifier: Apache-2.0
/*
 * Leaving the program. Under Bulkhead the PARTITION_EXIT hypercall hands the
 * status to the hypervisor (which decides what the whole run reports);
 * natively semihosting SYS_EXIT makes QEMU itself exit with the status, so
 * `qemu-system-aarch64 ...; echo $?` shows it. newlib's exit() flushes stdio
 * and runs atexit handlers first, then calls _exit here.
 *
 * A native run without -semihosting would otherwise hang on the trapped
 * SYS_EXIT; instead the runtime says the status is lost and powers off with
 * PSCI, so the emulator still stops.
 */
#include "arch.h"
#include "runtime.h"

/* The status being delivered; kept for the report if delivery traps. */
static int exit_status;

noreturn void exit_now(int status)
{
	exit_status = status;
	if (runtime.mode == RUNTIME_BULKHEAD)
		guest_arch_hvc(BULKHEAD_HC_PARTITION_EXIT, (unsigned long)(long)status, 0, 0, 0, 0);
	else
		semihost_arch_exit(status);
	/* Neither returns when it works; if it did, stop here quietly. */
	cpu_arch_park();
}

noreturn void exit_without_semihosting(void)
{
	bool use_smc = runtime.psci == RUNTIME_PSCI_SMC;
	/* A boot failure may come before runtime_start() read /psci. */
	bool have_psci = runtime.psci != RUNTIME_PSCI_NONE ||
			 (runtime.fdt != NULL && devtree_psci_uses_smc(runtime.fdt, &use_smc) == 0);

	console_puts("bulkhead-rt: exit status ");
	console_put_dec(exit_status);
	console_puts(" not delivered: semihosting is off (run QEMU with -semihosting); "
		     "powering off\n");
	if (have_psci)
		psci_arch_system_off(use_smc);
	cpu_arch_park();
}

noreturn void _exit(int status)
{
	exit_now(status);
}
