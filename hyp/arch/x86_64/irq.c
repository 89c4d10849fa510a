// SPDX-License-Identifier: Apache-2.0
/*
 * Kicks between CPUs (see irq.h).
 */
#include "irq.h"

#include "arch.h"
#include "check.h"
#include "config.h"
#include "x2apic.h"

void irq_init_cpu(void)
{
	x2apic_enable();
}

void arch_vcpu_kick(unsigned pcpu)
{
	CHECK(pcpu < CONFIG_CPU_COUNT);
	x2apic_send_nmi((uint32_t)config_board.cpu_mpidr[pcpu]);
}
