/* Tests for the checks on entry: a cumulative figure below the previous
 * one, a figure far above the plan's maximum, the reasons given, and
 * reason buffers of every size. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kehoach/check.h"
#include "kehoach/date.h"
#include "kehoach/text.h"

#define N_ELEM(a) (sizeof(a) / sizeof((a)[0]))

/* ---- helpers ----------------------------------------------------------- */

static kh_target quantity_target(double min, double max, char *measure)
{
	kh_target t;

	memset(&t, 0, sizeof t);
	t.id = "II.1-che-pham-vi-sinh";
	t.text = "Sản xuất chế phẩm vi sinh vật";
	t.kind = KH_KIND_QUANTITY;
	t.measure = measure;
	t.min = min;
	t.max = max;
	return t;
}

static kh_entry quantity_entry(double value, const char *iso)
{
	kh_entry e;

	memset(&e, 0, sizeof e);
	e.kind = KH_KIND_QUANTITY;
	e.value = value;
	assert_true(kh_date_parse_iso(iso, &e.as_of));
	return e;
}

/* ---- flags ------------------------------------------------------------- */

#define NO_PREVIOUS -1.0

struct flag_case {
	const char *name;
	double max;
	double previous; /* NO_PREVIOUS: none */
	double value;
	unsigned want;
};

static const struct flag_case flag_cases[] = {
	{"no previous", 30, NO_PREVIOUS, 12, 0},
	{"no previous, zero", 30, NO_PREVIOUS, 0, 0},
	{"equal", 30, 15, 15, 0},
	{"equal but for rounding", 30, 0.1 + 0.2, 0.3, 0},
	{"higher", 30, 15, 20, 0},
	{"lower", 30, 15, 12, KH_CHECK_LOWER},
	{"a little lower", 30, 15, 14.99, KH_CHECK_LOWER},
	{"down to zero", 30, 15, 0, KH_CHECK_LOWER},
	{"at the maximum", 30, 15, 30, 0},
	{"exactly 3 x max", 5, NO_PREVIOUS, 15, 0},
	{"just above 3 x max", 5, NO_PREVIOUS, 15.001, KH_CHECK_HIGH},
	{"far above", 5, 3, 100, KH_CHECK_HIGH},
	{"fractional max", 0.5, NO_PREVIOUS, 1.6, KH_CHECK_HIGH},
	{"both", 5, 200, 100, KH_CHECK_LOWER | KH_CHECK_HIGH},
	{"no maximum", 0, NO_PREVIOUS, 100, 0},
};

static void test_flags(void **state)
{
	(void)state;
	for (size_t i = 0; i < N_ELEM(flag_cases); i++) {
		const struct flag_case *c = &flag_cases[i];
		kh_target t = quantity_target(c->max, c->max, "tấn");
		kh_entry prev = quantity_entry(c->previous, "2024-06-14");
		kh_entry e = quantity_entry(c->value, "2024-09-30");
		char why[256];
		unsigned got;

		got = kh_check_entry(&t, c->previous == NO_PREVIOUS ? NULL
								    : &prev,
				     &e, why, sizeof why);
		if (got != c->want)
			fail_msg("%s: flags %u, want %u (%s)", c->name, got,
				 c->want, why);
		/* A reason exactly when flagged. */
		assert_int_equal(why[0] != '\0', got != 0);
		/* The same without a reason buffer. */
		assert_int_equal(kh_check_entry(&t,
						c->previous == NO_PREVIOUS
							? NULL
							: &prev,
						&e, NULL, 0),
				 c->want);
	}
}

/* A previous entry of another kind (the target changed kind in a new
 * plan) gives no figure to compare with. */
static void test_previous_of_other_kind(void **state)
{
	kh_target t = quantity_target(30, 30, "tấn");
	kh_entry prev = quantity_entry(15, "2024-06-14");
	kh_entry e = quantity_entry(12, "2024-09-30");
	char why[128];

	(void)state;
	prev.kind = KH_KIND_MILESTONE;
	prev.done = true;
	assert_int_equal(kh_check_entry(&t, &prev, &e, why, sizeof why), 0);
	assert_string_equal(why, "");
}

