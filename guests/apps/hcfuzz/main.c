// SPDX-License-Identifier: Apache-2.0
/*
 * hcfuzz: random hypercalls and PSCI calls, HCFUZZ_CALLS of them, beside a
 * victim (issue 12, item 5). The hypervisor must stay up, answer every call
 * and leave the victim alone.
 *
 * Seeded xorshift64* (the seed is printed; HCFUZZ_SEED). Function ids are
 * biased to the valid ones, ids next to them (the same owner, the other
 * calling convention, bits above 31) and edges; each of the five arguments
 * to 0, -1, small numbers, page boundaries, the ends of the IPA space, the
 * victim's and the hypervisor's physical RAM, odd (unaligned) addresses,
 * random values, this partition's own scratch buffer, and its channels.
 * Calls go by HVC, one in eight by SMC (trapped by HCR_EL2.TSC).
 *
 * Left out of the mix, because they legitimately end or reset this
 * partition (docs/architecture.md, "PSCI for partitions"), so they are not
 * a robustness finding: PARTITION_EXIT and PSCI CPU_OFF, SYSTEM_OFF and
 * SYSTEM_RESET, by any id whose low 32 bits name them (SMCCC passes the id
 * in W0). The partition has one CPU, so CPU_ON can never start a vCPU at a
 * random entry point. A PARTITION_INFO buffer that would overwrite its own
 * image, stack or heap, or its journal's header, is moved into its scratch
 * buffer (spare_self()): the hypervisor rightly writes there, and the
 * fuzzer would only be shooting itself. Any PARTITION_INFO accepted outside
 * its own RAM and writable channel (e.g. into the read-only pulse channel)
 * is an anomaly.
 *
 * Checks on the way (anomalies): VERSION answers 1; an id that is neither
 * a Bulkhead nor a PSCI/SMCCC call answers NOT_SUPPORTED; a buffer outside
 * its writable memory is never accepted for PARTITION_INFO. At the end:
 *
 *   hcfuzz: results ok A not_supported B invalid C denied D psci_other E smc G
 *   hcfuzz: done calls N seed 0x.. elapsed_ms T anomalies F victim_beats H
 */
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <bulkhead/guest.h>

#include "../common/isolation.h"
#include "../common/smc.h"

#define HCFUZZ_CALLS    1000000ul
#define HCFUZZ_SEED     0x9e3779b97f4a7c15ull
#define HCFUZZ_PROGRESS 100000ul

#define VICTIM_PA   0x48000000ull /* hcfuzz.toml: the victim's memory.base */
#define VICTIM_SIZE 0x2000000ull
/* The hypervisor's reserved RAM is PA 0x40000000-0x41ffffff (board.toml); as
 * IPAs, its first half is this partition's own 16 MiB, so only the second
 * half is foreign here. */
#define HYP_RAM     0x41000000ull

static uint64_t rng_state;

static uint64_t rng(void)
{
	/* xorshift64* (Vigna 2016) */
	rng_state ^= rng_state >> 12;
	rng_state ^= rng_state << 25;
	rng_state ^= rng_state >> 27;
	return rng_state * 0x2545f4914f6cdd1dull;
}

static bool is_psci_routed(uint64_t id)
{
	uint32_t folded = (uint32_t)id & ~0x40000000u;

	return (id >> 24) != 0xc6 && ((folded & 0xffffff00u) == 0x84000000u || folded == 0x80000000u);
}

/* The calls that end this partition (see the header). */
static bool ends_partition(uint64_t id)
{
	uint32_t folded = (uint32_t)id & ~0x40000000u;

	if ((uint32_t)id == BULKHEAD_HC_PARTITION_EXIT)
		return true;
	return is_psci_routed(id) &&
	       (folded == 0x84000002u || folded == 0x84000008u || folded == 0x84000009u);
}

static bool is_known(uint64_t id)
{
	if (id >= BULKHEAD_HC_VERSION && id <= BULKHEAD_HC_CHANNEL_NOTIFY)
		return true;
	/* PSCI ids the hypervisor answers (or rejects with its own codes). */
	return is_psci_routed(id);
}

