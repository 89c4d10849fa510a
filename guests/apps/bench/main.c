// SPDX-License-Identifier: Apache-2.0
/*
 * bench: the interrupt, hypercall and channel figures of issue 4, measured
 * in instructions with the PMU under QEMU -icount shift=0,align=off,
 * sleep=off, natively and as a Bulkhead partition, printed one per line:
 *
 *     bench: <name> <value> <unit>
 *
 * (value "n/a" where a figure does not exist in this mode). Lines starting
 * "bench-info:" say how the run went (mode, spread of the samples). The
 * method, figure by figure, is in README.md next to this file; in short:
 *
 *   null_hypercall        BULKHEAD_HC_VERSION round trip: the instructions
 *                         counter (INST_RETIRED at EL1 and EL2) across one
 *                         `hvc`, minus the same reading with nothing between.
 *   timer_irq_latency     from the virtual timer's deadline to the first
 *                         instruction of the IRQ vector, on the cycle
 *                         counter (the virtual clock, which the timer's
 *                         deadline is defined on).
 *   compute_el2_entries  EL2 entries per 10^6 guest instructions in a
 *                         compute loop: INST_RETIRED at EL1+EL2 minus at EL1
 *                         only, read after every chunk of ~10^4
 *                         instructions; a chunk in which it grew had an EL2
 *                         entry.
 *   gicd_*                one GICD register access (trapped and emulated
 *                         under Bulkhead, plain MMIO natively), like the
 *                         null hypercall.
 *   doorbell_latency      from the notify instruction (`hvc` CHANNEL_NOTIFY;
 *                         natively the SGI register write) to the first
 *                         instruction of the peer's IRQ vector, on the two
 *                         CPUs' cycle counters lined up through the common
 *                         physical counter.
 *   pingpong_round_trip   write a 64-byte checksummed message, notify, the
 *                         peer checks it and answers, until the answer is
 *                         checked back: the cycle counter of the initiator.
 *
 * Each figure is the median of BENCH_REPEAT samples (under -icount they are
 * all equal or nearly). Roles: natively CPU 0 measures and CPU 1 (-smp 2)
 * is the peer, SGI 6 its doorbell; under Bulkhead the partition that can
 * write the channel "bench_ping" measures and the one that reads it is the
 * peer (channel "bench_pong" back, a doorbell on each reading end). A lone
 * partition gives every figure but the last two.
 *
 * Exit status: 0 done; 2 no PMU or no GIC; 3 the peer did not answer.
 */
#include <stdatomic.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <bulkhead/guest.h>
#include <bulkhead/irq.h>
#include <bulkhead/pmu.h>

#include "../common/link.h"
#include "../common/wait.h"

#define BENCH_REPEAT        32
#define BENCH_NATIVE_SPI    44      /* a spare SPI on QEMU virt */
#define BENCH_NATIVE_SGI    6       /* natively: the peer's doorbell */
#define BENCH_TIMER_AHEAD   256     /* counter ticks from arming to the deadline */
#define BENCH_CHUNKS        1000    /* compute loop: chunks ... */
#define BENCH_CHUNK_ITERS   2500    /* ... of this many 4-instruction iterations */
#define BENCH_PEER_WAIT_MS  60000
#define BENCH_EDGE_SAMPLES  64
#define BENCH_QUIT          UINT64_MAX

#define GICD_CTLR       0x0000
#define GICD_ISENABLER  0x0100
#define GICD_ICENABLER  0x0180
#define GICD_IPRIORITYR 0x0400

/* ---- Reading the counters around one operation ------------------------- */

/*
 * Each measurement is one asm statement: read the counter, the operation,
 * read it again; the same with no operation gives the reading's own cost,
 * which is subtracted. `isb` before each read keeps it in place.
 */
#define BENCH_READ(reg) "isb\n\tmrs %[a], " reg "\n\t"
#define BENCH_READ2(reg) "\n\tisb\n\tmrs %[b], " reg

static bool bench_icount; /* INST_RETIRED exists: QEMU runs with -icount */

