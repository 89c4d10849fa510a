// SPDX-License-Identifier: Apache-2.0
/*
 * Per-CPU records, stacks and descriptor tables (see cpu.h), and starting
 * the other CPUs with INIT-SIPI-SIPI (Intel SDM vol. 3A, 9.4.4.1).
 */
#include "cpu.h"

#include <string.h>

#include "arch.h"
#include "check.h"
#include "config.h"
#include "frame.h"
#include "idt.h"
#include "x2apic.h"
#include "x86.h"

uint8_t hyp_stacks[CONFIG_CPU_COUNT][HYP_STACK_SIZE] __attribute__((aligned(4096)));
static struct x86_cpu cpus[CONFIG_CPU_COUNT];

/* A 64-bit TSS (SDM vol. 3A, 8.7): only there because VMX needs a host TR. */
struct tss {
	uint32_t reserved0;
	uint64_t rsp[3];
	uint64_t reserved1;
	uint64_t ist[7];
	uint64_t reserved2;
	uint16_t reserved3;
	uint16_t iomap_base;
} __attribute__((packed));

static struct tss tss[CONFIG_CPU_COUNT];

/* Flat segments (SDM vol. 3A, 3.4.5): 64-bit code, data, 32-bit code for
 * the way up from the loader and the AP trampoline, then one TSS per CPU.
 * Initialised data, so entry.S can load it before .bss is cleared. */
uint64_t x86_gdt[4 + 2 * CONFIG_CPU_COUNT] __attribute__((aligned(16))) = {
	0,
	0x00af9a000000ffffull, /* GDT_CODE64 */
	0x00cf92000000ffffull, /* GDT_DATA */
	0x00cf9a000000ffffull, /* GDT_CODE32 */
};

struct gdt_ptr {
	uint16_t limit;
	uint64_t base;
} __attribute__((packed));

struct gdt_ptr x86_gdt_ptr = { sizeof(x86_gdt) - 1, (uint64_t)(uintptr_t)x86_gdt };

/* The CPU the trampoline is starting, and whether it arrived. */
volatile uint32_t ap_boot_cpu;
static atomic_uint ap_arrived;

extern char ap_trampoline_start[], ap_trampoline_end[];
extern char ap_trampoline_gdt_ptr[], ap_trampoline_cr3[];
extern uint64_t boot_pml4[];

static void tss_install(unsigned id)
{
	uint64_t base = (uint64_t)(uintptr_t)&tss[id], limit = sizeof(tss[id]) - 1;
	unsigned slot = GDT_TSS(id) / 8;

	tss[id].iomap_base = sizeof(tss[id]);
	/* Available 64-bit TSS, present (SDM vol. 3A, 8.2.3, figure 8-4). */
	x86_gdt[slot] = (limit & 0xffff) | (base & 0xffffff) << 16 | 0x89ull << 40 |
			((limit >> 16) & 0xf) << 48 | ((base >> 24) & 0xff) << 56;
	x86_gdt[slot + 1] = base >> 32;
	__asm__ volatile("ltr %w0" : : "r"(GDT_TSS(id)));
}

void cpu_set_current(unsigned id)
{
	CHECK(id < CONFIG_CPU_COUNT);
	cpus[id].self = &cpus[id];
	cpus[id].id = id;
	cpus[id].apic_id = (uint32_t)config_board.cpu_mpidr[id];
	__asm__ volatile("lgdt %0" : : "m"(x86_gdt_ptr));
	wrmsr(MSR_GS_BASE, (uint64_t)(uintptr_t)&cpus[id]);
	tss_install(id);
	idt_load();
}

uint64_t cpu_tss_base(unsigned cpu)
{
	return (uint64_t)(uintptr_t)&tss[cpu];
}

struct frame *cpu_frame(unsigned cpu)
{
	return (struct frame *)(void *)(hyp_stacks[cpu] + HYP_STACK_SIZE - FRAME_SIZE);
}

unsigned cpu_index_of_apic_id(uint32_t apic_id)
{
	for (unsigned i = 0; i < CONFIG_CPU_COUNT; i++)
		if (config_board.cpu_mpidr[i] == apic_id)
			return i;
	return CONFIG_CPU_COUNT;
}

uint32_t cpu_read_apic_id(void)
{
	uint32_t r[4];

	cpuid(0, 0, r);
	if (r[0] >= 0xb) {
		cpuid(0xb, 0, r);
		if (r[1] != 0)
			return r[3]; /* x2APIC id */
	}
	cpuid(1, 0, r);
	return r[1] >> 24;
}

unsigned arch_cpu_id(void)
{
	return cpu_current()->id;
}

/* Roughly `loops` times a few hundred cycles: INIT and SIPI want 10 ms and
 * 200 us on hardware (SDM vol. 3A, 9.4.4.1); the simulator needs none. */
static void delay(unsigned loops)
{
	for (unsigned i = 0; i < loops; i++)
		for (int j = 0; j < 100; j++)
			cpu_relax();
}

static void trampoline_install(void)
{
	uint8_t *dst = (uint8_t *)(uintptr_t)AP_TRAMPOLINE_BASE;
	size_t size = (size_t)(ap_trampoline_end - ap_trampoline_start);

	memcpy(dst, ap_trampoline_start, size);
	memcpy(dst + (ap_trampoline_gdt_ptr - ap_trampoline_start), &x86_gdt_ptr, 6);
	*(uint32_t *)(void *)(dst + (ap_trampoline_cr3 - ap_trampoline_start)) =
		(uint32_t)(uintptr_t)boot_pml4;
}

bool arch_cpu_start(unsigned cpu)
{
	uint32_t apic = (uint32_t)config_board.cpu_mpidr[cpu];

	CHECK(cpu < CONFIG_CPU_COUNT);
	trampoline_install();
	ap_boot_cpu = cpu;
	atomic_store(&ap_arrived, 0);
	x2apic_send_init(apic);
	delay(1000);
	for (int tries = 0; tries < 2 && atomic_load(&ap_arrived) == 0; tries++) {
		x2apic_send_startup(apic, AP_TRAMPOLINE_BASE >> 12);
		delay(200);
	}
	for (unsigned spin = 0; spin < 2000000 && atomic_load(&ap_arrived) == 0; spin++)
		cpu_relax();
	return atomic_load(&ap_arrived) != 0;
}

void cpu_arrived(void)
{
	atomic_store(&ap_arrived, 1);
}

void arch_cpu_wait(void)
{
	cpu_relax();
}

void arch_cpu_wake_all(void)
{
	/* Waiters poll (arch_cpu_wait); stores are ordered on x86 (TSO). */
	atomic_thread_fence(memory_order_seq_cst);
}
