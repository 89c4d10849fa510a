// SPDX-License-Identifier: Apache-2.0
/*
 * format(): every conversion, width and padding, negative numbers, 64-bit
 * values, and truncation to the buffer (always NUL-terminated, never a byte
 * past `size`).
 */
#include <limits.h>
#include <string.h>

#include "unit.h"

#include "format.h"

/* format() without the printf attribute, for what gcc would (rightly) warn
 * about: unknown conversions, a trailing '%', a NULL %s. */
static size_t format_unchecked(char *buf, size_t size, const char *fmt, ...)
{
	va_list ap;
	size_t n;

	va_start(ap, fmt);
	n = format_v(buf, size, fmt, ap);
	va_end(ap);
	return n;
}

/* Formats into a roomy buffer and checks text and returned length. */
#define assert_format_with(fn, expected, ...)                           \
	do {                                                            \
		char out_[128];                                         \
		size_t n_ = fn(out_, sizeof(out_), __VA_ARGS__);        \
		assert_string_equal(out_, expected);                    \
		assert_int_equal(n_, strlen(expected));                 \
	} while (0)
#define assert_format(expected, ...) assert_format_with(format, expected, __VA_ARGS__)
/* For flag combinations gcc warns about, which format() must still handle. */
#define assert_format_odd(expected, ...) \
	assert_format_with(format_unchecked, expected, __VA_ARGS__)

static void conversions(void **state)
{
	(void)state;
	assert_format("plain text", "plain text");
	assert_format("s=str", "s=%s", "str");
	assert_format("c=Z", "c=%c", 'Z');
	assert_format("d=42 i=-7", "d=%d i=%i", 42, -7);
	assert_format("u=4000000000", "u=%u", 4000000000u);
	assert_format("x=deadbeef X=DEADBEEF", "x=%x X=%X", 0xdeadbeefu, 0xdeadbeefu);
	assert_format("p=0x1234", "p=%p", (void *)0x1234);
	assert_format("100%", "100%%");
	assert_format("zero 0 0 0", "zero %d %u %x", 0, 0u, 0u);
}

static void unknown_conversion_prints_itself(void **state)
{
	char out[32];

	(void)state;
	assert_int_equal(format_unchecked(out, sizeof(out), "a%qb%yc"), 5);
	assert_string_equal(out, "aqbyc");
}

static void trailing_percent_is_dropped(void **state)
{
	char out[32];

	(void)state;
	assert_int_equal(format_unchecked(out, sizeof(out), "abc%"), 3);
	assert_string_equal(out, "abc");
	assert_int_equal(format_unchecked(out, sizeof(out), "abc%08l"), 3);
	assert_string_equal(out, "abc");
}

static void null_string(void **state)
{
	char out[32];

	(void)state;
	format_unchecked(out, sizeof(out), "[%s]", (const char *)NULL);
	assert_string_equal(out, "[(null)]");
}

static void width_and_padding(void **state)
{
	(void)state;
	assert_format("[   42]", "[%5d]", 42);
	assert_format("[42   ]", "[%-5d]", 42);
	assert_format("[00042]", "[%05d]", 42);
	assert_format_odd("[42   ]", "[%-05d]", 42); /* '-' wins over '0' */
	assert_format("[12345]", "[%3d]", 12345); /* width is a minimum */
	assert_format("[000000ff]", "[%08x]", 0xffu);
	assert_format("[  ab]", "[%4s]", "ab");
	assert_format("[ab  ]", "[%-4s]", "ab");
	assert_format("[  x]", "[%3c]", 'x');
	assert_format("[x  ]", "[%-3c]", 'x');
	assert_format_odd("[  ab]", "[%04s]", "ab"); /* strings pad with spaces */
	assert_format("[name         x]", "[%-12s %s]", "name", "x");
	assert_format("[         100]", "[%12u]", 100u);
}