#define BENCH_EMPTY(reg, a_, b_) \
	__asm__ volatile(BENCH_READ(reg) BENCH_READ2(reg) : [a] "=&r"(a_), [b] "=r"(b_) : : "memory")

#define BENCH_STR32(reg, a_, b_, addr_, v_) \
	__asm__ volatile(BENCH_READ(reg) "str %w[v], [%[p]]" BENCH_READ2(reg) \
			 : [a] "=&r"(a_), [b] "=r"(b_) : [v] "r"(v_), [p] "r"(addr_) : "memory")

#define BENCH_LDR32(reg, a_, b_, addr_, v_) \
	__asm__ volatile(BENCH_READ(reg) "ldr %w[v], [%[p]]" BENCH_READ2(reg) \
			 : [a] "=&r"(a_), [b] "=r"(b_), [v] "=&r"(v_) : [p] "r"(addr_) : "memory")

#define BENCH_HVC(reg, a_, b_) do { \
	register uint64_t x0_ __asm__("x0") = BULKHEAD_HC_VERSION; \
	__asm__ volatile(BENCH_READ(reg) "hvc #0" BENCH_READ2(reg) \
			 : [a] "=&r"(a_), [b] "=&r"(b_), "+r"(x0_) \
			 : : "x1", "x2", "x3", "x4", "x5", "x6", "x7", "x8", "x9", "x10", \
			     "x11", "x12", "x13", "x14", "x15", "x16", "x17", "memory"); \
} while (0)

/* The instructions counter when QEMU counts instructions, else cycles. */
#define BENCH_MEASURE(kind, ...) do { \
	if (bench_icount) \
		kind("pmevcntr0_el0", __VA_ARGS__); \
	else \
		kind("pmccntr_el0", __VA_ARGS__); \
} while (0)

static uint64_t bench_delta(uint64_t a, uint64_t b)
{
	/* The event counter is 32 bits wide. */
	return bench_icount ? (uint32_t)(b - a) : b - a;
}

static int bench_cmp(const void *x, const void *y)
{
	uint64_t a = *(const uint64_t *)x, b = *(const uint64_t *)y;

	return a < b ? -1 : a > b;
}

struct bench_stats {
	uint64_t min, median, max;
};

static struct bench_stats bench_stats_of(uint64_t *v, size_t n)
{
	qsort(v, n, sizeof(v[0]), bench_cmp);
	return (struct bench_stats){ v[0], v[n / 2], v[n - 1] };
}

static const char *bench_unit(void)
{
	return bench_icount ? "instructions" : "ns";
}

static void bench_report(const char *name, const struct bench_stats *s, const char *note)
{
	if (s == NULL) {
		printf("bench: %s n/a %s\n", name, bench_unit());
		if (note != NULL)
			printf("bench-info: %s: %s\n", name, note);
		return;
	}
	printf("bench: %s %llu %s\n", name, (unsigned long long)s->median, bench_unit());
	printf("bench-info: %s: median of %d, min %llu, max %llu%s%s\n", name, BENCH_REPEAT,
	       (unsigned long long)s->min, (unsigned long long)s->max, note ? "; " : "",
	       note ? note : "");
}

/* What one reading of the counter costs (min of BENCH_REPEAT). */
static uint64_t bench_overhead(void)
{
	uint64_t best = UINT64_MAX;

	for (int i = 0; i < BENCH_REPEAT; i++) {
		uint64_t a, b;

		BENCH_MEASURE(BENCH_EMPTY, a, b);
		if (bench_delta(a, b) < best)
			best = bench_delta(a, b);
	}
	return best;
}

/* ---- Lining the cycle counter up with a generic-timer counter ------------ */

/*
 * The cycle counter and the timer's counters all run off QEMU's virtual
 * clock: cycles = ns + C, counter = (ns + O) / P with P = 10^9 / CNTFRQ ns
 * per tick (16 at 62.5 MHz). So at the instant a counter becomes c, the
 * cycle counter reads P * c + K for one constant K per CPU and counter.
 * Spin until the counter changes and read the cycle counter: that reading
 * comes 3 instructions after the first read that saw the new value, and
 * that read is at most 2 instructions (one loop turn) past the edge. The
 * smallest of many samples is the one taken right at the edge: K = min -
 * 3. (The virtual counter CNTVCT_EL0 for the timer, the physical counter
 * CNTPCT_EL0 to line two CPUs up.)
 */
