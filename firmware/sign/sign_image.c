// SPDX-License-Identifier: Apache-2.0
// Building firmware.bin (docs/image-format.md): the hypervisor at offset 0
// with the header's offset patched into its boot header, the signed block
// on the first 4 KiB boundary after the hypervisor's memory footprint, then
// each payload on a 4 KiB boundary, zeros between. The signature is
// deterministic (RFC 6979), so the same inputs and key give the same file.
#include "sign_image.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <mbedtls/ecdsa.h>
#include <mbedtls/sha256.h>

#include "keyfile.h"
#include "manifest_desc.h"

/* The arm64 Linux Image header (Linux, Documentation/arch/arm64/booting.rst). */
#define IMAGE_SIZE_OFFSET 16u
#define IMAGE_MAGIC_OFFSET 56u
static const uint8_t IMAGE_MAGIC[4] = { 'A', 'R', 'M', 0x64 };

struct loaded {
	uint8_t *data;
	uint64_t size;
	uint64_t offset; /* in firmware.bin */
};

static uint64_t align_up(uint64_t v)
{
	return (v + FW_ALIGN - 1) & ~(uint64_t)(FW_ALIGN - 1);
}

static int read_file(const struct desc *d, const struct desc_payload *p, struct loaded *out)
{
	FILE *f = fopen(p->path, "rb");
	struct stat st;
	if (!f || fstat(fileno(f), &st) != 0) {
		fprintf(stderr, "%s:%u: cannot read %s: %s\n", d->path, p->line, p->path,
			strerror(errno));
		if (f)
			fclose(f);
		return -1;
	}
	out->size = (uint64_t)st.st_size;
	out->data = malloc(out->size ? out->size : 1);
	if (!out->data || fread(out->data, 1, out->size, f) != out->size) {
		fprintf(stderr, "%s:%u: cannot read %s\n", d->path, p->line, p->path);
		fclose(f);
		return -1;
	}
	fclose(f);
	if (out->size == 0) {
		fprintf(stderr, "%s:%u: %s is empty; a payload has at least one byte\n", d->path,
			p->line, p->path);
		return -1;
	}
	return 0;
}

/* Where the header goes, after checking the hypervisor can carry the locator. */
static int place_header(const struct desc *d, struct loaded *hyp, uint64_t *header_offset)
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

static void write_manifest(uint8_t *image, const struct desc *d, const struct loaded *files,
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
		fw_put_le64(e + FW_E_OFFSET, files[i].offset);
		fw_put_le64(e + FW_E_SIZE, files[i].size);
		fw_put_le64(e + FW_E_LOAD, p->load);
		memcpy(e + FW_E_NAME, p->name, FW_NAME_SIZE);
		mbedtls_sha256_ret(image + files[i].offset, files[i].size, e + FW_E_SHA256, 0);
	}
}

static int sign_block(uint8_t *image, uint64_t h, unsigned int count, mbedtls_pk_context *pk)
{
	uint8_t hash[FW_SHA256_SIZE];
	uint8_t *sig = image + h + FW_HEADER_SIZE + FW_MANIFEST_SIZE(count);
	mbedtls_ecp_keypair *key = mbedtls_pk_ec(*pk);
	struct host_rng rng;
	mbedtls_mpi r, s;
	int rc;

	mbedtls_mpi_init(&r);
	mbedtls_mpi_init(&s);
	if (host_rng_init(&rng, "sign") != 0) {
		rc = -1;
		goto out;
	}
	mbedtls_sha256_ret(image + h, FW_HEADER_SIZE + FW_MANIFEST_SIZE(count), hash, 0);
	/* The RNG only blinds the computation; r and s depend on key and hash alone. */
	rc = mbedtls_ecdsa_sign_det_ext(&key->grp, &r, &s, &key->d, hash, sizeof(hash),
					MBEDTLS_MD_SHA256, mbedtls_ctr_drbg_random, &rng.drbg);
	if (rc == 0)
		rc = mbedtls_mpi_write_binary(&r, sig, FW_SIGNATURE_SIZE / 2);
	if (rc == 0)
		rc = mbedtls_mpi_write_binary(&s, sig + FW_SIGNATURE_SIZE / 2, FW_SIGNATURE_SIZE / 2);
	if (rc != 0)
		fprintf(stderr, "sign: ECDSA signing failed: %s\n", key_error_text(rc));
out:
	host_rng_free(&rng);
	mbedtls_mpi_free(&s);
	mbedtls_mpi_free(&r);
	return rc;
}

