/* SPDX-License-Identifier: Apache-2.0 */
/*
 * I/O ports: each partition has an I/O bitmap (Intel SDM vol. 3C, 25.6.4)
 * in which only the ports of its own devices pass straight through; any
 * other port access exits, and it is a fault of the partition (the
 * hypervisor's console UART among them: partitions print through the
 * console hypercall).
 */
#ifndef IO_H
#define IO_H

#include <stdint.h>

#include "trap.h"

struct frame;
struct partition_config;
struct vcpu;

/* Build the partition's bitmaps from its io_ranges (with its EPT). */
void io_bitmap_build(const struct partition_config *cfg);

/* Physical addresses of the partition's bitmap A (ports 0-0x7fff) and B. */
uint64_t io_bitmap_a(uint32_t partition_id);
uint64_t io_bitmap_b(uint32_t partition_id);

/* An I/O instruction exited (exit reason 30). */
enum trap_action io_exit(struct vcpu *v, struct frame *f, uint64_t qualification);

#endif
