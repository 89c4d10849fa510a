// SPDX-License-Identifier: Apache-2.0
/*
 * AArch64 semihosting: `hlt #0xf000` with the operation in w0 and a pointer
 * to its parameter in x1 (ARM, "Semihosting for AArch32 and AArch64").
 * QEMU implements it when started with -semihosting; SYS_EXIT is how a
 * native run hands its exit status to the shell.
 */
#include <stdbool.h>
#include <stdint.h>

#include "../arch.h"

/* The encoding of `hlt #0xf000`. */
#define SEMIHOST_HLT_INSN 0xd45e0000u

#define SEMIHOST_SYS_WRITE0 0x04
#define SEMIHOST_SYS_EXIT   0x18

/* SYS_EXIT reason meaning "the application exited"; the subcode is its status. */
#define SEMIHOST_ADP_STOPPED_APPLICATION_EXIT 0x20026

static long semihost_call(unsigned long op, const void *arg)
{
	register unsigned long x0 __asm__("x0") = op;
	register const void *x1 __asm__("x1") = arg;

	__asm__ volatile("hlt #0xf000" : "+r"(x0) : "r"(x1) : "memory");
	return (long)x0;
}

void semihost_arch_write0(const char *text)
{
	semihost_call(SEMIHOST_SYS_WRITE0, text);
}

void semihost_arch_exit(int status)
{
	/* On AArch64 SYS_EXIT takes a two-word block, not the reason itself. */
	const uint64_t block[2] = {
		SEMIHOST_ADP_STOPPED_APPLICATION_EXIT,
		(uint64_t)(int64_t)status,
	};

	semihost_call(SEMIHOST_SYS_EXIT, block);
}

/*
 * Without -semihosting, QEMU treats the HLT as UNDEFINED: EC 0 ("unknown
 * reason", ARM DDI 0487, ESR_ELx), taken at the HLT itself.
 */
bool semihost_arch_trapped(uint64_t esr, uint64_t elr)
{
	return (esr >> 26) == 0 && *(const volatile uint32_t *)(uintptr_t)elr == SEMIHOST_HLT_INSN;
}
