// SPDX-License-Identifier: Apache-2.0
// Host-side verification: reads the image whole and runs fw_verify on it
// with its exact length, printing what the hypervisor's measured-boot lines
// will print.
#include "verify_image.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "fw_verify.h"
#include "keyfile.h"

static void print_hex(FILE *f, const uint8_t *p, unsigned int n)
{
	for (unsigned int i = 0; i < n; i++)
		fprintf(f, "%02x", p[i]);
}

static uint8_t *read_all(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	struct stat st;
	uint8_t *buf = NULL;
	if (f && fstat(fileno(f), &st) == 0) {
		*len = (size_t)st.st_size;
		buf = malloc(*len ? *len : 1);
		if (buf && fread(buf, 1, *len, f) != *len) {
			free(buf);
			buf = NULL;
		}
	}
	if (!buf)
		fprintf(stderr, "verify: cannot read %s: %s\n", path, strerror(errno));
	if (f)
		fclose(f);
	return buf;
}

static void print_refusal(const char *path, enum fw_result r, const uint8_t *image,
			  const struct fw_image *img, uint64_t min_security_version)
{
	fprintf(stderr, "verify: %s: refused: %s", path, fw_result_text(r));
	if (r == FW_ERR_PAYLOAD_HASH) {
		struct fw_payload p;
		fw_payload(image, img, img->failed, &p);
		fprintf(stderr, " in payload %u (%s", img->failed, fw_kind_name(p.kind));
		if (p.partition != FW_NO_PARTITION)
			fprintf(stderr, " of partition %u '%s'", p.partition, p.name);
		fprintf(stderr, ")");
	} else if (r == FW_ERR_PADDING) {
		fprintf(stderr, " at offset 0x%llx", (unsigned long long)img->failed_offset);
	} else if (r == FW_ERR_ROLLBACK) {
		fprintf(stderr, " (the image has %llu, the minimum is %llu)",
			(unsigned long long)img->security_version,
			(unsigned long long)min_security_version);
	}
	fprintf(stderr, "\n");
}

int verify_image(const char *key_path, const char *image_path, uint64_t min_security_version)
{
	uint8_t der[KEY_DER_MAX], id[FW_SHA256_SIZE];
	mbedtls_pk_context pk;
	struct fw_image img;
	size_t der_len, len;
	int status = 2;

	mbedtls_pk_init(&pk);
	if (key_load_public(&pk, key_path) != 0 || key_public_der(&pk, der, &der_len, id) != 0) {
		mbedtls_pk_free(&pk);
		return 2;
	}
	mbedtls_pk_free(&pk);
	uint8_t *image = read_all(image_path, &len);
	if (!image)
		return 2;
	struct fw_verify_args args = {
		.image = image, .length = len, .exact_length = true, .key_der = der,
		.key_der_len = der_len, .min_security_version = min_security_version,
	};
	enum fw_result r = fw_verify(&args, &img);
	if (r != FW_OK) {
		print_refusal(image_path, r, image, &img, min_security_version);
		status = 1;
		goto out;
	}
	printf("verify: %s: ok: %u payloads, %llu bytes, security_version %llu, key id ",
	       image_path, img.count, (unsigned long long)img.image_size,
	       (unsigned long long)img.security_version);
	print_hex(stdout, img.key_id, 8);
	printf("...\n");
	for (uint32_t i = 0; i < img.count; i++) {
		struct fw_payload p;
		fw_payload(image, &img, i, &p);
		printf("  %-15s %-12s load 0x%08llx size %10llu sha256 ", fw_kind_name(p.kind),
		       p.partition == FW_NO_PARTITION ? "-" : p.name, (unsigned long long)p.load,
		       (unsigned long long)p.size);
		print_hex(stdout, p.sha256, FW_SHA256_SIZE);
		printf("\n");
	}
	status = 0;
out:
	free(image);
	return status;
}
