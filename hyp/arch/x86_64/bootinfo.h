/* SPDX-License-Identifier: Apache-2.0 */
/*
 * What the x86 firmware and loader say about the machine, as the portable
 * board check wants it (struct machine_facts): the usable RAM from the
 * multiboot2 memory map, and the CPUs and IOAPIC from the ACPI MADT that the
 * multiboot2 information carries a copy of the RSDP for. The x86 twin of
 * arm64's Devicetree reading. Runs on the boot tables, which map the first
 * 4 GiB, before mmu.c takes them away.
 */
#ifndef BOOTINFO_H
#define BOOTINFO_H

#include <stdint.h>

#include "board_check.h"

#define MULTIBOOT2_LOADER_MAGIC 0x36d76289u

/* Fill `facts` from the loader's magic (EAX) and information (EBX). */
void bootinfo_read(uint32_t magic, uint64_t info, struct machine_facts *facts);

#endif