#define BENCH_EDGE(counter, c, p) \
	__asm__ volatile("isb\n\tmrs x9, " counter "\n" \
			 "1:\tmrs %[c], " counter "\n\t" \
			 "cmp %[c], x9\n\t" \
			 "b.eq 1b\n\t" \
			 "mrs %[p], pmccntr_el0" \
			 : [c] "=&r"(c), [p] "=r"(p) : : "x9", "cc", "memory")

static uint64_t bench_ns_per_tick;

static int64_t bench_edge_constant(bool physical)
{
	int64_t best = INT64_MAX;

	for (int i = 0; i < BENCH_EDGE_SAMPLES; i++) {
		uint64_t c, p;
		int64_t k;

		if (physical)
			BENCH_EDGE("cntpct_el0", c, p);
		else
			BENCH_EDGE("cntvct_el0", c, p);
		k = (int64_t)(p - bench_ns_per_tick * c);
		if (k < best)
			best = k;
		/* A different phase next time. */
		for (volatile int spin = 0; spin < i % 7; spin++)
			;
	}
	return best - 3;
}

/* ---- Figures on one CPU ------------------------------------------------ */

static void bench_null_hypercall(uint64_t overhead)
{
	uint64_t d[BENCH_REPEAT];
	struct bench_stats s;

	if (!bulkhead_present()) {
		bench_report("null_hypercall", NULL, "native: there is no hypervisor to call");
		return;
	}
	for (int i = 0; i < BENCH_REPEAT; i++) {
		uint64_t a, b;

		BENCH_MEASURE(BENCH_HVC, a, b);
		d[i] = bench_delta(a, b) - overhead;
	}
	s = bench_stats_of(d, BENCH_REPEAT);
	bench_report("null_hypercall", &s, "hvc BULKHEAD_HC_VERSION to the instruction after it");
}

static volatile uint32_t bench_timer_fired;
static volatile uint64_t bench_timer_stamp;

static void bench_timer_irq(unsigned int intid, void *arg)
{
	(void)intid;
	(void)arg;
	bench_timer_stamp = bulkhead_irq_stamp();
	__asm__ volatile("msr cntv_ctl_el0, %0\n\tisb" : : "r"((uint64_t)2)); /* masked, off */
	bench_timer_fired = 1;
}

static void bench_timer_latency(void)
{
	unsigned int intid = bulkhead_timer_intid();
	uint64_t d[BENCH_REPEAT], el2_insns = 0;
	unsigned int el2_irqs = 0;
	struct bench_stats s;
	int64_t k;

	if (bench_ns_per_tick == 0) {
		bench_report("timer_irq", NULL, "the counter frequency does not divide 1 GHz");
		return;
	}
	bulkhead_irq_handler(intid, bench_timer_irq, NULL);
	bulkhead_intid_enable(intid);
	k = bench_edge_constant(false);
	for (int i = 0; i < BENCH_REPEAT; i++) {
		uint64_t now, deadline;
		uint32_t el2_before, el2_after;

		bulkhead_irq_disable();
		el2_before = bulkhead_pmu_instructions() - bulkhead_pmu_instructions_el1();
		__asm__ volatile("isb\n\tmrs %0, cntvct_el0" : "=r"(now));
		deadline = now + BENCH_TIMER_AHEAD;
		bench_timer_fired = 0;
		__asm__ volatile("msr cntv_cval_el0, %0\n\tmsr cntv_ctl_el0, %1\n\tisb"
				 : : "r"(deadline), "r"((uint64_t)1) : "memory");
		bulkhead_irq_enable();
		while (!bench_timer_fired)
			;
		bulkhead_irq_disable();
		el2_after = bulkhead_pmu_instructions() - bulkhead_pmu_instructions_el1();
		if (el2_after != el2_before) {
			el2_irqs++;
			el2_insns += el2_after - el2_before;
		}
		/* Vector's first instruction minus the deadline, on the cycle
		 * counter: a reading includes the reading instruction itself
		 * (README.md), hence the 1. */
		d[i] = bench_timer_stamp - BULKHEAD_IRQ_STAMP_INSN - 1 -
		       (uint64_t)((int64_t)(bench_ns_per_tick * deadline) + k);
	}
	bulkhead_intid_disable(intid);
	bulkhead_irq_enable();
	s = bench_stats_of(d, BENCH_REPEAT);
	bench_report("timer_irq", &s,
		     "virtual timer deadline to the IRQ vector's first instruction");
	/* Interrupts whose path ran EL2 code: at least one entry each. */
	if (bench_icount) {
		printf("bench: timer_irq_el2_entries %.2f entries\n",
		       el2_irqs / (double)BENCH_REPEAT);
		printf("bench-info: timer_irq_el2_entries: %u of %d timer interrupts ran EL2 code "
		       "(%llu EL2 instructions in all), arming to handler return\n", el2_irqs,
		       BENCH_REPEAT, (unsigned long long)el2_insns);
	} else {
		printf("bench: timer_irq_el2_entries n/a entries\n");
	}
}

