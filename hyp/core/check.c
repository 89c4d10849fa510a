// SPDX-License-Identifier: Apache-2.0
/*
 * What happens when one of the hypervisor's own invariants breaks (check.h):
 * say where, then stop the whole machine, since its state can't be trusted.
 */
#include "check.h"

#include "arch.h"
#include "bulkhead_abi.h"
#include "console.h"

noreturn void check_failed(const char *file, int line, const char *expr)
{
	console_log("BUG: %s:%d: CHECK(%s) failed; stopping the machine", file, line, expr);
	arch_shutdown(BULKHEAD_RUN_HYP_PANIC);
}
