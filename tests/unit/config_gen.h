/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The unit tests' stand-in for the config_gen.h that tools/bulkhead/emit.py
 * generates: table sizes for the two-partition config in test_config.c.
 */
#ifndef CONFIG_GEN_H
#define CONFIG_GEN_H
#define CONFIG_PARTITION_COUNT 2
#define CONFIG_CPU_COUNT 4
#define CONFIG_CPU_MAX_PER_PARTITION 2
#define CONFIG_GIC_INTIDS 64
#define CONFIG_CHANNEL_COUNT 1
#define CONFIG_CHANNEL_MAX_ENDS 2
#endif
