// SPDX-License-Identifier: Apache-2.0
/*
 * sgi_probe: do software-generated interrupts (SGIs) reach exactly the
 * program's own CPUs? Two modes, chosen by the partition name:
 *
 * Probe mode (natively, and any partition whose name does not start with
 * "listen"):
 *   (a) with a second CPU: sends each of the 16 SGIs to it and checks that
 *       every one arrives there;
 *   (b) sends broad SGIs, SGI_PROBE_REPEAT times each, and checks which of
 *       its own CPUs receive them. GICv3 (ICC_SGI1R_EL1): TargetList 0xffff
 *       (all 16 Aff0 values: every own CPU, itself included); IRM = 1 (all
 *       but itself); TargetList 0xffff with Aff1, Aff2 or Aff3 = 1, and
 *       with RS = 1 (Aff0 16-31): none of its CPUs. GICv2 (GICD_SGIR):
 *       CPUTargetList 0xff (every own CPU) and the "all but me" filter.
 *       Under Bulkhead a vCPU's MPIDR is Aff0 = its index, so the same
 *       expectations hold natively and in a partition.
 * Listen mode (a partition named "listen..."): enables all 16 SGIs, checks
 *   with one SGI to itself that it can receive, then counts every other
 *   SGI that reaches it for SGI_LISTEN_MS and prints
 *       sgi_probe: received N SGIs
 *   Beside a probing partition under Bulkhead, N must be 0: the probe's
 *   broad SGIs name this partition's physical CPU too, and the hypervisor
 *   must not let them through.
 *
 * The probe sends its broad SGIs first, from SGI_PROBE_START_MS on its
 * counter (they take about 0.1 s), and the listener listens until
 * SGI_LISTEN_MS on its own; both counters start with their partitions, so
 * the listener hears the whole probe.
 *
 * Exit status: 0 as expected; 1 an SGI went where it must not (or, in listen
 * mode, any SGI arrived); 2 an SGI that should have arrived did not (or the
 * listener's self-test failed); 3 no GIC.
 */
#include <stdatomic.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <bulkhead/guest.h>
#include <bulkhead/irq.h>

#include "../common/wait.h"

#define SGI_COUNT          16
#define SGI_SELF_TEST      1   /* the listener's SGI to itself */
#define SGI_BROAD          9   /* the probe's broad SGIs */
#define SGI_PROBE_REPEAT   10
#define SGI_PROBE_START_MS 300
#define SGI_LISTEN_MS      2000
#define SGI_CPUS           BULKHEAD_CPU_MAX

static atomic_uint sgi_received[SGI_CPUS][SGI_COUNT];
static atomic_uint sgi_cpu1_ready, sgi_stop;

static void sgi_handler(unsigned int intid, void *arg)
{
	(void)arg;
	atomic_fetch_add(&sgi_received[bulkhead_cpu_id() % SGI_CPUS][intid % SGI_COUNT], 1);
}

/* Handlers for all 16 SGIs, enabled on the calling CPU. */
static int sgi_listen_here(void)
{
	for (unsigned int sgi = 0; sgi < SGI_COUNT; sgi++) {
		int err = bulkhead_irq_handler(sgi, sgi_handler, NULL);

		if (err == 0)
			err = bulkhead_intid_enable(sgi);
		if (err != 0)
			return err;
	}
	return 0;
}

static unsigned int sgi_count(unsigned int cpu, unsigned int sgi)
{
	return atomic_load(&sgi_received[cpu][sgi]);
}

static bool sgi_stop_requested(void *arg)
{
	(void)arg;
	return atomic_load(&sgi_stop) != 0;
}

/* CPU 1 in probe mode: receive until told to stop. */
static void sgi_cpu1(void *arg)
{
	(void)arg;
	if (sgi_listen_here() != 0) {
		bulkhead_print("sgi_probe: cpu 1 cannot use the GIC\n");
		return;
	}
	atomic_store(&sgi_cpu1_ready, 1);
	while (!app_wait_until(sgi_stop_requested, NULL, app_ms(5000)))
		;
	bulkhead_irq_disable();
}

struct sgi_wait {
	unsigned int cpu, sgi, count;
};

static bool sgi_arrived(void *arg)
{
	const struct sgi_wait *w = arg;

	return sgi_count(w->cpu, w->sgi) >= w->count;
}

/* (a): each SGI to CPU 1 once; true if all 16 arrived there. */
static bool sgi_probe_other_cpu(void)
{
	unsigned int got = 0;

	for (unsigned int sgi = 0; sgi < SGI_COUNT; sgi++) {
		struct sgi_wait w = { 1, sgi, sgi_count(1, sgi) + 1 };

		bulkhead_sgi_send(sgi, 1);
		if (app_wait_until(sgi_arrived, &w, app_ms(100)))
			got++;
	}
	printf("sgi_probe: (a) cpu 1 received %u of %u SGIs sent to it: %s\n", got, SGI_COUNT,
	       got == SGI_COUNT ? "ok" : "MISSING");
	return got == SGI_COUNT;
}

