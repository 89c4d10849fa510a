// SPDX-License-Identifier: Apache-2.0
/*
 * Polled output on a Cadence UART ("cdns,uart-r1p12", the Zynq UltraScale+
 * UART; UG1085 chapter 21 and its register reference: Control at 0x00,
 * Channel_sts at 0x2c, TX_RX_FIFO at 0x30). The firmware or emulator has
 * set the baud rate; after reset the transmitter is disabled (Control
 * TXDIS set), so cadence_init() enables it before anything is written.
 */
#include "runtime.h"

#define CADENCE_CONTROL     0x00
#define CADENCE_CHANNEL_STS 0x2c
#define CADENCE_FIFO        0x30

#define CADENCE_CONTROL_RXEN  (1u << 2)
#define CADENCE_CONTROL_RXDIS (1u << 3)
#define CADENCE_CONTROL_TXEN  (1u << 4)
#define CADENCE_CONTROL_TXDIS (1u << 5)
#define CADENCE_STS_TFUL      (1u << 4)  /* transmit FIFO full */

static inline volatile uint32_t *cadence_reg(uintptr_t base, uintptr_t offset)
{
	return (volatile uint32_t *)(base + offset);
}

void cadence_init(uintptr_t base)
{
	uint32_t cr = *cadence_reg(base, CADENCE_CONTROL);
	uint32_t want = (cr & ~(CADENCE_CONTROL_TXDIS | CADENCE_CONTROL_RXDIS)) |
			CADENCE_CONTROL_TXEN | CADENCE_CONTROL_RXEN;

	if (cr != want)
		*cadence_reg(base, CADENCE_CONTROL) = want;
}

static void cadence_putc(uintptr_t base, char c)
{
	while (*cadence_reg(base, CADENCE_CHANNEL_STS) & CADENCE_STS_TFUL)
		;
	*cadence_reg(base, CADENCE_FIFO) = (uint8_t)c;
}

/* "\r\n" on the line, as pl011_write() does. */
void cadence_write(uintptr_t base, const char *buf, size_t len)
{
	for (size_t i = 0; i < len; i++) {
		if (buf[i] == '\n')
			cadence_putc(base, '\r');
		cadence_putc(base, buf[i]);
	}
}
