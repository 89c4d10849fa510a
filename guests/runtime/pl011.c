// SPDX-License-Identifier: Apache-2.0
/*
 * Polled PL011 output for native boots (ARM DDI 0183, "PrimeCell UART
 * (PL011) Technical Reference Manual"). The firmware or emulator has set the
 * baud rate; the runtime only makes sure the transmitter is on and writes
 * bytes when the FIFO has room. No interrupts: the runtime runs masked.
 */
#include "runtime.h"

#define PL011_DR   0x00
#define PL011_FR   0x18
#define PL011_CR   0x30

#define PL011_FR_TXFF   (1u << 5)  /* transmit FIFO full */
#define PL011_CR_UARTEN (1u << 0)
#define PL011_CR_TXE    (1u << 8)

static inline volatile uint32_t *pl011_reg(uintptr_t base, uintptr_t offset)
{
	return (volatile uint32_t *)(base + offset);
}

void pl011_init(uintptr_t base)
{
	uint32_t cr = *pl011_reg(base, PL011_CR);

	/* Real hardware may come out of reset with the UART off; QEMU does not care. */
	if ((cr & (PL011_CR_UARTEN | PL011_CR_TXE)) != (PL011_CR_UARTEN | PL011_CR_TXE))
		*pl011_reg(base, PL011_CR) = cr | PL011_CR_UARTEN | PL011_CR_TXE;
}

static void pl011_putc(uintptr_t base, char c)
{
	while (*pl011_reg(base, PL011_FR) & PL011_FR_TXFF)
		;
	*pl011_reg(base, PL011_DR) = (uint8_t)c;
}

/*
 * A serial line wants "\r\n": a terminal that QEMU's -nographic puts in raw
 * mode would otherwise print a staircase. The hypervisor's console does its
 * own line handling, so only this path adds the "\r".
 */
void pl011_write(uintptr_t base, const char *buf, size_t len)
{
	for (size_t i = 0; i < len; i++) {
		if (buf[i] == '\n')
			pl011_putc(base, '\r');
		pl011_putc(base, buf[i]);
	}
}
