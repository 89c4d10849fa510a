// SPDX-License-Identifier: Apache-2.0
/*
 * Interrupts on x86-64 (<bulkhead/irq.h>, the part of it that maps): the
 * CPU's own local APIC in x2APIC mode, its timer, handlers per vector, the
 * interrupt flag. Under Bulkhead the x2APIC is the partition's (passed
 * through but for ICR writes and the LVT entries' delivery modes), and its
 * interrupts arrive through this program's IDT with no VM exit
 * (docs/x86.md, "Interrupts").
 *
 * An "INTID" here is an x86 vector, 32-254 (255 is the APIC's spurious
 * vector). The timer's is BULKHEAD_X86_TIMER_VECTOR, what
 * bulkhead_timer_intid() returns. What is GIC-only (SGIs, SPIs, routing,
 * priorities, pending bits, the distributor, the vector stamp) is not
 * defined on x86: a program that calls it does not link.
 *
 * bulkhead_irq_wait() with interrupts masked is `sti; hlt; cli`: the STI
 * shadow makes it race-free as on arm64, but x86 wakes from HLT only by
 * taking the interrupt, so its handler runs inside the wait rather than at
 * the next bulkhead_irq_enable().
 *
 * The timer (SDM vol. 3A, 12.5.4) counts at its own rate, which need not be
 * the TSC's (bulkhead_ticks()): the first use measures it against the TSC
 * over 1/200 s. Periodic ticks use its periodic mode (the count reloads in
 * hardware: no drift), one-shot its one-shot mode.
 */
#include <stdatomic.h>

#include <bulkhead/irq.h>
#include <bulkhead/msr.h>

#include "../arch.h"
#include "../runtime.h"

#define BULKHEAD_X86_TIMER_VECTOR 0xec
#define IRQ_VECTOR_FIRST 32
#define IRQ_VECTOR_SPURIOUS 0xff
#define IRQ_VECTORS 256

#define MSR_APIC_BASE 0x1b
#define APIC_BASE_EXTD (1ull << 10)
#define APIC_BASE_EN (1ull << 11)
#define CPUID1_ECX_X2APIC (1u << 21)
#define X2APIC_EOI 0x80b
#define X2APIC_SVR 0x80f
#define X2APIC_LVT_TIMER 0x832
#define X2APIC_TIMER_INITIAL 0x838
#define X2APIC_TIMER_CURRENT 0x839
#define X2APIC_TIMER_DIVIDE 0x83e
#define SVR_ENABLE (1u << 8)
#define LVT_MASKED (1u << 16)
#define LVT_TIMER_PERIODIC (1u << 17)
#define TIMER_DIVIDE_1 0xb
#define RFLAGS_IF (1u << 9)

struct irq_handler {
	bulkhead_irq_fn fn;
	void *arg;
};

struct apic_timer {
	uint64_t period;   /* TSC ticks between deadlines; 0 one-shot */
	uint64_t deadline; /* the latest, in TSC ticks */
	void (*tick)(void *arg);
	void *arg;
	bool running;
};

static struct irq_handler irq_handlers[IRQ_VECTORS];
static uint64_t irq_taken[RUNTIME_CPU_MAX];
static bool irq_cpu_ready[RUNTIME_CPU_MAX];
static uint32_t irq_unhandled_reported[IRQ_VECTORS / 32];
static struct apic_timer apic_timers[RUNTIME_CPU_MAX];
static uint64_t apic_timer_hz; /* measured once, the same on every CPU */

void irq_arch_dispatch(unsigned int vector);
void irq_arch_cpu_reset(void);

static unsigned int irq_slot(void)
{
	return cpu_arch_slot() % RUNTIME_CPU_MAX;
}

