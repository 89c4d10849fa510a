/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Trapped accesses to the emulated GIC registers. Neither the distributor
 * nor the redistributors are mapped in any partition's stage 2, so every
 * access faults to EL2 and lands here.
 */
#ifndef VGIC_MMIO_H
#define VGIC_MMIO_H

#include <stdbool.h>
#include <stdint.h>

struct vcpu;

/* Emulate one access of `size` bytes at `ipa`: a read fills *value, a write
 * takes it. false if `ipa` is no emulated GIC register of this partition. */
bool vgic_mmio_access(struct vcpu *v, uint64_t ipa, unsigned size, bool write, uint64_t *value);

/* The two halves, offsets relative to their frame. */
uint64_t vgic_dist_read(struct vcpu *v, unsigned offset, unsigned size);
void vgic_dist_write(struct vcpu *v, unsigned offset, unsigned size, uint64_t value);
uint64_t vgic_redist_read(struct vcpu *v, struct vcpu *owner, unsigned offset, unsigned size);
void vgic_redist_write(struct vcpu *v, struct vcpu *owner, unsigned offset, unsigned size,
		       uint64_t value);

#define GICD_FRAME_SIZE 0x10000u
#define GICR_FRAME_SIZE 0x20000u

#endif
