/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Detached signatures of any file (the certificate's report.json): `bulkhead-sign
 * sign-file KEY FILE SIG` and `verify-file KEY.pub FILE SIG`. The format of SIG,
 * four text lines, is in docs/image-format.md, "Detached signatures".
 */
#ifndef FIRMWARE_SIGN_SIGN_FILE_H
#define FIRMWARE_SIGN_SIGN_FILE_H

/* 0, or 1 after one line on stderr. */
int sign_file(const char *key_path, const char *file_path, const char *sig_path);

/* 0 and one "ok" line when SIG is a valid signature of FILE by KEY;
 * 1 and one "refused" line when it is not; 2 when something cannot be read. */
int verify_file(const char *key_path, const char *file_path, const char *sig_path);

#endif
