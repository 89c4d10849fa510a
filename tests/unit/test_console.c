// SPDX-License-Identifier: Apache-2.0
/*
 * The console multiplexer: "[hyp] " and "[name] " prefixes, whole lines only,
 * and nothing a partition writes can break out of its own line.
 */
#include <stdio.h>
#include <string.h>

#include "unit.h"

#include "console.h"

static struct console_line alpha_line, beta_line;

static int console_setup(void **state)
{
	memset(&alpha_line, 0, sizeof(alpha_line));
	memset(&beta_line, 0, sizeof(beta_line));
	return unit_setup(state);
}

#define CONSOLE_TEST(f) cmocka_unit_test_setup(f, console_setup)

static void alpha_writes(const char *s)
{
	console_partition_write("alpha", &alpha_line, s, strlen(s));
}

static void hyp_line_prefixed(void **state)
{
	(void)state;
	console_log("hello %d from %s", 42, "core");
	console_log("second");
	assert_console("[hyp] hello 42 from core\n[hyp] second\n");
}

static void hyp_line_truncated_not_split(void **state)
{
	char long_text[400];

	(void)state;
	memset(long_text, 'h', sizeof(long_text) - 1);
	long_text[sizeof(long_text) - 1] = '\0';
	console_log("%s", long_text);
	/* Formatted into 2 * CONSOLE_LINE_MAX bytes: one line, cut short. */
	assert_int_equal(strlen(fake_console_text()), 6 + 2 * CONSOLE_LINE_MAX - 1 + 1);
	assert_memory_equal(fake_console_text(), "[hyp] hhh", 9);
	assert_int_equal(fake_console_text()[6 + 2 * CONSOLE_LINE_MAX - 1], '\n');
}

static void partition_line_prefixed(void **state)
{
	(void)state;
	alpha_writes("hi there\n");
	assert_console("[alpha] hi there\n");
	assert_int_equal(alpha_line.len, 0);
}

static void line_buffered_across_writes(void **state)
{
	(void)state;
	alpha_writes("hel");
	assert_console(""); /* nothing until the line is complete */
	alpha_writes("lo\nwor");
	assert_console("[alpha] hello\n");
	alpha_writes("ld\n");
	assert_console("[alpha] hello\n[alpha] world\n");
}

static void several_lines_in_one_write(void **state)
{
	(void)state;
	alpha_writes("one\ntwo\n\nfour\n");
	assert_console("[alpha] one\n[alpha] two\n[alpha] \n[alpha] four\n");
}

static void partitions_never_interleave_in_a_line(void **state)
{
	(void)state;
	alpha_writes("alpha starts ");
	console_partition_write("beta", &beta_line, "beta line\n", 10);
	console_log("hyp line");
	alpha_writes("and ends\n");
	assert_console("[beta] beta line\n[hyp] hyp line\n[alpha] alpha starts and ends\n");
}

static void carriage_return_dropped(void **state)
{
	(void)state;
	alpha_writes("one\r\ntwo\r\n");
	alpha_writes("a\rb\n");
	assert_console("[alpha] one\n[alpha] two\n[alpha] ab\n");
}

static void control_characters_shown_as_question_marks(void **state)
{
	static const char out[] = "\x1b[2J\a\x7f\tX\b\x01\n";

	(void)state;
	console_partition_write("alpha", &alpha_line, out, sizeof(out) - 1);
	assert_console("[alpha] ?[2J??\tX??\n"); /* tab passes */
}

static void nul_byte_shown_as_question_mark(void **state)
{
	(void)state;
	console_partition_write("alpha", &alpha_line, "a\0b\n", 4);
	assert_console("[alpha] a?b\n");
}

/* Bytes from 0x80 up are not control characters in UTF-8: they pass as they
 * are, whatever the signedness of char on the machine the hypervisor runs. */
static void utf8_passes_unchanged(void **state)
{
	(void)state;
	alpha_writes("caf\xc3\xa9 \xe2\x9c\x93\n");
	assert_console("[alpha] caf\xc3\xa9 \xe2\x9c\x93\n");
}

