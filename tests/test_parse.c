/* Tests for the value parsers shared by the edit form, the command line and
 * the CSV import.
 *
 * main() adopts the environment's locale, and a comma-decimal locale for
 * numbers when the machine has one, to show the parsers ignore it. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <locale.h>
#include <string.h>

#include "kehoach/entry.h"
#include "kehoach/plan.h"

#define N_ELEM(a) (sizeof(a) / sizeof((a)[0]))

static void test_quantity_accepted(void **state)
{
	static const struct {
		const char *text;
		bool whole;
		double value;
	} cases[] = {
		{"12", false, 12},
		{"12", true, 12},
		{"12.5", false, 12.5},
		{"12,5", false, 12.5},
		{" 30 ", true, 30},
		{"\t30\r\n", true, 30},
		{"0", true, 0},
		{"007", true, 7},
		{"0.1", false, 0.1},
		{"0,1", false, 0.1},
		{"12.0", true, 12},
		{"12.", true, 12},
		{",5", false, 0.5},
		{"0.000001", false, 0.000001},
		{"999999999999999", true, 999999999999999.0},   /* 15 digits */
		{"99999999999999.9", false, 99999999999999.9},
		{"0.123456789012345", false, 0.123456789012345},
		{"000000000000000000001", true, 1},           /* zeros are free */
		{"1.500000000000000000", false, 1.5},
		{"2.50", false, 2.5},
	};

	(void)state;
	for (size_t i = 0; i < N_ELEM(cases); i++) {
		double v = -1;
		char why[128] = "untouched";

		if (!kh_parse_quantity(cases[i].text, cases[i].whole, &v, why,
				       sizeof why))
			fail_msg("case %zu (\"%s\") refused: %s", i,
				 cases[i].text, why);
		if (v != cases[i].value)
			fail_msg("case %zu: %.17g, want %.17g", i, v,
				 cases[i].value);
		assert_string_equal(why, "");
	}
}

static void test_quantity_refused(void **state)
{
	static const struct {
		const char *text;
		bool whole;
		const char *why;
	} cases[] = {
		{"", false, "empty value"},
		{"   ", false, "empty value"},
		{NULL, false, "empty value"},
		{"abc", false, "letters are not allowed in a number"},
		{"12a", false, "letters are not allowed in a number"},
		{"inf", false, "letters are not allowed in a number"},
		{"nan", false, "letters are not allowed in a number"},
		{"0x10", false, "letters are not allowed in a number"},
		{"12 tấn", false, "letters are not allowed in a number"},
		{"1e309", false, "exponents are not allowed"},
		{"1e3", false, "exponents are not allowed"},
		{"2,5E-3", false, "exponents are not allowed"},
		{"-1", false, "negative numbers are not allowed"},
		{"-0", false, "negative numbers are not allowed"},
		{"\xe2\x88\x92" "5", false, "negative numbers are not allowed"},
		{"+1", false, "signs are not allowed"},
		{"1.2.3", false,
		 "use one decimal point or comma and no thousands separators"},
		{"1,234.5", false,
		 "use one decimal point or comma and no thousands separators"},
		{"12,5,6", false,
		 "use one decimal point or comma and no thousands separators"},
		{". ", false, "a number needs digits"},
		{",", false, "a number needs digits"},
		{"1 000", false, "spaces are not allowed inside a number"},
		{"1\xc2\xa0" "000", false, "spaces are not allowed inside a number"},
		{"1-2", false, "only digits and one decimal point or comma are allowed"},
		{"5%", false, "only digits and one decimal point or comma are allowed"},
		{"1\xff", false, "only digits and one decimal point or comma are allowed"},
		{"1.5", true, "a count of whole things cannot have a fraction"},
		{"2,25", true, "a count of whole things cannot have a fraction"},
		{"1000000000000000", true, "number too large"},     /* 16 digits */
		{"12345678901234567890", false, "number too large"},
		{"1234567890123456", false, "number too large"},
		{"1234567890.123456", false,
		 "too many digits (at most 15 significant digits)"},
		{"0.1234567890123456", false,
		 "too many digits (at most 15 significant digits)"},
		{"0.0000000000000001", false,
		 "too many digits (at most 15 significant digits)"},
	};

	(void)state;
	for (size_t i = 0; i < N_ELEM(cases); i++) {
		double v = 42;
		char why[128] = "";

		if (kh_parse_quantity(cases[i].text, cases[i].whole, &v, why,
				      sizeof why))
			fail_msg("case %zu (\"%s\") accepted as %g", i,
				 cases[i].text ? cases[i].text : "(null)", v);
		if (strcmp(why, cases[i].why) != 0)
			fail_msg("case %zu: why \"%s\", want \"%s\"", i, why,
				 cases[i].why);
		assert_true(v == 42); /* untouched on failure */
	}
}

