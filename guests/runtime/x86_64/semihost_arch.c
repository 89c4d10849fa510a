// SPDX-License-Identifier: Apache-2.0
/*
 * x86 has no semihosting; these are its native stand-ins, for a unikernel
 * booted on the bare PC (in Bochs) without the hypervisor: text goes to
 * COM1's 16550, and the exit status leaves the way the hypervisor's does:
 * "BULKHEAD" and the status in the mailbox at physical 0x8ff0, then Bochs's
 * magic breakpoint (tools/bulkhead/runner.py reads the mailbox). On a real
 * PC the breakpoint does nothing and the CPU halts.
 */
#include <stdbool.h>
#include <stdint.h>

#include <bulkhead_abi.h>

#include "../arch.h"

#define COM1 0x3f8
#define BOCHS_STATUS_MAILBOX 0x8ff0
#define LSR_THRE 0x20

static void outb(uint16_t port, uint8_t value)
{
	__asm__ volatile("outb %0, %1" : : "a"(value), "Nd"(port) : "memory");
}

static uint8_t inb(uint16_t port)
{
	uint8_t value;

	__asm__ volatile("inb %1, %0" : "=a"(value) : "Nd"(port) : "memory");
	return value;
}

void semihost_arch_write0(const char *text)
{
	static bool ready;

	if (!ready) {
		outb(COM1 + 3, 0x03); /* 8N1; the firmware's baud rate */
		ready = true;
	}
	for (; *text != '\0'; text++) {
		if (*text == '\n')
			semihost_arch_write0("\r");
		while ((inb(COM1 + 5) & LSR_THRE) == 0)
			;
		outb(COM1, (uint8_t)*text);
	}
}

void semihost_arch_exit(int status)
{
	volatile uint64_t *mailbox = (volatile uint64_t *)(uintptr_t)BOCHS_STATUS_MAILBOX;

	mailbox[1] = (uint64_t)(int64_t)status;
	mailbox[0] = BULKHEAD_ENTRY_MAGIC;
	__asm__ volatile("xchg %%bx, %%bx" : : : "memory");
}

bool semihost_arch_trapped(uint64_t esr, uint64_t elr)
{
	(void)esr;
	(void)elr;
	return false;
}
