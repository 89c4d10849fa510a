// SPDX-License-Identifier: Apache-2.0
/*
 * The last resort of every path that must not return: mask everything and
 * wait for interrupts forever. Reached only when exiting failed (a
 * hypervisor that returned from PARTITION_EXIT, QEMU without -semihosting).
 */
#include "../arch.h"

noreturn void cpu_arch_park(void)
{
	__asm__ volatile("msr daifset, #0xf" : : : "memory");
	for (;;)
		__asm__ volatile("wfi" : : : "memory");
}
