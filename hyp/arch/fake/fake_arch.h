/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The fake architecture: a host implementation of hyp/core/arch.h so that
 * hyp/core runs as an ordinary program under the unit tests (tests/unit/).
 * Nothing here touches hardware; every hook records what core asked for in
 * `fake_arch`, where a test reads it back.
 *
 * - The console UART is a buffer (fake_console_text(), fake_console_reset()).
 * - "Physical RAM" is one static array, fake_ram, standing for the physical
 *   addresses [FAKE_RAM_PA, FAKE_RAM_PA + FAKE_RAM_SIZE). A test config puts
 *   its partitions' RAM there; arch_phys_to_virt() returns NULL for anything
 *   else, as the real backends do for memory the hypervisor has not mapped.
 * - There is one thread: arch_cpu_id() answers fake_arch.cpu_id, the CPU the
 *   test pretends to be; arch_cpu_start() only records which CPUs it was
 *   asked to power on (and refuses those in fake_arch.cpu_start_refused).
 *   arch_cpu_wait() stands for "another CPU does something meanwhile": it
 *   calls fake_arch.on_wait if the test set one (which may, say, make a
 *   partition's CPU_ON call), and otherwise leaves as a noreturn hook would,
 *   with FAKE_ARCH_WAITING: nothing could ever wake this CPU.
 * - The arch hooks that never return (arch_shutdown, arch_system_reset,
 *   arch_cpu_park, arch_vcpu_enter) record their arguments and then longjmp
 *   back into the test, which must have armed the jump with FAKE_ARCH_CALL:
 *
 *	FAKE_ARCH_CALL(partition_cpu_done());
 *	assert_int_equal(fake_arch.ended, FAKE_ARCH_SHUTDOWN);
 *	assert_int_equal(fake_arch.shutdown_status, BULKHEAD_RUN_OK);
 *
 *   FAKE_ARCH_CALL runs its statement with the jump armed. If the statement
 *   returns normally, fake_arch.ended stays FAKE_ARCH_RETURNED; if a
 *   noreturn hook ran, it says which one. Because the statement may be left by
 *   longjmp, a local it assigns is only meaningful when ended is
 *   FAKE_ARCH_RETURNED (C11 7.13.2.1): read results from fake_arch instead.
 *   For the same reason a local changed after FAKE_ARCH_CALL and read again
 *   after the next one (a loop counter) is indeterminate, and gcc says so
 *   (-Wclobbered): put the loop body that calls FAKE_ARCH_CALL in a function.
 *   A noreturn hook reached without FAKE_ARCH_CALL is a broken test: the fake
 *   says so on stderr and aborts, so the test fails loudly.
 */
#ifndef FAKE_ARCH_H
#define FAKE_ARCH_H

#include <setjmp.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct partition_config;
struct vcpu;

/* The fake's trapped-register frame: only where the vCPU would resume,
 * which arch_trap_advance() steps over one instruction of
 * FAKE_INSTRUCTION_SIZE bytes (as on arm64). */
#define FAKE_INSTRUCTION_SIZE 4
struct frame {
	uint64_t pc;
};

/* The fake physical RAM window (room for a test config's partitions). */
#define FAKE_RAM_PA   0x42000000ull
#define FAKE_RAM_SIZE 0x20000ull

/* What the console buffer holds at most; more is dropped and noted. */
#define FAKE_CONSOLE_MAX 65536

/* arch_partition_map() calls recorded; more are counted but not kept. */
#define FAKE_MAP_MAX 8

/* arch_cpu_wait() calls with on_wait set before the fake gives up waiting. */
#define FAKE_WAIT_MAX 1000

/* How the last FAKE_ARCH_CALL statement ended. */
enum fake_arch_end {
	FAKE_ARCH_RETURNED,  /* it returned normally */
	FAKE_ARCH_SHUTDOWN,  /* arch_shutdown(shutdown_status) */
	FAKE_ARCH_RESET,     /* arch_system_reset() */
	FAKE_ARCH_PARKED,    /* arch_cpu_park() */
	FAKE_ARCH_ENTERED,   /* arch_vcpu_enter(), see `entered` */
	FAKE_ARCH_WAITING,   /* arch_cpu_wait() with nothing to wake it */
};

struct fake_arch_entry {
	struct vcpu *vcpu;
	uint64_t entry;
	uint64_t arg[3];
};

struct fake_arch {
	/* arch_raise_virtual_irq: doorbells raised. */
	struct partition *raised_partition;
	unsigned raised_intid;
	unsigned raised;

	/* arch_trap_advance(): how often a trapped vCPU was stepped over its
	 * instruction, and the frame of the last time. */
	unsigned advances;
	struct frame *advanced_frame;

	/* arch_partition_started: the last partition whose clocks restarted. */
	const struct partition_config *started_partition;
	unsigned partition_starts;

	/* The noreturn hooks: the jump back into the test and what happened. */
	jmp_buf escape;
	bool armed;
	enum fake_arch_end ended;
	int shutdown_status;
	unsigned shutdowns, resets, parks, enters;
	struct fake_arch_entry entered; /* the last arch_vcpu_enter() */

	/* What arch_cpu_id() answers: the physical CPU the test pretends to be. */
	unsigned cpu_id;

	/* arch_cpu_start(): CPUs asked for, and those the "firmware" refuses
	 * (bit n = CPU n). */
	uint32_t cpus_started;
	uint32_t cpu_start_refused;

	/* arch_cpu_wait(), arch_cpu_wake_all(), arch_vcpu_kick() (bit n = CPU n). */
	void (*on_wait)(void);
	unsigned waits, wakes;
	uint32_t cpus_kicked;

	/* arch_phys_to_virt() calls: how many, and the last one's range. */
	unsigned phys_to_virt_calls;
	uint64_t phys_to_virt_pa, phys_to_virt_size;

	/* arch_partition_map() calls, in order. */
	const struct partition_config *mapped[FAKE_MAP_MAX];
	unsigned map_count;

	/* arch_certify_dump() calls. */
	unsigned certify_dumps;

	/* The console UART. */
	char console[FAKE_CONSOLE_MAX + 1]; /* always NUL-terminated */
	size_t console_len;
	bool console_overflowed;
};

extern struct fake_arch fake_arch;
extern unsigned char fake_ram[FAKE_RAM_SIZE];

/* Forget everything recorded, empty the console, fill fake_ram with `fill`
 * (so a test can tell what core wrote from what it left alone). */
void fake_arch_reset(unsigned char fill);

/* Everything written to the console since the last reset, NUL-terminated. */
const char *fake_console_text(void);
void fake_console_reset(void);

/* The host pointer for physical address `pa` inside fake_ram, or NULL. */
void *fake_ram_at(uint64_t pa);

/* Runs `stmt` with the noreturn hooks' jump armed (see the top of this file). */
#define FAKE_ARCH_CALL(stmt)                                   \
	do {                                                   \
		fake_arch.ended = FAKE_ARCH_RETURNED;          \
		fake_arch.armed = true;                        \
		if (setjmp(fake_arch.escape) == 0) {           \
			stmt;                                  \
		}                                              \
		fake_arch.armed = false;                       \
	} while (0)

#endif