/* From the machine's reset to this program's first instruction. */
static void bench_reset_to_entry(void)
{
	uint64_t ticks = bulkhead_pmu_entry_ticks();

	if (bench_ns_per_tick == 0) {
		bench_report("reset_to_entry", NULL, "the counter frequency does not divide 1 GHz");
		return;
	}
	printf("bench: reset_to_entry %llu %s\n",
	       (unsigned long long)(ticks * bench_ns_per_tick), bench_unit());
	printf("bench-info: reset_to_entry: physical counter %llu at _start, %llu per tick "
	       "(one tick of resolution)\n", (unsigned long long)ticks,
	       (unsigned long long)bench_ns_per_tick);
}

/* ~10^4 instructions of integer work: 4 instructions an iteration. */
static uint64_t bench_chunk(uint64_t x)
{
	uint64_t n = BENCH_CHUNK_ITERS;

	__asm__ volatile("1:\teor %[x], %[x], %[x], lsl #13\n\t"
			 "eor %[x], %[x], %[x], lsr #7\n\t"
			 "subs %[n], %[n], #1\n\t"
			 "b.ne 1b"
			 : [x] "+r"(x), [n] "+r"(n) : : "cc");
	return x;
}

static void bench_el2_entries(void)
{
	uint64_t x = 0x9e3779b97f4a7c15ull;
	uint32_t el1_start, el1_end, el2_prev, el2_total = 0;
	unsigned int entries = 0;

	if (!bench_icount) {
		printf("bench: compute_el2_entries n/a entries\n");
		printf("bench-info: compute_el2_entries: needs INST_RETIRED (QEMU -icount)\n");
		return;
	}
	el2_prev = bulkhead_pmu_instructions() - bulkhead_pmu_instructions_el1();
	el1_start = bulkhead_pmu_instructions_el1();
	for (int chunk = 0; chunk < BENCH_CHUNKS; chunk++) {
		uint32_t el2;

		x = bench_chunk(x);
		el2 = bulkhead_pmu_instructions() - bulkhead_pmu_instructions_el1();
		if (el2 != el2_prev) {
			entries++;
			el2_total += el2 - el2_prev;
		}
		el2_prev = el2;
	}
	el1_end = bulkhead_pmu_instructions_el1();
	printf("bench: compute_el2_entries %.2f entries\n",
	       entries * 1e6 / (double)(uint32_t)(el1_end - el1_start));
	printf("bench-info: compute_el2_entries: %u chunks with EL2 activity, %u EL2 "
	       "instructions, in %u guest instructions (checksum %llx)\n", entries, el2_total,
	       (uint32_t)(el1_end - el1_start), (unsigned long long)(x & 0xffff));
}

/* The SPI whose GICD bits the register figures touch, and whether it is ours:
 * under Bulkhead a doorbell of the partition (the only SPIs it may own). */
