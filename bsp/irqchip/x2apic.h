/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The local APIC in x2APIC mode (Intel SDM vol. 3A, chapter 12.12): every
 * register is an MSR from 0x800, so nothing is mapped, and the interrupt
 * command register (ICR) is one 64-bit write with the destination's 32-bit
 * APIC id in its upper half.
 */
#ifndef X2APIC_H
#define X2APIC_H

#include <stdint.h>

#define X2APIC_MSR_FIRST 0x800
#define X2APIC_MSR_LAST 0x8ff
#define X2APIC_MSR_ID 0x802
#define X2APIC_MSR_EOI 0x80b
#define X2APIC_MSR_LDR 0x80d
#define X2APIC_MSR_SVR 0x80f
#define X2APIC_MSR_ICR 0x830
#define X2APIC_MSR_SELF_IPI 0x83f

/* ICR fields (SDM vol. 3A, 12.6.1, figure 12-12). */
#define ICR_VECTOR(icr) ((uint32_t)(icr) & 0xff)
#define ICR_DELIVERY(icr) (((uint32_t)(icr) >> 8) & 7)
#define ICR_DELIVERY_FIXED 0
#define ICR_DELIVERY_LOWEST 1
#define ICR_DELIVERY_SMI 2
#define ICR_DELIVERY_NMI 4
#define ICR_DELIVERY_INIT 5
#define ICR_DELIVERY_STARTUP 6
#define ICR_LOGICAL (1u << 11)
#define ICR_ASSERT (1u << 14)
#define ICR_SHORTHAND(icr) (((uint32_t)(icr) >> 18) & 3)
#define ICR_SHORTHAND_NONE 0
#define ICR_SHORTHAND_SELF 1
#define ICR_SHORTHAND_ALL 2
#define ICR_SHORTHAND_OTHERS 3
#define ICR_DEST(icr) ((uint32_t)((icr) >> 32))

/* Switch this CPU's local APIC to x2APIC mode and software-enable it. */
void x2apic_enable(void);

/* This CPU's x2APIC id. */
uint32_t x2apic_id(void);

/* Write the ICR: physical destination `apic_id`, the low 32 bits in `low`. */
void x2apic_send(uint32_t apic_id, uint32_t low);

void x2apic_send_init(uint32_t apic_id);
void x2apic_send_startup(uint32_t apic_id, uint8_t page);
void x2apic_send_nmi(uint32_t apic_id);

#endif
