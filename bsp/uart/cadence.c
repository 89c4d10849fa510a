// SPDX-License-Identifier: Apache-2.0
/*
 * Cadence UART (Xilinx "UART PS", cdns,uart-r1p12) as the console
 * (interface: uart.h). Registers from the Zynq UltraScale+ Device TRM
 * (UG1085), chapter 21 "UART Controller", and its register reference
 * (UART module: Control, Channel_sts, TX_RX_FIFO).
 *
 * The transmitter sends nothing until the control register enables it
 * (TXEN set, TXDIS clear): after reset both TXDIS and RXDIS are set
 * (Control reset value 0x128), so a console left unconfigured by the
 * firmware, as in QEMU's model booted with -kernel, stays silent without
 * uart_init(). The baud rate and frame format the firmware chose are kept.
 */
#include "uart.h"

#define CDNS_CONTROL 0x00     /* Control (XUARTPS_CR) */
#define CDNS_CHANNEL_STS 0x2c /* Channel status (XUARTPS_SR) */
#define CDNS_TX_RX_FIFO 0x30  /* Transmit and receive FIFO */

#define CDNS_CONTROL_RXEN (1u << 2)
#define CDNS_CONTROL_RXDIS (1u << 3)
#define CDNS_CONTROL_TXEN (1u << 4)
#define CDNS_CONTROL_TXDIS (1u << 5)
#define CDNS_CHANNEL_STS_TFUL (1u << 4) /* transmit FIFO full */

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
	uint32_t cr = reg_read(base, CDNS_CONTROL);
	uint32_t want = (cr & ~(CDNS_CONTROL_TXDIS | CDNS_CONTROL_RXDIS)) | CDNS_CONTROL_TXEN |
			CDNS_CONTROL_RXEN;

	if (cr != want)
		reg_write(base, CDNS_CONTROL, want);
}

void uart_putc(uintptr_t base, char c)
{
	while ((reg_read(base, CDNS_CHANNEL_STS) & CDNS_CHANNEL_STS_TFUL) != 0)
		;
	reg_write(base, CDNS_TX_RX_FIFO, (uint32_t)(unsigned char)c);
}
