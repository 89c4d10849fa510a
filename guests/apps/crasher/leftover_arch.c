// SPDX-License-Identifier: Apache-2.0
/*
 * The registers the crasher marks before it dies: ones a partition can write
 * and its runtime leaves alone, so a non-zero value after a restart can only
 * have come from the image that died.
 * arm64: thread ID registers, CONTEXTIDR_EL1, the physical timer's compare
 * value and a SIMD register (ARM DDI 0487, D13.2, D13.8). x86-64: the
 * SYSCALL MSRs, KERNEL_GS_BASE, TSC_AUX (Intel SDM Vol. 4, table 2-2) and
 * debug address register DR0.
 */
#include <stdint.h>
#include <stdio.h>

#include "leftover.h"

struct reg {
	const char *name;
	uint64_t (*read)(void);
};

#if defined(__aarch64__)

#define SYSREG(reg)                                                        \
	static uint64_t read_##reg(void)                                   \
	{                                                                  \
		uint64_t v;                                                \
		__asm__ volatile("mrs %0, " #reg : "=r"(v));               \
		return v;                                                  \
	}                                                                  \
	static void write_##reg(uint64_t v)                                \
	{                                                                  \
		__asm__ volatile("msr " #reg ", %0" : : "r"(v) : "memory"); \
	}
SYSREG(tpidr_el0)
SYSREG(tpidrro_el0)
SYSREG(contextidr_el1)
SYSREG(cntp_cval_el0)

static uint64_t read_v31(void)
{
	uint64_t v;

	__asm__ volatile("fmov %0, d31" : "=r"(v));
	return v;
}

static const struct reg regs[] = {
	{ "TPIDR_EL0", read_tpidr_el0 },       { "TPIDRRO_EL0", read_tpidrro_el0 },
	{ "CONTEXTIDR_EL1", read_contextidr_el1 }, { "CNTP_CVAL_EL0", read_cntp_cval_el0 },
	{ "V31", read_v31 },
};

void leftover_plant(void)
{
	write_tpidr_el0(LEFTOVER_MARKER);
	write_tpidrro_el0(LEFTOVER_MARKER);
	write_contextidr_el1(LEFTOVER_MARKER & 0xffffffffu);
	write_cntp_cval_el0(LEFTOVER_MARKER);
	__asm__ volatile("fmov d31, %0" : : "r"(LEFTOVER_MARKER));
}

#elif defined(__x86_64__)

static uint64_t rdmsr(uint32_t msr)
{
	uint32_t lo, hi;

	__asm__ volatile("rdmsr" : "=a"(lo), "=d"(hi) : "c"(msr));
	return (uint64_t)hi << 32 | lo;
}

static void wrmsr(uint32_t msr, uint64_t v)
{
	__asm__ volatile("wrmsr" : : "c"(msr), "a"((uint32_t)v), "d"((uint32_t)(v >> 32)));
}

#define MSR(name, number)                          \
	static uint64_t read_##name(void)          \
	{                                          \
		return rdmsr(number);              \
	}
MSR(star, 0xc0000081u)
MSR(lstar, 0xc0000082u)
MSR(sfmask, 0xc0000084u)
MSR(kernel_gs_base, 0xc0000102u)
MSR(tsc_aux, 0xc0000103u)

static uint64_t read_dr0(void)
{
	uint64_t v;

	__asm__ volatile("mov %%dr0, %0" : "=r"(v));
	return v;
}

static const struct reg regs[] = {
	{ "STAR", read_star },   { "LSTAR", read_lstar },     { "SFMASK", read_sfmask },
	{ "KERNEL_GS_BASE", read_kernel_gs_base }, { "TSC_AUX", read_tsc_aux }, { "DR0", read_dr0 },
};

void leftover_plant(void)
{
	/* Canonical addresses and values each MSR accepts without a #GP. */
	wrmsr(0xc0000081u, 0x0023001000000000ull);
	wrmsr(0xc0000082u, 0x1eaf1eaf000ull);
	wrmsr(0xc0000084u, 0x1eafu);
	wrmsr(0xc0000102u, 0x1eaf1eaf000ull);
	wrmsr(0xc0000103u, 0x1eafu);
	__asm__ volatile("mov %0, %%dr0" : : "r"(0x1eaf1eaf000ull));
}

#else
#error "leftover_arch.c: unknown architecture"
#endif

int leftover_find(char *out, size_t size)
{
	int found = 0;
	size_t used = 0;

	out[0] = '\0';
	for (size_t i = 0; i < sizeof(regs) / sizeof(regs[0]); i++) {
		uint64_t v = regs[i].read();

		if (v == 0)
			continue;
		found++;
		if (used < size)
			used += (size_t)snprintf(out + used, size - used, "%s%s=0x%llx",
						 found > 1 ? ", " : "", regs[i].name,
						 (unsigned long long)v);
	}
	return found;
}
