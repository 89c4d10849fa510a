/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Instructions and architectural register bits the x86-64 backend uses,
 * as inline functions. Bit positions: Intel SDM vol. 3A, 2.5 (control
 * registers) and vol. 4 (MSRs).
 */
#ifndef X86_H
#define X86_H

#include <stdint.h>

#include "msr_access.h" /* rdmsr, wrmsr: shared with bsp/ */

#define CR0_PE (1ull << 0)
#define CR0_MP (1ull << 1)
#define CR0_ET (1ull << 4)
#define CR0_NE (1ull << 5)
#define CR0_WP (1ull << 16)
#define CR0_PG (1ull << 31)
#define CR4_PAE (1ull << 5)
#define CR4_OSFXSR (1ull << 9)
#define CR4_VMXE (1ull << 13)

#define MSR_APIC_BASE 0x1b
#define MSR_FEATURE_CONTROL 0x3a
#define MSR_PAT 0x277
#define MSR_EFER 0xc0000080
#define MSR_FS_BASE 0xc0000100
#define MSR_GS_BASE 0xc0000101

#define EFER_LME (1ull << 8)
#define EFER_LMA (1ull << 10)
#define EFER_NXE (1ull << 11)

#define RFLAGS_IF (1ull << 9)

static inline void cpuid(uint32_t leaf, uint32_t sub, uint32_t r[4])
{
	__asm__ volatile("cpuid" : "=a"(r[0]), "=b"(r[1]), "=c"(r[2]), "=d"(r[3])
			 : "a"(leaf), "c"(sub));
}

#define read_cr(n)                                                 \
	({                                                         \
		uint64_t _value;                                   \
		__asm__ volatile("mov %%cr" #n ", %0" : "=r"(_value)); \
		_value;                                            \
	})

#define write_cr(n, value) \
	__asm__ volatile("mov %0, %%cr" #n : : "r"((uint64_t)(value)) : "memory")

static inline void outb(uint16_t port, uint8_t value)
{
	__asm__ volatile("outb %0, %1" : : "a"(value), "Nd"(port) : "memory");
}

static inline void cpu_relax(void)
{
	__asm__ volatile("pause" : : : "memory");
}

#endif
