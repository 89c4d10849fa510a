/* SPDX-License-Identifier: Apache-2.0 */
/*
 * An SMC with x0..x5, for the apps that attack or fuzz the hypervisor's
 * SMC path (HCR_EL2.TSC traps it; the runtime's own calls use HVC or the
 * Devicetree's PSCI conduit). Returns x0. SMCCC (ARM DEN 0028) lets the
 * callee change x0-x17.
 */
#ifndef APPS_COMMON_SMC_H
#define APPS_COMMON_SMC_H

#include <stdint.h>

static inline int64_t app_smc(uint64_t x0, uint64_t x1, uint64_t x2, uint64_t x3, uint64_t x4,
			      uint64_t x5)
{
	register uint64_t r0 __asm__("x0") = x0;
	register uint64_t r1 __asm__("x1") = x1;
	register uint64_t r2 __asm__("x2") = x2;
	register uint64_t r3 __asm__("x3") = x3;
	register uint64_t r4 __asm__("x4") = x4;
	register uint64_t r5 __asm__("x5") = x5;

	__asm__ volatile("smc #0" : "+r"(r0), "+r"(r1), "+r"(r2), "+r"(r3), "+r"(r4), "+r"(r5)
			 : : "x6", "x7", "x8", "x9", "x10", "x11", "x12", "x13", "x14", "x15",
			     "x16", "x17", "memory");
	return (int64_t)r0;
}

#endif
