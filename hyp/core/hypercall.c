// SPDX-License-Identifier: Apache-2.0
/*
 * Hypercalls (see hypercall.h). Each handler checks its arguments against
 * the caller's own memory before using them.
 */
#include "hypercall.h"

#include <string.h>

#include "arch.h"
#include "bulkhead_abi.h"
#include "config.h"
#include "console.h"
#include "guest_memory.h"
#include "partition.h"

static enum trap_action console_write(struct vcpu *v, struct hypercall *hc)
{
	struct partition *p = v->partition;
	uint64_t len = hc->arg[1];
	/* The whole buffer must be the caller's; one call takes only its first
	 * BULKHEAD_CONSOLE_WRITE_MAX bytes, so the time spent here is bounded. */
	const char *buf = guest_memory(p, hc->arg[0], len, MEM_R);

	if (buf == NULL) {
		hc->ret[0] = BULKHEAD_E_DENIED;
		return TRAP_RESUME;
	}
	if (len > BULKHEAD_CONSOLE_WRITE_MAX)
		len = BULKHEAD_CONSOLE_WRITE_MAX;
	console_partition_write(p->cfg->name, &p->console, buf, len);
	hc->ret[0] = (int64_t)len;
	return TRAP_RESUME;
}

static enum trap_action partition_exit(struct vcpu *v, struct hypercall *hc)
{
	partition_stop(v->partition, PARTITION_EXITED, (int64_t)hc->arg[0]);
	return TRAP_VCPU_STOPPED;
}

static enum trap_action partition_info(struct vcpu *v, struct hypercall *hc)
{
	const struct partition_config *cfg = v->partition->cfg;
	struct bulkhead_partition_info info = {
		.abi_version = BULKHEAD_ABI_VERSION,
		.partition_id = cfg->id,
		.cpu_count = cfg->cpu_count,
		.vcpu_index = v->index,
		.ram_base = cfg->ram.ipa,
		.ram_size = cfg->ram.size,
	};
	void *dst;

	if (hc->arg[1] < sizeof(info)) {
		hc->ret[0] = BULKHEAD_E_INVALID;
		return TRAP_RESUME;
	}
	dst = guest_memory(v->partition, hc->arg[0], sizeof(info), MEM_W);
	if (dst == NULL) {
		hc->ret[0] = BULKHEAD_E_DENIED;
		return TRAP_RESUME;
	}
	strncpy(info.name, cfg->name, sizeof(info.name) - 1);
	memcpy(dst, &info, sizeof(info));
	hc->ret[0] = BULKHEAD_OK;
	return TRAP_RESUME;
}

static enum trap_action version(struct vcpu *v, struct hypercall *hc)
{
	(void)v;
	hc->ret[0] = BULKHEAD_ABI_VERSION;
	return TRAP_RESUME;
}

/* Find the caller's end of channel `id`; then raise every other end's doorbell. */
static enum trap_action channel_notify(struct vcpu *v, struct hypercall *hc)
{
	const struct channel_config *ch;
	uint32_t self = v->partition->cfg->id, notified = 0;
	bool member = false;

	/* A variable, not the macro: with no channels the test is always true. */
	static const uint64_t channel_count = CONFIG_CHANNEL_COUNT;

	if (hc->arg[0] >= channel_count) {
		hc->ret[0] = BULKHEAD_E_INVALID;
		return TRAP_RESUME;
	}
	ch = &config_channels[hc->arg[0]];
	for (uint32_t i = 0; i < ch->end_count; i++)
		member |= ch->ends[i].partition == self;
	if (!member) {
		hc->ret[0] = BULKHEAD_E_DENIED;
		return TRAP_RESUME;
	}
	for (uint32_t i = 0; i < ch->end_count; i++) {
		const struct channel_end_config *end = &ch->ends[i];
		struct partition *peer = partition_get(end->partition);

		if (end->partition == self || end->doorbell == 0 || peer->state != PARTITION_RUNNING)
			continue;
		arch_raise_virtual_irq(peer, end->doorbell);
		notified++;
	}
	hc->ret[0] = notified;
	return TRAP_RESUME;
}

struct hypercall_entry {
	uint32_t fid;
	enum trap_action (*handle)(struct vcpu *v, struct hypercall *hc);
};

static const struct hypercall_entry hypercalls[] = {
	{ BULKHEAD_HC_VERSION, version },
	{ BULKHEAD_HC_CONSOLE_WRITE, console_write },
	{ BULKHEAD_HC_PARTITION_EXIT, partition_exit },
	{ BULKHEAD_HC_PARTITION_INFO, partition_info },
	{ BULKHEAD_HC_CHANNEL_NOTIFY, channel_notify },
};

enum trap_action hypercall_handle(struct vcpu *v, struct hypercall *hc)
{
	for (size_t i = 0; i < sizeof(hypercalls) / sizeof(hypercalls[0]); i++)
		if (hypercalls[i].fid == hc->fid)
			return hypercalls[i].handle(v, hc);
	hc->ret[0] = BULKHEAD_E_NOT_SUPPORTED;
	return TRAP_RESUME;
}
