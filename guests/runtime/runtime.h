/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The runtime's internal interface: the state found at boot (where we run,
 * the Devicetree, RAM, console) and the modules that use it. Applications
 * use <bulkhead/guest.h> and libc instead.
 */
#ifndef GUEST_RUNTIME_RUNTIME_H
#define GUEST_RUNTIME_RUNTIME_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdnoreturn.h>

#include <bulkhead/guest.h>

#include "layout.h"

_Static_assert(RUNTIME_CPU_MAX == BULKHEAD_CPU_MAX, "layout.h and guest.h disagree");

/* How PSCI is reached, from the Devicetree's /psci node. */
enum runtime_psci {
	RUNTIME_PSCI_NONE, /* no usable /psci node: no SMP, no PSCI power-off */
	RUNTIME_PSCI_HVC,
	RUNTIME_PSCI_SMC,
};

enum runtime_mode {
	RUNTIME_NATIVE,   /* booted by QEMU or a bootloader, no EL2 */
	RUNTIME_BULKHEAD, /* entered by the hypervisor (x1 held the entry magic) */
};

/* Written once by runtime_start() before main(), read-only afterwards. */
struct runtime_state {
	enum runtime_mode mode;
	const void *fdt;        /* the Devicetree blob, validated */
	uint64_t ram_base;      /* the RAM region holding the image, from /memory */
	uint64_t ram_end;       /* first byte past it */
	uintptr_t pl011_base;   /* native console UART; 0 until found */
	struct bulkhead_partition_info info; /* valid when mode == RUNTIME_BULKHEAD */
	enum runtime_psci psci;
	unsigned int cpu_count; /* /cpus entries: at least 1, only the first RUNTIME_CPU_MAX */
	uint64_t cpu_mpidr[RUNTIME_CPU_MAX]; /* their `reg`, in Devicetree order */
};

extern struct runtime_state runtime;

/* Linker script symbols (guest.ld). */
extern char __image_start[];
extern char _end[];

/* Entered from the boot stub with the loader's x0..x2; never returns. */
noreturn void runtime_start(uint64_t fdt_addr, uint64_t magic, uint64_t abi_version);

/* devtree.c: reading the blob with libfdt. Each returns 0 or a -FDT_ERR_* code. */
int devtree_open(uintptr_t addr, const void **fdt);
int devtree_ram(const void *fdt, uintptr_t inside, uint64_t *base, uint64_t *end);
int devtree_psci_uses_smc(const void *fdt, bool *use_smc);
/* The first enabled node compatible with `compatible` whose first register
 * block lies in the identity map: its base and size. */
int devtree_device(const void *fdt, const char *compatible, uintptr_t *base, uint64_t *size);
/* The `reg` of the first `max` /cpus nodes (device_type "cpu"), in order;
 * no /cpus node is a count of 0, not an error. */
int devtree_cpus(const void *fdt, uint64_t *mpidr, unsigned int max, unsigned int *count);
/* The /channels child named `name` (NULL: the first one), with its
 * channel-id (-1 if none) and doorbell (0 if none). */
int devtree_channel(const void *fdt, const char *name, struct bulkhead_channel *out);
/* The same, or with name NULL the index-th channel node (from 0). */
int devtree_channel_at(const void *fdt, const char *name, unsigned int index,
		       struct bulkhead_channel *out);
/* Entry `index` of a node's `reg`, in its parent's address and size cells. */
int devtree_node_reg(const void *fdt, int node, int index, uint64_t *addr, uint64_t *size);

/*
 * console.c: raw output, usable from the first line of C and in exceptions,
 * from any CPU. Once a second CPU has been started, each call holds a lock
 * for its whole text, so lines from different CPUs never interleave.
 */
long console_write(const char *buf, size_t len);
void console_puts(const char *text);
void console_put_hex(uint64_t value);
void console_put_dec(int64_t value);

/* pl011.c: the native console, and a UART a program owns (uart.c). */
void pl011_init(uintptr_t base);
void pl011_write(uintptr_t base, const char *buf, size_t len);

/* cadence.c: a Cadence UART a program owns (uart.c). */
void cadence_init(uintptr_t base);
void cadence_write(uintptr_t base, const char *buf, size_t len);

/* smp.c: the boot CPU's slot, filled in before main(). */
void smp_init(void);
/* Whether another CPU may be running (the console starts locking then). */
bool smp_active(void);
/* A started CPU's C entry (from cpu_arch_secondary_entry), on its slot's stack. */
noreturn void smp_secondary_main(uint64_t slot_number);

/* heap.c: the region _sbrk hands out. */
void heap_init(uintptr_t start, uintptr_t end);

/* exit.c: leave the program with a status, by hypercall or semihosting. */
noreturn void exit_now(int status);
/* The exception path's way out when semihosting itself trapped. */
noreturn void exit_without_semihosting(void);

#endif