static void negative_numbers(void **state)
{
	(void)state;
	assert_format("-42", "%d", -42);
	assert_format("[  -42]", "[%5d]", -42);
	assert_format("[-0042]", "[%05d]", -42); /* the sign precedes the zeros */
	assert_format("[-42  ]", "[%-5d]", -42);
	assert_format("[-42]", "[%02d]", -42);
	assert_format("-2147483648", "%d", INT_MIN);
	assert_format("-9223372036854775808", "%lld", LLONG_MIN);
	assert_format("-1234567890123", "%ld", -1234567890123l);
	assert_format("-1", "%zd", (ptrdiff_t)-1);
	/* A negative value through %u or %x is its two's complement. */
	assert_format("4294967295 ffffffff", "%u %x", (unsigned)-1, (unsigned)-1);
}

static void sixty_four_bit_values(void **state)
{
	(void)state;
	assert_format("fedcba9876543210", "%llx", 0xfedcba9876543210ull);
	assert_format("FEDCBA9876543210", "%llX", 0xfedcba9876543210ull);
	assert_format("18446744073709551615", "%llu", ULLONG_MAX);
	assert_format("9223372036854775807", "%lld", LLONG_MAX);
	assert_format("0x0000000000001234", "0x%016llx", 0x1234ull);
	assert_format("123456789abc", "%lx", 0x123456789abcul);
	assert_format("18446744073709551615 ffffffffffffffff", "%zu %zx", SIZE_MAX, SIZE_MAX);
	/* Each length modifier takes exactly its own argument off the list. */
	assert_format("1 1099511627776 3 4", "%d %lld %u %d", 1, 1ll << 40, 3u, 4);
	assert_format("ffffffff 5", "%x %d", 0xffffffffu, 5);
}

static void truncation_keeps_within_buffer(void **state)
{
	char out[16];

	(void)state;
	memset(out, '#', sizeof(out));
	assert_int_equal(format(out, 8, "hello %s", "world"), 7);
	assert_string_equal(out, "hello w");
	for (size_t i = 8; i < sizeof(out); i++)
		assert_int_equal(out[i], '#');
}

static void truncation_inside_a_number(void **state)
{
	char out[16];

	(void)state;
	memset(out, '#', sizeof(out));
	assert_int_equal(format(out, 4, "%d", 123456), 3);
	assert_string_equal(out, "123");
	assert_int_equal(out[4], '#');
	assert_int_equal(format(out, 6, "%08x", 0xabu), 5);
	assert_string_equal(out, "00000");
	assert_int_equal(format(out, 3, "%-6s|", "ab"), 2);
	assert_string_equal(out, "ab");
}

static void exact_fit(void **state)
{
	char out[6];

	(void)state;
	assert_int_equal(format(out, sizeof(out), "%s", "12345"), 5);
	assert_string_equal(out, "12345");
	assert_int_equal(format(out, sizeof(out), "%s", "123456"), 5);
	assert_string_equal(out, "12345");
}

static void size_one_and_zero(void **state)
{
	char out[4] = { 'a', 'b', 'c', 'd' };

	(void)state;
	assert_int_equal(format(out, 1, "xyz"), 0);
	assert_int_equal(out[0], '\0');
	assert_int_equal(out[1], 'b');
	out[0] = 'a';
	assert_int_equal(format(out, 0, "xyz"), 0);
	assert_int_equal(out[0], 'a'); /* size 0: not even a NUL */
	assert_int_equal(format(NULL, 0, "%d", 7), 0);
}

static void empty_format(void **state)
{
	char out[4] = { 'a', 'b', 'c', 'd' };

	(void)state;
	assert_int_equal(format(out, sizeof(out), "%s", ""), 0);
	assert_int_equal(out[0], '\0');
}

static const struct CMUnitTest tests[] = {
	cmocka_unit_test(conversions),
	cmocka_unit_test(unknown_conversion_prints_itself),
	cmocka_unit_test(trailing_percent_is_dropped),
	cmocka_unit_test(null_string),
	cmocka_unit_test(width_and_padding),
	cmocka_unit_test(negative_numbers),
	cmocka_unit_test(sixty_four_bit_values),
	cmocka_unit_test(truncation_keeps_within_buffer),
	cmocka_unit_test(truncation_inside_a_number),
	cmocka_unit_test(exact_fit),
	cmocka_unit_test(size_one_and_zero),
	cmocka_unit_test(empty_format),
};

UNIT_MAIN("format", tests)
