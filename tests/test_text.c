/* Tests for the text helpers: UTF-8 checks, NFC, search folding,
 * neutralising, ASCII fallback, widths, fitting, truncating, wrapping.
 *
 * main() adopts the environment's locale so that running the suite under
 * LANG=C and LANG=C.UTF-8 really exercises both: the results must not
 * change. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <utf8proc.h>

#include "kehoach/text.h"

#define N_ELEM(a) (sizeof(a) / sizeof((a)[0]))

#define FFFD "\xef\xbf\xbd"

/* NFD spellings of a few Vietnamese words. */
#define NFD_CONG "Co\xcc\x82ng"                      /* Công */
#define NFD_NGHE "nghe\xcc\xa3\xcc\x82"              /* nghệ (dot, then hat) */
#define NFD_NGHE2 "nghe\xcc\x82\xcc\xa3"             /* nghệ (hat, then dot) */
#define NFD_HOC "ho\xcc\xa3" "c"                     /* học */
#define NFD_QUANG "Qua\xcc\x89ng"                    /* Quảng */
#define NFD_DOI "\xc4\x90O\xcc\x82\xcc\x89I"         /* ĐỔI */

/* ---- helpers ----------------------------------------------------------- */

static bool is_mark_at(const char *s)
{
	utf8proc_int32_t cp;

	if (utf8proc_iterate((const utf8proc_uint8_t *)s, -1, &cp) <= 0)
		return false;
	utf8proc_category_t c = utf8proc_category(cp);
	return c == UTF8PROC_CATEGORY_MN || c == UTF8PROC_CATEGORY_ME ||
	       c == UTF8PROC_CATEGORY_MC;
}

static bool is_continuation(char c)
{
	return ((unsigned char)c & 0xC0) == 0x80;
}

/* Would this string go to a terminal without moving the cursor or
 * starting an escape sequence?  Valid UTF-8, no C0 (but '\n' when
 * allowed), no DEL, no C1, no bidi or zero-width controls. */
static void assert_terminal_safe(const char *s, bool newlines_ok)
{
	size_t n = strlen(s);

	assert_true(text_valid_utf8(s, n));
	for (size_t i = 0; i < n;) {
		utf8proc_int32_t cp;
		utf8proc_ssize_t k = utf8proc_iterate(
			(const utf8proc_uint8_t *)s + i,
			(utf8proc_ssize_t)(n - i), &cp);

		assert_true(k > 0);
		if (cp == '\n')
			assert_true(newlines_ok);
		else
			assert_false(cp < 0x20);
		assert_false(cp >= 0x7F && cp <= 0x9F);
		assert_false(cp == 0x2028 || cp == 0x2029);
		assert_false(cp >= 0x202A && cp <= 0x202E);
		assert_false(cp >= 0x2066 && cp <= 0x2069);
		assert_false(cp >= 0x200B && cp <= 0x200F);
		assert_false(cp == 0xFEFF);
		i += (size_t)k;
	}
}

/* ---- validity and NFC -------------------------------------------------- */

static void test_valid_utf8(void **state)
{
	static const struct {
		const char *s;
		size_t len;
		bool valid;
	} cases[] = {
		{"", 0, true},
		{"abc", 3, true},
		{"Quảng Trị", sizeof "Quảng Trị" - 1, true},
		{NFD_NGHE, sizeof NFD_NGHE - 1, true},
		{"\xf0\x9f\x98\x80", 4, true},         /* emoji */
		{"\xf4\x8f\xbf\xbf", 4, true},         /* U+10FFFF */
		{"\xef\xbf\xbe", 3, true},             /* U+FFFE: valid, if odd */
		{"a\0b", 3, true},                     /* NUL is a character */
		{"\xff", 1, false},
		{"\xfe", 1, false},
		{"\xc3", 1, false},                    /* lead byte alone */
		{"\xc3x", 2, false},
		{"\x80", 1, false},                    /* stray continuation */
		{"\xc0\xaf", 2, false},                /* overlong '/' */
		{"\xe0\x80\xaf", 3, false},            /* overlong, 3 bytes */
		{"\xf0\x80\x80\xaf", 4, false},        /* overlong, 4 bytes */
		{"\xed\xa0\x80", 3, false},            /* surrogate D800 */
		{"\xed\xbf\xbf", 3, false},            /* surrogate DFFF */
		{"\xf4\x90\x80\x80", 4, false},        /* past U+10FFFF */
		{"\xe1\xbb", 2, false},                /* cut short */
		{"Qu\xe1\xba\xa3ng", 4, false},        /* length cuts "ả" */
	};

	(void)state;
	for (size_t i = 0; i < N_ELEM(cases); i++) {
		if (text_valid_utf8(cases[i].s, cases[i].len) != cases[i].valid)
			fail_msg("case %zu", i);
	}
	assert_true(text_valid_utf8(NULL, 0));
}

