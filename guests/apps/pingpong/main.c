// SPDX-License-Identifier: Apache-2.0
/*
 * pingpong: 1000 round trips between two parties over shared memory with
 * doorbells, every message checked on both sides.
 *
 * Under Bulkhead: two partitions and two channels, "ping" (written by the
 * pinger, read by the ponger) and "pong" (the other way), each with a
 * doorbell at its reading end (../common/link.h). The partition that can
 * write "ping" is the pinger, the other the ponger: no names needed.
 * Natively: CPU 0 pings, CPU 1 pongs, through two buffers in RAM with an
 * SGI as the doorbell (-smp 2 at least).
 *
 * Message i (1..1000) carries its sequence number, a length that varies
 * with i, a payload generated from i, and a CRC-32 over all of it. The
 * ponger checks the sequence (no gap, no repeat), the CRC and the payload,
 * and answers with the same sequence number and the payload inverted (so
 * the answer proves it read the message); the pinger checks that answer
 * the same way. Then the pinger sends a "quit" and both report:
 *
 *     pingpong: 1000 round trips, all content checked
 *     pingpong: answered 1000 messages, all content checked
 *
 * Every wait sleeps (wfi) until a doorbell, and also looks again every
 * 10 ms, so a lost doorbell costs time rather than the run; each side
 * reports how many doorbells it got, which must be one per message.
 *
 * Exit status: 0 all checked; 1 a message or answer was wrong; 2 no usable
 * link (missing channels, doorbells, or a second CPU natively); 3 the peer
 * did not answer in time; 4 all content right, but doorbells were missing.
 */
#include <stdatomic.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <bulkhead/guest.h>
#include <bulkhead/irq.h>

#include "../common/link.h"
#include "../common/sample.h" /* sample_crc32() */
#include "../common/wait.h"

#define PP_ROUNDS      1000u
#define PP_PAYLOAD_MAX 240u
#define PP_HELLO       0x484c4f00u /* "HLO": the ponger is ready */
#define PP_QUIT        UINT64_MAX
#define PP_NATIVE_SGI  5
#define PP_TIMEOUT_MS  5000

struct pp_msg {
	uint64_t seq;     /* published last, with release; 0: nothing yet */
	uint32_t len;     /* payload bytes */
	uint32_t hello;   /* PP_HELLO in the ponger's first word out */
	uint32_t crc;     /* CRC-32 of seq, len and payload[0..len) */
	uint8_t payload[PP_PAYLOAD_MAX];
};

struct pp_side {
	struct link link;
	unsigned int fallbacks; /* messages found before their doorbell came */
};

/* Under Bulkhead side 0 is this partition; natively CPU 0 and CPU 1. */
static struct pp_side pp_sides[2];

/* Native mode's two buffers (one per direction), and CPU 1's result. */
static struct pp_msg pp_native_ping, pp_native_pong;
static atomic_int pp_native_pong_status = -1;

static uint8_t pp_byte(uint64_t seq, uint32_t i)
{
	uint64_t x = seq * 0x9e3779b97f4a7c15ull + i * 0xbf58476d1ce4e5b9ull;

	x ^= x >> 29;
	return (uint8_t)(x * 0x94d049bb133111ebull >> 56);
}

static uint32_t pp_len(uint64_t seq)
{
	return 16 + (uint32_t)(seq * 37 % (PP_PAYLOAD_MAX - 16 + 1));
}

static uint32_t pp_crc(uint64_t seq, uint32_t len, const volatile uint8_t *payload)
{
	uint8_t copy[PP_PAYLOAD_MAX];
	uint32_t crc;

	for (uint32_t i = 0; i < len; i++)
		copy[i] = payload[i];
	crc = sample_crc32(0, &seq, sizeof(seq));
	crc = sample_crc32(crc, &len, sizeof(len));
	return sample_crc32(crc, copy, len);
}

/* Write message `seq` (inverted payload for an answer) and publish it. */
static void pp_send(struct pp_side *side, uint64_t seq, bool answer)
{
	volatile struct pp_msg *m = side->link.out;
	uint32_t len = seq == PP_QUIT ? 0 : pp_len(seq);

	for (uint32_t i = 0; i < len; i++)
		m->payload[i] = answer ? (uint8_t)~pp_byte(seq, i) : pp_byte(seq, i);
	m->len = len;
	m->crc = pp_crc(seq, len, m->payload);
	__atomic_store_n((uint64_t *)&m->seq, seq, __ATOMIC_RELEASE);
	link_notify(&side->link);
}

