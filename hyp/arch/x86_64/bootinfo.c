// SPDX-License-Identifier: Apache-2.0
/*
 * Multiboot2 information and the ACPI MADT (see bootinfo.h). Formats: the
 * Multiboot2 Specification, 3.6 (tags 1, 6, 14, 15); ACPI 6.4, 5.2.5 (RSDP),
 * 5.2.7-8 (RSDT, XSDT) and 5.2.12 (MADT, entry types 0, 1 and 9).
 */
#include "bootinfo.h"

#include <string.h>

#include "certify.h"
#include "config.h"

#define TAG_END 0
#define TAG_CMDLINE 1
#define TAG_MMAP 6
#define TAG_ACPI_OLD 14
#define TAG_ACPI_NEW 15
#define MMAP_AVAILABLE 1

#define MADT_LOCAL_APIC 0
#define MADT_IOAPIC 1
#define MADT_LOCAL_X2APIC 9
#define MADT_ENABLED 1u
#define MADT_ONLINE_CAPABLE 2u

/* Nothing here may trust the loader's lengths beyond this. */
#define INFO_MAX (64u << 10)

struct mb2_tag {
	uint32_t type;
	uint32_t size;
};

struct mb2_mmap_entry {
	uint64_t base;
	uint64_t length;
	uint32_t type;
	uint32_t reserved;
};

struct acpi_header {
	char signature[4];
	uint32_t length;
	uint8_t revision, checksum;
	char oem[6], oem_table[8];
	uint32_t oem_revision, creator, creator_revision;
} __attribute__((packed));

struct acpi_rsdp {
	char signature[8];
	uint8_t checksum;
	char oem[6];
	uint8_t revision;
	uint32_t rsdt;
	uint32_t length;
	uint64_t xsdt;
} __attribute__((packed));

static void add_ram(struct machine_facts *m, uint64_t base, uint64_t size)
{
	struct machine_ram *last = m->ram_count ? &m->ram[m->ram_count - 1] : NULL;

	if (last != NULL && last->base + last->size == base) {
		last->size += size; /* the map lists contiguous RAM in pieces */
		return;
	}
	if (m->ram_count < MACHINE_RAM_MAX)
		m->ram[m->ram_count++] = (struct machine_ram){ base, size };
}

static void read_mmap(const struct mb2_tag *tag, struct machine_facts *m)
{
	const uint8_t *p = (const uint8_t *)tag;
	uint32_t entry_size = *(const uint32_t *)(const void *)(p + 8);

	if (entry_size < sizeof(struct mb2_mmap_entry))
		return;
	for (uint32_t off = 16; off + entry_size <= tag->size; off += entry_size) {
		const struct mb2_mmap_entry *e = (const void *)(p + off);

		if (e->type == MMAP_AVAILABLE)
			add_ram(m, e->base, e->length);
	}
}

static const struct acpi_header *table_at(uint64_t pa)
{
	const struct acpi_header *h = (const void *)(uintptr_t)pa;

	return pa != 0 && pa < (4ull << 30) && h->length >= sizeof(*h) ? h : NULL;
}

static void read_madt(const struct acpi_header *madt, struct machine_facts *m)
{
	const uint8_t *p = (const uint8_t *)madt + sizeof(*madt) + 8; /* LAPIC address, flags */
	const uint8_t *end = (const uint8_t *)madt + madt->length;

	while (p + 2 <= end && p[1] >= 2 && p + p[1] <= end) {
		uint32_t flags;

		switch (p[0]) {
		case MADT_LOCAL_APIC:
			memcpy(&flags, p + 4, 4);
			m->cpu_count += (flags & (MADT_ENABLED | MADT_ONLINE_CAPABLE)) != 0;
			break;
		case MADT_LOCAL_X2APIC:
			memcpy(&flags, p + 8, 4);
			m->cpu_count += (flags & (MADT_ENABLED | MADT_ONLINE_CAPABLE)) != 0;
			break;
		case MADT_IOAPIC:
			if (m->irqchip_found == 0) {
				uint32_t base;

				memcpy(&base, p + 4, 4);
				m->irqchip_found = base;
			}
			break;
		}
		p += p[1];
	}
}

/* The MADT ("APIC") through the XSDT (64-bit entries) or the RSDT (32-bit). */
static void read_acpi(const struct acpi_rsdp *rsdp, bool v2, struct machine_facts *m)
{
	bool wide = v2 && rsdp->revision >= 2 && rsdp->xsdt != 0;
	const struct acpi_header *sdt = table_at(wide ? rsdp->xsdt : rsdp->rsdt);
	unsigned step = wide ? 8 : 4;

	if (sdt == NULL)
		return;
	for (uint32_t off = sizeof(*sdt); off + step <= sdt->length; off += step) {
		uint64_t pa = 0;

		memcpy(&pa, (const uint8_t *)sdt + off, step);
		const struct acpi_header *t = table_at(pa);

		if (t != NULL && memcmp(t->signature, "APIC", 4) == 0) {
			read_madt(t, m);
			return;
		}
	}
}

void bootinfo_read(uint32_t magic, uint64_t info, struct machine_facts *m)
{
	const uint8_t *p = (const uint8_t *)(uintptr_t)info;
	const struct acpi_rsdp *rsdp = NULL;
	bool rsdp_v2 = false;
	uint32_t total;

	memset(m, 0, sizeof(*m));
	if (magic != MULTIBOOT2_LOADER_MAGIC || info == 0 || info >= (4ull << 30)) {
		m->unreadable = "the loader is not multiboot2 (no boot information); boot hyp.iso, "
				"whose GRUB loads the hypervisor with multiboot2";
		return;
	}
	m->ram_hint = "Bochs: megs: 512, as board.toml says";
	m->cpu_hint = "Bochs: cpu: count=%llu";
	m->irqchip = "IOAPIC";
	m->irqchip_want = config_board.ioapic_base;
	total = *(const uint32_t *)(const void *)p;
	if (total > INFO_MAX)
		total = INFO_MAX;
	for (uint32_t off = 8; off + sizeof(struct mb2_tag) <= total;) {
		const struct mb2_tag *tag = (const void *)(p + off);

		if (tag->type == TAG_END || tag->size < sizeof(*tag) || off + tag->size > total)
			break;
		if (tag->type == TAG_CMDLINE)
			m->certify_dump = certify_cmdline_asks_dump((const char *)(p + off + sizeof(*tag)),
								    tag->size - sizeof(*tag));
		else if (tag->type == TAG_MMAP)
			read_mmap(tag, m);
		else if ((tag->type == TAG_ACPI_NEW && tag->size >= sizeof(*tag) + sizeof(*rsdp)) ||
			 (tag->type == TAG_ACPI_OLD && !rsdp_v2 && tag->size >= sizeof(*tag) + 20)) {
			rsdp = (const void *)(p + off + sizeof(*tag));
			rsdp_v2 = tag->type == TAG_ACPI_NEW;
		}
		off += (tag->size + 7) & ~7u;
	}
	if (rsdp != NULL)
		read_acpi(rsdp, rsdp_v2, m);
	else
		m->cpu_count = 1; /* no ACPI: only the CPU we run on is known */
}
