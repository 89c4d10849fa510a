/* SPDX-License-Identifier: Apache-2.0 */
/*
 * System register access and the bits of the EL2 registers Bulkhead sets.
 * Bit positions from the Arm ARM (ARM DDI 0487), chapter D13 (AArch64
 * system register descriptions).
 */
#ifndef SYSREG_H
#define SYSREG_H

#include <stdint.h>

#define sysreg_read(reg)                                          \
	({                                                        \
		uint64_t _value;                                  \
		__asm__ volatile("mrs %0, " #reg : "=r"(_value)); \
		_value;                                           \
	})

#define sysreg_write(reg, value) \
	__asm__ volatile("msr " #reg ", %0" : : "r"((uint64_t)(value)) : "memory")

#define isb() __asm__ volatile("isb" : : : "memory")
#define dsb(opt) __asm__ volatile("dsb " #opt : : : "memory")

/* HCR_EL2: trap only what isolation needs. */
#define HCR_VM (1ull << 0)    /* stage-2 translation on */
#define HCR_SWIO (1ull << 1)  /* set/way invalidate becomes clean+invalidate */
#define HCR_FMO (1ull << 3)   /* physical FIQ, IRQ, SError go to EL2 */
#define HCR_IMO (1ull << 4)
#define HCR_AMO (1ull << 5)
#define HCR_TSC (1ull << 19)  /* SMC traps: PSCI goes through us */
#define HCR_TIDCP (1ull << 20) /* implementation-defined registers */
#define HCR_TACR (1ull << 21) /* auxiliary control registers */
#define HCR_TSW (1ull << 22)  /* cache maintenance by set/way */
#define HCR_RW (1ull << 31)   /* EL1 is AArch64 */

/* ESR_EL2 exception classes (ARM DDI 0487, D13.2.37). */
#define EC_UNKNOWN 0x00
#define EC_WFX 0x01
#define EC_HVC64 0x16
#define EC_SMC64 0x17
#define EC_SYSREG 0x18
#define EC_IABT_LOWER 0x20
#define EC_DABT_LOWER 0x24

#define ESR_EC(esr) (((esr) >> 26) & 0x3f)
#define ESR_ISS_WNR (1ull << 6)  /* data abort: write not read */
#define ESR_ISS_SF (1ull << 15)  /* data abort: 64-bit register */
#define ESR_ISS_SSE (1ull << 21) /* data abort: sign-extend the load */
#define ESR_ISS_ISV (1ull << 24) /* data abort: the fields above are valid */

#define SPSR_EL1H_MASKED 0x3c5ull /* EL1h, D, A, I, F masked */

#endif
