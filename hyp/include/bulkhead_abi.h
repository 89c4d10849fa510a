/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The contract between the hypervisor and a partition: how a partition is
 * entered and which hypercalls it may make. Included by the hypervisor and by
 * the guest runtime, so both sides always agree on the numbers.
 *
 * arm64: `hvc #0`, function id in x0, arguments in x1..x5, status in x0
 * (>= 0 success, < 0 an BULKHEAD_E* error), further results in x1..x3.
 * Ids follow the SMC Calling Convention (ARM DEN 0028): fast call, SMC64,
 * owner 6 = vendor-specific hypervisor service.
 *
 * Pointer arguments are intermediate physical addresses (IPA, what the guest
 * sees as physical memory). The hypervisor accepts a buffer only if it lies
 * wholly inside the calling partition's own RAM.
 */
#ifndef BULKHEAD_ABI_H
#define BULKHEAD_ABI_H

#define BULKHEAD_ABI_VERSION 1u

/* Entry state: x0 = IPA of the partition's Devicetree blob, x1 = this magic,
 * x2 = BULKHEAD_ABI_VERSION, EL1h with DAIF masked, MMU and caches off.
 * A native boot (no hypervisor) leaves x1 zero, which is how the runtime
 * knows where it runs. */
#define BULKHEAD_ENTRY_MAGIC 0x444145484b4c5542ull /* "BULKHEAD" little-endian */

#define BULKHEAD_HC_VERSION        0xC6000000u /* -> x0 = BULKHEAD_ABI_VERSION; does nothing else
                                                  (the null hypercall benchmarks time) */
#define BULKHEAD_HC_CONSOLE_WRITE  0xC6000001u /* x1 = buffer IPA, x2 = length -> x0 = bytes
                                                  taken, at most BULKHEAD_CONSOLE_WRITE_MAX:
                                                  write the rest with further calls */
#define BULKHEAD_HC_PARTITION_EXIT 0xC6000002u /* x1 = status; does not return */
#define BULKHEAD_HC_PARTITION_INFO 0xC6000003u /* x1 = IPA of struct bulkhead_partition_info, x2 = its size */
#define BULKHEAD_HC_CHANNEL_NOTIFY 0xC6000004u /* x1 = channel id (the `channel-id` of its
                                                  Devicetree node): raise every other end's
                                                  doorbell interrupt -> x0 = ends notified */

#define BULKHEAD_OK             0
#define BULKHEAD_E_NOT_SUPPORTED (-1) /* SMCCC's NOT_SUPPORTED */
#define BULKHEAD_E_INVALID      (-2) /* a bad argument */
#define BULKHEAD_E_DENIED       (-3) /* a pointer outside the caller's memory */

#define BULKHEAD_NAME_MAX 32

/* Bytes one CONSOLE_WRITE takes at most: the hypervisor's time on the
 * caller's behalf is bounded per call, whatever length it passes. */
#define BULKHEAD_CONSOLE_WRITE_MAX 256

struct bulkhead_partition_info {
	unsigned int abi_version;
	unsigned int partition_id;
	unsigned int cpu_count;
	unsigned int vcpu_index;       /* which of the partition's CPUs asked */
	unsigned long long ram_base;   /* IPA */
	unsigned long long ram_size;
	char name[BULKHEAD_NAME_MAX];  /* NUL-terminated */
};

/* Exit status of a QEMU run (semihosting SYS_EXIT), also the launcher's. */
#define BULKHEAD_RUN_OK              0 /* every partition exited with status 0 */
#define BULKHEAD_RUN_PARTITION_ERROR 1 /* a partition exited with a non-zero status */
#define BULKHEAD_RUN_PARTITION_FAULT 2 /* a partition was halted by its fault policy */
#define BULKHEAD_RUN_BOOT_REFUSED    3 /* the machine does not match the board */
#define BULKHEAD_RUN_HYP_PANIC       4 /* an internal check of the hypervisor failed */
#define BULKHEAD_RUN_SYSTEM_RESET    5 /* a partition's on_fault = "reset-system" fired
                                          (boards that report a status; others reset) */
#define BULKHEAD_RUN_FIRMWARE_REFUSED 6 /* firmware.bin failed verification: nothing started,
                                           or (verify = "partition") a partition did not */

#endif
