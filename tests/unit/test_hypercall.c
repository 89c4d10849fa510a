// SPDX-License-Identifier: Apache-2.0
/*
 * hypercall_handle(): each call does its job with the caller's own memory
 * and refuses, touching nothing, a buffer that is not the caller's.
 */
#include <string.h>

#include "unit.h"

#include "bulkhead_abi.h"
#include "hypercall.h"
#include "partition.h"

/* A hypercall as the arch layer hands it over: function id, x1, x2. */
#define HC(fid_, a0, a1) ((struct hypercall){ .fid = (fid_), .arg = { (a0), (a1) } })

static struct vcpu *vcpu(unsigned partition, unsigned index)
{
	return &partition_get(partition)->vcpus[index];
}

/* Puts `text` into alpha's RAM at `offset` (what a guest would do). */
static uint64_t alpha_puts(uint64_t offset, const char *text)
{
	memcpy(fake_ram_at(TEST_ALPHA_PA + offset), text, strlen(text));
	return TEST_RAM_IPA + offset;
}

static enum trap_action call(struct vcpu *v, struct hypercall *hc)
{
	hc->ret[0] = 0x7777; /* so a handler that forgets its status shows */
	return hypercall_handle(v, hc);
}

static void console_write_prints(void **state)
{
	struct hypercall hc = HC(BULKHEAD_HC_CONSOLE_WRITE, alpha_puts(0x800, "hi there\n"), 9);

	(void)state;
	assert_int_equal(call(vcpu(TEST_ALPHA, 0), &hc), TRAP_RESUME);
	assert_int_equal(hc.ret[0], 9);
	assert_console("[alpha] hi there\n");
}

static void console_write_keeps_partial_line(void **state)
{
	struct hypercall hc = HC(BULKHEAD_HC_CONSOLE_WRITE, alpha_puts(0x800, "abc\ndef"), 7);

	(void)state;
	assert_int_equal(call(vcpu(TEST_ALPHA, 0), &hc), TRAP_RESUME);
	assert_int_equal(hc.ret[0], 7);
	assert_console("[alpha] abc\n");
	assert_int_equal(partition_get(TEST_ALPHA)->console.len, 3);
}

static void console_write_takes_a_bounded_chunk(void **state)
{
	char text[BULKHEAD_CONSOLE_WRITE_MAX + 100];
	struct hypercall hc;

	(void)state;
	memset(text, 'x', sizeof(text) - 1);
	text[sizeof(text) - 1] = '\0';
	hc = HC(BULKHEAD_HC_CONSOLE_WRITE, alpha_puts(0x800, text), sizeof(text) - 1);
	assert_int_equal(call(vcpu(TEST_ALPHA, 0), &hc), TRAP_RESUME);
	assert_int_equal(hc.ret[0], BULKHEAD_CONSOLE_WRITE_MAX);
	/* Whole lines of CONSOLE_LINE_MAX went out; the rest waits in the line. */
	assert_int_equal(partition_get(TEST_ALPHA)->console.len,
			 BULKHEAD_CONSOLE_WRITE_MAX % CONSOLE_LINE_MAX);
}

static void console_write_from_read_only_region(void **state)
{
	struct hypercall hc = HC(BULKHEAD_HC_CONSOLE_WRITE, TEST_BETA_RO_IPA, 5);

	(void)state;
	memcpy(fake_ram_at(TEST_BETA_RO_PA), "ro!\r\n", 5);
	assert_int_equal(call(vcpu(TEST_BETA, 0), &hc), TRAP_RESUME);
	assert_int_equal(hc.ret[0], 5);
	assert_console("[beta] ro!\n");
}

