/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The guest API of the Bulkhead unikernel runtime: what an application may
 * ask beyond libc. The same program runs natively (QEMU, no hypervisor) and
 * as a Bulkhead partition; these calls tell it which, and reach the
 * hypervisor when there is one. Everything else (printf, malloc, exit) is
 * newlib over the runtime's syscalls.
 *
 * CPUs: newlib is built without multithread support, so only CPU 0 (the CPU
 * main() runs on) may use stdio, malloc/free, exit() or anything else in
 * libc that keeps state (errno included). Pure functions (string.h, most of
 * math.h for valid arguments) are fine anywhere. Other CPUs print with
 * bulkhead_console_write() or bulkhead_print() and end the whole program,
 * if they must, with _exit(status). Every function below may be called from
 * any CPU unless it says otherwise.
 */
#ifndef BULKHEAD_GUEST_H
#define BULKHEAD_GUEST_H

#include <stdbool.h>
#include <stddef.h>
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

/* ---- CPUs ------------------------------------------------------------- */

/* The most CPUs the runtime serves (guests/runtime/layout.h). */
#define BULKHEAD_CPU_MAX 8

/* PSCI function ids (ARM DEN 0022, chapter 5), for bulkhead_psci_call(). */
#define BULKHEAD_PSCI_VERSION       0x84000000u
#define BULKHEAD_PSCI_CPU_OFF       0x84000002u
#define BULKHEAD_PSCI_CPU_ON        0xC4000003u /* SMC64: target MPIDR, entry, context id */
#define BULKHEAD_PSCI_AFFINITY_INFO 0xC4000004u /* SMC64: target MPIDR, level -> 0 on, 1 off, 2 pending */
#define BULKHEAD_PSCI_SYSTEM_OFF    0x84000008u

/* PSCI return codes (ARM DEN 0022, 5.2.2), as the functions below return them. */
#define BULKHEAD_PSCI_SUCCESS            0
#define BULKHEAD_PSCI_E_NOT_SUPPORTED    (-1)
#define BULKHEAD_PSCI_E_INVALID_PARAMS   (-2)
#define BULKHEAD_PSCI_E_DENIED           (-3)
#define BULKHEAD_PSCI_E_ALREADY_ON       (-4)
#define BULKHEAD_PSCI_E_ON_PENDING       (-5)
#define BULKHEAD_PSCI_E_INTERNAL_FAILURE (-6)
#define BULKHEAD_PSCI_E_NOT_PRESENT      (-7)
#define BULKHEAD_PSCI_E_DISABLED         (-8)
#define BULKHEAD_PSCI_E_INVALID_ADDRESS  (-9)

/*
 * How many CPUs this program has: the Devicetree's /cpus nodes (at least 1,
 * at most BULKHEAD_CPU_MAX). Under Bulkhead, the partition's CPUs.
 */
unsigned int bulkhead_cpu_count(void);

/*
 * Which CPU is calling: its position in /cpus (0 for the CPU main() runs
 * on), the partition's vCPU index under Bulkhead. A CPU started by MPIDR
 * that /cpus does not list answers its MPIDR's Aff0.
 */
unsigned int bulkhead_cpu_id(void);

/* CPU `cpu`'s MPIDR affinity (its /cpus `reg`), or UINT64_MAX past the last. */
uint64_t bulkhead_cpu_mpidr(unsigned int cpu);

/*
 * Start CPU `cpu` (0 .. bulkhead_cpu_count() - 1) with PSCI CPU_ON through
 * the conduit the Devicetree's /psci node names (`hvc` or `smc`). The new
 * CPU gets a stack of its own, FP/SIMD, the exception vectors and the same
 * identity map as CPU 0, then runs fn(arg) with interrupts masked. When fn
 * returns, the CPU turns itself off (PSCI CPU_OFF) and may be started again.
 * Returns 0 once PSCI accepted the request (fn may not have begun yet), or
 * a negative BULKHEAD_PSCI_E_* code: INVALID_PARAMS for a cpu not in /cpus,
 * NOT_SUPPORTED without a /psci node, ALREADY_ON, DENIED (Bulkhead: not the
 * partition's CPU), INTERNAL_FAILURE when all BULKHEAD_CPU_MAX - 1 secondary
 * stacks are in use. See the CPUs note at the top for what fn may call.
 */
int bulkhead_cpu_start(unsigned int cpu, void (*fn)(void *), void *arg);

/*
 * The same for a raw PSCI target MPIDR (affinity fields), whether or not
 * /cpus lists it: for probing what PSCI allows. Under Bulkhead a
 * partition's CPU n has MPIDR n.
 */
int bulkhead_cpu_start_mpidr(uint64_t mpidr, void (*fn)(void *), void *arg);

/*
 * Any PSCI call through the Devicetree's conduit; returns PSCI's x0 (a
 * negative BULKHEAD_PSCI_E_* on error). BULKHEAD_PSCI_E_NOT_SUPPORTED, with
 * no call made, when there is no /psci node.
 */
long bulkhead_psci_call(uint32_t fid, uint64_t a1, uint64_t a2, uint64_t a3);

/* The name of a PSCI return code ("SUCCESS", "DENIED", ...; "?" if unknown). */
const char *bulkhead_psci_name(long code);

/* Tell the CPU it is spinning (arm64: `yield`); for polling loops. */
void bulkhead_cpu_relax(void);

