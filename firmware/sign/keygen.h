/* SPDX-License-Identifier: Apache-2.0 */
/* `bulkhead-sign keygen PATH`: a new P-256 key pair, never over an existing file. */
#ifndef FIRMWARE_SIGN_KEYGEN_H
#define FIRMWARE_SIGN_KEYGEN_H

/* Writes PATH (private key, PEM, mode 0600) and PATH.pub (public key, PEM,
 * mode 0644); 0, or 1 after one line on stderr. */
int keygen(const char *path);

#endif