/* A tiny or missing reason buffer is never overrun. */
static void test_quantity_why_buffer(void **state)
{
	char why[8];
	double v;

	(void)state;
	memset(why, 'z', sizeof why);
	assert_false(kh_parse_quantity("abc", false, &v, why, 5));
	assert_string_equal(why, "lett");
	assert_int_equal(why[5], 'z');
	assert_false(kh_parse_quantity("abc", false, &v, NULL, 0));
	assert_false(kh_parse_quantity("abc", false, &v, why, 0));
	assert_true(kh_parse_quantity("3", true, &v, NULL, 0));
	assert_true(v == 3);
}

static void test_done(void **state)
{
	static const struct {
		const char *text;
		bool ok;
		bool value;
	} cases[] = {
		{"done", true, true},
		{"DONE", true, true},
		{" Done ", true, true},
		{"yes", true, true},
		{"y", true, true},
		{"Y", true, true},
		{"true", true, true},
		{"1", true, true},
		{"x", true, true},
		{"X", true, true},
		{"hoàn thành", true, true},
		{"Hoàn Thành", true, true},
		{"HOÀN THÀNH", true, true},
		{"ho\xc3\xa0n tha\xcc\x80nh", true, true},  /* partly NFD */
		{"hoan thanh", true, true},
		{"hoan-thanh", true, true},
		{"xong", true, true},
		{"đã xong", true, true},
		{"Đã xong.", true, true},
		{"da xong", true, true},
		{"not-done", true, false},
		{"not_done", true, false},
		{"not done", true, false},
		{"Not Done", true, false},
		{"no", true, false},
		{"n", true, false},
		{"false", true, false},
		{"0", true, false},
		{"chưa", true, false},
		{"CHƯA", true, false},
		{"chua", true, false},
		{"chưa hoàn thành", true, false},
		{"chua hoan thanh", true, false},
		{"", false, false},
		{"   ", false, false},
		{"maybe", false, false},
		{"2", false, false},
		{"done!!1", false, false},
		{"\x1b[31m", false, false},
	};

	(void)state;
	for (size_t i = 0; i < N_ELEM(cases); i++) {
		bool v = !cases[i].value;
		char why[128] = "untouched";
		bool ok = kh_parse_done(cases[i].text, &v, why, sizeof why);

		if (ok != cases[i].ok)
			fail_msg("case %zu (\"%s\"): %s", i, cases[i].text, why);
		if (ok) {
			assert_true(v == cases[i].value);
			assert_string_equal(why, "");
		} else {
			assert_true(v == !cases[i].value); /* untouched */
			assert_true(strcmp(why, "empty value") == 0 ||
				    strcmp(why, "use done or not-done") == 0);
		}
	}
	char why[64];
	bool v;
	assert_false(kh_parse_done("", &v, why, sizeof why));
	assert_string_equal(why, "empty value");
	assert_false(kh_parse_done("maybe", &v, why, sizeof why));
	assert_string_equal(why, "use done or not-done");
	assert_false(kh_parse_done(NULL, &v, why, sizeof why));
}

