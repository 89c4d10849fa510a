/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Checks, before anything is loaded, that the machine we booted on is the
 * board the image was built for: the firmware must show the board's RAM, at
 * least its CPUs and its interrupt controller where the board says. A
 * mismatch would put partitions on memory or devices that are not there, so
 * the boot stops instead.
 *
 * The check itself is portable: each backend fills struct machine_facts from
 * what its firmware hands over (arm64: the Devicetree, read with libfdt by
 * board_facts_from_fdt(); x86: the multiboot2 memory map and the ACPI MADT)
 * and board_check_facts() compares them with config_board.
 */
#ifndef BOARD_CHECK_H
#define BOARD_CHECK_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define MACHINE_RAM_MAX 32

struct machine_ram {
	uint64_t base;
	uint64_t size;
};

/* What the machine says about itself. Hints are shown in messages, each a
 * printf format with one %llu: the RAM the board needs in MiB (ram_hint),
 * the board's CPU count (cpu_hint). */
struct machine_facts {
	const char *unreadable; /* non-NULL: why there are no facts; nothing else is read */
	struct machine_ram ram[MACHINE_RAM_MAX]; /* usable RAM ranges */
	unsigned ram_count;
	const char *ram_hint;   /* e.g. "QEMU: -m %lluM" */
	unsigned cpu_count;
	const char *cpu_hint;   /* e.g. "QEMU: -smp %llu" */
	const char *irqchip;    /* e.g. "GICv3 distributor"; NULL: not checked */
	uint64_t irqchip_want;  /* where the board has it */
	uint64_t irqchip_found; /* where the machine shows it (0: nowhere) */
	bool certify_dump;      /* the boot command line asks for the certify dump */
};

/* true if the facts match config_board; otherwise false with the reason in
 * `why`, phrased as one console line that says what to do. */
bool board_check_facts(const struct machine_facts *m, char *why, size_t size);

/* Fill `m` from a flattened Devicetree (NULL or invalid: m->unreadable). */
void board_facts_from_fdt(const void *fdt, struct machine_facts *m);

/* board_facts_from_fdt(), then board_check_facts(). */
bool board_check(const void *fdt, char *why, size_t size);

#endif
