// SPDX-License-Identifier: Apache-2.0
/*
 * firmware/verify against Debian's libmbedtls: an image fw_build signs is
 * accepted; one flipped byte in the header, the manifest, the signature, each
 * payload and each kind of padding is refused with its own result; another
 * key, an older security_version, a cut or padded file are refused; a signed
 * manifest whose offsets would wrap around is refused as a layout error.
 */
#include <stdlib.h>
#include <string.h>

#include "unit.h"

#include <mbedtls/ctr_drbg.h>
#include <mbedtls/ecdsa.h>
#include <mbedtls/ecp.h>
#include <mbedtls/entropy.h>
#include <mbedtls/sha256.h>

#include "fw_build.h"
#include "fw_layout.h"
#include "fw_verify.h"
#include "keyfile.h"

#define HYP_FILE 5000u      /* the hypervisor's bytes in the file */
#define HYP_MEMSIZE 0x3000u /* with its .bss: the header goes at 0x3000 */
#define SECURITY_VERSION 7u

struct key {
	mbedtls_pk_context pk;
	uint8_t der[KEY_DER_MAX];
	size_t der_len;
	uint8_t id[32];
};

static struct key keys[2]; /* [0] the trusted key, [1] another one */
static struct host_rng rng;

/* Payload contents: a fake arm64 Image (res2 zero), then four more. */
static uint8_t hyp[HYP_FILE], tables[300], kernel[9000], dtb[700], initrd[4000];
static const struct fw_blob blobs[] = {
	{ hyp, sizeof(hyp) }, { tables, sizeof(tables) }, { kernel, sizeof(kernel) },
	{ dtb, sizeof(dtb) }, { initrd, sizeof(initrd) },
};
#define COUNT 5u

struct built {
	uint8_t *image;
	uint64_t size;
	struct fw_image img; /* as fw_verify read it */
};

static void make_key(struct key *k)
{
	mbedtls_pk_init(&k->pk);
	assert_int_equal(mbedtls_pk_setup(&k->pk, mbedtls_pk_info_from_type(MBEDTLS_PK_ECKEY)), 0);
	assert_int_equal(mbedtls_ecp_gen_key(MBEDTLS_ECP_DP_SECP256R1, mbedtls_pk_ec(k->pk),
					     mbedtls_ctr_drbg_random, &rng.drbg), 0);
	assert_int_equal(key_public_der(&k->pk, k->der, &k->der_len, k->id), 0);
}

static int suite_setup(void **state)
{
	(void)state;
	if (host_rng_init(&rng, "test") != 0)
		return -1;
	make_key(&keys[0]);
	make_key(&keys[1]);
	for (unsigned int i = 0; i < sizeof(hyp); i++)
		hyp[i] = (uint8_t)(i * 7 + 1);
	memset(hyp + FW_LOCATOR_OFFSET, 0, 8);
	memcpy(hyp + 56, "ARM\x64", 4);
	memset(hyp + 16, 0, 8); /* Image image_size: left to the description's MEMSIZE */
	for (unsigned int i = 0; i < sizeof(tables); i++)
		tables[i] = (uint8_t)(i + 3);
	for (unsigned int i = 0; i < sizeof(kernel); i++)
		kernel[i] = (uint8_t)(i * 13 + 5);
	for (unsigned int i = 0; i < sizeof(dtb); i++)
		dtb[i] = (uint8_t)(i ^ 0xd0);
	for (unsigned int i = 0; i < sizeof(initrd); i++)
		initrd[i] = (uint8_t)(i * 31 + 9);
	return 0;
}

static void describe(struct desc *d, uint64_t security_version)
{
	static const struct desc_payload p[COUNT] = {
		{ FW_KIND_HYPERVISOR, FW_NO_PARTITION, "", 0x40200000, HYP_MEMSIZE, NULL, 1, false },
		{ FW_KIND_CONFIG_TABLES, FW_NO_PARTITION, "", 0, 0, NULL, 2, false },
		{ FW_KIND_PARTITION_IMAGE, 0, "linux", 0x48200000, 0, NULL, 3, false },
		{ FW_KIND_PARTITION_DTB, 0, "linux", 0x48000000, 0, NULL, 4, false },
		{ FW_KIND_INITRD, 1, "rtos", 0x50000000, 0, NULL, 5, false },
	};
	memset(d, 0, sizeof(*d));
	d->path = "test";
	d->security_version = security_version;
	d->count = COUNT;
	memcpy(d->payloads, p, sizeof(p));
}

