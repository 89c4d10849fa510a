// SPDX-License-Identifier: Apache-2.0
/*
 * The runtime's console: where _write (so printf) and the runtime's own
 * messages go. Under Bulkhead that is the hypervisor's virtual console (the
 * CONSOLE_WRITE hypercall; the hypervisor prefixes each line with the
 * partition's name). Natively it is the PL011 found in the Devicetree, and
 * before that is known (or if there is none) semihosting, so even a failure
 * to find the Devicetree can be reported.
 *
 * Nothing here uses libc: the exception path prints through it while libc's
 * state may be what went wrong.
 *
 * Several CPUs: once smp.c has started a second CPU, console_write() holds
 * a spinlock (an atomic word with the owner's slot + 1) for its whole text.
 * That keeps lines whole on the PL011 and keeps two CPUs of one partition
 * from feeding the hypervisor's per-partition line buffer at once. Before
 * that there is nothing to lock against, and the MMU may still be off
 * (exclusive accesses need Normal memory). A CPU that takes an exception
 * while holding the lock prints its report without waiting for itself.
 */
#include "arch.h"
#include "runtime.h"

/*
 * Bytes per CONSOLE_WRITE hypercall. Small enough that one call holds the
 * hypervisor's console only briefly (other partitions share the UART), big
 * enough that a line is rarely split.
 */
#define CONSOLE_HVC_CHUNK BULKHEAD_CONSOLE_WRITE_MAX

/* Bytes per semihosting SYS_WRITE0, which wants a NUL-terminated string. */
#define CONSOLE_SEMIHOST_CHUNK 64

static long console_write_hvc(const char *buf, size_t len)
{
	size_t done = 0;

	while (done < len) {
		size_t chunk = len - done < CONSOLE_HVC_CHUNK ? len - done : CONSOLE_HVC_CHUNK;
		long wrote = guest_arch_hvc(BULKHEAD_HC_CONSOLE_WRITE, (uintptr_t)(buf + done),
					    chunk, 0, 0, 0);

		/* 0 bytes would loop forever; more than asked breaks the ABI. */
		if (wrote <= 0 || (size_t)wrote > chunk)
			return done > 0 ? (long)done : -1;
		done += (size_t)wrote;
	}
	return (long)done;
}

static void console_write_semihost(const char *buf, size_t len)
{
	char chunk[CONSOLE_SEMIHOST_CHUNK + 1];

	while (len > 0) {
		size_t n = len < CONSOLE_SEMIHOST_CHUNK ? len : CONSOLE_SEMIHOST_CHUNK;

		for (size_t i = 0; i < n; i++)
			chunk[i] = buf[i] != '\0' ? buf[i] : ' ';
		chunk[n] = '\0';
		semihost_arch_write0(chunk);
		buf += n;
		len -= n;
	}
}

/* 0 when free, else the owner's slot + 1. */
static uint32_t console_lock_owner;

/* Take the lock if it is needed and not already ours; true if we took it. */
static bool console_lock(void)
{
	uint32_t me, expected;

	if (!smp_active())
		return false;
	me = cpu_arch_slot() + 1;
	if (__atomic_load_n(&console_lock_owner, __ATOMIC_RELAXED) == me)
		return false;
	for (;;) {
		expected = 0;
		if (__atomic_compare_exchange_n(&console_lock_owner, &expected, me, false,
						__ATOMIC_ACQUIRE, __ATOMIC_RELAXED))
			return true;
		cpu_arch_relax();
	}
}

static void console_unlock(bool taken)
{
	if (taken)
		__atomic_store_n(&console_lock_owner, 0, __ATOMIC_RELEASE);
}

/*
 * Write len bytes. Returns how many were written, or -1 if none could be
 * (the hypervisor refused the first chunk).
 */
long console_write(const char *buf, size_t len)
{
	bool locked = console_lock();
	long wrote = (long)len;

	if (runtime.mode == RUNTIME_BULKHEAD)
		wrote = console_write_hvc(buf, len);
	else if (runtime.pl011_base != 0)
		pl011_write(runtime.pl011_base, buf, len);
	else
		console_write_semihost(buf, len);
	console_unlock(locked);
	return wrote;
}

long bulkhead_console_write(const char *buf, size_t len)
{
	return console_write(buf, len);
}

void console_puts(const char *text)
{
	size_t len = 0;

	while (text[len] != '\0')
		len++;
	console_write(text, len);
}

/* Always 16 digits, so a report's columns line up and its width never varies. */
void console_put_hex(uint64_t value)
{
	char text[19] = "0x";

	for (int i = 0; i < 16; i++)
		text[2 + i] = "0123456789abcdef"[(value >> (60 - 4 * i)) & 0xf];
	text[18] = '\0';
	console_puts(text);
}

void console_put_dec(int64_t value)
{
	char text[21];
	int pos = sizeof(text) - 1;
	uint64_t magnitude = value < 0 ? 0 - (uint64_t)value : (uint64_t)value;

	text[pos] = '\0';
	do {
		text[--pos] = (char)('0' + magnitude % 10);
		magnitude /= 10;
	} while (magnitude != 0);
	if (value < 0)
		text[--pos] = '-';
	console_puts(&text[pos]);
}
