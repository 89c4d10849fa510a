/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The 16550 UART reached through x86 I/O ports (a PC's COM1 at 0x3f8): just
 * enough to print, polled, 8N1, no FIFO interrupts. The board says which
 * port base; the driver knows nothing about boards. Register map: the
 * National Semiconductor PC16550D data sheet, section 8.
 */
#ifndef NS16550_H
#define NS16550_H

#include <stdint.h>

/* 8 data bits, no parity, 1 stop bit, FIFOs on, interrupts off, and the
 * divisor for `baud` from the PC's 1.8432 MHz clock. */
void ns16550_init(uint16_t port, unsigned baud);

/* Wait for room in the transmitter, then send one byte. */
void ns16550_putc(uint16_t port, char c);

/* Wait until every byte sent so far has left the shift register. */
void ns16550_flush(uint16_t port);

#endif
