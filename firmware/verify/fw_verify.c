// SPDX-License-Identifier: Apache-2.0
// fw_verify: frame, key, signature, rollback, layout, payload hashes,
// padding, in that order (docs/image-format.md, "Verification"). Nothing
// the manifest says is believed before the signature over it verifies,
// except what is needed to find and bound the signed block itself.
#include <string.h>

#include <mbedtls/bignum.h>
#include <mbedtls/ecdsa.h>
#include <mbedtls/pk.h>
#include <mbedtls/sha256.h>

#include "fw_layout.h"

/* mbedtls adds a low-level code (bits 0-6) to a high-level one (bits 7-15):
 * an allocation failure is the arena's size, not a bad key. */
static bool out_of_memory(int rc)
{
	return rc == MBEDTLS_ERR_PK_ALLOC_FAILED ||
	       ((-rc) & 0x7f) == -MBEDTLS_ERR_MPI_ALLOC_FAILED;
}

static enum fw_result check_signature(const struct fw_verify_args *args,
				      const struct fw_image *img)
{
	const uint8_t *block = args->image + img->header_offset;
	size_t signed_len = FW_HEADER_SIZE + FW_MANIFEST_SIZE(img->count);
	const uint8_t *sig = block + signed_len;
	uint8_t hash[FW_SHA256_SIZE];
	mbedtls_pk_context pk;
	mbedtls_mpi r, s;
	enum fw_result result = FW_ERR_CRYPTO;

	if (mbedtls_sha256_ret(block, signed_len, hash, 0) != 0)
		return FW_ERR_CRYPTO;
	mbedtls_pk_init(&pk);
	mbedtls_mpi_init(&r);
	mbedtls_mpi_init(&s);
	int rc = mbedtls_pk_parse_public_key(&pk, args->key_der, args->key_der_len);
	if (out_of_memory(rc))
		goto out;
	if (rc != 0 || mbedtls_pk_get_type(&pk) != MBEDTLS_PK_ECKEY ||
	    mbedtls_pk_ec(pk)->grp.id != MBEDTLS_ECP_DP_SECP256R1) {
		result = FW_ERR_KEY;
		goto out;
	}
	if (mbedtls_mpi_read_binary(&r, sig, FW_SIGNATURE_SIZE / 2) != 0 ||
	    mbedtls_mpi_read_binary(&s, sig + FW_SIGNATURE_SIZE / 2, FW_SIGNATURE_SIZE / 2) != 0)
		goto out;
	/* r and s outside [1, n-1] fail here too, as MBEDTLS_ERR_ECP_VERIFY_FAILED. */
	rc = mbedtls_ecdsa_verify(&mbedtls_pk_ec(pk)->grp, hash, sizeof(hash),
				  &mbedtls_pk_ec(pk)->Q, &r, &s);
	if (rc == 0)
		result = FW_OK;
	else if (rc == MBEDTLS_ERR_ECP_VERIFY_FAILED || rc == MBEDTLS_ERR_ECP_BAD_INPUT_DATA)
		result = FW_ERR_SIGNATURE;
out:
	mbedtls_mpi_free(&s);
	mbedtls_mpi_free(&r);
	mbedtls_pk_free(&pk);
	return result;
}

static enum fw_result check_payloads(const struct fw_verify_args *args, struct fw_image *img)
{
	uint8_t hash[FW_SHA256_SIZE];
	uint32_t first = (args->flags & FW_VERIFY_RUNNING_HYPERVISOR) ? 1 : 0;

	for (uint32_t i = first; i < img->count; i++) {
		struct fw_payload p;
		fw_payload(args->image, img, i, &p);
		if (mbedtls_sha256_ret(args->image + p.offset, p.size, hash, 0) != 0)
			return FW_ERR_CRYPTO;
		if (memcmp(hash, p.sha256, sizeof(hash)) != 0) {
			if (img->failed_mask == 0)
				img->failed = i;
			img->failed_mask |= 1ull << i; /* i < FW_MAX_PAYLOADS = 64 */
			if (!(args->flags & FW_VERIFY_ALL_PAYLOADS))
				return FW_ERR_PAYLOAD_HASH;
		}
	}
	return img->failed_mask != 0 ? FW_ERR_PAYLOAD_HASH : FW_OK;
}

enum fw_result fw_verify(const struct fw_verify_args *args, struct fw_image *out)
{
	uint8_t key_id[FW_SHA256_SIZE];
	enum fw_result r;

	memset(out, 0, sizeof(*out));
	r = fw_layout_frame(args, out);
	if (r != FW_OK)
		return r;
	if (mbedtls_sha256_ret(args->key_der, args->key_der_len, key_id, 0) != 0)
		return FW_ERR_CRYPTO;
	if (memcmp(key_id, out->key_id, sizeof(key_id)) != 0)
		return FW_ERR_KEY_ID;
	r = check_signature(args, out);
	if (r != FW_OK)
		return r;
	if (out->security_version < args->min_security_version)
		return FW_ERR_ROLLBACK;
	r = fw_layout_manifest(args->image, out);
	if (r != FW_OK)
		return r;
	enum fw_result hashes = check_payloads(args, out);
	if (hashes != FW_OK && (hashes != FW_ERR_PAYLOAD_HASH ||
				!(args->flags & FW_VERIFY_ALL_PAYLOADS)))
		return hashes;
	r = fw_layout_padding(args->image, out,
			      (args->flags & FW_VERIFY_RUNNING_HYPERVISOR) != 0);
	return r != FW_OK ? r : hashes;
}

void fw_payload(const uint8_t *image, const struct fw_image *img, uint32_t index,
		struct fw_payload *out)
{
	const uint8_t *e = fw_entry_at(image, img, index);

	out->kind = (enum fw_kind)fw_le16(e + FW_E_KIND);
	out->partition = fw_le16(e + FW_E_PARTITION);
	out->name = (const char *)(e + FW_E_NAME);
	out->offset = fw_le64(e + FW_E_OFFSET);
	out->size = fw_le64(e + FW_E_SIZE);
	out->load = fw_le64(e + FW_E_LOAD);
	out->sha256 = e + FW_E_SHA256;
}
