// SPDX-License-Identifier: Apache-2.0
/*
 * The x86-64 hypercall conduit: VMCALL with the function id in RAX (the same
 * numbers as arm64's x0) and arguments in RDI, RSI, RDX, RCX, R8 (see
 * hyp/arch/x86_64/exits.c). The status comes back in RAX; RDI, RSI and RDX
 * carry further results, so they are clobbered.
 */
#include "../arch.h"

long guest_arch_hvc(unsigned long id, unsigned long a1, unsigned long a2,
		    unsigned long a3, unsigned long a4, unsigned long a5)
{
	register unsigned long r8 __asm__("r8") = a5;

	/* "memory": the hypervisor reads and writes our buffers. */
	__asm__ volatile("vmcall"
			 : "+a"(id), "+D"(a1), "+S"(a2), "+d"(a3), "+c"(a4), "+r"(r8)
			 :
			 : "memory");
	return (long)id;
}
