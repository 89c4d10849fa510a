/* SPDX-License-Identifier: Apache-2.0 */
/*
 * CPU state that must not survive a restart: the crasher plants a marker in
 * registers its runtime never writes, then, started afresh, looks for it.
 */
#ifndef LEFTOVER_H
#define LEFTOVER_H

#include <stddef.h>

/* Write LEFTOVER_MARKER into every register leftover_find() reads. */
void leftover_plant(void);

/* Describe each of those registers that is not zero into `out` ("" when none
 * is); returns how many were not. */
int leftover_find(char *out, size_t size);

#define LEFTOVER_MARKER 0x1eaf1eaf1eaf1eafull

#endif
