// SPDX-License-Identifier: Apache-2.0
// Reading P-256 keys with Debian's libmbedtls; see keyfile.h.
#include "keyfile.h"

#include <stdio.h>
#include <string.h>

#include <mbedtls/ecdsa.h>
#include <mbedtls/ecp.h>
#include <mbedtls/error.h>
#include <mbedtls/sha256.h>

static const char PERSONALIZATION[] = "bulkhead-sign";

const char *key_error_text(int code)
{
	static char text[160];
	mbedtls_strerror(code, text, sizeof(text));
	return text;
}

int host_rng_init(struct host_rng *rng, const char *what)
{
	mbedtls_entropy_init(&rng->entropy);
	mbedtls_ctr_drbg_init(&rng->drbg);
	int rc = mbedtls_ctr_drbg_seed(&rng->drbg, mbedtls_entropy_func, &rng->entropy,
				       (const unsigned char *)PERSONALIZATION,
				       sizeof(PERSONALIZATION) - 1);
	if (rc != 0) {
		fprintf(stderr, "%s: cannot seed the random generator: %s\n", what,
			key_error_text(rc));
		return -1;
	}
	return 0;
}

void host_rng_free(struct host_rng *rng)
{
	mbedtls_ctr_drbg_free(&rng->drbg);
	mbedtls_entropy_free(&rng->entropy);
}

static int check_p256(mbedtls_pk_context *pk, const char *path)
{
	if (mbedtls_pk_get_type(pk) != MBEDTLS_PK_ECKEY ||
	    mbedtls_pk_ec(*pk)->grp.id != MBEDTLS_ECP_DP_SECP256R1) {
		fprintf(stderr, "%s: not an ECDSA P-256 key; make one with `./bulkhead keygen`\n",
			path);
		return -1;
	}
	return 0;
}

int key_load_private(mbedtls_pk_context *pk, const char *path)
{
	int rc = mbedtls_pk_parse_keyfile(pk, path, NULL);
	if (rc != 0) {
		fprintf(stderr, "%s: cannot read a private key: %s\n", path, key_error_text(rc));
		return -1;
	}
	return check_p256(pk, path);
}

int key_load_public(mbedtls_pk_context *pk, const char *path)
{
	int rc = mbedtls_pk_parse_public_keyfile(pk, path);
	if (rc != 0) {
		mbedtls_pk_free(pk);
		mbedtls_pk_init(pk);
		if (mbedtls_pk_parse_keyfile(pk, path, NULL) != 0) {
			fprintf(stderr, "%s: cannot read a public key: %s\n", path,
				key_error_text(rc));
			return -1;
		}
	}
	return check_p256(pk, path);
}

int key_public_der(mbedtls_pk_context *pk, uint8_t *der, size_t *len, uint8_t id[32])
{
	uint8_t buf[KEY_DER_MAX];
	/* mbedtls writes DER backwards, from the end of the buffer. */
	int n = mbedtls_pk_write_pubkey_der(pk, buf, sizeof(buf));
	if (n <= 0) {
		fprintf(stderr, "cannot encode the public key: %s\n", key_error_text(n));
		return -1;
	}
	memcpy(der, buf + sizeof(buf) - n, (size_t)n);
	*len = (size_t)n;
	return mbedtls_sha256_ret(der, *len, id, 0) == 0 ? 0 : -1;
}

int key_sign_hash(mbedtls_pk_context *pk, const uint8_t hash[32], uint8_t sig[64],
		  const char *what)
{
	mbedtls_ecp_keypair *key = mbedtls_pk_ec(*pk);
	struct host_rng rng;
	mbedtls_mpi r, s;
	int rc;

	mbedtls_mpi_init(&r);
	mbedtls_mpi_init(&s);
	if (host_rng_init(&rng, what) != 0) {
		rc = -1;
		goto out;
	}
	/* The RNG only blinds the computation; r and s depend on key and hash alone. */
	rc = mbedtls_ecdsa_sign_det_ext(&key->grp, &r, &s, &key->d, hash, 32,
					MBEDTLS_MD_SHA256, mbedtls_ctr_drbg_random, &rng.drbg);
	if (rc == 0)
		rc = mbedtls_mpi_write_binary(&r, sig, 32);
	if (rc == 0)
		rc = mbedtls_mpi_write_binary(&s, sig + 32, 32);
	if (rc != 0)
		fprintf(stderr, "%s: ECDSA signing failed: %s\n", what, key_error_text(rc));
out:
	host_rng_free(&rng);
	mbedtls_mpi_free(&s);
	mbedtls_mpi_free(&r);
	return rc == 0 ? 0 : -1;
}
