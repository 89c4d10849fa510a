// SPDX-License-Identifier: Apache-2.0
// Bounds and layout checks of firmware.bin (docs/image-format.md). Every
// sum of two sizes is checked as `a <= limit && b <= limit - a`, so no
// header value, however large, can wrap around.
#include <string.h>

#include "fw_layout.h"

static bool all_zero(const uint8_t *p, uint64_t n)
{
	for (uint64_t i = 0; i < n; i++)
		if (p[i])
			return false;
	return true;
}

/* [off, off + size) lies within [0, limit). */
static bool inside(uint64_t off, uint64_t size, uint64_t limit)
{
	return off <= limit && size <= limit - off;
}

static uint64_t align_up(uint64_t v)
{
	return (v + FW_ALIGN - 1) & ~(uint64_t)(FW_ALIGN - 1);
}

const uint8_t *fw_entry_at(const uint8_t *image, const struct fw_image *img, uint32_t index)
{
	return image + img->header_offset + FW_HEADER_SIZE + FW_MANIFEST_FIXED_SIZE +
	       (uint64_t)index * FW_ENTRY_SIZE;
}

enum fw_result fw_layout_frame(const struct fw_verify_args *args, struct fw_image *out)
{
	const uint8_t *image = args->image;
	uint64_t len = args->length;

	if (len < FW_LOCATOR_OFFSET + 8)
		return FW_ERR_TRUNCATED;
	uint64_t h = fw_le64(image + FW_LOCATOR_OFFSET);
	out->header_offset = h;
	if (h == 0 || h % FW_ALIGN)
		return FW_ERR_LOCATOR;
	if (!inside(h, FW_HEADER_SIZE, len))
		return args->exact_length ? FW_ERR_TRUNCATED : FW_ERR_LOCATOR;

	const uint8_t *hdr = image + h;
	for (unsigned int i = 0; i < FW_MAGIC_SIZE; i++)
		if (hdr[FW_H_MAGIC + i] != (uint8_t)FW_MAGIC[i])
			return FW_ERR_MAGIC;
	if (fw_le16(hdr + FW_H_VERSION) != FW_FORMAT_VERSION)
		return FW_ERR_VERSION;
	uint32_t count = fw_le16(hdr + FW_H_COUNT);
	if (fw_le16(hdr + FW_H_HEADER_SIZE) != FW_HEADER_SIZE ||
	    fw_le16(hdr + FW_H_ENTRY_SIZE) != FW_ENTRY_SIZE || count == 0 ||
	    count > FW_MAX_PAYLOADS || fw_le32(hdr + FW_H_MANIFEST_SIZE) != FW_MANIFEST_SIZE(count) ||
	    fw_le32(hdr + FW_H_SIG_SIZE) != FW_SIGNATURE_SIZE)
		return FW_ERR_HEADER;
	if (fw_le64(hdr + FW_H_HEADER_OFFSET) != h)
		return FW_ERR_LOCATOR;
	out->count = count;

	uint64_t size = fw_le64(hdr + FW_H_IMAGE_SIZE);
	out->image_size = size;
	/* Without the file's length (a loader that only says where the image
	 * is), a size beyond what the caller may read is too big, not cut short. */
	if (size > len)
		return args->exact_length ? FW_ERR_TRUNCATED : FW_ERR_OVERSIZED;
	if (args->exact_length && len > size)
		return FW_ERR_OVERSIZED;
	if (size % FW_ALIGN || !inside(h, FW_SIGNED_BLOCK_SIZE(count), size))
		return FW_ERR_HEADER;

	const uint8_t *manifest = hdr + FW_HEADER_SIZE;
	out->security_version = fw_le64(manifest + FW_M_SECURITY_VERSION);
	out->key_id = manifest + FW_M_KEY_ID;
	return FW_OK;
}

static bool name_ok(const uint8_t *name, bool want_empty)
{
	unsigned int n = 0;
	while (n < FW_NAME_SIZE && name[n])
		n++;
	if (n == FW_NAME_SIZE || (want_empty ? n != 0 : n == 0))
		return false;
	return all_zero(name + n, FW_NAME_SIZE - n);
}

static bool entry_ok(const uint8_t *e, uint32_t index, uint64_t after, const struct fw_image *img)
{
	unsigned int kind = fw_le16(e + FW_E_KIND);
	uint16_t partition = fw_le16(e + FW_E_PARTITION);
	uint64_t off = fw_le64(e + FW_E_OFFSET), size = fw_le64(e + FW_E_SIZE);
	bool owned = kind >= FW_KIND_PARTITION_IMAGE;

	if (kind < FW_KIND_HYPERVISOR || kind > FW_KIND_MAX || fw_le32(e + FW_E_FLAGS) != 0)
		return false;
	if ((index == 0) != (kind == FW_KIND_HYPERVISOR))
		return false;
	if (owned ? partition == FW_NO_PARTITION : partition != FW_NO_PARTITION)
		return false;
	if (!name_ok(e + FW_E_NAME, !owned) || size == 0)
		return false;
	if (index == 0) /* the hypervisor starts the file, locator included */
		return off == 0 && size >= FW_LOCATOR_OFFSET + 8 && size <= img->header_offset;
	return off % FW_ALIGN == 0 && off >= after && inside(off, size, img->image_size);
}

