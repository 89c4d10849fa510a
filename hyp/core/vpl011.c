// SPDX-License-Identifier: Apache-2.0
/*
 * The emulated PL011 (vpl011.h). Offsets and bits: ARM DDI 0183, 3.2-3.3.
 */
#include "vpl011.h"

enum {
	UARTDR = 0x000,
	UARTRSR = 0x004, /* UARTECR on write */
	UARTFR = 0x018,
	UARTILPR = 0x020,
	UARTIBRD = 0x024,
	UARTFBRD = 0x028,
	UARTLCR_H = 0x02c,
	UARTCR = 0x030,
	UARTIFLS = 0x034,
	UARTIMSC = 0x038,
	UARTRIS = 0x03c,
	UARTMIS = 0x040,
	UARTICR = 0x044,
	UARTDMACR = 0x048,
	UARTPERIPHID0 = 0xfe0, /* then PeriphID1-3, PCellID0-3, a word apart */
};

/* UARTFR (3.3.3) */
#define FR_RXFE (1u << 4)
#define FR_TXFF (1u << 5)
#define FR_RXFF (1u << 6)
#define FR_TXFE (1u << 7)

/* UARTRIS/UARTIMSC/UARTICR bits (3.3.12-3.3.15) */
#define INT_RX (1u << 4)
#define INT_TX (1u << 5)
#define INT_RT (1u << 6)
#define INT_OE (1u << 10)
#define INT_ALL 0x7ffu

#define RSR_OE (1u << 3)
#define DR_OE (1u << 11)
#define LCR_H_FEN (1u << 4)
#define CR_RESET 0x300u   /* TXE | RXE, UARTEN clear (3.3.8) */
#define IFLS_RESET 0x12u  /* both FIFO levels at 1/2 (3.3.9) */

/* PeriphID0-3 then PCellID0-3: part 0x011, designer ARM (0x41), revision 1;
 * Linux's amba bus matches the part and designer, and sizes the FIFOs from
 * the revision (below 3: 16 bytes). */
static const uint8_t id_registers[8] = { 0x11, 0x10, 0x14, 0x00, 0x0d, 0xf0, 0x05, 0xb1 };

void vpl011_reset(struct vpl011 *u, const char *name, struct console_line *line)
{
	*u = (struct vpl011){ .name = name, .line = line, .cr = CR_RESET, .ifls = IFLS_RESET };
}

static bool fifos_on(const struct vpl011 *u)
{
	return (u->lcr_h & LCR_H_FEN) != 0;
}

static unsigned rx_depth(const struct vpl011 *u)
{
	return fifos_on(u) ? VPL011_FIFO_DEPTH : 1u;
}

/* The receive trigger level in characters: 1/8, 1/4, 1/2, 3/4 or 7/8 of
 * the FIFO (UARTIFLS RXIFLSEL, 3.3.9; reserved values act as 1/2); a single
 * character when the FIFO is off. */
static unsigned rx_trigger(const struct vpl011 *u)
{
	static const uint8_t eighths[5] = { 1, 2, 4, 6, 7 };
	unsigned sel = (u->ifls >> 3) & 7u;

	if (!fifos_on(u))
		return 1;
	return VPL011_FIFO_DEPTH * (sel < 5 ? eighths[sel] : 4u) / 8u;
}

/* RXRIS follows the FIFO level; RTRIS is set while characters wait
 * (received input comes in bursts, so every burst ends in a timeout) and
 * clears with an empty FIFO (3.4.3). */
static void update_rx_status(struct vpl011 *u)
{
	if (u->rx_count >= rx_trigger(u))
		u->ris |= INT_RX;
	else
		u->ris &= ~INT_RX;
	if (u->rx_count == 0)
		u->ris &= ~INT_RT;
}