static enum fw_result verify_with(const uint8_t *image, size_t len, bool exact,
				  const struct key *k, uint64_t min, uint32_t flags,
				  struct fw_image *out)
{
	struct fw_verify_args args = {
		.image = image, .length = len, .exact_length = exact, .key_der = k->der,
		.key_der_len = k->der_len, .min_security_version = min, .flags = flags,
	};
	return fw_verify(&args, out);
}

static enum fw_result verify(const struct built *b)
{
	struct fw_image img;
	return verify_with(b->image, b->size, true, &keys[0], SECURITY_VERSION, 0, &img);
}

static void build_with(struct built *b, const struct key *k, uint64_t security_version)
{
	struct desc d;
	describe(&d, security_version);
	assert_int_equal(fw_build(&d, blobs, (mbedtls_pk_context *)&k->pk, &b->image, &b->size),
			 0);
	/* Read the layout back through the verifier itself. */
	assert_int_equal(verify_with(b->image, b->size, true, k, 0, 0, &b->img), FW_OK);
}

static void build(struct built *b)
{
	build_with(b, &keys[0], SECURITY_VERSION);
}

/* Signs the header and manifest again, as a key holder who wrote them would. */
static void resign(struct built *b)
{
	uint64_t h = b->img.header_offset;
	size_t len = FW_HEADER_SIZE + FW_MANIFEST_SIZE(COUNT);
	uint8_t hash[32];
	mbedtls_ecp_keypair *key = mbedtls_pk_ec(keys[0].pk);
	mbedtls_mpi r, s;

	mbedtls_mpi_init(&r);
	mbedtls_mpi_init(&s);
	assert_int_equal(mbedtls_sha256_ret(b->image + h, len, hash, 0), 0);
	assert_int_equal(mbedtls_ecdsa_sign_det_ext(&key->grp, &r, &s, &key->d, hash, 32,
						    MBEDTLS_MD_SHA256, mbedtls_ctr_drbg_random,
						    &rng.drbg), 0);
	assert_int_equal(mbedtls_mpi_write_binary(&r, b->image + h + len, 32), 0);
	assert_int_equal(mbedtls_mpi_write_binary(&s, b->image + h + len + 32, 32), 0);
	mbedtls_mpi_free(&r);
	mbedtls_mpi_free(&s);
}

static uint8_t *entry(struct built *b, unsigned int i)
{
	return b->image + b->img.header_offset + FW_HEADER_SIZE + FW_MANIFEST_FIXED_SIZE +
	       i * FW_ENTRY_SIZE;
}

static uint64_t payload_offset(struct built *b, unsigned int i)
{
	return fw_le64(entry(b, i) + FW_E_OFFSET);
}

static void round_trip_is_accepted_with_every_payload(void **state)
{
	(void)state;
	struct built b;
	struct fw_image img;
	build(&b);
	assert_int_equal(verify_with(b.image, b.size, true, &keys[0], SECURITY_VERSION, 0, &img),
			 FW_OK);
	assert_int_equal(img.header_offset, HYP_MEMSIZE);
	assert_int_equal(img.image_size, b.size);
	assert_int_equal(b.size % FW_ALIGN, 0);
	assert_int_equal(img.count, COUNT);
	assert_int_equal(img.security_version, SECURITY_VERSION);
	assert_memory_equal(img.key_id, keys[0].id, 32);
	/* The locator and the arm64 Image size were written into the hypervisor. */
	assert_int_equal(fw_le64(b.image + FW_LOCATOR_OFFSET), HYP_MEMSIZE);
	assert_int_equal(fw_le64(b.image + 16), b.size);
	for (unsigned int i = 0; i < COUNT; i++) {
		struct fw_payload p;
		uint8_t sha[32];
		fw_payload(b.image, &img, i, &p);
		assert_int_equal(p.size, blobs[i].size);
		if (i > 0) {
			assert_int_equal(p.offset % FW_ALIGN, 0);
			assert_memory_equal(b.image + p.offset, blobs[i].data, p.size);
		}
		mbedtls_sha256_ret(b.image + p.offset, p.size, sha, 0);
		assert_memory_equal(p.sha256, sha, 32);
	}
	struct fw_payload p;
	fw_payload(b.image, &img, 4, &p);
	assert_int_equal(p.kind, FW_KIND_INITRD);
	assert_int_equal(p.partition, 1);
	assert_string_equal(p.name, "rtos");
	assert_int_equal(p.load, 0x50000000);
	free(b.image);
}

