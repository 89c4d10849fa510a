// SPDX-License-Identifier: Apache-2.0
/*
 * The certify dump (see certify.h). Its grammar is in docs/architecture.md;
 * tools/bulkhead/certify/dump.py parses it.
 */
#include "certify.h"

#include "arch.h"
#include "bulkhead_abi.h"
#include "config.h"
#include "console.h"
#include "partition.h"

#define DUMP_VERSION 1

static bool is_blank(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

bool certify_cmdline_asks_dump(const char *cmdline, size_t len)
{
	static const char word[] = CERTIFY_DUMP_WORD;
	const size_t word_len = sizeof(word) - 1;
	size_t i = 0;

	if (cmdline == NULL)
		return false;
	while (i < len && cmdline[i] != '\0') {
		size_t start, n;

		while (i < len && is_blank(cmdline[i]))
			i++;
		start = i;
		while (i < len && cmdline[i] != '\0' && !is_blank(cmdline[i]))
			i++;
		n = i - start;
		if (n == word_len) {
			size_t k = 0;

			while (k < n && cmdline[start + k] == word[k])
				k++;
			if (k == n)
				return true;
		}
	}
	return false;
}

/* A walk by the format's own description: an entry leads to another table
 * when it is valid, not at the last level, and not a block. */
static void dump_level(const struct pgtable_format *f, const uint64_t *table, unsigned level)
{
	console_log("certify: table 0x%llx level %u", (unsigned long long)(uintptr_t)table, level);
	for (unsigned i = 0; i < PGTABLE_ENTRIES; i++)
		if (table[i] != 0)
			console_log("certify: pte 0x%llx %u 0x%016llx",
				    (unsigned long long)(uintptr_t)table, i,
				    (unsigned long long)table[i]);
	if (level + 1 == f->levels)
		return;
	for (unsigned i = 0; i < PGTABLE_ENTRIES; i++) {
		uint64_t e = table[i];

		if ((e & f->valid) != 0 && (e & f->type_mask) == (f->table & f->type_mask))
			dump_level(f, (const uint64_t *)(uintptr_t)(e & f->addr_mask), level + 1);
	}
}

void certify_dump_table(const struct pgtable *t)
{
	dump_level(t->format, t->root, 0);
}

static void dump_owners(void)
{
	for (unsigned cpu = 0; cpu < CONFIG_CPU_COUNT; cpu++) {
		const struct vcpu *v = vcpu_of_cpu(cpu);

		console_log("certify: cpu %u owner %s", cpu, v != NULL ? v->partition->cfg->name
									: "none");
	}
	for (unsigned i = 0; i < CONFIG_PARTITION_COUNT; i++) {
		const struct partition *p = partition_get(i);

		for (uint32_t n = 0; n < p->cfg->cpu_count; n++)
			console_log("certify: vcpu %s %u cpu %u", p->cfg->name, n, p->vcpus[n].pcpu);
		for (uint32_t n = 0; n < p->cfg->irq_count; n++)
			console_log("certify: owns %s irq %u", p->cfg->name, p->cfg->irqs[n]);
	}
	for (unsigned intid = 0; intid < CONFIG_GIC_INTIDS; intid++)
		if (config_irq_owner[intid] != 0)
			console_log("certify: irq %u owner %s", intid,
				    partition_get(config_irq_owner[intid] - 1u)->cfg->name);
	for (unsigned c = 0; config_channels[c].name != NULL; c++)
		for (uint32_t e = 0; e < config_channels[c].end_count; e++)
			if (config_channels[c].ends[e].doorbell != 0)
				console_log("certify: doorbell %s irq %u channel %s",
					    partition_get(config_channels[c].ends[e].partition)->cfg->name,
					    config_channels[c].ends[e].doorbell, config_channels[c].name);
}

noreturn void certify_dump(void)
{
	console_log("certify: begin version %u arch %s", DUMP_VERSION, arch_description);
	arch_certify_dump();
	dump_owners();
	console_log("certify: end");
	arch_shutdown(BULKHEAD_RUN_OK);
}
