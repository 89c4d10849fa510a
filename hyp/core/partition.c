// SPDX-License-Identifier: Apache-2.0
/*
 * Partition table, loading and life cycle (see partition.h).
 */
#include "partition.h"

#include <string.h>

#include "arch.h"
#include "bulkhead_abi.h"
#include "check.h"

static struct partition partitions[CONFIG_PARTITION_COUNT];

void partitions_init(void)
{
	for (unsigned i = 0; i < CONFIG_PARTITION_COUNT; i++) {
		struct partition *p = &partitions[i];

		p->cfg = &config_partitions[i];
		p->state = PARTITION_LOADED;
		p->exit_status = 0;
		p->console.len = 0;
		CHECK(p->cfg->cpu_count <= CONFIG_CPU_MAX_PER_PARTITION);
		for (uint32_t v = 0; v < p->cfg->cpu_count; v++)
			p->vcpus[v] = (struct vcpu){ p, v, p->cfg->cpus[v] };
	}
}

struct partition *partition_get(unsigned index)
{
	CHECK(index < CONFIG_PARTITION_COUNT);
	return &partitions[index];
}

struct vcpu *vcpu_of_cpu(unsigned pcpu)
{
	for (unsigned i = 0; i < CONFIG_PARTITION_COUNT; i++)
		for (uint32_t v = 0; v < partitions[i].cfg->cpu_count; v++)
			if (partitions[i].vcpus[v].pcpu == pcpu)
				return &partitions[i].vcpus[v];
	return NULL;
}

static void *ram_at(const struct partition_config *cfg, uint64_t ipa, uint64_t size)
{
	/* The config compiler placed both blobs inside RAM; a miss is our bug. */
	CHECK(ipa >= cfg->ram_ipa && size <= cfg->ram_size &&
	      ipa - cfg->ram_ipa <= cfg->ram_size - size);
	void *dst = arch_phys_to_virt(cfg->regions[0].pa + (ipa - cfg->ram_ipa), size);
	CHECK(dst != NULL);
	return dst;
}

void partition_load(struct partition *p)
{
	const struct partition_config *cfg = p->cfg;

	CHECK(cfg->regions[0].kind == MEM_KIND_RAM && cfg->regions[0].ipa == cfg->ram_ipa);
	/* Nothing from a previous run or from another owner may leak in. */
	memset(ram_at(cfg, cfg->ram_ipa, cfg->ram_size), 0, cfg->ram_size);
	memcpy(ram_at(cfg, cfg->dtb_ipa, cfg->dtb_size), cfg->dtb, cfg->dtb_size);
	memcpy(ram_at(cfg, cfg->image_ipa, cfg->image_size), cfg->image, cfg->image_size);
}

noreturn void partition_start_vcpu(struct vcpu *v)
{
	const struct partition_config *cfg = v->partition->cfg;

	v->partition->state = PARTITION_RUNNING;
	arch_vcpu_enter(v, cfg->entry_ipa, cfg->dtb_ipa, BULKHEAD_ENTRY_MAGIC,
			BULKHEAD_ABI_VERSION);
}

void partition_stop(struct partition *p, enum partition_state state, int64_t status)
{
	CHECK(state == PARTITION_EXITED || state == PARTITION_HALTED);
	console_partition_flush(p->cfg->name, &p->console);
	p->state = state;
	p->exit_status = status;
	if (state == PARTITION_EXITED)
		console_log("partition %s exited with status %lld", p->cfg->name,
			    (long long)status);
}

int partition_run_status(void)
{
	int status = BULKHEAD_RUN_OK;

	for (unsigned i = 0; i < CONFIG_PARTITION_COUNT; i++) {
		const struct partition *p = &partitions[i];

		if (p->state == PARTITION_HALTED)
			status = BULKHEAD_RUN_PARTITION_FAULT;
		else if (p->exit_status != 0 && status == BULKHEAD_RUN_OK)
			status = BULKHEAD_RUN_PARTITION_ERROR;
	}
	return status;
}

static bool all_stopped(unsigned *exited, unsigned *halted)
{
	bool done = true;

	*exited = *halted = 0;
	for (unsigned i = 0; i < CONFIG_PARTITION_COUNT; i++) {
		enum partition_state s = partitions[i].state;

		*exited += s == PARTITION_EXITED;
		*halted += s == PARTITION_HALTED;
		done = done && (s == PARTITION_EXITED || s == PARTITION_HALTED);
	}
	return done;
}

noreturn void partition_cpu_done(void)
{
	unsigned exited, halted;

	if (!all_stopped(&exited, &halted))
		arch_cpu_park();
	int status = partition_run_status();

	console_log("all partitions stopped (%u exited, %u halted); run status %d", exited, halted,
		    status);
	arch_shutdown(status);
}
