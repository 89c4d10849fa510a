/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Checks every buffer a partition hands the hypervisor. A hypercall may only
 * name memory the caller itself owns with the access it asks for; anything
 * else (another partition, the hypervisor, a device, an overflowing length)
 * is refused before the hypervisor touches a byte.
 */
#ifndef GUEST_MEMORY_H
#define GUEST_MEMORY_H

#include <stdint.h>

struct partition;

/*
 * A hypervisor pointer to the caller's [ipa, ipa+len), or NULL unless the
 * whole range lies inside one of its RAM regions that grants `perms`
 * (MEM_R, MEM_W). len may be 0 only with a valid ipa.
 */
void *guest_memory(const struct partition *p, uint64_t ipa, uint64_t len, uint32_t perms);

#endif