static void test_assessment(void **state)
{
	static const struct {
		const char *text;
		kh_assessment value; /* NONE: refused */
	} cases[] = {
		{"completed", KH_ASSESS_COMPLETED},
		{"Completed", KH_ASSESS_COMPLETED},
		{"complete", KH_ASSESS_COMPLETED},
		{"done", KH_ASSESS_COMPLETED},
		{"hoàn thành", KH_ASSESS_COMPLETED},
		{"Hoàn thành", KH_ASSESS_COMPLETED},
		{"hoan-thanh", KH_ASSESS_COMPLETED},
		{"hoan_thanh", KH_ASSESS_COMPLETED},
		{"in-progress", KH_ASSESS_IN_PROGRESS},
		{"in_progress", KH_ASSESS_IN_PROGRESS},
		{"in progress", KH_ASSESS_IN_PROGRESS},
		{"IN PROGRESS", KH_ASSESS_IN_PROGRESS},
		{"ongoing", KH_ASSESS_IN_PROGRESS},
		{"đang thực hiện", KH_ASSESS_IN_PROGRESS},
		{"Đang thực hiện", KH_ASSESS_IN_PROGRESS},
		{"ĐANG THỰC HIỆN", KH_ASSESS_IN_PROGRESS},
		{"dang-thuc-hien", KH_ASSESS_IN_PROGRESS},
		{"dang thuc hien", KH_ASSESS_IN_PROGRESS},
		{"not-started", KH_ASSESS_NOT_STARTED},
		{"not_started", KH_ASSESS_NOT_STARTED},
		{"not started", KH_ASSESS_NOT_STARTED},
		{"Not  Started", KH_ASSESS_NOT_STARTED},
		{"chưa thực hiện", KH_ASSESS_NOT_STARTED},
		{"Chưa thực hiện", KH_ASSESS_NOT_STARTED},
		{"chua-thuc-hien", KH_ASSESS_NOT_STARTED},
		{"chua_thuc_hien", KH_ASSESS_NOT_STARTED},
		{"", KH_ASSESS_NONE},
		{"started", KH_ASSESS_NONE},
		{"progress", KH_ASSESS_NONE},
		{"thực hiện", KH_ASSESS_NONE},
		{"1", KH_ASSESS_NONE},
	};

	(void)state;
	for (size_t i = 0; i < N_ELEM(cases); i++) {
		kh_assessment a = KH_ASSESS_NONE;
		char why[160] = "untouched";
		bool ok = kh_parse_assessment(cases[i].text, &a, why, sizeof why);

		if (ok != (cases[i].value != KH_ASSESS_NONE))
			fail_msg("case %zu (\"%s\"): %s", i, cases[i].text, why);
		assert_int_equal(a, cases[i].value);
		if (ok)
			assert_string_equal(why, "");
	}
	/* The labels and ids from entry.c read back. */
	for (kh_assessment a = KH_ASSESS_NOT_STARTED; a <= KH_ASSESS_COMPLETED;
	     a++) {
		kh_assessment b = KH_ASSESS_NONE;

		assert_true(kh_parse_assessment(kh_assessment_label(a), &b,
						NULL, 0));
		assert_int_equal(b, a);
		b = KH_ASSESS_NONE;
		assert_true(kh_parse_assessment(kh_assessment_id(a), &b, NULL, 0));
		assert_int_equal(b, a);
	}
}

