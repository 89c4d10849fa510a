// SPDX-License-Identifier: Apache-2.0
/*
 * CPUID for partitions (see cpuid.h). Leaves: Intel SDM vol. 2A, CPUID;
 * topology (leaves 0xB and 0x1F): vol. 3A, 10.9.
 */
#include "cpuid.h"

#include "frame.h"
#include "partition.h"
#include "x86.h"

#define CPUID1_ECX_VMX (1u << 5)
#define CPUID1_ECX_SMX (1u << 6)
#define CPUID1_ECX_HYPERVISOR (1u << 31)
/* XSAVE-managed state (AVX and up) is not kept per partition yet: XSETBV
 * exits are faults, so the partition is told there is none. */
#define CPUID1_ECX_XSAVE_AVX ((1u << 26) | (1u << 27) | (1u << 28))
#define CPUID7_EBX_AVX (1u << 5 | 1u << 16 | 1u << 17 | 1u << 21 | 1u << 26 | 1u << 27 | \
			1u << 28 | 1u << 30 | 1u << 31)
#define CPUID7_ECX_AVX (1u << 1 | 1u << 6 | 1u << 11 | 1u << 12 | 1u << 14)
#define LEAF_XSAVE 0xd
#define CPUID1_EDX_HTT (1u << 28)
#define LEAF_HYPERVISOR 0x40000000u
#define TOPOLOGY_SMT 1u
#define TOPOLOGY_CORE 2u

/* Bits of an APIC id that number `count` CPUs. */
static unsigned id_bits(unsigned count)
{
	unsigned bits = 0;

	while ((1u << bits) < count)
		bits++;
	return bits;
}

static void topology(const struct vcpu *v, uint32_t sub, uint32_t r[4])
{
	unsigned count = v->partition->cfg->cpu_count;

	r[2] = sub & 0xff;
	r[3] = v->index;
	if (sub == 0) { /* one thread per core */
		r[0] = 0;
		r[1] = 1;
		r[2] |= TOPOLOGY_SMT << 8;
	} else if (sub == 1) { /* its cores make one package */
		r[0] = id_bits(count);
		r[1] = count;
		r[2] |= TOPOLOGY_CORE << 8;
	} else {
		r[0] = r[1] = 0;
	}
}

enum trap_action cpuid_exit(struct vcpu *v, struct frame *f, uint64_t q)
{
	uint32_t leaf = (uint32_t)f->rax, sub = (uint32_t)f->rcx, r[4];
	unsigned count = v->partition->cfg->cpu_count;

	(void)q;
	cpuid(leaf, sub, r);
	switch (leaf) {
	case 1:
		r[2] = (r[2] & ~(CPUID1_ECX_VMX | CPUID1_ECX_SMX | CPUID1_ECX_XSAVE_AVX)) |
		       CPUID1_ECX_HYPERVISOR;
		r[1] = (r[1] & 0xffff) | (count & 0xff) << 16 | v->index << 24;
		r[3] = count > 1 ? r[3] | CPUID1_EDX_HTT : r[3] & ~CPUID1_EDX_HTT;
		break;
	case 4: /* cores per package - 1 in bits 31:26, sharing threads 0 */
		r[0] = (r[0] & 0x3fff) | ((count - 1) & 0x3f) << 26;
		break;
	case 7:
		if (sub == 0) {
			r[1] &= ~CPUID7_EBX_AVX;
			r[2] &= ~CPUID7_ECX_AVX;
		}
		break;
	case 0xb:
	case 0x1f:
		topology(v, sub, r);
		break;
	case LEAF_XSAVE:
		r[0] = r[1] = r[2] = r[3] = 0;
		break;
	case LEAF_HYPERVISOR: /* "BulkheadVMM " */
		r[0] = LEAF_HYPERVISOR;
		r[1] = 0x6b6c7542; /* "Bulk" */
		r[2] = 0x64616568; /* "head" */
		r[3] = 0x204d4d56; /* "VMM " */
		break;
	default:
		if (leaf > LEAF_HYPERVISOR && leaf < 0x80000000u)
			r[0] = r[1] = r[2] = r[3] = 0;
		break;
	}
	f->rax = r[0];
	f->rbx = r[1];
	f->rcx = r[2];
	f->rdx = r[3];
	return TRAP_ADVANCE;
}
