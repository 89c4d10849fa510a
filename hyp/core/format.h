/* SPDX-License-Identifier: Apache-2.0 */
/*
 * printf-style formatting for the hypervisor, which has no C library.
 * Supports %s %c %d %i %u %x %X %p %% with the l, ll and z length modifiers,
 * a field width, '0' padding and '-' left alignment. Output is always
 * NUL-terminated and truncated to the buffer.
 */
#ifndef FORMAT_H
#define FORMAT_H

#include <stdarg.h>
#include <stddef.h>

/* Returns the length written, excluding the NUL. */
size_t format_v(char *buf, size_t size, const char *fmt, va_list ap);
size_t format(char *buf, size_t size, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

#endif
