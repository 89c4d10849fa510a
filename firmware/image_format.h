/* SPDX-License-Identifier: Apache-2.0 */
/*
 * firmware.bin, the signed image: the numbers docs/image-format.md specifies,
 * shared by the host signer (firmware/sign) and the boot-time verifier
 * (firmware/verify). Every multi-byte field is little-endian and read byte by
 * byte (fw_le*), so neither side depends on the host's endianness or on the
 * alignment of the buffer the image sits in.
 */
#ifndef FIRMWARE_IMAGE_FORMAT_H
#define FIRMWARE_IMAGE_FORMAT_H

#include <stdint.h>

/* The hypervisor payload starts the file; the u64 at this offset (the arm64
 * Image header's first reserved word, res2) holds the header's file offset. */
#define FW_LOCATOR_OFFSET 32u
/* Header, payloads and the end of the image sit on this boundary. */
#define FW_ALIGN 4096u

#define FW_MAGIC "BULKHDFW"
#define FW_MAGIC_SIZE 8u
#define FW_FORMAT_VERSION 1u

#define FW_HEADER_SIZE 64u
/* header field offsets */
#define FW_H_MAGIC 0u
#define FW_H_VERSION 8u        /* u16 */
#define FW_H_HEADER_SIZE 10u   /* u16 */
#define FW_H_ENTRY_SIZE 12u    /* u16 */
#define FW_H_COUNT 14u         /* u16: payloads, the hypervisor included */
#define FW_H_HEADER_OFFSET 16u /* u64: where this header is in the file */
#define FW_H_IMAGE_SIZE 24u    /* u64: the whole file */
#define FW_H_MANIFEST_SIZE 32u /* u32 */
#define FW_H_SIG_SIZE 36u      /* u32 */
#define FW_H_FLAGS 40u         /* u32, 0 */
#define FW_H_RESERVED 44u      /* 20 bytes of 0 */

#define FW_MANIFEST_FIXED_SIZE 64u
#define FW_M_SECURITY_VERSION 0u /* u64 */
#define FW_M_KEY_ID 8u           /* SHA-256 of the public key's DER */
#define FW_M_RESERVED 40u        /* 24 bytes of 0 */

#define FW_ENTRY_SIZE 96u
#define FW_E_KIND 0u       /* u16, enum fw_kind */
#define FW_E_PARTITION 2u  /* u16, FW_NO_PARTITION unless a partition's */
#define FW_E_FLAGS 4u      /* u32, 0 */
#define FW_E_OFFSET 8u     /* u64 file offset */
#define FW_E_SIZE 16u      /* u64 bytes */
#define FW_E_LOAD 24u      /* u64 load address */
#define FW_E_NAME 32u      /* NUL-terminated, NUL-padded */
#define FW_E_SHA256 64u

#define FW_NAME_SIZE 32u
#define FW_SHA256_SIZE 32u
#define FW_NO_PARTITION 0xffffu
/* Bounds the manifest, so the verifier's work before the signature check is fixed. */
#define FW_MAX_PAYLOADS 64u

/* ECDSA P-256, raw: r then s, each 32 bytes big-endian. */
#define FW_SIGNATURE_SIZE 64u

#define FW_MANIFEST_SIZE(count) (FW_MANIFEST_FIXED_SIZE + (count) * FW_ENTRY_SIZE)
/* header + manifest + signature: the signed block that starts at the header */
#define FW_SIGNED_BLOCK_SIZE(count) (FW_HEADER_SIZE + FW_MANIFEST_SIZE(count) + FW_SIGNATURE_SIZE)

enum fw_kind {
	FW_KIND_HYPERVISOR = 1,
	FW_KIND_CONFIG_TABLES = 2,
	FW_KIND_PARTITION_IMAGE = 3,
	FW_KIND_PARTITION_DTB = 4,
	FW_KIND_INITRD = 5,
};
#define FW_KIND_MAX FW_KIND_INITRD

static inline uint16_t fw_le16(const uint8_t *p)
{
	return (uint16_t)(p[0] | (p[1] << 8));
}

static inline uint32_t fw_le32(const uint8_t *p)
{
	return (uint32_t)p[0] | ((uint32_t)p[1] << 8) | ((uint32_t)p[2] << 16) |
	       ((uint32_t)p[3] << 24);
}

static inline uint64_t fw_le64(const uint8_t *p)
{
	return (uint64_t)fw_le32(p) | ((uint64_t)fw_le32(p + 4) << 32);
}

static inline void fw_put_le16(uint8_t *p, uint16_t v)
{
	p[0] = (uint8_t)v;
	p[1] = (uint8_t)(v >> 8);
}

static inline void fw_put_le32(uint8_t *p, uint32_t v)
{
	for (unsigned int i = 0; i < 4; i++)
		p[i] = (uint8_t)(v >> (8 * i));
}

static inline void fw_put_le64(uint8_t *p, uint64_t v)
{
	for (unsigned int i = 0; i < 8; i++)
		p[i] = (uint8_t)(v >> (8 * i));
}

#endif