enum fw_result fw_layout_manifest(const uint8_t *image, const struct fw_image *img)
{
	const uint8_t *hdr = image + img->header_offset;
	const uint8_t *manifest = hdr + FW_HEADER_SIZE;

	if (fw_le32(hdr + FW_H_FLAGS) != 0 || !all_zero(hdr + FW_H_RESERVED, FW_HEADER_SIZE -
							 FW_H_RESERVED) ||
	    !all_zero(manifest + FW_M_RESERVED, FW_MANIFEST_FIXED_SIZE - FW_M_RESERVED))
		return FW_ERR_MANIFEST;
	uint64_t end = img->header_offset + FW_SIGNED_BLOCK_SIZE(img->count);
	for (uint32_t i = 0; i < img->count; i++) {
		const uint8_t *e = fw_entry_at(image, img, i);
		if (!entry_ok(e, i, end, img))
			return FW_ERR_MANIFEST;
		if (i > 0)
			end = fw_le64(e + FW_E_OFFSET) + fw_le64(e + FW_E_SIZE);
	}
	/* The image ends on the first boundary after its last byte: no trailer
	 * can hide behind the payloads. */
	return img->image_size == align_up(end) ? FW_OK : FW_ERR_MANIFEST;
}

static inline uint64_t word_at(const uint8_t *p)
{
	uint64_t w;

	memcpy(&w, p, 8);
	return w;
}

/* Whether the 128 bytes at an 8-byte aligned address are all zero: sixteen
 * loads ORed together, written out (an array would go through the stack). */
static bool zero128(const uint8_t *p)
{
	uint64_t a = word_at(p) | word_at(p + 8), b = word_at(p + 16) | word_at(p + 24);
	uint64_t c = word_at(p + 32) | word_at(p + 40), d = word_at(p + 48) | word_at(p + 56);
	uint64_t e = word_at(p + 64) | word_at(p + 72), f = word_at(p + 80) | word_at(p + 88);
	uint64_t g = word_at(p + 96) | word_at(p + 104), h = word_at(p + 112) | word_at(p + 120);

	return ((a | b) | (c | d) | (e | f) | (g | h)) == 0;
}

/* [from, to) must be zero; notes the first offending offset. Gaps can be tens
 * of megabytes (the RAM before an in-place payload): the 8-byte aligned
 * middle is read 128 bytes at a time, and bytewise only around a non-zero
 * byte and at the ends. */
static bool zero_gap(const uint8_t *image, uint64_t from, uint64_t to, struct fw_image *img)
{
	uint64_t o = from;

	while (o < to) {
		while (((uintptr_t)(image + o) & 7) == 0 && to - o >= 128 &&
		       zero128(__builtin_assume_aligned(image + o, 8)))
			o += 128;
		/* bytewise: to the next 8-byte boundary, over a block that is not
		 * zero, or the tail */
		uint64_t stop = o + 128 < to ? o + 128 : to;
		if (((uintptr_t)(image + o) & 7) != 0)
			stop = o + (8 - ((uintptr_t)(image + o) & 7)) < to
				       ? o + (8 - ((uintptr_t)(image + o) & 7)) : to;
		for (; o < stop; o++) {
			if (image[o]) {
				img->failed_offset = o;
				return false;
			}
		}
	}
	return true;
}

enum fw_result fw_layout_padding(const uint8_t *image, struct fw_image *img,
				 bool skip_hypervisor_tail)
{
	const uint8_t *hyp = fw_entry_at(image, img, 0);
	uint64_t end = img->header_offset + FW_SIGNED_BLOCK_SIZE(img->count);

	if (!skip_hypervisor_tail &&
	    !zero_gap(image, fw_le64(hyp + FW_E_SIZE), img->header_offset, img))
		return FW_ERR_PADDING;
	for (uint32_t i = 1; i < img->count; i++) {
		const uint8_t *e = fw_entry_at(image, img, i);
		uint64_t off = fw_le64(e + FW_E_OFFSET);
		if (!zero_gap(image, end, off, img))
			return FW_ERR_PADDING;
		end = off + fw_le64(e + FW_E_SIZE);
	}
	return zero_gap(image, end, img->image_size, img) ? FW_OK : FW_ERR_PADDING;
}
