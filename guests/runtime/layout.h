/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Sizes shared by the C runtime and the arch port's assembly (start.S,
 * vectors.S): macros only, so that both can include it.
 *
 * The runtime serves up to RUNTIME_CPU_MAX CPUs. Each has a slot: slot 0 is
 * the CPU that booted (on the 64 KiB boot stack in start.S); slots 1..7 are
 * the CPUs started with bulkhead_cpu_start(), each on a stack of its own.
 * Every slot has its own exception stack, so two CPUs faulting at once do
 * not share one. The slot number lives in TPIDR_EL1 on arm64.
 */
#ifndef GUEST_RUNTIME_LAYOUT_H
#define GUEST_RUNTIME_LAYOUT_H

#define RUNTIME_CPU_MAX              8           /* a power of two (vectors.S masks with it) */
#define RUNTIME_CPU_STACK_SIZE       (32 * 1024) /* each secondary CPU's stack */
#define RUNTIME_EXCEPTION_STACK_SIZE (4 * 1024)  /* each CPU's exception stack */

#endif
