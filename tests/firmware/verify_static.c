// SPDX-License-Identifier: Apache-2.0
/*
 * firmware/verify as the hypervisor will run it: linked with the bare-metal
 * x86_64 mbedtls from the dependency cache (firmware/mbedtls_config.h, no
 * libc allocation), every mbedtls allocation served from a fixed arena by
 * MEMORY_BUFFER_ALLOC_C. The x86_64 build is freestanding ring-0 code that a
 * host process can call, so the boot configuration is tested here.
 *
 *   verify_static KEY.der IMAGE ARENA_BYTES
 *
 * prints "ok" (exit 0) or "refused: WHAT" (exit 1).
 */
#include <stdio.h>
#include <stdlib.h>

#include <mbedtls/memory_buffer_alloc.h>

#include "fw_verify.h"

static unsigned char arena[64 * 1024];

/* firmware/mbedtls_config.h: called when the allocator finds its heap corrupted. */
void bulkhead_mbedtls_exit(int status)
{
	fprintf(stderr, "verify_static: mbedtls heap corrupted (%d)\n", status);
	exit(3);
}

static unsigned char *read_all(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	unsigned char *buf = NULL;
	if (f && fseek(f, 0, SEEK_END) == 0) {
		long n = ftell(f);
		rewind(f);
		buf = n >= 0 ? malloc((size_t)n + 1) : NULL;
		if (buf && fread(buf, 1, (size_t)n, f) != (size_t)n) {
			free(buf);
			buf = NULL;
		}
		*len = (size_t)n;
	}
	if (f)
		fclose(f);
	if (!buf)
		fprintf(stderr, "verify_static: cannot read %s\n", path);
	return buf;
}

int main(int argc, char **argv)
{
	size_t key_len, image_len, arena_size;
	struct fw_image img;

	if (argc != 4 || (arena_size = strtoul(argv[3], NULL, 0)) > sizeof(arena)) {
		fprintf(stderr, "usage: verify_static KEY.der IMAGE ARENA_BYTES (at most %zu)\n",
			sizeof(arena));
		return 2;
	}
	unsigned char *key = read_all(argv[1], &key_len);
	unsigned char *image = read_all(argv[2], &image_len);
	if (!key || !image)
		return 2;
	mbedtls_memory_buffer_alloc_init(arena, arena_size);
	struct fw_verify_args args = {
		.image = image, .length = image_len, .exact_length = true, .key_der = key,
		.key_der_len = key_len,
	};
	enum fw_result r = fw_verify(&args, &img);
	mbedtls_memory_buffer_alloc_free();
	if (r != FW_OK) {
		printf("refused: %s\n", fw_result_text(r));
		return 1;
	}
	printf("ok\n");
	return 0;
}
