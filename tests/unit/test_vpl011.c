// SPDX-License-Identifier: Apache-2.0
/*
 * The emulated PL011: what Linux's amba-pl011 and U-Boot's PL011 drivers
 * rely on (ARM DDI 0183): transmit to the partition's console line, flags,
 * the receive FIFO with its trigger level, timeout and overrun, the masked
 * interrupt line, and the ID registers the AMBA bus probes.
 */
#include <string.h>

#include "unit.h"

#include "vpl011.h"

#define DR 0x000
#define RSR 0x004
#define FR 0x018
#define IBRD 0x024
#define LCR_H 0x02c
#define CR 0x030
#define IFLS 0x034
#define IMSC 0x038
#define RIS 0x03c
#define MIS 0x040
#define ICR 0x044

#define FR_RXFE 0x10u
#define FR_RXFF 0x40u
#define FR_TXFE 0x80u
#define INT_RX 0x10u
#define INT_TX 0x20u
#define INT_RT 0x40u
#define INT_OE 0x400u
#define LCR_H_FEN 0x10u

static struct console_line line;
static struct vpl011 uart;

static int vpl011_setup(void **state)
{
	memset(&line, 0, sizeof(line));
	vpl011_reset(&uart, "linux", &line);
	return unit_setup(state);
}

#define VPL011_TEST(f) cmocka_unit_test_setup(f, vpl011_setup)

static void put(const char *s)
{
	while (*s)
		vpl011_write(&uart, DR, 4, (uint8_t)*s++);
}

static void transmit_goes_to_the_prefixed_console(void **state)
{
	(void)state;
	put("login: ");
	put("root\r\n");
	assert_console("[linux] login: root\n");
	/* Sent at once: the transmit FIFO is empty, never full. */
	assert_int_equal(vpl011_read(&uart, FR, 4) & (FR_TXFE | 0x20u), FR_TXFE);
}

static void transmit_interrupt_after_each_character(void **state)
{
	(void)state;
	assert_int_equal(vpl011_read(&uart, RIS, 4) & INT_TX, 0);
	vpl011_write(&uart, IMSC, 4, INT_TX);
	assert_false(vpl011_irq_level(&uart));
	put("x");
	assert_true(vpl011_irq_level(&uart));
	assert_int_equal(vpl011_read(&uart, MIS, 4), INT_TX);
	vpl011_write(&uart, ICR, 4, INT_TX);
	assert_false(vpl011_irq_level(&uart));
	/* Masked, the status still shows in RIS but not on the line. */
	put("y");
	vpl011_write(&uart, IMSC, 4, 0);
	assert_int_equal(vpl011_read(&uart, RIS, 4) & INT_TX, INT_TX);
	assert_false(vpl011_irq_level(&uart));
}

static void receive_fifo_in_order_with_flags(void **state)
{
	(void)state;
	vpl011_write(&uart, LCR_H, 4, LCR_H_FEN);
	assert_int_equal(vpl011_read(&uart, FR, 4) & FR_RXFE, FR_RXFE);
	assert_true(vpl011_receive(&uart, 'l'));
	assert_true(vpl011_receive(&uart, 's'));
	assert_int_equal(vpl011_read(&uart, FR, 4) & (FR_RXFE | FR_RXFF), 0);
	assert_int_equal(vpl011_read(&uart, DR, 4), 'l');
	assert_int_equal(vpl011_read(&uart, DR, 4), 's');
	assert_int_equal(vpl011_read(&uart, FR, 4) & FR_RXFE, FR_RXFE);
}

static void receive_level_interrupt_at_the_trigger(void **state)
{
	(void)state;
	/* FIFOs on, RXIFLSEL = 1/4 of 16: the level interrupt at 4 characters. */
	vpl011_write(&uart, LCR_H, 4, LCR_H_FEN);
	vpl011_write(&uart, IFLS, 4, 1u << 3);
	vpl011_write(&uart, IMSC, 4, INT_RX);
	for (int i = 0; i < 3; i++)
		vpl011_receive(&uart, 'a');
	assert_false(vpl011_irq_level(&uart));
	vpl011_receive(&uart, 'a');
	assert_true(vpl011_irq_level(&uart));
	/* Reading below the trigger clears it (no ICR needed). */
	vpl011_read(&uart, DR, 4);
	assert_false(vpl011_irq_level(&uart));
}

