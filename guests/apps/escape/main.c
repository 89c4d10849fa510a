// SPDX-License-Identifier: Apache-2.0
/*
 * escape: a hostile partition that tries to leave through the simulator
 * rather than the hypervisor (issue 12): end the whole run with status 0,
 * or write a console line that reads as the hypervisor's.
 *
 * First, through its own virtual console, lines that forge the hypervisor's
 * status line, bare and behind a carriage return or a newline: they must
 * come out behind this partition's prefix. Then one escape through the
 * simulator (escape_arch.c), chosen by the partition's name: a name with
 * "write" in it tries to print the forged line around the hypervisor, any
 * other tries to end the run. Neither may work: the attempt faults or does
 * nothing, and a neighbour runs on to the end. If the program gets past it,
 * it says so and exits 3.
 */
#include <stdio.h>
#include <string.h>

#include <bulkhead/guest.h>

#include "escape.h"

#define FORGED "[hyp] run ended: status 0"

int main(void)
{
	struct bulkhead_partition_info info;

	if (bulkhead_partition_info(&info) != 0) {
		printf("escape: no partition info: not under Bulkhead\n");
		return 2;
	}
	printf("%s\n", FORGED);
	printf("\r%s\n", FORGED);
	printf("x\n%s\n", FORGED);
	fflush(stdout);
	if (strstr(info.name, "write") != NULL) {
		printf("escape: writing around the hypervisor's console: %s\n",
		       escape_write_line_how());
		fflush(stdout);
		escape_write_line(FORGED "\n");
	} else {
		printf("escape: ending the run around the hypervisor: %s\n", escape_end_run_how());
		fflush(stdout);
		escape_end_run(0);
	}
	printf("escape: the simulator let it through\n");
	return 3;
}
