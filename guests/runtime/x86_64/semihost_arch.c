// SPDX-License-Identifier: Apache-2.0
/*
 * x86 has no semihosting; these are its native stand-ins, for a unikernel
 * booted on the bare PC (in Bochs) without the hypervisor: text goes to
 * COM1's 16550, and the exit status leaves the way the hypervisor's does:
 * a last line "run ended: status N" on COM1 (tools/bulkhead/runner.py reads
 * it), then the word "Shutdown" on Bochs's shutdown port, which ends the
 * simulation. On a real PC the port is unused and the CPU halts.
 */
#include <stdbool.h>
#include <stdint.h>

#include "../arch.h"
#include "../runtime.h"

#define COM1 0x3f8
#define BOCHS_SHUTDOWN_PORT 0x8900
#define LSR_THRE 0x20
#define LSR_TEMT 0x40 /* transmitter empty: the line has left */

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
	console_puts("run ended: status ");
	console_put_dec(status);
	console_puts("\n");
	while ((inb(COM1 + 5) & LSR_TEMT) == 0)
		;
	for (const char *c = "Shutdown"; *c != '\0'; c++)
		outb(BOCHS_SHUTDOWN_PORT, (uint8_t)*c);
}

bool semihost_arch_trapped(uint64_t esr, uint64_t elr)
{
	(void)esr;
	(void)elr;
	return false;
}