static void receive_timeout_until_the_fifo_is_empty(void **state)
{
	(void)state;
	vpl011_write(&uart, LCR_H, 4, LCR_H_FEN);
	vpl011_write(&uart, IMSC, 4, INT_RT);
	vpl011_receive(&uart, 'q');
	assert_true(vpl011_irq_level(&uart));
	vpl011_read(&uart, DR, 4);
	assert_false(vpl011_irq_level(&uart));
	assert_int_equal(vpl011_read(&uart, RIS, 4) & INT_RT, 0);
}

static void fifo_off_holds_one_character(void **state)
{
	(void)state;
	vpl011_write(&uart, IMSC, 4, INT_RX);
	assert_true(vpl011_receive(&uart, '1'));
	assert_true(vpl011_irq_level(&uart));
	assert_int_equal(vpl011_read(&uart, FR, 4) & FR_RXFF, FR_RXFF);
	assert_false(vpl011_receive(&uart, '2'));
	assert_int_equal(vpl011_read(&uart, DR, 4) & 0xff, '1');
}

static void overrun_reported_with_next_character(void **state)
{
	(void)state;
	vpl011_write(&uart, LCR_H, 4, LCR_H_FEN);
	for (unsigned i = 0; i < VPL011_FIFO_DEPTH; i++)
		assert_true(vpl011_receive(&uart, (uint8_t)('a' + i)));
	assert_int_equal(vpl011_read(&uart, FR, 4) & FR_RXFF, FR_RXFF);
	assert_false(vpl011_receive(&uart, '!'));
	assert_int_equal(vpl011_read(&uart, RIS, 4) & INT_OE, INT_OE);
	assert_int_equal(vpl011_read(&uart, RSR, 4), 0x8u);
	assert_int_equal(vpl011_read(&uart, DR, 4), 0x800u | 'a');
	assert_int_equal(vpl011_read(&uart, DR, 4), 'b');
	for (unsigned i = 2; i < VPL011_FIFO_DEPTH; i++)
		assert_int_equal(vpl011_read(&uart, DR, 4), 'a' + i);
	/* Empty: a read returns 0 and sets nothing. */
	assert_int_equal(vpl011_read(&uart, DR, 4), 0);
}

static void control_registers_read_back(void **state)
{
	(void)state;
	assert_int_equal(vpl011_read(&uart, CR, 4), 0x300u);
	assert_int_equal(vpl011_read(&uart, IFLS, 4), 0x12u);
	vpl011_write(&uart, IBRD, 4, 0x1a);
	vpl011_write(&uart, CR, 4, 0x301);
	vpl011_write(&uart, LCR_H, 4, 0x70);
	assert_int_equal(vpl011_read(&uart, IBRD, 4), 0x1a);
	assert_int_equal(vpl011_read(&uart, CR, 4), 0x301);
	assert_int_equal(vpl011_read(&uart, LCR_H, 4), 0x70);
	/* A byte read of the second byte of UARTCR. */
	assert_int_equal(vpl011_read(&uart, CR + 1, 1), 0x03);
}

static void id_registers_name_an_arm_pl011(void **state)
{
	(void)state;
	static const uint32_t ids[8] = { 0x11, 0x10, 0x14, 0x00, 0x0d, 0xf0, 0x05, 0xb1 };

	for (unsigned i = 0; i < 8; i++)
		assert_int_equal(vpl011_read(&uart, 0xfe0 + 4 * i, 4), ids[i]);
	/* Unmodelled and reserved offsets read as zero and ignore writes. */
	vpl011_write(&uart, 0x800, 4, 0xffffffffu);
	assert_int_equal(vpl011_read(&uart, 0x800, 4), 0);
	assert_int_equal(vpl011_read(&uart, 0x014, 4), 0);
}

static const struct CMUnitTest tests[] = {
	VPL011_TEST(transmit_goes_to_the_prefixed_console),
	VPL011_TEST(transmit_interrupt_after_each_character),
	VPL011_TEST(receive_fifo_in_order_with_flags),
	VPL011_TEST(receive_level_interrupt_at_the_trigger),
	VPL011_TEST(receive_timeout_until_the_fifo_is_empty),
	VPL011_TEST(fifo_off_holds_one_character),
	VPL011_TEST(overrun_reported_with_next_character),
	VPL011_TEST(control_registers_read_back),
	VPL011_TEST(id_registers_name_an_arm_pl011),
};

UNIT_MAIN("vpl011", tests)
