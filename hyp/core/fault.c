// SPDX-License-Identifier: Apache-2.0
/*
 * Fault reporting and policy (see fault.h).
 */
#include "fault.h"

#include "config.h"
#include "console.h"
#include "format.h"
#include "partition.h"

static void describe(const struct fault_info *f, char *buf, size_t size)
{
	switch (f->kind) {
	case FAULT_STAGE2_DATA:
		format(buf, size, "stage-2 fault at IPA 0x%llx (%s)", (unsigned long long)f->address,
		       f->write ? "write" : "read");
		break;
	case FAULT_STAGE2_FETCH:
		format(buf, size, "stage-2 fault at IPA 0x%llx (execute)",
		       (unsigned long long)f->address);
		break;
	case FAULT_TRAP:
		format(buf, size, "%s", f->what);
		break;
	}
}

static void log_fault(const struct partition *p, const char *what, const struct fault_info *f,
		      const char *outcome)
{
	console_log("partition fault: %s: %s, %s 0x%llx, PC 0x%llx; %s", p->cfg->name, what,
		    f->syndrome_name, (unsigned long long)f->syndrome, (unsigned long long)f->pc,
		    outcome);
}

enum trap_action fault_handle(struct vcpu *v, const struct fault_info *f)
{
	struct partition *p = v->partition;
	char what[96];

	describe(f, what, sizeof(what));
	/* The partition's pending output goes first, so the story reads in order. */
	console_partition_flush(p->cfg->name, &p->console);
	switch (p->cfg->on_fault) {
	case FAULT_POLICY_RESTART:
		if (p->restarts < p->cfg->max_restarts) {
			log_fault(p, what, f, "restarting");
			partition_request_restart(p);
			return TRAP_VCPU_STOPPED;
		}
		log_fault(p, what, f, "halted: no restarts left");
		break;
	case FAULT_POLICY_RESET_SYSTEM:
		log_fault(p, what, f, "resetting the system");
		return TRAP_RESET_SYSTEM;
	case FAULT_POLICY_HALT:
	default:
		log_fault(p, what, f, "halted");
		break;
	}
	partition_stop(p, PARTITION_HALTED, -1);
	return TRAP_VCPU_STOPPED;
}