static void signing_is_deterministic(void **state)
{
	(void)state;
	struct built a, b;
	build(&a);
	build(&b);
	assert_int_equal(a.size, b.size);
	assert_memory_equal(a.image, b.image, a.size);
	free(a.image);
	free(b.image);
}

/* Flips one byte at `off`, checks the result, flips it back. */
static void assert_flip(struct built *b, uint64_t off, enum fw_result expected)
{
	b->image[off] ^= 0x01;
	enum fw_result r = verify(b);
	b->image[off] ^= 0x01;
	if (r != expected)
		fail_msg("byte 0x%llx flipped: %s, expected %s", (unsigned long long)off,
			 fw_result_text(r), fw_result_text(expected));
}

static void header_byte_flips_are_refused(void **state)
{
	(void)state;
	struct built b;
	build(&b);
	uint64_t h = b.img.header_offset;
	assert_flip(&b, h + FW_H_MAGIC + 3, FW_ERR_MAGIC);
	assert_flip(&b, h + FW_H_VERSION, FW_ERR_VERSION);
	assert_flip(&b, h + FW_H_COUNT, FW_ERR_HEADER);
	assert_flip(&b, h + FW_H_HEADER_OFFSET + 1, FW_ERR_LOCATOR);
	assert_flip(&b, h + FW_H_IMAGE_SIZE + 2, FW_ERR_TRUNCATED); /* more than the file */
	/* What the framing does not read is still signed. */
	assert_flip(&b, h + FW_H_FLAGS, FW_ERR_SIGNATURE);
	assert_flip(&b, h + FW_H_RESERVED + 7, FW_ERR_SIGNATURE);
	/* No byte of the whole signed block can be changed unnoticed. */
	for (uint64_t o = h; o < h + FW_SIGNED_BLOCK_SIZE(COUNT); o++) {
		b.image[o] ^= 0x80;
		enum fw_result r = verify(&b);
		b.image[o] ^= 0x80;
		if (r == FW_OK)
			fail_msg("byte 0x%llx of the signed block flipped: accepted",
				 (unsigned long long)o);
	}
	free(b.image);
}

static void manifest_byte_flips_are_refused(void **state)
{
	(void)state;
	struct built b;
	build(&b);
	uint64_t m = b.img.header_offset + FW_HEADER_SIZE;
	assert_flip(&b, m + FW_M_SECURITY_VERSION, FW_ERR_SIGNATURE);
	assert_flip(&b, m + FW_M_KEY_ID + 5, FW_ERR_KEY_ID);
	assert_flip(&b, m + FW_M_RESERVED, FW_ERR_SIGNATURE);
	for (unsigned int i = 0; i < COUNT; i++) {
		uint64_t e = entry(&b, i) - b.image;
		assert_flip(&b, e + FW_E_SHA256 + 31, FW_ERR_SIGNATURE);
		assert_flip(&b, e + FW_E_LOAD + 3, FW_ERR_SIGNATURE);
		assert_flip(&b, e + FW_E_KIND, FW_ERR_SIGNATURE);
	}
	free(b.image);
}

static void signature_byte_flips_are_refused(void **state)
{
	(void)state;
	struct built b;
	build(&b);
	uint64_t sig = b.img.header_offset + FW_HEADER_SIZE + FW_MANIFEST_SIZE(COUNT);
	assert_flip(&b, sig, FW_ERR_SIGNATURE);       /* r */
	assert_flip(&b, sig + 40, FW_ERR_SIGNATURE);  /* s */
	assert_flip(&b, sig + 63, FW_ERR_SIGNATURE);
	free(b.image);
}

