/* Dates: conversion both ways, parsing both notations, refusals. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "kehoach/date.h"

static kh_date ymd(int y, int m, int d)
{
	kh_date out = KH_DATE_NONE;
	assert_true(kh_date_from_ymd(y, m, d, &out));
	return out;
}

static void test_epoch_and_round_trip(void **state)
{
	(void)state;
	assert_int_equal(ymd(1970, 1, 1), 0);
	assert_int_equal(ymd(2000, 3, 1) - ymd(2000, 2, 28), 2);
	assert_int_equal(ymd(2024, 12, 31) - ymd(2024, 1, 1), 365);
	assert_int_equal(ymd(2023, 12, 31) - ymd(2023, 1, 1), 364);
	for (kh_date d = ymd(1, 1, 1); d <= ymd(9999, 12, 31); d += 97) {
		int y, m, dd;
		kh_date_to_ymd(d, &y, &m, &dd);
		assert_int_equal(ymd(y, m, dd), d);
	}
}

static void test_invalid_dates(void **state)
{
	(void)state;
	kh_date d = 42;
	assert_false(kh_date_from_ymd(2023, 2, 29, &d));
	assert_false(kh_date_from_ymd(1900, 2, 29, &d));
	assert_true(kh_date_from_ymd(2000, 2, 29, &d));
	assert_false(kh_date_from_ymd(2024, 13, 1, &d));
	assert_false(kh_date_from_ymd(2024, 4, 31, &d));
	assert_false(kh_date_from_ymd(0, 1, 1, &d));
	assert_false(kh_date_from_ymd(2024, 0, 1, &d));
}

static void test_parse(void **state)
{
	(void)state;
	static const struct {
		const char *text;
		int y, m, d; /* y == 0: refused */
	} cases[] = {
		{"2024-06-30", 2024, 6, 30},
		{"30/06/2024", 2024, 6, 30},
		{"1/3/2024", 2024, 3, 1},
		{"  2024-02-29 ", 2024, 2, 29},
		{"29/02/2023", 0, 0, 0},
		{"2024-6-30", 0, 0, 0},
		{"2024-06-30x", 0, 0, 0},
		{"30/06/24", 0, 0, 0},
		{"", 0, 0, 0},
		{"abc", 0, 0, 0},
		{"2024/06/30", 0, 0, 0},
		{"31/04/2024", 0, 0, 0},
		{"-2024-01-01", 0, 0, 0},
		{"123/01/2024", 0, 0, 0},
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		kh_date d = KH_DATE_NONE;
		bool ok = kh_date_parse(cases[i].text, &d);
		if (!cases[i].y) {
			assert_false(ok);
			continue;
		}
		assert_true(ok);
		assert_int_equal(d, ymd(cases[i].y, cases[i].m, cases[i].d));
	}
	kh_date d;
	assert_true(kh_date_parse_iso("2024-01-05", &d));
	assert_false(kh_date_parse_iso("05/01/2024", &d));
	assert_false(kh_date_parse_iso(" 2024-01-05", &d));
}

static void test_format(void **state)
{
	(void)state;
	char buf[KH_DATE_ISO_LEN];
	assert_string_equal(kh_date_iso(ymd(2024, 2, 29), buf), "2024-02-29");
	assert_string_equal(kh_date_dmy(ymd(2024, 6, 5), buf), "05/06/2024");
	assert_string_equal(kh_date_iso(ymd(1, 1, 1), buf), "0001-01-01");
	assert_string_equal(kh_date_iso(KH_DATE_NONE, buf), "");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_epoch_and_round_trip),
		cmocka_unit_test(test_invalid_dates),
		cmocka_unit_test(test_parse),
		cmocka_unit_test(test_format),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
