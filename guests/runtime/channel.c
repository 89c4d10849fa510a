// SPDX-License-Identifier: Apache-2.0
/*
 * Shared-memory channels (<bulkhead/guest.h>): found in the Devicetree's
 * /channels node, which the config compiler writes for each partition with
 * the channels it is an end of:
 *
 *     channels {
 *         #address-cells = <2>; #size-cells = <2>;
 *         samples@50000000 {
 *             compatible = "bulkhead,channel";
 *             channel-name = "samples";
 *             reg = <0x0 0x50000000 0x0 0x4000>;
 *             access = "write";            (or "read")
 *         };
 *     };
 *
 * A channel must be Normal memory in the runtime's identity map (shared
 * memory with atomics and barriers): looking one up maps it so if it lies
 * in the unmapped part of the address space (the config compiler puts
 * channels at 0x80000000 and up), and refuses one on Device memory or out
 * of reach rather than faulting or misbehaving at the first access. What goes inside a
 * channel is the applications' business; bulkhead/ring.h is one protocol.
 *
 * Doorbells: the node may also carry `channel-id = <n>` (the number the
 * CHANNEL_NOTIFY hypercall names the channel by) and, on an end that wants
 * to be told, `doorbell = <INTID>`: the virtual SPI the hypervisor raises
 * in this partition when another end notifies.
 */
#include <libfdt.h>

#include <bulkhead/guest.h>
#include <bulkhead/irq.h>

#include "arch.h"
#include "runtime.h"

static int channel_get(const char *name, unsigned int index, struct bulkhead_channel *out)
{
	struct bulkhead_channel found;
	int err = devtree_channel_at(runtime.fdt, name, index, &found);

	if (err == -FDT_ERR_NOTFOUND)
		return BULKHEAD_CHANNEL_NOT_FOUND;
	if (err != 0 || !mmu_arch_map_shared((uintptr_t)found.base, found.size))
		return BULKHEAD_CHANNEL_BAD;
	*out = found;
	return 0;
}

int bulkhead_channel_find(const char *name, struct bulkhead_channel *out)
{
	return channel_get(name, 0, out);
}

int bulkhead_channel_get(unsigned int index, struct bulkhead_channel *out)
{
	return channel_get(NULL, index, out);
}

long bulkhead_channel_notify(const struct bulkhead_channel *ch)
{
	if (ch->id < 0)
		return BULKHEAD_CHANNEL_NO_DOORBELL;
	/* Our writes into the channel come before the hypercall in this CPU's
	 * order; the hypervisor orders everything before the interrupt it
	 * sends the peer (a DSB before an SGI). The fence keeps the compiler
	 * and other CPUs of ours in step. */
	__atomic_thread_fence(__ATOMIC_SEQ_CST);
	return bulkhead_hvc(BULKHEAD_HC_CHANNEL_NOTIFY, (unsigned long)ch->id, 0, 0, 0, 0);
}

int bulkhead_channel_on_doorbell(const struct bulkhead_channel *ch,
				 void (*fn)(unsigned int intid, void *arg), void *arg)
{
	if (ch->doorbell == 0)
		return BULKHEAD_CHANNEL_NO_DOORBELL;
#if !defined(__aarch64__)
	/* Doorbells are virtual GIC interrupts: x86 partitions get none yet. */
	(void)fn;
	(void)arg;
	return BULKHEAD_CHANNEL_NO_DOORBELL;
#else
	int err = bulkhead_irq_handler(ch->doorbell, fn, arg);
	if (err == 0)
		err = bulkhead_intid_route(ch->doorbell, bulkhead_cpu_id());
	if (err == 0)
		err = bulkhead_intid_enable(ch->doorbell);
	return err;
#endif
}