static void test_nfc(void **state)
{
	static const struct {
		const char *in;
		size_t len;
		const char *out;
	} cases[] = {
		{"", 0, ""},
		{"abc", 3, "abc"},
		{"Công", sizeof "Công" - 1, "Công"},
		{NFD_CONG, sizeof NFD_CONG - 1, "Công"},
		{NFD_NGHE, sizeof NFD_NGHE - 1, "nghệ"},
		{NFD_NGHE2, sizeof NFD_NGHE2 - 1, "nghệ"},
		{NFD_QUANG, sizeof NFD_QUANG - 1, "Quảng"},
		{NFD_DOI, sizeof NFD_DOI - 1, "ĐỔI"},
		{"abc", 2, "ab"},
		{"a\xff" "b", 3, "a" FFFD "b"},
		{"\xc3", 1, FFFD},
		{"\xc3x", 2, FFFD "x"},
		{"\xc0\xaf", 2, FFFD FFFD},
		{"\xed\xa0\x80", 3, FFFD FFFD FFFD},
		{"\xf4\x90\x80\x80", 4, FFFD FFFD FFFD FFFD},
		{"\xe1\xbb", 2, FFFD},                 /* one per maximal subpart */
		{"\xe1\xbbx", 3, FFFD "x"},
		{"\xf0\x9f\x98", 3, FFFD},
		{"a\0b", 3, "a" FFFD "b"},             /* NUL would cut the string */
		{"\x1b[31m", 5, "\x1b[31m"},           /* NFC only; no sanitising */
	};

	(void)state;
	for (size_t i = 0; i < N_ELEM(cases); i++) {
		char *r = text_nfc(cases[i].in, cases[i].len);

		assert_non_null(r);
		if (strcmp(r, cases[i].out) != 0)
			fail_msg("case %zu: got \"%s\"", i, r);
		free(r);
	}
	char *r = text_nfc(NULL, 0);
	assert_string_equal(r, "");
	free(r);
}

/* ---- search keys ------------------------------------------------------- */

static void test_fold(void **state)
{
	static const struct {
		const char *in;
		const char *out;
	} cases[] = {
		{"", ""},
		{"   ", ""},
		{"Công nghệ Sinh học", "cong nghe sinh hoc"},
		{"Công nghệ  Sinh học", "cong nghe sinh hoc"},
		{"  Công\tnghệ\n Sinh học  ", "cong nghe sinh hoc"},
		{NFD_CONG " " NFD_NGHE " Sinh " NFD_HOC, "cong nghe sinh hoc"},
		{"ĐỔI MỚI", "doi moi"},
		{NFD_DOI " MỚI", "doi moi"},
		{"đ Đ", "d d"},
		{"Sở KH&CN Quảng Trị", "so kh&cn quang tri"},
		{"KH&CN", "kh&cn"},
		{"II.1", "ii.1"},
		{"02-05 doanh nghiệp", "02-05 doanh nghiep"},
		{"02–05", "02-05"},                       /* en dash */
		{"Nghị quyết số 52-NQ/TW", "nghi quyet so 52-nq tw"},
		{"(Hội thảo), \"kết nối\"; cung: cầu!", "hoi thao ket noi cung cau"},
		{"“Chợ” công nghệ…", "cho cong nghe..."},
		{"a_b", "a b"},
		{"ƯU TIÊN ưu tiên", "uu tien uu tien"},
		{"Ơ ơ Ă ă Â â Ê ê Ô ô", "o o a a a a e e o o"},
		{"nghi\xc2\xad" "ep", "nghiep"},          /* soft hyphen */
		{"Ｋ Ｈ", "k h"},                         /* fullwidth */
		{"ﬁ", "fi"},
		{"Straße", "strasse"},
		{"50 %", "50"},
		{"a\xff" "b", "a" FFFD "b"},
	};

	(void)state;
	for (size_t i = 0; i < N_ELEM(cases); i++) {
		char *r = text_fold(cases[i].in);

		assert_non_null(r);
		if (strcmp(r, cases[i].out) != 0)
			fail_msg("case %zu (%s): got \"%s\"", i, cases[i].in, r);
		free(r);
	}
	char *r = text_fold(NULL);
	assert_string_equal(r, "");
	free(r);
}

