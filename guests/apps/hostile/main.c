// SPDX-License-Identifier: Apache-2.0
/*
 * hostile: a partition that attacks everything around it (issue 12), one
 * class of attack after another, beside a victim (guests/apps/victim) that
 * keeps a heartbeat and checks its memory. Each class ends in one line:
 *
 *   hostile: attack <class> <outcome> <detail>
 *
 * outcome: "trapped" (the hypervisor took the access as a fault of this
 * partition and applied its policy, or the CPU refused it at EL1), "denied"
 * (the hypervisor returned an error), "no effect" (it completed and changed
 * nothing outside this partition: checked, e.g. the victim's heartbeat and
 * counters in its "pulse" channel), "ESCAPED" (it reached something it must
 * not), or "not attempted" (with the reason).
 *
 * Surviving its own attacks: the partition runs with on_fault = "restart".
 * Before each access that may fault it writes (class, probe) to its
 * "journal" channel, which a restart leaves alone (only the partition's RAM
 * is reloaded); after a restart it finds the entry, counts that access as
 * trapped and goes on with the next one. Exceptions the CPU takes at EL1
 * (UNDEFINED, illegal state) are caught in place by its own vectors
 * (probes.c) and the instruction skipped. That keeps every class in one run
 * with the hypervisor's own policy machinery doing the containing, rather
 * than an exception handler pretending faults did not happen.
 *
 * The last class, PSCI SYSTEM_RESET, ends this partition (a partition's
 * "system" is itself: docs/architecture.md, "PSCI for partitions"); its
 * line says "pending" and the console shows the outcome (the hypervisor's
 * "partition hostile exited", the victim's heartbeat going on).
 * A partition whose name contains "off" only calls PSCI SYSTEM_OFF the same
 * way, a few seconds in.
 *
 * The victim's physical RAM is where tests/system/configs/hostile.toml puts
 * it (memory.base): the probes try it as if stage 2 were the identity.
 */
#include <stdarg.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <libfdt.h>

#include <bulkhead/guest.h>
#include <bulkhead/irq.h>

#include "../common/isolation.h"
#include "../common/smc.h"
#include "hostile.h"

#define VICTIM_PA        0x48000000ull /* hostile.toml: the victim's memory.base */
#define VICTIM_SIZE      0x2000000ull
#define VICTIM_DOORBELL  50            /* hostile.toml: the victim's journal doorbell */
#define VICTIM_RTC_INTID 34
#define HYP_RESERVED     0x40000000ull /* board.toml [hypervisor] reserved */
#define HYP_RESERVED_SIZE 0x2000000ull
#define UART_HYP         0x09000000ull
#define RTC_VICTIM       0x09010000ull
#define GPIO_NOBODY      0x09030000ull
#define VIRTIO_NOBODY    0x0a000000ull
#define IPA_SPACE        0x100000000ull /* stage 2 takes 32-bit IPAs (VTCR_EL2.T0SZ = 32) */
#define SWEEP_STEP       0x8000000ull   /* 128 MiB */

#define PSCI_SYSTEM_RESET 0x84000009u
/* The hypervisor splits a partition's line at 160 characters
 * (CONSOLE_LINE_MAX): a report stays within one. */
#define REPORT_MAX 158

struct hostile {
	struct isolation_journal *j;
	const struct isolation_pulse *pulse;
	struct bulkhead_channel journal_ch, pulse_ch;
	uint64_t ram_base, ram_size;
	int gic;
	uintptr_t gicd, gicr;
	uint64_t gicr_size;
	uint64_t hz;
};

/* ---- reporting ---------------------------------------------------------- */

