// SPDX-License-Identifier: Apache-2.0
/*
 * Verified boot from firmware.bin (see firmware_boot.h). Built only where the
 * board boots firmware.bin (CONFIG_FIRMWARE_IMAGE); the x86-64 backend still
 * embeds its payloads.
 */
#include "config.h"

#if CONFIG_FIRMWARE_IMAGE

#include <string.h>

#include <mbedtls/memory_buffer_alloc.h>

#include "arch.h"
#include "bulkhead_abi.h"
#include "check.h"
#include "console.h"
#include "firmware_boot.h"
#include "format.h"
#include "fw_verify.h"
#include "partition.h"

/* mbedtls's allocations during one verification: 9 792 bytes measured
 * (docs/image-format.md, "Static memory"). Used at boot only: the
 * allocator is torn down before any partition starts. */
static unsigned char boot_arena[16 * 1024];

/* firmware/mbedtls_config.h: the buffer allocator found its heap corrupted. */
void bulkhead_mbedtls_exit(int status)
{
	console_log("mbedtls: boot arena corrupted (%d)", status);
	check_failed(__FILE__, __LINE__, "mbedtls boot arena intact");
}

static void hex(char out[2 * FW_SHA256_SIZE + 1], const uint8_t *sha)
{
	for (unsigned i = 0; i < FW_SHA256_SIZE; i++)
		format(&out[2 * i], 3, "%02x", sha[i]);
}

static noreturn void refuse(const char *what)
{
	console_log("boot refused: %s", what);
	arch_shutdown(BULKHEAD_RUN_FIRMWARE_REFUSED);
}

/* The manifest names partitions by index and name; both must be this build's. */
static const char *partition_name(const struct fw_payload *pl)
{
	if (pl->partition >= CONFIG_PARTITION_COUNT)
		return "-";
	return config_partitions[pl->partition].name;
}

static void describe(char *buf, size_t size, uint32_t index, const struct fw_payload *pl)
{
	const char *kind = fw_kind_name(pl->kind);

	if (pl->partition == FW_NO_PARTITION)
		format(buf, size, "firmware.bin payload %u (%s)", index, kind ? kind : "?");
	else
		format(buf, size, "firmware.bin payload %u (partition %s, %s)", index,
		       partition_name(pl), kind ? kind : "?");
}

/* A signed payload the tables were not built for (another config, a
 * hand-written description) would load the wrong bytes: the kind, partition,
 * name, size, load address and, for an image, the SHA-256 the tables hold
 * must all agree. */
static bool matches_tables(const struct fw_payload *pl)
{
	if (pl->partition >= CONFIG_PARTITION_COUNT)
		return false;
	const struct partition_config *cfg = &config_partitions[pl->partition];

	/* Names are at most 16 bytes: the NUL is compared too, inside the 32. */
	if (memcmp(pl->name, cfg->name, strlen(cfg->name) + 1) != 0)
		return false;
	if (pl->kind == FW_KIND_PARTITION_IMAGE)
		return pl->size == cfg->image_size &&
		       pl->load == cfg->ram.pa + (cfg->image_ipa - cfg->ram.ipa) &&
		       memcmp(pl->sha256, cfg->image_sha256, FW_SHA256_SIZE) == 0;
	if (pl->kind == FW_KIND_PARTITION_DTB)
		return pl->size == cfg->dtb_size &&
		       pl->load == cfg->ram.pa + (cfg->dtb_ipa - cfg->ram.ipa);
	return false;
}

static void bind_payloads(const uint8_t *image, const struct fw_image *img)
{
	char what[2 * CONSOLE_LINE_MAX]; /* as much as console_log() prints */

	for (uint32_t i = 1; i < img->count; i++) {
		struct fw_payload pl;
		fw_payload(image, img, i, &pl);
		struct partition *p = pl.partition < CONFIG_PARTITION_COUNT
					      ? partition_get(pl.partition) : NULL;
		const unsigned char **slot = p == NULL ? NULL
					     : pl.kind == FW_KIND_PARTITION_IMAGE ? &p->image
					     : pl.kind == FW_KIND_PARTITION_DTB ? &p->dtb : NULL;

		if (slot == NULL || *slot != NULL || !matches_tables(&pl)) {
			describe(what, sizeof(what), i, &pl);
			format(what + strlen(what), sizeof(what) - strlen(what),
			       ": not what the hypervisor's tables expect (signed for another "
			       "config?)");
			refuse(what);
		}
		*slot = image + pl.offset;
	}
	for (unsigned i = 0; i < CONFIG_PARTITION_COUNT; i++) {
		const struct partition *p = partition_get(i);

		if (p->image == NULL || p->dtb == NULL) {
			format(what, sizeof(what), "firmware.bin has no %s for partition %s",
			       p->image == NULL ? "partition-image" : "partition-dtb", p->cfg->name);
			refuse(what);
		}
	}
}