struct sgi_variant {
	const char *what;
	uint64_t value;       /* ICC_SGI1R_EL1 or GICD_SGIR, SGI_BROAD */
	bool to_self, to_others; /* which of our own CPUs must receive it */
	bool either;          /* or none of them: the architecture allows both */
};

#define V3_SGI(intid) ((uint64_t)(intid) << 24)
#define V3_AFF1(a)    ((uint64_t)(a) << 16)
#define V3_AFF2(a)    ((uint64_t)(a) << 32)
#define V3_AFF3(a)    ((uint64_t)(a) << 48)
#define V3_IRM        (1ull << 40)
#define V3_RS(r)      ((uint64_t)(r) << 44)

static const struct sgi_variant sgi_v3_variants[] = {
	{ "TargetList 0xffff (Aff0 0-15)", V3_SGI(SGI_BROAD) | 0xffff, true, true, false },
	{ "IRM = 1 (all but self)", V3_SGI(SGI_BROAD) | V3_IRM, false, true, false },
	{ "TargetList 0xffff, Aff1 = 1", V3_SGI(SGI_BROAD) | V3_AFF1(1) | 0xffff,
	  false, false, false },
	{ "TargetList 0xffff, Aff2 = 1", V3_SGI(SGI_BROAD) | V3_AFF2(1) | 0xffff,
	  false, false, false },
	{ "TargetList 0xffff, Aff3 = 1", V3_SGI(SGI_BROAD) | V3_AFF3(1) | 0xffff,
	  false, false, false },
	/* Without range selectors (ICC_CTLR_EL1.RSS = 0, as on QEMU's A53) RS
	 * is RES0: QEMU ignores it (Aff0 0-15 then), Bulkhead drops the
	 * request. Either is fine for our CPUs; no other may get it. */
	{ "TargetList 0xffff, RS = 1 (Aff0 16-31)", V3_SGI(SGI_BROAD) | V3_RS(1) | 0xffff,
	  false, false, true },
};

static const struct sgi_variant sgi_v2_variants[] = {
	{ "CPUTargetList 0xff", (0xffu << 16) | SGI_BROAD, true, true, false },
	{ "TargetListFilter 1 (all but self)", (1u << 24) | SGI_BROAD, false, true, false },
};

/* (b): every broad variant; true if our CPUs got exactly what they should. */
static bool sgi_probe_broad(void)
{
	const struct sgi_variant *variants = sgi_v3_variants;
	size_t count = sizeof(sgi_v3_variants) / sizeof(sgi_v3_variants[0]);
	unsigned int cpus = bulkhead_cpu_count() > 1 ? 2 : 1;
	bool ok = true;

	if (bulkhead_irq_gic_version() == 2) {
		variants = sgi_v2_variants;
		count = sizeof(sgi_v2_variants) / sizeof(sgi_v2_variants[0]);
	}
	for (size_t v = 0; v < count; v++) {
		unsigned int before[2] = { sgi_count(0, SGI_BROAD), sgi_count(1, SGI_BROAD) };
		bool want[2] = { variants[v].to_self, variants[v].to_others };
		unsigned int got[2];
		bool good = true;

		for (unsigned int i = 0; i < SGI_PROBE_REPEAT; i++) {
			/* One at a time: an SGI sent again while the last one is
			 * still pending at a CPU merges with it. Wait for it at
			 * each CPU that should get it (50 ms at most); with none,
			 * give a wrong delivery 2 ms to show. Where either is
			 * right, the first one decides what to expect. */
			unsigned int next[2] = { sgi_count(0, SGI_BROAD) + 1,
						 sgi_count(1, SGI_BROAD) + 1 };
			bool any = false;

			bulkhead_sgi_send_raw(variants[v].value);
			for (unsigned int cpu = 0; cpu < cpus; cpu++) {
				struct sgi_wait w = { cpu, SGI_BROAD, next[cpu] };

				if (variants[v].either && i == 0)
					want[cpu] = app_wait_until(sgi_arrived, &w, app_ms(50));
				else if (want[cpu])
					app_wait_until(sgi_arrived, &w, app_ms(50));
				any |= want[cpu];
			}
			for (uint64_t until = bulkhead_ticks() + app_ms(2); !any &&
			     bulkhead_ticks() < until;)
				bulkhead_cpu_relax();
		}
		/* Anything still on its way arrives within 20 ms. */
		for (uint64_t until = bulkhead_ticks() + app_ms(20); bulkhead_ticks() < until;)
			bulkhead_cpu_relax();
		printf("sgi_probe: (b) %-40s", variants[v].what);
		for (unsigned int cpu = 0; cpu < cpus; cpu++) {
			got[cpu] = sgi_count(cpu, SGI_BROAD) - before[cpu];
			if (variants[v].either)
				printf(" cpu%u %2u/0 or %u", cpu, got[cpu], SGI_PROBE_REPEAT);
			else
				printf(" cpu%u %2u/%u", cpu, got[cpu], want[cpu] ? SGI_PROBE_REPEAT : 0);
			if (got[cpu] != (want[cpu] ? SGI_PROBE_REPEAT : 0u))
				good = false;
		}
		if (variants[v].either && cpus > 1 && want[0] != want[1])
			good = false; /* the same rule must hold for every CPU */
		printf(": %s\n", good ? "ok" : "WRONG");
		ok &= good;
	}
	return ok;
}