static unsigned int bench_spi(bool *owned)
{
	struct bulkhead_channel ch;

	*owned = true;
	if (!bulkhead_present())
		return BENCH_NATIVE_SPI;
	for (unsigned int i = 0; bulkhead_channel_get(i, &ch) == 0; i++)
		if (ch.doorbell != 0)
			return ch.doorbell;
	*owned = false;
	return BENCH_NATIVE_SPI; /* not the partition's: its accesses are ignored */
}

static void bench_noop_irq(unsigned int intid, void *arg)
{
	(void)intid;
	(void)arg;
}

static void bench_gicd(uint64_t overhead)
{
	uintptr_t gicd = bulkhead_irq_distributor();
	bool owned;
	unsigned int spi = bench_spi(&owned);
	uintptr_t isenabler = gicd + GICD_ISENABLER + 4 * (spi / 32);
	uintptr_t ipriorityr = gicd + GICD_IPRIORITYR + (spi & ~3u);
	uint32_t ctlr, prio, bit = 1u << (spi % 32);
	uint64_t d[6][BENCH_REPEAT];
	static const char *const names[6] = {
		"gicd_ctlr_write", "gicd_ctlr_read", "gicd_isenabler_write",
		"gicd_ipriorityr_write", "gicd_ipriorityr_read", "gicd_isenabler_read",
	};
	char note[96];

	snprintf(note, sizeof(note), "%s, INTID %u%s", bulkhead_present() ? "trapped and emulated" :
		 "plain MMIO", spi, owned ? "" : " (not this partition's)");
	/* Natively the spare SPI gets a handler, in case it ever fires. */
	if (!bulkhead_present())
		bulkhead_irq_handler(spi, bench_noop_irq, NULL);
	ctlr = *(volatile uint32_t *)gicd;
	prio = *(volatile uint32_t *)ipriorityr;
	for (int i = 0; i < BENCH_REPEAT; i++) {
		uint64_t a, b;
		uint32_t v;

		BENCH_MEASURE(BENCH_STR32, a, b, gicd + GICD_CTLR, ctlr);
		d[0][i] = bench_delta(a, b) - overhead;
		BENCH_MEASURE(BENCH_LDR32, a, b, gicd + GICD_CTLR, v);
		d[1][i] = bench_delta(a, b) - overhead;
		BENCH_MEASURE(BENCH_STR32, a, b, isenabler, bit);
		d[2][i] = bench_delta(a, b) - overhead;
		BENCH_MEASURE(BENCH_STR32, a, b, ipriorityr, prio);
		d[3][i] = bench_delta(a, b) - overhead;
		BENCH_MEASURE(BENCH_LDR32, a, b, ipriorityr, v);
		d[4][i] = bench_delta(a, b) - overhead;
		BENCH_MEASURE(BENCH_LDR32, a, b, isenabler, v);
		d[5][i] = bench_delta(a, b) - overhead;
		(void)v;
	}
	if (!bulkhead_present())
		*(volatile uint32_t *)(gicd + GICD_ICENABLER + 4 * (spi / 32)) = bit;
	for (int f = 0; f < 6; f++) {
		struct bench_stats s = bench_stats_of(d[f], BENCH_REPEAT);

		bench_report(names[f], &s, note);
	}
}

/* ---- Two parties: doorbell and ping-pong ------------------------------- */

struct bench_msg {
	uint64_t seq;          /* published last; 0 nothing yet */
	uint64_t hello;        /* the peer is ready */
	int64_t stamp;         /* peer: its vector stamp for this seq, common time */
	uint64_t payload[8];
	uint64_t sum;
};

#define BENCH_HELLO 0x42454e4348ull

static struct link bench_links[2];
static struct bench_msg bench_native_ping, bench_native_pong;
static atomic_int bench_peer_status = -1;
static volatile int64_t bench_peer_stamp;

static uint64_t bench_sum(uint64_t seq, const volatile struct bench_msg *m)
{
	uint64_t sum = seq * 0x9e3779b97f4a7c15ull;

	for (int i = 0; i < 8; i++)
		sum = (sum ^ m->payload[i]) * 0xbf58476d1ce4e5b9ull;
	return sum ^ (uint64_t)m->stamp;
}

