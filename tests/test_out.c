/* Safe output: JSON strings, CSV fields, terminal text. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "kehoach/out.h"

/* Run a writer into memory and return what it wrote (static buffer). */
static char written[4096];

static FILE *open_mem(void)
{
	memset(written, 0, sizeof written);
	FILE *fp = fmemopen(written, sizeof written - 1, "w");
	assert_non_null(fp);
	return fp;
}

static void test_json_string(void **state)
{
	(void)state;
	static const struct {
		const char *in, *out;
	} cases[] = {
		{"plain", "\"plain\""},
		{"Sở KH&CN", "\"Sở KH&CN\""},
		{"a\"b\\c", "\"a\\\"b\\\\c\""},
		{"line\nnext\ttab", "\"line\\nnext\\ttab\""},
		{"\x1b[31mred", "\"\\u001b[31mred\""},
		{"bell\x07", "\"bell\\u0007\""},
		{"sep\xe2\x80\xa8", "\"sep\\u2028\""},
		{"bad\xff", "\"bad\xef\xbf\xbd\""},
		/* C1 CSI, bidi override, zero width: escaped, not dropped. */
		{"\xc2\x9b" "2J \xe2\x80\xae" "ab\xe2\x80\x8b",
		 "\"\\u009b2J \\u202eab\\u200b\""},
		{"\xf3\xa0\x80\x81tag", "\"\\udb40\\udc01tag\""},
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		FILE *fp = open_mem();
		out_json_string(fp, cases[i].in);
		fclose(fp);
		assert_string_equal(written, cases[i].out);
	}
	FILE *fp = open_mem();
	out_json_string(fp, NULL);
	fclose(fp);
	assert_string_equal(written, "null");
}

static void test_json_number(void **state)
{
	(void)state;
	FILE *fp = open_mem();
	out_json_number(fp, 30);
	fputc(' ', fp);
	out_json_number(fp, 12.5);
	fputc(' ', fp);
	out_json_number(fp, 1.0 / 0.0);
	fclose(fp);
	assert_string_equal(written, "30 12.5 null");
}

static void test_csv_field(void **state)
{
	(void)state;
	static const struct {
		const char *in, *out;
	} cases[] = {
		{"plain", "plain"},
		{"a,b", "\"a,b\""},
		{"say \"hi\"", "\"say \"\"hi\"\"\""},
		{"two\nlines", "\"two\nlines\""},
		{"=SUM(A1:A9)", "\"'=SUM(A1:A9)\""},
		{"+cmd", "\"'+cmd\""},
		{"@x", "\"'@x\""},
		{"-1", "-1"},
		{"-12,5", "\"-12,5\""},
		{"-x", "\"'-x\""},
		{"Hỗ trợ", "Hỗ trợ"},
		{" lead", "\" lead\""},
		{"esc\x1b]52;c;aGk=\x07", "esc\xef\xbf\xbd]52;c;aGk=\xef\xbf\xbd"},
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		FILE *fp = open_mem();
		out_csv_field(fp, cases[i].in, ',');
		fclose(fp);
		assert_string_equal(written, cases[i].out);
	}
	FILE *fp = open_mem();
	out_csv_field(fp, "a;b", ';');
	fclose(fp);
	assert_string_equal(written, "\"a;b\"");
}

static void test_text(void **state)
{
	(void)state;
	FILE *fp = open_mem();
	out_text(fp, "Quảng Trị\x1b[2J\r\n", false, false);
	fclose(fp);
	assert_null(strchr(written, '\x1b'));
	assert_null(strchr(written, '\r'));
	assert_null(strchr(written, '\n'));
	assert_non_null(strstr(written, "Quảng Trị"));

	fp = open_mem();
	out_text(fp, "Quảng Trị – Đông Hà", false, true);
	fclose(fp);
	assert_string_equal(written, "Quang Tri - Dong Ha");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_json_string),
		cmocka_unit_test(test_json_number),
		cmocka_unit_test(test_csv_field),
		cmocka_unit_test(test_text),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
