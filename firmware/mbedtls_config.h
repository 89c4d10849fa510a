/* SPDX-License-Identifier: Apache-2.0 */
/*
 * mbedtls 2.28 configuration of the bare-metal build in the dependency cache
 * (tools/bulkhead/deps.py builds Debian's mbedtls source with
 * -DMBEDTLS_CONFIG_FILE="mbedtls_config.h"). Verify-only, for the hypervisor:
 * SHA-256, ECDSA on P-256 and what it needs, DER public keys. No file system,
 * no entropy, no clock, no network, no libc allocation: mbedtls_calloc comes
 * from MEMORY_BUFFER_ALLOC_C over a fixed arena. The host signer uses
 * Debian's own libmbedtls with its full configuration instead.
 */
#ifndef BULKHEAD_MBEDTLS_CONFIG_H
#define BULKHEAD_MBEDTLS_CONFIG_H

/* System support: 64-bit limbs; no time, no std functions. Without
 * UDBL_DIVISION bignum needs no 128-bit division (no __udivti3 from libgcc). */
#define MBEDTLS_HAVE_ASM
#define MBEDTLS_NO_UDBL_DIVISION
#define MBEDTLS_NO_PLATFORM_ENTROPY
#define MBEDTLS_DEPRECATED_REMOVED

/* Memory: the buffer allocator behind mbedtls_calloc/mbedtls_free. */
#define MBEDTLS_PLATFORM_C
#define MBEDTLS_PLATFORM_MEMORY
#define MBEDTLS_PLATFORM_NO_STD_FUNCTIONS
#define MBEDTLS_MEMORY_BUFFER_ALLOC_C
/* The allocator calls this when it finds its heap corrupted; whatever links
 * the library defines it and must not return (the hypervisor panics). */
#define MBEDTLS_PLATFORM_EXIT_MACRO bulkhead_mbedtls_exit
void bulkhead_mbedtls_exit(int status);
/* Only oid.c's numeric-OID printer would call this, and nothing calls that:
 * never defined, so a link fails if it ever becomes needed. */
#define MBEDTLS_PLATFORM_SNPRINTF_MACRO bulkhead_mbedtls_snprintf
int bulkhead_mbedtls_snprintf(char *s, __SIZE_TYPE__ n, const char *fmt, ...);

/* Hashing. */
#define MBEDTLS_SHA256_C
#if defined(__aarch64__)
/* 2.28 has no code for the Armv8 SHA-256 instructions (its _USE_A64_CRYPTO_
 * options came with 3.x): the hypervisor supplies the compression function,
 * mbedtls_internal_sha256_process (hyp/arch/arm64/sha256_process.c), with
 * those instructions when the CPU has them. */
#define MBEDTLS_SHA256_PROCESS_ALT
#endif
#define MBEDTLS_MD_C

/* ECDSA P-256 verification. */
#define MBEDTLS_BIGNUM_C
#define MBEDTLS_ECP_C
#define MBEDTLS_ECP_DP_SECP256R1_ENABLED
#define MBEDTLS_ECP_NIST_OPTIM
#define MBEDTLS_ECP_NO_INTERNAL_RNG
#define MBEDTLS_ECDSA_C
#define MBEDTLS_ASN1_PARSE_C
#define MBEDTLS_ASN1_WRITE_C /* ECDSA_C requires it (signature writing, unused) */

/* The trusted key as SubjectPublicKeyInfo DER. */
#define MBEDTLS_OID_C
#define MBEDTLS_PK_C
#define MBEDTLS_PK_PARSE_C

#include "mbedtls/check_config.h"

#endif
