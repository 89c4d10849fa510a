/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The unit tests' system config (test_config.c), written by hand in the shape
 * emit.py generates, on the qemu-virt-arm64 board's numbers. Two partitions,
 * both seeing their RAM at TEST_RAM_IPA, physically side by side in the fake
 * arch's RAM window so that an off-by-one in a bounds check lands in the
 * neighbour's memory (which the fake arch would happily map):
 *
 *   PA 0x42000000  alpha RAM, 64 KiB, RWX          cpus 0,1   on_fault restart (2 times)
 *   PA 0x42010000  beta RAM, 32 KiB, RWX           cpu 2      on_fault halt
 *   PA 0x42018000  beta's read-only RAM, 4 KiB at IPA 0x50000000
 *   PA 0x42019000  nobody's (stands for the hypervisor's own memory)
 *   beta also has a device region (a UART) at IPA 0x09000000.
 *   cpu 3 runs no partition.
 */
#ifndef TEST_CONFIG_H
#define TEST_CONFIG_H

#include <stdint.h>

#include "fake_arch.h"

#define TEST_ALPHA 0
#define TEST_BETA  1

#define TEST_RAM_IPA 0x40000000ull

#define TEST_ALPHA_PA        FAKE_RAM_PA
#define TEST_ALPHA_RAM_SIZE  0x10000ull
#define TEST_ALPHA_DTB_IPA   TEST_RAM_IPA
#define TEST_ALPHA_IMAGE_IPA (TEST_RAM_IPA + 0x2000)
#define TEST_ALPHA_ENTRY_IPA (TEST_ALPHA_IMAGE_IPA + 0x40)

#define TEST_BETA_PA        (FAKE_RAM_PA + 0x10000)
#define TEST_BETA_RAM_SIZE  0x8000ull
#define TEST_BETA_DTB_IPA   (TEST_RAM_IPA + 0x1000)
#define TEST_BETA_IMAGE_IPA (TEST_RAM_IPA + 0x4000)
#define TEST_BETA_ENTRY_IPA TEST_BETA_IMAGE_IPA

#define TEST_BETA_RO_IPA  0x50000000ull
#define TEST_BETA_RO_PA   (FAKE_RAM_PA + 0x18000)
#define TEST_BETA_RO_SIZE 0x1000ull

#define TEST_BETA_UART_IPA 0x09000000ull

#define TEST_NOBODY_PA (FAKE_RAM_PA + 0x19000)

extern const unsigned char test_alpha_dtb[64], test_alpha_image[300];
extern const unsigned char test_beta_dtb[40], test_beta_image[100];

#endif