static uint64_t bench_seen(const struct link *l)
{
	return __atomic_load_n(&((const struct bench_msg *)l->in)->seq, __ATOMIC_ACQUIRE);
}

struct bench_until {
	const struct link *l;
	uint64_t seq;
	bool hello;
};

static bool bench_arrived(void *arg)
{
	const struct bench_until *u = arg;

	if (u->hello)
		return ((const volatile struct bench_msg *)u->l->in)->hello == BENCH_HELLO;
	return bench_seen(u->l) >= u->seq;
}

/*
 * Ring the other side's doorbell, reading the cycle counter just before:
 * the notify instruction is the one after the read (`hvc` for
 * CHANNEL_NOTIFY, the SGI register write natively).
 */
static uint64_t bench_notify(struct link *l)
{
	uint64_t t;

	__asm__ volatile("dsb ish" : : : "memory");
	if (!l->native) {
		register uint64_t x0 __asm__("x0") = BULKHEAD_HC_CHANNEL_NOTIFY;
		register uint64_t x1 __asm__("x1") = (uint64_t)l->out_ch.id;

		__asm__ volatile("isb\n\tmrs %[t], pmccntr_el0\n\thvc #0"
				 : [t] "=&r"(t), "+r"(x0), "+r"(x1)
				 : : "x2", "x3", "x4", "x5", "x6", "x7", "x8", "x9", "x10", "x11",
				     "x12", "x13", "x14", "x15", "x16", "x17", "memory");
	} else if (bulkhead_irq_gic_version() == 3) {
		/* ICC_SGI1R_EL1: INTID, TargetList bit Aff0 (the peer is CPU 1). */
		uint64_t sgi1r = ((uint64_t)l->sgi << 24) |
				 (1ull << (bulkhead_cpu_mpidr(l->peer_cpu) & 0xf));

		__asm__ volatile("isb\n\tmrs %[t], pmccntr_el0\n\tmsr S3_0_C12_C11_5, %[v]\n\tisb"
				 : [t] "=&r"(t) : [v] "r"(sgi1r) : "memory");
	} else {
		uintptr_t sgir = bulkhead_irq_distributor() + 0xf00;
		/* GICD_SGIR CPUTargetList: QEMU numbers CPU interfaces like the CPUs. */
		uint32_t v = (1u << (16 + (l->peer_cpu & 7))) | l->sgi;

		__asm__ volatile("isb\n\tmrs %[t], pmccntr_el0\n\tstr %w[v], [%[p]]"
				 : [t] "=&r"(t) : [v] "r"(v), [p] "r"(sgir) : "memory");
	}
	return t;
}

/* The peer's doorbell handler notes its vector stamp (the link counts). */
static void bench_peer_doorbell(unsigned int intid, void *arg)
{
	(void)intid;
	(void)arg;
	bench_peer_stamp = (int64_t)bulkhead_irq_stamp();
	link_doorbell(intid, NULL);
}

static void bench_send(struct link *l, uint64_t seq, int64_t stamp)
{
	volatile struct bench_msg *m = l->out;

	for (int i = 0; i < 8; i++)
		m->payload[i] = seq * (uint64_t)(i + 1) ^ 0x5a5a5a5a5a5a5a5aull;
	m->stamp = stamp;
	m->sum = bench_sum(seq, m);
	__atomic_store_n((uint64_t *)&m->seq, seq, __ATOMIC_RELEASE);
}

static bool bench_check(const struct link *l, uint64_t seq)
{
	const volatile struct bench_msg *m = l->in;

	if (m->seq != seq || m->sum != bench_sum(seq, m))
		return false;
	for (int i = 0; i < 8; i++)
		if (m->payload[i] != (seq * (uint64_t)(i + 1) ^ 0x5a5a5a5a5a5a5a5aull))
			return false;
	return true;
}