static int sgi_probe(void)
{
	bool other_ok = true, broad_ok;

	if (sgi_listen_here() != 0) {
		printf("sgi_probe: no usable GIC in the Devicetree\n");
		return 3;
	}
	bulkhead_irq_enable();
	printf("sgi_probe: probe mode, GICv%d, %u cpu(s), %s\n", bulkhead_irq_gic_version(),
	       bulkhead_cpu_count(), bulkhead_present() ? "under Bulkhead" : "native");
	if (bulkhead_cpu_count() > 1) {
		int err = bulkhead_cpu_start(1, sgi_cpu1, NULL);

		for (uint64_t until = bulkhead_ticks() + app_ms(1000);
		     err == 0 && !atomic_load(&sgi_cpu1_ready) && bulkhead_ticks() < until;)
			bulkhead_cpu_relax();
		if (err != 0 || !atomic_load(&sgi_cpu1_ready)) {
			printf("sgi_probe: cpu 1 did not start (%s)\n", bulkhead_psci_name(err));
			return 2;
		}
	}
	/* Let a listening partition get ready first. */
	while (bulkhead_ticks() < app_ms(SGI_PROBE_START_MS))
		bulkhead_cpu_relax();
	broad_ok = sgi_probe_broad();
	if (bulkhead_cpu_count() > 1)
		other_ok = sgi_probe_other_cpu();

	atomic_store(&sgi_stop, 1);
	if (bulkhead_cpu_count() > 1)
		bulkhead_sgi_send(0, 1); /* wake it to see the stop */
	for (unsigned int sgi = 0; sgi < SGI_COUNT; sgi++)
		bulkhead_intid_disable(sgi);
	if (!other_ok)
		return 2;
	if (!broad_ok)
		return 1;
	printf("sgi_probe: every SGI reached exactly the CPUs it named: ok\n");
	return 0;
}

static bool sgi_self_test_arrived(void *arg)
{
	(void)arg;
	return sgi_count(0, SGI_SELF_TEST) > 0;
}

static bool sgi_never(void *arg)
{
	(void)arg;
	return false;
}

static int sgi_listen(const char *name)
{
	unsigned int total = 0;

	if (sgi_listen_here() != 0) {
		printf("sgi_probe: no usable GIC in the Devicetree\n");
		return 3;
	}
	printf("sgi_probe: listen mode (partition \"%s\"), GICv%d\n", name,
	       bulkhead_irq_gic_version());
	bulkhead_sgi_send(SGI_SELF_TEST, 0);
	if (!app_wait_until(sgi_self_test_arrived, NULL, app_ms(100))) {
		printf("sgi_probe: my own SGI %u did not arrive: cannot listen\n", SGI_SELF_TEST);
		return 2;
	}
	printf("sgi_probe: self-test SGI %u arrived; listening until %u ms\n", SGI_SELF_TEST,
	       SGI_LISTEN_MS);
	while (bulkhead_ticks() < app_ms(SGI_LISTEN_MS))
		app_wait_until(sgi_never, NULL, app_ms(SGI_LISTEN_MS) - bulkhead_ticks());
	bulkhead_irq_disable();

	for (unsigned int sgi = 0; sgi < SGI_COUNT; sgi++) {
		unsigned int n = sgi_count(0, sgi) - (sgi == SGI_SELF_TEST ? 1 : 0);

		if (n != 0)
			printf("sgi_probe: SGI %u arrived %u times\n", sgi, n);
		total += n;
	}
	printf("sgi_probe: received %u SGIs\n", total);
	return total == 0 ? 0 : 1;
}

int main(void)
{
	struct bulkhead_partition_info info;

	if (bulkhead_partition_info(&info) == BULKHEAD_OK &&
	    strncmp(info.name, "listen", strlen("listen")) == 0)
		return sgi_listen(info.name);
	return sgi_probe();
}
