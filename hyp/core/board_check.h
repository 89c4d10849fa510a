/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Checks, before anything is loaded, that the machine we booted on is the
 * board the image was built for: the firmware's Devicetree must show the
 * board's RAM, at least its CPUs and its interrupt controller where the
 * board says. A mismatch would put partitions on memory or devices that are
 * not there, so the boot stops instead.
 */
#ifndef BOARD_CHECK_H
#define BOARD_CHECK_H

#include <stdbool.h>
#include <stddef.h>

/* true if `fdt` matches config_board; otherwise false with the reason in
 * `why`, phrased as one console line that says what to do. */
bool board_check(const void *fdt, char *why, size_t size);

#endif