static uint64_t pp_seen(const struct pp_side *side)
{
	return __atomic_load_n((const uint64_t *)&((const struct pp_msg *)side->link.in)->seq,
			       __ATOMIC_ACQUIRE);
}

/* Check what arrived as message `seq`; a one-line reason if it is wrong. */
static const char *pp_check(const struct pp_side *side, uint64_t seq, bool answer)
{
	const volatile struct pp_msg *m = side->link.in;
	uint32_t len = m->len;

	if (len != pp_len(seq))
		return "wrong length";
	if (m->crc != pp_crc(seq, len, m->payload))
		return "bad CRC-32";
	for (uint32_t i = 0; i < len; i++)
		if (m->payload[i] != (answer ? (uint8_t)~pp_byte(seq, i) : pp_byte(seq, i)))
			return "wrong payload";
	return NULL;
}

struct pp_until {
	const struct pp_side *side;
	uint64_t seq; /* wait for seq >= this, or a hello */
	bool hello;
};

static bool pp_arrived(void *arg)
{
	const struct pp_until *u = arg;

	if (u->hello)
		return ((const volatile struct pp_msg *)u->side->link.in)->hello == PP_HELLO;
	return pp_seen(u->side) >= u->seq;
}

/* Sleep until it arrives, looking again every 10 ms; false after the timeout. */
static bool pp_wait(struct pp_side *side, struct pp_until *u)
{
	unsigned int doorbells = atomic_load(&side->link.doorbells);

	u->side = side;
	for (unsigned int slice = 0; slice < PP_TIMEOUT_MS / 10; slice++) {
		if (app_wait_until(pp_arrived, u, app_ms(10))) {
			/* Found it, but no doorbell came with it (yet)? */
			if (atomic_load(&side->link.doorbells) == doorbells)
				side->fallbacks++;
			return true;
		}
	}
	return false;
}

/*
 * Every message after the hello must have rung the doorbell: at least
 * PP_ROUNDS of them (the hello's may come before this side took its
 * doorbell, and is not counted on). Status 4 if not.
 */
static bool pp_all_rung(void *arg)
{
	return atomic_load(&((const struct pp_side *)arg)->link.doorbells) >= PP_ROUNDS;
}

static int pp_doorbells_ok(struct pp_side *side)
{
	/* The last one may still be on its way. */
	if (app_wait_until(pp_all_rung, side, app_ms(100)))
		return 0;
	bulkhead_print("pingpong: DOORBELLS MISSING: %u received for %u messages\n",
		       atomic_load(&side->link.doorbells), PP_ROUNDS);
	return 4;
}

/* The pinger; it may use stdio (always CPU 0). */
static int pp_ping(struct pp_side *side)
{
	struct pp_until u = { .hello = true };
	int status;

	if (!pp_wait(side, &u)) {
		printf("pingpong: no hello from the ponger within %u ms\n", PP_TIMEOUT_MS);
		return 3;
	}
	u.hello = false;
	for (uint64_t seq = 1; seq <= PP_ROUNDS; seq++) {
		const char *wrong;

		pp_send(side, seq, false);
		u.seq = seq;
		if (!pp_wait(side, &u)) {
			printf("pingpong: no answer to message %llu within %u ms\n",
			       (unsigned long long)seq, PP_TIMEOUT_MS);
			return 3;
		}
		if (pp_seen(side) != seq) {
			printf("pingpong: answer %llu to message %llu\n",
			       (unsigned long long)pp_seen(side), (unsigned long long)seq);
			return 1;
		}
		wrong = pp_check(side, seq, true);
		if (wrong != NULL) {
			printf("pingpong: answer to message %llu: %s\n", (unsigned long long)seq,
			       wrong);
			return 1;
		}
	}
	pp_send(side, PP_QUIT, false);
	printf("pingpong: %u round trips, all content checked\n", PP_ROUNDS);
	status = pp_doorbells_ok(side);
	printf("pingpong: %u doorbells received, %u messages seen before their doorbell\n",
	       atomic_load(&side->link.doorbells), side->fallbacks);
	return status;
}

