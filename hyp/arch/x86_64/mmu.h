/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The hypervisor's own address space: an identity map of what it owns and
 * nothing else. Its image is mapped W^X (text read-only executable, rodata
 * read-only, data, stacks, tables and VMCSs read-write never-executable),
 * plus the page the other CPUs start from (written, never executed through
 * these tables) and the partitions' RAM (never executable), which it loads
 * images into and reads hypercall buffers from. No device is mapped: the
 * console is an I/O port and the local APIC is reached through MSRs.
 */
#ifndef MMU_H
#define MMU_H

#include "pgtable.h"

/* Build the tables and switch CR3 to them (primary CPU). */
void mmu_init(void);

/* Switch CR3 to the tables mmu_init built (other CPUs). */
void mmu_enable(void);

/* Certify boot: the image's extent, CR3, CR0, CR4 and EFER as the CPU
 * holds them, and the tables. */
void mmu_certify_dump(void);

/* Where the hypervisor's tables and every partition's EPT tables come
 * from: static, sized from the config. */
extern struct pgtable_pool table_pool;

#endif