static void each_payload_flip_names_that_payload(void **state)
{
	(void)state;
	struct built b;
	struct fw_image img;
	build(&b);
	for (unsigned int i = 0; i < COUNT; i++) {
		/* Not the hypervisor's bytes 32-39: the locator finds the header. */
		uint64_t off = payload_offset(&b, i) + (i == 0 ? 100 : blobs[i].size - 1);
		b.image[off] ^= 0x10;
		assert_int_equal(verify_with(b.image, b.size, true, &keys[0], 0, 0, &img),
				 FW_ERR_PAYLOAD_HASH);
		assert_int_equal(img.failed, i);
		/* A running hypervisor skips only its own hash. */
		assert_int_equal(verify_with(b.image, b.size, true, &keys[0], 0,
					     FW_VERIFY_RUNNING_HYPERVISOR, &img),
				 i == 0 ? FW_OK : FW_ERR_PAYLOAD_HASH);
		b.image[off] ^= 0x10;
	}
	free(b.image);
}

static void padding_flips_are_refused(void **state)
{
	(void)state;
	struct built b;
	struct fw_image img;
	build(&b);
	uint64_t h = b.img.header_offset, signed_end = h + FW_SIGNED_BLOCK_SIZE(COUNT);
	const uint64_t gaps[] = {
		HYP_FILE,                                 /* the hypervisor's .bss */
		h - 1,
		signed_end,                               /* after the signature */
		payload_offset(&b, 1) + sizeof(tables),   /* between payloads */
		payload_offset(&b, 3) - 1,
		b.size - 1,                               /* the image's tail */
	};
	for (unsigned int i = 0; i < sizeof(gaps) / sizeof(gaps[0]); i++) {
		b.image[gaps[i]] = 0xff;
		assert_int_equal(verify_with(b.image, b.size, true, &keys[0], 0, 0, &img),
				 FW_ERR_PADDING);
		assert_int_equal(img.failed_offset, gaps[i]);
		/* The running hypervisor's .bss is its own business. */
		assert_int_equal(verify_with(b.image, b.size, true, &keys[0], 0,
					     FW_VERIFY_RUNNING_HYPERVISOR, &img),
				 i < 2 ? FW_OK : FW_ERR_PADDING);
		b.image[gaps[i]] = 0;
	}
	assert_int_equal(verify(&b), FW_OK);
	free(b.image);
}

/* The padding check reads aligned runs of zeros 128 bytes at a time: a
 * non-zero byte at any position of every run, and of the unaligned ends, is
 * still found, at its own offset. */
static void every_padding_byte_is_checked(void **state)
{
	(void)state;
	struct built b;
	struct fw_image img;
	build(&b);
	assert_int_equal(verify_with(b.image, b.size, true, &keys[0], 0, 0, &img), FW_OK);
	uint64_t from = img.header_offset + FW_SIGNED_BLOCK_SIZE(COUNT);
	uint64_t to = payload_offset(&b, 1);
	assert_true(to - from > 1000);
	for (uint64_t off = from; off < to; off++) {
		b.image[off] = 0x01;
		img.failed_offset = 0;
		assert_int_equal(fw_layout_padding(b.image, &img, false), FW_ERR_PADDING);
		assert_int_equal(img.failed_offset, off);
		b.image[off] = 0;
	}
	assert_int_equal(fw_layout_padding(b.image, &img, false), FW_OK);
	free(b.image);
}

static void another_key_is_refused(void **state)
{
	(void)state;
	struct built b, other;
	struct fw_image img;
	build(&b);
	build_with(&other, &keys[1], SECURITY_VERSION);
	/* Trusting key 1, key 0's image is unknown; and the reverse. */
	assert_int_equal(verify_with(b.image, b.size, true, &keys[1], 0, 0, &img), FW_ERR_KEY_ID);
	assert_int_equal(verify(&other), FW_ERR_KEY_ID);
	/* Key 1's image claiming key 0's id: the signature gives it away. */
	memcpy(other.image + other.img.header_offset + FW_HEADER_SIZE + FW_M_KEY_ID, keys[0].id,
	       32);
	assert_int_equal(verify(&other), FW_ERR_SIGNATURE);
	free(b.image);
	free(other.image);
}

