/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Model-specific registers for x86-64 partitions: the x2APIC lives behind
 * them (the runtime's timer and IPIs, and apps that probe the hypervisor's
 * ICR checks). x86-64 only.
 */
#ifndef BULKHEAD_MSR_H
#define BULKHEAD_MSR_H

#include <stdint.h>

static inline uint64_t bulkhead_rdmsr(uint32_t msr)
{
	uint32_t lo, hi;

	__asm__ volatile("rdmsr" : "=a"(lo), "=d"(hi) : "c"(msr));
	return (uint64_t)hi << 32 | lo;
}

static inline void bulkhead_wrmsr(uint32_t msr, uint64_t value)
{
	__asm__ volatile("wrmsr" : : "c"(msr), "a"((uint32_t)value), "d"((uint32_t)(value >> 32))
			 : "memory");
}

#endif
