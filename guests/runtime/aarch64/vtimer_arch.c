// SPDX-License-Identifier: Apache-2.0
/*
 * Ticks from the EL1 virtual timer (ARM DDI 0487, D11.2 "The Generic
 * Timer"): CNTV_CVAL_EL0 holds the next deadline on the virtual counter
 * (CNTVCT_EL0, what bulkhead_ticks() reads), CNTV_CTL_EL0 enables it, and
 * while the counter is at or past the deadline the timer's level-sensitive
 * PPI (INTID 27 on QEMU virt and in every Bulkhead partition) is asserted.
 * The handler moves the deadline one period on, which deasserts it before
 * the end of interrupt, so a periodic timer never drifts: each deadline is
 * exactly a period after the last one, whatever the interrupt's latency.
 *
 * Under Bulkhead the virtual counter of a partition counts from its start
 * (the hypervisor's CNTVOFF_EL2) and the timer's interrupt is the
 * partition's own PPI, forwarded to it through a hardware list register.
 *
 * Each CPU has its own timer; the state below is per CPU slot.
 */
#include <libfdt.h>

#include <bulkhead/irq.h>

#include "../arch.h"
#include "../runtime.h"

#define CNTV_CTL_ENABLE (1u << 0)
#define CNTV_CTL_IMASK  (1u << 1)

/* The Devicetree's timer node lists the secure physical, non-secure
 * physical, virtual and hypervisor timers' PPIs, in that order. */
#define VTIMER_DT_INDEX   2
#define VTIMER_INTID_QEMU 27

struct vtimer {
	uint64_t period;   /* counter ticks between deadlines; 0 one-shot */
	uint64_t deadline; /* the one programmed */
	void (*tick)(void *arg);
	void *arg;
	bool running;
	bool intid_enabled; /* its PPI enabled on this CPU since the CPU's start */
};

static struct vtimer vtimers[RUNTIME_CPU_MAX];
static unsigned int vtimer_intid_cached;

static struct vtimer *vtimer_here(void)
{
	return &vtimers[cpu_arch_slot() % RUNTIME_CPU_MAX];
}

static void vtimer_program(uint64_t deadline, uint32_t ctl)
{
	__asm__ volatile("msr cntv_cval_el0, %0\n\t"
			 "msr cntv_ctl_el0, %1\n\t"
			 "isb"
			 : : "r"(deadline), "r"((uint64_t)ctl) : "memory");
}

unsigned int bulkhead_timer_intid(void)
{
	const void *fdt = runtime.fdt;
	unsigned int intid = __atomic_load_n(&vtimer_intid_cached, __ATOMIC_RELAXED);
	int node, len;
	const fdt32_t *cells;

	if (intid != 0)
		return intid;
	intid = VTIMER_INTID_QEMU;
	node = fdt_node_offset_by_compatible(fdt, -1, "arm,armv8-timer");
	cells = node >= 0 ? fdt_getprop(fdt, node, "interrupts", &len) : NULL;
	/* Three cells each: type (1 = PPI), number, flags. */
	if (cells != NULL && len >= (int)((VTIMER_DT_INDEX + 1) * 3 * sizeof(*cells)) &&
	    fdt32_ld(&cells[VTIMER_DT_INDEX * 3]) == 1 &&
	    fdt32_ld(&cells[VTIMER_DT_INDEX * 3 + 1]) < 16)
		intid = 16 + fdt32_ld(&cells[VTIMER_DT_INDEX * 3 + 1]);
	__atomic_store_n(&vtimer_intid_cached, intid, __ATOMIC_RELAXED);
	return intid;
}

/* The interrupt of this CPU's timer. */
static void vtimer_irq(unsigned int intid, void *unused)
{
	struct vtimer *t = vtimer_here();

	(void)intid;
	(void)unused;
	if (!t->running) {
		vtimer_program(0, CNTV_CTL_IMASK); /* a stale one: silence it */
		return;
	}
	if (t->period != 0) {
		t->deadline += t->period;
		vtimer_program(t->deadline, CNTV_CTL_ENABLE);
	} else {
		t->running = false;
		vtimer_program(0, CNTV_CTL_IMASK);
	}
	if (t->tick != NULL)
		t->tick(t->arg);
}

static int vtimer_arm(uint64_t deadline, uint64_t period, void (*tick)(void *), void *arg)
{
	unsigned int intid = bulkhead_timer_intid();
	struct vtimer *t = vtimer_here();
	int err = bulkhead_irq_handler(intid, vtimer_irq, NULL);

	if (err != 0)
		return err;
	/* Level-sensitive, as the Devicetree says (flags 4); not changed. */
	vtimer_program(0, CNTV_CTL_IMASK);
	t->running = false;
	t->period = period;
	t->deadline = deadline;
	t->tick = tick;
	t->arg = arg;
	t->running = true;
	if (!t->intid_enabled) {
		/* Once per CPU start: under Bulkhead every redistributor access traps. */
		err = bulkhead_intid_enable(intid);
		if (err != 0)
			return err;
		t->intid_enabled = true;
	}
	vtimer_program(deadline, CNTV_CTL_ENABLE);
	return 0;
}

int bulkhead_timer_start(uint32_t hz, void (*tick)(void *arg), void *arg)
{
	uint64_t freq = timer_arch_frequency();

	if (hz == 0 || hz > freq)
		return BULKHEAD_IRQ_E_INVALID;
	return vtimer_arm(timer_arch_ticks() + freq / hz, freq / hz, tick, arg);
}

int bulkhead_timer_oneshot(uint64_t deadline, void (*tick)(void *arg), void *arg)
{
	return vtimer_arm(deadline, 0, tick, arg);
}

void bulkhead_timer_stop(void)
{
	struct vtimer *t = vtimer_here();

	vtimer_program(0, CNTV_CTL_IMASK);
	t->running = false;
}

/* A CPU starts in this slot (irq_arch_cpu_reset()): its timer PPI is off. */
void vtimer_arch_cpu_reset(void)
{
	struct vtimer *t = vtimer_here();

	t->running = false;
	t->intid_enabled = false;
}
