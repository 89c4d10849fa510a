// SPDX-License-Identifier: Apache-2.0
/*
 * ipi_foreign: an IPI-isolation probe for x86-64, where a partition's local
 * APIC is its own (x2APIC MSRs pass straight through) except the interrupt
 * command register. It reads its APIC id (which must be its vCPU index,
 * the partition's own topology), then asks the ICR for IPIs no partition
 * may send: a fixed interrupt to the CPU one past its last, a broadcast to
 * all others, an INIT, an NMI, and an IPI to itself with reserved ICR bits
 * set (which the hypervisor's own WRMSR would take a #GP for). Under Bulkhead each WRMSR completes without
 * effect and the hypervisor logs "IPI denied"; the neighbour on that CPU
 * carries on. Natively the writes would reach real CPUs, so it only says
 * so and sends nothing.
 *
 * On other architectures there is nothing to probe: it says so, exits 0.
 *
 * Exit status: 0 done; 1 the APIC id is not the vCPU index.
 */
#include <stdint.h>
#include <stdio.h>

#include <bulkhead/guest.h>
#include <bulkhead/msr.h>

#if defined(__x86_64__)
#define MSR_X2APIC_ID 0x802
#define MSR_X2APIC_ICR 0x830
#define ICR_FIXED(vector) (0x4000u | (vector))   /* assert, physical, fixed */
#define ICR_INIT 0x4500u
#define ICR_NMI 0x4400u
#define ICR_ALL_BUT_SELF (3u << 18)
#define ICR_SELF (1u << 18)
#define ICR_RESERVED_HIGH 0xfff00000u   /* bits 20-31 (SDM vol. 3A, 12.12.9) */

static void send(const char *what, uint32_t dest, uint32_t low)
{
	printf("ipi_foreign: ICR <- 0x%08x%08x (%s)\n", (unsigned)dest, (unsigned)low, what);
	bulkhead_wrmsr(MSR_X2APIC_ICR, (uint64_t)dest << 32 | low);
	printf("ipi_foreign: ... the write completed\n");
}

int main(void)
{
	unsigned int cpus = bulkhead_cpu_count(), me = bulkhead_cpu_id();
	uint64_t id = bulkhead_rdmsr(MSR_X2APIC_ID);

	printf("ipi_foreign: %u cpu%s; I am cpu %u, my x2APIC id reads %llu\n", cpus,
	       cpus == 1 ? "" : "s", me, (unsigned long long)id);
	if (!bulkhead_present()) {
		printf("ipi_foreign: native: sending nothing\n");
		return 0;
	}
	send("fixed vector 0x40 to the cpu past my last", cpus, ICR_FIXED(0x40));
	send("fixed vector 0x40 to all but me", 0, ICR_ALL_BUT_SELF | ICR_FIXED(0x40));
	send("INIT to the cpu past my last", cpus, ICR_INIT);
	send("NMI to the cpu past my last", cpus, ICR_NMI);
	send("fixed vector 0x40 to myself, reserved bits 20-31 set", 0,
	     ICR_RESERVED_HIGH | ICR_SELF | ICR_FIXED(0x40));
	printf("ipi_foreign: %s\n", id == me ? "done" : "FAILED: the APIC id is not my cpu index");
	return id == me ? 0 : 1;
}
#else
int main(void)
{
	printf("ipi_foreign: x86-64 only (the ICR); nothing to probe here\n");
	return 0;
}
#endif
