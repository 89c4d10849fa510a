// SPDX-License-Identifier: Apache-2.0
/*
 * What the runtime reads from its Devicetree, with libfdt: that the blob is
 * one, the RAM region it lives in (/memory), and natively its UART and how
 * to reach PSCI. Under
 * Bulkhead the blob is generated per partition and lists only what the
 * partition owns, so the same code finds a partition's own 64 MiB as
 * naturally as the 1 GiB of a native boot.
 */
#include <string.h>

#include <libfdt.h>

#include "arch.h"
#include "runtime.h"

/* The header's fixed part; the whole blob is checked once its size is known. */
#define DEVTREE_HEADER_SIZE sizeof(struct fdt_header)

int devtree_open(uintptr_t addr, const void **fdt)
{
	const void *blob = (const void *)addr;
	int err;

	/* Touch nothing outside the identity map: that would fault, not fail. */
	if (!mmu_arch_covers(addr, DEVTREE_HEADER_SIZE))
		return -FDT_ERR_BADOFFSET;
	if (fdt_magic(blob) != FDT_MAGIC)
		return -FDT_ERR_BADMAGIC;
	if (!mmu_arch_covers(addr, fdt_totalsize(blob)))
		return -FDT_ERR_TRUNCATED;
	err = fdt_check_header(blob);
	if (err != 0)
		return err;
	*fdt = blob;
	return 0;
}

/* A reg value of 1 or 2 cells (32- or 64-bit), big-endian in the blob. */
static uint64_t devtree_cells(const fdt32_t *cell, int count)
{
	uint64_t value = 0;

	for (int i = 0; i < count; i++)
		value = (value << 32) | fdt32_ld(&cell[i]);
	return value;
}

/* Search one memory node's reg entries for the one that holds `inside`. */
static int devtree_ram_in_node(const void *fdt, int node, uintptr_t inside,
			       uint64_t *base, uint64_t *end)
{
	int acells = fdt_address_cells(fdt, 0);
	int scells = fdt_size_cells(fdt, 0);
	int len;
	const fdt32_t *reg = fdt_getprop(fdt, node, "reg", &len);

	if (reg == NULL || acells < 1 || acells > 2 || scells < 1 || scells > 2)
		return -FDT_ERR_BADNCELLS;
	for (int i = 0; (i + 1) * (acells + scells) * 4 <= len; i++) {
		const fdt32_t *entry = reg + i * (acells + scells);
		uint64_t start = devtree_cells(entry, acells);
		uint64_t size = devtree_cells(entry + acells, scells);

		if (inside >= start && inside - start < size) {
			*base = start;
			*end = start + size;
			return 0;
		}
	}
	return -FDT_ERR_NOTFOUND;
}

int devtree_ram(const void *fdt, uintptr_t inside, uint64_t *base, uint64_t *end)
{
	int node = -1;

	for (;;) {
		node = fdt_node_offset_by_prop_value(fdt, node, "device_type", "memory",
						     sizeof("memory"));
		if (node < 0)
			return node;
		if (devtree_ram_in_node(fdt, node, inside, base, end) == 0)
			return 0;
	}
}

/* Absent "status" means enabled (Devicetree Specification 2.3.4). */
static int devtree_enabled(const void *fdt, int node)
{
	int len;
	const char *status = fdt_getprop(fdt, node, "status", &len);

	return status == NULL || (len >= 2 && status[0] == 'o' && status[1] == 'k');
}

int devtree_pl011(const void *fdt, uintptr_t *base)
{
	int node = -1;

	for (;;) {
		int len;
		const fdt32_t *reg;
		int acells;

		node = fdt_node_offset_by_compatible(fdt, node, "arm,pl011");
		if (node < 0)
			return node;
		if (!devtree_enabled(fdt, node))
			continue;
		acells = fdt_address_cells(fdt, fdt_parent_offset(fdt, node));
		reg = fdt_getprop(fdt, node, "reg", &len);
		if (reg == NULL || acells < 1 || acells > 2 || len < acells * 4)
			continue;
		*base = (uintptr_t)devtree_cells(reg, acells);
		if (mmu_arch_covers(*base, 0x1000))
			return 0;
	}
}

int devtree_psci_uses_smc(const void *fdt, bool *use_smc)
{
	/* SYSTEM_OFF exists from PSCI 0.2 on (the plain "arm,psci" has no ids). */
	int node = fdt_node_offset_by_compatible(fdt, -1, "arm,psci-1.0");
	int len;
	const char *method;

	if (node < 0)
		node = fdt_node_offset_by_compatible(fdt, -1, "arm,psci-0.2");
	if (node < 0)
		return node;
	method = fdt_getprop(fdt, node, "method", &len);
	if (method == NULL || len < 1 || method[len - 1] != '\0')
		return -FDT_ERR_BADVALUE;
	if (strcmp(method, "smc") == 0)
		*use_smc = true;
	else if (strcmp(method, "hvc") == 0)
		*use_smc = false;
	else
		return -FDT_ERR_BADVALUE;
	return 0;
}
