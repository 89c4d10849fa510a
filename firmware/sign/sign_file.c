// SPDX-License-Identifier: Apache-2.0
// Detached signatures (docs/image-format.md, "Detached signatures"). The
// signed hash is SHA-256(DOMAIN || SHA-256(file)): the prefix keeps a
// detached signature from ever standing for a firmware.bin signature, whose
// hash covers a header that starts with "BULKHDFW".
#include "sign_file.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

#include <mbedtls/bignum.h>
#include <mbedtls/ecdsa.h>
#include <mbedtls/sha256.h>

#include "keyfile.h"

static const char DOMAIN[] = "bulkhead-sign detached v1\n";
static const char MAGIC[] = "bulkhead-detached-signature 1";
#define SIG_TEXT_MAX 512

static void hex(char *out, const uint8_t *p, size_t n)
{
	for (size_t i = 0; i < n; i++)
		sprintf(out + 2 * i, "%02x", p[i]);
}

/* Exactly 2n lower-case hex digits to n bytes; 0 or -1. */
static int unhex(const char *text, uint8_t *out, size_t n)
{
	if (strlen(text) != 2 * n || strspn(text, "0123456789abcdef") != 2 * n)
		return -1;
	for (size_t i = 0; i < n; i++) {
		unsigned int byte;
		sscanf(text + 2 * i, "%2x", &byte);
		out[i] = (uint8_t)byte;
	}
	return 0;
}

static int file_sha256(const char *what, const char *path, uint8_t out[32])
{
	FILE *f = fopen(path, "rb");
	mbedtls_sha256_context ctx;
	uint8_t buf[65536];
	size_t n;

	if (!f) {
		fprintf(stderr, "%s: cannot read %s: %s\n", what, path, strerror(errno));
		return -1;
	}
	mbedtls_sha256_init(&ctx);
	mbedtls_sha256_starts_ret(&ctx, 0);
	while ((n = fread(buf, 1, sizeof(buf), f)) > 0)
		mbedtls_sha256_update_ret(&ctx, buf, n);
	int failed = ferror(f);
	fclose(f);
	mbedtls_sha256_finish_ret(&ctx, out);
	mbedtls_sha256_free(&ctx);
	if (failed) {
		fprintf(stderr, "%s: cannot read %s\n", what, path);
		return -1;
	}
	return 0;
}

static void signed_hash(const uint8_t file_hash[32], uint8_t out[32])
{
	uint8_t msg[sizeof(DOMAIN) - 1 + 32];
	memcpy(msg, DOMAIN, sizeof(DOMAIN) - 1);
	memcpy(msg + sizeof(DOMAIN) - 1, file_hash, 32);
	mbedtls_sha256_ret(msg, sizeof(msg), out, 0);
}

int sign_file(const char *key_path, const char *file_path, const char *sig_path)
{
	uint8_t der[KEY_DER_MAX], key_id[32], file_hash[32], hash[32], sig[64];
	char id_hex[65], file_hex[65], sig_hex[129];
	mbedtls_pk_context pk;
	size_t der_len;
	int status = 1;

	mbedtls_pk_init(&pk);
	if (key_load_private(&pk, key_path) != 0 || key_public_der(&pk, der, &der_len, key_id) != 0 ||
	    file_sha256("sign-file", file_path, file_hash) != 0)
		goto out;
	signed_hash(file_hash, hash);
	if (key_sign_hash(&pk, hash, sig, "sign-file") != 0)
		goto out;
	hex(id_hex, key_id, 32);
	hex(file_hex, file_hash, 32);
	hex(sig_hex, sig, 64);
	FILE *f = fopen(sig_path, "w");
	int ok = f && fprintf(f, "%s\nfile-sha256 %s\nkey-id %s\nsignature %s\n", MAGIC, file_hex,
			      id_hex, sig_hex) > 0;
	if ((f && fclose(f) != 0) || !ok) {
		fprintf(stderr, "sign-file: cannot write %s: %s\n", sig_path, strerror(errno));
		remove(sig_path);
		goto out;
	}
	printf("sign-file: wrote %s: %s (sha256 %s) signed by key id %s\n", sig_path, file_path,
	       file_hex, id_hex);
	status = 0;
out:
	mbedtls_pk_free(&pk);
	return status;
}

struct detached {
	uint8_t file_hash[32], key_id[32], sig[64];
};

