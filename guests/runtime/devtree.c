// SPDX-License-Identifier: Apache-2.0
/*
 * What the runtime reads from its Devicetree, with libfdt: that the blob is
 * one, the RAM region it lives in (/memory), its CPUs (/cpus), how to reach
 * PSCI (/psci), devices by compatible (natively the PL011 console; the PL031
 * RTC) and shared-memory channels (/channels). Under Bulkhead the blob is
 * generated per partition and lists only what the partition owns, so the
 * same code finds a partition's own 64 MiB, one CPU and no RTC as naturally
 * as the 1 GiB, every CPU and every device of a native boot.
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

/* A node's reg entry `index` in its parent's cells (1 or 2 each); 0 or an error. */
static int devtree_reg(const void *fdt, int node, int index, uint64_t *addr, uint64_t *size)
{
	int parent = fdt_parent_offset(fdt, node);
	int acells, scells, len;
	const fdt32_t *reg;

	if (parent < 0)
		return parent;
	acells = fdt_address_cells(fdt, parent);
	scells = fdt_size_cells(fdt, parent);
	reg = fdt_getprop(fdt, node, "reg", &len);
	if (reg == NULL || acells < 1 || acells > 2 || scells < 0 || scells > 2)
		return -FDT_ERR_BADNCELLS;
	if ((index + 1) * (acells + scells) * 4 > len)
		return -FDT_ERR_NOTFOUND;
	reg += index * (acells + scells);
	*addr = devtree_cells(reg, acells);
	*size = devtree_cells(reg + acells, scells);
	return 0;
}

int devtree_node_reg(const void *fdt, int node, int index, uint64_t *addr, uint64_t *size)
{
	return devtree_reg(fdt, node, index, addr, size);
}

int devtree_device(const void *fdt, const char *compatible, uintptr_t *base, uint64_t *size)
{
	int node = -1;

	for (;;) {
		uint64_t addr, len;

		node = fdt_node_offset_by_compatible(fdt, node, compatible);
		if (node < 0)
			return node;
		if (!devtree_enabled(fdt, node) || devtree_reg(fdt, node, 0, &addr, &len) != 0)
			continue;
		/* A device's registers are at least a page to the identity map. */
		if (mmu_arch_covers((uintptr_t)addr, len > 0x1000 ? len : 0x1000)) {
			*base = (uintptr_t)addr;
			*size = len;
			return 0;
		}
	}
}

int devtree_cpus(const void *fdt, uint64_t *mpidr, unsigned int max, unsigned int *count)
{
	int cpus = fdt_path_offset(fdt, "/cpus");
	int node;

	*count = 0;
	if (cpus < 0)
		return cpus == -FDT_ERR_NOTFOUND ? 0 : cpus;
	fdt_for_each_subnode(node, fdt, cpus) {
		int len;
		const char *type = fdt_getprop(fdt, node, "device_type", &len);
		uint64_t reg, unused;

		if (type == NULL || len != sizeof("cpu") || strcmp(type, "cpu") != 0 ||
		    !devtree_enabled(fdt, node))
			continue;
		if (devtree_reg(fdt, node, 0, &reg, &unused) != 0)
			return -FDT_ERR_BADVALUE;
		if (*count == max)
			break;
		mpidr[(*count)++] = reg;
	}
	return 0;
}

/* A string property that really is one (NUL-terminated), or NULL. */
static const char *devtree_string(const void *fdt, int node, const char *name)
{
	int len;
	const char *value = fdt_getprop(fdt, node, name, &len);

	return value != NULL && len >= 1 && value[len - 1] == '\0' ? value : NULL;
}

/* One cell of a u32 property, if it has exactly one. */
static int devtree_u32(const void *fdt, int node, const char *name, uint32_t *value)
{
	int len;
	const fdt32_t *cell = fdt_getprop(fdt, node, name, &len);

	if (cell == NULL)
		return len;
	if (len != sizeof(*cell))
		return -FDT_ERR_BADVALUE;
	*value = fdt32_ld(cell);
	return 0;
}

/*
 * A channel's `channel-id` (what CHANNEL_NOTIFY names it by) and, on an end
 * that receives notifications, `doorbell` (its INTID, a virtual SPI). Both
 * are optional; present, they must be one cell, the doorbell an SPI.
 */
static int devtree_channel_doorbell(const void *fdt, int node, struct bulkhead_channel *out)
{
	uint32_t id, doorbell;
	int err = devtree_u32(fdt, node, "channel-id", &id);

	if (err == 0 && id <= INT32_MAX)
		out->id = (int)id;
	else if (err != -FDT_ERR_NOTFOUND)
		return -FDT_ERR_BADVALUE;
	err = devtree_u32(fdt, node, "doorbell", &doorbell);
	if (err == 0 && doorbell >= 32 && doorbell < 1020)
		out->doorbell = doorbell;
	else if (err != -FDT_ERR_NOTFOUND)
		return -FDT_ERR_BADVALUE;
	return 0;
}

int devtree_channel(const void *fdt, const char *name, struct bulkhead_channel *out)
{
	return devtree_channel_at(fdt, name, 0, out);
}

int devtree_channel_at(const void *fdt, const char *name, unsigned int index,
		       struct bulkhead_channel *out)
{
	int channels = fdt_path_offset(fdt, "/channels");
	int node;

	if (channels < 0)
		return channels;
	fdt_for_each_subnode(node, fdt, channels) {
		const char *found = devtree_string(fdt, node, "channel-name");
		const char *access = devtree_string(fdt, node, "access");
		uint64_t base, size;

		if (fdt_node_check_compatible(fdt, node, "bulkhead,channel") != 0 || found == NULL)
			continue;
		if (name != NULL && strcmp(found, name) != 0)
			continue;
		if (name == NULL && index > 0) {
			index--;
			continue;
		}
		if (access == NULL || (strcmp(access, "read") != 0 && strcmp(access, "write") != 0) ||
		    devtree_reg(fdt, node, 0, &base, &size) != 0 || size == 0)
			return -FDT_ERR_BADVALUE;
		*out = (struct bulkhead_channel){
			.name = found,
			.base = (void *)(uintptr_t)base,
			.size = (size_t)size,
			.writable = strcmp(access, "write") == 0,
			.id = -1,
		};
		return devtree_channel_doorbell(fdt, node, out);
	}
	return -FDT_ERR_NOTFOUND;
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
