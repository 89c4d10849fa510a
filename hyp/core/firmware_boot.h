/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Booting from the signed firmware.bin (docs/image-format.md), on boards
 * whose config_gen.h says CONFIG_FIRMWARE_IMAGE 1: before any partition
 * starts, the hypervisor checks the image it runs from with fw_verify
 * (firmware/verify) against the public key compiled into it, prints one
 * measured-boot line per payload, and takes each partition's pristine image
 * and Devicetree from the verified payloads. A refusal ends the run with
 * BULKHEAD_RUN_FIRMWARE_REFUSED before anything starts.
 */
#ifndef FIRMWARE_BOOT_H
#define FIRMWARE_BOOT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* The trusted key: SubjectPublicKeyInfo DER of a P-256 key, generated into
 * gen/fw_key.c by tools/bulkhead/firmware.py from the signing key's .pub. */
extern const uint8_t fw_trusted_key_der[];
extern const size_t fw_trusted_key_der_len;
/* Signed with the checkout's development key: the banner says so. */
extern const bool fw_trusted_key_is_development;

/* From the arch backend: the image the hypervisor runs from (its first byte
 * is the hypervisor's own boot header), and in *length how many bytes from
 * there the hypervisor can read: up to the end of its region. */
const uint8_t *arch_firmware_image(size_t *length);

/* From the arch backend: a free-running counter and its rate in *hz, to say
 * how long verification took (under QEMU -icount shift=0 a nanosecond is
 * one instruction). */
uint64_t arch_boot_clock(uint64_t *hz);

/* Verify, print the measured-boot lines, bind every partition's payloads
 * (partition.image, partition.dtb). Returns only when every partition may
 * start, or, with verify = "partition", after marking the partitions whose
 * payloads failed PARTITION_REFUSED. */
void firmware_boot(void);

#endif
