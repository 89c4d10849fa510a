/* SPDX-License-Identifier: Apache-2.0 */
/*
 * A single-producer ring of fixed-size records over a channel
 * (<bulkhead/guest.h>), header-only. One partition (the channel's "write"
 * side) produces; any number of readers, on the "read" side and so unable
 * to write a byte into the channel, consume. Each reader therefore keeps
 * its own position (tail) in its own memory, and the producer never waits:
 * when the ring is full it overwrites the oldest record, and a reader that
 * fell more than a ring behind learns how many records it lost.
 *
 * Layout in the channel (little-endian, as both sides run the same CPU):
 *
 *   offset 0   struct bulkhead_ring_header (64 bytes)
 *   offset 64  capacity slots of slot_size bytes, slot_size = 8 + payload
 *              rounded up to 8: a 64-bit sequence number (the record's
 *              number since the producer started, 0, 1, 2 ...) then the
 *              payload. Record n lives in slot n % capacity.
 *
 * Protocol (no locks, no writes by readers):
 *   producer  init: magic = 0; geometry, head = 0, closed = 0; then
 *                   magic = BULKHEAD_RING_MAGIC with release.
 *             write record n (= head): a release fence (orders the previous
 *                   head store before the slot's new bytes), the slot's
 *                   words (sequence, payload), then head = n + 1 with release.
 *             close: closed = head + 1 with release (0 means open).
 *   reader    attach: magic with acquire, then check the geometry.
 *             read record t (its tail): h = head (acquire); t == h: nothing
 *                   new (or, if closed, the end); h - t >= capacity: slot
 *                   t % capacity is the next the producer fills, so the
 *                   records up to h - capacity are lost: skip them; copy
 *                   slot t % capacity; an acquire fence; if head has since
 *                   reached t + capacity the producer may have been
 *                   overwriting the slot during the copy: drop the copy and
 *                   try again (the seqlock check). The slot's sequence must
 *                   be t.
 * So a reader keeps every record while it is at most capacity - 1 records
 * behind the producer; a producer that writes no more than capacity - 1 records
 * in all never loses one, however late its readers come.
 * Slot words are copied with 64-bit relaxed atomics, so the copy that races
 * an overwrite is well defined and merely discarded.
 *
 * A producer that starts over (its partition restarted) writes head = 0
 * again; readers see head go backwards and get BULKHEAD_RING_E_RESET.
 */
#ifndef BULKHEAD_RING_H
#define BULKHEAD_RING_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <bulkhead/guest.h>

#define BULKHEAD_RING_MAGIC   0x474e4952u /* "RING" little-endian */
#define BULKHEAD_RING_VERSION 1u

/* What the functions below return. */
#define BULKHEAD_RING_RECORD       1  /* read: a record was copied out */
#define BULKHEAD_RING_EMPTY        0  /* read: nothing new yet; poll again */
#define BULKHEAD_RING_CLOSED     (-1) /* read: the producer closed it and all is read */
#define BULKHEAD_RING_E_NOT_READY (-2) /* attach: the producer has not set it up yet */
#define BULKHEAD_RING_E_GEOMETRY (-3) /* attach: another record size, or it does not fit */
#define BULKHEAD_RING_E_READ_ONLY (-4) /* writer: the channel is this side's "read" end */
#define BULKHEAD_RING_E_TOO_SMALL (-5) /* writer: not even one record fits */
#define BULKHEAD_RING_E_RESET    (-6) /* read: head went backwards: attach again */
#define BULKHEAD_RING_E_CORRUPT  (-7) /* read: a slot holds another sequence number */

struct bulkhead_ring_header {
	uint32_t magic;        /* BULKHEAD_RING_MAGIC once the rest is valid */
	uint32_t version;      /* BULKHEAD_RING_VERSION */
	uint32_t payload_size; /* bytes of payload per record */
	uint32_t slot_size;    /* bytes per slot */
	uint64_t capacity;     /* slots */
	uint64_t head;         /* records written so far = the next record's number */
	uint64_t closed;       /* 0 while open, else 1 + the final head */
	uint64_t reserved[3];
};

_Static_assert(sizeof(struct bulkhead_ring_header) == 64, "the ring header is 64 bytes");

/* The producer's private state (in its own memory). */
struct bulkhead_ring_writer {
	struct bulkhead_ring_header *header;
	uint64_t *slots;
	uint64_t capacity;
	uint32_t payload_size;
	uint32_t slot_words;
	uint64_t head;
};