/* Milestones and ongoing duties are never flagged, whatever the numbers
 * in their entries say. */
static void test_other_kinds_never_flagged(void **state)
{
	static const kh_kind kinds[] = {KH_KIND_MILESTONE, KH_KIND_ONGOING};
	char why[128];

	(void)state;
	for (size_t i = 0; i < N_ELEM(kinds); i++) {
		kh_target t = quantity_target(0, 0, NULL);
		kh_entry prev = quantity_entry(15, "2024-06-14");
		kh_entry e = quantity_entry(0, "2024-09-30");

		t.kind = kinds[i];
		prev.kind = kinds[i];
		e.kind = kinds[i];
		prev.done = true;
		prev.assessment = KH_ASSESS_COMPLETED;
		e.assessment = KH_ASSESS_NOT_STARTED;
		strcpy(why, "untouched");
		assert_int_equal(kh_check_entry(&t, &prev, &e, why, sizeof why),
				 0);
		assert_string_equal(why, "");

		/* Even when the target's range says otherwise. */
		t.max = 1;
		e.value = 1000;
		assert_int_equal(kh_check_entry(&t, &prev, &e, NULL, 0), 0);
		/* An entry claiming a figure does not make it a quantity. */
		e.kind = KH_KIND_QUANTITY;
		prev.kind = KH_KIND_QUANTITY;
		prev.value = 2000;
		assert_int_equal(kh_check_entry(&t, &prev, &e, NULL, 0), 0);
	}
}

/* Nor is an entry of another kind checked against a quantity target:
 * its value field means nothing. */
static void test_entry_of_other_kind(void **state)
{
	kh_target t = quantity_target(1, 1, "tấn");
	kh_entry prev = quantity_entry(15, "2024-06-14");
	kh_entry e = quantity_entry(0, "2024-09-30");

	(void)state;
	e.kind = KH_KIND_MILESTONE;
	assert_int_equal(kh_check_entry(&t, &prev, &e, NULL, 0), 0);
	e.kind = KH_KIND_ONGOING;
	e.value = 100;
	assert_int_equal(kh_check_entry(&t, NULL, &e, NULL, 0), 0);
}

/* ---- reasons ----------------------------------------------------------- */

static void test_why_text(void **state)
{
	kh_target t = quantity_target(30, 30, "tấn");
	kh_entry prev = quantity_entry(15, "2024-06-14");
	kh_entry e = quantity_entry(12, "2024-09-30");
	char why[256];

	(void)state;
	assert_int_equal(kh_check_entry(&t, &prev, &e, why, sizeof why),
			 KH_CHECK_LOWER);
	assert_string_equal(why, "12 tấn is lower than the last figure, "
				 "15 tấn (as of 2024-06-14)");

	/* Decimals as typed, never in an exponent. */
	prev = quantity_entry(12.5, "2024-01-31");
	e = quantity_entry(12.25, "2024-02-01");
	assert_int_equal(kh_check_entry(&t, &prev, &e, why, sizeof why),
			 KH_CHECK_LOWER);
	assert_string_equal(why, "12.25 tấn is lower than the last figure, "
				 "12.5 tấn (as of 2024-01-31)");

	kh_target dn = quantity_target(2, 5, "doanh nghiệp");
	e = quantity_entry(100, "2024-09-30");
	assert_int_equal(kh_check_entry(&dn, NULL, &e, why, sizeof why),
			 KH_CHECK_HIGH);
	assert_string_equal(why, "100 doanh nghiệp is more than 3 times the "
				 "plan's maximum (5)");

	/* Both: one sentence each, lower first. */
	prev = quantity_entry(200, "2024-06-14");
	assert_int_equal(kh_check_entry(&dn, &prev, &e, why, sizeof why),
			 KH_CHECK_LOWER | KH_CHECK_HIGH);
	assert_string_equal(why, "100 doanh nghiệp is lower than the last "
				 "figure, 200 doanh nghiệp (as of 2024-06-14); "
				 "100 doanh nghiệp is more than 3 times the "
				 "plan's maximum (5)");

	/* No unit of measure: the bare figures. */
	kh_target bare = quantity_target(1, 1, NULL);
	prev = quantity_entry(4, "2024-06-14");
	e = quantity_entry(3.5, "2024-12-14");
	assert_int_equal(kh_check_entry(&bare, &prev, &e, why, sizeof why),
			 KH_CHECK_LOWER | KH_CHECK_HIGH);
	assert_string_equal(why, "3.5 is lower than the last figure, 4 "
				 "(as of 2024-06-14); 3.5 is more than 3 "
				 "times the plan's maximum (1)");
	bare.measure = "";
	assert_int_equal(kh_check_entry(&bare, NULL, &e, why, sizeof why),
			 KH_CHECK_HIGH);
	assert_string_equal(why, "3.5 is more than 3 times the plan's "
				 "maximum (1)");
}

