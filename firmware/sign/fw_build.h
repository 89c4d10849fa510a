/* SPDX-License-Identifier: Apache-2.0 */
/*
 * firmware.bin in memory: the layout, manifest and signature of
 * docs/image-format.md for payloads already read. sign_image.c feeds it
 * files; the unit tests feed it buffers.
 */
#ifndef FIRMWARE_SIGN_FW_BUILD_H
#define FIRMWARE_SIGN_FW_BUILD_H

#include <stdint.h>

#include <mbedtls/pk.h>

#include "manifest_desc.h"

struct fw_blob {
	const uint8_t *data;
	uint64_t size;
};

/* Lays out and signs d's payloads (blobs[i] is d->payloads[i]'s content)
 * with the private key `pk`; *image is malloc'ed. 0, or -1 after one line. */
int fw_build(const struct desc *d, const struct fw_blob *blobs, mbedtls_pk_context *pk,
	     uint8_t **image, uint64_t *image_size);

#endif
