/* Tests for search: keys that ignore diacritics and case and expand the
 * plan's abbreviations, and queries whose words must all occur.  A small
 * plan built by hand covers the rules; the real plan.yaml checks that a
 * clerk's "dn khcn" finds the certification target. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kehoach/plan.h"
#include "kehoach/search.h"

#define N_ELEM(a) (sizeof(a) / sizeof((a)[0]))

/* NFD spellings: marks typed after their letters. */
#define NFD_CONG "co\xcc\x82ng"         /* công */
#define NFD_NGHE "nghe\xcc\xa3\xcc\x82" /* nghệ */
#define NFD_HOC "ho\xcc\xa3" "c"        /* học */

/* ---- helpers ----------------------------------------------------------- */

static kh_abbrev small_abbrevs[] = {
	{"KH&CN", "khoa học và công nghệ"},
	{"DN", "doanh nghiệp"},
	{"ĐMST", "đổi mới sáng tạo"},
	{"UBND", "Ủy ban nhân dân"},
};

/* A plan holding only abbreviations, which is all search looks at. */
static kh_plan small_plan(void)
{
	kh_plan p;

	memset(&p, 0, sizeof p);
	p.abbrevs = small_abbrevs;
	p.n_abbrevs = N_ELEM(small_abbrevs);
	return p;
}

/* Does the query find the text, with keys built for plan? */
static bool finds(const kh_plan *plan, const char *query, const char *text)
{
	kh_query q;
	char *key = kh_search_key(plan, text);
	bool r;

	assert_non_null(key);
	assert_true(kh_query_init(&q, query));
	r = kh_query_match(&q, key);
	kh_query_free(&q);
	free(key);
	return r;
}

/* ---- folding: diacritics, case, NFD ------------------------------------ */

struct fold_case {
	const char *query, *text;
	bool match;
};

static const struct fold_case fold_cases[] = {
	{"cong nghe sinh hoc", "Phát triển công nghệ sinh học", true},
	{"che pham vi sinh",
	 "Sản xuất chế phẩm vi sinh vật các loại phục vụ sản xuất nông nghiệp",
	 true},
	{"đ", "Đổi mới", true},
	{"d", "Đổi mới", true},
	{"ĐỔI MỚI", "đổi mới", true},
	{"DoI mOi", "Đổi mới", true},
	{"Công Nghệ", "CÔNG NGHỆ SINH HỌC", true},
	{NFD_CONG " " NFD_NGHE " sinh " NFD_HOC, "công nghệ sinh học", true},
	{"công nghệ", NFD_CONG " " NFD_NGHE, true},
	{"vi sinh", "công nghệ sinh học", false},
	{"sinh hoc", "sinh vật", false},
	{"sinh-hoc", "sinh học", false}, /* '-' is kept: not a blank */
	{"giong cay", "Sản xuất giống, cây trồng", true},
};

static void test_folding(void **state)
{
	kh_plan p = small_plan();

	(void)state;
	for (size_t i = 0; i < N_ELEM(fold_cases); i++) {
		const struct fold_case *c = &fold_cases[i];
		bool got = finds(&p, c->query, c->text);

		if (got != c->match)
			fail_msg("query \"%s\" on \"%s\": got %d, want %d",
				 c->query, c->text, got, c->match);
		/* Without a plan the same holds: no abbreviation is involved. */
		assert_int_equal(finds(NULL, c->query, c->text), c->match);
	}
}

/* ---- queries ----------------------------------------------------------- */

static void test_query_words(void **state)
{
	kh_query q;

	(void)state;
	assert_true(kh_query_init(&q, "  Công   nghệ,\tSINH  học  "));
	assert_int_equal(q.n_words, 4);
	assert_string_equal(q.words[0], "cong");
	assert_string_equal(q.words[1], "nghe");
	assert_string_equal(q.words[2], "sinh");
	assert_string_equal(q.words[3], "hoc");
	kh_query_free(&q);
	assert_null(q.words);
	assert_int_equal(q.n_words, 0);
	kh_query_free(&q); /* twice is harmless */

	assert_true(kh_query_init(&q, "KH&CN"));
	assert_int_equal(q.n_words, 1);
	assert_string_equal(q.words[0], "kh&cn");
	kh_query_free(&q);
}

static void test_empty_query(void **state)
{
	static const char *const empties[] = {"", " ", "  \t \n ", ",;:", NULL};
	kh_plan p = small_plan();
	char *key = kh_search_key(&p, "công nghệ sinh học");

	(void)state;
	assert_non_null(key);
	for (size_t i = 0; i < N_ELEM(empties); i++) {
		kh_query q;

		assert_true(kh_query_init(&q, empties[i]));
		assert_int_equal(q.n_words, 0);
		assert_false(kh_query_match(&q, key));
		assert_false(kh_query_match(&q, ""));
		kh_query_free(&q);
	}
	free(key);
}

