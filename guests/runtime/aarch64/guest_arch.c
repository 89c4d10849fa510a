// SPDX-License-Identifier: Apache-2.0
/*
 * The arm64 hypercall conduit: `hvc #0` with an SMCCC-style function id in
 * x0 and arguments in x1..x5 (see hyp/include/bulkhead_abi.h). The status
 * comes back in x0.
 */
#include "../arch.h"

long guest_arch_hvc(unsigned long id, unsigned long a1, unsigned long a2,
		    unsigned long a3, unsigned long a4, unsigned long a5)
{
	register unsigned long x0 __asm__("x0") = id;
	register unsigned long x1 __asm__("x1") = a1;
	register unsigned long x2 __asm__("x2") = a2;
	register unsigned long x3 __asm__("x3") = a3;
	register unsigned long x4 __asm__("x4") = a4;
	register unsigned long x5 __asm__("x5") = a5;

	/*
	 * SMCCC 1.0 lets the callee corrupt x4..x17, so all of them are
	 * clobbers; "memory" because the hypervisor reads and writes our
	 * buffers (console text, partition info).
	 */
	__asm__ volatile("hvc #0"
			 : "+r"(x0), "+r"(x1), "+r"(x2), "+r"(x3), "+r"(x4), "+r"(x5)
			 :
			 : "x6", "x7", "x8", "x9", "x10", "x11", "x12", "x13",
			   "x14", "x15", "x16", "x17", "memory");
	return (long)x0;
}
