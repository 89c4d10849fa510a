// SPDX-License-Identifier: Apache-2.0
/*
 * The fake architecture backend (see fake_arch.h): every hook of
 * hyp/core/arch.h, implemented on the host by recording what was asked.
 */
#include "fake_arch.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "arch.h"

struct fake_arch fake_arch;
unsigned char fake_ram[FAKE_RAM_SIZE];

const char arch_description[] = "fake (host unit tests)";

void fake_arch_reset(unsigned char fill)
{
	memset(&fake_arch, 0, sizeof(fake_arch));
	memset(fake_ram, fill, sizeof(fake_ram));
}

const char *fake_console_text(void)
{
	return fake_arch.console;
}

void fake_console_reset(void)
{
	fake_arch.console_len = 0;
	fake_arch.console[0] = '\0';
	fake_arch.console_overflowed = false;
}

void arch_console_putc(char c)
{
	if (fake_arch.console_len == FAKE_CONSOLE_MAX) {
		fake_arch.console_overflowed = true;
		return;
	}
	fake_arch.console[fake_arch.console_len++] = c;
	fake_arch.console[fake_arch.console_len] = '\0';
}

/* Leaves through the test's FAKE_ARCH_CALL; `what` names the hook if none. */
static noreturn void escape(enum fake_arch_end how, const char *what)
{
	if (!fake_arch.armed) {
		fprintf(stderr, "fake arch: %s reached outside FAKE_ARCH_CALL; console so far:\n%s\n",
			what, fake_arch.console);
		abort();
	}
	fake_arch.armed = false;
	fake_arch.ended = how;
	longjmp(fake_arch.escape, 1);
}

noreturn void arch_shutdown(int status)
{
	fake_arch.shutdown_status = status;
	fake_arch.shutdowns++;
	escape(FAKE_ARCH_SHUTDOWN, "arch_shutdown()");
}

noreturn void arch_system_reset(void)
{
	fake_arch.resets++;
	escape(FAKE_ARCH_RESET, "arch_system_reset()");
}

noreturn void arch_cpu_park(void)
{
	fake_arch.parks++;
	escape(FAKE_ARCH_PARKED, "arch_cpu_park()");
}

unsigned arch_cpu_id(void)
{
	return fake_arch.cpu_id;
}

bool arch_cpu_start(unsigned cpu)
{
	uint32_t bit = cpu < 32 ? 1u << cpu : 0;

	fake_arch.cpus_started |= bit;
	return (fake_arch.cpu_start_refused & bit) == 0;
}

void arch_cpu_wait(void)
{
	fake_arch.waits++;
	if (fake_arch.on_wait == NULL || fake_arch.waits > FAKE_WAIT_MAX)
		escape(FAKE_ARCH_WAITING, "arch_cpu_wait() with nothing to wake the CPU");
	fake_arch.on_wait();
}

void arch_cpu_wake_all(void)
{
	fake_arch.wakes++;
}

void arch_vcpu_kick(unsigned pcpu)
{
	fake_arch.cpus_kicked |= pcpu < 32 ? 1u << pcpu : 0;
}

void *fake_ram_at(uint64_t pa)
{
	if (pa < FAKE_RAM_PA || pa - FAKE_RAM_PA >= FAKE_RAM_SIZE)
		return NULL;
	return &fake_ram[pa - FAKE_RAM_PA];
}

/*
 * Only the fake RAM window is "mapped". An empty range is mapped when its
 * start is, which is what guest_memory.h promises for a zero length.
 * Written so that pa + size cannot wrap.
 */
void arch_zero_memory(void *start, uint64_t size)
{
	memset(start, 0, size);
}

void *arch_phys_to_virt(uint64_t pa, uint64_t size)
{
	void *host = fake_ram_at(pa);

	fake_arch.phys_to_virt_calls++;
	fake_arch.phys_to_virt_pa = pa;
	fake_arch.phys_to_virt_size = size;
	if (host == NULL || size > FAKE_RAM_SIZE - (pa - FAKE_RAM_PA))
		return NULL;
	return host;
}

void arch_partition_map(const struct partition_config *cfg)
{
	if (fake_arch.map_count < FAKE_MAP_MAX)
		fake_arch.mapped[fake_arch.map_count] = cfg;
	fake_arch.map_count++;
}

void arch_certify_dump(void)
{
	fake_arch.certify_dumps++;
}

void arch_raise_virtual_irq(struct partition *p, unsigned intid)
{
	fake_arch.raised_partition = p;
	fake_arch.raised_intid = intid;
	fake_arch.raised++;
}

void arch_trap_advance(struct frame *f)
{
	fake_arch.advanced_frame = f;
	fake_arch.advances++;
	f->pc += FAKE_INSTRUCTION_SIZE;
}

void arch_partition_started(const struct partition_config *cfg)
{
	fake_arch.started_partition = cfg;
	fake_arch.partition_starts++;
}

noreturn void arch_vcpu_enter(struct vcpu *vcpu, uint64_t entry, uint64_t arg0, uint64_t arg1,
			      uint64_t arg2)
{
	fake_arch.entered = (struct fake_arch_entry){ vcpu, entry, { arg0, arg1, arg2 } };
	fake_arch.enters++;
	escape(FAKE_ARCH_ENTERED, "arch_vcpu_enter()");
}
