// SPDX-License-Identifier: Apache-2.0
/*
 * victim: the partition the isolation scenarios attack (issue 12). It keeps
 * a heartbeat and checks its own memory, and says at the end whether either
 * was disturbed:
 *
 * - heartbeat: its EL1 virtual timer fires VICTIM_HZ times a second (the
 *   deadline moves exactly one period each time, so a late tick is caught
 *   up, not lost); each tick is printed as `victim: heartbeat N`, and the
 *   largest gap between two ticks as the handler saw them is kept; the
 *   rate is the ticks over the time from the first to the last;
 * - memory: at the start it fills VICTIM_PATTERN_BYTES of its RAM with a
 *   pattern that depends on each word's address; between heartbeats it
 *   verifies a slice of it, the whole in turn, and once more in full at
 *   the end;
 * - it owns the RTC (reads it at start and end), counts SGIs (it sends none,
 *   so any that arrive came from elsewhere) and the doorbells of its
 *   "journal" channel end, and publishes all of that in its "pulse" channel
 *   if it has one.
 *
 * It runs until the attacker writing its "journal" channel says `done`
 * (plus VICTIM_AFTER_S more seconds), or VICTIM_MAX_S, or, without a
 * journal (the baseline run, alone), VICTIM_ALONE_S. Its last line:
 *
 *   victim: done heartbeats N elapsed_ms T rate_mhz R max_gap_ms G sgis S
 *           doorbells D passes P memory ok|corrupt[ at offset 0x...]
 *
 * A partition named "...corrupt..." flips one word of its own pattern after
 * VICTIM_CORRUPT_AFTER heartbeats: the proof that the memory check can fail.
 * Exit status: 0 memory intact, 1 corrupt.
 */
#include <stdatomic.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <bulkhead/guest.h>
#include <bulkhead/irq.h>

#include "../common/isolation.h"

#define VICTIM_HZ             10
#define VICTIM_PATTERN_BYTES  (16u << 20)
#define VICTIM_SLICE_BYTES    (1u << 20)   /* verified per heartbeat */
#define VICTIM_ALONE_S        15
#define VICTIM_AFTER_S        2
#define VICTIM_MAX_S          170
#define VICTIM_CORRUPT_AFTER  5

static atomic_ullong victim_beats, victim_sgis, victim_doorbells;
static uint64_t victim_first_tick, victim_last_tick, victim_max_gap;

static void victim_tick(void *arg)
{
	uint64_t now = bulkhead_ticks();

	(void)arg;
	if (victim_first_tick == 0)
		victim_first_tick = now;
	if (victim_last_tick != 0 && now - victim_last_tick > victim_max_gap)
		victim_max_gap = now - victim_last_tick;
	victim_last_tick = now;
	atomic_fetch_add(&victim_beats, 1);
}

static void victim_sgi(unsigned int intid, void *arg)
{
	(void)intid;
	(void)arg;
	atomic_fetch_add(&victim_sgis, 1);
}

static void victim_doorbell(unsigned int intid, void *arg)
{
	(void)intid;
	(void)arg;
	atomic_fetch_add(&victim_doorbells, 1);
}

/* The word expected at `word` of the pattern: depends on the index, so a
 * word copied or moved elsewhere is caught as well as one changed. */
static uint64_t victim_expected(size_t word)
{
	uint64_t x = (uint64_t)word * 0x9e3779b97f4a7c15ull;

	return x ^ (x >> 29) ^ 0x5a5a5a5a5a5a5a5aull;
}

/* Verify words [from, to); the first bad index, or SIZE_MAX. */
static size_t victim_verify(const volatile uint64_t *pattern, size_t from, size_t to)
{
	for (size_t i = from; i < to; i++)
		if (pattern[i] != victim_expected(i))
			return i;
	return SIZE_MAX;
}

