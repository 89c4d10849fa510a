/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The console multiplexer: one UART, owned by the hypervisor, carries its own
 * lines ("[hyp] ...") and every partition's virtual console, one whole line
 * at a time with a "[name] " prefix, so concurrent partitions never interleave
 * inside a line.
 */
#ifndef CONSOLE_H
#define CONSOLE_H

#include <stddef.h>

#include "spinlock.h"

#define CONSOLE_LINE_MAX 160

/* A partition's line in progress. All its vCPUs write it, from their own
 * CPUs: `lock` keeps text and len consistent (zero-initialised = unlocked). */
struct console_line {
	struct spinlock lock;
	char text[CONSOLE_LINE_MAX];
	size_t len;
};

/* One "[hyp] " line; the format has no trailing newline. */
void console_log(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/*
 * The last line of a run: "[hyp] run ended: status N" (a BULKHEAD_RUN_*
 * status). The simulator's runner takes the run status from this line and
 * from nothing else: only the hypervisor writes unprefixed lines to the UART
 * it owns, so no partition can end a run or forge its status.
 */
void console_log_run_end(int status);

/* Append a partition's output; complete lines go out with the prefix. A line
 * longer than CONSOLE_LINE_MAX is split; control characters other than tab
 * are shown as '?' so a partition cannot forge another's prefix or move the
 * cursor. */
void console_partition_write(const char *name, struct console_line *line, const char *buf,
			     size_t len);

/* Emit what is left of an unterminated line (when a partition stops). */
void console_partition_flush(const char *name, struct console_line *line);

#endif
