/* SPDX-License-Identifier: Apache-2.0 */
/*
 * A two-way link with doorbells, for the apps that bounce messages between
 * two parties (pingpong, bench):
 *
 * - under Bulkhead, between two partitions: two channels, one written by
 *   each end, each with a doorbell at its reading end; notifying is the
 *   CHANNEL_NOTIFY hypercall (bulkhead_channel_notify());
 * - natively, between two CPUs of one machine: two buffers in RAM, and an
 *   SGI to the other CPU as the doorbell. The same protocol then runs
 *   without a hypervisor, which gives the benchmarks their native baseline.
 *
 * Each side counts the doorbells it received (link.doorbells), so an app
 * can tell a message it found by looking from one it was told about.
 */
#ifndef APPS_COMMON_LINK_H
#define APPS_COMMON_LINK_H

#include <stdatomic.h>
#include <stdbool.h>
#include <stdint.h>

#include <bulkhead/guest.h>
#include <bulkhead/irq.h>

struct link {
	bool native;
	void *out;                  /* where this side writes */
	const void *in;             /* where it reads */
	size_t size;                /* bytes of each */
	struct bulkhead_channel out_ch, in_ch; /* under Bulkhead */
	unsigned int peer_cpu, sgi; /* natively */
	atomic_uint doorbells;      /* received */
};

/* Interrupt handlers are per INTID, not per CPU: natively both CPUs take
 * the same SGI, so the handler finds the link of the CPU it runs on. */
static struct link *link_of_cpu[BULKHEAD_CPU_MAX];

static inline void link_doorbell(unsigned int intid, void *arg)
{
	struct link *l = link_of_cpu[bulkhead_cpu_id() % BULKHEAD_CPU_MAX];

	(void)intid;
	(void)arg;
	if (l != NULL)
		atomic_fetch_add(&l->doorbells, 1);
}

/*
 * Under Bulkhead: write channel `out_name`, read `in_name`, whose doorbell
 * this CPU takes. 0, or a short reason in *why.
 */
static inline int link_open_channels(struct link *l, const char *out_name, const char *in_name,
				     const char **why)
{
	l->native = false;
	if (bulkhead_channel_find(out_name, &l->out_ch) != 0 || !l->out_ch.writable ||
	    l->out_ch.id < 0) {
		*why = "no writable channel with a channel-id to send on";
		return -1;
	}
	if (bulkhead_channel_find(in_name, &l->in_ch) != 0 || l->in_ch.doorbell == 0) {
		*why = "no channel with a doorbell to receive on";
		return -1;
	}
	l->out = l->out_ch.base;
	l->in = l->in_ch.base;
	link_of_cpu[bulkhead_cpu_id() % BULKHEAD_CPU_MAX] = l;
	l->size = l->out_ch.size < l->in_ch.size ? l->out_ch.size : l->in_ch.size;
	if (bulkhead_channel_on_doorbell(&l->in_ch, link_doorbell, l) != 0) {
		*why = "cannot take the doorbell interrupt";
		return -1;
	}
	return 0;
}

/*
 * Under Bulkhead, by shape rather than by name: send on the first channel
 * this partition writes (it needs a channel-id), receive on the first it
 * reads that has a doorbell. *first is whether the config's first channel
 * of this partition is one it writes: of two partitions with a channel each
 * way, exactly one says so, and apps make that one the initiator.
 */
static inline int link_open_any(struct link *l, bool *first, const char **why)
{
	struct bulkhead_channel ch;
	const char *out = NULL, *in = NULL;

	*first = false;
	for (unsigned int i = 0; bulkhead_channel_get(i, &ch) == 0; i++) {
		if (i == 0)
			*first = ch.writable;
		if (ch.writable && ch.id >= 0 && out == NULL)
			out = ch.name;
		if (!ch.writable && ch.doorbell != 0 && in == NULL)
			in = ch.name;
	}
	if (out == NULL || in == NULL) {
		*why = "no pair of channels (one written, one read with a doorbell)";
		return -1;
	}
	return link_open_channels(l, out, in, why);
}

/* Natively: buffers `out` and `in` of `size` bytes, SGI `sgi` both ways;
 * the calling CPU takes its SGI. */
static inline int link_open_native(struct link *l, void *out, const void *in, size_t size,
				   unsigned int peer_cpu, unsigned int sgi, const char **why)
{
	l->native = true;
	l->out = out;
	l->in = in;
	l->size = size;
	l->peer_cpu = peer_cpu;
	l->sgi = sgi;
	link_of_cpu[bulkhead_cpu_id() % BULKHEAD_CPU_MAX] = l;
	if (bulkhead_irq_handler(sgi, link_doorbell, l) != 0 || bulkhead_intid_enable(sgi) != 0) {
		*why = "cannot take the SGI";
		return -1;
	}
	return 0;
}

/* Ring the other side's doorbell (after publishing what it should see). */
static inline long link_notify(struct link *l)
{
	if (l->native)
		return bulkhead_sgi_send(l->sgi, l->peer_cpu);
	return bulkhead_channel_notify(&l->out_ch);
}

#endif
