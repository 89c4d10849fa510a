// SPDX-License-Identifier: Apache-2.0
/*
 * producer: the demo's data source. It simulates four sensors (temperature,
 * pressure, vibration, supply voltage: computed waveforms plus a little
 * deterministic noise), takes PRODUCER_COUNT readings paced by the counter,
 * and publishes each as a checksummed record (../common/sample.h) in a
 * bulkhead/ring.h ring over its channel "samples", which it must be the
 * writing end of. It prints every PRODUCER_PRINT_EVERY-th reading, closes
 * the ring and exits 0.
 *
 * Exit statuses: 0 done; 2 no usable channel "samples" (missing, read-only
 * here, or too small for one record).
 */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include <bulkhead/guest.h>
#include <bulkhead/ring.h>

#include "../common/sample.h"

#define PRODUCER_COUNT       256 /* readings in all */
#define PRODUCER_PERIOD_MS   4   /* one every 4 ms: about 1 s in all */
#define PRODUCER_PRINT_EVERY 64

#define PRODUCER_EXIT_NO_CHANNEL 2

static const double producer_pi = 3.14159265358979323846;

/* xorshift32: deterministic noise, the same in every run. */
static uint32_t producer_noise_state = 0x2545f491u;

static double producer_noise(double amplitude)
{
	uint32_t x = producer_noise_state;

	x ^= x << 13;
	x ^= x >> 17;
	x ^= x << 5;
	producer_noise_state = x;
	return amplitude * ((double)(x % 2001u) / 1000.0 - 1.0);
}

/* Reading i of the simulated sensors. */
static void producer_take(struct sample *s, uint32_t i)
{
	double t = (double)i;

	s->index = i;
	s->total = PRODUCER_COUNT;
	s->ticks = bulkhead_ticks();
	s->value[SAMPLE_TEMP] = (int32_t)lround(
		21500.0 + 2000.0 * sin(2.0 * producer_pi * t / PRODUCER_COUNT) + producer_noise(50.0));
	s->value[SAMPLE_PRESSURE] = (int32_t)lround(
		101325.0 + 150.0 * sin(2.0 * producer_pi * t / 128.0 + 1.0) + producer_noise(5.0));
	s->value[SAMPLE_VIB] = (int32_t)lround(
		400.0 * sin(2.0 * producer_pi * t / 16.0) + 150.0 * sin(2.0 * producer_pi * t / 5.0) +
		producer_noise(20.0));
	s->value[SAMPLE_SUPPLY] = (int32_t)lround(
		3300.0 + 12.0 * sin(2.0 * producer_pi * t / 8.0) + producer_noise(3.0));
	s->reserved = 0;
	s->checksum = sample_checksum(s);
}

static void producer_print(const struct sample *s)
{
	printf("producer: #%-3u temp %6.2f C  pressure %6d Pa  vib %+4d mg  supply %4d mV"
	       "  crc %08x\n", (unsigned int)s->index, s->value[SAMPLE_TEMP] / 1000.0,
	       (int)s->value[SAMPLE_PRESSURE], (int)s->value[SAMPLE_VIB],
	       (int)s->value[SAMPLE_SUPPLY], (unsigned int)s->checksum);
}

/* The channel; its readers with a doorbell are notified of every record. */
static struct bulkhead_channel ch;

/* Find the channel and set up the ring; exits with a message if it cannot. */
static void producer_open(struct bulkhead_ring_writer *ring)
{
	int err = bulkhead_channel_find(SAMPLE_CHANNEL, &ch);

	if (err != 0) {
		printf("producer: no usable channel \"%s\" in my Devicetree (%s); nothing to do\n",
		       SAMPLE_CHANNEL, err == BULKHEAD_CHANNEL_NOT_FOUND ? "not listed"
									  : "malformed or unmapped");
		exit(PRODUCER_EXIT_NO_CHANNEL);
	}
	err = bulkhead_ring_writer_init(ring, &ch, sizeof(struct sample));
	if (err != 0) {
		printf("producer: channel \"%s\" is %s\n", SAMPLE_CHANNEL,
		       err == BULKHEAD_RING_E_READ_ONLY ? "read-only here: I must be its writer"
							: "too small for one record");
		exit(PRODUCER_EXIT_NO_CHANNEL);
	}
	printf("producer: channel \"%s\" at %p, %lu KiB: a ring of %llu records of %lu bytes\n",
	       ch.name, ch.base, (unsigned long)(ch.size >> 10),
	       (unsigned long long)ring->capacity, (unsigned long)sizeof(struct sample));
	if (ring->capacity <= PRODUCER_COUNT)
		printf("producer: warning: the ring holds fewer than %d records; "
		       "a slow reader may lose some\n", PRODUCER_COUNT);
}

int main(void)
{
	struct bulkhead_ring_writer ring;
	uint64_t hz = bulkhead_ticks_per_second();
	uint64_t period = hz * PRODUCER_PERIOD_MS / 1000;
	uint64_t start, next;
	struct sample s;

	producer_open(&ring);
	printf("producer: %d samples of 4 sensors, one every %d ms (counter at %llu Hz)\n",
	       PRODUCER_COUNT, PRODUCER_PERIOD_MS, (unsigned long long)hz);

	start = next = bulkhead_ticks();
	for (uint32_t i = 0; i < PRODUCER_COUNT; i++) {
		while (bulkhead_ticks() < next)
			bulkhead_cpu_relax();
		next += period;
		producer_take(&s, i);
		bulkhead_ring_write(&ring, &s);
		if (bulkhead_present())
			bulkhead_channel_notify(&ch);
		if (i % PRODUCER_PRINT_EVERY == 0 || i == PRODUCER_COUNT - 1)
			producer_print(&s);
	}
	bulkhead_ring_close(&ring);
	if (bulkhead_present())
		bulkhead_channel_notify(&ch);
	printf("producer: done: %d samples in %.2f s; ring closed\n", PRODUCER_COUNT,
	       (double)(bulkhead_ticks() - start) / (double)hz);
	return 0;
}
