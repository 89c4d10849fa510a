// SPDX-License-Identifier: Apache-2.0
/*
 * The boot-time board check (see board_check.h), reading the firmware's
 * Devicetree with libfdt.
 */
#include "board_check.h"

#include <stdint.h>
#include <string.h>

#include <libfdt.h>

#include "config.h"
#include "format.h"

#define MIB(x) ((unsigned long long)((x) >> 20))

static uint64_t read_cells(const fdt32_t *cells, int count)
{
	uint64_t value = 0;

	for (int i = 0; i < count; i++)
		value = (value << 32) | fdt32_to_cpu(cells[i]);
	return value;
}

/* Does a /memory node cover the board's RAM? Also totals what is there. */
static bool ram_covered(const void *fdt, uint64_t *total)
{
	int ac = fdt_address_cells(fdt, 0), sc = fdt_size_cells(fdt, 0);
	uint64_t want_end = config_board.ram_base + config_board.ram_size;
	bool covered = false;
	int node;

	*total = 0;
	if (ac < 1 || ac > 2 || sc < 1 || sc > 2)
		return false;
	fdt_for_each_subnode(node, fdt, 0) {
		int len;
		const char *type = fdt_getprop(fdt, node, "device_type", NULL);
		const fdt32_t *reg = fdt_getprop(fdt, node, "reg", &len);

		if (type == NULL || strcmp(type, "memory") != 0 || reg == NULL)
			continue;
		for (int i = 0; i + ac + sc <= len / 4; i += ac + sc) {
			uint64_t base = read_cells(&reg[i], ac), size = read_cells(&reg[i + ac], sc);

			*total += size;
			covered |= base <= config_board.ram_base && want_end <= base + size;
		}
	}
	return covered;
}

static unsigned count_cpus(const void *fdt)
{
	int cpus = fdt_path_offset(fdt, "/cpus"), node;
	unsigned count = 0;

	if (cpus < 0)
		return 0;
	fdt_for_each_subnode(node, fdt, cpus) {
		const char *type = fdt_getprop(fdt, node, "device_type", NULL);

		count += type != NULL && strcmp(type, "cpu") == 0;
	}
	return count;
}

static bool gic_matches(const void *fdt, uint64_t *found)
{
	const char *compat = config_board.gic_version == 3 ? "arm,gic-v3" : "arm,cortex-a15-gic";
	int node = fdt_node_offset_by_compatible(fdt, -1, compat);
	int ac = fdt_address_cells(fdt, 0), len;
	const fdt32_t *reg;

	*found = 0;
	if (node < 0 || ac < 1 || ac > 2)
		return false;
	reg = fdt_getprop(fdt, node, "reg", &len);
	if (reg == NULL || len < ac * 4)
		return false;
	*found = read_cells(reg, ac);
	return *found == config_board.gicd_base;
}

bool board_check(const void *fdt, char *why, size_t size)
{
	uint64_t ram, gicd;
	unsigned cpus;

	if (fdt == NULL || fdt_check_header(fdt) != 0) {
		format(why, size, "boot refused: the firmware passed no valid Devicetree in x0; boot "
				  "the image as an arm64 Image (QEMU -kernel, U-Boot booti)");
		return false;
	}
	if (!ram_covered(fdt, &ram)) {
		format(why, size, "boot refused: RAM mismatch: the machine has %llu MiB of RAM but board "
				  "%s needs %llu MiB at 0x%llx; give it the board's memory (QEMU: -m %lluM)",
		       MIB(ram), config_board.name, MIB(config_board.ram_size),
		       (unsigned long long)config_board.ram_base, MIB(config_board.ram_size));
		return false;
	}
	cpus = count_cpus(fdt);
	if (cpus < config_board.cpu_count) {
		format(why, size, "boot refused: CPU mismatch: the machine has %u CPUs but board %s has "
				  "%u; start it with all of them (QEMU: -smp %u)",
		       cpus, config_board.name, config_board.cpu_count, config_board.cpu_count);
		return false;
	}
	if (config_board.gic_version != 0 && !gic_matches(fdt, &gicd)) {
		format(why, size, "boot refused: interrupt controller mismatch: board %s has a GICv%u "
				  "distributor at 0x%llx, the machine shows 0x%llx; build for the right board",
		       config_board.name, config_board.gic_version,
		       (unsigned long long)config_board.gicd_base, (unsigned long long)gicd);
		return false;
	}
	return true;
}
