// SPDX-License-Identifier: Apache-2.0
/*
 * Console multiplexer (see console.h). Output is serialised by one lock and
 * written a whole line at a time.
 */
#include "console.h"

#include <stdarg.h>

#include "arch.h"
#include "format.h"
#include "spinlock.h"

static struct spinlock console_lock = SPINLOCK_INIT;

static void emit_line(const char *prefix, const char *text, size_t len)
{
	spin_lock(&console_lock);
	arch_console_putc('[');
	for (const char *p = prefix; *p != '\0'; p++)
		arch_console_putc(*p);
	arch_console_putc(']');
	arch_console_putc(' ');
	for (size_t i = 0; i < len; i++)
		arch_console_putc(text[i]);
	arch_console_putc('\n');
	spin_unlock(&console_lock);
}

void console_log(const char *fmt, ...)
{
	char text[CONSOLE_LINE_MAX * 2];
	va_list ap;
	size_t n;

	va_start(ap, fmt);
	n = format_v(text, sizeof(text), fmt, ap);
	va_end(ap);
	emit_line("hyp", text, n);
}

void console_log_run_end(int status)
{
	console_log("run ended: status %d", status);
}

void console_partition_flush(const char *name, struct console_line *line)
{
	spin_lock(&line->lock);
	if (line->len != 0)
		emit_line(name, line->text, line->len);
	line->len = 0;
	spin_unlock(&line->lock);
}

void console_partition_write(const char *name, struct console_line *line, const char *buf,
			     size_t len)
{
	spin_lock(&line->lock);
	for (size_t i = 0; i < len; i++) {
		/* Unsigned, so bytes from 0x80 up (UTF-8) are not taken for control
		 * characters where char is signed (x86-64; arm64's is unsigned). */
		unsigned char c = (unsigned char)buf[i];

		if (c == '\n') {
			emit_line(name, line->text, line->len);
			line->len = 0;
			continue;
		}
		if (c == '\r')
			continue;
		if ((c < ' ' && c != '\t') || c == 0x7f)
			c = '?';
		if (line->len == CONSOLE_LINE_MAX) {
			emit_line(name, line->text, line->len);
			line->len = 0;
		}
		line->text[line->len++] = (char)c;
	}
	spin_unlock(&line->lock);
}