static uint64_t pick_id(void)
{
	static const uint64_t bulkhead[] = { BULKHEAD_HC_VERSION, BULKHEAD_HC_CONSOLE_WRITE,
					     BULKHEAD_HC_PARTITION_INFO, BULKHEAD_HC_CHANNEL_NOTIFY };
	static const uint64_t psci[] = { 0x84000000, 0xc4000003, 0x84000003, 0xc4000004,
					 0x84000004, 0x8400000a, 0x80000000, 0x84000001,
					 0xc4000012, 0x84000006 };
	uint64_t r = rng();

	switch (r % 16) {
	case 0: case 1: case 2: case 3: case 4: case 5:
		return bulkhead[(r >> 8) % 4];
	case 6: case 7: case 8:
		return psci[(r >> 8) % 10];
	case 9:
		return 0xc6000000u | ((r >> 8) & 0xffff);
	case 10:
		return 0x86000000u | ((r >> 8) & 0xff);
	case 11:
		return ((r >> 8) & 1 ? 0xc4000000u : 0x84000000u) | ((r >> 16) & 0x1ff);
	case 12: case 13:
		return (uint32_t)(r >> 16);
	case 14:
		return (r & 0xffffffff00000000ull) | bulkhead[(r >> 8) % 4];
	default: {
		static const uint64_t edges[] = { 0, UINT64_MAX, 0xffffffff, 0x80000000, 0x7fffffff,
						  0xc6ffffff, 0x1c6000000ull };
		return edges[(r >> 8) % 7];
	}
	}
}

struct fuzz_space {
	uint64_t ram_base, ram_end;
	uintptr_t scratch, journal, pulse;
	size_t scratch_size;
};

static uint64_t pick_arg(const struct fuzz_space *s)
{
	uint64_t r = rng(), k = r >> 8;

	switch (r % 13) {
	case 0: return 0;
	case 1: return UINT64_MAX;
	case 2: return k % 64;
	case 3: {   /* page boundaries, each side, of what surrounds this partition */
		static const uint64_t around[] = { VICTIM_PA, VICTIM_PA + VICTIM_SIZE, HYP_RAM,
						   0x42000000 };
		uint64_t off = (k >> 4) % 2 * 0x1000 + ((k & 16) ? 0 : (k >> 6) % 32);

		if (k & 8)   /* this partition's own RAM, from outside: below it, past it */
			return (k & 32) ? s->ram_base - off - 1 : s->ram_end + off;
		return around[k % 4] + off - 0x1000;
	}
	case 4: {
		static const uint64_t ends[] = { 0xffffffff, 0x100000000ull, 0xfffffffffull,
						 0xffffffffffffull, 0xfffffffffffff000ull,
						 0x8000000000000000ull };
		return ends[k % 6] - (k >> 8) % 16;
	}
	case 5: return VICTIM_PA + k % VICTIM_SIZE;
	case 6: return HYP_RAM + k % 0x1000000;      /* as IPAs: past its own RAM */
	case 7: return s->scratch + k % s->scratch_size;       /* valid, often unaligned */
	case 8: return (k << 1) | 1;                            /* odd */
	case 9: return rng();
	case 10: return s->ram_end - 1 - k % 128;
	case 11: return (k & 1) ? s->pulse + (k >> 1) % 4096 : s->journal + 2048 + (k >> 1) % 2048;
	default: return (1ull << (k % 64)) + ((k >> 6) % 3) - 1; /* powers of two and neighbours */
	}
}

/* Where the hypervisor may accept a PARTITION_INFO buffer: its own RAM and
 * its writable channel end. */
static bool writable(const struct fuzz_space *s, uint64_t a, uint64_t len)
{
	return (a >= s->ram_base && a < s->ram_end && len <= s->ram_end - a) ||
	       (a >= s->journal && a < s->journal + 4096 && len <= s->journal + 4096 - a);
}

/* A PARTITION_INFO into its own image, stack or heap, or over its journal's
 * header, would be the fuzzer shooting itself: such buffers are moved into
 * the scratch buffer (the Devicetree page, the top of RAM and the journal's
 * upper half stay fair game). */
static uint64_t spare_self(const struct fuzz_space *s, uint64_t a)
{
	bool image = a + 64 > s->ram_base + 0x10000 && a < s->ram_end - 4096;
	bool header = a + 64 > s->journal && a < s->journal + 2048;

	return image || header ? s->scratch + (a & 0xfff) : a;
}

static char scratch[64 * 1024];

