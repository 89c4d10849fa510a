// SPDX-License-Identifier: Apache-2.0
/*
 * The hypervisor's IDT (see idt.h): 64-bit interrupt gates (SDM vol. 3A,
 * 7.14.1, figure 7-8) to the stubs in vectors.S.
 */
#include "idt.h"

#include <stdatomic.h>
#include <stdnoreturn.h>

#include "arch.h"
#include "bulkhead_abi.h"
#include "console.h"
#include "cpu.h"
#include "vcpu.h"
#include "x86.h"

#define IDT_EXCEPTIONS 32
#define GATE_INTERRUPT 0x8e00ull /* present, DPL 0, 64-bit interrupt gate */

struct idt_gate {
	uint64_t low, high;
};

static struct idt_gate idt[IDT_EXCEPTIONS] __attribute__((aligned(16)));

extern const uint64_t x86_exception_stubs[IDT_EXCEPTIONS];

void idt_init(void)
{
	for (unsigned v = 0; v < IDT_EXCEPTIONS; v++) {
		uint64_t handler = x86_exception_stubs[v];

		idt[v].low = (handler & 0xffff) | (uint64_t)GDT_CODE64 << 16 | GATE_INTERRUPT << 32 |
			     ((handler >> 16) & 0xffff) << 48;
		idt[v].high = handler >> 32;
	}
}

void idt_load(void)
{
	struct {
		uint16_t limit;
		uint64_t base;
	} __attribute__((packed)) ptr = { sizeof(idt) - 1, (uint64_t)(uintptr_t)idt };

	__asm__ volatile("lidt %0" : : "m"(ptr));
}

void x86_nmi_root(void);
noreturn void x86_trap_hyp(const struct hyp_exception *e);

/* An NMI while this CPU is in the hypervisor: a kick for its vCPU, served
 * just before the next VM entry (vcpu.c). */
void x86_nmi_root(void)
{
	atomic_store(&cpu_current()->kick_pending, true);
	vcpu_kick_arm();
}

noreturn void x86_trap_hyp(const struct hyp_exception *e)
{
	console_log("BUG: exception in the hypervisor: vector %llu, error 0x%llx, RIP 0x%llx, "
		    "CR2 0x%llx", (unsigned long long)e->vector, (unsigned long long)e->error,
		    (unsigned long long)e->rip, (unsigned long long)read_cr(2));
	arch_shutdown(BULKHEAD_RUN_HYP_PANIC);
}