/* Reads SIG's four lines; 0, or -1 after one line naming the line at fault. */
static int read_detached(const char *path, struct detached *d)
{
	static const char *const KEYS[] = { "file-sha256 ", "key-id ", "signature " };
	uint8_t *const fields[] = { d->file_hash, d->key_id, d->sig };
	const size_t sizes[] = { 32, 32, 64 };
	char line[SIG_TEXT_MAX];
	FILE *f = fopen(path, "r");

	if (!f) {
		fprintf(stderr, "verify-file: cannot read %s: %s\n", path, strerror(errno));
		return -1;
	}
	for (unsigned int i = 0; i < 4; i++) {
		int ok = fgets(line, sizeof(line), f) != NULL;
		size_t n = ok ? strlen(line) : 0;
		ok = ok && n > 0 && line[n - 1] == '\n';
		if (ok)
			line[n - 1] = '\0';
		if (ok && i == 0)
			ok = strcmp(line, MAGIC) == 0;
		else if (ok)
			ok = strncmp(line, KEYS[i - 1], strlen(KEYS[i - 1])) == 0 &&
			     unhex(line + strlen(KEYS[i - 1]), fields[i - 1], sizes[i - 1]) == 0;
		if (!ok) {
			fprintf(stderr, "verify-file: %s:%u: not a detached signature (expected '%s%s'); "
				"it is damaged: sign the file again\n", path, i + 1,
				i == 0 ? MAGIC : KEYS[i - 1], i == 0 ? "" : "<hex digits>");
			fclose(f);
			return -1;
		}
	}
	int extra = fgetc(f) != EOF;
	fclose(f);
	if (extra) {
		fprintf(stderr, "verify-file: %s:5: text after the signature; it is damaged: sign the "
			"file again\n", path);
		return -1;
	}
	return 0;
}

static int ecdsa_ok(mbedtls_pk_context *pk, const uint8_t hash[32], const uint8_t sig[64])
{
	mbedtls_mpi r, s;
	mbedtls_mpi_init(&r);
	mbedtls_mpi_init(&s);
	int rc = mbedtls_mpi_read_binary(&r, sig, 32);
	if (rc == 0)
		rc = mbedtls_mpi_read_binary(&s, sig + 32, 32);
	if (rc == 0)
		rc = mbedtls_ecdsa_verify(&mbedtls_pk_ec(*pk)->grp, hash, 32,
					  &mbedtls_pk_ec(*pk)->Q, &r, &s);
	mbedtls_mpi_free(&s);
	mbedtls_mpi_free(&r);
	return rc == 0;
}

int verify_file(const char *key_path, const char *file_path, const char *sig_path)
{
	uint8_t der[KEY_DER_MAX], key_id[32], file_hash[32], hash[32];
	char want_hex[65], have_hex[65];
	struct detached d;
	mbedtls_pk_context pk;
	size_t der_len;
	int status = 2;

	mbedtls_pk_init(&pk);
	if (key_load_public(&pk, key_path) != 0 || key_public_der(&pk, der, &der_len, key_id) != 0 ||
	    read_detached(sig_path, &d) != 0 || file_sha256("verify-file", file_path, file_hash) != 0)
		goto out;
	status = 1;
	if (memcmp(d.key_id, key_id, 32) != 0) {
		hex(want_hex, key_id, 32);
		hex(have_hex, d.key_id, 32);
		fprintf(stderr, "verify-file: %s: refused: %s names key id %s, not the trusted key %s "
			"(key id %s); verify with the public key of the key that signed it\n",
			file_path, sig_path, have_hex, key_path, want_hex);
		goto out;
	}
	signed_hash(file_hash, hash);
	hex(have_hex, file_hash, 32);
	if (!ecdsa_ok(&pk, hash, d.sig)) {
		hex(want_hex, d.file_hash, 32);
		if (memcmp(d.file_hash, file_hash, 32) != 0)
			fprintf(stderr, "verify-file: %s: refused: its SHA-256 is %s, the signature in "
				"%s is for %s: the file changed after it was signed\n", file_path,
				have_hex, sig_path, want_hex);
		else
			fprintf(stderr, "verify-file: %s: refused: the signature in %s does not verify "
				"with %s: the signature was altered or made with another key\n",
				file_path, sig_path, key_path);
		goto out;
	}
	hex(want_hex, key_id, 32);
	printf("verify-file: %s: ok: sha256 %s, signed by key id %s\n", file_path, have_hex,
	       want_hex);
	status = 0;
out:
	mbedtls_pk_free(&pk);
	return status;
}
