// SPDX-License-Identifier: Apache-2.0
// Key pair generation. Both files are created with O_EXCL, so an existing
// key (or a file racing in) is never overwritten; if the second file cannot
// be created the first is removed again, so nothing half-made is left.
#include "keygen.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <mbedtls/ecp.h>
#include <mbedtls/pk.h>
#include <mbedtls/platform_util.h>

#include "keyfile.h"

#define PEM_MAX 1024

/* Creates `path` with exactly `mode` (not narrowed by the umask's absence
 * of bits, nor widened) and writes `text`; 0 or -1 after one line. */
static int write_new(const char *path, const char *text, mode_t mode)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, mode);
	if (fd < 0) {
		if (errno == EEXIST)
			fprintf(stderr, "keygen: %s already exists; refusing to overwrite a key "
				"(remove it first or give another path)\n", path);
		else
			fprintf(stderr, "keygen: cannot create %s: %s\n", path, strerror(errno));
		return -1;
	}
	size_t len = strlen(text);
	if (fchmod(fd, mode) != 0 || write(fd, text, len) != (ssize_t)len || fsync(fd) != 0) {
		fprintf(stderr, "keygen: cannot write %s: %s\n", path, strerror(errno));
		close(fd);
		unlink(path);
		return -1;
	}
	return close(fd);
}

static int exists(const char *path)
{
	struct stat st;
	if (lstat(path, &st) == 0) {
		fprintf(stderr, "keygen: %s already exists; refusing to overwrite a key "
			"(remove it first or give another path)\n", path);
		return 1;
	}
	return 0;
}

int keygen(const char *path)
{
	size_t n = strlen(path);
	char *pub = malloc(n + 5);
	unsigned char priv_pem[PEM_MAX], pub_pem[PEM_MAX], der[KEY_DER_MAX], id[32];
	size_t der_len;
	struct host_rng rng;
	mbedtls_pk_context pk;
	int status = 1;

	if (!pub)
		return 1;
	memcpy(pub, path, n);
	memcpy(pub + n, ".pub", 5);
	/* Checked up front so neither file is touched when one exists. */
	if (exists(path) || exists(pub)) {
		free(pub);
		return 1;
	}
	mbedtls_pk_init(&pk);
	if (host_rng_init(&rng, "keygen") != 0)
		goto out;
	int rc = mbedtls_pk_setup(&pk, mbedtls_pk_info_from_type(MBEDTLS_PK_ECKEY));
	if (rc == 0)
		rc = mbedtls_ecp_gen_key(MBEDTLS_ECP_DP_SECP256R1, mbedtls_pk_ec(pk),
					 mbedtls_ctr_drbg_random, &rng.drbg);
	if (rc == 0)
		rc = mbedtls_pk_write_key_pem(&pk, priv_pem, sizeof(priv_pem));
	if (rc == 0)
		rc = mbedtls_pk_write_pubkey_pem(&pk, pub_pem, sizeof(pub_pem));
	if (rc != 0) {
		fprintf(stderr, "keygen: cannot generate a P-256 key: %s\n", key_error_text(rc));
		goto out;
	}
	if (key_public_der(&pk, der, &der_len, id) != 0)
		goto out;
	if (write_new(path, (const char *)priv_pem, 0600) != 0)
		goto out;
	if (write_new(pub, (const char *)pub_pem, 0644) != 0) {
		unlink(path);
		goto out;
	}
	printf("keygen: wrote %s (private key, mode 0600) and %s (public key)\n", path, pub);
	printf("keygen: key id ");
	for (unsigned int i = 0; i < sizeof(id); i++)
		printf("%02x", id[i]);
	printf("\n");
	status = 0;
out:
	mbedtls_platform_zeroize(priv_pem, sizeof(priv_pem));
	mbedtls_pk_free(&pk);
	host_rng_free(&rng);
	free(pub);
	return status;
}
