/* SPDX-License-Identifier: Apache-2.0 */
/* `bulkhead-sign sign KEY DESC OUT`: lays out and signs firmware.bin. */
#ifndef FIRMWARE_SIGN_SIGN_IMAGE_H
#define FIRMWARE_SIGN_SIGN_IMAGE_H

/* 0, or 1 after one line on stderr; OUT is replaced only when complete. */
int sign_image(const char *key_path, const char *desc_path, const char *out_path);

#endif
