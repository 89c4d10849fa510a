/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The byte-level half of fw_verify: where the header is, whether the sizes
 * it states are consistent and in bounds, whether the signed manifest lays
 * payloads out as the format requires, and whether the padding is zero.
 * No cryptography here, so every check is testable on its own.
 */
#ifndef FIRMWARE_FW_LAYOUT_H
#define FIRMWARE_FW_LAYOUT_H

#include "fw_verify.h"

/* Before the signature: locator, magic, version, sizes, image length.
 * Fills out->header_offset, image_size, count, security_version, key_id. */
enum fw_result fw_layout_frame(const struct fw_verify_args *args, struct fw_image *out);

/* After the signature: reserved fields are 0 and every payload is aligned,
 * in order, after the signed block and inside the image. */
enum fw_result fw_layout_manifest(const uint8_t *image, const struct fw_image *img);

/* Every byte outside header, manifest, signature and payloads is 0; with
 * `skip_hypervisor_tail`, the gap between the hypervisor and the header is not
 * looked at (it is the running hypervisor's .bss). */
enum fw_result fw_layout_padding(const uint8_t *image, struct fw_image *img,
				 bool skip_hypervisor_tail);

/* Start of entry `index` in the manifest. */
const uint8_t *fw_entry_at(const uint8_t *image, const struct fw_image *img, uint32_t index);

#endif