int main(void)
{
	const size_t words = VICTIM_PATTERN_BYTES / sizeof(uint64_t);
	const size_t slice = VICTIM_SLICE_BYTES / sizeof(uint64_t);
	struct bulkhead_partition_info info;
	struct bulkhead_channel pulse_ch, journal_ch;
	struct isolation_pulse *pulse = NULL;
	const struct isolation_journal *journal = NULL;
	volatile uint64_t *pattern = malloc(VICTIM_PATTERN_BYTES);
	uint64_t hz = bulkhead_ticks_per_second(), start, end_at, done_seen = 0, printed = 0;
	size_t cursor = 0, bad = SIZE_MAX;
	unsigned passes = 0;
	bool corrupt_self = false;
	int64_t rtc_start = bulkhead_rtc_seconds();

	if (pattern == NULL || bulkhead_irq_init() != 0) {
		printf("victim: no memory for the pattern or no GIC\n");
		return 2;
	}
	if (bulkhead_partition_info(&info) == 0)
		corrupt_self = strstr(info.name, "corrupt") != NULL;
	if (bulkhead_channel_find("pulse", &pulse_ch) == 0 && pulse_ch.writable)
		pulse = pulse_ch.base;
	if (bulkhead_channel_find("journal", &journal_ch) == 0) {
		journal = journal_ch.base;
		if (journal_ch.doorbell != 0)
			bulkhead_channel_on_doorbell(&journal_ch, victim_doorbell, NULL);
	}
	for (size_t i = 0; i < words; i++)
		pattern[i] = victim_expected(i);
	for (unsigned sgi = 0; sgi < BULKHEAD_IRQ_SGI_COUNT; sgi++) {
		bulkhead_irq_handler(sgi, victim_sgi, NULL);
		bulkhead_intid_enable(sgi);
	}
	printf("victim: %u MiB pattern written; heartbeat %u Hz; rtc %lld; %s\n",
	       VICTIM_PATTERN_BYTES >> 20, VICTIM_HZ, (long long)rtc_start,
	       journal != NULL ? "until the journal says done" : "alone");
	fflush(stdout);

	start = bulkhead_ticks();
	end_at = start + hz * (journal != NULL ? VICTIM_MAX_S : VICTIM_ALONE_S);
	bulkhead_timer_start(VICTIM_HZ, victim_tick, NULL);
	bulkhead_irq_enable();
	for (;;) {
		uint64_t beats, now = bulkhead_ticks();

		bulkhead_irq_disable();
		beats = atomic_load(&victim_beats);
		if (beats == printed)
			bulkhead_irq_wait();
		bulkhead_irq_enable();
		if (beats == printed)
			continue;
		for (; printed < beats; printed++)
			printf("victim: heartbeat %llu\n", (unsigned long long)printed + 1);
		fflush(stdout);
		if (pulse != NULL) {
			pulse->heartbeats = beats;
			pulse->sgis = atomic_load(&victim_sgis);
			pulse->doorbells = atomic_load(&victim_doorbells);
			pulse->magic = ISOLATION_PULSE_MAGIC;
		}
		if (corrupt_self && beats == VICTIM_CORRUPT_AFTER)
			pattern[words / 2] ^= 1; /* the self-test: one bit, as a stray write would */
		if (bad == SIZE_MAX) {
			bad = victim_verify(pattern, cursor, cursor + slice);
			cursor += slice;
			if (cursor >= words) {
				cursor = 0;
				passes++;
			}
		}
		if (journal != NULL && done_seen == 0 && journal->magic == ISOLATION_JOURNAL_MAGIC &&
		    journal->done != 0)
			done_seen = now, end_at = now + hz * VICTIM_AFTER_S;
		if (now >= end_at)
			break;
	}
	bulkhead_timer_stop();
	bulkhead_irq_disable();
	for (; printed < atomic_load(&victim_beats); printed++) /* a tick after the last look */
		printf("victim: heartbeat %llu\n", (unsigned long long)printed + 1);
	if (bad == SIZE_MAX) {
		bad = victim_verify(pattern, 0, words);
		passes++;
	}
	{
		uint64_t elapsed = bulkhead_ticks() - start, beats = atomic_load(&victim_beats);
		/* The rate between the first and the last tick: N ticks span N - 1
		 * periods, free of where the run started and stopped. */
		uint64_t span = victim_last_tick - victim_first_tick;

		printf("victim: rtc %lld at the end\n", (long long)bulkhead_rtc_seconds());
		printf("victim: done heartbeats %llu elapsed_ms %llu rate_mhz %llu max_gap_ms %llu "
		       "sgis %llu doorbells %llu passes %u memory ",
		       (unsigned long long)beats, (unsigned long long)(elapsed * 1000 / hz),
		       (unsigned long long)(beats > 1 && span ? (beats - 1) * 1000 * hz / span : 0),
		       (unsigned long long)(victim_max_gap * 1000 / hz),
		       (unsigned long long)atomic_load(&victim_sgis),
		       (unsigned long long)atomic_load(&victim_doorbells), passes);
		if (bad == SIZE_MAX)
			printf("ok\n");
		else
			printf("corrupt at offset 0x%llx\n",
			       (unsigned long long)(bad * sizeof(uint64_t)));
	}
	return bad == SIZE_MAX ? 0 : 1;
}