/* Every word must occur (AND), in any order, anywhere in the text. */
static void test_all_words(void **state)
{
	kh_plan p = small_plan();
	const char *text = "Chứng nhận doanh nghiệp trên địa bàn tỉnh";

	(void)state;
	assert_true(finds(&p, "chung nhan", text));
	assert_true(finds(&p, "tinh chung", text));
	assert_true(finds(&p, "nhan dia ban", text));
	assert_false(finds(&p, "chung nhan huyen", text));
	assert_false(finds(&p, "xa tinh", text));
	/* Words are substrings: a prefix is enough. */
	assert_true(finds(&p, "chu doanh", text));
	/* NULL key or query never match. */
	kh_query q;
	assert_true(kh_query_init(&q, "tinh"));
	assert_false(kh_query_match(&q, NULL));
	assert_false(kh_query_match(NULL, "tinh"));
	kh_query_free(&q);
}

/* ---- abbreviations ----------------------------------------------------- */

static void test_abbrev_expansion(void **state)
{
	kh_plan p = small_plan();
	const char *short_text = "Hỗ trợ doanh nghiệp KH&CN";
	const char *long_text = "Hỗ trợ doanh nghiệp khoa học và công nghệ";
	const char *dn_text = "Hỗ trợ DN khởi nghiệp";

	(void)state;
	/* Both spellings are found by both spellings. */
	assert_true(finds(&p, "dn khcn", short_text));
	assert_true(finds(&p, "dn khcn", long_text));
	assert_true(finds(&p, "dn kh&cn", short_text));
	assert_true(finds(&p, "dn kh&cn", long_text));
	assert_true(finds(&p, "doanh nghiep khoa hoc cong nghe", short_text));
	assert_true(finds(&p, "doanh nghiep", dn_text));
	assert_true(finds(&p, "DN", long_text));
	/* Abbreviations marked with Đ and Ủ fold like any text. */
	assert_true(finds(&p, "dmst", "Đổi mới sáng tạo trong doanh nghiệp"));
	assert_true(finds(&p, "doi moi sang tao", "Phòng QLCN&ĐMST"));
	assert_true(finds(&p, "uy ban nhan dan", "UBND tỉnh"));
	assert_true(finds(&p, "ubnd", "Uỷ ban nhân dân tỉnh"));

	/* Without the plan nothing is expanded. */
	assert_false(finds(NULL, "dn khcn", long_text));
	assert_false(finds(NULL, "doanh nghiep", dn_text));
	/* '&' is optional either way even without an abbreviation. */
	assert_true(finds(NULL, "khcn", short_text));
	assert_true(finds(NULL, "r&d", "quỹ RD"));
	assert_true(finds(NULL, "rd", "quỹ R&D"));
}

/* A short form expands only where it stands as a word. */
static void test_abbrev_whole_word(void **state)
{
	kh_plan p = small_plan();
	static const char *const unrelated[] = {
		"Mã số DNX-01",      "Công ty ADN",       "Xét nghiệm ADNs",
		"hồ sơ dn2024",      "Trung tâm UBNDX",   "công ty TNHH Ubnd1",
		"doanh nghiệpx ABC", "ĐMSTT",
	};

	(void)state;
	for (size_t i = 0; i < N_ELEM(unrelated); i++) {
		char *key = kh_search_key(&p, unrelated[i]);

		assert_non_null(key);
		/* Nothing at all is added to the folded text. */
		if (strchr(key, '\n'))
			fail_msg("\"%s\" expanded to \"%s\"", unrelated[i], key);
		free(key);
	}
	assert_false(finds(&p, "doanh nghiep", "Mã số DNX-01"));
	char *key = kh_search_key(&p, "thủ tục KH&CNX");
	assert_non_null(key);
	assert_string_equal(key, "thu tuc kh&cnx\nkhcnx");
	free(key);
	/* Punctuation, '-', '.' and the ends of the text are boundaries. */
	assert_true(finds(&p, "doanh nghiep", "DN"));
	assert_true(finds(&p, "doanh nghiep", "(DN)"));
	assert_true(finds(&p, "doanh nghiep", "II.2-dn-khcn"));
	assert_true(finds(&p, "doanh nghiep", "các DN, hợp tác xã"));
	assert_true(finds(&p, "khoa hoc va cong nghe", "II.2-dn-khcn"));
}

/* What the key holds: the folded text first, then the expansions, each
 * on a line of its own so no word runs into the next. */
