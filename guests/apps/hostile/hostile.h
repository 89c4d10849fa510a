/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The hostile partition's single instructions (probes.c): each is one
 * access in exactly the form an attack needs, so that what the hypervisor
 * sees (the syndrome, the address) is the attack and nothing else.
 */
#ifndef APPS_HOSTILE_H
#define APPS_HOSTILE_H

#include <stdint.h>

enum probe_form {
	PROBE_READ,        /* ldr x, [a] */
	PROBE_WRITE,       /* str x, [a] */
	PROBE_READ_PHYS,   /* ldr with the stage-1 MMU off: VA = IPA, any IPA reachable */
	PROBE_LDP,         /* the forms a data-abort syndrome cannot describe (ISV = 0) */
	PROBE_STP,
	PROBE_STR_POST,
	PROBE_LDR_PRE,
	PROBE_LDXR,
	PROBE_LD1_SIMD,
	PROBE_MRS_CPUACTLR, /* IMPLEMENTATION DEFINED (HCR_EL2.TIDCP) */
	PROBE_MSR_CPUACTLR,
	PROBE_MRS_ACTLR,    /* auxiliary control (HCR_EL2.TACR) */
};

/* Do one access; returns what a read gave (0 for the others). */
uint64_t probe(enum probe_form form, uint64_t address);
const char *probe_form_name(enum probe_form form);

/*
 * Run fn(arg) with this file's own EL1 vectors: a synchronous exception
 * taken at EL1 (UNDEFINED, illegal state) is recorded and the faulting
 * instruction skipped. Returns the ESR_EL1 of the first one caught, or 0 if
 * fn ran without an exception at EL1.
 */
uint64_t el1_catch(void (*fn)(void *arg), void *arg);

/* The single-instruction attempts el1_catch() runs. */
void try_mrs_hcr_el2(void *arg);
void try_msr_vttbr_el2(void *arg);
void try_mrs_vbar_el2(void *arg);
void try_msr_cntvoff_el2(void *arg);
void try_msr_hcr_el2(void *arg);
void try_eret_to_el2(void *arg);
void try_semihost_write0(void *arg);
void try_semihost_exit(void *arg);

/* DC ISW, DC CSW and DC CISW over every set and way of every data cache
 * level CLIDR_EL1 lists; returns how many were issued. */
unsigned long set_way_sweep(void);

#endif
