// SPDX-License-Identifier: Apache-2.0
/*
 * Native boot on the bare PC (docs/x86.md, "Native boot"): GRUB enters
 * _start with the multiboot2 magic in EAX and its information structure in
 * EBX, and there is no Devicetree. The portable runtime learns its RAM from
 * a Devicetree, so start.S calls native_arch_devicetree() to write a small
 * one from the multiboot2 memory map: a root with 2 address and 2 size
 * cells and one /memory node per "available" (type 1) region. The runtime
 * then takes the region that holds the image as its RAM, as it does on
 * arm64. No /cpus and no /psci: one CPU, no secondaries. The console is
 * COM1 (semihost_arch.c), which needs no Devicetree node.
 *
 * Multiboot2 Specification 2.0, 3.6: the information starts with its total
 * size and a reserved word, then 8-byte aligned tags (type, size), ending
 * with type 0; the memory map is tag 6 (entry size, entry version, then
 * entries of base, length, type, reserved).
 */
#include <stdbool.h>
#include <stdint.h>

#include <libfdt.h>

#include "../arch.h"

#define MB2_TAG_END 0
#define MB2_TAG_MMAP 6
#define MB2_MEMORY_AVAILABLE 1
/* Low memory (below 1 MiB: the BIOS, the status mailbox) is never RAM here. */
#define NATIVE_RAM_FLOOR 0x100000ull
#define NATIVE_FDT_SIZE 4096
#define NATIVE_MEMORY_MAX 16

struct mb2_tag {
	uint32_t type;
	uint32_t size;
};

struct mb2_mmap {
	uint32_t type;
	uint32_t size;
	uint32_t entry_size;
	uint32_t entry_version;
};

struct mb2_mmap_entry {
	uint64_t base;
	uint64_t length;
	uint32_t type;
	uint32_t reserved;
};

static uint8_t native_fdt[NATIVE_FDT_SIZE] __attribute__((aligned(8)));

/* Up to `max` available regions above NATIVE_RAM_FLOOR; how many were found. */
static int native_memory_map(uintptr_t info, uint64_t *base, uint64_t *size, int max)
{
	uint32_t total = *(const uint32_t *)info;
	uintptr_t at = info + 8;
	int found = 0;

	while (at + sizeof(struct mb2_tag) <= info + total) {
		const struct mb2_tag *tag = (const struct mb2_tag *)at;

		if (tag->type == MB2_TAG_END || tag->size < sizeof(*tag))
			break;
		if (tag->type == MB2_TAG_MMAP && tag->size >= sizeof(struct mb2_mmap)) {
			const struct mb2_mmap *mmap = (const struct mb2_mmap *)tag;
			uintptr_t entry = at + sizeof(*mmap);

			for (; mmap->entry_size >= sizeof(struct mb2_mmap_entry) &&
			       entry + mmap->entry_size <= at + tag->size && found < max;
			     entry += mmap->entry_size) {
				const struct mb2_mmap_entry *e = (const struct mb2_mmap_entry *)entry;
				uint64_t start = e->base, end = e->base + e->length;

				if (e->type != MB2_MEMORY_AVAILABLE || end <= NATIVE_RAM_FLOOR)
					continue;
				if (start < NATIVE_RAM_FLOOR)
					start = NATIVE_RAM_FLOOR;
				base[found] = start;
				size[found] = end - start;
				found++;
			}
		}
		at += (tag->size + 7) & ~7u;
	}
	return found;
}

static int native_node_name(char *name, size_t len, uint64_t base)
{
	static const char prefix[] = "memory@";
	size_t pos = sizeof(prefix) - 1;
	int digits = 1;

	for (uint64_t v = base >> 4; v != 0; v >>= 4)
		digits++;
	if (pos + digits + 1 > len)
		return -1;
	for (size_t i = 0; i < pos; i++)
		name[i] = prefix[i];
	for (int i = digits - 1; i >= 0; i--, base >>= 4)
		name[pos + i] = "0123456789abcdef"[base & 0xf];
	name[pos + digits] = '\0';
	return 0;
}

/* The Devicetree's address, or 0 if the information gave no usable RAM. */
uintptr_t native_arch_devicetree(uint32_t info)
{
	uint64_t base[NATIVE_MEMORY_MAX], size[NATIVE_MEMORY_MAX];
	void *fdt = native_fdt;
	int count, err;

	if (info == 0 || !mmu_arch_covers(info, 8))
		return 0;
	count = native_memory_map(info, base, size, NATIVE_MEMORY_MAX);
	if (count == 0)
		return 0;
	err = fdt_create(fdt, sizeof(native_fdt));
	err = err ?: fdt_finish_reservemap(fdt);
	err = err ?: fdt_begin_node(fdt, "");
	err = err ?: fdt_property_u32(fdt, "#address-cells", 2);
	err = err ?: fdt_property_u32(fdt, "#size-cells", 2);
	err = err ?: fdt_property_string(fdt, "model", "PC (multiboot2 memory map)");
	for (int i = 0; i < count && err == 0; i++) {
		char name[32];
		fdt64_t reg[2] = {cpu_to_fdt64(base[i]), cpu_to_fdt64(size[i])};

		err = native_node_name(name, sizeof(name), base[i]);
		err = err ?: fdt_begin_node(fdt, name);
		err = err ?: fdt_property_string(fdt, "device_type", "memory");
		err = err ?: fdt_property(fdt, "reg", reg, sizeof(reg));
		err = err ?: fdt_end_node(fdt);
	}
	err = err ?: fdt_end_node(fdt);
	err = err ?: fdt_finish(fdt);
	return err == 0 ? (uintptr_t)fdt : 0;
}

bool semihost_arch_is_console(void)
{
	return true;
}
