/* SPDX-License-Identifier: Apache-2.0 */
/*
 * x86-64 model-specific register access (RDMSR, WRMSR: Intel SDM vol. 2B),
 * for the drivers under bsp/ and the VT-x backend alike. Ring 0 only.
 */
#ifndef MSR_ACCESS_H
#define MSR_ACCESS_H

#include <stdint.h>

static inline uint64_t rdmsr(uint32_t msr)
{
	uint32_t lo, hi;

	__asm__ volatile("rdmsr" : "=a"(lo), "=d"(hi) : "c"(msr));
	return (uint64_t)hi << 32 | lo;
}

static inline void wrmsr(uint32_t msr, uint64_t value)
{
	__asm__ volatile("wrmsr" : : "c"(msr), "a"((uint32_t)value), "d"((uint32_t)(value >> 32))
			 : "memory");
}

#endif