static void trusted_key_must_be_p256(void **state)
{
	(void)state;
	struct built b;
	struct fw_image img;
	static const uint8_t not_a_key[] = { 0x30, 0x03, 0x02, 0x01, 0x01 };
	struct key bogus = { .der_len = sizeof(not_a_key) };
	memcpy(bogus.der, not_a_key, sizeof(not_a_key));
	build(&b);
	mbedtls_sha256_ret(not_a_key, sizeof(not_a_key),
			   b.image + b.img.header_offset + FW_HEADER_SIZE + FW_M_KEY_ID, 0);
	assert_int_equal(verify_with(b.image, b.size, true, &bogus, 0, 0, &img), FW_ERR_KEY);
	free(b.image);
}

static void older_security_version_is_refused(void **state)
{
	(void)state;
	struct built b;
	struct fw_image img;
	build_with(&b, &keys[0], 4);
	assert_int_equal(verify_with(b.image, b.size, true, &keys[0], 5, 0, &img),
			 FW_ERR_ROLLBACK);
	assert_int_equal(img.security_version, 4);
	assert_int_equal(verify_with(b.image, b.size, true, &keys[0], 4, 0, &img), FW_OK);
	assert_int_equal(verify_with(b.image, b.size, true, &keys[0], 0, 0, &img), FW_OK);
	free(b.image);
}

static void truncated_and_oversized_are_refused(void **state)
{
	(void)state;
	struct built b;
	struct fw_image img;
	build(&b);
	const struct key *k = &keys[0];
	assert_int_equal(verify_with(b.image, b.size - 1, true, k, 0, 0, &img), FW_ERR_TRUNCATED);
	assert_int_equal(verify_with(b.image, b.size - FW_ALIGN, true, k, 0, 0, &img),
			 FW_ERR_TRUNCATED);
	assert_int_equal(verify_with(b.image, HYP_MEMSIZE + 10, true, k, 0, 0, &img),
			 FW_ERR_TRUNCATED); /* cut inside the header */
	assert_int_equal(verify_with(b.image, 39, true, k, 0, 0, &img), FW_ERR_TRUNCATED);
	assert_int_equal(verify_with(b.image, 0, true, k, 0, 0, &img), FW_ERR_TRUNCATED);
	/* Bytes after the image: refused from a file, fine in a larger load window. */
	uint8_t *longer = calloc(1, b.size + FW_ALIGN);
	assert_non_null(longer);
	memcpy(longer, b.image, b.size);
	assert_int_equal(verify_with(longer, b.size + 1, true, k, 0, 0, &img), FW_ERR_OVERSIZED);
	assert_int_equal(verify_with(longer, b.size + FW_ALIGN, false, k, 0, 0, &img), FW_OK);
	/* An image larger than the window the loader gave is too big, not cut. */
	assert_int_equal(verify_with(b.image, b.size - 1, false, k, 0, 0, &img),
			 FW_ERR_OVERSIZED);
	free(longer);
	free(b.image);
}

static void absurd_sizes_cannot_wrap(void **state)
{
	(void)state;
	struct built b;
	struct fw_image img;
	build(&b);
	uint64_t h = b.img.header_offset;
	/* Before the signature: a locator or an image size near 2^64. */
	fw_put_le64(b.image + FW_LOCATOR_OFFSET, ~(uint64_t)(FW_ALIGN - 1));
	assert_int_equal(verify(&b), FW_ERR_TRUNCATED);
	assert_int_equal(verify_with(b.image, b.size, false, &keys[0], 0, 0, &img),
			 FW_ERR_LOCATOR);
	fw_put_le64(b.image + FW_LOCATOR_OFFSET, 0);
	assert_int_equal(verify(&b), FW_ERR_LOCATOR);
	fw_put_le64(b.image + FW_LOCATOR_OFFSET, h + 8);
	assert_int_equal(verify(&b), FW_ERR_LOCATOR);
	fw_put_le64(b.image + FW_LOCATOR_OFFSET, h);
	fw_put_le64(b.image + h + FW_H_IMAGE_SIZE, UINT64_MAX);
	assert_int_equal(verify(&b), FW_ERR_TRUNCATED);
	fw_put_le64(b.image + h + FW_H_IMAGE_SIZE, b.size);
	/* After it, signed by the key holder: an offset + size that would wrap. */
	fw_put_le64(entry(&b, 4) + FW_E_OFFSET, ~(uint64_t)(FW_ALIGN - 1));
	fw_put_le64(entry(&b, 4) + FW_E_SIZE, 2 * FW_ALIGN);
	resign(&b);
	assert_int_equal(verify(&b), FW_ERR_MANIFEST);
	free(b.image);
}

