// SPDX-License-Identifier: Apache-2.0
// Boot stub of the x86-64 port: from the 32-bit entry state to long mode
// and runtime_start(), and the same climb for CPUs started with PSCI
// CPU_ON (cpu_arch_secondary_entry). Also cpu_arch_off.
//
// Entry state (docs/x86.md), the one a multiboot loader gives: 32-bit
// protected mode, flat segments, paging off, interrupts off. Under Bulkhead
// EAX = the low half of BULKHEAD_ENTRY_MAGIC ("BULK"), EBX = the
// Devicetree's address, ECX = the ABI version; a CPU started by CPU_ON has
// its context id (here: its slot number) in EBX. Natively GRUB enters with
// EAX = the multiboot2 magic and EBX = its information (native_arch.c).
//
// Page tables: the first 4 GiB identity mapped with 2 MiB pages (Intel SDM
// vol. 3A, 5.5): RAM from 0, channels from 0x80000000. What the partition
// does not own is still refused by the hypervisor's EPT.

#include "../layout.h"

#define ENTRY_MAGIC_LOW 0x4b4c5542
#define MB2_HEADER_MAGIC 0xe85250d6
#define MB2_HEADER_LENGTH 24
#define MB2_BOOTLOADER_MAGIC 0x36d76289
#define SEL_CODE64 0x08
#define SEL_DATA 0x10
#define SEL_CODE32 0x18
#define CR0_MP (1 << 1)
#define CR0_EM (1 << 2)
#define CR0_WP (1 << 16)
#define CR0_PG (1 << 31)
#define CR4_PAE (1 << 5)
#define CR4_OSFXSR (1 << 9)
#define CR4_OSXMMEXCPT (1 << 10)
#define MSR_EFER 0xc0000080
#define MSR_GS_BASE 0xc0000101
#define EFER_LME (1 << 8)
#define EFER_NXE (1 << 11)
#define PSCI_CPU_OFF 0x84000002
#define BOOT_STACK_SIZE (64 * 1024)

	.section .text.boot, "ax"
	.code32
	.global _start
_start:
	cli
	cld
	mov	%eax, boot_magic
	mov	%ebx, boot_fdt
	mov	%ecx, boot_abi
	lgdt	gdt_ptr
	ljmp	$SEL_CODE32, $1f
1:	mov	$SEL_DATA, %eax
	mov	%eax, %ds
	mov	%eax, %es
	mov	%eax, %ss
	mov	%eax, %fs
	mov	%eax, %gs
	mov	$boot_stack + BOOT_STACK_SIZE, %esp

	mov	$__bss_start, %edi
	mov	$__bss_end, %ecx
	sub	%edi, %ecx
	shr	$2, %ecx
	xor	%eax, %eax
	rep stosl

	// PML4[0] -> PDPT; PDPT[0..3] -> four PDs of 2 MiB pages.
	mov	$pt_pdpt + 3, %eax
	mov	%eax, pt_pml4
	mov	$pt_pd + 3, %eax
	mov	$pt_pdpt, %edi
	mov	$4, %ecx
2:	mov	%eax, (%edi)
	add	$4096, %eax
	add	$8, %edi
	loop	2b
	mov	$0x83, %eax
	mov	$pt_pd, %edi
	mov	$2048, %ecx
3:	mov	%eax, (%edi)
	add	$0x200000, %eax
	add	$8, %edi
	loop	3b

	call	long_mode_on
	ljmp	$SEL_CODE64, $start64

// SSE on (CR0.EM clear, MP set; CR4.OSFXSR, OSXMMEXCPT), PAE, EFER.LME and
// NXE, then paging. CR0 and CR4 are read-modify-written, so bits the
// hypervisor keeps for itself read back as they were and cause no exit.
long_mode_on:
	mov	%cr4, %eax
	or	$(CR4_PAE | CR4_OSFXSR | CR4_OSXMMEXCPT), %eax
	mov	%eax, %cr4
	mov	$pt_pml4, %eax
	mov	%eax, %cr3
	mov	$MSR_EFER, %ecx
	rdmsr
	or	$(EFER_LME | EFER_NXE), %eax
	wrmsr
	mov	%cr0, %eax
	and	$~CR0_EM, %eax
	or	$(CR0_PG | CR0_WP | CR0_MP), %eax
	mov	%eax, %cr0
	ret

	.code64
start64:
	mov	$SEL_DATA, %eax
	mov	%eax, %ds
	mov	%eax, %es
	mov	%eax, %ss
	lea	boot_stack + BOOT_STACK_SIZE(%rip), %rsp
	xor	%edi, %edi
	call	slot_set
	call	exception_arch_init
	// Native boot by GRUB: a Devicetree written from the multiboot2
	// memory map stands in for the one the hypervisor would give.
	cmpl	$MB2_BOOTLOADER_MAGIC, boot_magic(%rip)
	jne	7f
	mov	boot_fdt(%rip), %edi
	call	native_arch_devicetree
	mov	%eax, boot_fdt(%rip)
