/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The certify boot (docs/architecture.md, "Certify boot"): when the boot
 * command line holds the word "bulkhead.certify=dump", the hypervisor builds
 * every table as in a normal boot, then, before any partition starts, prints
 * them raw as "[hyp] certify: ..." lines and ends the run with status 0.
 * `./bulkhead certify` walks the dump as the MMU would, independently of the
 * code that built it. Printing only: nothing here changes a table.
 */
#ifndef CERTIFY_H
#define CERTIFY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdnoreturn.h>

#include "pgtable.h"

#define CERTIFY_DUMP_WORD "bulkhead.certify=dump"

/* Whether `cmdline` (`len` bytes at most, or up to a NUL) holds the word
 * CERTIFY_DUMP_WORD, delimited by blanks or its ends. */
bool certify_cmdline_asks_dump(const char *cmdline, size_t len);

/* Print "table" and "pte" lines for every table page reachable from t's
 * root, each page once per walk, non-zero entries only. */
void certify_dump_table(const struct pgtable *t);

/* The whole dump (the arch's tables through arch_certify_dump(), then CPU
 * and interrupt owners), then end the run with status 0. */
noreturn void certify_dump(void);

#endif
