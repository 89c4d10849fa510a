// SPDX-License-Identifier: Apache-2.0
/*
 * consumer: the demo's analyst, on two CPUs. It reads the producer's ring
 * (bulkhead/ring.h) from its channel "samples", which it can only read, and
 * splits the work:
 *
 *   CPU 0 (main) checks every record: its sequence number follows the
 *         previous one without a gap, its index matches, its CRC-32 is
 *         right; and keeps a CRC-32 of the whole stream.
 *   CPU 1 (started with bulkhead_cpu_start(), i.e. PSCI CPU_ON) reads the
 *         same ring with its own private tail and keeps statistics per
 *         sensor (min, max, mean, vibration RMS) and its own stream CRC-32.
 *         It reports through bulkhead_print() (CPU 1 may not use stdio),
 *         hands its results to CPU 0 through memory, and returns, which
 *         turns it off.
 *
 * CPU 0 prints the summary, including whether both CPUs saw the same
 * stream, and exits 0. With a single CPU in its Devicetree (a native -smp 1
 * boot) CPU 0 does both jobs in turn.
 *
 * Exit statuses: 0 all good; 2 no usable channel "samples"; 3 a timeout
 * (no ring, or no new record for CONSUMER_STALL_S seconds); 4 bad data (a
 * gap, a bad checksum, a ring that reset); 5 CPU 1 did not start or finish.
 */
#include <math.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include <bulkhead/guest.h>
#include <bulkhead/ring.h>

#include "../common/sample.h"
#include "../common/wait.h"

#define CONSUMER_ATTACH_S   5 /* wait this long for the producer's ring */
#define CONSUMER_STALL_S    3 /* and at most this long for each new record */
#define CONSUMER_REPORT_EVERY 128

#define CONSUMER_EXIT_NO_CHANNEL 2
#define CONSUMER_EXIT_TIMEOUT    3
#define CONSUMER_EXIT_BAD_DATA   4
#define CONSUMER_EXIT_CPU1       5

/* What CPU 1 computes, CPU 0 prints. */
struct consumer_stats {
	uint64_t count;
	int32_t min[SAMPLE_SENSORS];
	int32_t max[SAMPLE_SENSORS];
	int64_t sum[SAMPLE_SENSORS];
	uint64_t vib_squares;   /* sum of vibration^2, for the RMS */
	uint32_t stream_crc;    /* sample_stream_crc() over every record, in order */
	int status;             /* 0, or the exit status it ran into */
};

/* CPU 0 <-> CPU 1, in the consumer's own RAM. */
struct consumer_shared {
	struct bulkhead_channel channel;
	struct consumer_stats stats;  /* CPU 1's, valid once done != 0 */
	atomic_int done;              /* set by CPU 1 (release) after stats */
};

static struct consumer_shared consumer_shared;

/* Wait for the ring; returns 0 or an exit status. Safe on any CPU (no stdio). */
static int consumer_attach(struct bulkhead_ring_reader *ring, const struct bulkhead_channel *ch)
{
	uint64_t deadline = bulkhead_ticks() + CONSUMER_ATTACH_S * bulkhead_ticks_per_second();

	for (;;) {
		int err = bulkhead_ring_reader_attach(ring, ch, sizeof(struct sample));

		if (err == 0)
			return 0;
		if (err == BULKHEAD_RING_E_GEOMETRY)
			return CONSUMER_EXIT_NO_CHANNEL;
		if (bulkhead_ticks() > deadline)
			return CONSUMER_EXIT_TIMEOUT;
		bulkhead_cpu_relax();
	}
}

/* CPU 0 sleeps until the producer rings the channel's doorbell (when this
 * end has one), instead of polling the ring. */
static atomic_uint consumer_doorbells;
static bool consumer_sleeps;

static void consumer_doorbell(unsigned int intid, void *arg)
{
	(void)intid;
	(void)arg;
	atomic_fetch_add(&consumer_doorbells, 1);
}

struct consumer_try {
	struct bulkhead_ring_reader *ring;
	struct sample *s;
	uint64_t *seq;
	int got;
};

static bool consumer_try_read(void *arg)
{
	struct consumer_try *t = arg;

	t->got = bulkhead_ring_read(t->ring, t->s, t->seq);
	return t->got != BULKHEAD_RING_EMPTY;
}

/* Sleep until a record arrives (or the stall time passes); false on a timeout. */
static bool consumer_sleep(struct consumer_try *t)
{
	return app_wait_until(consumer_try_read, t, CONSUMER_STALL_S * bulkhead_ticks_per_second());
}

/*
 * The next record, waiting at most CONSUMER_STALL_S for it. Returns
 * BULKHEAD_RING_RECORD, BULKHEAD_RING_CLOSED or a negative ring error;
 * *timed_out says the wait ran out (then the return is BULKHEAD_RING_EMPTY).
 */