/* This CPU's APIC in x2APIC mode and software-enabled; 0 or an error. */
static int irq_cpu_init(void)
{
	uint64_t base = bulkhead_rdmsr(MSR_APIC_BASE);
	uint32_t eax = 1, ebx, ecx = 0, edx;

	if ((base & (APIC_BASE_EN | APIC_BASE_EXTD)) != (APIC_BASE_EN | APIC_BASE_EXTD)) {
		/* Natively only: under Bulkhead it always is (and may not change). */
		__asm__ volatile("cpuid" : "+a"(eax), "=b"(ebx), "+c"(ecx), "=d"(edx));
		if ((ecx & CPUID1_ECX_X2APIC) == 0)
			return BULKHEAD_IRQ_E_NO_CONTROLLER;
		bulkhead_wrmsr(MSR_APIC_BASE, base | APIC_BASE_EN);
		bulkhead_wrmsr(MSR_APIC_BASE, base | APIC_BASE_EN | APIC_BASE_EXTD);
	}
	if ((bulkhead_rdmsr(X2APIC_SVR) & SVR_ENABLE) == 0)
		bulkhead_wrmsr(X2APIC_SVR, SVR_ENABLE | IRQ_VECTOR_SPURIOUS);
	bulkhead_wrmsr(X2APIC_LVT_TIMER, LVT_MASKED | BULKHEAD_X86_TIMER_VECTOR);
	bulkhead_wrmsr(X2APIC_TIMER_INITIAL, 0);
	bulkhead_wrmsr(X2APIC_TIMER_DIVIDE, TIMER_DIVIDE_1);
	return 0;
}

int bulkhead_irq_init(void)
{
	unsigned int slot = irq_slot();
	int err;

	if (irq_cpu_ready[slot])
		return 0;
	err = irq_cpu_init();
	if (err == 0)
		irq_cpu_ready[slot] = true;
	return err;
}

/* A CPU starts in this slot (exception_arch_init_cpu()): nothing set up. */
void irq_arch_cpu_reset(void)
{
	unsigned int slot = irq_slot();

	irq_cpu_ready[slot] = false;
	apic_timers[slot].running = false;
}

int bulkhead_irq_handler(unsigned int intid, bulkhead_irq_fn fn, void *arg)
{
	int err = bulkhead_irq_init();

	if (err != 0)
		return err;
	if (intid < IRQ_VECTOR_FIRST || intid >= IRQ_VECTOR_SPURIOUS)
		return BULKHEAD_IRQ_E_INVALID;
	irq_handlers[intid].arg = arg;
	__atomic_store_n(&irq_handlers[intid].fn, fn, __ATOMIC_RELEASE);
	__atomic_fetch_and(&irq_unhandled_reported[intid / 32], ~(1u << (intid % 32)),
			   __ATOMIC_RELAXED);
	return 0;
}

void bulkhead_irq_enable(void)
{
	__asm__ volatile("sti" : : : "memory");
}

void bulkhead_irq_disable(void)
{
	__asm__ volatile("cli" : : : "memory");
}

bool bulkhead_irq_enabled(void)
{
	uint64_t flags;

	__asm__ volatile("pushfq; pop %0" : "=r"(flags));
	return (flags & RFLAGS_IF) != 0;
}

void bulkhead_irq_wait(void)
{
	if (bulkhead_irq_enabled())
		__asm__ volatile("hlt" : : : "memory");
	else
		__asm__ volatile("sti; hlt; cli" : : : "memory");
}

uint64_t bulkhead_irq_taken(void)
{
	return __atomic_load_n(&irq_taken[irq_slot()], __ATOMIC_RELAXED);
}

/* ---- The local APIC timer ---------------------------------------------- */

unsigned int bulkhead_timer_intid(void)
{
	return BULKHEAD_X86_TIMER_VECTOR;
}

static void apic_timer_off(void)
{
	bulkhead_wrmsr(X2APIC_LVT_TIMER, LVT_MASKED | BULKHEAD_X86_TIMER_VECTOR);
	bulkhead_wrmsr(X2APIC_TIMER_INITIAL, 0);
}

/* The timer's rate at divide-by-1, against the TSC over 1/200 s. */
static uint64_t apic_timer_rate(void)
{
	uint64_t freq = timer_arch_frequency(), t0, t1, c0, c1;

	if (apic_timer_hz != 0)
		return apic_timer_hz;
	bulkhead_wrmsr(X2APIC_TIMER_DIVIDE, TIMER_DIVIDE_1);
	bulkhead_wrmsr(X2APIC_LVT_TIMER, LVT_MASKED | BULKHEAD_X86_TIMER_VECTOR);
	bulkhead_wrmsr(X2APIC_TIMER_INITIAL, 0xffffffffu);
	t0 = timer_arch_ticks();
	c0 = bulkhead_rdmsr(X2APIC_TIMER_CURRENT);
	do
		cpu_arch_relax();
	while (timer_arch_ticks() - t0 < freq / 200);
	c1 = bulkhead_rdmsr(X2APIC_TIMER_CURRENT);
	t1 = timer_arch_ticks();
	bulkhead_wrmsr(X2APIC_TIMER_INITIAL, 0);
	if (c1 >= c0 || t1 <= t0)
		return 0;
	__atomic_store_n(&apic_timer_hz,
			 (uint64_t)((unsigned __int128)(c0 - c1) * freq / (t1 - t0)),
			 __ATOMIC_RELAXED);
	return apic_timer_hz;
}