/* The ponger; natively it runs on CPU 1, so bulkhead_print() only. */
static int pp_pong(struct pp_side *side)
{
	volatile struct pp_msg *out = side->link.out;
	struct pp_until u = { .hello = false };
	uint64_t answered = 0;
	int status;

	out->hello = PP_HELLO;
	__atomic_thread_fence(__ATOMIC_SEQ_CST);
	link_notify(&side->link);
	for (uint64_t seq = 1;; seq++) {
		const char *wrong;
		uint64_t got;

		u.seq = seq;
		if (!pp_wait(side, &u)) {
			bulkhead_print("pingpong: no message %llu within %u ms\n",
				       (unsigned long long)seq, PP_TIMEOUT_MS);
			return 3;
		}
		got = pp_seen(side);
		if (got == PP_QUIT)
			break;
		if (got != seq) {
			bulkhead_print("pingpong: message %llu where %llu was due\n",
				       (unsigned long long)got, (unsigned long long)seq);
			return 1;
		}
		wrong = pp_check(side, seq, false);
		if (wrong != NULL) {
			bulkhead_print("pingpong: message %llu: %s\n", (unsigned long long)seq,
				       wrong);
			return 1;
		}
		pp_send(side, seq, true);
		answered++;
	}
	bulkhead_print("pingpong: answered %llu messages, all content checked\n",
		       (unsigned long long)answered);
	status = pp_doorbells_ok(side);
	bulkhead_print("pingpong: %u doorbells received, %u messages seen before "
		       "their doorbell\n", atomic_load(&side->link.doorbells), side->fallbacks);
	return answered != PP_ROUNDS ? 1 : status;
}

/* Native mode's CPU 1. */
static void pp_native_pong_cpu(void *arg)
{
	struct pp_side *side = &pp_sides[1];
	const char *why;

	(void)arg;
	if (link_open_native(&side->link, &pp_native_pong, &pp_native_ping, sizeof(struct pp_msg),
			     0, PP_NATIVE_SGI, &why) != 0) {
		bulkhead_print("pingpong: cpu 1: %s\n", why);
		atomic_store(&pp_native_pong_status, 2);
		return;
	}
	bulkhead_irq_enable();
	atomic_store(&pp_native_pong_status, pp_pong(side));
	bulkhead_irq_disable();
}

static bool pp_native_pong_done(void *arg)
{
	(void)arg;
	return atomic_load(&pp_native_pong_status) >= 0;
}

static int pp_native(void)
{
	struct pp_side *side = &pp_sides[0];
	const char *why;
	int status, err;

	if (bulkhead_cpu_count() < 2) {
		printf("pingpong: natively it needs two CPUs (-smp 2)\n");
		return 2;
	}
	printf("pingpong: native, cpu 0 pings cpu 1 through RAM, SGI %u as the doorbell\n",
	       PP_NATIVE_SGI);
	if (link_open_native(&side->link, &pp_native_ping, &pp_native_pong, sizeof(struct pp_msg),
			     1, PP_NATIVE_SGI, &why) != 0) {
		printf("pingpong: %s\n", why);
		return 2;
	}
	bulkhead_irq_enable();
	err = bulkhead_cpu_start(1, pp_native_pong_cpu, NULL);
	if (err != 0) {
		printf("pingpong: cpu 1 did not start (%s)\n", bulkhead_psci_name(err));
		return 2;
	}
	status = pp_ping(side);
	if (!app_wait_until(pp_native_pong_done, NULL, app_ms(PP_TIMEOUT_MS)))
		return status != 0 ? status : 3;
	bulkhead_irq_disable();
	return status != 0 ? status : atomic_load(&pp_native_pong_status);
}

int main(void)
{
	struct pp_side *side = &pp_sides[0];
	struct bulkhead_channel ping;
	const char *why;
	int status;

	if (bulkhead_irq_init() != 0) {
		printf("pingpong: no usable GIC in the Devicetree\n");
		return 2;
	}
	if (!bulkhead_present())
		return pp_native();
	if (bulkhead_channel_find("ping", &ping) != 0) {
		printf("pingpong: no channel \"ping\"\n");
		return 2;
	}
	if (ping.writable) {
		if (link_open_channels(&side->link, "ping", "pong", &why) != 0) {
			printf("pingpong: pinger: %s\n", why);
			return 2;
		}
		printf("pingpong: pinger, doorbell INTID %u\n", side->link.in_ch.doorbell);
		bulkhead_irq_enable();
		status = pp_ping(side);
	} else {
		if (link_open_channels(&side->link, "pong", "ping", &why) != 0) {
			printf("pingpong: ponger: %s\n", why);
			return 2;
		}
		printf("pingpong: ponger, doorbell INTID %u\n", side->link.in_ch.doorbell);
		bulkhead_irq_enable();
		status = pp_pong(side);
	}
	bulkhead_irq_disable();
	return status;
}