static void report(const char *cls, const char *outcome, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static void report(const char *cls, const char *outcome, const char *fmt, ...)
{
	char line[REPORT_MAX + 2];
	int n = snprintf(line, REPORT_MAX + 1, "hostile: attack %s %s ", cls, outcome);
	size_t len;
	va_list ap;

	va_start(ap, fmt);
	if (n < REPORT_MAX)
		vsnprintf(line + n, (size_t)(REPORT_MAX + 1 - n), fmt, ap);
	va_end(ap);
	len = strlen(line);   /* a detail too long for one line is cut */
	line[len++] = '\n';
	bulkhead_console_write(line, len);
}

/* ---- the journal: progress that outlives a restart ---------------------- */

static void journal_pending(struct hostile *h, unsigned c, unsigned probe_index)
{
	h->j->pending_class = c;
	h->j->pending_probe = probe_index;
	h->j->pending = 1;
	__asm__ volatile("dsb sy" ::: "memory");
}

static void journal_done_probe(struct hostile *h, unsigned probe_index)
{
	h->j->pending = 0;
	h->j->next_probe = probe_index + 1;
	__asm__ volatile("dsb sy" ::: "memory");
}

/* ---- time and the victim's pulse --------------------------------------- */

static void spin_ms(struct hostile *h, uint64_t ms)
{
	for (uint64_t end = bulkhead_ticks() + h->hz * ms / 1000; bulkhead_ticks() < end;)
		bulkhead_cpu_relax();
}

/*
 * Alive: the victim's heartbeat moves on by 3 (300 ms at 10 Hz) within 5 s.
 * QEMU's counter runs in host time and the host is shared, so a vCPU thread
 * may wait a while for a host CPU: the bound is generous; a victim whose
 * timer or CPU was taken from it never gets there. Its rate and its longest
 * gap are judged from its own report (tools/bulkhead/certify/runtime.py).
 */
static bool victim_alive(struct hostile *h)
{
	uint64_t before = h->pulse->heartbeats, end = bulkhead_ticks() + 5 * h->hz;

	while (h->pulse->heartbeats - before < 3)
		if (bulkhead_ticks() >= end)
			return false;
	return true;
}

/* ---- probe classes: each access may end in a restart -------------------- */

struct probe_spec {
	enum probe_form form;
	uint64_t address;
};

/* Run the probes from where the journal says; report once all are done. */
static void probe_class(struct hostile *h, unsigned c, const char *cls,
			const struct probe_spec *p, unsigned n, const char *what)
{
	for (unsigned i = h->j->next_probe; i < n; i++) {
		journal_pending(h, c, i);
		(void)probe(p[i].form, p[i].address);
		journal_done_probe(h, i);
		if (h->j->survived[c]++ == 0)
			h->j->survived_at[c] = p[i].address;
	}
	if (h->j->survived[c] != 0)
		report(cls, "ESCAPED", "%u/%u accesses completed (first at 0x%llx): %s",
		       h->j->survived[c], n, (unsigned long long)h->j->survived_at[c], what);
	else
		report(cls, "trapped", "%u/%u faulted (restart each), 0x%llx..0x%llx: %s",
		       h->j->faulted[c], n, (unsigned long long)p[0].address,
		       (unsigned long long)p[n - 1].address, what);
}

static bool in_own_space(struct hostile *h, uint64_t a)
{
	struct bulkhead_channel ch;

	if (a >= h->ram_base && a - h->ram_base < h->ram_size)
		return true;
	for (unsigned i = 0; bulkhead_channel_get(i, &ch) == 0; i++)
		if (a >= (uintptr_t)ch.base && a - (uintptr_t)ch.base < ch.size)
			return true;
	if (a >= h->gicd && a < h->gicd + 0x10000)
		return true;
	return h->gicr != 0 && a >= h->gicr && a < h->gicr + h->gicr_size;
}

static void attack_own_ram_edges(struct hostile *h, unsigned c)
{
	uint64_t end = h->ram_base + h->ram_size;
	const struct probe_spec p[] = {
		{ PROBE_READ, h->ram_base - 8 }, { PROBE_WRITE, h->ram_base - 8 },
		{ PROBE_READ, end }, { PROBE_WRITE, end }, { PROBE_READ, end + 0xff8 },
	};

	probe_class(h, c, "own-ram-edges", p, 5, "the bytes just outside the partition's RAM");
}

static void attack_victim_ram(struct hostile *h, unsigned c)
{
	const struct probe_spec p[] = {
		{ PROBE_READ, VICTIM_PA - 8 }, { PROBE_READ, VICTIM_PA }, { PROBE_WRITE, VICTIM_PA },
		{ PROBE_READ, VICTIM_PA + VICTIM_SIZE / 2 },
		{ PROBE_READ, VICTIM_PA + VICTIM_SIZE - 8 }, { PROBE_WRITE, VICTIM_PA + VICTIM_SIZE - 8 },
		{ PROBE_READ, VICTIM_PA + VICTIM_SIZE },
	};

	probe_class(h, c, "victim-ram", p, 7,
		    "the victim's physical RAM at both boundaries, as IPAs");
}

static void attack_hyp_ram(struct hostile *h, unsigned c)
{
	uint64_t own_end = h->ram_base + h->ram_size;
	const struct probe_spec p[] = {
		{ PROBE_READ, own_end > HYP_RESERVED + 0x1000000 ? own_end : HYP_RESERVED + 0x1000000 },
		{ PROBE_WRITE, HYP_RESERVED + HYP_RESERVED_SIZE - 8 },
		{ PROBE_READ, HYP_RESERVED + HYP_RESERVED_SIZE - 0x1000 },
	};

	probe_class(h, c, "hyp-ram", p, 3,
		    "the hypervisor's reserved RAM past the partition's own (below it, IPA = own RAM)");
}

static void attack_ipa_sweep(struct hostile *h, unsigned c)
{
	struct probe_spec p[IPA_SPACE / SWEEP_STEP + 3];
	unsigned n = 0;

	/* The middle of every 128 MiB of the IPA space that is not the
	 * partition's own, then past its end (stage 1 off, so every one of
	 * them reaches stage 2). */
	for (uint64_t a = SWEEP_STEP / 2; a < IPA_SPACE; a += SWEEP_STEP)
		if (!in_own_space(h, a))
			p[n++] = (struct probe_spec){ PROBE_READ_PHYS, a };
	p[n++] = (struct probe_spec){ PROBE_READ_PHYS, IPA_SPACE };
	p[n++] = (struct probe_spec){ PROBE_READ_PHYS, 0xfffffff000ull };
	probe_class(h, c, "ipa-sweep", p, n, "every 128 MiB of the IPA space and past its end");
}

static void attack_foreign_device(struct hostile *h, unsigned c)
{
	const struct probe_spec p[] = {
		{ PROBE_READ, RTC_VICTIM }, { PROBE_WRITE, RTC_VICTIM + 8 },
	};

	probe_class(h, c, "foreign-device", p, 2, "the victim's PL031 RTC (data, load)");
}

static void attack_hyp_uart(struct hostile *h, unsigned c)
{
	const struct probe_spec p[] = {
		{ PROBE_WRITE, UART_HYP }, { PROBE_READ, UART_HYP + 0x18 },
	};

	probe_class(h, c, "hyp-console-uart", p, 2, "the hypervisor's PL011 (data, flags)");
}

static void attack_unowned_devices(struct hostile *h, unsigned c)
{
	const struct probe_spec p[] = {
		{ PROBE_READ, GPIO_NOBODY }, { PROBE_WRITE, VIRTIO_NOBODY + 0x70 },
	};

	probe_class(h, c, "unowned-devices", p, 2, "the PL061 and a virtio-mmio slot nobody owns");
}

static void attack_read_only_channel(struct hostile *h, unsigned c)
{
	const struct probe_spec p[] = {
		{ PROBE_WRITE, (uintptr_t)h->pulse_ch.base + 8 },
		{ PROBE_STP, (uintptr_t)h->pulse_ch.base + 0x100 },
	};

	if (h->j->next_probe >= 2 && h->pulse->magic != ISOLATION_PULSE_MAGIC) {
		report("read-only-channel", "ESCAPED", "the victim's pulse lost its magic");
		return;
	}
	probe_class(h, c, "read-only-channel", p, 2, "the read end of the victim's pulse channel");
}

static void attack_decoder_forms(struct hostile *h, unsigned c)
{
	uint64_t reg = h->gicd + 0x400; /* GICD_IPRIORITYR0: emulated, trapped */
	const struct probe_spec p[] = {
		{ PROBE_LDP, reg }, { PROBE_STP, reg }, { PROBE_STR_POST, reg },
		{ PROBE_LDR_PRE, reg }, { PROBE_LDXR, reg }, { PROBE_LD1_SIMD, reg },
	};

	probe_class(h, c, "decoder-forms", p, 6,
		    "forms with no valid syndrome (ISV = 0) on the emulated distributor");
}

/*
 * IMPLEMENTATION DEFINED registers trap with HCR_EL2.TIDCP, ACTLR_EL1 with
 * HCR_EL2.TACR. QEMU 7.2 does not implement TIDCP (it came in QEMU 8.2):
 * there Cortex-A53's CPUACTLR_EL1 is a dummy that reads as zero and
 * ignores writes, so an access that completes is checked to be just that.
 */
static void attack_sysreg_impdef(struct hostile *h, unsigned c)
{
	const struct probe_spec p[] = {
		{ PROBE_MSR_CPUACTLR, 1ull << 44 }, { PROBE_MRS_CPUACTLR, 0 }, { PROBE_MRS_ACTLR, 0 },
	};
	for (unsigned i = h->j->next_probe; i < 3; i++) {
		uint64_t v;

		journal_pending(h, c, i);
		v = probe(p[i].form, p[i].address);
		journal_done_probe(h, i);
		if (p[i].form == PROBE_MRS_ACTLR) {
			report("sysreg-impdef", "ESCAPED", "ACTLR_EL1 read 0x%llx without a trap (TACR)",
			       (unsigned long long)v);
			return;
		}
		h->j->survived[c]++;
		h->j->survived_at[c] |= v; /* what the completed reads gave */
	}
	if (h->j->survived[c] == 0)
		report("sysreg-impdef", "trapped",
		       "CPUACTLR_EL1 write+read, ACTLR_EL1 read: each faulted (TIDCP, TACR), restart each");
	else if (h->j->survived_at[c] == 0)
		report("sysreg-impdef", "no effect",
		       "ACTLR_EL1 trapped (TACR); CPUACTLR_EL1 not (QEMU 7.2 lacks TIDCP): RAZ/WI, "
		       "wrote bit 44, reads 0");
	else
		report("sysreg-impdef", "ESCAPED", "CPUACTLR_EL1 reads 0x%llx after a write",
		       (unsigned long long)h->j->survived_at[c]);
}

/* ---- attacks the CPU refuses at EL1 -------------------------------------- */

static void el1_class(const char *cls, const char *what, void (*const fns[])(void *),
		      const char *const names[], unsigned n, void *arg)
{
	unsigned caught = 0;
	const char *through = NULL;
	uint64_t esr = 0;

	for (unsigned i = 0; i < n; i++) {
		uint64_t e = el1_catch(fns[i], arg);

		if (e != 0) {
			caught++;
			esr = e;
		} else if (through == NULL) {
			through = names[i];
		}
	}
	if (through != NULL)
		report(cls, "ESCAPED", "%s completed without an exception (%u of %u caught)", through,
		       caught, n);
	else
		report(cls, "trapped", "%u of %u refused at EL1 (last ESR_EL1 0x%llx, EC 0x%llx): %s",
		       caught, n, (unsigned long long)esr, (unsigned long long)(esr >> 26), what);
}

static void attack_sysreg_el2(struct hostile *h, unsigned c)
{
	static void (*const fns[])(void *) = {
		try_mrs_hcr_el2, try_msr_hcr_el2, try_msr_vttbr_el2, try_mrs_vbar_el2,
		try_msr_cntvoff_el2,
	};
	static const char *const names[] = {
		"mrs hcr_el2", "msr hcr_el2", "msr vttbr_el2", "mrs vbar_el2", "msr cntvoff_el2",
	};

	(void)h;
	(void)c;
	el1_class("sysreg-el2", "EL2 registers from EL1 (UNDEFINED)", fns, names, 5, NULL);
}

static void attack_eret_to_el2(struct hostile *h, unsigned c)
{
	static void (*const fns[])(void *) = { try_eret_to_el2 };
	static const char *const names[] = { "eret to EL2h" };

	(void)h;
	(void)c;
	el1_class("eret-to-el2", "exception return to EL2h: illegal return, PSTATE.IL", fns,
		  names, 1, NULL);
}

static void attack_semihosting(struct hostile *h, unsigned c)
{
	static void (*const fns[])(void *) = { try_semihost_write0, try_semihost_exit };
	static const char *const names[] = { "SYS_WRITE0", "SYS_EXIT" };

	(void)h;
	(void)c;
	el1_class("semihosting", "HLT #0xf000 (SYS_WRITE0 of a forged [hyp] line, SYS_EXIT 0)",
		  fns, names, 2, "[hyp] run ended: status 0\n");
}

/* ---- system registers that complete -------------------------------------- */

static void attack_sysreg_pmu_el2(struct hostile *h, unsigned c)
{
	uint64_t filter;

	(void)h;
	(void)c;
	/* PMCCFILTR_EL0.NSH (bit 27): count cycles at EL2 too. */
	__asm__ volatile("msr pmccfiltr_el0, %1\nisb\nmrs %0, pmccfiltr_el0"
			 : "=r"(filter) : "r"(1ull << 27));
	if (filter & (1ull << 27))
		report("sysreg-pmu-el2", "ESCAPED", "PMCCFILTR_EL0.NSH reads back 1: counts at EL2");
	else
		report("sysreg-pmu-el2", "no effect",
		       "PMCCFILTR_EL0.NSH written 1, reads back 0 (PMCCFILTR 0x%llx): no counting at EL2",
		       (unsigned long long)filter);
}

static void attack_set_way(struct hostile *h, unsigned c)
{
	static volatile uint64_t canary[512];
	unsigned long issued;
	bool intact = true;

	(void)c;
	for (unsigned i = 0; i < 512; i++)
		canary[i] = 0xc0ffee00ull + i;
	issued = set_way_sweep();
	for (unsigned i = 0; i < 512; i++)
		intact &= canary[i] == 0xc0ffee00ull + i;
	if (!intact || !victim_alive(h))
		report("set-way-cache-ops", "ESCAPED", "%lu DC ISW/CSW/CISW: %s", issued,
		       intact ? "the victim stopped" : "own data lost");
	else
		report("set-way-cache-ops", "no effect",
		       "%lu DC ISW/CSW/CISW over every set/way (HCR_EL2.TSW traps them; skipped); "
		       "own data intact, victim beating", issued);
}

/* ---- SMC and hypercalls --------------------------------------------------- */

static void attack_smc_unknown(struct hostile *h, unsigned c)
{
	static const uint64_t ids[] = {
		0x82000000, 0xc2000000, 0xc2000001, 0x83000000, 0xc3000010, 0x84000001, 0x84000005,
		0x84000012, 0xc4000012, 0x8400001f, 0x85000000, 0xb0000000, 0xbf00ff00, 0xff000000,
		0xffffffff, 0, 1, 0x80008000, 0x80000001,
	};
	unsigned refused = 0;
	int64_t odd = 0;
	uint64_t odd_id = 0;

	(void)h;
	(void)c;
	for (unsigned i = 0; i < sizeof(ids) / sizeof(ids[0]); i++) {
		int64_t r = app_smc(ids[i], 0, 0, 0, 0, 0);

		if (r == BULKHEAD_E_NOT_SUPPORTED)
			refused++;
		else if (odd_id == 0)
			odd = r, odd_id = ids[i];
	}
	if (odd_id != 0)
		report("smc-unknown", "ESCAPED", "SMC 0x%llx answered %lld, not NOT_SUPPORTED",
		       (unsigned long long)odd_id, (long long)odd);
	else
		report("smc-unknown", "denied",
		       "%u SMCs with unknown function ids (SiP, OEM, Trusted OS, unused PSCI), each NOT_SUPPORTED",
		       refused);
}

static bool valid_call_id(uint64_t id)
{
	uint32_t folded = (uint32_t)id & ~0x40000000u;

	if (id >> 32)
		return false;
	if (id >= BULKHEAD_HC_VERSION && id <= BULKHEAD_HC_CHANNEL_NOTIFY)
		return true;
	return folded == 0x84000000 || folded == 0x84000002 || folded == 0x84000003 ||
	       folded == 0x84000004 || folded == 0x84000008 || folded == 0x84000009 ||
	       folded == 0x8400000a || folded == 0x80000000;
}

static void attack_hc_invalid_ids(struct hostile *h, unsigned c)
{
	unsigned long calls = 0, refused = 0;
	uint64_t odd_id = 0;
	int64_t odd = 0;

	(void)h;
	(void)c;
	/* Every call type and owner with function numbers 0-255, then the whole
	 * 16-bit function space of the vendor hypervisor owner (6), SMC32 and
	 * SMC64, then ids with bits above 31 set. Valid ids are left out (they
	 * are the fuzzer's). */
	for (uint64_t round = 0; round < 3; round++) {
		uint64_t count = round == 0 ? 0x10000 : round == 1 ? 0x20000 : 64;

		for (uint64_t k = 0; k < count; k++) {
			uint64_t id = round == 0 ? (k >> 8) << 24 | (k & 0xff)
				    : round == 1 ? (k < 0x10000 ? 0xc6000000 : 0x86000000) | (k & 0xffff)
				    : (1ull << (32 + (k % 32))) | BULKHEAD_HC_VERSION | (k / 32);
			int64_t r;

			if (valid_call_id(id))
				continue;
			r = bulkhead_hvc(id, 0, 0, 0, 0, 0);
			calls++;
			if (r == BULKHEAD_E_NOT_SUPPORTED)
				refused++;
			else if (odd_id == 0)
				odd = r, odd_id = id;
		}
	}
	if (odd_id != 0)
		report("hc-invalid-ids", "ESCAPED", "id 0x%llx answered %lld (%lu of %lu refused)",
		       (unsigned long long)odd_id, (long long)odd, refused, calls);
	else
		report("hc-invalid-ids", "denied", "%lu invalid ids, each NOT_SUPPORTED", calls);
}

struct pointer_case {
	uint64_t id, ptr, len;
};

static void pointer_class(const char *cls, const char *what, const struct pointer_case *pc,
			  unsigned n)
{
	unsigned denied = 0;

	for (unsigned i = 0; i < n; i++) {
		int64_t r = bulkhead_hvc(pc[i].id, pc[i].ptr, pc[i].len, 0, 0, 0);

		if (r == BULKHEAD_E_DENIED || r == BULKHEAD_E_INVALID)
			denied++;
		else {
			report(cls, "ESCAPED", "hypercall 0x%llx (0x%llx, 0x%llx) answered %lld: %s",
			       (unsigned long long)pc[i].id, (unsigned long long)pc[i].ptr,
			       (unsigned long long)pc[i].len, (long long)r, what);
			return;
		}
	}
	report(cls, "denied", "%u of %u calls refused (DENIED/INVALID): %s", denied, n, what);
}

static void attack_hc_foreign_pointer(struct hostile *h, unsigned c)
{
	const uint64_t info = sizeof(struct bulkhead_partition_info);
	const struct pointer_case pc[] = {
		{ BULKHEAD_HC_CONSOLE_WRITE, VICTIM_PA, 16 },
		{ BULKHEAD_HC_CONSOLE_WRITE, HYP_RESERVED_SIZE + HYP_RESERVED - 0x1000, 16 },
		{ BULKHEAD_HC_CONSOLE_WRITE, UART_HYP, 4 },
		{ BULKHEAD_HC_CONSOLE_WRITE, h->gicd, 4 },
		{ BULKHEAD_HC_CONSOLE_WRITE, 0, 16 },
		{ BULKHEAD_HC_PARTITION_INFO, VICTIM_PA, info },
		{ BULKHEAD_HC_PARTITION_INFO, HYP_RESERVED + HYP_RESERVED_SIZE - 0x1000, info },
		{ BULKHEAD_HC_PARTITION_INFO, (uintptr_t)h->pulse_ch.base, info }, /* read-only end */
		{ BULKHEAD_HC_PARTITION_INFO, RTC_VICTIM, info },
		{ BULKHEAD_HC_PARTITION_INFO, 0, info },
	};

	(void)c;
	pointer_class("hc-foreign-pointer",
		      "victim RAM, hypervisor RAM, UART, GIC, a read-only channel end as buffers",
		      pc, sizeof(pc) / sizeof(pc[0]));
}

static void attack_hc_wrapping_pointer(struct hostile *h, unsigned c)
{
	const uint64_t end = h->ram_base + h->ram_size, info = sizeof(struct bulkhead_partition_info);
	const struct pointer_case pc[] = {
		{ BULKHEAD_HC_CONSOLE_WRITE, 0xfffffffffffffff0ull, 0x20 },
		{ BULKHEAD_HC_CONSOLE_WRITE, h->ram_base + 0x10000, UINT64_MAX },
		{ BULKHEAD_HC_CONSOLE_WRITE, h->ram_base + 0x10000, 0 - (h->ram_base + 0x10000) },
		{ BULKHEAD_HC_CONSOLE_WRITE, end - 8, 16 },
		{ BULKHEAD_HC_PARTITION_INFO, 0 - info / 2, info },
		{ BULKHEAD_HC_PARTITION_INFO, end - 8, info },
		{ BULKHEAD_HC_PARTITION_INFO, UINT64_MAX, info },
	};

	(void)c;
	pointer_class("hc-wrapping-pointer", "buffers whose end wraps past 2^64 or crosses the RAM's end",
		      pc, sizeof(pc) / sizeof(pc[0]));
}

static void attack_hc_unaligned_pointer(struct hostile *h, unsigned c)
{
	static unsigned char buf[256];
	struct bulkhead_partition_info expect;
	const uint64_t info = sizeof(struct bulkhead_partition_info), end = h->ram_base + h->ram_size;
	bool guards = true;
	int64_t straddle, inside;

	(void)c;
	memset(buf, 0xa5, sizeof(buf));
	inside = bulkhead_hvc(BULKHEAD_HC_PARTITION_INFO, (uintptr_t)buf + 3, info, 0, 0, 0);
	bulkhead_partition_info(&expect);
	for (unsigned i = 0; i < sizeof(buf); i++)
		if (i < 3 || i >= 3 + info)
			guards &= buf[i] == 0xa5;
	straddle = bulkhead_hvc(BULKHEAD_HC_PARTITION_INFO, end - info + 3, info, 0, 0, 0);
	if (inside != 0 || memcmp(buf + 3, &expect, info) != 0 || !guards ||
	    straddle != BULKHEAD_E_DENIED)
		report("hc-unaligned-pointer", "ESCAPED",
		       "unaligned PARTITION_INFO: %lld, content %s, guards %s; straddling the end: %lld",
		       (long long)inside, memcmp(buf + 3, &expect, info) ? "wrong" : "right",
		       guards ? "intact" : "overwritten", (long long)straddle);
	else
		report("hc-unaligned-pointer", "no effect",
		       "PARTITION_INFO to an odd address wrote exactly its %llu bytes, guards intact; "
		       "one straddling the RAM's end denied", (unsigned long long)info);
}

static void attack_hc_notify_foreign(struct hostile *h, unsigned c)
{
	static const uint64_t ids[] = { 2, 3, 64, 0xffffffffull, 0x100000000ull, UINT64_MAX };
	unsigned denied = 0;

	(void)h;
	(void)c;
	for (unsigned i = 0; i < sizeof(ids) / sizeof(ids[0]); i++) {
		int64_t r = bulkhead_hvc(BULKHEAD_HC_CHANNEL_NOTIFY, ids[i], 0, 0, 0, 0);

		if (r == BULKHEAD_E_DENIED || r == BULKHEAD_E_INVALID) {
			denied++;
		} else {
			report("hc-notify-foreign", "ESCAPED", "CHANNEL_NOTIFY(0x%llx) answered %lld",
			       (unsigned long long)ids[i], (long long)r);
			return;
		}
	}
	report("hc-notify-foreign", "denied",
	       "%u CHANNEL_NOTIFY on channels it is no end of (2: victim->hostile_off) or that do not exist",
	       denied);
}

/* ---- the GIC ---------------------------------------------------------------- */

/* Single str/ldr instructions with no writeback, whatever the compiler would
 * make of a loop over volatile pointers (a post-index store has no valid
 * syndrome, and the hypervisor could not emulate it): the attacks here are
 * on the registers' meaning, decoder-forms covers the forms. */
static void mmio_w32(uintptr_t address, uint32_t value)
{
	__asm__ volatile("str %w0, [%1]" : : "r"(value), "r"(address) : "memory");
}

static uint64_t mmio_r64(uintptr_t address)
{
	uint64_t value;

	__asm__ volatile("ldr %0, [%1]" : "=r"(value) : "r"(address) : "memory");
	return value;
}

static void gicd_w32(struct hostile *h, uint64_t off, uint32_t value)
{
	mmio_w32(h->gicd + off, value);
}

static void gicd_w8(struct hostile *h, uint64_t off, uint8_t value)
{
	__asm__ volatile("strb %w0, [%1]" : : "r"(value), "r"(h->gicd + off) : "memory");
}

static void gicd_w64(struct hostile *h, uint64_t off, uint64_t value)
{
	__asm__ volatile("str %0, [%1]" : : "r"(value), "r"(h->gicd + off) : "memory");
}

static uint32_t gicd_r32(struct hostile *h, uint64_t off)
{
	uint32_t value;

	__asm__ volatile("ldr %w0, [%1]" : "=r"(value) : "r"(h->gicd + off) : "memory");
	return value;
}

static void attack_gicd_foreign_spi(struct hostile *h, unsigned c)
{
	static const unsigned intids[] = { VICTIM_DOORBELL, VICTIM_RTC_INTID, 33 /* hyp UART */ };
	uint64_t doorbells = h->pulse->doorbells;
	unsigned leaked = 0;

	(void)c;
	for (unsigned i = 0; i < 3; i++) {
		unsigned n = intids[i], word = n / 32 * 4;
		uint32_t bit = 1u << (n % 32);

		if ((gicd_r32(h, 0x100 + word) | gicd_r32(h, 0x080 + word) |
		     gicd_r32(h, 0x400 + (n & ~3u))) != 0)
			leaked++;       /* an interrupt it does not own must read as zero */
		gicd_w32(h, 0x180 + word, bit);               /* ICENABLER */
		gicd_w32(h, 0x200 + word, bit);               /* ISPENDR */
		gicd_w32(h, 0x300 + word, bit);               /* ISACTIVER */
		gicd_w32(h, 0x400 + (n & ~3u), 0xffffffffu);  /* IPRIORITYR: lowest */
		gicd_w32(h, 0xc00 + n / 16 * 4, 0);           /* ICFGR */
		gicd_w32(h, 0x080 + word, 0);                 /* IGROUPR: group 0 */
		if (h->gic == 3)
			gicd_w64(h, 0x6000 + 8 * n, 1);        /* IROUTER: vCPU 1 */
		else
			gicd_w8(h, 0x800 + n, 0xff);           /* ITARGETSR */
		if ((gicd_r32(h, 0x100 + word) & bit) != 0)
			leaked++;
	}
	/* The victim's doorbell must still arrive: ring it and watch. */
	for (int i = 0; i < 3; i++) {
		bulkhead_channel_notify(&h->journal_ch);
		spin_ms(h, 100);
	}
	if (leaked != 0 || h->pulse->doorbells <= doorbells || !victim_alive(h))
		report("gicd-foreign-spi", "ESCAPED", "%u registers not read-as-zero; doorbells %llu -> %llu",
		       leaked, (unsigned long long)doorbells, (unsigned long long)h->pulse->doorbells);
	else
		report("gicd-foreign-spi", "no effect",
		       "disable/pend/activate/priority/config/group/route of INTIDs 50 (victim doorbell), "
		       "34 (victim RTC), 33 (hyp UART): read as zero, ignored; doorbells %llu -> %llu",
		       (unsigned long long)doorbells, (unsigned long long)h->pulse->doorbells);
}

static void attack_gicd_ctlr(struct hostile *h, unsigned c)
{
	uint32_t saved = gicd_r32(h, 0);
	uint64_t doorbells = h->pulse->doorbells;
	bool alive;

	(void)c;
	gicd_w32(h, 0, 0);  /* every group off */
	alive = victim_alive(h);
	bulkhead_channel_notify(&h->journal_ch);
	spin_ms(h, 500);
	gicd_w32(h, 0, saved);
	if (!alive || h->pulse->doorbells <= doorbells)
		report("gicd-ctlr", "ESCAPED", "GICD_CTLR = 0: victim %s, doorbells %llu -> %llu",
		       alive ? "beating" : "stopped", (unsigned long long)doorbells,
		       (unsigned long long)h->pulse->doorbells);
	else
		report("gicd-ctlr", "no effect",
		       "GICD_CTLR = 0 (distributor off): the victim's timer and doorbell went on "
		       "(doorbells %llu -> %llu)", (unsigned long long)doorbells,
		       (unsigned long long)h->pulse->doorbells);
}

static void attack_gic_redistributors(struct hostile *h, unsigned c)
{
	if (h->gic == 2) {
		/* GICv2: the SGI/PPI registers are banked per CPU in the distributor. */
		if (h->j->faulted[c] != 0) {
			report("gic-redistributors", "trapped", "a banked-register write faulted; restarted");
			return;
		}
		journal_pending(h, c, 0);
		gicd_w32(h, 0x180, 0xffffffffu);                 /* ICENABLER0: SGIs, PPIs */
		gicd_w32(h, 0x280, 0xffffffffu);                 /* ICPENDR0 */
		for (unsigned i = 0; i < 8; i++)
			gicd_w32(h, 0x400 + 4 * i, 0xffffffffu); /* IPRIORITYR0-7 */
		gicd_w32(h, 0x800 + 24, 0xffffffffu);            /* ITARGETSR6: PPIs (read-only) */
		if (!victim_alive(h))
			report("gic-redistributors", "ESCAPED", "banked ICENABLER0 stopped the victim");
		else
			report("gic-redistributors", "no effect",
			       "GICv2 banked SGI/PPI registers (ICENABLER0 incl. the timer PPI 27, "
			       "ICPENDR0, IPRIORITYR0-7, ITARGETSR6) reach only its own CPU");
		return;
	}
	/* GICv3: the four physical frames' places, whatever this partition's
	 * Devicetree lists. Each write may fault; then it was trapped. */
	/* survived: foreign frames that took the writes; survived_at: own frames. */
	unsigned frames = 4;

	for (unsigned f = h->j->next_probe; f < frames; f++) {
		uintptr_t rd = h->gicr + f * 0x20000ull;

		journal_pending(h, c, f);
		uint64_t typer = mmio_r64(rd + 8);
		bool mine = (typer >> 32) < bulkhead_cpu_count();

		if (!mine) {
			mmio_w32(rd + 0x10000 + 0x180, 1u << 27); /* ICENABLER0: timer */
			mmio_w32(rd + 0x14, 2);                   /* WAKER: sleep */
		}
		journal_done_probe(h, f);
		if (mine) {
			h->j->survived_at[c]++;
		} else if (!victim_alive(h)) {
			report("gic-redistributors", "ESCAPED", "frame %u: the victim stopped", f);
			return;
		} else {
			h->j->survived[c]++;
		}
	}
	report("gic-redistributors", h->j->survived[c] == 0 && h->j->faulted[c] != 0 ? "trapped"
										: "no effect",
	       "4 GICR frames: %llu own, %u foreign faulted, %u foreign ignored "
	       "(ICENABLER0 timer, WAKER); victim beating",
	       (unsigned long long)h->j->survived_at[c], h->j->faulted[c], h->j->survived[c]);
}

/* ---- SGIs ------------------------------------------------------------------- */

static void sgi_class(struct hostile *h, const char *cls, const uint64_t *values, unsigned n,
		      const char *what)
{
	uint64_t before = h->pulse->sgis;

	for (unsigned r = 0; r < 4; r++)
		for (unsigned i = 0; i < n; i++)
			bulkhead_sgi_send_raw(values[i]);
	spin_ms(h, 300);
	if (h->pulse->sgis != before || !victim_alive(h))
		report(cls, "ESCAPED", "the victim received %llu SGIs",
		       (unsigned long long)(h->pulse->sgis - before));
	else
		report(cls, "no effect", "%u writes (%s): the victim received 0 SGIs", 4 * n, what);
}

static void attack_sgi_foreign(struct hostile *h, unsigned c)
{
	uint64_t v[16];

	(void)c;
	for (unsigned s = 0; s < 16; s++)
		v[s] = h->gic == 3 ? (uint64_t)s << 24 | 0xffff : (uint64_t)0xff << 16 | s;
	sgi_class(h, "sgi-foreign", v, 16,
		  h->gic == 3 ? "ICC_SGI1R_EL1 TargetList 0xffff, SGIs 0-15"
			      : "GICD_SGIR CPUTargetList 0xff, SGIs 0-15");
}

static void attack_sgi_broadcast(struct hostile *h, unsigned c)
{
	uint64_t v[16];

	(void)c;
	for (unsigned s = 0; s < 16; s++)
		v[s] = h->gic == 3 ? (uint64_t)s << 24 | 1ull << 40 : 1u << 24 | 0xffu << 16 | s;
	sgi_class(h, "sgi-broadcast", v, 16,
		  h->gic == 3 ? "ICC_SGI1R_EL1 IRM = 1 (all but self), SGIs 0-15"
			      : "GICD_SGIR TargetListFilter = 1 (all but self), SGIs 0-15");
}

static void attack_sgi_other_affinity(struct hostile *h, unsigned c)
{
	(void)c;
	if (h->gic == 3) {
		const uint64_t v[] = {
			1ull << 16 | 0xffff, 1ull << 32 | 0xffff, 1ull << 48 | 0xffff,
			1ull << 44 | 0xffff, 0xfull << 44 | 0xffull << 48 | 0xffull << 32 | 0xff0000 | 0xffff,
			7ull << 24 | 0xffff,
		};
		/* ICC_SGI0R_EL1 and ICC_ASGI1R_EL1 too (Group 0, the other group). */
		for (unsigned r = 0; r < 4; r++) {
			__asm__ volatile("msr s3_0_c12_c11_7, %0" : : "r"(0xfull << 24 | 0xffff));
			__asm__ volatile("msr s3_0_c12_c11_6, %0" : : "r"(1ull << 40 | 5ull << 24));
		}
		sgi_class(h, "sgi-other-affinity", v, 6,
			  "Aff1/Aff2/Aff3/RS set, all at once; plus ICC_SGI0R_EL1 (SGI 15, the "
			  "hypervisor's) and ICC_ASGI1R_EL1");
	} else {
		const uint64_t v[] = { 2u << 24 | 0xffu << 16 | 3, 3u << 24 | 0xffu << 16 | 4,
				       1u << 15 | 0xffu << 16 | 15, 0xffu << 16 | 15 };
		sgi_class(h, "sgi-other-affinity", v, 4,
			  "TargetListFilter 2 and 3 (reserved), NSATT, SGI 15 (the hypervisor's) to all");
	}
}

/* ---- PSCI ------------------------------------------------------------------- */

static void attack_psci_cpu_on_foreign(struct hostile *h, unsigned c)
{
	static const uint64_t targets[] = { 2, 3, 4, 0x100, 0x10000, 0x100000000ull,
					    0x80000000ull, 0x80000001ull, UINT64_MAX };
	unsigned refused = 0, n = sizeof(targets) / sizeof(targets[0]);

	(void)c;
	for (unsigned i = 0; i < n; i++) {
		long r1 = bulkhead_psci_call(BULKHEAD_PSCI_CPU_ON, targets[i], h->ram_base + 0x200000, 0);
		int64_t r2 = app_smc(BULKHEAD_PSCI_CPU_ON, targets[i], h->ram_base + 0x200000, 0, 0, 0);

		if (r1 < 0 && r2 < 0) {
			refused++;
		} else {
			report("psci-cpu-on-foreign", "ESCAPED", "CPU_ON 0x%llx answered %ld / %lld",
			       (unsigned long long)targets[i], r1, (long long)r2);
			return;
		}
	}
	report("psci-cpu-on-foreign", "denied",
	       "CPU_ON (HVC and SMC) of %u MPIDRs it does not have (2, 3, Aff1-3, bit 31, all ones): "
	       "each DENIED or INVALID", refused);
}

static void attack_psci_cpu_on_bad_entry(struct hostile *h, unsigned c)
{
	static const uint64_t entries[] = { VICTIM_PA, HYP_RESERVED + HYP_RESERVED_SIZE - 0x1000,
					    0x3ffff000, 0, UINT64_MAX - 3, UART_HYP };
	unsigned refused = 0, n = sizeof(entries) / sizeof(entries[0]);

	(void)c;
	for (unsigned i = 0; i < n; i++) {
		long r = bulkhead_psci_call(BULKHEAD_PSCI_CPU_ON, 1, entries[i], 0);

		if (r == BULKHEAD_PSCI_E_INVALID_ADDRESS) {
			refused++;
		} else {
			spin_ms(h, 200); /* a started vCPU faults there and restarts us */
			report("psci-cpu-on-bad-entry", "ESCAPED", "CPU_ON(1, 0x%llx) answered %ld",
			       (unsigned long long)entries[i], r);
			return;
		}
	}
	report("psci-cpu-on-bad-entry", "denied",
	       "CPU_ON of its own vCPU 1 at %u entry points outside its RAM: each INVALID_ADDRESS",
	       refused);
}

static atomic_int cpu_off_returned;

static void cpu_off_foreign(void *arg)
{
	(void)arg;
	/* CPU_OFF names no target: x1 = the victim's CPU's affinity is ignored. */
	bulkhead_psci_call(BULKHEAD_PSCI_CPU_OFF, 0, 0, 0);
	atomic_store(&cpu_off_returned, 1);
}

static void attack_psci_cpu_off_foreign(struct hostile *h, unsigned c)
{
	long on, state;

	(void)c;
	on = bulkhead_cpu_start(1, cpu_off_foreign, NULL);
	spin_ms(h, 300);
	state = bulkhead_psci_call(BULKHEAD_PSCI_AFFINITY_INFO, 1, 0, 0);
	if (on != 0 || state != 1 || atomic_load(&cpu_off_returned) || !victim_alive(h))
		report("psci-cpu-off-foreign", "ESCAPED",
		       "CPU_ON %ld, vCPU 1 state %ld, CPU_OFF returned %d, or the victim stopped", on,
		       state, atomic_load(&cpu_off_returned));
	else
		report("psci-cpu-off-foreign", "no effect",
		       "CPU_OFF from vCPU 1 with x1 = 0 (victim's affinity): turned off only the caller "
		       "(AFFINITY_INFO(1) = OFF); victim beating");
}

static void attack_psci_affinity_info_foreign(struct hostile *h, unsigned c)
{
	static const uint64_t targets[] = { 2, 3, 0x100, 0x80000000ull, 0xffffffffffull, UINT64_MAX };
	unsigned refused = 0, n = sizeof(targets) / sizeof(targets[0]);

	(void)h;
	(void)c;
	for (unsigned i = 0; i < n; i++) {
		long r = bulkhead_psci_call(BULKHEAD_PSCI_AFFINITY_INFO, targets[i], 0, 0);

		if (r == BULKHEAD_PSCI_E_INVALID_PARAMS) {
			refused++;
		} else {
			report("psci-affinity-info-foreign", "ESCAPED",
			       "AFFINITY_INFO 0x%llx answered %ld (another partition's CPU state)",
			       (unsigned long long)targets[i], r);
			return;
		}
	}
	report("psci-affinity-info-foreign", "denied",
	       "AFFINITY_INFO of %u CPUs it does not have: each INVALID_PARAMETERS (no state leaks)",
	       refused);
}

/* ---- floods --------------------------------------------------------------- */

static void attack_doorbell_flood(struct hostile *h, unsigned c)
{
	const unsigned long calls = 100000;
	uint64_t beats = h->pulse->heartbeats, t0 = bulkhead_ticks(), ms;
	uint64_t bells = h->pulse->doorbells;
	unsigned long ok = 0;

	(void)c;
	for (unsigned long i = 0; i < calls; i++)
		ok += bulkhead_channel_notify(&h->journal_ch) >= 0;
	ms = (bulkhead_ticks() - t0) * 1000 / h->hz;
	spin_ms(h, 300);
	beats = h->pulse->heartbeats - beats;
	if (!victim_alive(h))
		report("doorbell-flood", "ESCAPED", "%lu notifies in %llu ms; victim beat %llu times",
		       calls, (unsigned long long)ms, (unsigned long long)beats);
	else
		report("doorbell-flood", "no effect",
		       "%lu CHANNEL_NOTIFY (%lu accepted) in %llu ms ringing the victim's doorbell: "
		       "it took %llu doorbells and beat %llu times meanwhile (10 Hz)",
		       calls, ok, (unsigned long long)ms,
		       (unsigned long long)(h->pulse->doorbells - bells), (unsigned long long)beats);
}

static void attack_console_flood(struct hostile *h, unsigned c)
{
	static char text[64 * 1024];
	uint64_t beats = h->pulse->heartbeats, t0 = bulkhead_ticks(), worst = 0, ms;
	int64_t whole;
	unsigned long bytes = 0, calls = 0;

	(void)c;
	for (size_t i = 0; i < sizeof(text); i++)
		text[i] = (i % 128 == 127) ? '\n' : (char)('a' + i % 26);
	/* The whole RAM as one buffer: legal, but only 256 bytes are taken. */
	whole = bulkhead_hvc(BULKHEAD_HC_CONSOLE_WRITE, h->ram_base, h->ram_size, 0, 0, 0);
	bulkhead_console_write("\n", 1);
	for (int round = 0; round < 8; round++) {
		uint64_t s = bulkhead_ticks();
		int64_t r = bulkhead_hvc(BULKHEAD_HC_CONSOLE_WRITE, (uintptr_t)text, sizeof(text),
					 0, 0, 0);
		uint64_t d = bulkhead_ticks() - s;

		calls++;
		bytes += r > 0 ? (unsigned long)r : 0;
		if (d > worst)
			worst = d;
	}
	bulkhead_console_write("\n", 1);
	ms = (bulkhead_ticks() - t0) * 1000 / h->hz;
	spin_ms(h, 300);
	beats = h->pulse->heartbeats - beats;
	if (whole > BULKHEAD_CONSOLE_WRITE_MAX || bytes > calls * BULKHEAD_CONSOLE_WRITE_MAX ||
	    !victim_alive(h))
		report("console-flood", "ESCAPED", "one call took %lld bytes", (long long)whole);
	else
		report("console-flood", "no effect",
		       "CONSOLE_WRITE of its whole %llu MiB RAM took %lld bytes; %lu calls of 64 KiB took "
		       "%lu bytes (<= 256 each, longest call %llu us); victim beat %llu times in %llu ms",
		       (unsigned long long)(h->ram_size >> 20), (long long)whole, calls, bytes,
		       (unsigned long long)(worst * 1000000 / h->hz), (unsigned long long)beats,
		       (unsigned long long)(ms + 300));
}

static atomic_ulong storm_sgis, storm_ticks;

static void storm_sgi(unsigned int intid, void *arg)
{
	(void)intid;
	(void)arg;
	atomic_fetch_add(&storm_sgis, 1);
}

static void storm_tick(void *arg)
{
	(void)arg;
	atomic_fetch_add(&storm_ticks, 1);
}

static void attack_irq_storm(struct hostile *h, unsigned c)
{
	uint64_t beats = h->pulse->heartbeats, t0, ms;
	unsigned long sent = 0;

	(void)c;
	bulkhead_irq_handler(3, storm_sgi, NULL);
	/* Earlier classes lowered its own SGI/PPI priorities (GICv2's banked
	 * registers): back to the default, or nothing would be taken. */
	bulkhead_intid_set_priority(3, BULKHEAD_IRQ_PRIORITY_DEFAULT);
	bulkhead_intid_set_priority(bulkhead_timer_intid(), BULKHEAD_IRQ_PRIORITY_DEFAULT);
	bulkhead_intid_enable(3);
	bulkhead_timer_start(20000, storm_tick, NULL);
	bulkhead_irq_enable();
	t0 = bulkhead_ticks();
	while (bulkhead_ticks() - t0 < h->hz * 2) {
		bulkhead_sgi_send(3, 0);
		sent++;
	}
	bulkhead_irq_disable();
	bulkhead_timer_stop();
	ms = (bulkhead_ticks() - t0) * 1000 / h->hz;
	beats = h->pulse->heartbeats - beats;
	if (!victim_alive(h))
		report("irq-storm", "ESCAPED", "victim beat %llu times in %llu ms of storm",
		       (unsigned long long)beats, (unsigned long long)ms);
	else
		report("irq-storm", "no effect",
		       "%lu SGIs to itself (%lu taken) and a 20 kHz timer (%lu ticks) for %llu ms: "
		       "the victim beat %llu times meanwhile (10 Hz)",
		       sent, atomic_load(&storm_sgis), atomic_load(&storm_ticks),
		       (unsigned long long)ms, (unsigned long long)beats);
}

static void attack_dma(struct hostile *h, unsigned c)
{
	(void)h;
	(void)c;
	report("dma", "not attempted",
	       "this partition owns no bus-master device: without an IOMMU a virtio-mmio slot's "
	       "DMA is unprotected (REQ-ISO-031), so configs may not give it one");
}

/* ---- the table ---------------------------------------------------------- */

struct attack {
	const char *name;
	void (*run)(struct hostile *h, unsigned c);
	bool probes; /* handles its own restarts (probe by probe) */
};

static const struct attack attacks[] = {
	{ "own-ram-edges", attack_own_ram_edges, true },
	{ "victim-ram", attack_victim_ram, true },
	{ "hyp-ram", attack_hyp_ram, true },
	{ "ipa-sweep", attack_ipa_sweep, true },
	{ "foreign-device", attack_foreign_device, true },
	{ "hyp-console-uart", attack_hyp_uart, true },
	{ "unowned-devices", attack_unowned_devices, true },
	{ "read-only-channel", attack_read_only_channel, true },
	{ "decoder-forms", attack_decoder_forms, true },
	{ "sysreg-impdef", attack_sysreg_impdef, true },
	{ "sysreg-el2", attack_sysreg_el2, false },
	{ "eret-to-el2", attack_eret_to_el2, false },
	{ "semihosting", attack_semihosting, false },
	{ "sysreg-pmu-el2", attack_sysreg_pmu_el2, false },
	{ "set-way-cache-ops", attack_set_way, false },
	{ "smc-unknown", attack_smc_unknown, false },
	{ "hc-invalid-ids", attack_hc_invalid_ids, false },
	{ "hc-foreign-pointer", attack_hc_foreign_pointer, false },
	{ "hc-wrapping-pointer", attack_hc_wrapping_pointer, false },
	{ "hc-unaligned-pointer", attack_hc_unaligned_pointer, false },
	{ "hc-notify-foreign", attack_hc_notify_foreign, false },
	{ "gicd-foreign-spi", attack_gicd_foreign_spi, false },
	{ "gicd-ctlr", attack_gicd_ctlr, false },
	{ "gic-redistributors", attack_gic_redistributors, true },
	{ "sgi-foreign", attack_sgi_foreign, false },
	{ "sgi-broadcast", attack_sgi_broadcast, false },
	{ "sgi-other-affinity", attack_sgi_other_affinity, false },
	{ "psci-cpu-on-foreign", attack_psci_cpu_on_foreign, false },
	{ "psci-cpu-on-bad-entry", attack_psci_cpu_on_bad_entry, false },
	{ "psci-cpu-off-foreign", attack_psci_cpu_off_foreign, false },
	{ "psci-affinity-info-foreign", attack_psci_affinity_info_foreign, false },
	{ "doorbell-flood", attack_doorbell_flood, false },
	{ "console-flood", attack_console_flood, false },
	{ "irq-storm", attack_irq_storm, false },
	{ "dma", attack_dma, false },
};

#define ATTACK_COUNT (sizeof(attacks) / sizeof(attacks[0]))
_Static_assert(ATTACK_COUNT <= JOURNAL_CLASSES, "the journal has room for every class");

static int find_gic(struct hostile *h)
{
	const void *fdt = bulkhead_devicetree();
	int node = fdt_node_offset_by_compatible(fdt, -1, "arm,gic-v3"), len;
	const fdt32_t *reg;

	h->gic = bulkhead_irq_gic_version();
	h->gicd = bulkhead_irq_distributor();
	if (node >= 0 && (reg = fdt_getprop(fdt, node, "reg", &len)) != NULL && len >= 32) {
		/* #address-cells = #size-cells = 2: the redistributor region is entry 1. */
		h->gicr = (uintptr_t)((uint64_t)fdt32_to_cpu(reg[4]) << 32 | fdt32_to_cpu(reg[5]));
		h->gicr_size = (uint64_t)fdt32_to_cpu(reg[6]) << 32 | fdt32_to_cpu(reg[7]);
	}
	return h->gic != 0 && (h->gic == 2 || h->gicr != 0) ? 0 : -1;
}

/* The partition named "...off...": SYSTEM_OFF, a few seconds in. */
static int system_off_only(void)
{
	for (uint64_t end = bulkhead_ticks() + 3 * bulkhead_ticks_per_second(); bulkhead_ticks() < end;)
		bulkhead_cpu_relax();
	report("psci-system-off", "pending",
	       "PSCI SYSTEM_OFF by SMC: must end only this partition (the hypervisor's "
	       "\"exited\" line follows, the victim beats on)");
	app_smc(0x84000008, 0, 0, 0, 0, 0);
	report("psci-system-off", "ESCAPED", "SYSTEM_OFF returned");
	return 3;
}

int main(void)
{
	struct hostile h = { .hz = bulkhead_ticks_per_second() };
	struct bulkhead_partition_info info;

	if (bulkhead_partition_info(&info) != 0) {
		printf("hostile: not under Bulkhead\n");
		return 2;
	}
	if (strstr(info.name, "off") != NULL)
		return system_off_only();
	if (bulkhead_channel_find("journal", &h.journal_ch) != 0 || !h.journal_ch.writable ||
	    bulkhead_channel_find("pulse", &h.pulse_ch) != 0 || h.pulse_ch.writable ||
	    bulkhead_irq_init() != 0 || find_gic(&h) != 0) {
		printf("hostile: needs a written \"journal\", a read \"pulse\" channel and a GIC\n");
		return 2;
	}
	bulkhead_ram_range(&h.ram_base, &h.ram_size);
	h.j = h.journal_ch.base;
	h.pulse = h.pulse_ch.base;
	if (h.j->magic != ISOLATION_JOURNAL_MAGIC) {
		memset((void *)h.j, 0, sizeof(*h.j));
		h.j->magic = ISOLATION_JOURNAL_MAGIC;
	}
	h.j->boots++;
	if (h.j->pending) {
		/* The last life ended in the middle of an attempt: it was trapped. */
		h.j->faulted[h.j->pending_class]++;
		journal_done_probe(&h, h.j->pending_probe);
	}
	while (h.pulse->magic != ISOLATION_PULSE_MAGIC)
		spin_ms(&h, 10);
	if (h.j->boots == 1)
		bulkhead_print("hostile: %u classes of attack; GICv%d; RAM 0x%llx + 0x%llx\n",
			       (unsigned)ATTACK_COUNT, h.gic, (unsigned long long)h.ram_base,
			       (unsigned long long)h.ram_size);
	for (unsigned c = h.j->next_class; c < ATTACK_COUNT; c++) {
		if (!attacks[c].probes && h.j->faulted[c] != 0) {
			report(attacks[c].name, "trapped",
			       "the attempt faulted and the partition was restarted");
		} else {
			if (!attacks[c].probes)
				journal_pending(&h, c, 0);
			attacks[c].run(&h, c);
		}
		h.j->pending = 0;
		h.j->next_class = c + 1;
		h.j->next_probe = 0;
	}
	h.j->done = 1;
	report("psci-system-reset", "pending",
	       "PSCI SYSTEM_RESET by HVC after %u lives: must end only this partition (the "
	       "hypervisor's \"exited\" line follows, the victim beats on)", h.j->boots);
	bulkhead_psci_call(PSCI_SYSTEM_RESET, 0, 0, 0);
	report("psci-system-reset", "ESCAPED", "SYSTEM_RESET returned");
	return 3;
}
