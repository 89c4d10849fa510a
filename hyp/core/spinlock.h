/* SPDX-License-Identifier: Apache-2.0 */
/*
 * A test-and-set lock for the few places CPUs share state (the console).
 * C11 atomics compile to exclusive loads and stores on arm64, so this stays
 * portable and runs in host unit tests too.
 */
#ifndef SPINLOCK_H
#define SPINLOCK_H

#include <stdatomic.h>

struct spinlock {
	atomic_flag flag;
};

#define SPINLOCK_INIT { ATOMIC_FLAG_INIT }

static inline void spin_lock(struct spinlock *l)
{
	while (atomic_flag_test_and_set_explicit(&l->flag, memory_order_acquire))
		;
}

static inline void spin_unlock(struct spinlock *l)
{
	atomic_flag_clear_explicit(&l->flag, memory_order_release);
}

#endif
