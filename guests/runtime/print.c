// SPDX-License-Identifier: Apache-2.0
/*
 * bulkhead_print(): a printf small enough to be safe on any CPU. newlib's
 * printf family keeps state in the shared reentrancy structure and may
 * allocate (newlib is built without locks), so CPUs other than CPU 0 format
 * here instead: into a buffer on the caller's stack, then one
 * console_write(), which holds the console lock for the whole line.
 *
 * Supported: %d %i %u %x %X %c %s %p %%, the flags '-' and '0', a decimal
 * field width, and the length modifiers l, ll and z. Anything else is
 * copied through as written. Output past PRINT_MAX characters is cut.
 */
#include <stdarg.h>

#include <bulkhead/guest.h>

#include "runtime.h"

#define PRINT_MAX 255

struct print_buf {
	char text[PRINT_MAX + 1];
	size_t len;
};

static void print_char(struct print_buf *out, char c)
{
	if (out->len < PRINT_MAX)
		out->text[out->len++] = c;
}

/* `text` (len characters) in a field of `width`, padded left or right. */
static void print_field(struct print_buf *out, const char *text, size_t len, int width,
			bool left, char pad)
{
	size_t fill = width > 0 && (size_t)width > len ? (size_t)width - len : 0;

	/* Zero padding goes between the sign and the digits. */
	if (!left && pad == '0' && len > 0 && text[0] == '-') {
		print_char(out, '-');
		text++;
		len--;
	}
	for (; !left && fill > 0; fill--)
		print_char(out, pad);
	for (size_t i = 0; i < len; i++)
		print_char(out, text[i]);
	for (; left && fill > 0; fill--)
		print_char(out, ' ');
}

/* Digits of `value` in `base`, with a leading '-' if `negative`, into *text. */
static size_t print_number(char *text, unsigned long long value, unsigned int base, bool upper,
			   bool negative)
{
	const char *digits = upper ? "0123456789ABCDEF" : "0123456789abcdef";
	char reversed[24];
	size_t n = 0, len = 0;

	do {
		reversed[n++] = digits[value % base];
		value /= base;
	} while (value != 0);
	if (negative)
		text[len++] = '-';
	while (n > 0)
		text[len++] = reversed[--n];
	return len;
}

static void print_format(struct print_buf *out, const char *fmt, va_list ap)
{
	while (*fmt != '\0') {
		const char *spec = fmt;
		bool left = false;
		char pad = ' ';
		int width = 0, longs = 0;
		char number[26];
		size_t len;

		if (*fmt != '%') {
			print_char(out, *fmt++);
			continue;
		}
		fmt++;
		for (; *fmt == '-' || *fmt == '0'; fmt++) {
			if (*fmt == '-')
				left = true;
			else
				pad = '0';
		}
		for (; *fmt >= '0' && *fmt <= '9'; fmt++)
			width = width * 10 + (*fmt - '0');
		for (; *fmt == 'l' || *fmt == 'z'; fmt++)
			longs = *fmt == 'z' ? 2 : longs + 1;

		switch (*fmt) {
		case 'd':
		case 'i': {
			long long v = longs >= 2 ? va_arg(ap, long long)
				    : longs == 1 ? va_arg(ap, long) : va_arg(ap, int);
			unsigned long long mag = v < 0 ? 0ull - (unsigned long long)v
						       : (unsigned long long)v;

			len = print_number(number, mag, 10, false, v < 0);
			print_field(out, number, len, width, left, pad);
			break;
		}
		case 'u':
		case 'x':
		case 'X': {
			unsigned long long v = longs >= 2 ? va_arg(ap, unsigned long long)
					     : longs == 1 ? va_arg(ap, unsigned long)
					     : va_arg(ap, unsigned int);

			len = print_number(number, v, *fmt == 'u' ? 10 : 16, *fmt == 'X', false);
			print_field(out, number, len, width, left, pad);
			break;
		}
		case 'p':
			number[0] = '0';
			number[1] = 'x';
			len = 2 + print_number(number + 2, (uintptr_t)va_arg(ap, void *), 16, false,
					       false);
			print_field(out, number, len, width, left, ' ');
			break;
		case 'c':
			number[0] = (char)va_arg(ap, int);
			print_field(out, number, 1, width, left, ' ');
			break;
		case 's': {
			const char *s = va_arg(ap, const char *);

			if (s == NULL)
				s = "(null)";
			for (len = 0; s[len] != '\0'; len++)
				;
			print_field(out, s, len, width, left, ' ');
			break;
		}
		case '%':
			print_char(out, '%');
			break;
		default:
			/* Not ours (or the string ended): copy the specification as is. */
			while (spec < fmt)
				print_char(out, *spec++);
			if (*fmt == '\0')
				return;
			print_char(out, *fmt);
			break;
		}
		fmt++;
	}
}

int bulkhead_print(const char *fmt, ...)
{
	struct print_buf out = { .len = 0 };
	va_list ap;
	long wrote;

	va_start(ap, fmt);
	print_format(&out, fmt, ap);
	va_end(ap);
	wrote = console_write(out.text, out.len);
	return wrote < 0 ? -1 : (int)wrote;
}
