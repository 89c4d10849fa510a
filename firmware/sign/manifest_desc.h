/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The signer's input: a text file describing firmware.bin's payloads, one a
 * line (docs/image-format.md, "The signer's manifest description"):
 *
 *   security_version 1
 *   hypervisor LOAD MEMSIZE FILE
 *   payload KIND PARTITION NAME LOAD FILE      (PARTITION and NAME "-" for config-tables)
 *   payload KIND PARTITION NAME LOAD FILE in-place
 *                  (at file offset LOAD - the hypervisor's LOAD: where the loader puts
 *                  the file, the payload already lies at its load address)
 *
 * Numbers are decimal or 0x-hex; FILE is relative to the current directory
 * unless absolute; `#` starts a comment.
 */
#ifndef FIRMWARE_SIGN_MANIFEST_DESC_H
#define FIRMWARE_SIGN_MANIFEST_DESC_H

#include <stdbool.h>
#include <stdint.h>

#include "image_format.h"

struct desc_payload {
	unsigned int kind;          /* enum fw_kind */
	uint16_t partition;         /* FW_NO_PARTITION unless a partition's */
	char name[FW_NAME_SIZE];
	uint64_t load;
	uint64_t memsize;           /* hypervisor only: its memory footprint, .bss included */
	char *path;
	unsigned int line;
	bool in_place;              /* at file offset load - the hypervisor's load */
};

struct desc {
	const char *path;
	uint64_t security_version;
	unsigned int count;         /* payloads[0] is the hypervisor */
	struct desc_payload payloads[FW_MAX_PAYLOADS];
};

/* 0, or -1 after one line "PATH:LINE: what is wrong; the fix". */
int desc_load(const char *path, struct desc *d);
void desc_free(struct desc *d);

#endif