/* Folding is idempotent and does not care whether text came composed or
 * decomposed. */
static void test_fold_forms(void **state)
{
	static const char *const texts[] = {
		"Chế phẩm vi sinh vật",
		"Hỗ trợ 02-05 doanh nghiệp tham gia các sự kiện",
		"Đào tạo 03-05 chuyên gia công nghệ sinh học",
		"Trung tâm Nghiên cứu, Chuyển giao Công nghệ và Đổi mới sáng tạo",
		"Văn phòng Sở",
		"Tuyên truyền, phổ biến pháp luật",
	};

	(void)state;
	for (size_t i = 0; i < N_ELEM(texts); i++) {
		char *nfd = (char *)utf8proc_NFD((const utf8proc_uint8_t *)texts[i]);
		char *a = text_fold(texts[i]);
		char *b = text_fold(nfd);

		assert_non_null(nfd);
		assert_non_null(a);
		assert_non_null(b);
		assert_string_not_equal(nfd, texts[i]); /* really decomposed */
		assert_string_equal(a, b);
		char *again = text_fold(a);
		assert_string_equal(again, a);
		for (const char *p = a; *p; p++)
			assert_true((unsigned char)*p < 0x80);
		free(again);
		free(a);
		free(b);
		free(nfd);
	}
}

static void test_fold_contains(void **state)
{
	static const struct {
		const char *hay;
		const char *needle;
		bool found;
	} cases[] = {
		{"Chế phẩm vi sinh vật", "che pham vi sinh", true},
		{"Chế phẩm vi sinh vật", "CHẾ PHẨM", true},
		{"Chế phẩm vi sinh vật", "sinh vat", true},
		{"Chế phẩm vi sinh vật", "vi sinh vật", true},
		{"công nghệ sinh học", "Công nghệ  Sinh học", true},
		{"doanh nghiệp KH&CN", "kh&cn", true},
		{"doanh nghiệp KH&CN", "khcn", false},
		{"Chế phẩm vi sinh vật", "che pham sinh", false},
		{"Chế phẩm vi sinh vật", "", true},
		{"", "a", false},
	};

	(void)state;
	for (size_t i = 0; i < N_ELEM(cases); i++) {
		char *h = text_fold(cases[i].hay);
		char *n = text_fold(cases[i].needle);

		assert_non_null(h);
		assert_non_null(n);
		if (text_fold_contains(h, n) != cases[i].found)
			fail_msg("case %zu: \"%s\" in \"%s\"", i, n, h);
		free(h);
		free(n);
	}
	assert_false(text_fold_contains(NULL, "a"));
	assert_false(text_fold_contains("a", NULL));
}

/* ---- neutralising ------------------------------------------------------ */

static void test_sanitize_table(void **state)
{
	static const struct {
		const char *in;
		bool keep;
		const char *out;
	} cases[] = {
		{"", true, ""},
		{"Quảng Trị", false, "Quảng Trị"},
		{NFD_QUANG " " NFD_NGHE, false, "Quảng nghệ"},
		{"a\tb", true, "a b"},
		{"a\nb", true, "a\nb"},
		{"a\nb", false, "a b"},
		{"a\r\nb", true, "a\nb"},
		{"a\r\nb", false, "a b"},
		{"a\rb", true, "a" FFFD "b"},
		{"a\bb", true, "a" FFFD "b"},
		{"bell\x07", true, "bell" FFFD},
		{"\x1b[31mred\x1b[0m", true, FFFD "[31mred" FFFD "[0m"},
		{"\x1b]52;c;SGVsbG8=\x07", true, FFFD "]52;c;SGVsbG8=" FFFD},
		{"\x1b]52;c;SGVsbG8=\x1b\\", true, FFFD "]52;c;SGVsbG8=" FFFD "\\"},
		{"\xc2\x9b" "31m", true, FFFD "31m"},    /* C1 CSI */
		{"\xc2\x9d" "52;c;x\xc2\x9c", true, FFFD "52;c;x" FFFD},
		{"\x7f", true, FFFD},
		{"a\xe2\x80\xa8" "b\xe2\x80\xa9" "c", true, "a" FFFD "b" FFFD "c"},
		{"\xe2\x80\xae" "evil", true, FFFD "evil"},  /* RLO */
		{"\xe2\x81\xa6" "x\xe2\x81\xa9", true, FFFD "x" FFFD},
		{"\xe2\x80\x8b\xe2\x80\x8c\xe2\x80\x8d\xe2\x80\x8e\xe2\x80\x8f", true,
		 FFFD FFFD FFFD FFFD FFFD},
		{"\xef\xbb\xbf" "x", true, FFFD "x"},        /* BOM */
		{"\xd8\x9c", true, FFFD},                    /* ARABIC LETTER MARK */
		{"\xef\xbf\xbe", true, FFFD},                /* noncharacter */
		{"\xcd\xb8", true, FFFD},                    /* unassigned U+0378 */
		{"\xff", true, FFFD},
		{"\xc3", true, FFFD},
		{"\xc0\xaf", true, FFFD FFFD},
		{"\xed\xa0\x80", true, FFFD FFFD FFFD},
		{"nghi\xc2\xad" "ep", true, "nghi\xc2\xad" "ep"}, /* soft hyphen */
		{"中文 😀", true, "中文 😀"},
		{"\xee\x80\x80", true, "\xee\x80\x80"},      /* private use */
		{"\xcc\x81" "a", true, "\xcc\x81" "a"},      /* lone mark stays */
	};

	(void)state;
	for (size_t i = 0; i < N_ELEM(cases); i++) {
		char *r = text_sanitize(cases[i].in, cases[i].keep);

		assert_non_null(r);
		if (strcmp(r, cases[i].out) != 0)
			fail_msg("case %zu: got \"%s\"", i, r);
		assert_terminal_safe(r, cases[i].keep);
		free(r);
	}
	char *r = text_sanitize(NULL, true);
	assert_string_equal(r, "");
	free(r);
}

/* Every control class, one by one. */
static void test_sanitize_controls(void **state)
{
	char in[8], out_keep[8];

	(void)state;
	for (int c = 1; c < 0x20; c++) {
		snprintf(in, sizeof in, "x%cy", c);
		const char *mid = c == '\t' ? " " : c == '\n' ? "\n" : FFFD;
		snprintf(out_keep, sizeof out_keep, "x%sy", mid);
		char *r = text_sanitize(in, true);
		assert_string_equal(r, out_keep);
		free(r);
		r = text_sanitize(in, false);
		if (c == '\t' || c == '\n')
			assert_string_equal(r, "x y");
		else
			assert_string_equal(r, "x" FFFD "y");
		assert_terminal_safe(r, false);
		free(r);
	}
	for (int c = 0x7F; c <= 0x9F; c++) {
		utf8proc_uint8_t enc[4];
		utf8proc_ssize_t k = utf8proc_encode_char(c, enc);

		memcpy(in, enc, (size_t)k);
		in[k] = '\0';
		char *r = text_sanitize(in, true);
		assert_string_equal(r, FFFD);
		free(r);
	}
	static const int bidi[] = {0x202A, 0x202B, 0x202C, 0x202D, 0x202E,
				   0x2066, 0x2067, 0x2068, 0x2069, 0x200E,
				   0x200F, 0x2028, 0x2029, 0x2060, 0xFEFF};
	for (size_t i = 0; i < N_ELEM(bidi); i++) {
		utf8proc_uint8_t enc[4];
		utf8proc_ssize_t k = utf8proc_encode_char(bidi[i], enc);

		memcpy(in, enc, (size_t)k);
		in[k] = '\0';
		char *r = text_sanitize(in, true);
		if (strcmp(r, FFFD) != 0)
			fail_msg("U+%04X", bidi[i]);
		free(r);
	}
}

/* Mixed input built from nasty pieces: the output is always safe, keeps
 * the display width, and survives a second pass unchanged. */
static void test_sanitize_mixed(void **state)
{
	static const char *const pieces[] = {
		"a", " ", "\t", "\n", "\r", "\r\n", "\x1b", "[31m", "\x07",
		"\x08", "\x7f", "\xc2\x85", "\xc2\x9b", "\xff", "\xc3", "\xc0\xaf",
		"\xed\xa0\x80", "\xe1\xbb", "\xcc\x81", "\xcc\xa3", "ệ", "Đ",
		"中", "😀", "\xe2\x80\xae", "\xe2\x81\xa6", "\xe2\x80\x8b",
		"\xe2\x80\x8d", "\xef\xbb\xbf", "\xe2\x80\xa8", "&", "-", ".",
	};
	uint32_t seed = 12345;
	char in[256];

	(void)state;
	for (int round = 0; round < 3000; round++) {
		size_t len = 0;

		in[0] = '\0';
		for (int k = 0; k < 12; k++) {
			seed = seed * 1103515245u + 12345u;
			const char *p = pieces[(seed >> 16) % N_ELEM(pieces)];
			size_t pl = strlen(p);

			if (len + pl + 1 > sizeof in)
				break;
			memcpy(in + len, p, pl + 1);
			len += pl;
		}
		bool keep = round % 2 == 0;
		char *r = text_sanitize(in, keep);
		assert_non_null(r);
		assert_terminal_safe(r, keep);
		assert_int_equal(text_width(r), text_width(in));
		char *r2 = text_sanitize(r, keep);
		assert_string_equal(r2, r);
		char *a = text_ascii(in);
		assert_non_null(a);
		for (const char *p = a; *p; p++)
			assert_true((*p >= 0x20 && *p < 0x7F) || *p == '\n');
		free(a);
		free(r2);
		free(r);
	}
}

/* ---- ASCII fallback ---------------------------------------------------- */

static void test_ascii(void **state)
{
	static const struct {
		const char *in;
		const char *out;
	} cases[] = {
		{"", ""},
		{"plain text", "plain text"},
		{"Quảng Trị", "Quang Tri"},
		{"Đổi mới", "Doi moi"},
		{"Hỗ trợ 02-05 doanh nghiệp", "Ho tro 02-05 doanh nghiep"},
		{NFD_QUANG " " NFD_DOI, "Quang DOI"},
		{"Sở KH&CN", "So KH&CN"},
		{"àáảãạăằắẳẵặâầấẩẫậ", "aaaaaaaaaaaaaaaaa"},
		{"ÀÁẢÃẠĂẰẮẲẴẶÂẦẤẨẪẬ", "AAAAAAAAAAAAAAAAA"},
		{"èéẻẽẹêềếểễệ", "eeeeeeeeeee"},
		{"ìíỉĩị", "iiiii"},
		{"òóỏõọôồốổỗộơờớởỡợ", "ooooooooooooooooo"},
		{"ÒÓỎÕỌÔỒỐỔỖỘƠỜỚỞỠỢ", "OOOOOOOOOOOOOOOOO"},
		{"ùúủũụưừứửữự", "uuuuuuuuuuu"},
		{"ỳýỷỹỵ", "yyyyy"},
		{"đĐ", "dD"},
		{"02–05", "02-05"},
		{"a — b", "a - b"},
		{"…", "..."},
		{"“trích dẫn”", "\"trich dan\""},
		{"‘x’", "'x'"},
		{"«x»", "<<x>>"},
		{"• mục", "* muc"},
		{"ﬁ Ａ", "fi A"},
		{"中文", "????"},
		{"😀", "??"},
		{"Ω", "?"},
		{"a\x1b[31m", "a?[31m"},
		{"a\xff" "b", "a?b"},
		{"dòng 1\ndòng 2", "dong 1\ndong 2"},
		{"a\tb", "a b"},
		{"e\xcc\x81\xcc\x82", "e"},
		{"\xcc\x81", ""},                     /* a lone mark takes no cell */
		{"nghi\xc2\xad" "ep", "nghi-ep"},
		{"\xe2\x80\xae", "?"},
	};

	(void)state;
	for (size_t i = 0; i < N_ELEM(cases); i++) {
		char *r = text_ascii(cases[i].in);

		assert_non_null(r);
		if (strcmp(r, cases[i].out) != 0)
			fail_msg("case %zu (%s): got \"%s\"", i, cases[i].in, r);
		free(r);
	}
	char *r = text_ascii(NULL);
	assert_string_equal(r, "");
	free(r);
}

/* ---- widths ------------------------------------------------------------ */

static void test_width(void **state)
{
	static const struct {
		const char *s;
		int width;
	} cases[] = {
		{"", 0},
		{"abc", 3},
		{"Quảng Trị", 9},
		{NFD_QUANG, 5},
		{NFD_NGHE, 4},
		{"e\xcc\x81\xcc\x82", 1},
		{"\xcc\x81", 0},
		{"中文", 4},
		{"Hỗ trợ 中", 9},
		{"😀", 2},
		{"\xef\xbd\x81", 2},                   /* fullwidth a */
		{"\x1b[31m", 5},
		{"\x07", 1},
		{"\t", 1},
		{"\n", 1},
		{"\r\n", 1},
		{"\r", 1},
		{"\xc2\x85", 1},
		{"\xe2\x80\x8b", 1},                   /* shown as U+FFFD */
		{"\xe2\x80\xae", 1},
		{"\xff", 1},
		{"\xc0\xaf", 2},
		{"\xed\xa0\x80", 3},
		{"\xe1\xbb", 1},
		{"…", 1},
	};

	(void)state;
	for (size_t i = 0; i < N_ELEM(cases); i++) {
		if (text_width(cases[i].s) != cases[i].width)
			fail_msg("case %zu: width %d, want %d", i,
				 text_width(cases[i].s), cases[i].width);
	}
	assert_int_equal(text_width(NULL), 0);
}

/* ---- fitting ----------------------------------------------------------- */

static void test_fit_boundaries(void **state)
{
	/* a, ệ in NFD (5 bytes), 中 (3 bytes), b */
	static const char t[] = "a" "e\xcc\xa3\xcc\x82" "中" "b";
	static const struct {
		int cols;
		size_t bytes;
		int used;
	} cases[] = {
		{-5, 0, 0}, {-1, 0, 0}, {0, 0, 0}, {1, 1, 1}, {2, 6, 2},
		{3, 6, 2},  {4, 9, 4},  {5, 10, 5}, {6, 10, 5}, {1000, 10, 5},
	};

	(void)state;
	for (size_t i = 0; i < N_ELEM(cases); i++) {
		int used = -1;
		size_t n = text_fit(t, cases[i].cols, &used);

		if (n != cases[i].bytes || used != cases[i].used)
			fail_msg("cols %d: %zu bytes %d cols", cases[i].cols, n,
				 used);
		assert_int_equal(text_fit(t, cases[i].cols, NULL), n);
	}
	int used = -1;
	assert_int_equal(text_fit("", 10, &used), 0);
	assert_int_equal(used, 0);
	assert_int_equal(text_fit(NULL, 10, &used), 0);
	/* a mark with no base before it takes no column */
	assert_int_equal(text_fit("\xcc\x81" "ab", 0, &used), 2);
	assert_int_equal(used, 0);
}

/* At every width, the cut falls between whole characters and never in
 * front of a combining mark; the columns reported are the cut's width. */
static void test_fit_never_splits(void **state)
{
	static const char *const texts[] = {
		"Công nghệ Sinh học",
		NFD_CONG " " NFD_NGHE " " NFD_HOC " " NFD_DOI,
		"e\xcc\x81\xcc\x82" "e\xcc\x81\xcc\x82" "x",
		"中文 và 😀 emoji",
		"a\xff\xc3" "b\x1b[1m\xe2\x80\xae" "c",
	};

	(void)state;
	for (size_t i = 0; i < N_ELEM(texts); i++) {
		const char *s = texts[i];
		int total = text_width(s);
		size_t prev = 0;

		for (int cols = 0; cols <= total + 1; cols++) {
			int used;
			size_t n = text_fit(s, cols, &used);

			assert_true(n >= prev);
			assert_true(used <= cols);
			assert_true(used >= cols - 1 || n == strlen(s));
			if (s[n]) {
				assert_false(is_continuation(s[n]));
				assert_false(is_mark_at(s + n));
			}
			char *prefix = strndup(s, n);
			assert_non_null(prefix);
			assert_int_equal(text_width(prefix), used);
			free(prefix);
			prev = n;
		}
		assert_int_equal(text_fit(s, total, NULL), strlen(s));
	}
}

/* ---- truncating -------------------------------------------------------- */

static void test_truncate(void **state)
{
	static const struct {
		const char *s;
		int cols;
		bool ascii;
		const char *out;
	} cases[] = {
		{"Quảng Trị", 100, false, "Quảng Trị"},
		{"Quảng Trị", 9, false, "Quảng Trị"},
		{"Quảng Trị", 8, false, "Quảng T…"},
		{"Quảng Trị", 6, false, "Quảng…"},
		{"Quảng Trị", 2, false, "Q…"},
		{"Quảng Trị", 1, false, "…"},
		{"Quảng Trị", 0, false, ""},
		{"Quảng Trị", -3, false, ""},
		{"Quang Tri", 5, true, "Quan~"},
		{"Quang Tri", 1, true, "~"},
		{"Quang Tri", 9, true, "Quang Tri"},
		{"中文字", 6, false, "中文字"},
		{"中文字", 5, false, "中文…"},
		{"中文字", 4, false, "中…"},   /* the wide char does not fit */
		{"中文字", 2, false, "…"},
		{NFD_QUANG " x", 4, false, "Qua\xcc\x89…"},
		{"e\xcc\x81\xcc\x82" "bc", 2, false, "e\xcc\x81\xcc\x82…"},
		{"", 5, false, ""},
		{"", 0, true, ""},
	};

	(void)state;
	for (size_t i = 0; i < N_ELEM(cases); i++) {
		char *r = text_truncate(cases[i].s, cases[i].cols,
					cases[i].ascii);

		assert_non_null(r);
		if (strcmp(r, cases[i].out) != 0)
			fail_msg("case %zu: got \"%s\"", i, r);
		assert_true(text_width(r) <= (cases[i].cols < 0 ? 0 : cases[i].cols));
		free(r);
	}
}

/* ---- wrapping ---------------------------------------------------------- */

static void test_wrap_table(void **state)
{
	static const struct {
		const char *s;
		int cols;
		size_t n;
		const char *lines[8];
	} cases[] = {
		{"abc", 10, 1, {"abc"}},
		{"abc def", 7, 1, {"abc def"}},
		{"abc def", 6, 2, {"abc", "def"}},
		{"abcd efgh", 4, 2, {"abcd", "efgh"}},
		{"Hỗ trợ 02-05 doanh nghiệp", 10, 4,
		 {"Hỗ trợ", "02-05", "doanh", "nghiệp"}},
		{"Hỗ trợ 02-05 doanh nghiệp", 12, 2,
		 {"Hỗ trợ 02-05", "doanh nghiệp"}},
		{"Hỗ trợ 02-05 doanh nghiệp", 11, 3,
		 {"Hỗ trợ", "02-05 doanh", "nghiệp"}},
		{"averyveryverylongword", 5, 5,
		 {"avery", "veryv", "erylo", "ngwor", "d"}},
		{"ab averyverylongword cd", 6, 5,
		 {"ab", "averyv", "erylon", "gword", "cd"}},
		{"a\n\nb", 10, 3, {"a", "", "b"}},
		{"a\n", 10, 1, {"a"}},
		{"\n", 10, 1, {""}},
		{"a\r\nb", 10, 2, {"a", "b"}},
		{"line one\nline two", 20, 2, {"line one", "line two"}},
		{"ab中文", 3, 3, {"ab", "中", "文"}},
		{"ab中文", 4, 2, {"ab中", "文"}},
		{"中a", 1, 2, {"中", "a"}},
		{"ab", 1, 2, {"a", "b"}},
		{"ab", 0, 2, {"a", "b"}},
		{"ab", -5, 2, {"a", "b"}},
		{"abc   ", 10, 1, {"abc"}},
		{"abc   def", 4, 2, {"abc", "def"}},
		{"  abc", 10, 1, {"  abc"}},
		{"   ", 10, 1, {""}},
		{NFD_NGHE " abc", 4, 2, {NFD_NGHE, "abc"}},
		{NFD_NGHE, 3, 2, {"ngh", "e\xcc\xa3\xcc\x82"}},
		{"ab\tcd", 3, 2, {"ab", "cd"}},
		{"a b c d", 3, 2, {"a b", "c d"}},
	};

	(void)state;
	for (size_t i = 0; i < N_ELEM(cases); i++) {
		size_t *starts = NULL, *lens = NULL;
		size_t n = text_wrap(cases[i].s, cases[i].cols, &starts, &lens);

		if (n != cases[i].n)
			fail_msg("case %zu: %zu lines, want %zu", i, n,
				 cases[i].n);
		assert_non_null(starts);
		assert_non_null(lens);
		for (size_t k = 0; k < n; k++) {
			const char *want = cases[i].lines[k];

			if (lens[k] != strlen(want) ||
			    memcmp(cases[i].s + starts[k], want, lens[k]) != 0)
				fail_msg("case %zu line %zu: \"%.*s\"", i, k,
					 (int)lens[k], cases[i].s + starts[k]);
		}
		free(starts);
		free(lens);
		assert_int_equal(text_wrap(cases[i].s, cases[i].cols, NULL, NULL),
				 cases[i].n);
	}
}

static void test_wrap_empty(void **state)
{
	size_t *starts = (size_t *)1, *lens = (size_t *)1;

	(void)state;
	assert_int_equal(text_wrap("", 10, &starts, &lens), 0);
	assert_null(starts);
	assert_null(lens);
	starts = lens = (size_t *)1;
	assert_int_equal(text_wrap(NULL, 10, &starts, &lens), 0);
	assert_null(starts);
	assert_null(lens);
}

/* Whatever the width, lines are in order, inside the string, no wider than
 * the limit unless a single character is, and never split a character. */
static void test_wrap_invariants(void **state)
{
	static const char *const texts[] = {
		"Tổ chức Hội thảo Khoa học công nghệ với sự tham gia của "
		"02-05 doanh nghiệp và các Viện, Trường.\nKinh phí: 30 tấn.",
		NFD_CONG " " NFD_NGHE " " NFD_HOC "   " NFD_QUANG "\n\n" NFD_DOI,
		"中文中文中文 😀😀 aaaaaaaaaaaaaaaaaaaaaaa b",
		"a\xff\xc3 b\x1b[31m c\xe2\x80\xae d\r\ne",
	};

	(void)state;
	for (size_t i = 0; i < N_ELEM(texts); i++) {
		const char *s = texts[i];
		size_t len = strlen(s);

		for (int cols = 1; cols <= 30; cols++) {
			size_t *starts, *lens;
			size_t n = text_wrap(s, cols, &starts, &lens);
			size_t prev_end = 0;

			assert_true(n > 0);
			for (size_t k = 0; k < n; k++) {
				assert_true(starts[k] >= prev_end);
				assert_true(starts[k] + lens[k] <= len);
				char *line = strndup(s + starts[k], lens[k]);
				assert_non_null(line);
				int w = text_width(line);
				if (w > cols) /* only a lone wide character */
					assert_int_equal(text_fit(line, 2, NULL),
							 lens[k]);
				if (lens[k] > 0) {
					assert_false(is_continuation(line[0]));
					assert_false(is_mark_at(line));
					assert_true(line[lens[k] - 1] != ' ');
				}
				assert_null(strchr(line, '\n'));
				free(line);
				prev_end = starts[k] + lens[k];
			}
			free(starts);
			free(lens);
		}
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_valid_utf8),
		cmocka_unit_test(test_nfc),
		cmocka_unit_test(test_fold),
		cmocka_unit_test(test_fold_forms),
		cmocka_unit_test(test_fold_contains),
		cmocka_unit_test(test_sanitize_table),
		cmocka_unit_test(test_sanitize_controls),
		cmocka_unit_test(test_sanitize_mixed),
		cmocka_unit_test(test_ascii),
		cmocka_unit_test(test_width),
		cmocka_unit_test(test_fit_boundaries),
		cmocka_unit_test(test_fit_never_splits),
		cmocka_unit_test(test_truncate),
		cmocka_unit_test(test_wrap_table),
		cmocka_unit_test(test_wrap_empty),
		cmocka_unit_test(test_wrap_invariants),
	};

	/* Take LANG/LC_* from the environment: results must not change. */
	setlocale(LC_ALL, "");
	return cmocka_run_group_tests(tests, NULL, NULL);
}