static void console_write_outside_callers_ram_denied(void **state)
{
	/* The end of alpha's RAM runs on into beta's, where beta keeps a secret. */
	uint64_t ipa = alpha_puts(TEST_ALPHA_RAM_SIZE - 4, "not ");
	struct hypercall straddling = HC(BULKHEAD_HC_CONSOLE_WRITE, ipa, 11);
	struct hypercall foreign = HC(BULKHEAD_HC_CONSOLE_WRITE, TEST_BETA_PA, 7);
	struct hypercall wrapping = HC(BULKHEAD_HC_CONSOLE_WRITE, TEST_RAM_IPA, UINT64_MAX);

	(void)state;
	memcpy(fake_ram_at(TEST_BETA_PA), "secret\n", 7);
	assert_int_equal(call(vcpu(TEST_ALPHA, 0), &straddling), TRAP_RESUME);
	assert_int_equal(straddling.ret[0], BULKHEAD_E_DENIED);
	assert_int_equal(call(vcpu(TEST_ALPHA, 0), &foreign), TRAP_RESUME);
	assert_int_equal(foreign.ret[0], BULKHEAD_E_DENIED);
	assert_int_equal(call(vcpu(TEST_ALPHA, 0), &wrapping), TRAP_RESUME);
	assert_int_equal(wrapping.ret[0], BULKHEAD_E_DENIED);
	assert_console("");
	assert_int_equal(partition_get(TEST_ALPHA)->console.len, 0);
}

static void partition_exit_records_status(void **state)
{
	struct hypercall hc = HC(BULKHEAD_HC_PARTITION_EXIT, 7, 0);
	struct partition *p = partition_get(TEST_ALPHA);

	(void)state;
	assert_int_equal(call(vcpu(TEST_ALPHA, 0), &hc), TRAP_VCPU_STOPPED);
	assert_int_equal(p->state, PARTITION_EXITED);
	assert_int_equal(p->exit_status, 7);
	assert_int_equal(partition_get(TEST_BETA)->state, PARTITION_LOADED);
	assert_console("[hyp] partition alpha exited with status 7\n");
}

static void partition_exit_negative_status(void **state)
{
	struct hypercall hc = HC(BULKHEAD_HC_PARTITION_EXIT, (uint64_t)-5, 0);

	(void)state;
	assert_int_equal(call(vcpu(TEST_BETA, 0), &hc), TRAP_VCPU_STOPPED);
	assert_int_equal(partition_get(TEST_BETA)->exit_status, -5);
	assert_console("[hyp] partition beta exited with status -5\n");
}

static void partition_exit_flushes_pending_output(void **state)
{
	struct hypercall write = HC(BULKHEAD_HC_CONSOLE_WRITE, alpha_puts(0, "bye"), 3);
	struct hypercall leave = HC(BULKHEAD_HC_PARTITION_EXIT, 0, 0);

	(void)state;
	call(vcpu(TEST_ALPHA, 0), &write);
	assert_int_equal(call(vcpu(TEST_ALPHA, 0), &leave), TRAP_VCPU_STOPPED);
	assert_console("[alpha] bye\n[hyp] partition alpha exited with status 0\n");
}

static void partition_info_fills_struct(void **state)
{
	const uint64_t offset = 0x1000;
	struct bulkhead_partition_info *info = fake_ram_at(TEST_ALPHA_PA + offset);
	struct hypercall hc = HC(BULKHEAD_HC_PARTITION_INFO, TEST_RAM_IPA + offset, sizeof(*info));

	(void)state;
	memset(info, 0xff, sizeof(*info) + 16);
	assert_int_equal(call(vcpu(TEST_ALPHA, 1), &hc), TRAP_RESUME);
	assert_int_equal(hc.ret[0], BULKHEAD_OK);
	assert_int_equal(info->abi_version, BULKHEAD_ABI_VERSION);
	assert_int_equal(info->partition_id, 0);
	assert_int_equal(info->cpu_count, 2);
	assert_int_equal(info->vcpu_index, 1);
	assert_int_equal(info->ram_base, TEST_RAM_IPA);
	assert_int_equal(info->ram_size, TEST_ALPHA_RAM_SIZE);
	assert_string_equal(info->name, "alpha");
	for (size_t i = strlen("alpha"); i < sizeof(info->name); i++)
		assert_int_equal(info->name[i], '\0');
	assert_ram_filled(TEST_ALPHA_PA + offset + sizeof(*info), 16, 0xff);
	assert_console("");
}

