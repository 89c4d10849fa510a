/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The guest API of the Bulkhead unikernel runtime: what an application may
 * ask beyond libc. The same program runs natively (QEMU, no hypervisor) and
 * as a Bulkhead partition; these calls tell it which, and reach the
 * hypervisor when there is one. Everything else (printf, malloc, exit) is
 * newlib over the runtime's syscalls.
 */
#ifndef BULKHEAD_GUEST_H
#define BULKHEAD_GUEST_H

#include <stdbool.h>
#include <stdint.h>

#include <bulkhead_abi.h>

/*
 * Exit statuses the runtime itself uses, chosen high so that they do not
 * collide with an application's own small ones.
 */
#define BULKHEAD_GUEST_EXIT_BOOT_FAILED 98 /* no Devicetree, no RAM, bad ABI */
#define BULKHEAD_GUEST_EXIT_EXCEPTION   99 /* an unexpected CPU exception */

/*
 * Whether this program runs as a Bulkhead partition. True only when the
 * hypervisor entered us with BULKHEAD_ENTRY_MAGIC in x1 and then answered
 * BULKHEAD_HC_PARTITION_INFO; false on a native boot. Fixed before main().
 */
bool bulkhead_present(void);

/*
 * Ask the hypervisor which partition this is (name, id, RAM, CPUs) and fill
 * *info. Returns BULKHEAD_OK, or a negative BULKHEAD_E_* code: natively
 * BULKHEAD_E_NOT_SUPPORTED without issuing any hypercall.
 */
int bulkhead_partition_info(struct bulkhead_partition_info *info);

/*
 * Make a raw hypercall (arm64: `hvc #0`) with function id `id` and up to
 * five arguments; returns the hypervisor's x0 (>= 0 success, < 0 a
 * BULKHEAD_E_* code). Pointer arguments are passed as their address: the
 * runtime's identity map makes that the IPA the hypervisor expects. Natively
 * it returns BULKHEAD_E_NOT_SUPPORTED and never executes `hvc`, which would
 * be UNDEFINED without EL2.
 */
long bulkhead_hvc(unsigned long id, unsigned long a1, unsigned long a2,
		  unsigned long a3, unsigned long a4, unsigned long a5);

/*
 * The RAM region this program lives in, as the Devicetree's /memory node
 * gives it: [*base, *base + *size). The heap ends there; the first byte past
 * it belongs to somebody else (or nobody).
 */
void bulkhead_ram_range(uint64_t *base, uint64_t *size);

/* The Devicetree blob the runtime booted with (validated), for libfdt. */
const void *bulkhead_devicetree(void);

#endif
