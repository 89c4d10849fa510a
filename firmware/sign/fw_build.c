// SPDX-License-Identifier: Apache-2.0
// Building firmware.bin (docs/image-format.md): the hypervisor at offset 0
// with the header's offset patched into its boot header, the signed block
// on the first 4 KiB boundary after the hypervisor's memory footprint, then
// each payload on a 4 KiB boundary, zeros between. The signature is
// deterministic (RFC 6979), so the same inputs and key give the same file.
#include "fw_build.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <mbedtls/sha256.h>

#include "keyfile.h"


/* The arm64 Linux Image header (Linux, Documentation/arch/arm64/booting.rst). */
#define IMAGE_SIZE_OFFSET 16u
#define IMAGE_MAGIC_OFFSET 56u
static const uint8_t IMAGE_MAGIC[4] = { 'A', 'R', 'M', 0x64 };

static uint64_t align_up(uint64_t v)
{
	return (v + FW_ALIGN - 1) & ~(uint64_t)(FW_ALIGN - 1);
}

/* Where the header goes, after checking the hypervisor can carry the locator. */
static int place_header(const struct desc *d, const struct fw_blob *hyp, uint64_t *header_offset)
{
	const struct desc_payload *p = &d->payloads[0];
	uint64_t footprint = p->memsize > hyp->size ? p->memsize : hyp->size;

	if (hyp->size < FW_LOCATOR_OFFSET + 8) {
		fprintf(stderr, "%s:%u: %s is too small to be a hypervisor image\n", d->path,
			p->line, p->path);
		return -1;
	}
	bool arm64 = memcmp(hyp->data + IMAGE_MAGIC_OFFSET, IMAGE_MAGIC, 4) == 0;
	if (arm64 && fw_le64(hyp->data + IMAGE_SIZE_OFFSET) > footprint)
		footprint = fw_le64(hyp->data + IMAGE_SIZE_OFFSET);
	*header_offset = align_up(footprint);
	uint64_t locator = fw_le64(hyp->data + FW_LOCATOR_OFFSET);
	if (locator != 0 && locator != *header_offset) {
		fprintf(stderr, "%s:%u: %s has bytes 32-39 set; they must be 0 (the arm64 Image "
			"header's res2), where the firmware header's offset goes\n", d->path,
			p->line, p->path);
		return -1;
	}
	return 0;
}

static void write_manifest(uint8_t *image, const struct desc *d, const struct fw_blob *blobs,
			   const uint64_t *offsets,
			   uint64_t h, uint64_t image_size, const uint8_t key_id[32])
{
	uint8_t *hdr = image + h, *manifest = hdr + FW_HEADER_SIZE;

	memcpy(hdr + FW_H_MAGIC, FW_MAGIC, FW_MAGIC_SIZE);
	fw_put_le16(hdr + FW_H_VERSION, FW_FORMAT_VERSION);
	fw_put_le16(hdr + FW_H_HEADER_SIZE, FW_HEADER_SIZE);
	fw_put_le16(hdr + FW_H_ENTRY_SIZE, FW_ENTRY_SIZE);
	fw_put_le16(hdr + FW_H_COUNT, (uint16_t)d->count);
	fw_put_le64(hdr + FW_H_HEADER_OFFSET, h);
	fw_put_le64(hdr + FW_H_IMAGE_SIZE, image_size);
	fw_put_le32(hdr + FW_H_MANIFEST_SIZE, FW_MANIFEST_SIZE(d->count));
	fw_put_le32(hdr + FW_H_SIG_SIZE, FW_SIGNATURE_SIZE);
	fw_put_le64(manifest + FW_M_SECURITY_VERSION, d->security_version);
	memcpy(manifest + FW_M_KEY_ID, key_id, FW_SHA256_SIZE);
	for (unsigned int i = 0; i < d->count; i++) {
		const struct desc_payload *p = &d->payloads[i];
		uint8_t *e = manifest + FW_MANIFEST_FIXED_SIZE + i * FW_ENTRY_SIZE;
		fw_put_le16(e + FW_E_KIND, (uint16_t)p->kind);
		fw_put_le16(e + FW_E_PARTITION, p->partition);
		fw_put_le64(e + FW_E_OFFSET, offsets[i]);
		fw_put_le64(e + FW_E_SIZE, blobs[i].size);
		fw_put_le64(e + FW_E_LOAD, p->load);
		memcpy(e + FW_E_NAME, p->name, FW_NAME_SIZE);
		mbedtls_sha256_ret(image + offsets[i], blobs[i].size, e + FW_E_SHA256, 0);
	}
}

static int sign_block(uint8_t *image, uint64_t h, unsigned int count, mbedtls_pk_context *pk)
{
	uint8_t hash[FW_SHA256_SIZE];
	uint8_t *sig = image + h + FW_HEADER_SIZE + FW_MANIFEST_SIZE(count);

	mbedtls_sha256_ret(image + h, FW_HEADER_SIZE + FW_MANIFEST_SIZE(count), hash, 0);
	return key_sign_hash(pk, hash, sig, "sign");
}

int fw_build(const struct desc *d, const struct fw_blob *blobs, mbedtls_pk_context *pk,
	     uint8_t **image_out, uint64_t *size_out)
{
	uint8_t der[KEY_DER_MAX], key_id[FW_SHA256_SIZE];
	uint64_t offsets[FW_MAX_PAYLOADS] = { 0 }, h, end;
	size_t der_len;

	if (key_public_der(pk, der, &der_len, key_id) != 0 || place_header(d, &blobs[0], &h) != 0)
		return -1;
	end = h + FW_SIGNED_BLOCK_SIZE(d->count);
	for (unsigned int i = 1; i < d->count; i++) {
		offsets[i] = align_up(end);
		if (d->payloads[i].in_place) {
			/* Where the loader puts the file, its load address: no copy at boot. */
			uint64_t at = d->payloads[i].load - d->payloads[0].load;
			if (d->payloads[i].load < d->payloads[0].load || at < offsets[i] ||
			    at % FW_ALIGN != 0) {
				fprintf(stderr, "%s:%u: in-place payload at load address 0x%llx "
					"would be at file offset 0x%llx, which must be 4 KiB aligned "
					"and at or after 0x%llx (the end of what comes before it); "
					"give a higher load address or drop in-place\n", d->path,
					d->payloads[i].line, (unsigned long long)d->payloads[i].load,
					(unsigned long long)at, (unsigned long long)offsets[i]);
				return -1;
			}
			offsets[i] = at;
		}
		end = offsets[i] + blobs[i].size;
	}
	uint64_t image_size = align_up(end);
	uint8_t *image = calloc(1, image_size);
	if (!image) {
		fprintf(stderr, "sign: no memory for a %llu-byte image\n",
			(unsigned long long)image_size);
		return -1;
	}
	for (unsigned int i = 0; i < d->count; i++)
		memcpy(image + offsets[i], blobs[i].data, blobs[i].size);
	/* The boot header tells the loader where the header is and, on arm64,
	 * that the whole file (payloads too) is the image to keep in place. */
	fw_put_le64(image + FW_LOCATOR_OFFSET, h);
	if (memcmp(image + IMAGE_MAGIC_OFFSET, IMAGE_MAGIC, 4) == 0)
		fw_put_le64(image + IMAGE_SIZE_OFFSET, image_size);
	write_manifest(image, d, blobs, offsets, h, image_size, key_id);
	if (sign_block(image, h, d->count, pk) != 0) {
		free(image);
		return -1;
	}
	*image_out = image;
	*size_out = image_size;
	return 0;
}
