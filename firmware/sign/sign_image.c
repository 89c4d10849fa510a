// SPDX-License-Identifier: Apache-2.0
// `bulkhead-sign sign`: reads the description, the key and the payload
// files, has fw_build lay out and sign the image, and writes it whole.
#include "sign_image.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "fw_build.h"
#include "keyfile.h"
#include "manifest_desc.h"

static int read_file(const struct desc *d, const struct desc_payload *p, struct fw_blob *out)
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
	uint8_t *data = malloc(out->size ? out->size : 1);
	out->data = data;
	if (!data || fread(data, 1, out->size, f) != out->size) {
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
	struct fw_blob files[FW_MAX_PAYLOADS] = { 0 };
	uint8_t *image = NULL;
	uint64_t image_size;
	mbedtls_pk_context pk;
	int status = 1;

	mbedtls_pk_init(&pk);
	if (!d || desc_load(desc_path, d) != 0 || key_load_private(&pk, key_path) != 0)
		goto out;
	for (unsigned int i = 0; i < d->count; i++)
		if (read_file(d, &d->payloads[i], &files[i]) != 0)
			goto out;
	if (fw_build(d, files, &pk, &image, &image_size) != 0 ||
	    write_image(out_path, image, image_size) != 0)
		goto out;
	printf("sign: wrote %s: %u payloads, %llu bytes, security_version %llu\n", out_path,
	       d->count, (unsigned long long)image_size,
	       (unsigned long long)d->security_version);
	status = 0;
out:
	for (unsigned int i = 0; i < FW_MAX_PAYLOADS; i++)
		free((void *)files[i].data);
	free(image);
	if (d)
		desc_free(d);
	free(d);
	mbedtls_pk_free(&pk);
	return status;
}