static void print_measured(const uint8_t *image, const struct fw_image *img)
{
	char sha[2 * FW_SHA256_SIZE + 1];

	for (uint32_t i = 0; i < img->count; i++) {
		struct fw_payload pl;
		fw_payload(image, img, i, &pl);
		if (img->failed_mask & (1ull << i))
			continue;
		hex(sha, pl.sha256);
		/* The running hypervisor cannot rehash itself: its line gives the
		 * signed value (its loader checks it). */
		console_log("measured: %s %s sha256 %s%s",
			    pl.partition == FW_NO_PARTITION ? "-" : partition_name(&pl),
			    fw_kind_name(pl.kind), sha,
			    pl.kind == FW_KIND_HYPERVISOR ? " (signed, not rehashed)" : "");
	}
}

/* What verification hashed: the signed block, and every payload but the
 * running hypervisor. */
static uint64_t hashed_bytes(const uint8_t *image, const struct fw_image *img)
{
	uint64_t total = FW_HEADER_SIZE + FW_MANIFEST_SIZE(img->count);

	for (uint32_t i = 1; i < img->count; i++) {
		struct fw_payload pl;
		fw_payload(image, img, i, &pl);
		total += pl.size;
	}
	return total;
}

/* verify = "partition": each partition with a failed payload stays off. */
static void refuse_partitions(const uint8_t *image, const struct fw_image *img)
{
	char what[2 * CONSOLE_LINE_MAX]; /* as much as console_log() prints */

	for (uint32_t i = 0; i < img->count; i++) {
		struct fw_payload pl;
		if (!(img->failed_mask & (1ull << i)))
			continue;
		fw_payload(image, img, i, &pl);
		describe(what, sizeof(what), i, &pl);
		if (pl.partition >= CONFIG_PARTITION_COUNT) {
			format(what + strlen(what), sizeof(what) - strlen(what),
			       ": sha256 mismatch");
			refuse(what);
		}
		console_log("partition %s refused: %s: sha256 mismatch; it does not start",
			    partition_name(&pl), what);
		partition_get(pl.partition)->state = PARTITION_REFUSED;
	}
	for (unsigned i = 0; i < CONFIG_PARTITION_COUNT; i++)
		if (partition_get(i)->state != PARTITION_REFUSED)
			return;
	refuse("firmware.bin: every partition's payloads failed verification");
}

void firmware_boot(void)
{
	size_t length;
	const uint8_t *image = arch_firmware_image(&length);
	struct fw_image img;
	char what[2 * CONSOLE_LINE_MAX]; /* as much as console_log() prints */
	const bool per_partition = CONFIG_FIRMWARE_VERIFY_PARTITION;
	struct fw_verify_args args = {
		.image = image,
		.length = length,
		.exact_length = false, /* the load window, not the file, bounds it */
		.key_der = fw_trusted_key_der,
		.key_der_len = fw_trusted_key_der_len,
		.min_security_version = CONFIG_FIRMWARE_MIN_SECURITY_VERSION,
		.flags = FW_VERIFY_RUNNING_HYPERVISOR | (per_partition ? FW_VERIFY_ALL_PAYLOADS : 0),
	};

	uint64_t hz, start = arch_boot_clock(&hz);
	mbedtls_memory_buffer_alloc_init(boot_arena, sizeof(boot_arena));
	enum fw_result r = fw_verify(&args, &img);
	mbedtls_memory_buffer_alloc_free();
	uint64_t ticks = arch_boot_clock(&hz) - start;

	if (r == FW_ERR_PAYLOAD_HASH && !per_partition) {
		struct fw_payload pl;
		fw_payload(image, &img, img.failed, &pl);
		describe(what, sizeof(what), img.failed, &pl);
		format(what + strlen(what), sizeof(what) - strlen(what), ": sha256 mismatch");
		refuse(what);
	}
	if (r == FW_ERR_PADDING) {
		format(what, sizeof(what), "firmware.bin: %s at offset 0x%llx", fw_result_text(r),
		       (unsigned long long)img.failed_offset);
		refuse(what);
	}
	if (r == FW_ERR_ROLLBACK) {
		format(what, sizeof(what), "firmware.bin: %s: security_version %llu, board minimum "
		       "%llu", fw_result_text(r), (unsigned long long)img.security_version,
		       (unsigned long long)CONFIG_FIRMWARE_MIN_SECURITY_VERSION);
		refuse(what);
	}
	if (r != FW_OK && r != FW_ERR_PAYLOAD_HASH) {
		format(what, sizeof(what), "firmware.bin: %s", fw_result_text(r));
		refuse(what);
	}
	if (r == FW_ERR_PAYLOAD_HASH)
		refuse_partitions(image, &img);
	console_log("verified firmware.bin: %u payloads, %llu bytes hashed, in %llu us", img.count,
		    (unsigned long long)hashed_bytes(image, &img),
		    (unsigned long long)(hz != 0 ? ticks * 1000000ull / hz : 0));
	print_measured(image, &img);
	bind_payloads(image, &img);
}

#endif