static int consumer_next(struct bulkhead_ring_reader *ring, struct sample *s, uint64_t *seq,
			 bool *timed_out)
{
	uint64_t deadline = bulkhead_ticks() + CONSUMER_STALL_S * bulkhead_ticks_per_second();
	int got;

	*timed_out = false;
	if (consumer_sleeps && bulkhead_cpu_id() == 0) {
		struct consumer_try t = { ring, s, seq, BULKHEAD_RING_EMPTY };

		*timed_out = !consumer_sleep(&t);
		return t.got;
	}
	while ((got = bulkhead_ring_read(ring, s, seq)) == BULKHEAD_RING_EMPTY) {
		if (bulkhead_ticks() > deadline) {
			*timed_out = true;
			break;
		}
		bulkhead_cpu_relax();
	}
	return got;
}

static void consumer_stats_add(struct consumer_stats *st, const struct sample *s)
{
	for (int k = 0; k < SAMPLE_SENSORS; k++) {
		if (st->count == 0 || s->value[k] < st->min[k])
			st->min[k] = s->value[k];
		if (st->count == 0 || s->value[k] > st->max[k])
			st->max[k] = s->value[k];
		st->sum[k] += s->value[k];
	}
	st->vib_squares += (uint64_t)((int64_t)s->value[SAMPLE_VIB] * s->value[SAMPLE_VIB]);
	st->stream_crc = sample_stream_crc(st->stream_crc, s);
	st->count++;
}

/*
 * CPU 1's job (also CPU 0's second job on a one-CPU machine): statistics
 * over the stream, with its own reader. Prints only with bulkhead_print().
 */
static void consumer_statistics(void *arg)
{
	struct consumer_shared *shared = arg;
	struct consumer_stats st = { .count = 0 };
	struct bulkhead_ring_reader ring;
	struct sample s;
	uint64_t seq;
	bool timed_out = false;
	int got = BULKHEAD_RING_EMPTY;

	bulkhead_print("consumer: cpu %u up: keeping statistics with its own ring tail\n",
		       bulkhead_cpu_id());
	st.status = consumer_attach(&ring, &shared->channel);
	while (st.status == 0 &&
	       (got = consumer_next(&ring, &s, &seq, &timed_out)) == BULKHEAD_RING_RECORD) {
		consumer_stats_add(&st, &s);
		if (st.count % CONSUMER_REPORT_EVERY == 0) {
			int64_t temp = st.sum[SAMPLE_TEMP] / (int64_t)st.count;

			bulkhead_print("consumer: cpu %u: %llu samples: temp mean %lld.%02lld C, "
				       "vib peak %d mg\n", bulkhead_cpu_id(),
				       (unsigned long long)st.count, (long long)(temp / 1000),
				       (long long)(temp % 1000 / 10),
				       st.max[SAMPLE_VIB] > -st.min[SAMPLE_VIB] ? st.max[SAMPLE_VIB]
										: -st.min[SAMPLE_VIB]);
		}
	}
	if (st.status == 0 && timed_out)
		st.status = CONSUMER_EXIT_TIMEOUT;
	else if (st.status == 0 && got != BULKHEAD_RING_CLOSED)
		st.status = CONSUMER_EXIT_BAD_DATA;
	bulkhead_print("consumer: cpu %u: %s after %llu samples, stream CRC-32 %08x%s\n",
		       bulkhead_cpu_id(), st.status == 0 ? "done" : "stopped",
		       (unsigned long long)st.count, st.stream_crc,
		       bulkhead_cpu_id() != 0 ? "; handing over to cpu 0 and turning off" : "");
	shared->stats = st;
	atomic_store_explicit(&shared->done, 1, memory_order_release);
}

/* CPU 0's job: every record in order, none missing, none damaged. */
static int consumer_verify(const struct bulkhead_channel *ch, uint64_t *count, uint32_t *crc)
{
	struct bulkhead_ring_reader ring;
	struct sample s;
	uint64_t seq;
	uint32_t total = 0;
	bool timed_out;
	int got, status = consumer_attach(&ring, ch);

	*count = 0;
	*crc = 0;
	if (status == CONSUMER_EXIT_TIMEOUT)
		printf("consumer: no ring in \"%s\" after %d s: is the producer running?\n",
		       SAMPLE_CHANNEL, CONSUMER_ATTACH_S);
	if (status == CONSUMER_EXIT_NO_CHANNEL)
		printf("consumer: the ring in \"%s\" does not hold %lu-byte records\n",
		       SAMPLE_CHANNEL, (unsigned long)sizeof(struct sample));
	if (status != 0)
		return status;

	while ((got = consumer_next(&ring, &s, &seq, &timed_out)) == BULKHEAD_RING_RECORD) {
		if (seq != *count || ring.lost != 0) {
			printf("consumer: gap: expected record #%llu, got #%llu (%llu lost)\n",
			       (unsigned long long)*count, (unsigned long long)seq,
			       (unsigned long long)ring.lost);
			return CONSUMER_EXIT_BAD_DATA;
		}
		if (s.checksum != sample_checksum(&s) || s.index != seq ||
		    (total != 0 && s.total != total)) {
			printf("consumer: record #%llu is damaged (crc %08x, computed %08x, "
			       "index %u)\n", (unsigned long long)seq, (unsigned int)s.checksum,
			       (unsigned int)sample_checksum(&s), (unsigned int)s.index);
			return CONSUMER_EXIT_BAD_DATA;
		}
		total = s.total;
		*crc = sample_stream_crc(*crc, &s);
		(*count)++;
	}
	if (timed_out) {
		printf("consumer: no new record for %d s after %llu records\n", CONSUMER_STALL_S,
		       (unsigned long long)*count);
		return CONSUMER_EXIT_TIMEOUT;
	}
	if (got != BULKHEAD_RING_CLOSED || *count != total) {
		printf("consumer: the ring ended badly (%d) after %llu of %u records\n", got,
		       (unsigned long long)*count, (unsigned int)total);
		return CONSUMER_EXIT_BAD_DATA;
	}
	printf("consumer: cpu 0: records #0..#%llu in order, no gap, every checksum good\n",
	       (unsigned long long)*count - 1);
	return 0;
}

