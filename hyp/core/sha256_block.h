/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The SHA-256 compression function (FIPS 180-4, 6.2.2) over one 64-byte
 * block, for mbedtls's MBEDTLS_SHA256_PROCESS_ALT hook (firmware/
 * mbedtls_config.h): the arm64 backend uses the CPU's SHA-256 instructions
 * when it has them, and this portable C otherwise.
 */
#ifndef SHA256_BLOCK_H
#define SHA256_BLOCK_H

#include <stdint.h>

/* The 64 round constants K (FIPS 180-4, 4.2.2). */
extern const uint32_t sha256_k[64];

/* state: H0..H7; data: the block, big-endian words. */
void sha256_block_portable(uint32_t state[8], const uint8_t data[64]);

#endif
