// SPDX-License-Identifier: Apache-2.0
/*
 * The portable SHA-256 compression (hyp/core/sha256_block.c), which the
 * arm64 hypervisor uses for firmware.bin when the CPU lacks the SHA-256
 * instructions: FIPS 180-4's own example, then messages of every length
 * around the block boundaries, against Debian's libmbedtls.
 */
#include <string.h>

#include "unit.h"

#include <mbedtls/sha256.h>

#include "sha256_block.h"

/* A whole SHA-256 (FIPS 180-4, 5.1.1 padding) over sha256_block_portable. */
static void hash(const uint8_t *msg, size_t len, uint8_t out[32])
{
	uint32_t h[8] = { 0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a,
			  0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19 };
	uint8_t block[128] = { 0 };
	size_t whole = len / 64 * 64, rest = len - whole;
	size_t tail = rest < 56 ? 64 : 128;

	for (size_t off = 0; off < whole; off += 64)
		sha256_block_portable(h, msg + off);
	memcpy(block, msg + whole, rest);
	block[rest] = 0x80;
	for (unsigned i = 0; i < 8; i++)
		block[tail - 1 - i] = (uint8_t)((uint64_t)len * 8 >> (8 * i));
	sha256_block_portable(h, block);
	if (tail == 128)
		sha256_block_portable(h, block + 64);
	for (unsigned i = 0; i < 32; i++)
		out[i] = (uint8_t)(h[i / 4] >> (24 - 8 * (i % 4)));
}

static void fips_example_abc(void **state)
{
	/* FIPS 180-4 example (NIST CSRC "SHA256.pdf"): SHA-256("abc"). */
	static const uint8_t expected[32] = {
		0xba, 0x78, 0x16, 0xbf, 0x8f, 0x01, 0xcf, 0xea, 0x41, 0x41, 0x40, 0xde, 0x5d, 0xae,
		0x22, 0x23, 0xb0, 0x03, 0x61, 0xa3, 0x96, 0x17, 0x7a, 0x9c, 0xb4, 0x10, 0xff, 0x61,
		0xf2, 0x00, 0x15, 0xad,
	};
	uint8_t out[32];

	(void)state;
	hash((const uint8_t *)"abc", 3, out);
	assert_memory_equal(out, expected, 32);
}

static void every_length_matches_mbedtls(void **state)
{
	uint8_t msg[300], ours[32], theirs[32];

	(void)state;
	for (size_t i = 0; i < sizeof(msg); i++)
		msg[i] = (uint8_t)(i * 131 + 7);
	for (size_t len = 0; len <= sizeof(msg); len++) {
		hash(msg, len, ours);
		assert_int_equal(mbedtls_sha256_ret(msg, len, theirs, 0), 0);
		assert_memory_equal(ours, theirs, 32);
	}
}

static const struct CMUnitTest tests[] = {
	cmocka_unit_test(fips_example_abc),
	cmocka_unit_test(every_length_matches_mbedtls),
};

UNIT_MAIN("sha256_block", tests)