/* This CPU's timer interrupt. */
static void apic_timer_irq(unsigned int vector, void *unused)
{
	struct apic_timer *t = &apic_timers[irq_slot()];

	(void)vector;
	(void)unused;
	if (!t->running) {
		apic_timer_off(); /* a stale one (a previous run's): silence it */
		return;
	}
	if (t->period != 0) {
		t->deadline += t->period; /* the hardware has reloaded the count */
	} else {
		t->running = false;
		apic_timer_off();
	}
	if (t->tick != NULL)
		t->tick(t->arg);
}

static int apic_timer_arm(uint64_t deadline, uint64_t period, void (*tick)(void *), void *arg)
{
	struct apic_timer *t = &apic_timers[irq_slot()];
	uint64_t freq = timer_arch_frequency(), rate, count, now;
	int err = bulkhead_irq_handler(BULKHEAD_X86_TIMER_VECTOR, apic_timer_irq, NULL);

	if (err != 0)
		return err;
	rate = apic_timer_rate();
	if (rate == 0)
		return BULKHEAD_IRQ_E_NO_CONTROLLER;
	apic_timer_off();
	t->running = false;
	t->period = period;
	t->deadline = deadline;
	t->tick = tick;
	t->arg = arg;
	now = timer_arch_ticks();
	if (period != 0) /* every count is a whole period (the first included) */
		count = (uint64_t)((unsigned __int128)period * rate / freq);
	else
		count = deadline > now ? (uint64_t)((unsigned __int128)(deadline - now) * rate / freq) : 1;
	if (count == 0)
		count = 1;
	if (count > 0xffffffffu)
		return BULKHEAD_IRQ_E_INVALID;
	t->running = true;
	bulkhead_wrmsr(X2APIC_LVT_TIMER, (period != 0 ? LVT_TIMER_PERIODIC : 0) | BULKHEAD_X86_TIMER_VECTOR);
	bulkhead_wrmsr(X2APIC_TIMER_INITIAL, count);
	return 0;
}

int bulkhead_timer_start(uint32_t hz, void (*tick)(void *arg), void *arg)
{
	uint64_t freq = timer_arch_frequency();

	if (hz == 0 || hz > freq)
		return BULKHEAD_IRQ_E_INVALID;
	/* The first count is a whole period; the hardware reloads the same. */
	return apic_timer_arm(timer_arch_ticks() + freq / hz, freq / hz, tick, arg);
}

int bulkhead_timer_oneshot(uint64_t deadline, void (*tick)(void *arg), void *arg)
{
	return apic_timer_arm(deadline, 0, tick, arg);
}

void bulkhead_timer_stop(void)
{
	apic_timer_off();
	apic_timers[irq_slot()].running = false;
}

/* An enabled interrupt nobody handles: say so once. */
static void irq_unhandled(unsigned int vector)
{
	uint32_t bit = 1u << (vector % 32);

	if (vector == BULKHEAD_X86_TIMER_VECTOR)
		apic_timer_off();
	if ((__atomic_fetch_or(&irq_unhandled_reported[vector / 32], bit, __ATOMIC_RELAXED) &
	     bit) == 0) {
		console_puts("bulkhead-rt: interrupt ");
		console_put_dec(vector);
		console_puts(" has no handler: ignored\n");
	}
}

/* From irq_common (vectors.S), interrupts off: run the handler, then EOI. */
void irq_arch_dispatch(unsigned int vector)
{
	bulkhead_irq_fn fn;

	irq_taken[irq_slot()]++;
	if (vector == IRQ_VECTOR_SPURIOUS)
		return; /* not in service: no EOI */
	fn = __atomic_load_n(&irq_handlers[vector].fn, __ATOMIC_ACQUIRE);
	if (fn != NULL)
		fn(vector, irq_handlers[vector].arg);
	else
		irq_unhandled(vector);
	bulkhead_wrmsr(X2APIC_EOI, 0);
}