static uint32_t read_data(struct vpl011 *u)
{
	uint32_t value;

	if (u->rx_count == 0)
		return 0;
	value = u->rx[u->rx_head];
	u->rx_head = (u->rx_head + 1) % VPL011_FIFO_DEPTH;
	u->rx_count--;
	if ((u->rsr & RSR_OE) != 0) {
		/* The overrun is reported with the next character read (3.3.1). */
		value |= DR_OE;
		u->rsr &= ~RSR_OE;
	}
	update_rx_status(u);
	return value;
}

static uint32_t flags(const struct vpl011 *u)
{
	uint32_t fr = FR_TXFE; /* transmitted at once: never full, always empty */

	if (u->rx_count == 0)
		fr |= FR_RXFE;
	if (u->rx_count >= rx_depth(u))
		fr |= FR_RXFF;
	return fr;
}

static uint32_t read_word(struct vpl011 *u, unsigned offset)
{
	switch (offset) {
	case UARTDR:
		return read_data(u);
	case UARTRSR:
		return u->rsr;
	case UARTFR:
		return flags(u);
	case UARTILPR:
		return u->ilpr;
	case UARTIBRD:
		return u->ibrd;
	case UARTFBRD:
		return u->fbrd;
	case UARTLCR_H:
		return u->lcr_h;
	case UARTCR:
		return u->cr;
	case UARTIFLS:
		return u->ifls;
	case UARTIMSC:
		return u->imsc;
	case UARTRIS:
		return u->ris;
	case UARTMIS:
		return u->ris & u->imsc;
	case UARTDMACR:
		return u->dmacr;
	default:
		if (offset >= UARTPERIPHID0 && offset < UARTPERIPHID0 + 4 * sizeof(id_registers))
			return id_registers[(offset - UARTPERIPHID0) / 4];
		return 0;
	}
}

uint32_t vpl011_read(struct vpl011 *u, unsigned offset, unsigned size)
{
	unsigned shift = 8 * (offset & 3);
	uint32_t value = read_word(u, offset & ~3u) >> shift;

	return size >= 4 ? value : value & ((1u << (8 * size)) - 1);
}

static void transmit(struct vpl011 *u, uint32_t value)
{
	char c = (char)(value & 0xff);

	console_partition_write(u->name, u->line, &c, 1);
	/* The character left at once: the FIFO is back at or below any
	 * transmit trigger level (3.4.3). */
	u->ris |= INT_TX;
}

void vpl011_write(struct vpl011 *u, unsigned offset, unsigned size, uint32_t value)
{
	if (size < 4 && offset != UARTDR)
		/* Sub-word writes are only meaningful to the data register. */
		value <<= 8 * (offset & 3);
	switch (offset & ~3u) {
	case UARTDR:
		transmit(u, value);
		break;
	case UARTRSR: /* UARTECR: any write clears the errors */
		u->rsr = 0;
		break;
	case UARTILPR:
		u->ilpr = value & 0xff;
		break;
	case UARTIBRD:
		u->ibrd = value & 0xffff;
		break;
	case UARTFBRD:
		u->fbrd = value & 0x3f;
		break;
	case UARTLCR_H:
		u->lcr_h = value & 0xff;
		update_rx_status(u);
		break;
	case UARTCR:
		u->cr = value & 0xffff;
		break;
	case UARTIFLS:
		u->ifls = value & 0x3f;
		update_rx_status(u);
		break;
	case UARTIMSC:
		u->imsc = value & INT_ALL;
		break;
	case UARTICR:
		u->ris &= ~(value & INT_ALL);
		break;
	case UARTDMACR:
		u->dmacr = value & 7u;
		break;
	default:
		break; /* read-only or absent: ignored */
	}
}

bool vpl011_receive(struct vpl011 *u, uint8_t c)
{
	if (u->rx_count >= rx_depth(u)) {
		u->rsr |= RSR_OE;
		u->ris |= INT_OE;
		return false;
	}
	u->rx[(u->rx_head + u->rx_count) % VPL011_FIFO_DEPTH] = c;
	u->rx_count++;
	u->ris |= INT_RT;
	update_rx_status(u);
	return true;
}

bool vpl011_irq_level(const struct vpl011 *u)
{
	return (u->ris & u->imsc) != 0;
}
