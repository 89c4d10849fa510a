// SPDX-License-Identifier: Apache-2.0
/*
 * Trapped PMU register accesses (see pmu.h). Encodings: ARM DDI 0487,
 * D13.4 (op0 = 3; PMU registers at op1 = 3, CRn = 9 or 14, and the two
 * interrupt-enable registers at op1 = 0, CRn = 9, CRm = 14).
 */
#include "pmu.h"

#include "fault.h"
#include "frame.h"
#include "sysreg.h"

#define PMEVTYPER_NSH (1ull << 27)     /* count at EL2 */
#define PMSELR_CYCLE_COUNTER 31        /* PMXEVTYPER then means PMCCFILTR_EL0 */
#define PMCR_N(pmcr) (((pmcr) >> 11) & 0x1f)

/* op1, CRn, CRm and op2 of an access, as one number. */
#define PMU_REG(op1, crn, crm, op2) ((op1) << 12 | (crn) << 8 | (crm) << 4 | (op2))

enum access { READ, WRITE };

static unsigned field(uint64_t iss, unsigned shift, unsigned bits)
{
	return (unsigned)(iss >> shift) & ((1u << bits) - 1);
}

static unsigned reg_of(uint64_t iss)
{
	return PMU_REG(field(iss, 14, 3), field(iss, 10, 4), field(iss, 1, 4), field(iss, 17, 3));
}

bool pmu_is_register(uint64_t iss)
{
	unsigned op0 = field(iss, 20, 2), op1 = field(iss, 14, 3), crn = field(iss, 10, 4);
	unsigned crm = field(iss, 1, 4), op2 = field(iss, 17, 3);

	if (op0 != 3)
		return false;
	if (op1 == 3)
		return (crn == 9 && crm >= 12) || (crn == 14 && crm >= 8);
	return op1 == 0 && crn == 9 && crm == 14 && (op2 == 1 || op2 == 2);
}

/* One register named by its encoding: the generic S3_<op1>_C<n>_C<m>_<op2>
 * form, since which one is only known at run time. */
#define ACCESS(op1, crn, crm, op2)                                                           \
	case PMU_REG(op1, crn, crm, op2):                                                    \
		if (dir == WRITE)                                                            \
			__asm__ volatile("msr S3_" #op1 "_C" #crn "_C" #crm "_" #op2 ", %0"  \
					 : : "r"(*value) : "memory");                        \
		else                                                                         \
			__asm__ volatile("mrs %0, S3_" #op1 "_C" #crn "_C" #crm "_" #op2     \
					 : "=r"(*value));                                    \
		return true

/* The registers accessed as they are. false for a register that does not
 * allow `dir` (a write to PMCEIDn, a read of PMSWINC), which would be
 * UNDEFINED at EL2 too. */
static bool access_plain(unsigned reg, enum access dir, uint64_t *value)
{
	if (dir == WRITE && (reg == PMU_REG(3, 9, 12, 6) || reg == PMU_REG(3, 9, 12, 7)))
		return false;
	if (dir == READ && reg == PMU_REG(3, 9, 12, 4))
		return false;
	switch (reg) {
		ACCESS(3, 9, 12, 0); /* PMCR_EL0 */
		ACCESS(3, 9, 12, 1); /* PMCNTENSET_EL0 */
		ACCESS(3, 9, 12, 2); /* PMCNTENCLR_EL0 */
		ACCESS(3, 9, 12, 3); /* PMOVSCLR_EL0 */
		ACCESS(3, 9, 12, 4); /* PMSWINC_EL0 */
		ACCESS(3, 9, 12, 5); /* PMSELR_EL0 */
		ACCESS(3, 9, 12, 6); /* PMCEID0_EL0 */
		ACCESS(3, 9, 12, 7); /* PMCEID1_EL0 */
		ACCESS(3, 9, 13, 0); /* PMCCNTR_EL0 */
		ACCESS(3, 9, 14, 0); /* PMUSERENR_EL0 */
		ACCESS(3, 9, 14, 3); /* PMOVSSET_EL0 */
		ACCESS(0, 9, 14, 1); /* PMINTENSET_EL1 */
		ACCESS(0, 9, 14, 2); /* PMINTENCLR_EL1 */
	default:
		return false;
	}
}

/*
 * Event counter `n`'s count or filter (n = 31: the cycle counter's filter),
 * through PMSELR_EL0 and PMXEVCNTR/PMXEVTYPER. A counter the PMU does not
 * have reads as zero and ignores writes, rather than reach an UNDEFINED or
 * UNPREDICTABLE access at EL2.
 */
static void access_selected(unsigned n, bool filter, enum access dir, uint64_t *value)
{
	bool exists = n < PMCR_N(sysreg_read(pmcr_el0)) || (filter && n == PMSELR_CYCLE_COUNTER);
	uint64_t selected = sysreg_read(pmselr_el0);

	if (!exists) {
		if (dir == READ)
			*value = 0;
		return;
	}
	if (filter && dir == WRITE)
		*value &= ~PMEVTYPER_NSH;
	sysreg_write(pmselr_el0, n);
	isb();
	if (filter && dir == WRITE)
		sysreg_write(pmxevtyper_el0, *value);
	else if (filter)
		*value = sysreg_read(pmxevtyper_el0);
	else if (dir == WRITE)
		sysreg_write(pmxevcntr_el0, *value);
	else
		*value = sysreg_read(pmxevcntr_el0);
	sysreg_write(pmselr_el0, selected);
	isb();
}

enum trap_action pmu_emulate(struct vcpu *v, struct frame *f, uint64_t esr)
{
	uint64_t iss = esr & 0x1ffffff;
	unsigned reg = reg_of(iss), rt = field(iss, 5, 5);
	unsigned crn = field(iss, 10, 4), crm = field(iss, 1, 4), op2 = field(iss, 17, 3);
	enum access dir = (iss & 1) ? READ : WRITE;
	uint64_t value = dir == WRITE && rt != 31 ? f->x[rt] : 0;
	bool done = true;

	if (crn == 14)                       /* PMEVCNTR<n>_EL0, PMEVTYPER<n>_EL0 */
		access_selected((crm & 3) << 3 | op2, crm >= 12, dir, &value);
	else if (reg == PMU_REG(3, 9, 13, 1)) /* PMXEVTYPER_EL0 */
		access_selected((unsigned)sysreg_read(pmselr_el0) & 0x1f, true, dir, &value);
	else if (reg == PMU_REG(3, 9, 13, 2)) /* PMXEVCNTR_EL0 */
		access_selected((unsigned)sysreg_read(pmselr_el0) & 0x1f, false, dir, &value);
	else
		done = access_plain(reg, dir, &value);
	if (!done)
		return fault_handle(v, &(struct fault_info){ .kind = FAULT_TRAP,
							      .what = "PMU register access that is "
								      "not allowed",
							      .syndrome_name = "ESR",
							      .syndrome = esr,
							      .pc = f->elr });
	if (dir == READ && rt != 31)
		f->x[rt] = value;
	return TRAP_ADVANCE;
}
