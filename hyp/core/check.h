/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Always-on checks of the hypervisor's own invariants. A failed CHECK is a
 * hypervisor bug, never a guest's doing: it names the place and stops the
 * machine. Guest mistakes go through fault.c instead.
 */
#ifndef CHECK_H
#define CHECK_H

#include <stdnoreturn.h>

noreturn void check_failed(const char *file, int line, const char *expr);

#define CHECK(expr) ((expr) ? (void)0 : check_failed(__FILE__, __LINE__, #expr))

#endif