static void partition_info_of_beta(void **state)
{
	struct bulkhead_partition_info *info = fake_ram_at(TEST_BETA_PA + 0x100);
	/* A bigger size is fine: only the struct is written. */
	struct hypercall hc = HC(BULKHEAD_HC_PARTITION_INFO, TEST_RAM_IPA + 0x100, 4096);

	(void)state;
	assert_int_equal(call(vcpu(TEST_BETA, 0), &hc), TRAP_RESUME);
	assert_int_equal(hc.ret[0], BULKHEAD_OK);
	assert_int_equal(info->partition_id, 1);
	assert_int_equal(info->cpu_count, 1);
	assert_int_equal(info->vcpu_index, 0);
	assert_int_equal(info->ram_size, TEST_BETA_RAM_SIZE);
	assert_string_equal(info->name, "beta");
	assert_ram_filled(TEST_BETA_PA + 0x100 + sizeof(*info), 4096 - sizeof(*info), UNIT_RAM_FILL);
}

static void partition_info_long_name_truncated(void **state)
{
	struct partition_config cfg = config_partitions[TEST_ALPHA];
	struct partition p = { .cfg = &cfg };
	struct bulkhead_partition_info *info = fake_ram_at(TEST_ALPHA_PA);
	struct hypercall hc = HC(BULKHEAD_HC_PARTITION_INFO, TEST_RAM_IPA, sizeof(*info));

	(void)state;
	cfg.name = "a-partition-name-of-forty-characters-xyz";
	p.vcpus[0] = (struct vcpu){ .partition = &p };
	assert_int_equal(call(&p.vcpus[0], &hc), TRAP_RESUME);
	assert_int_equal(hc.ret[0], BULKHEAD_OK);
	/* BULKHEAD_NAME_MAX - 1 characters and the NUL. */
	assert_string_equal(info->name, "a-partition-name-of-forty-chara");
}

static void partition_info_short_size_refused(void **state)
{
	const uint64_t short_size = sizeof(struct bulkhead_partition_info) - 1;
	struct hypercall hc = HC(BULKHEAD_HC_PARTITION_INFO, TEST_RAM_IPA, short_size);

	(void)state;
	assert_int_equal(call(vcpu(TEST_ALPHA, 0), &hc), TRAP_RESUME);
	assert_int_equal(hc.ret[0], BULKHEAD_E_INVALID);
	assert_ram_filled(TEST_ALPHA_PA, sizeof(struct bulkhead_partition_info), UNIT_RAM_FILL);
}

static void partition_info_foreign_pointer_refused(void **state)
{
	const uint64_t size = sizeof(struct bulkhead_partition_info);
	struct hypercall foreign = HC(BULKHEAD_HC_PARTITION_INFO, TEST_BETA_PA, size);
	const uint64_t last_bytes = TEST_RAM_IPA + TEST_ALPHA_RAM_SIZE - size + 8;
	struct hypercall straddling = HC(BULKHEAD_HC_PARTITION_INFO, last_bytes, size);
	struct hypercall read_only = HC(BULKHEAD_HC_PARTITION_INFO, TEST_BETA_RO_IPA, size);

	(void)state;
	assert_int_equal(call(vcpu(TEST_ALPHA, 0), &foreign), TRAP_RESUME);
	assert_int_equal(foreign.ret[0], BULKHEAD_E_DENIED);
	assert_int_equal(call(vcpu(TEST_ALPHA, 0), &straddling), TRAP_RESUME);
	assert_int_equal(straddling.ret[0], BULKHEAD_E_DENIED);
	assert_int_equal(call(vcpu(TEST_BETA, 0), &read_only), TRAP_RESUME);
	assert_int_equal(read_only.ret[0], BULKHEAD_E_DENIED);
	/* Nothing was written anywhere. */
	assert_ram_filled(FAKE_RAM_PA, FAKE_RAM_SIZE, UNIT_RAM_FILL);
}

static void unknown_id_not_supported(void **state)
{
	static const uint64_t ids[] = {
		0, 0xC6000005u, 0xC60000ffu, 0x86000001u, 0x84000008u /* PSCI SYSTEM_OFF */,
		BULKHEAD_HC_CONSOLE_WRITE | (1ull << 32),
	};

	(void)state;
	for (size_t i = 0; i < sizeof(ids) / sizeof(ids[0]); i++) {
		struct hypercall hc = HC(ids[i], TEST_RAM_IPA, 4);

		assert_int_equal(call(vcpu(TEST_ALPHA, 0), &hc), TRAP_RESUME);
		assert_int_equal(hc.ret[0], BULKHEAD_E_NOT_SUPPORTED);
	}
	assert_int_equal(partition_get(TEST_ALPHA)->state, PARTITION_LOADED);
	assert_console("");
}

