// SPDX-License-Identifier: Apache-2.0
/*
 * The portable boot sequence (see hyp_main.h).
 */
#include "hyp_main.h"

#include <string.h>

#include "arch.h"
#include "board_check.h"
#include "bulkhead_abi.h"
#include "certify.h"
#include "config.h"
#include "console.h"
#include "firmware_boot.h"
#include "format.h"
#include "partition.h"
#include "version.h"

/* The banner warns when firmware.bin was signed with a checkout's own key. */
#if CONFIG_FIRMWARE_IMAGE
#define SIGNING_KEY_NOTE \
	(fw_trusted_key_is_development ? ", DEVELOPMENT KEY - not for production" : "")
#else
#define SIGNING_KEY_NOTE ""
#endif

static void format_cpus(const struct partition_config *cfg, char *buf, size_t size)
{
	size_t n = 0;

	buf[0] = '\0';
	for (uint32_t i = 0; i < cfg->cpu_count && n < size; i++)
		n += format(buf + n, size - n, i == 0 ? "%u" : ",%u", cfg->cpus[i]);
}

static void print_partition_table(void)
{
	console_log("%-12s %-8s %-36s %-14s %s", "partition", "cpus", "RAM (physical)", "image",
		    "sha256");
	for (unsigned i = 0; i < CONFIG_PARTITION_COUNT; i++) {
		const struct partition_config *cfg = partition_get(i)->cfg;
		char cpus[24], ram[48], sha[65];

		format_cpus(cfg, cpus, sizeof(cpus));
		format(ram, sizeof(ram), "0x%llx-0x%llx (%llu MiB)",
		       (unsigned long long)cfg->ram.pa,
		       (unsigned long long)(cfg->ram.pa + cfg->ram.size - 1),
		       (unsigned long long)(cfg->ram.size >> 20));
		for (int b = 0; b < 32; b++)
			format(&sha[2 * b], 3, "%02x", cfg->image_sha256[b]);
		console_log("%-12s %-8s %-36s %-14s %s", cfg->name, cpus, ram, cfg->image_name, sha);
	}
}

/* A vCPU whose partition may run: not one firmware_boot() refused. */
static struct vcpu *runnable_vcpu_of_cpu(unsigned cpu)
{
	struct vcpu *v = vcpu_of_cpu(cpu);

	return v != NULL && v->partition->state != PARTITION_REFUSED ? v : NULL;
}

/* Every CPU with a vCPU is started now; the others stay powered off: the
 * hypervisor never runs anything on a CPU no partition owns. */
static void start_other_cpus(unsigned self)
{
	for (unsigned cpu = 0; cpu < CONFIG_CPU_COUNT; cpu++) {
		if (cpu == self)
			continue;
		if (runnable_vcpu_of_cpu(cpu) == NULL) {
			console_log("cpu %u: no partition%s, left powered off", cpu,
				    vcpu_of_cpu(cpu) != NULL ? " that may start" : "");
			continue;
		}
		if (!arch_cpu_start(cpu)) {
			console_log("boot refused: the firmware would not start cpu %u", cpu);
			arch_shutdown(BULKHEAD_RUN_BOOT_REFUSED);
		}
	}
}

noreturn void hyp_secondary_main(unsigned cpu)
{
	struct vcpu *v = vcpu_of_cpu(cpu);

	if (v == NULL)
		arch_cpu_park();
	vcpu_run(v);
}

/* The boot command line asked for the certify dump (certify.h). */
static bool certify_asked;

void hyp_check_machine(const struct machine_facts *facts)
{
	char why[2 * CONSOLE_LINE_MAX]; /* as much as console_log() prints */

	console_log("Bulkhead %s on board %s (%s), %u partition%s%s", BULKHEAD_VERSION,
		    config_board.name, arch_description, CONFIG_PARTITION_COUNT,
		    CONFIG_PARTITION_COUNT == 1 ? "" : "s", SIGNING_KEY_NOTE);
	if (!board_check_facts(facts, why, sizeof(why))) {
		console_log("%s", why);
		arch_shutdown(BULKHEAD_RUN_BOOT_REFUSED);
	}
	certify_asked = facts->certify_dump;
}

void hyp_check_board(const void *fdt)
{
	struct machine_facts facts;

	board_facts_from_fdt(fdt, &facts);
	hyp_check_machine(&facts);
}

/* Channels start empty: whatever the RAM held before must not reach a
 * partition. Only at boot: a restarting partition keeps its channels. */
static void channels_clear(void)
{
	for (unsigned i = 0; i < CONFIG_PARTITION_COUNT; i++) {
		const struct partition_config *cfg = partition_get(i)->cfg;

		for (uint32_t r = 0; r < cfg->region_count; r++) {
			const struct mem_region *m = &cfg->regions[r];
			void *mem = m->kind == MEM_KIND_CHANNEL ? arch_phys_to_virt(m->pa, m->size)
								: NULL;

			if (mem != NULL)
				memset(mem, 0, m->size);
		}
	}
}

noreturn void hyp_main(void)
{
	struct vcpu *v;

	partitions_init();
#if CONFIG_FIRMWARE_IMAGE
	firmware_boot(); /* before anything of a partition's is touched */
#endif
	print_partition_table();
	channels_clear();
	for (unsigned i = 0; i < CONFIG_PARTITION_COUNT; i++) {
		struct partition *p = partition_get(i);

		if (p->state == PARTITION_REFUSED)
			continue;
		arch_partition_map(p->cfg);
		partition_load(p);
	}
	/* Every table is built and no partition has run yet. */
	if (certify_asked)
		certify_dump();
	start_other_cpus(arch_cpu_id());
	v = runnable_vcpu_of_cpu(arch_cpu_id());
	if (v == NULL)
		arch_cpu_park();
	vcpu_run(v);
}
