// SPDX-License-Identifier: Apache-2.0
/*
 * Single-instruction attacks (see hostile.h). Encodings and exception
 * behaviour: ARM DDI 0487 (C6 for the instructions, D1.10 for exception
 * entry, D1.11.4 for an illegal exception return, D13.2.37 for ESR).
 */
#include <stdint.h>

#include "hostile.h"

uint64_t probe(enum probe_form form, uint64_t address)
{
	uint64_t value = 0, a = address, sctlr;

	__asm__ volatile("dsb sy" ::: "memory"); /* the journal entry is out first */
	switch (form) {
	case PROBE_READ:
		__asm__ volatile("ldr %0, [%1]" : "=r"(value) : "r"(a) : "memory");
		break;
	case PROBE_WRITE:
		__asm__ volatile("str %0, [%1]" : : "r"(0x4841434b4544ull), "r"(a) : "memory");
		break;
	case PROBE_READ_PHYS:
		/* Stage 1 off for one load: the address goes to stage 2 as it is,
		 * whatever the runtime's identity map covers. No memory is touched
		 * between the two SCTLR writes but the probe itself. */
		__asm__ volatile("mrs %1, sctlr_el1\n"
				 "bic x9, %1, #1\n"
				 "msr sctlr_el1, x9\n"
				 "isb\n"
				 "ldr %0, [%2]\n"
				 "msr sctlr_el1, %1\n"
				 "isb"
				 : "=&r"(value), "=&r"(sctlr) : "r"(a) : "x9", "memory");
		break;
	case PROBE_LDP: {
		uint64_t second;

		__asm__ volatile("ldp %0, %1, [%2]" : "=&r"(value), "=&r"(second) : "r"(a) : "memory");
		break;
	}
	case PROBE_STP:
		__asm__ volatile("stp xzr, xzr, [%0]" : : "r"(a) : "memory");
		break;
	case PROBE_STR_POST:
		__asm__ volatile("str wzr, [%0], #4" : "+r"(a) : : "memory");
		break;
	case PROBE_LDR_PRE:
		__asm__ volatile("ldr %w0, [%1, #4]!" : "=r"(value), "+r"(a) : : "memory");
		break;
	case PROBE_LDXR:
		__asm__ volatile("ldxr %w0, [%1]\nclrex" : "=r"(value) : "r"(a) : "memory");
		break;
	case PROBE_LD1_SIMD:
		__asm__ volatile("ld1 {v0.4s}, [%0]" : : "r"(a) : "v0", "memory");
		break;
	case PROBE_MRS_CPUACTLR:
		__asm__ volatile("mrs %0, s3_1_c15_c2_0" : "=r"(value));
		break;
	case PROBE_MSR_CPUACTLR:
		__asm__ volatile("msr s3_1_c15_c2_0, %0" : : "r"(address));
		break;
	case PROBE_MRS_ACTLR:
		__asm__ volatile("mrs %0, actlr_el1" : "=r"(value));
		break;
	}
	return value;
}

const char *probe_form_name(enum probe_form form)
{
	static const char *const names[] = {
		[PROBE_READ] = "ldr", [PROBE_WRITE] = "str", [PROBE_READ_PHYS] = "ldr(mmu-off)",
		[PROBE_LDP] = "ldp", [PROBE_STP] = "stp", [PROBE_STR_POST] = "str-post-index",
		[PROBE_LDR_PRE] = "ldr-pre-index", [PROBE_LDXR] = "ldxr",
		[PROBE_LD1_SIMD] = "ld1-simd", [PROBE_MRS_CPUACTLR] = "mrs-cpuactlr_el1",
		[PROBE_MSR_CPUACTLR] = "msr-cpuactlr_el1", [PROBE_MRS_ACTLR] = "mrs-actlr_el1",
	};

	return (unsigned)form < sizeof(names) / sizeof(names[0]) ? names[form] : "?";
}

/* ---- EL1 exceptions caught in place ------------------------------------ */

volatile uint64_t el1_caught_esr;

/*
 * Sixteen entries of 0x80 bytes (VBAR_EL1 needs 2 KiB alignment). Each
 * records ESR_EL1 (the first one only), steps ELR_EL1 over the instruction
 * and clears SPSR_EL1.IL (an illegal exception return sets it: returning
 * with it set would fault again at once), then returns. Interrupts stay
 * masked while these vectors are installed, so only synchronous exceptions
 * arrive.
 */
__asm__(".pushsection .text.hostile_vectors, \"ax\"\n"
	".balign 2048\n"
	"hostile_vectors:\n"
	".rept 16\n"
	".balign 128\n"
	"stp x0, x1, [sp, #-16]!\n"
	"b hostile_catch\n"
	".endr\n"
	"hostile_catch:\n"
	"adrp x1, el1_caught_esr\n"
	"ldr x0, [x1, :lo12:el1_caught_esr]\n"
	"cbnz x0, 1f\n"
	"mrs x0, esr_el1\n"
	"str x0, [x1, :lo12:el1_caught_esr]\n"
	"1: mrs x0, elr_el1\n"
	"add x0, x0, #4\n"
	"msr elr_el1, x0\n"
	"mrs x0, spsr_el1\n"
	"bic x0, x0, #(1 << 20)\n"
	"msr spsr_el1, x0\n"
	"ldp x0, x1, [sp], #16\n"
	"eret\n"
	".popsection\n");

