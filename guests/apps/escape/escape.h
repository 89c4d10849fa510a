/* SPDX-License-Identifier: Apache-2.0 */
/* The simulator back doors escape tries, per architecture (escape_arch.c). */
#ifndef ESCAPE_H
#define ESCAPE_H

/* What escape_write_line() and escape_end_run() try, for the console. */
const char *escape_write_line_how(void);
const char *escape_end_run_how(void);

/* Print `line` straight to the simulator's console, around the hypervisor. */
void escape_write_line(const char *line);

/* End the whole simulation with `status`. */
void escape_end_run(int status);

#endif
