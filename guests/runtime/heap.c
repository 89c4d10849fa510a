// SPDX-License-Identifier: Apache-2.0
/*
 * The heap behind malloc: newlib's allocator grows it with _sbrk. It spans
 * from the end of the image (_end) to the end of the RAM region the
 * Devicetree gives, so a partition's heap is exactly what is left of its
 * own memory, and running out is an ordinary ENOMEM, never a fault.
 */
#include <errno.h>
#include <stddef.h>

#include "runtime.h"

/* malloc's chunks need 16-byte alignment on AArch64 (long double, q regs). */
#define HEAP_ALIGN 16u

static uintptr_t heap_start;
static uintptr_t heap_break;
static uintptr_t heap_end;

void heap_init(uintptr_t start, uintptr_t end)
{
	heap_start = (start + HEAP_ALIGN - 1) & ~(uintptr_t)(HEAP_ALIGN - 1);
	heap_break = heap_start;
	heap_end = end > heap_start ? end : heap_start;
}

/*
 * Move the break by incr bytes and return the old one, or (void *)-1 with
 * errno = ENOMEM if that would leave [heap_start, heap_end].
 */
void *_sbrk(ptrdiff_t incr)
{
	uintptr_t old = heap_break;

	if (incr > 0 && (uintptr_t)incr > heap_end - heap_break) {
		errno = ENOMEM;
		return (void *)-1;
	}
	if (incr < 0 && (uintptr_t)0 - (uintptr_t)incr > heap_break - heap_start) {
		errno = ENOMEM;
		return (void *)-1;
	}
	heap_break += (uintptr_t)incr;
	return (void *)old;
}
