/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The boot-time check of firmware.bin (docs/image-format.md): portable C over
 * mbedtls, with no allocation of its own. mbedtls's few allocations (the
 * bignums of one ECDSA verify, under 10 KiB) come from whatever mbedtls_calloc
 * is: libc on the host, MBEDTLS_MEMORY_BUFFER_ALLOC_C over a fixed arena in the
 * hypervisor.
 */
#ifndef FIRMWARE_FW_VERIFY_H
#define FIRMWARE_FW_VERIFY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "image_format.h"

/* One code per way an image can be refused; fw_result_text() names each. */
enum fw_result {
	FW_OK = 0,
	FW_ERR_TRUNCATED,    /* fewer bytes than the header says, or no room for a header */
	FW_ERR_OVERSIZED,    /* more bytes than the header says, or above the caller's limit */
	FW_ERR_LOCATOR,      /* the header offset at FW_LOCATOR_OFFSET is impossible */
	FW_ERR_MAGIC,        /* no Bulkhead header where the locator points */
	FW_ERR_VERSION,      /* a format version this verifier does not know */
	FW_ERR_HEADER,       /* header sizes inconsistent (before the signature check) */
	FW_ERR_KEY_ID,       /* signed by another key than the one compiled in */
	FW_ERR_SIGNATURE,    /* the signature over header + manifest does not verify */
	FW_ERR_ROLLBACK,     /* security_version below the minimum */
	FW_ERR_MANIFEST,     /* signed, but the layout breaks the format's rules */
	FW_ERR_PAYLOAD_HASH, /* a payload's SHA-256 differs from the manifest's */
	FW_ERR_PADDING,      /* a byte outside header, manifest, signature and payloads is not 0 */
	FW_ERR_KEY,          /* the compiled-in public key is not a P-256 key */
	FW_ERR_CRYPTO,       /* mbedtls failed otherwise (e.g. out of memory) */
};

/* Flags for fw_verify. */
/* The hypervisor is already running from this very buffer: its .data has been
 * written and the bytes between its end and the header are its .bss, so its
 * own hash and that gap cannot be checked (the loader's signature covers it). */
#define FW_VERIFY_RUNNING_HYPERVISOR (1u << 0)
/* Hash every payload even after one fails, marking each that does in
 * failed_mask (the boot's verify = "partition": the others may still start);
 * the padding is then checked too, and FW_ERR_PADDING wins over
 * FW_ERR_PAYLOAD_HASH. */
#define FW_VERIFY_ALL_PAYLOADS (1u << 1)

struct fw_payload {
	enum fw_kind kind;
	uint16_t partition;        /* FW_NO_PARTITION for the hypervisor and config tables */
	const char *name;          /* points into the image, NUL-terminated */
	uint64_t offset, size, load;
	const uint8_t *sha256;     /* points into the image */
};

struct fw_image {
	uint64_t header_offset;
	uint64_t image_size;
	uint64_t security_version;
	const uint8_t *key_id;
	uint32_t count;
	uint32_t failed;           /* the (first) payload index of FW_ERR_PAYLOAD_HASH */
	uint64_t failed_mask;      /* with FW_VERIFY_ALL_PAYLOADS: bit i, payload i failed */
	uint64_t failed_offset;    /* the file offset of FW_ERR_PADDING */
};

struct fw_verify_args {
	const uint8_t *image;
	size_t length;             /* bytes available at image */
	bool exact_length;         /* length is the file's: more bytes than image_size is an error */
	const uint8_t *key_der;    /* SubjectPublicKeyInfo DER of the trusted P-256 key */
	size_t key_der_len;
	uint64_t min_security_version;
	uint32_t flags;
};

/* Checks everything, in the order of docs/image-format.md's "Verification";
 * fills `out` as far as it got. */
enum fw_result fw_verify(const struct fw_verify_args *args, struct fw_image *out);

/* Payload `index` of an image fw_verify accepted (or that got as far as
 * FW_ERR_PAYLOAD_HASH), read from its manifest. */
void fw_payload(const uint8_t *image, const struct fw_image *img, uint32_t index,
		struct fw_payload *out);

/* A short lower-case phrase for a result, e.g. "bad signature". */
const char *fw_result_text(enum fw_result result);
/* "hypervisor", "config-tables", "partition-image", "partition-dtb", "initrd", or NULL. */
const char *fw_kind_name(unsigned int kind);

#endif
