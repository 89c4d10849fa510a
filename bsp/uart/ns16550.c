// SPDX-License-Identifier: Apache-2.0
/*
 * 16550 UART on x86 I/O ports (see ns16550.h).
 */
#include "ns16550.h"

#define REG_THR 0 /* transmit holding (DLAB=0) */
#define REG_DLL 0 /* divisor latch low (DLAB=1) */
#define REG_IER 1 /* interrupt enable (DLAB=0) */
#define REG_DLM 1 /* divisor latch high (DLAB=1) */
#define REG_FCR 2 /* FIFO control */
#define REG_LCR 3 /* line control */
#define REG_MCR 4 /* modem control */
#define REG_LSR 5 /* line status */

#define LCR_8N1 0x03
#define LCR_DLAB 0x80
#define FCR_ENABLE_CLEAR 0x07
#define MCR_DTR_RTS 0x03
#define LSR_THRE 0x20 /* room in the transmit holding register */
#define LSR_TEMT 0x40 /* transmitter empty */

#define UART_CLOCK 1843200u

static inline void outb(uint16_t port, uint8_t value)
{
	__asm__ volatile("outb %0, %1" : : "a"(value), "Nd"(port) : "memory");
}

static inline uint8_t inb(uint16_t port)
{
	uint8_t value;

	__asm__ volatile("inb %1, %0" : "=a"(value) : "Nd"(port) : "memory");
	return value;
}

void ns16550_init(uint16_t port, unsigned baud)
{
	unsigned divisor = UART_CLOCK / (16u * baud);

	outb(port + REG_IER, 0);
	outb(port + REG_LCR, LCR_DLAB);
	outb(port + REG_DLL, (uint8_t)divisor);
	outb(port + REG_DLM, (uint8_t)(divisor >> 8));
	outb(port + REG_LCR, LCR_8N1);
	outb(port + REG_FCR, FCR_ENABLE_CLEAR);
	outb(port + REG_MCR, MCR_DTR_RTS);
}

void ns16550_putc(uint16_t port, char c)
{
	while ((inb(port + REG_LSR) & LSR_THRE) == 0)
		;
	outb(port + REG_THR, (uint8_t)c);
}

void ns16550_flush(uint16_t port)
{
	while ((inb(port + REG_LSR) & LSR_TEMT) == 0)
		;
}
