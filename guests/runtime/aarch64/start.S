/* SPDX-License-Identifier: Apache-2.0 */
/*
 * EL1 boot stub of the unikernel runtime: the first instructions of every
 * guest image. It is entered at EL1h with the MMU and caches off, by QEMU
 * (native boot: x1 = 0) or by the Bulkhead hypervisor (x0 = Devicetree IPA,
 * x1 = BULKHEAD_ENTRY_MAGIC, x2 = ABI version). It keeps x0..x2, gives the
 * CPU a stack, clears .bss, enables FP/SIMD, installs the vectors, turns the
 * MMU on and hands over to runtime_start() in C, which never returns.
 */

	.section .text.boot, "ax"
	.global _start
	.type _start, %function
_start:
	/* The loader's arguments live in callee-saved registers until C. */
	mov	x19, x0
	mov	x20, x1
	mov	x21, x2

	/* Use SP_EL1 whatever SPSel the loader left, then the boot stack. */
	msr	spsel, #1
	adrp	x0, boot_stack_top
	add	x0, x0, :lo12:boot_stack_top
	mov	sp, x0

	/*
	 * FP/SIMD on before any C: GCC uses q registers for copies and
	 * newlib's printf uses FP (CPACR_EL1.FPEN = 0b11; ARM DDI 0487,
	 * register description of CPACR_EL1).
	 */
	mrs	x0, cpacr_el1
	orr	x0, x0, #(3 << 20)
	msr	cpacr_el1, x0
	isb

	bl	start_clear_bss

	adrp	x0, exception_vectors
	add	x0, x0, :lo12:exception_vectors
	msr	vbar_el1, x0
	isb

	bl	mmu_arch_enable

	mov	x0, x19
	mov	x1, x20
	mov	x2, x21
	bl	runtime_start
	b	cpu_arch_park
	.size _start, . - _start

/*
 * Zero .bss (which holds the stack in use: nothing is live there yet), then
 * invalidate it from the data cache. The stores went straight to memory
 * because the MMU is off; a stale line left by whoever loaded us would
 * otherwise shadow them once the caches are on.
 */
	.type start_clear_bss, %function
start_clear_bss:
	adrp	x0, __bss_start
	add	x0, x0, :lo12:__bss_start
	adrp	x1, __bss_end
	add	x1, x1, :lo12:__bss_end
	mov	x2, x0
1:	cmp	x2, x1
	b.hs	2f
	stp	xzr, xzr, [x2], #16
	b	1b
2:	dsb	sy
	/* Smallest data cache line: 4 << CTR_EL0.DminLine bytes. */
	mrs	x3, ctr_el0
	ubfx	x3, x3, #16, #4
	mov	x4, #4
	lsl	x4, x4, x3
	sub	x5, x4, #1
	bic	x2, x0, x5
3:	cmp	x2, x1
	b.hs	4f
	dc	ivac, x2
	add	x2, x2, x4
	b	3b
4:	dsb	sy
	ret
	.size start_clear_bss, . - start_clear_bss

	.section .bss.boot_stack, "aw", %nobits
	.balign 16
boot_stack:
	.space 64 * 1024
	.global boot_stack_top
boot_stack_top:
