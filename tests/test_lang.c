/* The language people read: names of languages, the locale's choice,
 * numbers for people, and the Vietnamese catalogue reached through the
 * core's own messages. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kehoach/entry.h"
#include "kehoach/error.h"
#include "kehoach/lang.h"
#include "kehoach/plan.h"
#include "kehoach/text.h"

#ifndef KH_LOCALEDIR_BUILD
#error "KH_LOCALEDIR_BUILD must name the build's po folder"
#endif

static void parse_is(const char *text, bool ok, kh_lang want)
{
	kh_lang got = want == KH_LANG_VI ? KH_LANG_EN : KH_LANG_VI;

	if (lang_parse(text, &got) != ok)
		fail_msg("lang_parse(\"%s\") should %s", text ? text : "NULL",
			 ok ? "succeed" : "fail");
	if (ok)
		assert_int_equal(got, want);
}

static void test_parse(void **state)
{
	(void)state;
	parse_is("vi", true, KH_LANG_VI);
	parse_is("VI", true, KH_LANG_VI);
	parse_is("vi_VN.UTF-8", true, KH_LANG_VI);
	parse_is("vi-VN", true, KH_LANG_VI);
	parse_is("Tiếng Việt", true, KH_LANG_VI);
	parse_is("Vietnamese", true, KH_LANG_VI);
	parse_is("en", true, KH_LANG_EN);
	parse_is("en_GB", true, KH_LANG_EN);
	parse_is("english", true, KH_LANG_EN);
	parse_is("fr", false, KH_LANG_EN);
	parse_is("fr_FR.UTF-8", false, KH_LANG_EN);
	parse_is("vie", false, KH_LANG_EN);
	parse_is("", false, KH_LANG_EN);
	parse_is(NULL, false, KH_LANG_EN);
	assert_string_equal(lang_code(KH_LANG_VI), "vi");
	assert_string_equal(lang_code(KH_LANG_EN), "en");
}

static void number_is(double v, const char *want)
{
	char buf[32];

	assert_string_equal(lang_number(v, buf, sizeof buf), want);
}

static void test_number(void **state)
{
	(void)state;
	lang_use(KH_LANG_VI);
	number_is(12.5, "12,5");
	number_is(15, "15");
	number_is(0.25, "0,25");
	lang_use(KH_LANG_EN);
	number_is(12.5, "12.5");
	number_is(15, "15");
}

static void decimal_is(const char *text, const char *want)
{
	char buf[128];

	snprintf(buf, sizeof buf, "%s", text);
	lang_decimal_in_place(buf);
	assert_string_equal(buf, want);
}

/* Decided: only a number standing on its own gets the comma; ids,
 * section numbers and versions keep their dots, so an id quoted in a
 * Vietnamese message can still be typed back. */
static void test_decimal_in_place(void **state)
{
	(void)state;
	lang_use(KH_LANG_VI);
	decimal_is("12.5 tấn", "12,5 tấn");
	decimal_is("13 / 2.5–3.5 DN", "13 / 2,5–3,5 DN");
	decimal_is("1.5-2.5", "1,5-2,5");
	decimal_is("(12.5%)", "(12,5%)");
	decimal_is("short 1.88.", "short 1,88.");
	decimal_is("v1.2", "v1.2");
	decimal_is("II.1.3", "II.1.3");
	decimal_is("II.1-che-pham 2.5", "II.1-che-pham 2,5");
	decimal_is("tt_2.5", "tt_2.5");
	decimal_is("x-1.5", "x-1.5");
	decimal_is("1.2.3", "1.2.3");
	decimal_is("1.2a", "1.2a");
	decimal_is("end.", "end.");
	decimal_is("", "");
	lang_use(KH_LANG_EN);
	decimal_is("12.5 tấn", "12.5 tấn");
}

static void locale_env(const char *language, const char *lc_all,
		       const char *lc_messages, const char *lang)
{
	const char *names[] = {"LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG"};
	const char *values[] = {language, lc_all, lc_messages, lang};

	for (size_t i = 0; i < 4; i++) {
		if (values[i])
			setenv(names[i], values[i], 1);
		else
			unsetenv(names[i]);
	}
}