/* A reader's private state: the channel is read-only to it. */
struct bulkhead_ring_reader {
	const struct bulkhead_ring_header *header;
	const uint64_t *slots;
	uint64_t capacity;
	uint32_t payload_size;
	uint32_t slot_words;
	uint64_t tail;         /* the next record to read */
	uint64_t lost;         /* records overwritten before this reader got them */
};

static inline uint32_t bulkhead_ring_slot_size(size_t payload_size)
{
	return (uint32_t)((8 + payload_size + 7) & ~(size_t)7);
}

/* How many records of payload_size a channel of channel_size bytes holds. */
static inline uint64_t bulkhead_ring_capacity(size_t channel_size, size_t payload_size)
{
	size_t slot = bulkhead_ring_slot_size(payload_size);

	return channel_size < sizeof(struct bulkhead_ring_header) + slot
		       ? 0 : (channel_size - sizeof(struct bulkhead_ring_header)) / slot;
}

/* Copy len bytes as 64-bit relaxed atomic words into or out of a slot. */
static inline void bulkhead_ring_put_words(uint64_t *dst, const void *src, size_t len)
{
	for (size_t i = 0; i < len; i += 8) {
		uint64_t word = 0;

		memcpy(&word, (const unsigned char *)src + i, len - i < 8 ? len - i : 8);
		__atomic_store_n(&dst[i / 8], word, __ATOMIC_RELAXED);
	}
}

static inline void bulkhead_ring_get_words(void *dst, const uint64_t *src, size_t len)
{
	for (size_t i = 0; i < len; i += 8) {
		uint64_t word = __atomic_load_n(&src[i / 8], __ATOMIC_RELAXED);

		memcpy((unsigned char *)dst + i, &word, len - i < 8 ? len - i : 8);
	}
}

/*
 * Set up the ring in a writable channel, for records of payload_size bytes,
 * as many as fit, starting at record 0. Returns 0,
 * BULKHEAD_RING_E_READ_ONLY or BULKHEAD_RING_E_TOO_SMALL.
 */
static inline int bulkhead_ring_writer_init(struct bulkhead_ring_writer *w,
					    const struct bulkhead_channel *channel,
					    size_t payload_size)
{
	struct bulkhead_ring_header *h = (struct bulkhead_ring_header *)channel->base;
	uint64_t capacity = bulkhead_ring_capacity(channel->size, payload_size);

	if (!channel->writable)
		return BULKHEAD_RING_E_READ_ONLY;
	if (capacity == 0 || payload_size == 0 || payload_size > UINT32_MAX - 16)
		return BULKHEAD_RING_E_TOO_SMALL;
	*w = (struct bulkhead_ring_writer){
		.header = h,
		.slots = (uint64_t *)(h + 1),
		.capacity = capacity,
		.payload_size = (uint32_t)payload_size,
		.slot_words = bulkhead_ring_slot_size(payload_size) / 8,
		.head = 0,
	};
	__atomic_store_n(&h->magic, 0, __ATOMIC_RELEASE);
	__atomic_thread_fence(__ATOMIC_RELEASE);
	h->version = BULKHEAD_RING_VERSION;
	h->payload_size = (uint32_t)payload_size;
	h->slot_size = w->slot_words * 8;
	h->capacity = capacity;
	__atomic_store_n(&h->head, 0, __ATOMIC_RELAXED);
	__atomic_store_n(&h->closed, 0, __ATOMIC_RELAXED);
	__atomic_store_n(&h->magic, BULKHEAD_RING_MAGIC, __ATOMIC_RELEASE);
	return 0;
}

/*
 * Publish one record (payload_size bytes from payload) and return its
 * sequence number. Never waits: a full ring loses its oldest record.
 */
static inline uint64_t bulkhead_ring_write(struct bulkhead_ring_writer *w, const void *payload)
{
	uint64_t seq = w->head;
	uint64_t *slot = w->slots + (seq % w->capacity) * w->slot_words;

	/* Readers that see any new byte of the slot must also see head == seq. */
	__atomic_thread_fence(__ATOMIC_RELEASE);
	__atomic_store_n(&slot[0], seq, __ATOMIC_RELAXED);
	bulkhead_ring_put_words(slot + 1, payload, w->payload_size);
	w->head = seq + 1;
	__atomic_store_n(&w->header->head, seq + 1, __ATOMIC_RELEASE);
	return seq;
}

