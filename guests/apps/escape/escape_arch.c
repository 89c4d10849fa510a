// SPDX-License-Identifier: Apache-2.0
/*
 * The simulators' back doors. arm64: QEMU's semihosting (`hlt #0xf000`),
 * which QEMU serves from EL1 when started with -semihosting. x86-64:
 * Bochs's magic breakpoint (`xchg bx, bx`), which Bochs honours from VMX
 * non-root mode when magic_break is enabled, its shutdown port 0x8900 and
 * its debug output port 0xe9.
 */
#include <stdint.h>

#include "escape.h"

#if defined(__aarch64__)

#define SEMIHOST_SYS_WRITE0 0x04
#define SEMIHOST_SYS_EXIT 0x18
#define SEMIHOST_APPLICATION_EXIT 0x20026

static void semihost(uint64_t op, const void *arg)
{
	register uint64_t x0 __asm__("x0") = op;
	register const void *x1 __asm__("x1") = arg;

	__asm__ volatile("hlt #0xf000" : "+r"(x0) : "r"(x1) : "memory");
}

const char *escape_write_line_how(void)
{
	return "semihosting SYS_WRITE0";
}

const char *escape_end_run_how(void)
{
	return "semihosting SYS_EXIT";
}

void escape_write_line(const char *line)
{
	semihost(SEMIHOST_SYS_WRITE0, line);
}

void escape_end_run(int status)
{
	const uint64_t block[2] = { SEMIHOST_APPLICATION_EXIT, (uint64_t)(int64_t)status };

	semihost(SEMIHOST_SYS_EXIT, block);
}

#elif defined(__x86_64__)

static void outb(uint16_t port, uint8_t value)
{
	__asm__ volatile("outb %0, %1" : : "a"(value), "Nd"(port) : "memory");
}

const char *escape_write_line_how(void)
{
	return "Bochs's port 0xe9";
}

const char *escape_end_run_how(void)
{
	return "Bochs's magic breakpoint, then its shutdown port 0x8900";
}

void escape_write_line(const char *line)
{
	for (; *line != '\0'; line++)
		outb(0xe9, (uint8_t)*line);
}

void escape_end_run(int status)
{
	(void)status;
	__asm__ volatile("xchg %%bx, %%bx" : : : "memory");
	for (const char *c = "Shutdown"; *c != '\0'; c++)
		outb(0x8900, (uint8_t)*c);
}

#endif
