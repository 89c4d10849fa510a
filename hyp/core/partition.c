// SPDX-License-Identifier: Apache-2.0
/*
 * Partition table, loading and life cycle (see partition.h).
 */
#include "partition.h"

#include <string.h>

#include "arch.h"
#include "bulkhead_abi.h"
#include "check.h"
#include "pgtable.h"
#include "spinlock.h"

static struct partition partitions[CONFIG_PARTITION_COUNT];

/* Orders partition stops against the "is everyone done?" check, so exactly
 * the last CPU to stop sees every partition stopped. */
static struct spinlock run_lock = SPINLOCK_INIT;
static bool run_ending; /* under run_lock: exactly one CPU ends the run */

void partitions_init(void)
{
	run_ending = false;
	for (unsigned i = 0; i < CONFIG_PARTITION_COUNT; i++) {
		struct partition *p = &partitions[i];

		p->cfg = &config_partitions[i];
		p->image = p->cfg->image;
		p->dtb = p->cfg->dtb;
		p->state = PARTITION_LOADED;
		atomic_store(&p->request, PARTITION_REQUEST_NONE);
		p->restarts = 0;
		p->exit_status = 0;
		p->console.len = 0;
		CHECK(p->cfg->cpu_count <= CONFIG_CPU_MAX_PER_PARTITION);
		for (uint32_t v = 0; v < p->cfg->cpu_count; v++) {
			p->vcpus[v] = (struct vcpu){ .partition = p, .index = v,
						     .pcpu = p->cfg->cpus[v] };
			atomic_store(&p->vcpus[v].power, v == 0 ? VCPU_ON : VCPU_OFF);
		}
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
	CHECK(ipa >= cfg->ram.ipa && size <= cfg->ram.size &&
	      ipa - cfg->ram.ipa <= cfg->ram.size - size);
	void *dst = arch_phys_to_virt(cfg->ram.pa + (ipa - cfg->ram.ipa), size);
	CHECK(dst != NULL);
	return dst;
}

/* firmware.bin's in-place payloads already lie where they run (the loader
 * put them there, the verifier checked them): only the rest of the RAM is
 * zeroed. The config compiler puts the Devicetree below the image. */
static void zero_between(unsigned char *from, unsigned char *to)
{
	/* Bytewise to a page boundary, then the fast way (most of the RAM). */
	uintptr_t page = ((uintptr_t)from + PAGE_SIZE - 1) & ~(uintptr_t)(PAGE_SIZE - 1);
	unsigned char *aligned = (unsigned char *)page < to ? (unsigned char *)page : to;

	memset(from, 0, (size_t)(aligned - from));
	if (aligned < to)
		arch_zero_memory(aligned, (uint64_t)(to - aligned));
}

static void load_in_place(const struct partition_config *cfg, unsigned char *ram,
			  unsigned char *dtb, unsigned char *image)
{
	unsigned char *end = ram + cfg->ram.size;

	CHECK(ram <= dtb && dtb + cfg->dtb_size <= image && image + cfg->image_size <= end);
	zero_between(ram, dtb);
	zero_between(dtb + cfg->dtb_size, image);
	zero_between(image + cfg->image_size, end);
}

void partition_load(struct partition *p)
{
	const struct partition_config *cfg = p->cfg;
	unsigned char *ram = ram_at(cfg, cfg->ram.ipa, cfg->ram.size);
	unsigned char *dtb = ram_at(cfg, cfg->dtb_ipa, cfg->dtb_size);
	unsigned char *image = ram_at(cfg, cfg->image_ipa, cfg->image_size);

	CHECK(p->image != NULL && p->dtb != NULL);
	if (p->image == image && p->dtb == dtb) {
		load_in_place(cfg, ram, dtb, image);
		return;
	}
	/* Nothing from a previous run or from another owner may leak in. */
	arch_zero_memory(ram, cfg->ram.size);
	memcpy(dtb, p->dtb, cfg->dtb_size);
	memcpy(image, p->image, cfg->image_size);
}

noreturn void partition_start_vcpu(struct vcpu *v)
{
	const struct partition_config *cfg = v->partition->cfg;

	v->partition->state = PARTITION_RUNNING;
	arch_partition_started(cfg);
	arch_vcpu_enter(v, cfg->entry_ipa, cfg->dtb_ipa, BULKHEAD_ENTRY_MAGIC,
			BULKHEAD_ABI_VERSION);
}

noreturn void vcpu_run(struct vcpu *v)
{
	if (atomic_load(&v->power) == VCPU_ON)
		partition_start_vcpu(v); /* vCPU 0 at the partition's start */
	while (atomic_load(&v->power) != VCPU_ON_PENDING)
		arch_cpu_wait();
	atomic_store(&v->power, VCPU_ON);
	/* PSCI CPU_ON: x0 carries the caller's context id (ARM DEN 0022, 6.4). */
	arch_vcpu_enter(v, v->entry, v->context, 0, 0);
}

static bool in_ram(const struct partition_config *cfg, uint64_t ipa)
{
	return ipa >= cfg->ram.ipa && ipa - cfg->ram.ipa < cfg->ram.size;
}

int64_t partition_vcpu_on(struct partition *p, uint64_t target, uint64_t entry, uint64_t context)
{
	int expected = VCPU_OFF;

	/* A partition names its CPUs 0..n-1; anything else is not its own. */
	if (target >= p->cfg->cpu_count)
		return PSCI_E_DENIED;
	if (!in_ram(p->cfg, entry))
		return PSCI_E_INVALID_ADDRESS;
	struct vcpu *v = &p->vcpus[target];

	if (atomic_load(&v->power) != VCPU_OFF)
		return PSCI_E_ALREADY_ON;
	v->entry = entry;
	v->context = context;
	/* Publish entry and context before the state the waiting CPU polls. */
	if (!atomic_compare_exchange_strong(&v->power, &expected, VCPU_ON_PENDING))
		return PSCI_E_ALREADY_ON;
	arch_cpu_wake_all();
	return 0;
}

int64_t partition_vcpu_state(const struct partition *p, uint64_t target)
{
	if (target >= p->cfg->cpu_count)
		return PSCI_E_INVALID_PARAMETERS;
	switch (atomic_load(&p->vcpus[target].power)) {
	case VCPU_ON:
		return 0;
	case VCPU_ON_PENDING:
		return 2;
	default:
		return 1;
	}
}

/* Kick every other running vCPU of the partition out of the guest. */
static void recall_vcpus(struct partition *p, enum partition_request request)
{
	atomic_store(&p->request, request);
	for (uint32_t i = 0; i < p->cfg->cpu_count; i++) {
		struct vcpu *u = &p->vcpus[i];

		if (u->pcpu != arch_cpu_id() && atomic_load(&u->power) != VCPU_OFF)
			arch_vcpu_kick(u->pcpu);
	}
}

void partition_request_restart(struct partition *p)
{
	console_partition_flush(p->cfg->name, &p->console);
	recall_vcpus(p, PARTITION_REQUEST_RESTART);
}

static bool all_vcpus_off(const struct partition *p)
{
	for (uint32_t i = 0; i < p->cfg->cpu_count; i++)
		if (atomic_load(&p->vcpus[i].power) != VCPU_OFF)
			return false;
	return true;
}

noreturn void partition_vcpu_off(struct vcpu *v)
{
	struct partition *p = v->partition;
	bool last;

	/* Two vCPUs that turn off at once must not both see the partition
	 * empty (and stop it twice): store and look under one lock. */
	spin_lock(&run_lock);
	atomic_store(&v->power, VCPU_OFF);
	last = all_vcpus_off(p);
	spin_unlock(&run_lock);
	if (last) {
		/* Its last CPU went off: the partition has nothing left to run. */
		partition_stop(p, PARTITION_EXITED, 0);
		partition_leave(v);
	}
	vcpu_run(v);
}

/* On vCPU 0's CPU, once every vCPU has left: a fresh start from the
 * pristine image, as if the partition had never run. */
static noreturn void restart(struct vcpu *v0)
{
	struct partition *p = v0->partition;

	while (!all_vcpus_off(p))
		arch_cpu_wait();
	partition_load(p);
	p->restarts++;
	console_partition_flush(p->cfg->name, &p->console);
	for (uint32_t i = 1; i < p->cfg->cpu_count; i++)
		p->vcpus[i].entry = p->vcpus[i].context = 0;
	atomic_store(&v0->power, VCPU_ON);
	atomic_store(&p->request, PARTITION_REQUEST_NONE);
	console_log("partition %s restarted (%u/%u)", p->cfg->name, p->restarts,
		    p->cfg->max_restarts);
	partition_start_vcpu(v0);
}

noreturn void partition_leave(struct vcpu *v)
{
	struct partition *p = v->partition;

	atomic_store(&v->power, VCPU_OFF);
	arch_cpu_wake_all();
	if (atomic_load(&p->request) == PARTITION_REQUEST_RESTART) {
		if (v->index == 0)
			restart(v);
		vcpu_run(v);
	}
	partition_cpu_done();
}

enum trap_action partition_kicked(const struct vcpu *v)
{
	return atomic_load(&v->partition->request) != PARTITION_REQUEST_NONE ? TRAP_VCPU_STOPPED
									       : TRAP_RESUME;
}

void partition_stop(struct partition *p, enum partition_state state, int64_t status)
{
	CHECK(state == PARTITION_EXITED || state == PARTITION_HALTED);
	/* Everything it has to say goes out before it counts as stopped: the
	 * last CPU to see every partition stopped ends the run at once. */
	console_partition_flush(p->cfg->name, &p->console);
	if (state == PARTITION_EXITED)
		console_log("partition %s exited with status %lld", p->cfg->name,
			    (long long)status);
	spin_lock(&run_lock);
	p->state = state;
	p->exit_status = status;
	spin_unlock(&run_lock);
	recall_vcpus(p, PARTITION_REQUEST_STOP);
}

int partition_run_status(void)
{
	int status = BULKHEAD_RUN_OK;

	for (unsigned i = 0; i < CONFIG_PARTITION_COUNT; i++) {
		const struct partition *p = &partitions[i];

		if (p->state == PARTITION_REFUSED)
			return BULKHEAD_RUN_FIRMWARE_REFUSED;
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
		done = done && (s == PARTITION_EXITED || s == PARTITION_HALTED ||
				s == PARTITION_REFUSED);
	}
	return done;
}

noreturn void partition_cpu_done(void)
{
	unsigned exited, halted;
	bool done;
	int status;

	spin_lock(&run_lock);
	done = all_stopped(&exited, &halted) && !run_ending;
	run_ending |= done;
	status = partition_run_status();
	spin_unlock(&run_lock);
	if (!done)
		arch_cpu_park();

	console_log("all partitions stopped (%u exited, %u halted); run status %d", exited, halted,
		    status);
	arch_shutdown(status);
}
