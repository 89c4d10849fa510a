// SPDX-License-Identifier: Apache-2.0
/*
 * From the boot stub to main(): decide whether we run under Bulkhead or
 * natively, find and check the Devicetree, learn our RAM and console from
 * it, set up the heap, run the constructors, call main() and exit with its
 * status. Every failure here ends the program with one clear line and
 * BULKHEAD_GUEST_EXIT_BOOT_FAILED rather than a hang or a wild access.
 *
 * Detection: the hypervisor enters a partition with BULKHEAD_ENTRY_MAGIC in
 * x1; QEMU leaves x1 zero. The magic alone selects the hypercall path, and
 * BULKHEAD_HC_PARTITION_INFO then confirms it. `hvc` is never issued without
 * the magic: at EL1 with no EL2 it is UNDEFINED.
 */
#include <stdlib.h>

#include <libfdt.h>

#include "arch.h"
#include "runtime.h"

/* Where QEMU puts the Devicetree for an ELF kernel: the start of RAM. */
#define RUNTIME_NATIVE_FDT_ADDR 0x40000000ul

struct runtime_state runtime;

/* newlib's constructor walker (init_array), and our entry into the app. */
extern void __libc_init_array(void);
extern int main(void);

static noreturn void runtime_fail(const char *what, uint64_t value, const char *why)
{
	console_puts("bulkhead-rt: ");
	console_puts(what);
	console_put_hex(value);
	console_puts(why);
	console_puts("\n");
	exit_now(BULKHEAD_GUEST_EXIT_BOOT_FAILED);
}

/* Under Bulkhead: check the ABI version and ask who we are. */
static void runtime_confirm_bulkhead(uint64_t abi_version)
{
	long status;

	if (abi_version != BULKHEAD_ABI_VERSION) {
		console_puts("bulkhead-rt: the hypervisor speaks ABI version ");
		console_put_dec((int64_t)abi_version);
		console_puts(", this runtime version ");
		console_put_dec(BULKHEAD_ABI_VERSION);
		console_puts("; rebuild the guest against its bulkhead_abi.h\n");
		exit_now(BULKHEAD_GUEST_EXIT_BOOT_FAILED);
	}
	status = guest_arch_hvc(BULKHEAD_HC_PARTITION_INFO, (uintptr_t)&runtime.info,
				sizeof(runtime.info), 0, 0, 0);
	if (status != BULKHEAD_OK) {
		console_puts("bulkhead-rt: entered with the Bulkhead magic, but the "
			     "PARTITION_INFO hypercall failed with status ");
		console_put_dec(status);
		console_puts("\n");
		exit_now(BULKHEAD_GUEST_EXIT_BOOT_FAILED);
	}
}

/*
 * Natively, a bootloader that follows the Linux arm64 convention passes the
 * Devicetree in x0; QEMU does not for an ELF (x0 is 0) but puts it at the
 * start of RAM. Prefer x0 when it holds a blob, else RAM's start.
 */
static uintptr_t runtime_native_fdt(uint64_t x0)
{
	const void *fdt;

	if (x0 != 0 && devtree_open((uintptr_t)x0, &fdt) == 0)
		return (uintptr_t)x0;
	return RUNTIME_NATIVE_FDT_ADDR;
}

static void runtime_read_devicetree(uint64_t x0)
{
	uintptr_t addr = runtime.mode == RUNTIME_BULKHEAD ? (uintptr_t)x0 : runtime_native_fdt(x0);
	int err = devtree_open(addr, &runtime.fdt);

	if (err != 0) {
		console_puts("bulkhead-rt: no Devicetree blob at ");
		console_put_hex(addr);
		console_puts(" (");
		console_puts(fdt_strerror(err));
		console_puts(")\n");
		exit_now(BULKHEAD_GUEST_EXIT_BOOT_FAILED);
	}
	err = devtree_ram(runtime.fdt, (uintptr_t)__image_start, &runtime.ram_base, &runtime.ram_end);
	if (err != 0)
		runtime_fail("no /memory region in the Devicetree holds the image at ",
			     (uintptr_t)__image_start, "");
	if ((uintptr_t)_end > runtime.ram_end)
		runtime_fail("the image does not fit in RAM: it ends at ", (uintptr_t)_end, "");
}

/*
 * Whether the port's semihosting stand-in is itself a UART the port drives
 * (x86: COM1), so no PL011 need be found natively. Ports with real
 * semihosting (arm64) keep this default.
 */
__attribute__((weak)) bool semihost_arch_is_console(void)
{
	return false;
}

/*
 * Natively the console is the first enabled PL011 (or the port's own, see
 * semihost_arch_is_console()); Bulkhead gives a virtual one.
 */
static void runtime_find_console(void)
{
	uint64_t size;

	if (runtime.mode == RUNTIME_BULKHEAD || semihost_arch_is_console())
		return;
	if (devtree_device(runtime.fdt, "arm,pl011", &runtime.pl011_base, &size) != 0) {
		/* Still reported: console.c falls back to semihosting. */
		console_puts("bulkhead-rt: no usable \"arm,pl011\" UART in the Devicetree\n");
		exit_now(BULKHEAD_GUEST_EXIT_BOOT_FAILED);
	}
	pl011_init(runtime.pl011_base);
}

/*
 * The CPUs (/cpus) and the PSCI conduit (/psci), for SMP and power-off. A
 * missing /cpus means one CPU; a missing or unusable /psci means no
 * secondaries (bulkhead_cpu_start() says NOT_SUPPORTED). Only the first
 * RUNTIME_CPU_MAX CPUs are served (a native -smp 16 still boots).
 */
static void runtime_find_cpus(void)
{
	bool use_smc;

	if (devtree_cpus(runtime.fdt, runtime.cpu_mpidr, RUNTIME_CPU_MAX, &runtime.cpu_count) != 0)
		runtime_fail("unreadable /cpus node in the Devicetree at ", (uintptr_t)runtime.fdt, "");
	if (runtime.cpu_count == 0) {
		runtime.cpu_count = 1;
		runtime.cpu_mpidr[0] = cpu_arch_mpidr();
	}
	if (devtree_psci_uses_smc(runtime.fdt, &use_smc) == 0)
		runtime.psci = use_smc ? RUNTIME_PSCI_SMC : RUNTIME_PSCI_HVC;
	smp_init();
}

noreturn void runtime_start(uint64_t fdt_addr, uint64_t magic, uint64_t abi_version)
{
	runtime.mode = magic == BULKHEAD_ENTRY_MAGIC ? RUNTIME_BULKHEAD : RUNTIME_NATIVE;
	if (runtime.mode == RUNTIME_BULKHEAD)
		runtime_confirm_bulkhead(abi_version);
	runtime_read_devicetree(fdt_addr);
	runtime_find_console();
	runtime_find_cpus();
	heap_init((uintptr_t)_end, (uintptr_t)runtime.ram_end);

	__libc_init_array();
	exit(main());
}

/* newlib's __libc_init_array/__libc_fini_array call these; we need no more. */
void _init(void)
{
}

void _fini(void)
{
}