/* Say there will be no more records: readers get BULKHEAD_RING_CLOSED at the end. */
static inline void bulkhead_ring_close(struct bulkhead_ring_writer *w)
{
	__atomic_store_n(&w->header->closed, w->head + 1, __ATOMIC_RELEASE);
}

/*
 * Attach to the ring in a channel (either side), expecting records of
 * payload_size bytes, from the oldest record still in the ring. Returns 0,
 * BULKHEAD_RING_E_NOT_READY (poll again: the producer has not started) or
 * BULKHEAD_RING_E_GEOMETRY.
 */
static inline int bulkhead_ring_reader_attach(struct bulkhead_ring_reader *r,
					      const struct bulkhead_channel *channel,
					      size_t payload_size)
{
	const struct bulkhead_ring_header *h = (const struct bulkhead_ring_header *)channel->base;
	uint64_t head;

	if (channel->size < sizeof(*h) ||
	    __atomic_load_n(&h->magic, __ATOMIC_ACQUIRE) != BULKHEAD_RING_MAGIC)
		return BULKHEAD_RING_E_NOT_READY;
	if (h->version != BULKHEAD_RING_VERSION || h->payload_size != payload_size ||
	    h->slot_size != bulkhead_ring_slot_size(payload_size) || h->capacity == 0 ||
	    h->capacity > bulkhead_ring_capacity(channel->size, payload_size))
		return BULKHEAD_RING_E_GEOMETRY;
	head = __atomic_load_n(&h->head, __ATOMIC_ACQUIRE);
	*r = (struct bulkhead_ring_reader){
		.header = h,
		.slots = (const uint64_t *)(h + 1),
		.capacity = h->capacity,
		.payload_size = (uint32_t)payload_size,
		.slot_words = h->slot_size / 8,
		.tail = head >= h->capacity ? head - h->capacity + 1 : 0,
		.lost = 0,
	};
	return 0;
}

/*
 * Copy the reader's next record into payload (payload_size bytes) and its
 * sequence number into *seq. Returns BULKHEAD_RING_RECORD, BULKHEAD_RING_EMPTY,
 * BULKHEAD_RING_CLOSED, BULKHEAD_RING_E_RESET or BULKHEAD_RING_E_CORRUPT.
 * Records the producer overwrote first are skipped and counted in r->lost,
 * so *seq then jumps.
 */
static inline int bulkhead_ring_read(struct bulkhead_ring_reader *r, void *payload, uint64_t *seq)
{
	for (;;) {
		uint64_t head = __atomic_load_n(&r->header->head, __ATOMIC_ACQUIRE);
		const uint64_t *slot;
		uint64_t found;

		if (head < r->tail)
			return BULKHEAD_RING_E_RESET;
		if (head == r->tail) {
			uint64_t closed = __atomic_load_n(&r->header->closed, __ATOMIC_ACQUIRE);

			if (closed == 0)
				return BULKHEAD_RING_EMPTY;
			if (closed - 1 <= r->tail)
				return BULKHEAD_RING_CLOSED;
			continue; /* closed after more records: read them first */
		}
		/* Record head - capacity's slot is the next one the producer fills. */
		if (head - r->tail >= r->capacity) {
			r->lost += head - r->capacity + 1 - r->tail;
			r->tail = head - r->capacity + 1;
		}
		slot = r->slots + (r->tail % r->capacity) * r->slot_words;
		found = __atomic_load_n(&slot[0], __ATOMIC_RELAXED);
		bulkhead_ring_get_words(payload, slot + 1, r->payload_size);
		__atomic_thread_fence(__ATOMIC_ACQUIRE);
		head = __atomic_load_n(&r->header->head, __ATOMIC_RELAXED);
		if (head < r->tail)
			return BULKHEAD_RING_E_RESET;
		if (head - r->tail >= r->capacity)
			continue; /* overwritten (perhaps) while we copied it */
		if (found != r->tail)
			return BULKHEAD_RING_E_CORRUPT;
		*seq = r->tail++;
		return BULKHEAD_RING_RECORD;
	}
}

/* Records the producer has written so far (for progress reports). */
static inline uint64_t bulkhead_ring_written(const struct bulkhead_ring_reader *r)
{
	return __atomic_load_n(&r->header->head, __ATOMIC_ACQUIRE);
}

#endif