static void signed_layout_mistakes_are_refused(void **state)
{
	(void)state;
	struct built b;
	build(&b);
	uint8_t *e2 = entry(&b, 2), *e3 = entry(&b, 3);
	uint64_t off3 = fw_le64(e3 + FW_E_OFFSET);

	resign(&b);
	assert_int_equal(verify(&b), FW_OK); /* resign() itself is sound */
	fw_put_le64(e3 + FW_E_OFFSET, fw_le64(e2 + FW_E_OFFSET)); /* overlaps payload 2 */
	resign(&b);
	assert_int_equal(verify(&b), FW_ERR_MANIFEST);
	fw_put_le64(e3 + FW_E_OFFSET, off3 + 1); /* not 4 KiB aligned */
	resign(&b);
	assert_int_equal(verify(&b), FW_ERR_MANIFEST);
	fw_put_le64(e3 + FW_E_OFFSET, off3);
	fw_put_le16(e3 + FW_E_KIND, FW_KIND_HYPERVISOR); /* a second hypervisor */
	resign(&b);
	assert_int_equal(verify(&b), FW_ERR_MANIFEST);
	fw_put_le16(e3 + FW_E_KIND, FW_KIND_PARTITION_DTB);
	fw_put_le16(e3 + FW_E_PARTITION, FW_NO_PARTITION); /* a Devicetree of no partition */
	resign(&b);
	assert_int_equal(verify(&b), FW_ERR_MANIFEST);
	fw_put_le16(e3 + FW_E_PARTITION, 0);
	b.image[b.img.header_offset + FW_H_RESERVED] = 1; /* reserved, signed, but not 0 */
	resign(&b);
	assert_int_equal(verify(&b), FW_ERR_MANIFEST);
	b.image[b.img.header_offset + FW_H_RESERVED] = 0;
	resign(&b);
	assert_int_equal(verify(&b), FW_OK);
	free(b.image);
}

static void every_result_has_its_own_text(void **state)
{
	(void)state;
	for (int a = FW_OK; a <= FW_ERR_CRYPTO; a++) {
		assert_string_not_equal(fw_result_text((enum fw_result)a), "unknown result");
		for (int b = FW_OK; b < a; b++)
			assert_string_not_equal(fw_result_text((enum fw_result)a),
						fw_result_text((enum fw_result)b));
	}
}

static const struct CMUnitTest tests[] = {
	cmocka_unit_test(round_trip_is_accepted_with_every_payload),
	cmocka_unit_test(signing_is_deterministic),
	cmocka_unit_test(header_byte_flips_are_refused),
	cmocka_unit_test(manifest_byte_flips_are_refused),
	cmocka_unit_test(signature_byte_flips_are_refused),
	cmocka_unit_test(each_payload_flip_names_that_payload),
	cmocka_unit_test(padding_flips_are_refused),
	cmocka_unit_test(every_padding_byte_is_checked),
	cmocka_unit_test(another_key_is_refused),
	cmocka_unit_test(trusted_key_must_be_p256),
	cmocka_unit_test(older_security_version_is_refused),
	cmocka_unit_test(truncated_and_oversized_are_refused),
	cmocka_unit_test(absurd_sizes_cannot_wrap),
	cmocka_unit_test(signed_layout_mistakes_are_refused),
	cmocka_unit_test(every_result_has_its_own_text),
};

int main(int argc, char **argv)
{
	/* Keys are made once per process (not for --list); unit_main runs the tests. */
	if (!(argc == 2 && strcmp(argv[1], "--list") == 0) && suite_setup(NULL) != 0)
		return 1;
	return unit_main(argc, argv, "fw_verify", tests, sizeof(tests) / sizeof(tests[0]));
}
