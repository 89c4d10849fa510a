// SPDX-License-Identifier: Apache-2.0
/*
 * Arm PrimeCell UART (PL011) as the console (interface: uart.h). Register
 * offsets and bits from the PL011 Technical Reference Manual (ARM DDI 0183),
 * section 3.
 */
#include "uart.h"

#define PL011_DR 0x000
#define PL011_FR 0x018
#define PL011_CR 0x030

#define PL011_FR_TXFF (1u << 5)
#define PL011_CR_UARTEN (1u << 0)
#define PL011_CR_TXE (1u << 8)

static inline uint32_t reg_read(uintptr_t base, uintptr_t off)
{
	return *(volatile uint32_t *)(base + off);
}

static inline void reg_write(uintptr_t base, uintptr_t off, uint32_t value)
{
	*(volatile uint32_t *)(base + off) = value;
}

void uart_init(uintptr_t base)
{
	uint32_t cr = reg_read(base, PL011_CR);

	if ((cr & (PL011_CR_UARTEN | PL011_CR_TXE)) != (PL011_CR_UARTEN | PL011_CR_TXE))
		reg_write(base, PL011_CR, cr | PL011_CR_UARTEN | PL011_CR_TXE);
}

void uart_putc(uintptr_t base, char c)
{
	while ((reg_read(base, PL011_FR) & PL011_FR_TXFF) != 0)
		;
	reg_write(base, PL011_DR, (uint32_t)(unsigned char)c);
}
