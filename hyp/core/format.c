// SPDX-License-Identifier: Apache-2.0
/*
 * The hypervisor's printf engine (see format.h). Kept small and
 * allocation-free so it can run in any trap handler.
 */
#include "format.h"

#include <stdbool.h>
#include <stdint.h>

struct out {
	char *buf;
	size_t size;
	size_t len;
};

struct spec {
	unsigned width;
	bool zero_pad;
	bool left;
	int length; /* 0 int, 1 long, 2 long long or size_t */
};

static void put(struct out *o, char c)
{
	if (o->len + 1 < o->size)
		o->buf[o->len] = c;
	o->len++;
}

static void put_padded(struct out *o, const char *s, size_t n, const struct spec *sp, char pad)
{
	size_t fill = sp->width > n ? sp->width - n : 0;

	if (!sp->left)
		while (fill-- > 0)
			put(o, pad);
	for (size_t i = 0; i < n; i++)
		put(o, s[i]);
	if (sp->left)
		while (fill-- > 0)
			put(o, ' ');
}

static void put_number(struct out *o, uint64_t v, bool negative, unsigned base, bool upper,
		       const struct spec *sp)
{
	const char *digits = upper ? "0123456789ABCDEF" : "0123456789abcdef";
	char tmp[24];
	size_t n = 0;

	do {
		tmp[sizeof(tmp) - 1 - n++] = digits[v % base];
		v /= base;
	} while (v != 0);
	if (negative)
		tmp[sizeof(tmp) - 1 - n++] = '-';
	/* A '-' must precede zero padding, so pad the digits only. */
	if (negative && sp->zero_pad && !sp->left) {
		struct spec rest = *sp;

		put(o, '-');
		rest.width = sp->width > 0 ? sp->width - 1 : 0;
		put_padded(o, &tmp[sizeof(tmp) - n + 1], n - 1, &rest, '0');
		return;
	}
	put_padded(o, &tmp[sizeof(tmp) - n], n, sp, sp->zero_pad && !sp->left ? '0' : ' ');
}

static uint64_t take_unsigned(va_list *ap, int length)
{
	if (length == 2)
		return va_arg(*ap, unsigned long long);
	if (length == 1)
		return va_arg(*ap, unsigned long);
	return va_arg(*ap, unsigned int);
}

static int64_t take_signed(va_list *ap, int length)
{
	if (length == 2)
		return va_arg(*ap, long long);
	if (length == 1)
		return va_arg(*ap, long);
	return va_arg(*ap, int);
}

static const char *parse_spec(const char *f, struct spec *sp)
{
	*sp = (struct spec){ 0 };
	for (;; f++) {
		if (*f == '0')
			sp->zero_pad = true;
		else if (*f == '-')
			sp->left = true;
		else
			break;
	}
	while (*f >= '0' && *f <= '9')
		sp->width = sp->width * 10 + (unsigned)(*f++ - '0');
	if (*f == 'z') {
		sp->length = 2;
		f++;
	}
	while (*f == 'l') {
		sp->length++;
		f++;
	}
	if (sp->length > 2)
		sp->length = 2;
	return f;
}

static void convert(struct out *o, char conv, const struct spec *sp, va_list *ap)
{
	switch (conv) {
	case 'd':
	case 'i': {
		int64_t v = take_signed(ap, sp->length);

		put_number(o, v < 0 ? (uint64_t)0 - (uint64_t)v : (uint64_t)v, v < 0, 10, false, sp);
		break;
	}
	case 'u':
		put_number(o, take_unsigned(ap, sp->length), false, 10, false, sp);
		break;
	case 'x':
	case 'X':
		put_number(o, take_unsigned(ap, sp->length), false, 16, conv == 'X', sp);
		break;
	case 'p':
		put(o, '0');
		put(o, 'x');
		put_number(o, (uintptr_t)va_arg(*ap, void *), false, 16, false, sp);
		break;
	case 'c': {
		char c = (char)va_arg(*ap, int);

		put_padded(o, &c, 1, sp, ' ');
		break;
	}
	case 's': {
		const char *s = va_arg(*ap, const char *);
		size_t n = 0;

		if (s == NULL)
			s = "(null)";
		while (s[n] != '\0')
			n++;
		put_padded(o, s, n, sp, ' ');
		break;
	}
	default: /* %% and anything unknown print themselves */
		put(o, conv);
		break;
	}
}

size_t format_v(char *buf, size_t size, const char *fmt, va_list ap)
{
	struct out o = { buf, size, 0 };
	struct spec sp;
	va_list args;

	va_copy(args, ap);
	for (const char *f = fmt; *f != '\0'; f++) {
		if (*f != '%') {
			put(&o, *f);
			continue;
		}
		f = parse_spec(f + 1, &sp);
		if (*f == '\0')
			break;
		convert(&o, *f, &sp, &args);
	}
	va_end(args);
	if (size > 0)
		buf[o.len < size ? o.len : size - 1] = '\0';
	return o.len < size ? o.len : (size > 0 ? size - 1 : 0);
}

size_t format(char *buf, size_t size, const char *fmt, ...)
{
	va_list ap;
	size_t n;

	va_start(ap, fmt);
	n = format_v(buf, size, fmt, ap);
	va_end(ap);
	return n;
}