static void test_from_locale(void **state)
{
	(void)state;
	locale_env(NULL, NULL, NULL, NULL);
	assert_int_equal(lang_from_locale(), KH_LANG_EN);
	locale_env(NULL, NULL, NULL, "vi_VN.UTF-8");
	assert_int_equal(lang_from_locale(), KH_LANG_VI);
	locale_env(NULL, NULL, NULL, "en_US.UTF-8");
	assert_int_equal(lang_from_locale(), KH_LANG_EN);
	/* LC_ALL wins over LANG; LANGUAGE over both. */
	locale_env(NULL, "vi_VN.UTF-8", NULL, "en_US.UTF-8");
	assert_int_equal(lang_from_locale(), KH_LANG_VI);
	locale_env(NULL, "C", NULL, "vi_VN.UTF-8");
	assert_int_equal(lang_from_locale(), KH_LANG_EN);
	locale_env("vi", "en_US.UTF-8", NULL, NULL);
	assert_int_equal(lang_from_locale(), KH_LANG_VI);
	locale_env("en", NULL, NULL, "vi_VN.UTF-8");
	assert_int_equal(lang_from_locale(), KH_LANG_EN);
	/* "C" in LANGUAGE passes on to the next variable. */
	locale_env("C", NULL, NULL, "vi_VN.UTF-8");
	assert_int_equal(lang_from_locale(), KH_LANG_VI);
	locale_env("", "", "vi_VN.UTF-8", "en_US.UTF-8");
	assert_int_equal(lang_from_locale(), KH_LANG_VI);
	locale_env(NULL, NULL, NULL, NULL);
}

/* One of the loader's messages, through the build's catalogue. */
static void test_catalogue(void **state)
{
	kh_error err;
	char why[256];

	(void)state;
	lang_init(KH_LOCALEDIR_BUILD);
	lang_use(KH_LANG_VI);
	assert_null(plan_load(NULL, &err));
	assert_string_equal(err.msg, "chưa chỉ ra tệp kế hoạch");
	assert_false(kh_parse_quantity("-3", false, NULL, why, sizeof why));
	assert_string_equal(why, "không được nhập số âm");
	assert_string_equal(kh_rc_name(KH_EBUSY), "cơ sở dữ liệu đang bận");

	lang_use(KH_LANG_EN);
	assert_null(plan_load(NULL, &err));
	assert_string_equal(err.msg, "no plan file given");
	assert_false(kh_parse_quantity("-3", false, NULL, why, sizeof why));
	assert_string_equal(why, "negative numbers are not allowed");
}

/* A Vietnamese reason cut by a small buffer stays valid UTF-8. */
static void test_cut_reasons(void **state)
{
	(void)state;
	lang_init(KH_LOCALEDIR_BUILD);
	lang_use(KH_LANG_VI);
	for (size_t size = 1; size < 40; size++) {
		char why[40];

		assert_false(kh_parse_quantity("abc", false, NULL, why, size));
		assert_true(text_valid_utf8(why, strlen(why)));
	}
	lang_use(KH_LANG_EN);

	/* The error's own buffer: a long message of two- and three-byte
	 * characters is cut between characters. */
	static char longer[3000];
	for (size_t i = 0; i + 3 < sizeof longer; i += 3)
		memcpy(longer + i, "ệ", 3);
	for (int shift = 0; shift < 3; shift++) {
		kh_error err;
		char shown[sizeof err.msg + 600];

		kh_error_set(&err, KH_EINPUT, "%.*s%s", shift, "ab",
			     longer);
		assert_true(text_valid_utf8(err.msg, strlen(err.msg)));
		kh_error_set_at(&err, KH_EINPUT, "kế-hoạch.yaml", 3, 4, "%s",
				longer);
		kh_error_format(&err, shown, 100 + (size_t)shift);
		assert_true(text_valid_utf8(shown, strlen(shown)));
	}
}

int main(void)
{
	setlocale(LC_ALL, "");
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_parse),
		cmocka_unit_test(test_number),
		cmocka_unit_test(test_decimal_in_place),
		cmocka_unit_test(test_from_locale),
		cmocka_unit_test(test_catalogue),
		cmocka_unit_test(test_cut_reasons),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