static void test_key_layout(void **state)
{
	kh_plan p = small_plan();
	char *key = kh_search_key(&p, "Doanh nghiệp KH&CN");

	(void)state;
	assert_non_null(key);
	assert_string_equal(key, "doanh nghiep kh&cn\nkhcn"
				 "\nkhoa hoc va cong nghe\nkh&cn\nkhcn"
				 "\ndoanh nghiep\ndn");
	free(key);

	key = kh_search_key(&p, "");
	assert_non_null(key);
	assert_string_equal(key, "");
	free(key);

	key = kh_search_key(&p, NULL);
	assert_non_null(key);
	assert_string_equal(key, "");
	free(key);

	/* A reusable searcher gives the same keys. */
	kh_searcher *s = kh_searcher_new(&p);
	assert_non_null(s);
	key = kh_searcher_key(s, "Doanh nghiệp KH&CN");
	char *again = kh_search_key(&p, "Doanh nghiệp KH&CN");
	assert_string_equal(key, again);
	free(key);
	free(again);
	kh_searcher_free(s);
	kh_searcher_free(NULL);
}

/* Odd abbreviation tables do no harm: missing or empty forms, a form that
 * folds to nothing, a separator-like character. */
static void test_odd_abbrevs(void **state)
{
	kh_abbrev odd[] = {
		{NULL, "doanh nghiệp"}, {"DN", NULL},  {"", "khoa học"},
		{"...", "công nghệ"},   {"&", "và"},   {"X\xee\x80\x80", "xa"},
		{"HTX", "hợp tác xã"},
	};
	kh_plan p;

	(void)state;
	memset(&p, 0, sizeof p);
	p.abbrevs = odd;
	p.n_abbrevs = N_ELEM(odd);
	assert_true(finds(&p, "hop tac xa", "các HTX"));
	assert_true(finds(&p, "htx", "các hợp tác xã"));
	assert_false(finds(&p, "doanh nghiep", "các DN"));
	char *key = kh_search_key(&p, "khoa học và công nghệ ... & x");
	assert_non_null(key);
	assert_string_equal(key, "khoa hoc va cong nghe ... & x"
				 "\ncong nghe\n...\nva\n&");
	free(key);
}

/* ---- the real plan ----------------------------------------------------- */

/* Keys for every target (text and id) of plan.yaml; returns the ids of
 * the targets the query finds, joined by spaces, in *found. */
static void search_plan(const kh_plan *plan, const char *query, char *found,
			size_t size)
{
	kh_searcher *s = kh_searcher_new(plan);
	kh_query q;

	assert_non_null(s);
	assert_true(kh_query_init(&q, query));
	found[0] = '\0';
	for (size_t i = 0; i < plan->n_targets; i++) {
		const kh_target *t = plan->targets[i];
		size_t n = strlen(t->text) + strlen(t->id) + 2;
		char *text = malloc(n);

		assert_non_null(text);
		snprintf(text, n, "%s %s", t->id, t->text);
		char *key = kh_searcher_key(s, text);
		assert_non_null(key);
		if (kh_query_match(&q, key)) {
			size_t len = strlen(found);

			snprintf(found + len, size - len, "%s%s",
				 len ? " " : "", t->id);
		}
		free(key);
		free(text);
	}
	kh_query_free(&q);
	kh_searcher_free(s);
}

static void test_real_plan(void **state)
{
	kh_error err;
	kh_plan *plan;
	char found[4096];

	(void)state;
	memset(&err, 0, sizeof err);
	plan = plan_load(KH_SOURCE_ROOT "/plan.yaml", &err);
	assert_non_null(plan);
	assert_non_null(plan_find_target(plan, "II.2-dn-khcn"));

	search_plan(plan, "dn khcn", found, sizeof found);
	assert_non_null(strstr(found, "II.2-dn-khcn"));

	search_plan(plan, "che pham vi sinh", found, sizeof found);
	assert_non_null(strstr(found, "II.1-che-pham-vi-sinh"));

	/* The target's own text, with its words marked as the plan wrote
	 * them, and in the abbreviated style a clerk might type. */
	const kh_target *t = plan_find_target(plan, "II.2-dn-khcn");
	char *key = kh_search_key(plan, t->text);
	kh_query q;
	assert_non_null(key);
	assert_true(kh_query_init(&q, "chung nhan DN KH&CN tren dia ban"));
	assert_true(kh_query_match(&q, key));
	kh_query_free(&q);
	assert_true(kh_query_init(&q, "dn khcn huyen"));
	assert_false(kh_query_match(&q, key));
	kh_query_free(&q);
	free(key);

	/* Nonsense finds nothing. */
	search_plan(plan, "zzqx", found, sizeof found);
	assert_string_equal(found, "");
	plan_free(plan);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_folding),
		cmocka_unit_test(test_query_words),
		cmocka_unit_test(test_empty_query),
		cmocka_unit_test(test_all_words),
		cmocka_unit_test(test_abbrev_expansion),
		cmocka_unit_test(test_abbrev_whole_word),
		cmocka_unit_test(test_key_layout),
		cmocka_unit_test(test_odd_abbrevs),
		cmocka_unit_test(test_real_plan),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
