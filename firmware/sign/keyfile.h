/* SPDX-License-Identifier: Apache-2.0 */
/*
 * P-256 keys for the host signer, through Debian's libmbedtls: reading PEM
 * files, the public key's DER (SubjectPublicKeyInfo) and its SHA-256, the key
 * id firmware.bin's manifest carries, and a seeded random generator.
 */
#ifndef FIRMWARE_SIGN_KEYFILE_H
#define FIRMWARE_SIGN_KEYFILE_H

#include <stddef.h>
#include <stdint.h>

#include <mbedtls/ctr_drbg.h>
#include <mbedtls/entropy.h>
#include <mbedtls/pk.h>

/* A P-256 SubjectPublicKeyInfo is 91 bytes; room to spare. */
#define KEY_DER_MAX 160

struct host_rng {
	mbedtls_entropy_context entropy;
	mbedtls_ctr_drbg_context drbg;
};

/* 0, or -1 after printing one line naming `what`. */
int host_rng_init(struct host_rng *rng, const char *what);
void host_rng_free(struct host_rng *rng);

/* A private P-256 key from a PEM file; 0, or -1 after printing one line. */
int key_load_private(mbedtls_pk_context *pk, const char *path);
/* A public key PEM file (or a private one, whose public half is used). */
int key_load_public(mbedtls_pk_context *pk, const char *path);

/* The public key's DER in der[0..*len) (der has KEY_DER_MAX bytes) and its id. */
int key_public_der(mbedtls_pk_context *pk, uint8_t *der, size_t *len, uint8_t id[32]);

/* ECDSA over `hash` (a SHA-256) with the private key `pk`, deterministic
 * (RFC 6979), stored raw: r then s, 32 bytes each, big-endian
 * (docs/image-format.md, "Signature"). 0, or -1 after one line naming `what`. */
int key_sign_hash(mbedtls_pk_context *pk, const uint8_t hash[32], uint8_t sig[64],
		  const char *what);

/* "mbedtls: <its own words>" for an mbedtls error code. */
const char *key_error_text(int code);

#endif
