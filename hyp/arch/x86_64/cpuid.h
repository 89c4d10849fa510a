/* SPDX-License-Identifier: Apache-2.0 */
/*
 * CPUID as a partition sees it (CPUID always exits in VMX non-root
 * operation): the real CPU's answers, with VMX and SMX hidden, a hypervisor
 * present, and the partition's own topology: n CPUs whose APIC ids are its
 * vCPU indices 0..n-1, one package.
 */
#ifndef CPUID_H
#define CPUID_H

#include <stdint.h>

#include "trap.h"

struct frame;
struct vcpu;

enum trap_action cpuid_exit(struct vcpu *v, struct frame *f, uint64_t qualification);

#endif
