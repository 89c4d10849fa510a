/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The portable boot sequence, entered on the primary CPU once the arch layer
 * has its own page tables and a console: check the board, print the
 * partition table, load and map every partition, enter this CPU's vCPU.
 */
#ifndef HYP_MAIN_H
#define HYP_MAIN_H

#include <stdnoreturn.h>

/* fdt: the Devicetree the firmware handed over, mapped readable. */
noreturn void hyp_main(const void *fdt);

#endif
