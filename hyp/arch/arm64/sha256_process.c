// SPDX-License-Identifier: Apache-2.0
/*
 * mbedtls's SHA-256 compression hook (MBEDTLS_SHA256_PROCESS_ALT in
 * firmware/mbedtls_config.h): mbedtls 2.28 has no code for the Armv8 SHA-256
 * instructions, so the hypervisor supplies it. ID_AA64ISAR0_EL1.SHA2 (bits
 * [15:12], ARM DDI 0487 D19.2.61) says whether the CPU implements them;
 * without, the portable C of hyp/core/sha256_block.c.
 */
#include <stdbool.h>

#include <mbedtls/sha256.h>

#include "sha256_block.h"
#include "sysreg.h"

void sha256_a64_block(uint32_t state[8], const uint8_t data[64], const uint32_t k[64]);

#define CPTR_EL2_TFP (1ull << 10) /* traps FP/SIMD, at EL2 too (ARM DDI 0487 D13.2.31) */

/* Whether the instructions may be used: the CPU has them, and (first call,
 * at boot) FP/SIMD is not trapped at EL2, whatever the loader left in
 * CPTR_EL2. Hashing runs only at boot, before any partition has vector
 * state to lose; vCPU entry sets CPTR_EL2 for partitions afterwards. */
static bool use_instructions(void)
{
	static int known; /* 0: not asked yet, 1: use them, 2: portable */

	if (known == 0) {
		known = ((sysreg_read(id_aa64isar0_el1) >> 12) & 0xf) != 0 ? 1 : 2;
		if (known == 1) {
			sysreg_write(cptr_el2, sysreg_read(cptr_el2) & ~CPTR_EL2_TFP);
			isb();
		}
	}
	return known == 1;
}

int mbedtls_internal_sha256_process(mbedtls_sha256_context *ctx, const unsigned char data[64])
{
	if (use_instructions())
		sha256_a64_block(ctx->state, data, sha256_k);
	else
		sha256_block_portable(ctx->state, data);
	return 0;
}
