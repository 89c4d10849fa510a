// SPDX-License-Identifier: Apache-2.0
/*
 * Several CPUs: starting them with PSCI CPU_ON, knowing which one is
 * running, and turning them off when their function returns.
 *
 * Each running CPU owns a slot (layout.h): slot 0 is the CPU that booted,
 * slots 1..RUNTIME_CPU_MAX-1 are handed out by bulkhead_cpu_start_mpidr()
 * with a compare-and-swap, each with its own stack (cpu_stacks in start.S)
 * and exception stack (vectors.S). The slot number is the CPU_ON context id:
 * the new CPU finds its stack from that number alone, before its MMU is on,
 * and puts it in its slot register (TPIDR_EL1) for bulkhead_cpu_id(). Once
 * its MMU is on it reads the function and argument from the slot, runs
 * them, and cpu_arch_off() frees the slot and calls CPU_OFF.
 *
 * Ordering: the starter fills the slot, then a full barrier, then CPU_ON;
 * the new CPU reads the slot with cacheable loads (coherent with the
 * starter's) only after its MMU is on.
 */
#include <bulkhead/guest.h>

#include "arch.h"
#include "runtime.h"

#define SMP_SLOT_FREE    0u /* cpu_arch_off() stores 0 */
#define SMP_SLOT_TAKEN   1u

struct smp_slot {
	uint32_t state;         /* SMP_SLOT_*, atomically */
	unsigned int cpu;       /* what bulkhead_cpu_id() answers on it */
	void (*fn)(void *);
	void *arg;
};

static struct smp_slot smp_slots[RUNTIME_CPU_MAX];

/* Set (for good) just before the first CPU_ON. */
static bool smp_started;

/* The position of an MPIDR in /cpus, or its Aff0 when /cpus does not list it. */
static unsigned int smp_cpu_of_mpidr(uint64_t mpidr)
{
	for (unsigned int i = 0; i < runtime.cpu_count; i++)
		if (runtime.cpu_mpidr[i] == mpidr)
			return i;
	return (unsigned int)(mpidr & 0xff);
}

void smp_init(void)
{
	smp_slots[0] = (struct smp_slot){
		.state = SMP_SLOT_TAKEN,
		.cpu = smp_cpu_of_mpidr(cpu_arch_mpidr()),
	};
}

bool smp_active(void)
{
	return __atomic_load_n(&smp_started, __ATOMIC_ACQUIRE);
}

/* Entered from cpu_arch_secondary_entry (start.S) on the slot's stack, MMU on. */
noreturn void smp_secondary_main(uint64_t slot_number)
{
	struct smp_slot *slot = &smp_slots[slot_number];

	if (__atomic_load_n(&slot->state, __ATOMIC_ACQUIRE) == SMP_SLOT_TAKEN && slot->fn != NULL)
		slot->fn(slot->arg);
	cpu_arch_off(&slot->state, runtime.psci == RUNTIME_PSCI_SMC);
}

long bulkhead_psci_call(uint32_t fid, uint64_t a1, uint64_t a2, uint64_t a3)
{
	if (runtime.psci == RUNTIME_PSCI_NONE)
		return BULKHEAD_PSCI_E_NOT_SUPPORTED;
	return psci_arch_call(runtime.psci == RUNTIME_PSCI_SMC, fid, a1, a2, a3);
}

int bulkhead_cpu_start_mpidr(uint64_t mpidr, void (*fn)(void *), void *arg)
{
	struct smp_slot *slot = NULL;
	long status;

	if (runtime.psci == RUNTIME_PSCI_NONE)
		return BULKHEAD_PSCI_E_NOT_SUPPORTED;
	if (fn == NULL)
		return BULKHEAD_PSCI_E_INVALID_PARAMS;
	for (unsigned int i = 1; i < RUNTIME_CPU_MAX && slot == NULL; i++) {
		uint32_t expected = SMP_SLOT_FREE;

		if (__atomic_compare_exchange_n(&smp_slots[i].state, &expected, SMP_SLOT_TAKEN, false,
						__ATOMIC_ACQUIRE, __ATOMIC_RELAXED))
			slot = &smp_slots[i];
	}
	if (slot == NULL)
		return BULKHEAD_PSCI_E_INTERNAL_FAILURE;
	slot->cpu = smp_cpu_of_mpidr(mpidr);
	slot->fn = fn;
	slot->arg = arg;
	/* From here on the console locks; then everything above is visible. */
	__atomic_store_n(&smp_started, true, __ATOMIC_RELEASE);
	__atomic_thread_fence(__ATOMIC_SEQ_CST);

	status = bulkhead_psci_call(BULKHEAD_PSCI_CPU_ON, mpidr,
				    (uintptr_t)cpu_arch_secondary_entry,
				    (uint64_t)(slot - smp_slots));
	if (status != BULKHEAD_PSCI_SUCCESS)
		__atomic_store_n(&slot->state, SMP_SLOT_FREE, __ATOMIC_RELEASE);
	return (int)status;
}

int bulkhead_cpu_start(unsigned int cpu, void (*fn)(void *), void *arg)
{
	if (cpu >= runtime.cpu_count)
		return BULKHEAD_PSCI_E_INVALID_PARAMS;
	return bulkhead_cpu_start_mpidr(runtime.cpu_mpidr[cpu], fn, arg);
}

unsigned int bulkhead_cpu_count(void)
{
	return runtime.cpu_count;
}

uint64_t bulkhead_cpu_mpidr(unsigned int cpu)
{
	return cpu < runtime.cpu_count ? runtime.cpu_mpidr[cpu] : UINT64_MAX;
}

unsigned int bulkhead_cpu_id(void)
{
	return smp_slots[cpu_arch_slot() % RUNTIME_CPU_MAX].cpu;
}

void bulkhead_cpu_relax(void)
{
	cpu_arch_relax();
}

const char *bulkhead_psci_name(long code)
{
	static const char *const names[] = {
		"SUCCESS", "NOT_SUPPORTED", "INVALID_PARAMETERS", "DENIED", "ALREADY_ON",
		"ON_PENDING", "INTERNAL_FAILURE", "NOT_PRESENT", "DISABLED", "INVALID_ADDRESS",
	};

	return code <= 0 && code > -(long)(sizeof(names) / sizeof(names[0])) ? names[-code] : "?";
}
