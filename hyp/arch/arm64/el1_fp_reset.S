/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Zero a partition's FP/SIMD state: the hypervisor itself is built with
 * -mgeneral-regs-only and never touches these registers, so they keep
 * whatever the partition left in them. A write to Dn clears bits [127:64]
 * of Vn (ARM DDI 0487, C1.2.5), so one FMOV per register zeroes it all.
 */
	.arch	armv8-a+fp+simd
	.text
	.global	el1_fp_reset
	.type	el1_fp_reset, %function
el1_fp_reset:
	.irp	n, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31
	fmov	d\n, xzr
	.endr
	msr	fpcr, xzr
	msr	fpsr, xzr
	ret
	.size	el1_fp_reset, . - el1_fp_reset
