// SPDX-License-Identifier: Apache-2.0
/*
 * cpu_on_foreign: a CPU-isolation probe. It asks PSCI CPU_ON to start CPUs
 * that are not its own: the MPIDR one past its last CPU (its cpu count),
 * then MPIDRs 2 and 3, skipping any its Devicetree's /cpus does list. Each
 * must be refused; under Bulkhead with DENIED (-3) exactly. Then, if it has
 * a second CPU, it starts it (which must succeed), waits for it to run and
 * to turn itself off again (PSCI AFFINITY_INFO says OFF).
 *
 * Natively QEMU answers INVALID_PARAMETERS (-2) for a CPU the machine does
 * not have; that counts as refused there, since no hypervisor draws a line.
 *
 * Exit statuses: 0 every foreign CPU_ON refused and the own CPU (if any)
 * started and stopped; 1 a foreign CPU_ON was not refused (or that CPU
 * ran our code); 2 the own CPU failed to start, run or turn off in time.
 */
#include <stdatomic.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include <bulkhead/guest.h>

#define FOREIGN_WAIT_MS 2000

static atomic_uint foreign_ran;   /* a CPU that must never have started did */
static atomic_uint own_ran;       /* 1 + the cpu id our second CPU reported */

static void foreign_entry(void *arg)
{
	(void)arg;
	atomic_fetch_add(&foreign_ran, 1);
}

static void own_entry(void *arg)
{
	(void)arg;
	bulkhead_print("cpu_on_foreign: cpu %u running on its own stack; returning (CPU_OFF)\n",
		       bulkhead_cpu_id());
	atomic_store(&own_ran, 1 + bulkhead_cpu_id());
}

/* Whether /cpus lists this MPIDR (then it is ours, not foreign). */
static bool foreign_is_mine(uint64_t mpidr)
{
	for (unsigned int cpu = 0; cpu < bulkhead_cpu_count(); cpu++)
		if (bulkhead_cpu_mpidr(cpu) == mpidr)
			return true;
	return false;
}

/* One foreign CPU_ON; true if it was refused as it must be. */
static bool foreign_probe(uint64_t mpidr, const char *why)
{
	int status;
	bool refused;

	if (foreign_is_mine(mpidr)) {
		printf("cpu_on_foreign: mpidr 0x%llx is one of my cpus: not probed\n",
		       (unsigned long long)mpidr);
		return true;
	}
	status = bulkhead_cpu_start_mpidr(mpidr, foreign_entry, NULL);
	refused = bulkhead_present() ? status == BULKHEAD_PSCI_E_DENIED : status < 0;
	printf("cpu_on_foreign: CPU_ON mpidr 0x%llx (%s): %d %s: %s\n", (unsigned long long)mpidr,
	       why, status, bulkhead_psci_name(status), refused ? "refused, ok" : "NOT REFUSED");
	return refused;
}

static bool foreign_wait(atomic_uint *flag, uint64_t deadline)
{
	while (atomic_load(flag) == 0 && bulkhead_ticks() < deadline)
		bulkhead_cpu_relax();
	return atomic_load(flag) != 0;
}

/* Start CPU 1, see it run, see it off again. */
static bool foreign_own_cpu(void)
{
	uint64_t deadline = bulkhead_ticks() + bulkhead_ticks_per_second() * FOREIGN_WAIT_MS / 1000;
	int status = bulkhead_cpu_start(1, own_entry, NULL);
	long state = -1;

	printf("cpu_on_foreign: CPU_ON my cpu 1: %d %s\n", status, bulkhead_psci_name(status));
	if (status != BULKHEAD_PSCI_SUCCESS)
		return false;
	if (!foreign_wait(&own_ran, deadline)) {
		printf("cpu_on_foreign: cpu 1 never ran\n");
		return false;
	}
	/* AFFINITY_INFO: 0 on, 1 off, 2 on pending (ARM DEN 0022, 5.1.5). */
	while (bulkhead_ticks() < deadline) {
		state = bulkhead_psci_call(BULKHEAD_PSCI_AFFINITY_INFO, 1, 0, 0);
		if (state == 1)
			break;
		bulkhead_cpu_relax();
	}
	printf("cpu_on_foreign: cpu 1 reported cpu id %u and is %s (AFFINITY_INFO %ld)\n",
	       atomic_load(&own_ran) - 1, state == 1 ? "off again" : "NOT off", state);
	return state == 1 && atomic_load(&own_ran) == 2;
}

int main(void)
{
	unsigned int cpus = bulkhead_cpu_count();
	long version = bulkhead_psci_call(BULKHEAD_PSCI_VERSION, 0, 0, 0);
	bool foreign_ok = true, own_ok = true;

	printf("cpu_on_foreign: %u cpu%s in my Devicetree; PSCI version %ld.%ld\n", cpus,
	       cpus == 1 ? "" : "s", version >> 16, version & 0xffff);
	foreign_ok &= foreign_probe(cpus, "one past my last cpu");
	foreign_ok &= foreign_probe(2, "cpu 2");
	foreign_ok &= foreign_probe(3, "cpu 3");

	if (cpus >= 2)
		own_ok = foreign_own_cpu();
	else
		printf("cpu_on_foreign: one cpu: no own cpu to start\n");

	/* Give a wrongly started foreign CPU a moment to show itself. */
	foreign_wait(&foreign_ran, bulkhead_ticks() + bulkhead_ticks_per_second() / 10);
	if (atomic_load(&foreign_ran) != 0) {
		printf("cpu_on_foreign: a foreign cpu ran my code\n");
		foreign_ok = false;
	}
	printf("cpu_on_foreign: %s\n",
	       !foreign_ok ? "FAILED: a foreign CPU_ON was not refused"
	       : !own_ok   ? "FAILED: my own cpu 1 did not start, run and stop"
	       : cpus >= 2 ? "ok: every foreign CPU_ON refused; my own cpu 1 started and stopped"
			   : "ok: every foreign CPU_ON refused");
	return !foreign_ok ? 1 : !own_ok ? 2 : 0;
}