/* ---- Console from any CPU --------------------------------------------- */

/*
 * Write len bytes to the console from any CPU: the hypervisor's console
 * (CONSOLE_WRITE) or natively the PL011. The whole text goes out under one
 * lock, so give it whole lines. Returns the bytes written or -1.
 */
long bulkhead_console_write(const char *buf, size_t len);

/*
 * A small printf for any CPU: no heap, no libc state, at most 255
 * characters per call (the rest is cut), written with one
 * bulkhead_console_write(). Conversions: %d %i %u %x %X %c %s %p %%, with
 * the flags '-' and '0', a field width, and the length modifiers l, ll, z.
 * Returns the characters written, or -1.
 */
int bulkhead_print(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* ---- Shared-memory channels ------------------------------------------- */

/*
 * A channel: memory shared with another partition, as the Devicetree's
 * /channels node lists it. The side with access "read" has it mapped
 * read-only in stage 2: writing there faults under that partition's
 * on_fault policy. Readers may poll (see bulkhead/ring.h) or take the
 * channel's doorbell interrupt, which the other ends raise with
 * bulkhead_channel_notify().
 */
struct bulkhead_channel {
	const char *name;  /* channel-name, in the Devicetree blob */
	void *base;        /* its address (IPA == VA in the identity map) */
	size_t size;       /* bytes, a page multiple */
	bool writable;     /* access = "write" */
	int id;            /* channel-id, for notifying; -1 if the node has none */
	unsigned int doorbell; /* doorbell: the INTID this end receives; 0 if none */
};

#define BULKHEAD_CHANNEL_NOT_FOUND   (-1) /* no channel of that name */
#define BULKHEAD_CHANNEL_BAD         (-2) /* malformed node, or not mapped as Normal memory */
#define BULKHEAD_CHANNEL_NO_DOORBELL (-3) /* this end has no doorbell (or no channel-id) */

/*
 * Find the channel `name` (NULL: the first channel listed) and fill *out.
 * Returns 0, BULKHEAD_CHANNEL_NOT_FOUND or BULKHEAD_CHANNEL_BAD.
 */
int bulkhead_channel_find(const char *name, struct bulkhead_channel *out);

/* The index-th channel of the Devicetree (from 0, in the config's order),
 * like bulkhead_channel_find(); BULKHEAD_CHANNEL_NOT_FOUND past the last. */
int bulkhead_channel_get(unsigned int index, struct bulkhead_channel *out);

/*
 * Ring the doorbell of every other end of the channel that has one
 * (hypercall BULKHEAD_HC_CHANNEL_NOTIFY with ch->id): each such partition
 * gets its doorbell interrupt. Returns the number of ends notified (>= 0),
 * BULKHEAD_CHANNEL_NO_DOORBELL if the channel has no id, or a negative
 * BULKHEAD_E_* code: natively BULKHEAD_E_NOT_SUPPORTED (no hypervisor).
 * Make what you wrote visible first: the call has release semantics.
 */
long bulkhead_channel_notify(const struct bulkhead_channel *ch);

/*
 * Take this end's doorbell (ch->doorbell) as an interrupt on the calling
 * CPU: install fn(intid, arg) as its handler (<bulkhead/irq.h>), route it
 * here and enable it. Interrupts must be enabled (bulkhead_irq_enable())
 * for it to run. Returns 0, BULKHEAD_CHANNEL_NO_DOORBELL, or a
 * BULKHEAD_IRQ_E_* code.
 */
int bulkhead_channel_on_doorbell(const struct bulkhead_channel *ch,
				 void (*fn)(unsigned int intid, void *arg), void *arg);

/* ---- Devices ---------------------------------------------------------- */

/*
 * Seconds since 1970-01-01 00:00:00 UTC from the real-time clock that this
 * program's own Devicetree lists (a PL031, "arm,pl031", or a Zynq
 * UltraScale+ RTC, "xlnx,zynqmp-rtc"); -1 when it lists none (under
 * Bulkhead: the partition does not own the RTC).
 */
int64_t bulkhead_rtc_seconds(void);

/* That RTC's kind ("PL031", "ZynqMP"), or NULL when there is none. */
const char *bulkhead_rtc_name(void);

/*
 * Write len bytes on a UART of this program's own (one its Devicetree lists
 * besides the native console: under Bulkhead, a UART device assigned to the
 * partition), with the runtime's driver for its compatible ("arm,pl011" or
 * "cdns,uart-r1p12"); "\n" goes out as "\r\n". Returns len, or -1 when
 * there is no such UART. Calls from several CPUs at once may interleave.
 */
long bulkhead_uart_write(const char *buf, size_t len);

/* That UART's compatible, and its address in *base (if not NULL); NULL if none. */
const char *bulkhead_uart_name(uintptr_t *base);

/* ---- Time ------------------------------------------------------------- */

/*
 * A free-running counter (arm64: the EL1 virtual counter CNTVCT_EL0) and its
 * frequency (CNTFRQ_EL0), for pacing loops and timeouts. QEMU's runs at
 * 62.5 MHz in real (host) time unless started with -icount. Under Bulkhead
 * it counts from the partition's start; compare ticks from the same CPU
 * only (each vCPU's count may be offset from another's).
 */
uint64_t bulkhead_ticks(void);
uint64_t bulkhead_ticks_per_second(void);

#endif
