// SPDX-License-Identifier: Apache-2.0
/*
 * Dispatch of trapped GIC register accesses (see vgic_mmio.h): the
 * distributor at the board's GICD address, and one redistributor frame per
 * vCPU of the partition from the board's GICR address up.
 */
#include "vgic_mmio.h"

#include "config.h"
#include "partition.h"
#include "vgic.h"

bool vgic_mmio_access(struct vcpu *v, uint64_t ipa, unsigned size, bool write, uint64_t *value)
{
	uint64_t gicd = config_board.gicd_base, gicr = config_board.gicr_base;
	uint64_t gicr_end = gicr + (uint64_t)v->partition->cfg->cpu_count * GICR_FRAME_SIZE;

	if (ipa - gicd < GICD_FRAME_SIZE) {
		unsigned offset = (unsigned)(ipa - gicd);

		if (write)
			vgic_dist_write(v, offset, size, *value);
		else
			*value = vgic_dist_read(v, offset, size);
		return true;
	}
	if (config_board.gic_version == 3 && ipa >= gicr && ipa < gicr_end) {
		struct vcpu *owner = vgic_vcpu(v, (unsigned)((ipa - gicr) / GICR_FRAME_SIZE));
		unsigned offset = (unsigned)((ipa - gicr) % GICR_FRAME_SIZE);

		if (write)
			vgic_redist_write(v, owner, offset, size, *value);
		else
			*value = vgic_redist_read(v, owner, offset, size);
		return true;
	}
	return false;
}