/* Wait (bounded) for CPU 1's results. */
static int consumer_join(struct consumer_shared *shared)
{
	uint64_t deadline = bulkhead_ticks() + CONSUMER_STALL_S * bulkhead_ticks_per_second();

	while (atomic_load_explicit(&shared->done, memory_order_acquire) == 0) {
		if (bulkhead_ticks() > deadline) {
			printf("consumer: cpu 1 did not finish within %d s\n", CONSUMER_STALL_S);
			return CONSUMER_EXIT_CPU1;
		}
		bulkhead_cpu_relax();
	}
	return shared->stats.status;
}

static void consumer_summary(const struct consumer_stats *st)
{
	double n = (double)st->count;

	printf("consumer: temp %.2f..%.2f C (mean %.2f), pressure %d..%d Pa, vib rms %.0f mg, "
	       "supply %d..%d mV\n", st->min[SAMPLE_TEMP] / 1000.0, st->max[SAMPLE_TEMP] / 1000.0,
	       st->sum[SAMPLE_TEMP] / n / 1000.0, (int)st->min[SAMPLE_PRESSURE],
	       (int)st->max[SAMPLE_PRESSURE], sqrt((double)st->vib_squares / n),
	       (int)st->min[SAMPLE_SUPPLY], (int)st->max[SAMPLE_SUPPLY]);
}

int main(void)
{
	struct consumer_shared *shared = &consumer_shared;
	bool two_cpus = bulkhead_cpu_count() >= 2;
	uint64_t count;
	uint32_t crc;
	int err, status;

	err = bulkhead_channel_find(SAMPLE_CHANNEL, &shared->channel);
	if (err != 0) {
		printf("consumer: no usable channel \"%s\" in my Devicetree (%s)\n", SAMPLE_CHANNEL,
		       err == BULKHEAD_CHANNEL_NOT_FOUND ? "not listed" : "malformed or unmapped");
		return CONSUMER_EXIT_NO_CHANNEL;
	}
	printf("consumer: channel \"%s\" at %p, %lu KiB, %s; %u cpus\n", shared->channel.name,
	       shared->channel.base, (unsigned long)(shared->channel.size >> 10),
	       shared->channel.writable ? "writable" : "read-only", bulkhead_cpu_count());
	consumer_sleeps = bulkhead_channel_on_doorbell(&shared->channel, consumer_doorbell, 0) == 0;
	if (consumer_sleeps) {
		bulkhead_irq_enable();
		printf("consumer: cpu 0 sleeps until the producer rings doorbell %u\n",
		       shared->channel.doorbell);
	}

	if (two_cpus) {
		err = bulkhead_cpu_start(1, consumer_statistics, shared);
		if (err != 0) {
			printf("consumer: starting cpu 1 failed: %d %s\n", err, bulkhead_psci_name(err));
			return CONSUMER_EXIT_CPU1;
		}
		printf("consumer: cpu 0 checks every record; cpu 1 (PSCI CPU_ON: %s) keeps "
		       "statistics\n", bulkhead_psci_name(err));
	} else {
		printf("consumer: one cpu: checking first, statistics after\n");
	}

	status = consumer_verify(&shared->channel, &count, &crc);
	if (consumer_sleeps)
		printf("consumer: cpu 0 was woken by %u doorbells\n", atomic_load(&consumer_doorbells));
	if (status != 0)
		return status;
	if (!two_cpus)
		consumer_statistics(shared);
	status = consumer_join(shared);
	if (status != 0)
		return status;
	if (shared->stats.count != count || shared->stats.stream_crc != crc) {
		printf("consumer: cpu 1 saw another stream: %llu records, CRC-32 %08x "
		       "(cpu 0: %llu, %08x)\n", (unsigned long long)shared->stats.count,
		       (unsigned int)shared->stats.stream_crc, (unsigned long long)count,
		       (unsigned int)crc);
		return CONSUMER_EXIT_BAD_DATA;
	}
	consumer_summary(&shared->stats);
	printf("consumer: done: both cpus read the same %llu records (stream CRC-32 %08x)\n",
	       (unsigned long long)count, (unsigned int)crc);
	return 0;
}
