// SPDX-License-Identifier: Apache-2.0
/*
 * What an unexpected exception does on x86-64: one line with the vector,
 * error code, RIP and CR2, then exit with BULKHEAD_GUEST_EXIT_EXCEPTION. Every
 * exception is unexpected (interrupts, vectors 32-255, are irq_arch.c's); a guest
 * that faults ends its run with evidence instead of hanging it (or, with no
 * IDT, triple-faulting).
 *
 * The line is written through the raw console, never through stdio: the
 * exception may have hit in the middle of printf or malloc.
 */
#include "../arch.h"
#include "../runtime.h"

#define IDT_VECTORS 256
#define EXCEPTION_VECTORS 32
#define IRQ_STUB_SIZE 16
#define GATE_INTERRUPT 0x8e00ull /* present, DPL 0, 64-bit interrupt gate */
#define SEL_CODE64 0x08

struct idt_gate {
	uint64_t low, high;
};

static struct idt_gate idt[IDT_VECTORS] __attribute__((aligned(16)));

extern const uint64_t exception_arch_stubs[EXCEPTION_VECTORS];
extern const char irq_arch_stub_base[];

static const char *const exception_names[EXCEPTION_VECTORS] = {
	"#DE divide error", "#DB debug", "NMI", "#BP breakpoint", "#OF overflow",
	"#BR bound range", "#UD invalid opcode", "#NM device not available",
	"#DF double fault", "coprocessor overrun", "#TS invalid TSS", "#NP segment not present",
	"#SS stack fault", "#GP general protection", "#PF page fault", "reserved",
	"#MF x87 error", "#AC alignment check", "#MC machine check", "#XM SIMD error",
	"#VE virtualization", "#CP control protection",
};

void exception_arch_init_cpu(void);
void exception_arch_init(void);
void exception_arch_report(uint64_t vector, uint64_t error, uint64_t rip);

void irq_arch_cpu_reset(void);

/* Every CPU, at each start: the IDT, and its interrupt state reset. */
void exception_arch_init_cpu(void)
{
	struct {
		uint16_t limit;
		uint64_t base;
	} __attribute__((packed)) ptr = { sizeof(idt) - 1, (uint64_t)(uintptr_t)idt };

	__asm__ volatile("lidt %0" : : "m"(ptr));
	irq_arch_cpu_reset();
}

void exception_arch_init(void)
{
	for (unsigned v = 0; v < IDT_VECTORS; v++) {
		uint64_t handler = v < EXCEPTION_VECTORS
					   ? exception_arch_stubs[v]
					   : (uint64_t)(uintptr_t)irq_arch_stub_base +
						     (v - EXCEPTION_VECTORS) * IRQ_STUB_SIZE;

		idt[v].low = (handler & 0xffff) | (uint64_t)SEL_CODE64 << 16 |
			     GATE_INTERRUPT << 32 | ((handler >> 16) & 0xffff) << 48;
		idt[v].high = handler >> 32;
	}
	exception_arch_init_cpu();
}

/* Set while reporting: a second exception means reporting itself failed. */
static volatile int exception_reporting;

void exception_arch_report(uint64_t vector, uint64_t error, uint64_t rip)
{
	uint64_t cr2;
	const char *name = vector < EXCEPTION_VECTORS && exception_names[vector] != NULL
				   ? exception_names[vector] : "exception";

	__asm__ volatile("mov %%cr2, %0" : "=r"(cr2));
	if (exception_reporting)
		cpu_arch_park();
	exception_reporting = 1;
	console_puts("bulkhead-rt: unexpected exception ");
	console_put_dec((int64_t)vector);
	console_puts(" (");
	console_puts(name);
	console_puts("): error=");
	console_put_hex(error);
	console_puts(" RIP=");
	console_put_hex(rip);
	console_puts(" CR2=");
	console_put_hex(cr2);
	console_puts("\n");
	exit_now(BULKHEAD_GUEST_EXIT_EXCEPTION);
}
