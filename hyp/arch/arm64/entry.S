// SPDX-License-Identifier: Apache-2.0
// Primary CPU entry. The image starts with the arm64 Linux Image header
// (Documentation/arch/arm64/booting.rst in Linux), so QEMU's -kernel and
// U-Boot's booti load it 2 MiB into RAM, enter at EL2 with the MMU off and
// pass the Devicetree address in x0.

#include "cpu.h"

	.section .text.entry, "ax"
	.global _start
_start:
	b	primary_entry		// code0
	.long	0			// code1
	.quad	0			// text_offset: 2 MiB-aligned base + 0
	.quad	__image_size		// image_size, .bss included
	.quad	0x2			// flags: little-endian, 4 KiB pages
	.quad	0, 0, 0			// reserved
	.ascii	"ARM\x64"		// magic
	.long	0			// no PE header

primary_entry:
	msr	daifset, #0xf
	mov	x19, x0			// the firmware's Devicetree

	// Only EL2 can host partitions; stop here otherwise.
	mrs	x0, CurrentEL
	cmp	x0, #(2 << 2)
	b.ne	wrong_place

	// The image is linked at one address; a loader that put it elsewhere
	// would make every absolute address wrong.
	adr	x0, _start
	ldr	x1, =_start
	cmp	x0, x1
	b.ne	wrong_place

	adrp	x0, hyp_stacks
	add	x0, x0, :lo12:hyp_stacks
	add	sp, x0, #HYP_STACK_SIZE

	// Zero .bss (stacks, page tables, partition state) with the MMU off:
	// aligned 8-byte stores only.
	ldr	x0, =__bss_start
	ldr	x1, =__bss_end
1:	cmp	x0, x1
	b.hs	2f
	str	xzr, [x0], #8
	b	1b
2:
	adr	x0, arm64_vectors
	msr	vbar_el2, x0
	isb
	mov	x0, x19
	bl	arm64_boot_primary
	b	.

// Other CPUs, started by the primary through PSCI CPU_ON with their board
// CPU index as the context id (in x0). MMU off, like the primary at reset.
	.global arm64_secondary_entry
arm64_secondary_entry:
	msr	daifset, #0xf
	mov	x19, x0
	adrp	x1, hyp_stacks
	add	x1, x1, :lo12:hyp_stacks
	mov	x2, #HYP_STACK_SIZE
	madd	x1, x19, x2, x1
	add	sp, x1, #HYP_STACK_SIZE
	adr	x1, arm64_vectors
	msr	vbar_el2, x1
	isb
	mov	x0, x19
	bl	arm64_boot_secondary
	b	.

// Nothing can be printed before the console is known; park.
wrong_place:
	wfe
	b	wrong_place
