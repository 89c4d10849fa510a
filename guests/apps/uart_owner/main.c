// SPDX-License-Identifier: Apache-2.0
/*
 * uart_owner: a partition that owns a UART of its own prints on it with the
 * runtime's driver (bulkhead_uart_write()), beside the console every
 * partition shares through the hypervisor. On the console it says which
 * UART it found and how much it wrote there; on the UART itself it counts
 * a few lines. Exit 0 when every line went out, 2 when the Devicetree lists
 * no UART of its own.
 */
#include <stdio.h>
#include <string.h>

#include <bulkhead/guest.h>

#define UART_OWNER_LINES 3
#define UART_OWNER_NO_UART 2

int main(void)
{
	uintptr_t base = 0;
	const char *kind = bulkhead_uart_name(&base);
	long total = 0;
	char line[96];

	if (kind == NULL) {
		printf("uart_owner: my Devicetree lists no UART of my own\n");
		return UART_OWNER_NO_UART;
	}
	printf("uart_owner: my own UART is a %s at 0x%lx\n", kind, (unsigned long)base);
	for (int i = 1; i <= UART_OWNER_LINES; i++) {
		snprintf(line, sizeof(line), "uart_owner: line %d of %d, straight to my %s\n", i,
			 UART_OWNER_LINES, kind);
		long wrote = bulkhead_uart_write(line, strlen(line));

		if (wrote < 0)
			return UART_OWNER_NO_UART;
		total += wrote;
	}
	printf("uart_owner: wrote %d lines (%ld bytes) on it\n", UART_OWNER_LINES, total);
	return 0;
}
