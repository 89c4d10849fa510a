/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The portable boot sequence, entered on the primary CPU once the arch layer
 * has its own page tables and a console: check the board, print the
 * partition table, load and map every partition, enter this CPU's vCPU.
 */
#ifndef HYP_MAIN_H
#define HYP_MAIN_H

#include <stdnoreturn.h>

/* Print the banner and check the machine against the board (board_check.h);
 * a mismatch ends the run here. fdt: the firmware's Devicetree, mapped
 * readable, or NULL. The arch layer calls this before it touches any
 * device beyond the console. */
void hyp_check_board(const void *fdt);

struct machine_facts;

/* The same, from facts the arch layer gathered itself (x86: the multiboot2
 * memory map and the ACPI MADT). */
void hyp_check_machine(const struct machine_facts *facts);

/* The rest of the boot, after hyp_check_board(). */
noreturn void hyp_main(void);

/* Where every other CPU arrives, once its arch layer is up: run its vCPU. */
noreturn void hyp_secondary_main(unsigned cpu);

#endif