7:	mov	boot_fdt(%rip), %edi
	xor	%esi, %esi
	cmpl	$ENTRY_MAGIC_LOW, boot_magic(%rip)
	jne	4f
	movabs	$0x444145484b4c5542, %rsi	// BULKHEAD_ENTRY_MAGIC
4:	mov	boot_abi(%rip), %edx
	call	runtime_start
	jmp	cpu_arch_park

// GS base -> this CPU's entry of slot_ids, so %gs:0 is its slot number.
slot_set:
	lea	slot_ids(%rip), %rax
	lea	(%rax, %rdi, 8), %rax
	mov	%rax, %rdx
	shr	$32, %rdx
	mov	$MSR_GS_BASE, %ecx
	wrmsr
	ret

// A CPU started by bulkhead_cpu_start_mpidr() through PSCI CPU_ON, in the
// entry state above with its slot number in EBX; its stack is the slot's.
	.code32
	.global cpu_arch_secondary_entry
cpu_arch_secondary_entry:
	cli
	cld
	mov	%ebx, %esi
	lgdt	gdt_ptr
	ljmp	$SEL_CODE32, $5f
5:	mov	$SEL_DATA, %eax
	mov	%eax, %ds
	mov	%eax, %es
	mov	%eax, %ss
	mov	%esi, %eax
	and	$(RUNTIME_CPU_MAX - 1), %eax
	inc	%eax
	imul	$RUNTIME_CPU_STACK_SIZE, %eax
	add	$cpu_stacks, %eax
	mov	%eax, %esp
	call	long_mode_on
	ljmp	$SEL_CODE64, $secondary64
	.code64
secondary64:
	mov	$SEL_DATA, %eax
	mov	%eax, %ds
	mov	%eax, %es
	mov	%eax, %ss
	mov	%esp, %esp			// zero-extend
	mov	%esi, %edi
	and	$(RUNTIME_CPU_MAX - 1), %edi
	push	%rdi
	call	slot_set
	call	exception_arch_init_cpu
	pop	%rdi
	call	smp_secondary_main
	jmp	cpu_arch_park

// cpu_arch_off(slot_state, use_smc): free the slot, then PSCI CPU_OFF by
// VMCALL, touching no stack after the store (the slot's next owner may
// already be using it).
	.section .text, "ax"
	.global cpu_arch_off
cpu_arch_off:
	movl	$0, (%rdi)			// a release store on x86 (TSO)
	mov	$PSCI_CPU_OFF, %eax
	vmcall
6:	cli
	hlt
	jmp	6b

// The multiboot2 header (Multiboot2 Specification 2.0, 3.1.1): magic,
// architecture 0 (i386 protected mode), length, checksum, then only the end
// tag, so GRUB loads the ELF's segments and enters _start in the entry
// state above with EAX = MB2_BOOTLOADER_MAGIC and EBX = its information.
// guest.ld places it right after .text.boot, in the file's first 32 KiB.
	.section .multiboot2, "a"
	.balign 8
mb2_header:
	.long	MB2_HEADER_MAGIC
	.long	0
	.long	MB2_HEADER_LENGTH
	.long	0x100000000 - (MB2_HEADER_MAGIC + MB2_HEADER_LENGTH)
	.short	0, 0				// end tag: type 0, flags 0,
	.long	8				// size 8

	.section .rodata
	.balign 16
gdt:
	.quad	0
	.quad	0x00af9a000000ffff		// SEL_CODE64
	.quad	0x00cf92000000ffff		// SEL_DATA
	.quad	0x00cf9a000000ffff		// SEL_CODE32
gdt_end:
	.balign 8
gdt_ptr:
	.short	gdt_end - gdt - 1
	.quad	gdt

	.data
	.balign 8
#if RUNTIME_CPU_MAX != 8
#error "slot_ids lists eight slots"
#endif
slot_ids:
	.irp n, 0,1,2,3,4,5,6,7
	.quad	\n
	.endr
boot_magic:
	.long	0
boot_fdt:
	.long	0
boot_abi:
	.long	0

	.section .bss.pagetables, "aw", @nobits
	.balign 4096
pt_pml4:
	.skip	4096
pt_pdpt:
	.skip	4096
pt_pd:
	.skip	4 * 4096

	.bss
	.balign 16
boot_stack:
	.skip	BOOT_STACK_SIZE
	.global cpu_stacks
cpu_stacks:
	.skip	RUNTIME_CPU_MAX * RUNTIME_CPU_STACK_SIZE
