/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The demo's record: what apps/producer writes into the channel "samples"
 * (through bulkhead/ring.h) and apps/consumer and apps/monitor read. Shared
 * by the three (this directory has no .c file, so it is not an app itself).
 *
 * A record is one reading of four simulated sensors, with its own number and
 * the total the producer will write (so readers know when it is over), and a
 * CRC-32 over everything before the checksum field (so readers can tell a
 * torn or corrupted record from a good one).
 */
#ifndef DEMO_SAMPLE_H
#define DEMO_SAMPLE_H

#include <stddef.h>
#include <stdint.h>

#define SAMPLE_CHANNEL "samples"
#define SAMPLE_SENSORS 4

/* value[] indices and units. */
#define SAMPLE_TEMP     0 /* temperature, milli-degrees Celsius */
#define SAMPLE_PRESSURE 1 /* air pressure, pascals */
#define SAMPLE_VIB      2 /* vibration, milli-g */
#define SAMPLE_SUPPLY   3 /* supply voltage, millivolts */

struct sample {
	uint32_t index;                 /* 0 .. total - 1 */
	uint32_t total;                 /* how many records the producer writes */
	uint64_t ticks;                 /* the producer's counter when it was taken */
	int32_t value[SAMPLE_SENSORS];  /* see SAMPLE_* */
	uint32_t checksum;              /* sample_checksum() of the fields above */
	uint32_t reserved;              /* 0 */
};

_Static_assert(sizeof(struct sample) == 40, "the record layout is part of the channel format");

/*
 * CRC-32 (IEEE 802.3, reflected; zlib's crc32(crc, data, len)), bit by bit:
 * small, not fast. Start with crc = 0; feed the result back in to chain.
 */
static inline uint32_t sample_crc32(uint32_t crc, const void *data, size_t len)
{
	const uint8_t *p = data;

	crc = ~crc;
	for (size_t i = 0; i < len; i++) {
		crc ^= p[i];
		for (int bit = 0; bit < 8; bit++)
			crc = (crc >> 1) ^ (0xedb88320u & (0u - (crc & 1u)));
	}
	return ~crc;
}

static inline uint32_t sample_checksum(const struct sample *s)
{
	return sample_crc32(0, s, offsetof(struct sample, checksum));
}

/*
 * A CRC-32 chained over a stream of records: over each record's fields
 * before its checksum only. (Chaining over whole records would give the
 * same value for every stream of valid records: a CRC over data followed
 * by that data's own CRC is a constant.)
 */
static inline uint32_t sample_stream_crc(uint32_t crc, const struct sample *s)
{
	return sample_crc32(crc, s, offsetof(struct sample, checksum));
}

#endif