static void test_assessment_reasons(void **state)
{
	char why[160];
	kh_assessment a;

	(void)state;
	assert_false(kh_parse_assessment("x", &a, why, sizeof why));
	assert_string_equal(why, "unknown assessment \"x\" (use completed, "
				 "in-progress or not-started)");
	assert_false(kh_parse_assessment("  ", &a, why, sizeof why));
	assert_string_equal(why, "empty value");
	/* What was typed is quoted safely: no escape reaches the terminal. */
	assert_false(kh_parse_assessment("\x1b]52;c;SGVsbG8=\x07", &a, why,
					 sizeof why));
	assert_null(strchr(why, '\x1b'));
	assert_null(strchr(why, '\x07'));
	assert_string_equal(why, "unknown assessment \"\xef\xbf\xbd]52;c;SGVsbG8="
				 "\xef\xbf\xbd\" (use completed, in-progress or "
				 "not-started)");
	/* and shortened */
	assert_false(kh_parse_assessment(
		"a very long answer that goes on and on and on", &a, why,
		sizeof why));
	assert_string_equal(why, "unknown assessment \"a very long answer that"
				 "\xe2\x80\xa6\" (use completed, in-progress or "
				 "not-started)");
}

static void test_entry_value(void **state)
{
	kh_target q = {.id = "q", .kind = KH_KIND_QUANTITY, .whole = true};
	kh_target d = {.id = "d", .kind = KH_KIND_QUANTITY, .whole = false};
	kh_target m = {.id = "m", .kind = KH_KIND_MILESTONE};
	kh_target o = {.id = "o", .kind = KH_KIND_ONGOING};
	kh_entry e;
	char why[160];

	(void)state;
	memset(&e, 0, sizeof e);
	e.kind = KH_KIND_ONGOING;
	assert_true(kh_parse_entry_value(&q, " 4 ", &e, why, sizeof why));
	assert_int_equal(e.kind, KH_KIND_QUANTITY);
	assert_true(e.value == 4);

	assert_false(kh_parse_entry_value(&q, "4,5", &e, why, sizeof why));
	assert_string_equal(why, "a count of whole things cannot have a fraction");
	assert_true(e.value == 4);

	assert_true(kh_parse_entry_value(&d, "30,5", &e, why, sizeof why));
	assert_true(e.value == 30.5);

	memset(&e, 0, sizeof e);
	assert_true(kh_parse_entry_value(&m, "Hoàn thành", &e, why, sizeof why));
	assert_int_equal(e.kind, KH_KIND_MILESTONE);
	assert_true(e.done);
	assert_true(kh_parse_entry_value(&m, "chưa", &e, why, sizeof why));
	assert_false(e.done);
	assert_false(kh_parse_entry_value(&m, "12", &e, why, sizeof why));
	assert_string_equal(why, "use done or not-done");

	memset(&e, 0, sizeof e);
	assert_true(kh_parse_entry_value(&o, "Đang thực hiện", &e, why,
					 sizeof why));
	assert_int_equal(e.kind, KH_KIND_ONGOING);
	assert_int_equal(e.assessment, KH_ASSESS_IN_PROGRESS);

	/* a failed parse leaves the entry as it was */
	memset(&e, 0, sizeof e);
	assert_false(kh_parse_entry_value(&o, "soon", &e, why, sizeof why));
	assert_int_equal(e.kind, KH_KIND_QUANTITY);
	assert_int_equal(e.assessment, KH_ASSESS_NONE);

	assert_false(kh_parse_entry_value(NULL, "1", &e, why, sizeof why));
	assert_false(kh_parse_entry_value(&q, "1", NULL, why, sizeof why));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_quantity_accepted),
		cmocka_unit_test(test_quantity_refused),
		cmocka_unit_test(test_quantity_why_buffer),
		cmocka_unit_test(test_done),
		cmocka_unit_test(test_assessment),
		cmocka_unit_test(test_assessment_reasons),
		cmocka_unit_test(test_entry_value),
	};
	static const char *const comma_locales[] = {
		"vi_VN.UTF-8", "vi_VN.utf8", "de_DE.UTF-8", "fr_FR.UTF-8",
	};

	setlocale(LC_ALL, "");
	/* Where a locale with a decimal comma exists, use it for numbers. */
	for (size_t i = 0; i < N_ELEM(comma_locales); i++)
		if (setlocale(LC_NUMERIC, comma_locales[i]))
			break;
	return cmocka_run_group_tests(tests, NULL, NULL);
}