static void version_is_the_null_hypercall(void **state)
{
	struct hypercall hc = HC(BULKHEAD_HC_VERSION, 0, 0);

	(void)state;
	assert_int_equal(call(vcpu(TEST_ALPHA, 0), &hc), TRAP_RESUME);
	assert_int_equal(hc.ret[0], BULKHEAD_ABI_VERSION);
	assert_console("");
}

static void notify_raises_the_peers_doorbell(void **state)
{
	struct hypercall hc = HC(BULKHEAD_HC_CHANNEL_NOTIFY, 0, 0);

	(void)state;
	partition_get(TEST_BETA)->state = PARTITION_RUNNING;
	assert_int_equal(call(vcpu(TEST_ALPHA, 0), &hc), TRAP_RESUME);
	assert_int_equal(hc.ret[0], 1);
	assert_int_equal(fake_arch.raised, 1);
	assert_ptr_equal(fake_arch.raised_partition, partition_get(TEST_BETA));
	assert_int_equal(fake_arch.raised_intid, 40);
}

static void notify_without_a_peer_doorbell_raises_nothing(void **state)
{
	struct hypercall hc = HC(BULKHEAD_HC_CHANNEL_NOTIFY, 0, 0);

	(void)state;
	partition_get(TEST_ALPHA)->state = PARTITION_RUNNING;
	/* beta notifies; alpha's end has no doorbell */
	assert_int_equal(call(vcpu(TEST_BETA, 0), &hc), TRAP_RESUME);
	assert_int_equal(hc.ret[0], 0);
	assert_int_equal(fake_arch.raised, 0);
}

static void notify_a_stopped_peer_raises_nothing(void **state)
{
	struct hypercall hc = HC(BULKHEAD_HC_CHANNEL_NOTIFY, 0, 0);

	(void)state;
	partition_get(TEST_BETA)->state = PARTITION_HALTED;
	assert_int_equal(call(vcpu(TEST_ALPHA, 0), &hc), TRAP_RESUME);
	assert_int_equal(hc.ret[0], 0);
	assert_int_equal(fake_arch.raised, 0);
}

static void notify_an_unknown_channel_is_invalid(void **state)
{
	struct hypercall hc = HC(BULKHEAD_HC_CHANNEL_NOTIFY, CONFIG_CHANNEL_COUNT, 0);

	(void)state;
	assert_int_equal(call(vcpu(TEST_ALPHA, 0), &hc), TRAP_RESUME);
	assert_int_equal(hc.ret[0], BULKHEAD_E_INVALID);
	hc = (struct hypercall)HC(BULKHEAD_HC_CHANNEL_NOTIFY, UINT64_MAX, 0);
	assert_int_equal(call(vcpu(TEST_ALPHA, 0), &hc), TRAP_RESUME);
	assert_int_equal(hc.ret[0], BULKHEAD_E_INVALID);
	assert_int_equal(fake_arch.raised, 0);
}

static const struct CMUnitTest tests[] = {
	UNIT_TEST(version_is_the_null_hypercall),
	UNIT_TEST(notify_raises_the_peers_doorbell),
	UNIT_TEST(notify_without_a_peer_doorbell_raises_nothing),
	UNIT_TEST(notify_a_stopped_peer_raises_nothing),
	UNIT_TEST(notify_an_unknown_channel_is_invalid),
	UNIT_TEST(console_write_prints),
	UNIT_TEST(console_write_takes_a_bounded_chunk),
	UNIT_TEST(console_write_keeps_partial_line),
	UNIT_TEST(console_write_from_read_only_region),
	UNIT_TEST(console_write_outside_callers_ram_denied),
	UNIT_TEST(partition_exit_records_status),
	UNIT_TEST(partition_exit_negative_status),
	UNIT_TEST(partition_exit_flushes_pending_output),
	UNIT_TEST(partition_info_fills_struct),
	UNIT_TEST(partition_info_of_beta),
	UNIT_TEST(partition_info_long_name_truncated),
	UNIT_TEST(partition_info_short_size_refused),
	UNIT_TEST(partition_info_foreign_pointer_refused),
	UNIT_TEST(unknown_id_not_supported),
};

UNIT_MAIN("hypercall", tests)