static void forged_prefix_stays_inside_its_line(void **state)
{
	(void)state;
	alpha_writes("x\n[beta] forged\n");
	assert_console("[alpha] x\n[alpha] [beta] forged\n");
}

static void line_of_exactly_max_is_one_line(void **state)
{
	char text[CONSOLE_LINE_MAX + 1];
	char expected[CONSOLE_LINE_MAX + 32];

	(void)state;
	memset(text, 'a', CONSOLE_LINE_MAX);
	text[CONSOLE_LINE_MAX] = '\n';
	console_partition_write("alpha", &alpha_line, text, sizeof(text));
	strcpy(expected, "[alpha] ");
	memset(expected + 8, 'a', CONSOLE_LINE_MAX);
	strcpy(expected + 8 + CONSOLE_LINE_MAX, "\n");
	assert_console(expected);
}

static void over_long_line_split(void **state)
{
	char text[2 * CONSOLE_LINE_MAX + 40 + 1];
	char expected[sizeof(text) + 64], *e = expected;

	(void)state;
	for (size_t i = 0; i < sizeof(text) - 1; i++)
		text[i] = (char)('a' + (i / CONSOLE_LINE_MAX));
	text[sizeof(text) - 1] = '\n';
	console_partition_write("alpha", &alpha_line, text, sizeof(text));
	/* 160 a's, 160 b's, then the 40 c's that ended with the newline. */
	for (int part = 0; part < 3; part++) {
		size_t n = part < 2 ? CONSOLE_LINE_MAX : 40;

		e += sprintf(e, "[alpha] ");
		memset(e, 'a' + part, n);
		e += n;
		*e++ = '\n';
	}
	*e = '\0';
	assert_console(expected);
}

static void over_long_line_split_across_writes(void **state)
{
	(void)state;
	for (int i = 0; i < CONSOLE_LINE_MAX; i++)
		alpha_writes("z");
	assert_console("");
	alpha_writes("!");
	assert_int_equal(strlen(fake_console_text()), 8 + CONSOLE_LINE_MAX + 1);
	assert_int_equal(alpha_line.len, 1);
	assert_int_equal(alpha_line.text[0], '!');
}

static void flush_emits_partial_line(void **state)
{
	(void)state;
	alpha_writes("no newline");
	console_partition_flush("alpha", &alpha_line);
	assert_console("[alpha] no newline\n");
	assert_int_equal(alpha_line.len, 0);
	console_partition_flush("alpha", &alpha_line); /* nothing left: nothing out */
	assert_console("[alpha] no newline\n");
	alpha_writes("next\n");
	assert_console("[alpha] no newline\n[alpha] next\n");
}

static void flush_of_empty_line_prints_nothing(void **state)
{
	(void)state;
	console_partition_flush("alpha", &alpha_line);
	console_partition_write("alpha", &alpha_line, "ignored", 0);
	assert_console("");
}

static const struct CMUnitTest tests[] = {
	CONSOLE_TEST(hyp_line_prefixed),
	CONSOLE_TEST(hyp_line_truncated_not_split),
	CONSOLE_TEST(partition_line_prefixed),
	CONSOLE_TEST(line_buffered_across_writes),
	CONSOLE_TEST(several_lines_in_one_write),
	CONSOLE_TEST(partitions_never_interleave_in_a_line),
	CONSOLE_TEST(carriage_return_dropped),
	CONSOLE_TEST(control_characters_shown_as_question_marks),
	CONSOLE_TEST(nul_byte_shown_as_question_mark),
	CONSOLE_TEST(utf8_passes_unchanged),
	CONSOLE_TEST(forged_prefix_stays_inside_its_line),
	CONSOLE_TEST(line_of_exactly_max_is_one_line),
	CONSOLE_TEST(over_long_line_split),
	CONSOLE_TEST(over_long_line_split_across_writes),
	CONSOLE_TEST(flush_emits_partial_line),
	CONSOLE_TEST(flush_of_empty_line_prints_nothing),
};

UNIT_MAIN("console", tests)
