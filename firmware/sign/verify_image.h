/* SPDX-License-Identifier: Apache-2.0 */
/* `bulkhead-sign verify PUBKEY IMAGE [MIN_SECURITY_VERSION]`: the boot-time
 * checks (firmware/verify), run on the host. */
#ifndef FIRMWARE_SIGN_VERIFY_IMAGE_H
#define FIRMWARE_SIGN_VERIFY_IMAGE_H

#include <stdint.h>

/* 0 when accepted (one line per payload on stdout), 1 when refused (one
 * line on stderr), 2 when the key or the image cannot be read. */
int verify_image(const char *key_path, const char *image_path, uint64_t min_security_version);

#endif
