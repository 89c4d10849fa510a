/* SPDX-License-Identifier: Apache-2.0 */
/*
 * What the isolation scenarios (issue 12) share through channels:
 *
 * - "pulse": written by the victim, read by an attacker. The victim
 *   publishes how it is doing (heartbeats, SGIs and doorbells it received),
 *   so an attacker can check that an attack changed nothing for it.
 * - "journal": written by the attacker (hostile, hcfuzz), read by the
 *   victim. The attacker keeps its progress there: a channel is not part of
 *   the partition's RAM, so it survives the restarts its on_fault policy
 *   does after each attack that faults. It also tells the victim when the
 *   attacks are over (`done`), so the victim ends after them.
 */
#ifndef APPS_COMMON_ISOLATION_H
#define APPS_COMMON_ISOLATION_H

#include <stdint.h>

#define ISOLATION_PULSE_MAGIC   0x45534c5550ull /* "PULSE" */
#define ISOLATION_JOURNAL_MAGIC 0x4c4e524a4e4aull

struct isolation_pulse {
	volatile uint64_t magic;
	volatile uint64_t heartbeats;
	volatile uint64_t sgis;      /* SGIs the victim received (it sends none) */
	volatile uint64_t doorbells; /* doorbell interrupts it received */
};

#define JOURNAL_CLASSES 64

/* The attacker's progress; only the attacker writes it. */
struct isolation_journal {
	volatile uint64_t magic;
	volatile uint64_t done;        /* the victim may end once this is set */
	volatile uint32_t next_class;  /* the first class not finished */
	volatile uint32_t next_probe;  /* within it, the first probe not tried */
	volatile uint32_t pending;     /* 1: probe (pending_class, pending_probe) was under way */
	volatile uint32_t pending_class, pending_probe;
	volatile uint32_t boots;       /* lives of the attacker so far */
	volatile uint32_t faulted[JOURNAL_CLASSES];  /* probes that ended in a restart */
	volatile uint32_t survived[JOURNAL_CLASSES]; /* probes that returned (an escape) */
	volatile uint64_t survived_at[JOURNAL_CLASSES]; /* the first such probe's address */
};

#endif