int main(void)
{
	struct bulkhead_channel journal_ch, pulse_ch;
	struct isolation_journal *journal;
	const struct isolation_pulse *pulse;
	struct fuzz_space s;
	uint64_t hz = bulkhead_ticks_per_second(), t0, beats0, ram_size;
	unsigned long ok = 0, not_supported = 0, invalid = 0, denied = 0, psci_other = 0;
	unsigned long anomalies = 0, smc = 0;

	if (bulkhead_channel_find("journal", &journal_ch) != 0 || !journal_ch.writable ||
	    bulkhead_channel_find("pulse", &pulse_ch) != 0) {
		printf("hcfuzz: needs a written \"journal\" and a read \"pulse\" channel\n");
		return 2;
	}
	journal = journal_ch.base;
	pulse = pulse_ch.base;
	memset(journal, 0, sizeof(*journal));
	journal->magic = ISOLATION_JOURNAL_MAGIC;
	bulkhead_ram_range(&s.ram_base, &ram_size);
	s.ram_end = s.ram_base + ram_size;
	s.scratch = (uintptr_t)scratch;
	s.scratch_size = sizeof(scratch);
	s.journal = (uintptr_t)journal_ch.base;
	s.pulse = (uintptr_t)pulse_ch.base;
	/* What a CONSOLE_WRITE of the scratch buffer prints: text, no newlines
	 * (the hypervisor cuts its lines at its own width). */
	for (size_t i = 0; i < sizeof(scratch); i++)
		scratch[i] = "hcfuzz-console-bytes "[i % 21];
	while (pulse->magic != ISOLATION_PULSE_MAGIC)
		bulkhead_cpu_relax();
	rng_state = HCFUZZ_SEED;
	printf("hcfuzz: %lu calls, seed 0x%llx\n", HCFUZZ_CALLS, (unsigned long long)HCFUZZ_SEED);
	fflush(stdout);
	t0 = bulkhead_ticks();
	beats0 = pulse->heartbeats;
	for (unsigned long n = 1; n <= HCFUZZ_CALLS; n++) {
		uint64_t id, a[5];
		bool by_smc = (rng() & 7) == 0;
		int64_t r;

		do
			id = pick_id();
		while (ends_partition(id));
		for (int i = 0; i < 5; i++)
			a[i] = pick_arg(&s);
		if (id == BULKHEAD_HC_PARTITION_INFO)
			a[0] = spare_self(&s, a[0]);
		if (by_smc) {
			r = app_smc(id, a[0], a[1], a[2], a[3], a[4]);
			smc++;
		} else {
			r = bulkhead_hvc(id, a[0], a[1], a[2], a[3], a[4]);
		}
		if (r >= 0)
			ok++;
		else if (r == BULKHEAD_E_NOT_SUPPORTED)
			not_supported++;
		else if (r == BULKHEAD_E_INVALID)
			invalid++;
		else if (r == BULKHEAD_E_DENIED)
			denied++;
		else
			psci_other++;
		/* The checks. */
		if ((id == BULKHEAD_HC_VERSION && r != BULKHEAD_ABI_VERSION) ||
		    (!is_known(id) && r != BULKHEAD_E_NOT_SUPPORTED) ||
		    (id == BULKHEAD_HC_PARTITION_INFO && r == 0 &&
		     !writable(&s, a[0], sizeof(struct bulkhead_partition_info)))) {
			if (anomalies++ < 10)
				printf("hcfuzz: anomaly: call %lu id 0x%llx (0x%llx, 0x%llx) answered %lld\n",
				       n, (unsigned long long)id, (unsigned long long)a[0],
				       (unsigned long long)a[1], (long long)r);
		}
		if (n % HCFUZZ_PROGRESS == 0) {
			printf("\nhcfuzz: %lu calls, %llu ms\n", n,
			       (unsigned long long)((bulkhead_ticks() - t0) * 1000 / hz));
			fflush(stdout);
		}
	}
	/* Two lines: the hypervisor splits a line at 160 characters. */
	printf("\nhcfuzz: results ok %lu not_supported %lu invalid %lu denied %lu psci_other %lu "
	       "smc %lu\n", ok, not_supported, invalid, denied, psci_other, smc);
	printf("hcfuzz: done calls %lu seed 0x%llx elapsed_ms %llu anomalies %lu victim_beats %llu\n",
	       HCFUZZ_CALLS, (unsigned long long)HCFUZZ_SEED,
	       (unsigned long long)((bulkhead_ticks() - t0) * 1000 / hz), anomalies,
	       (unsigned long long)(pulse->heartbeats - beats0));
	fflush(stdout);
	journal->done = 1;
	return anomalies == 0 ? 0 : 1;
}
