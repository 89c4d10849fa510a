// SPDX-License-Identifier: Apache-2.0
/*
 * hello: the smallest program that exercises the whole runtime. It prints
 * with printf (integers, strings, floating point), uses the heap (malloc,
 * fill, check, free, malloc again, and an allocation larger than RAM that
 * must fail cleanly), calls libm, says whether it runs under Bulkhead and
 * as which partition, and exits with status 0. Every line is deterministic
 * for a given configuration, so tests can match the output exactly.
 */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include <bulkhead/guest.h>

#define HELLO_BLOCK_SIZE (64 * 1024)

/* Leibniz series: a computed value, so printf's %f sees real arithmetic. */
static double hello_leibniz_pi(int terms)
{
	double sum = 0.0;

	for (int k = 0; k < terms; k++)
		sum += (k % 2 == 0 ? 4.0 : -4.0) / (2.0 * k + 1.0);
	return sum;
}

static void hello_where(void)
{
	struct bulkhead_partition_info info;
	uint64_t base, size;

	bulkhead_ram_range(&base, &size);
	printf("ram: 0x%08llx..0x%08llx (%llu MiB, from the Devicetree)\n",
	       (unsigned long long)base, (unsigned long long)(base + size),
	       (unsigned long long)(size >> 20));
	if (!bulkhead_present()) {
		printf("mode: native (no hypervisor)\n");
		return;
	}
	if (bulkhead_partition_info(&info) != BULKHEAD_OK) {
		printf("mode: bulkhead, but PARTITION_INFO failed\n");
		return;
	}
	printf("mode: bulkhead partition \"%s\" (id %u, cpu %u of %u, abi %u)\n",
	       info.name, info.partition_id, info.vcpu_index, info.cpu_count, info.abi_version);
	printf("partition ram: 0x%08llx..0x%08llx\n", info.ram_base,
	       info.ram_base + info.ram_size);
}

static void hello_printf(void)
{
	printf("printf: %d %i %u 0x%x %o %c %s %5.2s| %-6s| %+d %lld\n",
	       -42, 7, 42u, 0xbeefu, 8u, 'B', "bulkhead", "partition", "left", 5,
	       -1234567890123LL);
	printf("float: pi ~ %.3f (Leibniz, 1000 terms), %e, %g\n",
	       hello_leibniz_pi(1000), 6.02214076e23, 0.0001);
}

static void hello_libm(void)
{
	double pi = 4.0 * atan(1.0);

	printf("libm: sqrt(2) = %.6f, sin(pi/6) = %.3f, exp(1) = %.5f, pow(2, 10) = %.0f\n",
	       sqrt(2.0), sin(pi / 6.0), exp(1.0), pow(2.0, 10.0));
}

/* Fill a block with a pattern that differs per byte, and check it back. */
static int hello_fill_check(unsigned char *block, size_t size, unsigned char seed)
{
	for (size_t i = 0; i < size; i++)
		block[i] = (unsigned char)(seed + i * 7);
	for (size_t i = 0; i < size; i++)
		if (block[i] != (unsigned char)(seed + i * 7))
			return -1;
	return 0;
}

static int hello_malloc(void)
{
	unsigned char *block = malloc(HELLO_BLOCK_SIZE);

	if (block == NULL || hello_fill_check(block, HELLO_BLOCK_SIZE, 1) != 0) {
		printf("malloc: FAILED on the first block\n");
		return -1;
	}
	free(block);
	block = malloc(HELLO_BLOCK_SIZE);
	if (block == NULL || hello_fill_check(block, HELLO_BLOCK_SIZE, 2) != 0) {
		printf("malloc: FAILED after free\n");
		return -1;
	}
	free(block);
	printf("malloc: %d bytes filled and checked, freed, allocated again: ok\n",
	       HELLO_BLOCK_SIZE);
	return 0;
}

/* More than any guest's RAM: the heap must say no, not fault. */
static int hello_malloc_too_much(void)
{
	void *huge = malloc((size_t)4 << 30);

	printf("malloc: 4 GiB %s\n", huge == NULL ? "refused: ok" : "GRANTED: wrong");
	free(huge);
	return huge == NULL ? 0 : -1;
}

int main(void)
{
	int failed = 0;

	printf("hello from the Bulkhead unikernel runtime\n");
	hello_where();
	hello_printf();
	hello_libm();
	failed |= hello_malloc();
	failed |= hello_malloc_too_much();
	printf("hello: done, exit status %d\n", failed ? 1 : 0);
	return failed ? 1 : 0;
}