/* The peer: answer every message until BENCH_QUIT; bulkhead_print only. */
static int bench_peer(struct link *l)
{
	int64_t k = bench_edge_constant(true);
	struct bench_until u = { .l = l };
	volatile struct bench_msg *out = l->out;

	bulkhead_irq_handler(l->native ? l->sgi : l->in_ch.doorbell, bench_peer_doorbell, NULL);
	out->hello = BENCH_HELLO;
	__atomic_thread_fence(__ATOMIC_SEQ_CST);
	link_notify(l);
	for (uint64_t seq = 1;; seq++) {
		uint64_t got;

		u.seq = seq;
		if (!app_wait_until(bench_arrived, &u, app_ms(BENCH_PEER_WAIT_MS)))
			return 3;
		got = bench_seen(l);
		if (got == BENCH_QUIT)
			return 0;
		if (!bench_check(l, got))
			bulkhead_print("bench-info: peer: message %llu has wrong content\n",
				       (unsigned long long)got);
		/* The answer: same seq, our vector stamp on the common clock. */
		bench_send(l, got, bench_peer_stamp - k);
		bench_notify(l);
		seq = got;
	}
}

static void bench_peer_cpu(void *arg)
{
	struct link *l = &bench_links[1];
	const char *why;

	(void)arg;
	bulkhead_pmu_start();
	if (link_open_native(l, &bench_native_pong, &bench_native_ping,
			     sizeof(struct bench_msg), 0, BENCH_NATIVE_SGI, &why) != 0) {
		bulkhead_print("bench-info: peer cpu 1: %s\n", why);
		atomic_store(&bench_peer_status, 2);
		return;
	}
	bulkhead_irq_enable();
	atomic_store(&bench_peer_status, bench_peer(l));
	bulkhead_irq_disable();
}

static void bench_pair(struct link *l)
{
	struct bench_until u = { .l = l, .hello = true };
	uint64_t one_way[BENCH_REPEAT], round_trip[BENCH_REPEAT];
	int64_t k = bench_edge_constant(true);
	struct bench_stats s;
	int bad = 0;

	if (!app_wait_until(bench_arrived, &u, app_ms(5000))) {
		printf("bench-info: the peer did not say hello within 5 s\n");
		bench_report("doorbell", NULL, "no peer");
		bench_report("pingpong", NULL, "no peer");
		return;
	}
	u.hello = false;
	bulkhead_irq_enable();
	/* One warm-up round, then the measured ones. */
	for (int i = -1; i < BENCH_REPEAT; i++) {
		uint64_t seq = (uint64_t)(i + 2), start, sent, end;
		uint64_t deadline = bulkhead_ticks() + app_ms(1000);
		bool ok, late = false;

		/* A backstop, armed before the measurement: a lost doorbell
		 * ends the wait after 1 s instead of hanging the run. */
		bulkhead_timer_oneshot(deadline, NULL, NULL);
		bulkhead_irq_disable();
		start = bulkhead_pmu_cycles();
		bench_send(l, seq, 0);
		sent = bench_notify(l);
		u.seq = seq;
		/* Sleep until the answer (its doorbell wakes us). */
		for (;;) {
			if (bench_arrived(&u))
				break;
			if (bulkhead_ticks() >= deadline) {
				late = true;
				break;
			}
			bulkhead_irq_wait();
			bulkhead_irq_enable();
			bulkhead_irq_disable();
		}
		ok = !late && bench_check(l, seq);
		end = bulkhead_pmu_cycles();
		bulkhead_irq_enable();
		bulkhead_timer_stop();
		if (late) {
			printf("bench-info: no answer to message %llu within 1 s: is the doorbell "
			       "delivered?\n", (unsigned long long)seq);
			bench_send(l, BENCH_QUIT, 0);
			link_notify(l);
			bench_report("doorbell", NULL, "no answer");
			bench_report("pingpong", NULL, "no answer");
			return;
		}
		if (!ok)
			bad++;
		if (i < 0)
			continue;
		/* The peer's vector (its stamp's reading - STAMP_INSN - 1) minus
		 * the notify instruction (the one after `sent`, at the position
		 * `sent` reads as: a reading includes the reading instruction). */
		one_way[i] = (uint64_t)(((const volatile struct bench_msg *)l->in)->stamp -
					BULKHEAD_IRQ_STAMP_INSN - 1 - ((int64_t)sent - k));
		round_trip[i] = end - start;
	}
	bench_send(l, BENCH_QUIT, 0);
	link_notify(l);
	if (bad != 0)
		printf("bench-info: %d answers had wrong content\n", bad);
	s = bench_stats_of(one_way, BENCH_REPEAT);
	bench_report("doorbell", &s, l->native ?
		     "native: SGI write to the other CPU's IRQ vector" :
		     "hvc CHANNEL_NOTIFY to the peer partition's IRQ vector");
	s = bench_stats_of(round_trip, BENCH_REPEAT);
	bench_report("pingpong", &s, "64-byte message out, checked answer back");
}

