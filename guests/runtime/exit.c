// SPDX-License-Identifier: Apache-2.0
/*
 * Leaving the program. Under Bulkhead the PARTITION_EXIT hypercall hands the
 * status to the hypervisor (which decides what the whole run reports);
 * natively semihosting SYS_EXIT makes QEMU itself exit with the status, so
 * `qemu-system-aarch64 ...; echo $?` shows it. newlib's exit() flushes stdio
 * and runs atexit handlers first, then calls _exit here.
 */
#include "arch.h"
#include "runtime.h"

noreturn void exit_now(int status)
{
	if (runtime.mode == RUNTIME_BULKHEAD)
		guest_arch_hvc(BULKHEAD_HC_PARTITION_EXIT, (unsigned long)(long)status, 0, 0, 0, 0);
	else
		semihost_arch_exit(status);
	/* Neither returns when it works; if it did, stop here quietly. */
	cpu_arch_park();
}

noreturn void _exit(int status)
{
	exit_now(status);
}
