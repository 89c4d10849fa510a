/* SPDX-License-Identifier: Apache-2.0 */
/*
 * An emulated PL011 UART for stock guests (console = "uart"): the registers
 * and the interrupt that Linux's amba-pl011 and U-Boot's PL011 drivers use.
 * Register map and bits: ARM PrimeCell UART (PL011) Technical Reference
 * Manual, DDI 0183, chapter 3.
 *
 * What is modelled: data (transmit goes to the partition's console line at
 * once, so the transmit FIFO is always empty), flags, the control, line
 * control, baud divisor and FIFO level registers (stored and read back),
 * the 16-entry receive FIFO with its level and timeout interrupts and
 * overrun, interrupt mask/raw/masked status and clear, and the peripheral
 * and PrimeCell ID registers (revision r1, 16-byte FIFOs, as QEMU's model
 * reports). Not modelled: modem lines, break, DMA, IrDA; those registers
 * read as zero and ignore writes.
 *
 * Portable: the arch layer decodes the trapped access and, after each one,
 * sets the partition's virtual interrupt line to vpl011_irq_level().
 */
#ifndef VPL011_H
#define VPL011_H

#include <stdbool.h>
#include <stdint.h>

#include "console.h"

#define VPL011_FIFO_DEPTH 16u
#define VPL011_SIZE 0x1000u /* one page of registers */

struct vpl011 {
	const char *name;          /* the console prefix of the partition */
	struct console_line *line; /* where transmitted characters go */
	uint8_t rx[VPL011_FIFO_DEPTH];
	unsigned rx_head, rx_count;
	uint32_t ris, imsc;        /* raw interrupt status and mask */
	uint32_t rsr;              /* receive status (overrun) */
	uint32_t cr, lcr_h, ibrd, fbrd, ifls, ilpr, dmacr;
};

/* Reset state (TRM 3.2): enabled for transmit and receive, FIFOs off, the
 * FIFO levels at one half, every interrupt masked and clear. */
void vpl011_reset(struct vpl011 *u, const char *name, struct console_line *line);

/* A read of `size` bytes (1, 2 or 4) at `offset` into the register page. */
uint32_t vpl011_read(struct vpl011 *u, unsigned offset, unsigned size);

/* A write of `value`; `size` bytes at `offset`. */
void vpl011_write(struct vpl011 *u, unsigned offset, unsigned size, uint32_t value);

/* Offer one received character; false (and an overrun recorded) when the
 * receive FIFO is full. */
bool vpl011_receive(struct vpl011 *u, uint8_t c);

/* The UART's combined interrupt line (UARTINTR): any masked status set. */
bool vpl011_irq_level(const struct vpl011 *u);

#endif