static bool bench_peer_done(void *arg)
{
	(void)arg;
	return atomic_load(&bench_peer_status) >= 0;
}

/* Set up the two-party part for this mode; false if there is none. */
static bool bench_open_pair(struct link **pair, bool *is_peer)
{
	struct bulkhead_channel first;
	const char *why;
	bool initiator = false;

	*is_peer = false;
	if (!bulkhead_present()) {
		if (bulkhead_cpu_count() < 2)
			return false;
		if (link_open_native(&bench_links[0], &bench_native_ping, &bench_native_pong,
				     sizeof(struct bench_msg), 1, BENCH_NATIVE_SGI, &why) != 0 ||
		    bulkhead_cpu_start(1, bench_peer_cpu, NULL) != 0) {
			printf("bench-info: no native peer\n");
			return false;
		}
		*pair = &bench_links[0];
		return true;
	}
	if (bulkhead_channel_get(0, &first) != 0)
		return false;
	if (link_open_any(&bench_links[0], &initiator, &why) != 0) {
		printf("bench-info: %s\n", why);
		return false;
	}
	*is_peer = !initiator;
	*pair = &bench_links[0];
	return true;
}

int main(void)
{
	struct bulkhead_partition_info info;
	struct link *pair = NULL;
	bool is_peer, have_pair;
	uint64_t overhead, freq = bulkhead_ticks_per_second();

	if (bulkhead_irq_init() != 0) {
		printf("bench-info: no usable GIC\n");
		return 2;
	}
	bulkhead_pmu_start();
	bench_icount = bulkhead_pmu_has_instructions();
	bench_ns_per_tick = freq != 0 && 1000000000ull % freq == 0 ? 1000000000ull / freq : 0;
	have_pair = bench_open_pair(&pair, &is_peer);
	if (is_peer) {
		int status;

		printf("bench-info: peer of the benchmark partition\n");
		bench_reset_to_entry();
		bulkhead_irq_enable();
		status = bench_peer(&bench_links[0]);
		printf("bench-info: peer done\n");
		return status;
	}
	printf("bench-info: mode %s%s, GICv%d, %u cpu(s), %s\n",
	       bulkhead_present() ? "bulkhead partition " : "native",
	       bulkhead_partition_info(&info) == 0 ? info.name : "",
	       bulkhead_irq_gic_version(), bulkhead_cpu_count(),
	       bench_icount ? "counting instructions (QEMU -icount)" :
	       "no INST_RETIRED: figures are cycle-counter ns (run QEMU with -icount shift=0)");
	overhead = bench_overhead();
	printf("bench-info: a counter reading costs %llu; subtracted from every figure\n",
	       (unsigned long long)overhead);

	bench_reset_to_entry();
	bench_null_hypercall(overhead);
	bench_timer_latency();
	bench_el2_entries();
	bench_gicd(overhead);
	if (have_pair) {
		bench_pair(pair);
		/* Natively, let CPU 1 finish (it saw the quit). */
		if (!bulkhead_present())
			app_wait_until(bench_peer_done, NULL, app_ms(1000));
	} else {
		bench_report("doorbell", NULL, bulkhead_present() ?
			     "needs a peer partition (a channel each way, doorbells at the reading ends)" :
			     "needs a second CPU (-smp 2)");
		bench_report("pingpong", NULL, bulkhead_present() ?
			     "needs a peer partition (a channel each way, doorbells at the reading ends)" :
			     "needs a second CPU (-smp 2)");
	}
	printf("bench-info: done\n");
	return 0;
}
