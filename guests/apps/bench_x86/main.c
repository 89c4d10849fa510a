// SPDX-License-Identifier: Apache-2.0
/*
 * bench_x86: the x86-64 figures of issue 5, measured on the time stamp
 * counter, which under Bochs counts instructions (deterministically), and
 * printed like the `bench` app's, one per line:
 *
 *     bench: <name> <value> <unit>
 *
 *   null_hypercall         BULKHEAD_HC_VERSION round trip: the TSC across
 *                          one VMCALL (guest and hypervisor instructions,
 *                          the exit and the entry), minus the same reading
 *                          with nothing between.
 *   cpuid_exit             the same across one CPUID (which always exits).
 *   exits_per_million      VM exits per 10^6 guest instructions in a
 *                          compute loop: the loop runs in chunks of 10^4
 *                          instructions; a chunk whose TSC delta exceeds the
 *                          fastest chunk's by more than BENCH_EXIT_SLACK had
 *                          an exit (the hypervisor's instructions count too).
 *
 * Each figure is the median of BENCH_REPEAT samples. On other architectures
 * (and natively) it prints n/a and exits 0.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include <bulkhead/guest.h>

#define BENCH_REPEAT 31
#define BENCH_CHUNKS 100
#define BENCH_CHUNK_ITERS 5000 /* 2 instructions each: 10^4 a chunk */
#define BENCH_EXIT_SLACK 40

#if defined(__x86_64__)
static int cmp(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;

	return x < y ? -1 : x > y;
}

static uint64_t median(uint64_t *v, int n)
{
	qsort(v, (size_t)n, sizeof(*v), cmp);
	return v[n / 2];
}

/* TSC delta across: nothing, one VMCALL, one CPUID. */
static uint64_t across_nothing(void)
{
	uint32_t lo0, hi0, lo1, hi1;

	__asm__ volatile("rdtsc\n\tmov %%eax, %0\n\tmov %%edx, %1\n\t"
			 "mov $0xC6000000, %%eax\n\t"
			 "rdtsc"
			 : "=&r"(lo0), "=&r"(hi0), "=a"(lo1), "=d"(hi1) : : "memory");
	return ((uint64_t)hi1 << 32 | lo1) - ((uint64_t)hi0 << 32 | lo0);
}

static uint64_t across_vmcall(void)
{
	uint32_t lo0, hi0, lo1, hi1;

	__asm__ volatile("rdtsc\n\tmov %%eax, %0\n\tmov %%edx, %1\n\t"
			 "mov $0xC6000000, %%eax\n\tvmcall\n\t"
			 "rdtsc"
			 : "=&r"(lo0), "=&r"(hi0), "=a"(lo1), "=d"(hi1)
			 : : "rdi", "rsi", "rcx", "r8", "memory");
	return ((uint64_t)hi1 << 32 | lo1) - ((uint64_t)hi0 << 32 | lo0);
}

static uint64_t across_cpuid(void)
{
	uint32_t lo0, hi0, lo1, hi1;

	__asm__ volatile("rdtsc\n\tmov %%eax, %0\n\tmov %%edx, %1\n\t"
			 "xor %%eax, %%eax\n\txor %%ecx, %%ecx\n\tcpuid\n\t"
			 "rdtsc"
			 : "=&r"(lo0), "=&r"(hi0), "=a"(lo1), "=d"(hi1) : : "rbx", "rcx", "memory");
	return ((uint64_t)hi1 << 32 | lo1) - ((uint64_t)hi0 << 32 | lo0);
}

static uint64_t chunk(void)
{
	uint32_t lo0, hi0, lo1, hi1;
	uint64_t n = BENCH_CHUNK_ITERS;

	__asm__ volatile("rdtsc\n\tmov %%eax, %0\n\tmov %%edx, %1\n\t"
			 "1: dec %4\n\tjnz 1b\n\t"
			 "rdtsc"
			 : "=&r"(lo0), "=&r"(hi0), "=a"(lo1), "=d"(hi1), "+r"(n) : : "memory");
	return ((uint64_t)hi1 << 32 | lo1) - ((uint64_t)hi0 << 32 | lo0);
}

static uint64_t sample(uint64_t (*probe)(void))
{
	uint64_t v[BENCH_REPEAT];

	for (int i = 0; i < BENCH_REPEAT; i++)
		v[i] = probe();
	return median(v, BENCH_REPEAT);
}

int main(void)
{
	static uint64_t chunks[BENCH_CHUNKS];
	uint64_t fastest = UINT64_MAX, base;
	unsigned exits = 0;

	if (!bulkhead_present()) {
		printf("bench: null_hypercall n/a instructions\n");
		printf("bench: exits_per_million n/a exits\n");
		return 0;
	}
	base = sample(across_nothing);
	printf("bench-info: x86-64 under Bulkhead; TSC deltas, %d samples, reading cost %llu\n",
	       BENCH_REPEAT, (unsigned long long)base);
	printf("bench: null_hypercall %llu instructions\n",
	       (unsigned long long)(sample(across_vmcall) - base));
	printf("bench: cpuid_exit %llu instructions\n",
	       (unsigned long long)(sample(across_cpuid) - base));
	for (int i = 0; i < BENCH_CHUNKS; i++) {
		chunks[i] = chunk();
		fastest = chunks[i] < fastest ? chunks[i] : fastest;
	}
	for (int i = 0; i < BENCH_CHUNKS; i++)
		exits += chunks[i] > fastest + BENCH_EXIT_SLACK;
	printf("bench-info: compute loop: %d chunks of %d instructions, fastest %llu TSC ticks\n",
	       BENCH_CHUNKS, 2 * BENCH_CHUNK_ITERS, (unsigned long long)fastest);
	printf("bench: exits_per_million %u exits\n",
	       exits * 1000000u / (BENCH_CHUNKS * 2 * BENCH_CHUNK_ITERS));
	return 0;
}
#else
int main(void)
{
	printf("bench: null_hypercall n/a instructions\n");
	printf("bench: exits_per_million n/a exits\n");
	return 0;
}
#endif
