// SPDX-License-Identifier: Apache-2.0
/*
 * Machine facts from the firmware's Devicetree (see board_check.h), read
 * with libfdt: for backends whose firmware passes one (arm64).
 */
#include <string.h>

#include <libfdt.h>

#include "board_check.h"
#include "certify.h"
#include "config.h"

static uint64_t read_cells(const fdt32_t *cells, int count)
{
	uint64_t value = 0;

	for (int i = 0; i < count; i++)
		value = (value << 32) | fdt32_to_cpu(cells[i]);
	return value;
}

/* Every range of every /memory node. */
static void read_ram(const void *fdt, struct machine_facts *m)
{
	int ac = fdt_address_cells(fdt, 0), sc = fdt_size_cells(fdt, 0);
	int node;

	if (ac < 1 || ac > 2 || sc < 1 || sc > 2)
		return;
	fdt_for_each_subnode(node, fdt, 0) {
		int len;
		const char *type = fdt_getprop(fdt, node, "device_type", NULL);
		const fdt32_t *reg = fdt_getprop(fdt, node, "reg", &len);

		if (type == NULL || strcmp(type, "memory") != 0 || reg == NULL)
			continue;
		for (int i = 0; i + ac + sc <= len / 4; i += ac + sc) {
			struct machine_ram r = { read_cells(&reg[i], ac), read_cells(&reg[i + ac], sc) };

			if (m->ram_count < MACHINE_RAM_MAX)
				m->ram[m->ram_count++] = r;
			else /* only counted: enough to say how much there is */
				m->ram[MACHINE_RAM_MAX - 1].size += r.size;
		}
	}
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

/* The GIC's node: a GICv2 is named by its Arm core (QEMU virt) or by the
 * GIC-400 that implements it (SoCs such as the Zynq UltraScale+). */
static int gic_node(const void *fdt)
{
	static const char *const gicv2_names[] = { "arm,cortex-a15-gic", "arm,gic-400" };
	int node = -FDT_ERR_NOTFOUND;

	if (config_board.gic_version == 3)
		return fdt_node_offset_by_compatible(fdt, -1, "arm,gic-v3");
	for (unsigned i = 0; i < sizeof(gicv2_names) / sizeof(gicv2_names[0]) && node < 0; i++)
		node = fdt_node_offset_by_compatible(fdt, -1, gicv2_names[i]);
	return node;
}

static uint64_t gic_base(const void *fdt)
{
	int node = gic_node(fdt);
	int ac = fdt_address_cells(fdt, 0), len;
	const fdt32_t *reg;

	if (node < 0 || ac < 1 || ac > 2)
		return 0;
	reg = fdt_getprop(fdt, node, "reg", &len);
	if (reg == NULL || len < ac * 4)
		return 0;
	return read_cells(reg, ac);
}

#define FDT_BOOTARGS_MAX 4096

/* /chosen/bootargs (QEMU -append), or NULL. */
static const char *bootargs(const void *fdt)
{
	int chosen = fdt_path_offset(fdt, "/chosen"), len;
	const char *args;

	if (chosen < 0)
		return NULL;
	args = fdt_getprop(fdt, chosen, "bootargs", &len);
	/* Only a NUL-terminated string is read, never past the property. */
	return args != NULL && len > 0 && len <= FDT_BOOTARGS_MAX && args[len - 1] == '\0' ? args
												  : NULL;
}

void board_facts_from_fdt(const void *fdt, struct machine_facts *m)
{
	static const char *const gic_names[] = { [2] = "GICv2 distributor",
						 [3] = "GICv3 distributor" };

	memset(m, 0, sizeof(*m));
	if (fdt == NULL || fdt_check_header(fdt) != 0) {
		m->unreadable = "the firmware passed no valid Devicetree in x0; boot the image as an "
				"arm64 Image (QEMU -kernel, U-Boot booti)";
		return;
	}
	m->ram_hint = "QEMU: -m %lluM";
	m->cpu_hint = "QEMU: -smp %llu";
	read_ram(fdt, m);
	m->cpu_count = count_cpus(fdt);
	m->certify_dump = certify_cmdline_asks_dump(bootargs(fdt), FDT_BOOTARGS_MAX);
	if (config_board.gic_version == 2 || config_board.gic_version == 3) {
		m->irqchip = gic_names[config_board.gic_version];
		m->irqchip_want = config_board.gicd_base;
		m->irqchip_found = gic_base(fdt);
	}
}
