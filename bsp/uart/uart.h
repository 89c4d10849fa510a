/* SPDX-License-Identifier: Apache-2.0 */
/*
 * A memory-mapped UART as the hypervisor's console, polled transmit only,
 * whatever its kind: a board links one implementation (board.toml `bsp`:
 * uart/pl011 or uart/cadence). Knows nothing about boards; the base address
 * comes from the board's Devicetree through the generated config.
 */
#ifndef UART_H
#define UART_H

#include <stdint.h>

/* Make sure the UART transmits; keeps the baud rate the firmware chose. */
void uart_init(uintptr_t base);

/* Wait for room in the transmit FIFO, then send one byte. */
void uart_putc(uintptr_t base, char c);

#endif