extern char hostile_vectors[];

uint64_t el1_catch(void (*fn)(void *arg), void *arg)
{
	uint64_t old;

	el1_caught_esr = 0;
	__asm__ volatile("mrs %0, vbar_el1\n"
			 "msr vbar_el1, %1\n"
			 "isb" : "=&r"(old) : "r"(hostile_vectors) : "memory");
	fn(arg);
	__asm__ volatile("msr vbar_el1, %0\nisb" : : "r"(old) : "memory");
	return el1_caught_esr;
}

void try_mrs_hcr_el2(void *arg)
{
	uint64_t v;

	(void)arg;
	__asm__ volatile("mrs %0, hcr_el2" : "=r"(v));
}

void try_msr_hcr_el2(void *arg)
{
	(void)arg;
	__asm__ volatile("msr hcr_el2, %0" : : "r"(0ull));
}

void try_msr_vttbr_el2(void *arg)
{
	(void)arg;
	__asm__ volatile("msr vttbr_el2, %0" : : "r"(0ull));
}

void try_mrs_vbar_el2(void *arg)
{
	uint64_t v;

	(void)arg;
	__asm__ volatile("mrs %0, vbar_el2" : "=r"(v));
}

void try_msr_cntvoff_el2(void *arg)
{
	(void)arg;
	__asm__ volatile("msr cntvoff_el2, %0" : : "r"(0ull));
}

/* ERET to EL2h (SPSR.M = 0b1001) from EL1: an illegal exception return
 * (D1.11.4), which sets PSTATE.IL; the next instruction then takes an
 * Illegal Execution state exception at EL1. */
void try_eret_to_el2(void *arg)
{
	(void)arg;
	__asm__ volatile("mrs x9, spsr_el1\n"
			 "mrs x10, elr_el1\n"
			 "mov x11, #0x3c9\n"
			 "msr spsr_el1, x11\n"
			 "adr x11, 1f\n"
			 "msr elr_el1, x11\n"
			 "eret\n"
			 "1: nop\n"
			 "nop\n"
			 "msr spsr_el1, x9\n"
			 "msr elr_el1, x10\n"
			 : : : "x9", "x10", "x11", "memory");
}

void try_semihost_write0(void *arg)
{
	register uint64_t x0 __asm__("x0") = 0x04; /* SYS_WRITE0 */
	register void *x1 __asm__("x1") = arg;

	__asm__ volatile("hlt #0xf000" : "+r"(x0) : "r"(x1) : "memory");
}

void try_semihost_exit(void *arg)
{
	static const uint64_t block[2] = { 0x20026, 0 }; /* ADP_Stopped_ApplicationExit, 0 */
	register uint64_t x0 __asm__("x0") = 0x18;       /* SYS_EXIT */
	register const void *x1 __asm__("x1") = block;

	(void)arg;
	__asm__ volatile("hlt #0xf000" : "+r"(x0) : "r"(x1) : "memory");
}

unsigned long set_way_sweep(void)
{
	uint64_t clidr, ccsidr;
	unsigned long issued = 0;

	__asm__ volatile("mrs %0, clidr_el1" : "=r"(clidr));
	for (unsigned level = 0; level < 7; level++) {
		unsigned type = (unsigned)(clidr >> (3 * level)) & 7;

		if (type < 2)   /* no cache, or instruction only */
			continue;
		__asm__ volatile("msr csselr_el1, %1\nisb\nmrs %0, ccsidr_el1"
				 : "=r"(ccsidr) : "r"((uint64_t)level << 1) : "memory");
		unsigned line_shift = (unsigned)(ccsidr & 7) + 4;
		unsigned ways = (unsigned)((ccsidr >> 3) & 0x3ff) + 1;
		unsigned sets = (unsigned)((ccsidr >> 13) & 0x7fff) + 1;
		unsigned way_shift = (unsigned)__builtin_clz(ways - 1 > 0 ? ways - 1 : 1);

		if (ways == 1)
			way_shift = 32;
		for (unsigned way = 0; way < ways; way++)
			for (unsigned set = 0; set < sets; set++) {
				uint64_t sw = ((uint64_t)way << way_shift & 0xffffffffull) |
					      ((uint64_t)set << line_shift) | (level << 1);

				__asm__ volatile("dc isw, %0\n"
						 "dc csw, %0\n"
						 "dc cisw, %0" : : "r"(sw) : "memory");
				issued += 3;
			}
	}
	__asm__ volatile("dsb sy" ::: "memory");
	return issued;
}
