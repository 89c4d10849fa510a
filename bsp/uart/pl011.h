/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Arm PrimeCell UART (PL011), polled transmit only: the hypervisor's console.
 * Knows nothing about boards; the base address comes from the board's
 * Devicetree through the generated config.
 */
#ifndef PL011_H
#define PL011_H

#include <stdint.h>

/* Make sure the UART transmits; keeps the baud rate the firmware chose. */
void pl011_init(uintptr_t base);

/* Wait for room in the transmit FIFO, then send one byte. */
void pl011_putc(uintptr_t base, char c);

#endif
