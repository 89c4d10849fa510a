// SPDX-License-Identifier: Apache-2.0
// EL2 exception vectors (ARM DDI 0487, D1.10.2, table D1-7: four groups of
// four 128-byte entries). Every entry saves the full frame on this CPU's EL2
// stack and calls one C function; lower-EL entries return to the partition
// through frame_restore_eret.
#include "frame.h"



// Interrupts need only what a C call may clobber (x0-x18, x30; AAPCS64 keeps
// x19-x29): the handler either returns to the same vCPU, whose other
// registers are still in the CPU, or never returns (the vCPU is stopped or
// restarted, and entered again from a fresh frame). The slots keep the frame
// layout, so the C entry gets a frame like any trap's (its ELR is valid).
.macro frame_save_caller
	sub	sp, sp, #FRAME_SIZE
	stp	x0, x1, [sp, #0]
	stp	x2, x3, [sp, #16]
	stp	x4, x5, [sp, #32]
	stp	x6, x7, [sp, #48]
	stp	x8, x9, [sp, #64]
	stp	x10, x11, [sp, #80]
	stp	x12, x13, [sp, #96]
	stp	x14, x15, [sp, #112]
	stp	x16, x17, [sp, #128]
	stp	x18, x19, [sp, #144]	// x19 rides along: a pair costs what x18 alone does
	mrs	x0, elr_el2
	mrs	x1, spsr_el2
	str	x30, [sp, #FRAME_X30]
	stp	x0, x1, [sp, #FRAME_ELR]
.endm

// Synchronous traps save everything: a handler may read or write any
// register (MMIO emulation names one by number).
.macro frame_save
	frame_save_caller
	stp	x20, x21, [sp, #160]
	stp	x22, x23, [sp, #176]
	stp	x24, x25, [sp, #192]
	stp	x26, x27, [sp, #208]
	stp	x28, x29, [sp, #224]
.endm

// Each entry: save, call the handler with the frame (and a kind), and for
// lower-EL entries restore and return.
.macro entry_lower handler
	.balign 0x80
	frame_save
	mov	x0, sp
	bl	\handler
	b	frame_restore_eret
.endm

.macro entry_lower_interrupt handler
	.balign 0x80
	frame_save_caller
	mov	x0, sp
	bl	\handler
	b	frame_restore_caller_eret
.endm

.macro entry_hyp kind
	.balign 0x80
	frame_save
	mov	x0, sp
	mov	x1, #\kind
	bl	arm64_trap_hyp
	b	.
.endm

	.section .text.vectors, "ax"
	.balign 0x800
	.global arm64_vectors
arm64_vectors:
	// Current EL with SP_EL0: never used by the hypervisor.
	entry_hyp 0
	entry_hyp 1
	entry_hyp 2
	entry_hyp 3
	// Current EL with SP_ELx: a hypervisor bug.
	entry_hyp 4
	entry_hyp 5
	entry_hyp 6
	entry_hyp 7
	// Lower EL, AArch64: the partitions.
	entry_lower arm64_trap_lower_sync
	entry_lower_interrupt arm64_trap_lower_irq
	entry_lower_interrupt arm64_trap_lower_fiq
	entry_lower arm64_trap_lower_serror
	// Lower EL, AArch32: HCR_EL2.RW=1 keeps EL1 in AArch64, so a bug too.
	entry_hyp 12
	entry_hyp 13
	entry_hyp 14
	entry_hyp 15

// Restore the frame at sp and return to the partition.
	.section .text, "ax"
	.global frame_restore_eret
frame_restore_eret:
	ldp	x20, x21, [sp, #160]
	ldp	x22, x23, [sp, #176]
	ldp	x24, x25, [sp, #192]
	ldp	x26, x27, [sp, #208]
	ldp	x28, x29, [sp, #224]
	// falls through: the rest is the interrupt entries' restore
// Restore what frame_save_caller saved and return to the partition.
frame_restore_caller_eret:
	ldp	x0, x1, [sp, #FRAME_ELR]
	msr	elr_el2, x0
	msr	spsr_el2, x1
	ldp	x0, x1, [sp, #0]
	ldp	x2, x3, [sp, #16]
	ldp	x4, x5, [sp, #32]
	ldp	x6, x7, [sp, #48]
	ldp	x8, x9, [sp, #64]
	ldp	x10, x11, [sp, #80]
	ldp	x12, x13, [sp, #96]
	ldp	x14, x15, [sp, #112]
	ldp	x16, x17, [sp, #128]
	ldp	x18, x19, [sp, #144]
	ldr	x30, [sp, #FRAME_X30]
	add	sp, sp, #FRAME_SIZE
	eret


// arm64_enter_frame(frame): first entry into a partition. The frame sits at
// the top of this CPU's stack, so later traps save theirs in the same place.
	.global arm64_enter_frame
arm64_enter_frame:
	mov	sp, x0
	b	frame_restore_eret
