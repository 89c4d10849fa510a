// SPDX-License-Identifier: Apache-2.0
/*
 * monitor: the demo's supervisor. It owns the board's real-time clock
 * (no other partition may read it) and prints the wall-clock time at its
 * start and end. In between it watches the producer's ring in the channel
 * "samples" (read-only here; it reads with a private tail like any reader)
 * and reports the producer's progress in quarters, exiting 0 as soon as the
 * producer's last record (index total - 1) is in.
 *
 * Exit statuses: 0 the last record was seen; 2 no usable channel "samples";
 * 3 a timeout (no ring after MONITOR_ATTACH_S, or no new record for
 * MONITOR_STALL_S); 4 the ring ended or reset before the last record.
 * Without an RTC it still watches, saying the time is unknown.
 */
#include <stdint.h>
#include <stdio.h>
#include <time.h>

#include <bulkhead/guest.h>
#include <bulkhead/ring.h>

#include "../common/sample.h"

#define MONITOR_ATTACH_S 5
#define MONITOR_STALL_S  3

#define MONITOR_EXIT_NO_CHANNEL 2
#define MONITOR_EXIT_TIMEOUT    3
#define MONITOR_EXIT_ENDED      4

/* "at <start|end>: 2025-06-01 12:00:03 UTC" from the RTC, or why not. */
static void monitor_wall_clock(const char *when)
{
	int64_t seconds = bulkhead_rtc_seconds();
	time_t t = (time_t)seconds;
	char text[32];

	if (seconds < 0) {
		printf("monitor: %s: wall-clock time unknown (no RTC in my Devicetree)\n", when);
		return;
	}
	strftime(text, sizeof(text), "%Y-%m-%d %H:%M:%S", gmtime(&t));
	printf("monitor: %s: %s UTC by the %s RTC (%lld s since 1970)\n", when, text,
	       bulkhead_rtc_name(), (long long)seconds);
}

static int monitor_attach(struct bulkhead_ring_reader *ring, const struct bulkhead_channel *ch)
{
	uint64_t deadline = bulkhead_ticks() + MONITOR_ATTACH_S * bulkhead_ticks_per_second();
	int err;

	while ((err = bulkhead_ring_reader_attach(ring, ch, sizeof(struct sample))) ==
	       BULKHEAD_RING_E_NOT_READY) {
		if (bulkhead_ticks() > deadline) {
			printf("monitor: no ring in \"%s\" after %d s: is the producer running?\n",
			       SAMPLE_CHANNEL, MONITOR_ATTACH_S);
			return MONITOR_EXIT_TIMEOUT;
		}
		bulkhead_cpu_relax();
	}
	if (err != 0) {
		printf("monitor: the ring in \"%s\" does not hold %lu-byte records\n",
		       SAMPLE_CHANNEL, (unsigned long)sizeof(struct sample));
		return MONITOR_EXIT_NO_CHANNEL;
	}
	return 0;
}

/* Follow the ring to the producer's last record, reporting each quarter. */
static int monitor_watch(struct bulkhead_ring_reader *ring)
{
	uint64_t hz = bulkhead_ticks_per_second();
	uint64_t start = bulkhead_ticks(), last_news = start;
	unsigned int quarter = 0;
	struct sample s;
	uint64_t seq;

	for (;;) {
		int got = bulkhead_ring_read(ring, &s, &seq);

		if (got == BULKHEAD_RING_EMPTY) {
			if (bulkhead_ticks() - last_news > MONITOR_STALL_S * hz) {
				printf("monitor: no new record for %d s after %llu records: the "
				       "producer is stuck or gone\n", MONITOR_STALL_S,
				       (unsigned long long)ring->tail);
				return MONITOR_EXIT_TIMEOUT;
			}
			bulkhead_cpu_relax();
			continue;
		}
		if (got != BULKHEAD_RING_RECORD) {
			printf("monitor: the ring %s before the producer's last record\n",
			       got == BULKHEAD_RING_CLOSED ? "was closed" : "went bad");
			return MONITOR_EXIT_ENDED;
		}
		last_news = bulkhead_ticks();
		if (s.total == 0)
			continue;
		while (quarter < 4 && (uint64_t)(s.index + 1) * 4 >= (uint64_t)s.total * (quarter + 1)) {
			quarter++;
			printf("monitor: %3u%% of the producer's %u samples are in (#%u, %.2f s "
			       "after I began watching)\n", quarter * 25, (unsigned int)s.total,
			       (unsigned int)s.index, (double)(last_news - start) / (double)hz);
		}
		if (s.index + 1 == s.total) {
			if (ring->lost != 0)
				printf("monitor: (I fell behind and skipped %llu records)\n",
				       (unsigned long long)ring->lost);
			return 0;
		}
	}
}

int main(void)
{
	struct bulkhead_channel ch;
	struct bulkhead_ring_reader ring;
	int err, status;

	monitor_wall_clock("start");
	err = bulkhead_channel_find(SAMPLE_CHANNEL, &ch);
	if (err != 0) {
		printf("monitor: no usable channel \"%s\" in my Devicetree (%s)\n", SAMPLE_CHANNEL,
		       err == BULKHEAD_CHANNEL_NOT_FOUND ? "not listed" : "malformed or unmapped");
		return MONITOR_EXIT_NO_CHANNEL;
	}
	printf("monitor: watching channel \"%s\" (%s) for the producer's progress\n", ch.name,
	       ch.writable ? "writable" : "read-only");
	status = monitor_attach(&ring, &ch);
	if (status == 0)
		status = monitor_watch(&ring);
	monitor_wall_clock("end");
	return status;
}