/* Every buffer size from 1 up gives a prefix of the full reason that is
 * NUL-terminated, fits, and never ends in half a character.  Each size
 * gets a heap buffer of exactly that size, so ASan sees any overflow. */
static void test_why_small_buffers(void **state)
{
	kh_target t = quantity_target(2, 5, "doanh nghiệp");
	kh_entry prev = quantity_entry(200, "2024-06-14");
	kh_entry e = quantity_entry(100, "2024-09-30");
	char full[512];
	size_t full_len;

	(void)state;
	assert_int_equal(kh_check_entry(&t, &prev, &e, full, sizeof full),
			 KH_CHECK_LOWER | KH_CHECK_HIGH);
	full_len = strlen(full);
	assert_true(full_len > 100);

	for (size_t size = 1; size <= full_len + 2; size++) {
		char *why = malloc(size);

		assert_non_null(why);
		memset(why, 'x', size);
		assert_int_equal(kh_check_entry(&t, &prev, &e, why, size),
				 KH_CHECK_LOWER | KH_CHECK_HIGH);
		size_t len = strnlen(why, size);
		assert_true(len < size);
		assert_memory_equal(why, full, len);
		assert_true(text_valid_utf8(why, len));
		/* Nothing more than a partial character is dropped. */
		if (size <= full_len)
			assert_true(len + 4 > size - 1);
		else
			assert_string_equal(why, full);
		free(why);
	}

	/* The sizes named in the brief, on the stack too. */
	char one[1] = {'x'};
	assert_int_equal(kh_check_entry(&t, &prev, &e, one, sizeof one),
			 KH_CHECK_LOWER | KH_CHECK_HIGH);
	assert_int_equal(one[0], '\0');
	char eight[8];
	memset(eight, 'x', sizeof eight);
	kh_check_entry(&t, &prev, &e, eight, sizeof eight);
	assert_string_equal(eight, "100 doa");

	/* A cut in the middle of "ệ" (3 bytes at offset 14) drops it all. */
	for (size_t size = 15; size <= 17; size++) {
		char *cut = malloc(size);

		assert_non_null(cut);
		kh_check_entry(&t, &prev, &e, cut, size);
		assert_string_equal(cut, "100 doanh nghi");
		free(cut);
	}

	/* A zero size with a pointer is never written. */
	char zero = 'z';
	kh_check_entry(&t, &prev, &e, &zero, 0);
	assert_int_equal(zero, 'z');
}

static void test_null_arguments(void **state)
{
	kh_target t = quantity_target(2, 5, "tấn");
	kh_entry e = quantity_entry(100, "2024-09-30");
	char why[64];

	(void)state;
	assert_int_equal(kh_check_entry(NULL, NULL, &e, why, sizeof why), 0);
	assert_string_equal(why, "");
	assert_int_equal(kh_check_entry(&t, NULL, NULL, why, sizeof why), 0);
	assert_string_equal(why, "");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_flags),
		cmocka_unit_test(test_previous_of_other_kind),
		cmocka_unit_test(test_other_kinds_never_flagged),
		cmocka_unit_test(test_entry_of_other_kind),
		cmocka_unit_test(test_why_text),
		cmocka_unit_test(test_why_small_buffers),
		cmocka_unit_test(test_null_arguments),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
