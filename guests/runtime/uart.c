// SPDX-License-Identifier: Apache-2.0
/*
 * bulkhead_uart_write(): output on a UART the program owns, with the
 * runtime's own driver for it, chosen by the compatible its Devicetree
 * gives (under Bulkhead: a UART device assigned to the partition). This is
 * not the console: under Bulkhead the console is the hypervisor's, shared
 * by every partition; this line belongs to the program alone.
 */
#include <stddef.h>

#include <bulkhead/guest.h>

#include "runtime.h"

static const struct uart_kind {
	const char *compatible;
	void (*init)(uintptr_t base);
	void (*write)(uintptr_t base, const char *buf, size_t len);
} uart_kinds[] = {
	{ "arm,pl011", pl011_init, pl011_write },
	{ "cdns,uart-r1p12", cadence_init, cadence_write },
};

/* Found and initialised on first use (any CPU; the same answer each time). */
static const struct uart_kind *uart_kind;
static uintptr_t uart_base;

static bool uart_find(void)
{
	uint64_t size;

	if (__atomic_load_n(&uart_kind, __ATOMIC_ACQUIRE) != NULL)
		return true;
	for (size_t i = 0; i < sizeof(uart_kinds) / sizeof(uart_kinds[0]); i++) {
		uintptr_t base;

		/* Natively the first PL011 is the console: not this program's own line. */
		if (devtree_device(runtime.fdt, uart_kinds[i].compatible, &base, &size) != 0 ||
		    base == runtime.pl011_base)
			continue;
		uart_kinds[i].init(base);
		uart_base = base;
		__atomic_store_n(&uart_kind, &uart_kinds[i], __ATOMIC_RELEASE);
		return true;
	}
	return false;
}

long bulkhead_uart_write(const char *buf, size_t len)
{
	if (!uart_find())
		return -1;
	uart_kind->write(uart_base, buf, len);
	return (long)len;
}

const char *bulkhead_uart_name(uintptr_t *base)
{
	if (!uart_find())
		return NULL;
	if (base != NULL)
		*base = uart_base;
	return uart_kind->compatible;
}