/* Writes next to `path` and renames, so a failed run leaves the old file. */
static int write_image(const char *path, const uint8_t *image, uint64_t size)
{
	size_t n = strlen(path);
	char *tmp = malloc(n + 8);
	if (!tmp)
		return -1;
	snprintf(tmp, n + 8, "%s.tmp", path);
	FILE *f = fopen(tmp, "wb");
	int ok = f && fwrite(image, 1, size, f) == size;
	if (f && fclose(f) != 0)
		ok = 0;
	if (!ok || rename(tmp, path) != 0) {
		fprintf(stderr, "sign: cannot write %s: %s\n", path, strerror(errno));
		unlink(tmp);
		free(tmp);
		return -1;
	}
	free(tmp);
	return 0;
}

int sign_image(const char *key_path, const char *desc_path, const char *out_path)
{
	struct desc *d = calloc(1, sizeof(*d));
	struct loaded files[FW_MAX_PAYLOADS] = { 0 };
	uint8_t der[KEY_DER_MAX], key_id[FW_SHA256_SIZE], *image = NULL;
	size_t der_len;
	uint64_t h = 0, end;
	mbedtls_pk_context pk;
	int status = 1;

	mbedtls_pk_init(&pk);
	if (!d || desc_load(desc_path, d) != 0)
		goto out;
	if (key_load_private(&pk, key_path) != 0 || key_public_der(&pk, der, &der_len, key_id))
		goto out;
	for (unsigned int i = 0; i < d->count; i++)
		if (read_file(d, &d->payloads[i], &files[i]) != 0)
			goto out;
	if (place_header(d, &files[0], &h) != 0)
		goto out;
	end = h + FW_SIGNED_BLOCK_SIZE(d->count);
	for (unsigned int i = 1; i < d->count; i++) {
		files[i].offset = align_up(end);
		end = files[i].offset + files[i].size;
	}
	uint64_t image_size = align_up(end);
	image = calloc(1, image_size);
	if (!image) {
		fprintf(stderr, "sign: no memory for a %llu-byte image\n",
			(unsigned long long)image_size);
		goto out;
	}
	for (unsigned int i = 0; i < d->count; i++)
		memcpy(image + files[i].offset, files[i].data, files[i].size);
	/* The boot header tells the loader where the header is and, on arm64,
	 * that the whole file (payloads too) is the image to keep in place. */
	fw_put_le64(image + FW_LOCATOR_OFFSET, h);
	if (memcmp(image + IMAGE_MAGIC_OFFSET, IMAGE_MAGIC, 4) == 0)
		fw_put_le64(image + IMAGE_SIZE_OFFSET, image_size);
	write_manifest(image, d, files, h, image_size, key_id);
	if (sign_block(image, h, d->count, &pk) != 0 || write_image(out_path, image, image_size))
		goto out;
	printf("sign: wrote %s: %u payloads, %llu bytes, security_version %llu\n", out_path,
	       d->count, (unsigned long long)image_size,
	       (unsigned long long)d->security_version);
	status = 0;
out:
	for (unsigned int i = 0; i < FW_MAX_PAYLOADS; i++)
		free(files[i].data);
	free(image);
	if (d)
		desc_free(d);
	free(d);
	mbedtls_pk_free(&pk);
	return status;
}
