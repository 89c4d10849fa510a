// SPDX-License-Identifier: Apache-2.0
// Primary CPU entry from a multiboot2 loader (GRUB), and the start-up code
// of the other CPUs. Multiboot2 (the Multiboot2 Specification, 3.3) enters
// _start in 32-bit protected mode, paging off, with EAX = 0x36d76289 and EBX
// = the physical address of the boot information. Long mode (Intel SDM
// vol. 3A, 10.8.5): PAE, EFER.LME, then paging, on temporary tables that
// identity-map the first 4 GiB with 2 MiB pages; mmu.c replaces them with
// the W^X tables before anything else runs.

#include "cpu.h"

#define MB2_MAGIC 0xe85250d6
#define CR0_PE (1 << 0)
#define CR0_WP (1 << 16)
#define CR0_PG (1 << 31)
#define CR4_PAE (1 << 5)
#define MSR_EFER 0xc0000080
#define EFER_LME (1 << 8)
#define EFER_NXE (1 << 11)
#define PTE_P_RW 0x3
#define PDE_2M 0x83 // present, writable, 2 MiB page

	.section .multiboot2, "a"
	.balign 8
mb2_header:
	.long	MB2_MAGIC
	.long	0			// architecture: i386 (32-bit protected mode)
	.long	mb2_header_end - mb2_header
	.long	-(MB2_MAGIC + 0 + (mb2_header_end - mb2_header))
	.short	0, 0			// end tag
	.long	8
mb2_header_end:

	.section .text.entry, "ax"
	.code32
	.global _start
_start:
	cli
	cld
	mov	%eax, %ebp		// loader magic
	mov	%ebx, %esi		// boot information
	lgdt	x86_gdt_ptr
	ljmp	$GDT_CODE32, $1f
1:	mov	$GDT_DATA, %eax
	mov	%eax, %ds
	mov	%eax, %es
	mov	%eax, %ss
	xor	%eax, %eax
	mov	%eax, %fs
	mov	%eax, %gs

	// Zero .bss (stacks, page tables, VMCSs, partition state).
	mov	$__bss_start, %edi
	mov	$__bss_end, %ecx
	sub	%edi, %ecx
	shr	$2, %ecx
	xor	%eax, %eax
	rep stosl

	// Boot tables: PML4[0] -> PDPT, PDPT[0..3] -> four PDs of 2 MiB pages.
	mov	$boot_pdpt + PTE_P_RW, %eax
	mov	%eax, boot_pml4
	mov	$boot_pd + PTE_P_RW, %eax
	mov	$boot_pdpt, %edi
	mov	$4, %ecx
2:	mov	%eax, (%edi)
	add	$4096, %eax
	add	$8, %edi
	loop	2b
	mov	$PDE_2M, %eax
	mov	$boot_pd, %edi
	mov	$2048, %ecx
3:	mov	%eax, (%edi)
	add	$0x200000, %eax
	add	$8, %edi
	loop	3b

	call	enter_long_mode
	ljmp	$GDT_CODE64, $start64

// PAE, then EFER.LME and NXE, then paging with the boot tables in CR3.
enter_long_mode:
	mov	$boot_pml4, %eax
	mov	%eax, %cr3
	mov	%cr4, %eax
	or	$CR4_PAE, %eax
	mov	%eax, %cr4
	mov	$MSR_EFER, %ecx
	rdmsr
	or	$(EFER_LME | EFER_NXE), %eax
	wrmsr
	mov	%cr0, %eax
	or	$(CR0_PG | CR0_WP | CR0_PE), %eax
	mov	%eax, %cr0
	ret

	.code64
start64:
	mov	$GDT_DATA, %eax
	mov	%eax, %ds
	mov	%eax, %es
	mov	%eax, %ss
	lea	hyp_stacks + HYP_STACK_SIZE(%rip), %rsp
	// Upper halves of registers are undefined after the mode switch.
	mov	%ebp, %edi
	mov	%esi, %esi
	call	x86_boot_primary
4:	cli
	hlt
	jmp	4b

// Other CPUs arrive here in long mode from the trampoline below, on the
// boot tables, with their board CPU index in ap_boot_cpu.
	.global x86_ap_entry64
x86_ap_entry64:
	mov	$GDT_DATA, %eax
	mov	%eax, %ds
	mov	%eax, %es
	mov	%eax, %ss
	mov	ap_boot_cpu(%rip), %edi
	lea	1(%rdi), %rax
	imul	$HYP_STACK_SIZE, %rax
	lea	hyp_stacks(%rip), %rsp
	add	%rax, %rsp
	call	x86_boot_secondary
5:	cli
	hlt
	jmp	5b

// The AP start-up code: copied to AP_TRAMPOLINE_BASE by cpu.c, entered in
// real mode at CS:IP = (AP_TRAMPOLINE_BASE >> 4):0 by the start-up IPI
// (Intel SDM vol. 3A, 9.4.4). Absolute addresses are computed for the copy.
#define TRAMP(sym) (AP_TRAMPOLINE_BASE + ((sym) - ap_trampoline_start))

	.section .rodata.trampoline, "a"
	.global ap_trampoline_start, ap_trampoline_end, ap_trampoline_gdt_ptr, ap_trampoline_cr3
	.code16
ap_trampoline_start:
	cli
	cld
	xor	%ax, %ax
	mov	%ax, %ds
	lgdtl	TRAMP(ap_trampoline_gdt_ptr)
	mov	%cr0, %eax
	or	$CR0_PE, %eax
	mov	%eax, %cr0
	ljmpl	$GDT_CODE32, $TRAMP(ap_pm32)
	.code32
ap_pm32:
	mov	$GDT_DATA, %eax
	mov	%eax, %ds
	mov	%eax, %es
	mov	%eax, %ss
	mov	%cr4, %eax
	or	$CR4_PAE, %eax
	mov	%eax, %cr4
	mov	TRAMP(ap_trampoline_cr3), %eax
	mov	%eax, %cr3
	mov	$MSR_EFER, %ecx
	rdmsr
	or	$(EFER_LME | EFER_NXE), %eax
	wrmsr
	mov	%cr0, %eax
	or	$(CR0_PG | CR0_WP), %eax
	mov	%eax, %cr0
	ljmp	$GDT_CODE64, $TRAMP(ap_long)
	.code64
ap_long:
	movabs	$x86_ap_entry64, %rax
	jmp	*%rax
	.balign 8
ap_trampoline_gdt_ptr:			// filled in by cpu.c: the hypervisor's GDT
	.short	0
	.long	0
	.balign 4
ap_trampoline_cr3:			// filled in by cpu.c: boot_pml4
	.long	0
ap_trampoline_end:

	.section .bss
	.balign 4096
	.global boot_pml4
boot_pml4:
	.skip	4096
boot_pdpt:
	.skip	4096
boot_pd:
	.skip	4 * 4096
