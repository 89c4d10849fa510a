// SPDX-License-Identifier: Apache-2.0
// One SHA-256 block (FIPS 180-4, 6.2.2) with the Armv8 Cryptographic
// Extension's SHA-256 instructions (ARM DDI 0487, C7.2: SHA256H, SHA256H2,
// SHA256SU0, SHA256SU1): four rounds per SHA256H/SHA256H2 pair instead of
// some 50 instructions per byte in C. Only called where ID_AA64ISAR0_EL1.SHA2
// says the CPU has them (sha256_block.c), and only at boot, before any
// partition runs: the vector registers it uses hold nobody's state yet.
//
//   void sha256_a64_block(uint32_t state[8], const uint8_t data[64],
//                         const uint32_t k[64]);

	.arch	armv8-a+crypto
	.section .text.sha256_a64_block, "ax"
	.global	sha256_a64_block
	.type	sha256_a64_block, %function

// Four rounds on message quad \w0 (with its four K words); then, while
// \sched, \w0 becomes the quad 16 words later (W[t] from W[t-16..t-1]).
.macro	rounds4 w0, w1, w2, w3, sched
	ld1	{v16.4s}, [x2], #16
	add	v16.4s, v16.4s, \w0\().4s
	mov	v17.16b, v0.16b			// ABCD before these rounds: SHA256H2 needs it
	sha256h	q0, q1, v16.4s
	sha256h2 q1, q17, v16.4s
	.if	\sched
	sha256su0 \w0\().4s, \w1\().4s
	sha256su1 \w0\().4s, \w2\().4s, \w3\().4s
	.endif
.endm

sha256_a64_block:
	ld1	{v0.4s, v1.4s}, [x0]		// ABCD, EFGH: the state words in order
	ld1	{v4.16b, v5.16b, v6.16b, v7.16b}, [x1]
	rev32	v4.16b, v4.16b			// the message words are big-endian
	rev32	v5.16b, v5.16b
	rev32	v6.16b, v6.16b
	rev32	v7.16b, v7.16b
	mov	v2.16b, v0.16b
	mov	v3.16b, v1.16b
	.rept	3
	rounds4	v4, v5, v6, v7, 1
	rounds4	v5, v6, v7, v4, 1
	rounds4	v6, v7, v4, v5, 1
	rounds4	v7, v4, v5, v6, 1
	.endr
	rounds4	v4, v5, v6, v7, 0
	rounds4	v5, v6, v7, v4, 0
	rounds4	v6, v7, v4, v5, 0
	rounds4	v7, v4, v5, v6, 0
	add	v0.4s, v0.4s, v2.4s
	add	v1.4s, v1.4s, v3.4s
	st1	{v0.4s, v1.4s}, [x0]
	ret
	.size	sha256_a64_block, . - sha256_a64_block
