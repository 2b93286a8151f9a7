/* Tests for the plan loader and the plan model (src/loader.c, src/plan.c).
 *
 * Bad files are made by editing a small valid plan (BASE) one line range at
 * a time, so each case states the exact line:column it expects.  Big and
 * binary inputs are generated here rather than committed. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "kehoach/plan.h"

#ifndef KH_TEST_DATA
#error "KH_TEST_DATA must name the tests/data directory"
#endif

#define GOOD KH_TEST_DATA "/loader/good.yaml"
#define REAL_PLAN KH_TEST_DATA "/../../plan.yaml"

/* A minimal valid plan.  Line numbers matter: the cases below edit it. */
static const char BASE[] =
	"plan:\n"                       /*  1 */
	"  id: t\n"                     /*  2 */
	"  title: T\n"                  /*  3 */
	"  issuer: I\n"                 /*  4 */
	"  year: 2024\n"                /*  5 */
	"  start: 2024-01-01\n"         /*  6 */
	"  end: 2024-12-31\n"           /*  7 */
	"units:\n"                      /*  8 */
	"  - id: vp\n"                  /*  9 */
	"    name: Văn phòng\n"         /* 10 */
	"  - id: qlcn\n"                /* 11 */
	"    name: Quản lý\n"           /* 12 */
	"periods:\n"                    /* 13 */
	"  - id: H1\n"                  /* 14 */
	"    label: Half\n"             /* 15 */
	"    from: 2023-12-15\n"        /* 16 */
	"    cutoff: 2024-06-14\n"      /* 17 */
	"    deadline: 2024-06-20\n"    /* 18 */
	"sections:\n"                   /* 19 */
	"  - id: S1\n"                  /* 20 */
	"    title: Section\n"          /* 21 */
	"    lead: vp\n"                /* 22 */
	"    tasks:\n"                  /* 23 */
	"      - id: T1\n"              /* 24 */
	"        text: Do things.\n"    /* 25 */
	"        targets:\n"            /* 26 */
	"          - id: x1\n"          /* 27 */
	"            kind: quantity\n"  /* 28 */
	"            text: things\n"    /* 29 */
	"            measure: tấn\n"    /* 30 */
	"            min: 30\n";        /* 31 */

/* Lines after the last one of BASE: "append" is edit(32, 31, text). */
#define END 32

/* BASE with lines first..last (1-based, inclusive) replaced by repl; an
 * empty range (last = first - 1) inserts before line first. */
static char *edit(int first, int last, const char *repl)
{
	const char *start = BASE, *stop;
	for (int i = 1; i < first && *start; i++)
		start = strchr(start, '\n') + 1;
	stop = start;
	for (int i = first; i <= last && *stop; i++)
		stop = strchr(stop, '\n') + 1;
	size_t head = (size_t)(start - BASE), rl = strlen(repl);
	size_t tail = strlen(stop);
	char *s = malloc(head + rl + tail + 1);
	assert_non_null(s);
	memcpy(s, BASE, head);
	memcpy(s + head, repl, rl);
	memcpy(s + head + rl, stop, tail + 1);
	return s;
}

static kh_plan *load_str(const char *yaml, kh_error *err)
{
	return plan_load_buffer("bad.yaml", yaml, strlen(yaml), err);
}

/* The load must fail at line:col with a message containing want. */
static void expect_fail_n(const char *yaml, size_t len, int line, int col,
			  const char *want)
{
	kh_error err;
	kh_plan *p = plan_load_buffer("bad.yaml", yaml, len, &err);
	if (p) {
		plan_free(p);
		print_error("loaded, expected \"%s\"\n", want);
		fail();
	}
	char buf[1400];
	kh_error_format(&err, buf, sizeof buf);
	if (err.code != KH_EINPUT || err.line != line || err.col != col ||
	    strcmp(err.file, "bad.yaml") != 0 || !strstr(err.msg, want)) {
		print_error("got  %s (code %d)\nwant bad.yaml:%d:%d: ...%s...\n",
			    buf, err.code, line, col, want);
		fail();
	}
}

static void expect_fail(const char *yaml, int line, int col,
			const char *want)
{
	expect_fail_n(yaml, strlen(yaml), line, col, want);
}

/* Edit BASE, expect a failure, free. */
static void bad(int first, int last, const char *repl, int line, int col,
		const char *want)
{
	char *s = edit(first, last, repl);
	expect_fail(s, line, col, want);
	free(s);
}

static kh_plan *load_ok(const char *yaml)
{
	kh_error err;
	kh_plan *p = load_str(yaml, &err);
	if (!p) {
		char buf[1400];
		print_error("%s\n", kh_error_format(&err, buf, sizeof buf));
		fail();
	}
	return p;
}

static kh_date D(int y, int m, int d)
{
	kh_date out = 0;
	assert_true(kh_date_from_ymd(y, m, d, &out));
	return out;
}

static double now_s(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

/* ---- good files ---- */

static void test_base_loads(void **state)
{
	(void)state;
	kh_plan *p = load_ok(BASE);
	assert_int_equal(p->n_targets, 1);
	assert_string_equal(p->file, "bad.yaml");
	assert_string_equal(p->targets[0]->id, "x1");
	plan_free(p);
}

static void test_good_fixture(void **state)
{
	(void)state;
	kh_error err;
	kh_plan *p = plan_load(GOOD, &err);
	assert_non_null(p);
	assert_int_equal(err.code, KH_OK);
	assert_string_equal(p->file, GOOD);

	/* header */
	assert_string_equal(p->id, "test-plan-2024");
	assert_string_equal(p->number, "Số: 12/KH-SKHCN");
	assert_string_equal(p->title, "Kế hoạch thử nghiệm của Sở");
	assert_string_equal(p->issuer, "Sở Khoa học và Công nghệ");
	assert_string_equal(p->place, "Quảng Trị");
	assert_string_equal(p->issued, "tháng 02 năm 2024");
	assert_string_equal(p->signatory, "Nguyễn Văn A");
	assert_string_equal(p->signatory_title, "Giám đốc");
	assert_string_equal(p->language, "vi");
	assert_int_equal(p->year, 2024);
	assert_int_equal(p->start, D(2024, 1, 1));
	assert_int_equal(p->end, D(2024, 12, 31));
	assert_true(fabs(p->tolerance - 0.15) < 1e-12);

	/* abbreviations, units (short defaults to the id; NFC) */
	assert_int_equal(p->n_abbrevs, 2);
	assert_string_equal(p->abbrevs[1].short_form, "KH&CN");
	assert_string_equal(p->abbrevs[1].long_form, "khoa học và công nghệ");
	assert_int_equal(p->n_units, 3);
	assert_string_equal(p->units[0].short_name, "VP");
	assert_string_equal(p->units[1].short_name, "qlcn");
	assert_string_equal(p->units[1].name, "Phòng Quản lý công nghệ");
	assert_ptr_equal(plan_find_unit(p, "khac"), &p->units[2]);
	assert_null(plan_find_unit(p, "KHAC"));

	/* periods sorted by cutoff */
	assert_int_equal(p->n_periods, 2);
	assert_string_equal(p->periods[0].id, "H1");
	assert_string_equal(p->periods[1].id, "FY");
	assert_int_equal(p->periods[0].from, D(2023, 12, 15));
	assert_int_equal(p->periods[0].cutoff, D(2024, 6, 14));
	assert_int_equal(p->periods[0].deadline, D(2024, 6, 20));
	assert_ptr_equal(plan_find_period(p, "FY"), &p->periods[1]);
	assert_null(plan_find_period(p, "H2"));

	/* tree and counts */
	assert_int_equal(p->n_sections, 2);
	assert_int_equal(p->n_tasks, 3);
	assert_int_equal(p->n_targets, 4);
	const kh_section *s1 = &p->sections[0], *s4 = &p->sections[1];
	assert_string_equal(s1->basis, "Nghị quyết số 36-NQ/TW");
	assert_null(s4->basis);
	assert_int_equal(s4->index, 1);
	const kh_task *t11 = &s1->tasks[0], *t12 = &s1->tasks[1];
	assert_string_equal(t11->title, "Hỗ trợ doanh nghiệp");
	assert_string_equal(t12->title, "Làm chủ công nghệ");
	assert_string_equal(s4->tasks[0].title, "Tiếp công dân");
	assert_ptr_equal(t12->section, s1);
	assert_int_equal(s4->tasks[0].index, 2);

	/* inheritance: target <- task <- section */
	const kh_target *dn = plan_find_target(p, "II.1-dn");
	assert_non_null(dn);
	assert_ptr_equal(dn, p->targets[0]);
	assert_ptr_equal(dn->task, t11);
	assert_int_equal(dn->kind, KH_KIND_QUANTITY);
	assert_string_equal(dn->lead->id, "qlcn");
	assert_int_equal(dn->n_support, 1);
	assert_string_equal(dn->support[0]->id, "khac");
	assert_int_equal(dn->start, p->start);
	assert_int_equal(dn->due, p->end);
	assert_true(dn->whole);
	assert_true(dn->min == 2 && dn->max == 5);
	assert_string_equal(dn->measure, "doanh nghiệp");
	assert_int_equal(dn->n_checkpoints, 0);
	assert_int_equal(dn->line, 58);

	const kh_target *cp = p->targets[1];
	assert_string_equal(cp->id, "II.1-che-pham");
	assert_int_equal(cp->index, 1);
	assert_string_equal(cp->lead->id, "vp");
	assert_int_equal(cp->n_support, 0); /* "support: []" overrides */
	assert_int_equal(cp->start, D(2024, 2, 1));
	assert_int_equal(cp->due, D(2024, 11, 30));
	assert_false(cp->whole);
	assert_true(cp->min == 30 && cp->max == 30); /* max defaults to min */
	assert_int_equal(cp->n_checkpoints, 2);
	assert_int_equal(cp->checkpoints[0].date, D(2024, 6, 30));
	assert_true(cp->checkpoints[0].value == 15); /* 50 % of 30 */
	assert_int_equal(cp->checkpoints[1].date, D(2024, 9, 30));
	assert_true(cp->checkpoints[1].value == 22.5);

	const kh_target *iv = plan_find_target(p, "II.1-invitro");
	assert_int_equal(iv->kind, KH_KIND_MILESTONE);
	assert_string_equal(iv->lead->id, "vp"); /* the task's */
	assert_int_equal(iv->n_support, 2);
	assert_string_equal(iv->support[0]->id, "qlcn");
	assert_null(iv->measure);
	assert_true(iv->min == 0 && iv->max == 0);
	assert_int_equal(iv->due, D(2024, 9, 30));

	const kh_target *td = p->targets[3];
	assert_int_equal(td->kind, KH_KIND_ONGOING);
	assert_string_equal(td->lead->id, "vp");
	assert_int_equal(td->n_support, 1); /* a single id is a list */
	assert_string_equal(td->support[0]->id, "khac");
	assert_int_equal(s4->n_support, 0);

	assert_null(plan_find_target(p, "II.1"));
	assert_null(plan_find_target(p, "II.1.1"));
	assert_null(plan_find_target(p, NULL));
	plan_free(p);
}

/* The seed's quantified figures (PRODUCT.md) as (min, max) ranges. */
static void test_real_plan(void **state)
{
	(void)state;
	kh_error err;
	char buf[1400];
	/* The bundled plan: a missing one is a failure, not a pass. */
	kh_plan *p = plan_load(REAL_PLAN, &err);
	if (!p) {
		print_error("%s\n", kh_error_format(&err, buf, sizeof buf));
		fail();
	}
	assert_int_equal(p->n_sections, 4);
	assert_true(p->n_units >= 3);
	assert_true(p->n_periods >= 2);
	assert_true(p->n_targets >= 10);
	assert_true(p->end > p->start);
	static const double want[][2] = {{2, 5}, {30, 30}, {3, 5}, {5, 6},
					 {4, 5}, {1, 2}, {4, 5}};
	bool used[1024] = {false};
	for (size_t w = 0; w < sizeof want / sizeof want[0]; w++) {
		bool found = false;
		for (size_t i = 0; i < p->n_targets && i < 1024 && !found; i++) {
			const kh_target *t = p->targets[i];
			if (!used[i] && t->kind == KH_KIND_QUANTITY &&
			    t->min == want[w][0] && t->max == want[w][1])
				found = used[i] = true;
		}
		if (!found) {
			print_error("no quantity target %g-%g\n", want[w][0],
				    want[w][1]);
			fail();
		}
	}
	for (size_t i = 0; i < p->n_targets; i++) {
		const kh_target *t = p->targets[i];
		assert_ptr_equal(plan_find_target(p, t->id), t);
		assert_non_null(t->lead);
		assert_non_null(t->task->title);
	}
	plan_free(p);
}

/* A plan of tasks x PER quantity targets, in a new string. */
static char *large_plan_text(int tasks, int per)
{
	size_t cap = (size_t)tasks * per * 160 + 4096, n;
	char *s = malloc(cap);
	assert_non_null(s);
	n = (size_t)snprintf(s, cap, "%.*s", (int)(strstr(BASE, "    tasks:") -
						  BASE), BASE);
	n += (size_t)snprintf(s + n, cap - n, "    tasks:\n");
	for (int k = 0; k < tasks; k++) {
		n += (size_t)snprintf(s + n, cap - n,
				      "      - id: T%d\n        text: Task.\n"
				      "        targets:\n", k);
		for (int j = 0; j < per; j++)
			n += (size_t)snprintf(s + n, cap - n,
					      "          - {id: t%d-%d, kind: "
					      "quantity, text: x, measure: m, "
					      "min: %d}\n", k, j, j);
	}
	return s;
}

/* CPU seconds to load a plan of tasks x 100 targets (the plan freed). */
static double load_cpu_s(int tasks)
{
	char *s = large_plan_text(tasks, 100);
	clock_t t0 = clock();
	kh_plan *p = load_ok(s);
	double dt = (double)(clock() - t0) / CLOCKS_PER_SEC;
	assert_int_equal(p->n_targets, (size_t)tasks * 100);
	plan_free(p);
	free(s);
	return dt;
}

/* 100,000 targets must load in time linear in their number: the id checks
 * are hashed.  Judged by the CPU time of 10x the targets (about 10x when
 * linear, 100x when quadratic), which neither a sanitizer build nor a busy
 * machine skews the way a wall-clock limit would. */
static void test_large_plan(void **state)
{
	(void)state;
	enum { TASKS = 1000, PER = 100 };
	char *s = large_plan_text(TASKS, PER);
	kh_plan *p = load_ok(s);
	assert_int_equal(p->n_targets, TASKS * PER);
	assert_int_equal(p->n_tasks, TASKS);
	char id[32];
	for (size_t i = 0; i < p->n_targets; i += 7) {
		snprintf(id, sizeof id, "t%zu-%zu", i / PER, i % PER);
		assert_ptr_equal(plan_find_target(p, id), p->targets[i]);
	}
	plan_free(p);
	free(s);

	double small = load_cpu_s(TASKS / 10), large = load_cpu_s(TASKS);
	if (large > 30 * small + 0.05) {
		print_error("10x the targets took %.1fx the time (%.3f s -> "
			    "%.3f s)\n", large / small, small, large);
		fail();
	}
}

/* ---- the file as a whole ---- */

static void test_empty_and_no_plan(void **state)
{
	(void)state;
	expect_fail("", 1, 1, "file is empty");
	expect_fail(" \n\n  \n", 1, 1, "file is empty");
	expect_fail("# only\n# comments\n", 1, 1, "no plan in this file");
	expect_fail("---\n", 2, 1, "no plan in this file");
	expect_fail("just text\n", 1, 1, "must be a mapping");
	expect_fail("- a\n- b\n", 1, 1, "the file must be a mapping with the "
		    "keys plan, units, periods and sections (found a list)");
	kh_error err;
	assert_null(plan_load_buffer("bad.yaml", NULL, 0, &err));
	assert_int_equal(err.code, KH_EINPUT);
}

static void test_top_level_keys(void **state)
{
	(void)state;
	bad(8, 8, "unitz:\n", 8, 1, "unknown key \"unitz\" at the top level "
	    "(expected one of: plan, abbreviations, units, periods, sections; "
	    "did you mean \"units\"?)");
	bad(8, 12, "", 1, 1, "missing required key \"units\" at the top level");
	bad(1, 7, "", 1, 1, "missing required key \"plan\" at the top level");
	bad(13, 18, "", 1, 1, "missing required key \"periods\"");
	bad(19, 31, "", 1, 1, "missing required key \"sections\"");
	bad(END, 31, "units: []\n", 32, 1, "duplicate key \"units\" (first at "
	    "line 8)");
	bad(9, 12, "  vp: x\n", 9, 3, "\"units\" must be a list of units, "
	    "found a mapping");
	bad(8, 12, "units: []\n", 8, 8, "\"units\" must list at least one "
	    "unit");
	bad(13, 18, "periods:\n", 13, 9, "\"periods\" has no value");
	bad(2, 7, "  - x\n", 2, 3, "plan must be a mapping (key: value), "
	    "found a list");
	bad(8, 8, "abbreviations: [a]\nunits:\n", 8, 16, "\"abbreviations\" "
	    "must be a mapping");
}

static void test_plan_header(void **state)
{
	(void)state;
	bad(3, 3, "  tittle: T\n", 3, 3, "unknown key \"tittle\" in plan \"t\" "
	    "(expected one of: id, number, title, issuer, place, issued, "
	    "signatory, signatory_title, year, start, end, language, "
	    "tolerance; did you mean \"title\"?)");
	bad(3, 3, "", 2, 3, "missing required key \"title\" for plan \"t\"");
	bad(4, 4, "", 2, 3, "missing required key \"issuer\"");
	bad(5, 5, "", 2, 3, "missing required key \"year\"");
	bad(2, 2, "", 2, 3, "missing required key \"id\" for plan");
	bad(4, 3, "  title: U\n", 4, 3, "duplicate key \"title\" (first at "
	    "line 3)");
	bad(3, 3, "  title: \"\"\n", 3, 10, "\"title\" is empty");
	bad(3, 3, "  title: [a]\n", 3, 10, "\"title\" must be text, found a "
	    "list");
	bad(3, 3, "  title: {a: b}\n", 3, 10, "\"title\" must be text, found a "
	    "mapping");
	bad(2, 2, "  id: a b\n", 2, 7, "\"a b\" is not a valid id");
	bad(2, 2, "  id: ..\n", 2, 7, "must not start with a dot");
	bad(5, 5, "  year: 20x4\n", 5, 9, "\"year\" must be a whole number from "
	    "1 to 9999 (found \"20x4\")");
	bad(5, 5, "  year: 0\n", 5, 9, "\"year\" must be a whole number");
	bad(5, 5, "  year: 2024.5\n", 5, 9, "\"year\" must be a whole number");
	bad(5, 5, "  year: 10000\n", 5, 9, "\"year\" must be a whole number");
	bad(6, 6, "  start: 2024-02-30\n", 6, 10, "\"2024-02-30\" is not a date "
	    "(use YYYY-MM-DD or DD/MM/YYYY)");
	bad(6, 6, "  start: 2024/01/01\n", 6, 10, "is not a date");
	bad(7, 7, "  end: 2023-12-31\n", 7, 8, "end (2023-12-31) must be after "
	    "start (2024-01-01)");
	bad(7, 7, "  end: 01/01/2024\n", 7, 8, "must be after start");
}

static void test_numbers(void **state)
{
	(void)state;
	static const struct {
		const char *text, *want;
	} cases[] = {
		{"-5", "\"tolerance\" cannot be negative (found -5)"},
		{"+5", "must be a plain number such as 30 or 2.5"},
		{"1e309", "(found \"1e309\")"},
		{"1e2", "must be a plain number"},
		{".inf", "must be a plain number"},
		{"inf", "must be a plain number"},
		{"nan", "must be a plain number"},
		{".NaN", "must be a plain number"},
		{"0x10", "must be a plain number"},
		{"1,5", "must be a plain number"},
		{"1.", "must be a plain number"},
		{".5", "must be a plain number"},
		{"1.2.3", "must be a plain number"},
		{"12345678901234567", "more than 15 significant digits"},
		{"150", "\"tolerance\" is a percentage from 0 to 100 (found "
			"150)"},
		{"100.5", "is a percentage from 0 to 100"},
	};
	char line[128];
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		snprintf(line, sizeof line, "  tolerance: %s\n", cases[i].text);
		bad(8, 7, line, 8, 14, cases[i].want);
	}
	/* Accepted forms. */
	static const char *const ok[] = {"0", "100", "007.50",
					 "\"12.5\"", "0.000000000000001"};
	for (size_t i = 0; i < sizeof ok / sizeof ok[0]; i++) {
		snprintf(line, sizeof line, "  tolerance: %s\n", ok[i]);
		char *s = edit(8, 7, line);
		kh_plan *p = load_ok(s);
		assert_true(p->tolerance >= 0 && p->tolerance <= 1);
		plan_free(p);
		free(s);
	}
}

static void test_units(void **state)
{
	(void)state;
	bad(10, 10, "    nme: Văn phòng\n", 10, 5, "unknown key \"nme\" in unit "
	    "\"vp\" (expected one of: id, name, short; did you mean "
	    "\"name\"?)");
	bad(11, 11, "  - id: vp\n", 11, 9, "duplicate unit id \"vp\" (first "
	    "defined at line 9)");
	bad(10, 10, "", 9, 5, "missing required key \"name\" for unit \"vp\"");
	bad(9, 10, "  - vp\n", 9, 5, "unit must be a mapping (key: value), "
	    "found text");
	bad(9, 9, "  - id: [vp]\n", 9, 9, "\"id\" must be an id, found a list");
	/* An empty optional key takes the default. */
	char *s = edit(10, 10, "    name: Văn phòng\n    short:\n");
	kh_plan *p = load_ok(s);
	assert_string_equal(p->units[0].short_name, "vp");
	plan_free(p);
	free(s);
}

static void test_periods(void **state)
{
	(void)state;
	bad(17, 17, "    cutof: 2024-06-14\n", 17, 5, "unknown key \"cutof\" in "
	    "period \"H1\" (expected one of: id, label, from, cutoff, deadline; "
	    "did you mean \"cutoff\"?)");
	bad(17, 17, "    cutoff: 2025-01-10\n", 17, 13, "cutoff date 2025-01-10 "
	    "is outside the plan (2024-01-01 to 2024-12-31)");
	bad(18, 18, "    deadline: 2024-06-01\n", 18, 15, "deadline 2024-06-01 "
	    "is before the cutoff 2024-06-14");
	bad(16, 16, "    from: 2024-07-01\n", 16, 11, "\"from\" (2024-07-01) is "
	    "after the cutoff (2024-06-14)");
	bad(18, 18, "", 14, 5, "missing required key \"deadline\" for period "
	    "\"H1\"");
	bad(19, 18, "  - {id: H1, label: B, from: 2024-01-01, cutoff: "
	    "2024-12-14, deadline: 2024-12-20}\n", 19, 10, "duplicate period "
	    "id \"H1\" (first defined at line 14)");
	bad(16, 16, "    from: 31/02/2024\n", 16, 11, "\"31/02/2024\" is not a "
	    "date");
}

static void test_sections(void **state)
{
	(void)state;
	bad(21, 21, "    titel: Section\n", 21, 5, "unknown key \"titel\" in "
	    "section \"S1\" (expected one of: id, title, basis, lead, support, "
	    "tasks; did you mean \"title\"?)");
	bad(22, 22, "", 20, 5, "missing required key \"lead\" for section "
	    "\"S1\"");
	bad(22, 22, "    lead: qlnc\n", 22, 11, "unknown unit \"qlnc\" (units "
	    "are: vp, qlcn)");
	bad(22, 22, "    lead: [vp]\n", 22, 11, "\"lead\" must name a unit, "
	    "found a list");
	bad(23, 22, "    support: [qlcn, vp, qlcn]\n", 23, 25, "unit \"qlcn\" "
	    "is listed twice in \"support\"");
	bad(23, 22, "    support: {vp: 1}\n", 23, 14, "\"support\" must be a "
	    "list of unit ids, found a mapping");
	bad(23, 22, "    support: [vp, [qlcn]]\n", 23, 19, "\"support\" must "
	    "name a unit, found a list");
	bad(23, 31, "    tasks: []\n", 23, 12, "\"tasks\" must list at least "
	    "one task");
	bad(23, 31, "    tasks: none\n", 23, 12, "\"tasks\" must be a list of "
	    "tasks, found text");
	bad(END, 31, "  - id: S1\n    title: Again\n    lead: vp\n    tasks:\n"
	    "      - {id: T2, text: t, targets: [{id: x2, kind: ongoing, "
	    "text: t}]}\n", 32, 9, "duplicate section id \"S1\" (first defined "
	    "at line 20)");
	bad(20, 20, "  - id: \"S 1\"\n", 20, 9, "\"S 1\" is not a valid id");
	/* 64 characters make an id, 65 do not. */
	char line[128];
	snprintf(line, sizeof line, "  - id: %.65s\n",
		 "S.123456789-123456789_123456789&123456789.123456789"
		 "-123456789_1234");
	bad(20, 20, line, 20, 9, "is not a valid id: use 1 to 64 of");
	snprintf(line, sizeof line, "  - id: %.64s\n",
		 "S.123456789-123456789_123456789&123456789.123456789"
		 "-123456789_1234");
	char *s = edit(20, 20, line);
	kh_plan *p = load_ok(s);
	assert_int_equal(strlen(p->sections[0].id), 64);
	plan_free(p);
	free(s);
}

static void test_tasks(void **state)
{
	(void)state;
	bad(25, 25, "        tilte: Do\n        text: Do things.\n", 25, 9,
	    "unknown key \"tilte\" in task \"T1\" (expected one of: id, title, "
	    "text, lead, support, targets; did you mean \"title\"?)");
	bad(25, 25, "", 24, 9, "missing required key \"text\" for task \"T1\"");
	bad(26, 31, "", 24, 9, "missing required key \"targets\" for task "
	    "\"T1\"");
	bad(26, 31, "        targets: []\n", 26, 18, "\"targets\" must list at "
	    "least one target");
	bad(END, 31, "      - {id: T1, text: t, targets: [{id: x2, kind: "
	    "ongoing, text: t}]}\n", 32, 14, "duplicate task id \"T1\" (first "
	    "defined at line 24)");
	bad(END, 31, "      - {id: x1, text: t, targets: [{id: x2, kind: "
	    "ongoing, text: t}]}\n", 32, 14, "task id \"x1\" is already the id "
	    "of a target (line 27)");
	bad(26, 25, "        lead: nobody\n", 26, 15, "unknown unit \"nobody\"");
	bad(24, 31, "      - T1\n", 24, 9, "task must be a mapping (key: "
	    "value), found text");
	bad(23, 31, "    tasks:\n      T1: x\n", 24, 7, "\"tasks\" must be a "
	    "list of tasks, found a mapping");
}

static void test_targets(void **state)
{
	(void)state;
	bad(END, 31, "            tittle: x\n", 32, 13, "unknown key \"tittle\" "
	    "in target \"x1\" (expected one of: id, kind, text, lead, support, "
	    "start, due, measure, min, max, whole, checkpoints)");
	bad(30, 30, "            mesure: tấn\n", 30, 13, "did you mean "
	    "\"measure\"?");
	bad(30, 30, "", 27, 13, "missing required key \"measure\" for quantity "
	    "target \"x1\"");
	bad(31, 31, "", 27, 13, "missing required key \"min\" for quantity "
	    "target \"x1\"");
	bad(28, 28, "", 27, 13, "missing required key \"kind\" for target "
	    "\"x1\"");
	bad(29, 29, "", 27, 13, "missing required key \"text\"");
	bad(27, 28, "          - kind: quantity\n", 27, 13, "missing required key "
	    "\"id\" for target");
	bad(28, 28, "            kind: quantty\n", 28, 19, "unknown kind "
	    "\"quantty\" (expected quantity, milestone or ongoing)");
	bad(28, 28, "            kind: milestone\n", 30, 13, "\"measure\" is only "
	    "for quantity targets (\"x1\" is a milestone)");
	bad(28, 30, "            kind: ongoing\n            text: t\n", 30, 13,
	    "\"min\" is only for quantity targets (\"x1\" is ongoing)");
	bad(28, 31, "            kind: ongoing\n            text: t\n"
	    "            whole: true\n", 30, 13, "\"whole\" is only for");
	bad(END, 31, "          - {id: x1, kind: ongoing, text: t}\n", 32, 18,
	    "duplicate target id \"x1\" (first defined at line 27)");
	bad(END, 31, "          - {id: T1, kind: ongoing, text: t}\n", 32, 18,
	    "target id \"T1\" is already the id of a task (line 24)");
	bad(27, 31, "          - [x1]\n", 27, 13, "target must be a mapping");
	bad(29, 29, "            text: {a: 1}\n", 29, 19, "\"text\" must be "
	    "text, found a mapping");
	bad(END, 31, "            lead: qlnc\n", 32, 19, "unknown unit \"qlnc\" "
	    "(units are: vp, qlcn)");
	bad(END, 31, "            support: [vp, nope]\n", 32, 27, "unknown unit "
	    "\"nope\"");
}

static void test_quantities(void **state)
{
	(void)state;
	bad(31, 31, "            min: 5\n            max: 2\n", 32, 18,
	    "min (5) is greater than max (2)");
	bad(31, 31, "            min: -5\n", 31, 18, "\"min\" cannot be negative");
	bad(31, 31, "            min: abc\n", 31, 18, "\"min\" must be a plain "
	    "number such as 30 or 2.5 (found \"abc\")");
	bad(31, 31, "            min: 1e309\n", 31, 18, "must be a plain number");
	bad(31, 31, "            min: .inf\n", 31, 18, "must be a plain number");
	bad(31, 31, "            min: 2.5\n", 31, 18, "min (2.5) is not a whole "
	    "number; add \"whole: false\"");
	bad(END, 31, "            max: 30.5\n", 32, 18, "max (30.5) is not a "
	    "whole number");
	bad(END, 31, "            whole: maybe\n", 32, 20, "\"whole\" must be "
	    "true or false (found \"maybe\")");
	bad(31, 31, "            min: [1]\n", 31, 18, "\"min\" must be a number, "
	    "found a list");
	bad(31, 31, "            min:\n", 31, 17, "\"min\" has no value");
	/* whole: false allows decimals; max defaults to min. */
	char *s = edit(31, 31, "            min: 2.5\n            whole: False\n");
	kh_plan *p = load_ok(s);
	assert_true(p->targets[0]->min == 2.5 && p->targets[0]->max == 2.5);
	assert_false(p->targets[0]->whole);
	plan_free(p);
	free(s);
}

static void test_target_dates(void **state)
{
	(void)state;
	bad(END, 31, "            due: 2025-03-01\n", 32, 18, "due date 2025-03-01 "
	    "is outside the plan (2024-01-01 to 2024-12-31)");
	bad(END, 31, "            start: 2023-12-31\n", 32, 20, "start date "
	    "2023-12-31 is outside the plan");
	bad(END, 31, "            start: 2024-06-01\n            due: 2024-05-01\n",
	    33, 18, "due date 2024-05-01 must be after the start date "
	    "2024-06-01");
	bad(END, 31, "            start: 2024-06-01\n            due: 01/06/2024\n",
	    33, 18, "must be after the start date");
	bad(END, 31, "            start: 2024-12-31\n", 32, 20, "due date "
	    "2024-12-31 must be after the start date 2024-12-31");
	bad(END, 31, "            due: 2024-13-01\n", 32, 18, "\"2024-13-01\" is "
	    "not a date (use YYYY-MM-DD or DD/MM/YYYY)");
}

static void test_checkpoints(void **state)
{
	(void)state;
	const char *cp = "            checkpoints:\n";
	char buf[512];
#define CP(body) (snprintf(buf, sizeof buf, "%s%s", cp, body), buf)
	bad(END, 31, CP("              - {date: 2024-06-30, percent: 50, value: "
			"3}\n"), 33, 49, "a checkpoint takes \"percent\" or "
	    "\"value\", not both");
	bad(END, 31, CP("              - {date: 2024-06-30}\n"), 33, 17,
	    "checkpoint 1 of target \"x1\" needs \"percent\" or \"value\"");
	bad(END, 31, CP("              - {percent: 50}\n"), 33, 17,
	    "missing required key \"date\" for checkpoint 1 of target \"x1\"");
	bad(END, 31, CP("              - {date: 2024-06-30, percent: 120}\n"), 33,
	    45, "\"percent\" (120) is more than 100");
	bad(END, 31, CP("              - {date: 2024-06-30, value: 40}\n"), 33, 43,
	    "checkpoint value 40 is more than min (30)");
	bad(END, 31, CP("              - {date: 2024-12-31, value: 4}\n"), 33, 24,
	    "checkpoint date 2024-12-31 must be strictly between the target's "
	    "start (2024-01-01) and due date (2024-12-31)");
	bad(END, 31, CP("              - {date: 2024-01-01, value: 4}\n"), 33, 24,
	    "must be strictly between");
	bad(END, 31, CP("              - {date: 2024-06-30, value: 4}\n"
			"              - {date: 2024-06-30, value: 5}\n"), 34, 24,
	    "checkpoint dates must increase: 2024-06-30 is not after "
	    "2024-06-30");
	bad(END, 31, CP("              - {date: 2024-06-30, value: 20}\n"
			"              - {date: 2024-09-30, percent: 50}\n"), 34, 45,
	    "checkpoint value 15 is less than the one before (20)");
	bad(END, 31, CP("              - 2024-06-30\n"), 33, 17, "checkpoint must "
	    "be a mapping");
	bad(END, 31, "            checkpoints: {date: 2024-06-30}\n", 32, 26,
	    "\"checkpoints\" must be a list of checkpoints, found a mapping");
	bad(END, 31, CP("              - {date: 2024-06-30, valeu: 2}\n"), 33, 36,
	    "unknown key \"valeu\" in checkpoint (expected one of: date, "
	    "percent, value; did you mean \"value\"?)");
	/* A good one: percent is converted, values may stay level. */
	char *s = edit(END, 31, CP("              - {date: 2024-03-31, percent: "
				   "10}\n              - {date: 2024-06-30, "
				   "value: 3}\n"));
	kh_plan *p = load_ok(s);
	assert_int_equal(p->targets[0]->n_checkpoints, 2);
	assert_true(p->targets[0]->checkpoints[0].value == 3);
	assert_true(p->targets[0]->checkpoints[1].value == 3);
	plan_free(p);
	free(s);
#undef CP
}

/* ---- YAML-level refusals ---- */

static void test_yaml_limits(void **state)
{
	(void)state;
	/* anchors and aliases, including billion laughs */
	bad(3, 3, "  title: &t T\n", 3, 10, "aliases and anchors are not "
	    "supported");
	bad(4, 4, "  issuer: *t\n", 4, 11, "aliases and anchors are not "
	    "supported");
	expect_fail("a: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n"
		    "b: &b [*a,*a,*a,*a,*a]\nc: &c [*b,*b,*b,*b,*b]\n"
		    "d: [*c,*c,*c,*c,*c]\n", 1, 4, "aliases and anchors");
	/* tags */
	bad(3, 3, "  title: !!str T\n", 3, 10, "tags (such as !!str) are not "
	    "supported");
	bad(5, 5, "  year: !int 2024\n", 5, 9, "tags");
	bad(1, 1, "plan: !!map\n", 1, 7, "tags");
	/* a second document */
	bad(END, 31, "---\nplan: {}\n", 32, 1, "a second YAML document");
	/* text escapes that smuggle control characters */
	bad(3, 3, "  title: \"a\\x1bb\"\n", 3, 10, "control character U+001B in "
	    "text is not allowed");
	bad(3, 3, "  title: \"a\\0b\"\n", 3, 10, "control character U+0000");
	/* a key that is not text */
	bad(3, 3, "  ? [a]\n  : b\n", 3, 5, "a key must be text, not a list");
	/* syntax */
	bad(3, 3, "  title: \"open\n", 32, 1, "YAML syntax: found unexpected "
	    "end of stream (while scanning a quoted scalar that started at "
	    "line 3, column 10)");
	bad(4, 4, " issuer: I\n", 4, 2, "YAML syntax:");
}

static void test_tabs(void **state)
{
	(void)state;
	bad(3, 3, "\ttitle: T\n", 3, 1, "tab character used for indentation "
	    "(indent with spaces)");
	bad(25, 25, "  \t      text: Do things.\n", 25, 3, "tab character");
	kh_error err;
	assert_null(plan_load(KH_TEST_DATA "/loader/bad-tab.yaml", &err));
	assert_int_equal(err.code, KH_EINPUT);
	assert_int_equal(err.line, 5);
	assert_int_equal(err.col, 1);
	assert_non_null(strstr(err.msg, "tab"));
}

static void test_scalar_size(void **state)
{
	(void)state;
	size_t big = 100 * 1024;
	char *line = malloc(big + 32);
	assert_non_null(line);
	memcpy(line, "  title: ", 9);
	memset(line + 9, 'a', big);
	memcpy(line + 9 + big, "\n", 2);
	bad(3, 3, line, 3, 10, "text longer than 64 KiB");
	/* Exactly 64 KiB is allowed. */
	memcpy(line + 9 + 65536, "\n", 2);
	char *s = edit(3, 3, line);
	kh_plan *p = load_ok(s);
	assert_int_equal(strlen(p->title), 65536);
	plan_free(p);
	free(s);
	free(line);
}

static void test_deep_nesting(void **state)
{
	(void)state;
	size_t n = 1000000;
	char *s = malloc(n);
	assert_non_null(s);
	memset(s, '[', n);
	double t0 = now_s();
	expect_fail_n(s, n, 1, 33, "nesting deeper than 32 levels");
	double dt = now_s() - t0;
	assert_true(dt < 1.0);
	/* Block mappings nest too. */
	size_t cap = 40 * 90, len = 0;
	char *m = malloc(cap);
	assert_non_null(m);
	for (int i = 0; i < 40; i++)
		len += (size_t)snprintf(m + len, cap - len, "%*sk%d:\n", 2 * i,
					"", i);
	expect_fail_n(m, len, 33, 65, "nesting deeper than 32 levels");
	/* 32 levels are allowed by the tree (the plan then rejects it). */
	memset(s, '[', 31);
	memset(s + 31, ']', 31);
	expect_fail_n(s, 62, 1, 1, "the file must be a mapping");
	free(m);
	free(s);
}

static void test_bad_bytes(void **state)
{
	(void)state;
	/* invalid UTF-8 in the middle of a line: the column counts
	 * characters ("  title: Kế hoạch " is 18 of them) */
	bad(3, 3, "  title: Kế hoạch \xff năm\n", 3, 19, "invalid UTF-8 (byte "
	    "0xff)");
	/* a lead byte followed by ASCII: reported at the lead byte */
	bad(4, 4, "  issuer: ab\xc3(\n", 4, 13, "invalid UTF-8 (byte 0xc3)");
	/* overlong encoding, a UTF-16 surrogate */
	bad(4, 4, "  issuer: \xc0\xaf\n", 4, 11, "invalid UTF-8 (byte 0xc0)");
	bad(4, 4, "  issuer: \xed\xa0\x80\n", 4, 11, "invalid UTF-8 (byte 0xed)");
	/* the file ends inside a character */
	expect_fail("plan: \xe2\x82", 1, 7, "invalid UTF-8");
	/* NUL and raw controls */
	expect_fail_n("plan:\n  id: x\0y\n", 16, 2, 8, "NUL byte in the file");
	bad(4, 4, "  issuer: a\x7f\n", 4, 12, "control character U+007F is not "
	    "allowed");
	bad(4, 4, "  issuer: \xef\xbf\xbe\n", 4, 11, "character U+FFFE is not "
	    "allowed");
	/* binary garbage: an ELF-like header, UTF-16 byte order marks */
	static const char elf[] = "\x7f" "ELF\x02\x01\x01\0\0\0\0\0\xff\xfe";
	expect_fail_n(elf, sizeof elf - 1, 1, 1, "control character U+007F");
	expect_fail_n("\xff\xfe" "p\0l\0", 6, 1, 1, "invalid UTF-8 (byte 0xff)");
	expect_fail_n("\0\0\0\0", 4, 1, 1, "NUL byte");
	/* Line breaks count like libyaml's: CR LF is one line. */
	char *s = edit(1, 31, "plan:\r\n  id: t\r\n  title: \xff\r\n");
	expect_fail(s, 3, 10, "invalid UTF-8");
	free(s);
}

/* ---- files ---- */

static void test_files(void **state)
{
	(void)state;
	kh_error err;
	assert_null(plan_load("/nonexistent/kehoach/plan.yaml", &err));
	assert_int_equal(err.code, KH_EIO);
	assert_string_equal(err.file, "/nonexistent/kehoach/plan.yaml");
	assert_non_null(strstr(err.msg, strerror(ENOENT)));

	assert_null(plan_load(KH_TEST_DATA, &err));
	assert_int_equal(err.code, KH_EIO);
	assert_non_null(strstr(err.msg, strerror(EISDIR)));

	assert_null(plan_load(KH_TEST_DATA "/loader/bad-typo.yaml", &err));
	assert_int_equal(err.code, KH_EINPUT);
	assert_int_equal(err.line, 17);
	assert_int_equal(err.col, 9);
	assert_non_null(strstr(err.msg, "did you mean \"title\"?"));
	char buf[1400];
	kh_error_format(&err, buf, sizeof buf);
	assert_non_null(strstr(buf, "bad-typo.yaml:17:9: unknown key"));

	/* A sparse file over 256 MiB is refused before it is read. */
	const char *tmp = getenv("TMPDIR");
	char dir[512], path[600];
	snprintf(dir, sizeof dir, "%s/kh-loader-XXXXXX", tmp && *tmp ? tmp
								     : "/tmp");
	assert_non_null(mkdtemp(dir));
	snprintf(path, sizeof path, "%s/huge.yaml", dir);
	int fd = open(path, O_CREAT | O_WRONLY | O_TRUNC, 0600);
	assert_true(fd >= 0);
	assert_int_equal(ftruncate(fd, (off_t)257 * 1024 * 1024), 0);
	close(fd);
	double t0 = now_s();
	assert_null(plan_load(path, &err));
	assert_true(now_s() - t0 < 1.0);
	assert_int_equal(err.code, KH_EINPUT);
	assert_non_null(strstr(err.msg, "larger than 256 MiB"));
	unlink(path);
	rmdir(dir);

	/* NULL err and NULL name are allowed. */
	assert_null(plan_load_buffer("x", "x: [", 4, NULL));
	kh_plan *p = plan_load_buffer(NULL, BASE, strlen(BASE), NULL);
	assert_non_null(p);
	plan_free(p);
	plan_free(NULL);
}

/* ---- never crash: truncations and byte flips of the good file ---- */

static uint64_t next_rand(uint64_t *s)
{
	/* xorshift64 */
	*s ^= *s << 13;
	*s ^= *s >> 7;
	*s ^= *s << 17;
	return *s;
}

static void check_outcome(const char *data, size_t len, int *loaded)
{
	kh_error err;
	kh_plan *p = plan_load_buffer("fuzz.yaml", data, len, &err);
	if (p) {
		assert_int_equal(err.code, KH_OK);
		assert_true(p->n_targets > 0);
		(*loaded)++;
		plan_free(p);
		return;
	}
	if (err.code != KH_EINPUT || err.line < 1 || err.col < 1 ||
	    !err.msg[0] || strcmp(err.file, "fuzz.yaml") != 0) {
		print_error("bad error %d %d:%d %s\n", err.code, err.line,
			    err.col, err.msg);
		fail();
	}
}

static void test_self_fuzz(void **state)
{
	(void)state;
	FILE *f = fopen(GOOD, "rb");
	assert_non_null(f);
	static char good[16384];
	size_t n = fread(good, 1, sizeof good, f);
	fclose(f);
	assert_true(n > 100 && n < sizeof good);
	char *buf = malloc(n);
	assert_non_null(buf);
	int loaded = 0, runs = 0;
	double t0 = now_s();
	/* Every truncation; a malloc'd copy so ASan sees overreads. */
	for (size_t cut = 0; cut <= n && now_s() - t0 < 0.6; cut++, runs++) {
		char *c = malloc(cut ? cut : 1);
		assert_non_null(c);
		memcpy(c, good, cut);
		check_outcome(c, cut, &loaded);
		free(c);
	}
	/* Random byte flips, 1 to 4 per variant. */
	uint64_t seed = 0x9e3779b97f4a7c15u;
	t0 = now_s();
	for (int i = 0; i < 4000 && now_s() - t0 < 0.6; i++, runs++) {
		memcpy(buf, good, n);
		int flips = 1 + (int)(next_rand(&seed) % 4);
		for (int k = 0; k < flips; k++) {
			uint64_t r = next_rand(&seed);
			buf[r % n] = (char)(r >> 32);
		}
		check_outcome(buf, n, &loaded);
	}
	free(buf);
	assert_true(runs > 500);
	assert_true(loaded > 0); /* the untruncated file at least */
}

/* ---- plan.c: periods, as-of date, hand-built plans ---- */

static void test_periods_lookup(void **state)
{
	(void)state;
	kh_error err;
	kh_plan *p = plan_load(GOOD, &err);
	assert_non_null(p);
	const kh_period *h1 = &p->periods[0], *fy = &p->periods[1];
	/* H1: cutoff 2024-06-14, deadline 06-20; FY: 12-14, 12-20 */
	assert_ptr_equal(plan_period_for_date(p, D(2023, 12, 15)), h1);
	assert_ptr_equal(plan_period_for_date(p, D(2024, 6, 14)), h1);
	assert_ptr_equal(plan_period_for_date(p, D(2024, 6, 15)), fy);
	assert_ptr_equal(plan_period_for_date(p, D(2024, 12, 14)), fy);
	assert_ptr_equal(plan_period_for_date(p, D(2024, 12, 31)), fy);
	assert_ptr_equal(plan_period_for_date(p, D(2020, 1, 1)), h1);

	assert_null(plan_period_due(p, D(2024, 1, 1)));
	assert_null(plan_period_due(p, D(2024, 6, 20)));
	assert_ptr_equal(plan_period_due(p, D(2024, 6, 21)), h1);
	assert_ptr_equal(plan_period_due(p, D(2024, 12, 20)), h1);
	assert_ptr_equal(plan_period_due(p, D(2024, 12, 21)), fy);
	assert_ptr_equal(plan_period_due(p, D(2030, 1, 1)), fy);

	assert_int_equal(plan_default_as_of(p, D(2023, 6, 1)), D(2024, 1, 1));
	assert_int_equal(plan_default_as_of(p, D(2024, 1, 1)), D(2024, 1, 1));
	assert_int_equal(plan_default_as_of(p, D(2024, 7, 9)), D(2024, 7, 9));
	assert_int_equal(plan_default_as_of(p, D(2024, 12, 31)),
			 D(2024, 12, 31));
	assert_int_equal(plan_default_as_of(p, D(2025, 1, 1)), D(2024, 12, 31));
	plan_free(p);
}

static void test_hand_built_plan(void **state)
{
	(void)state;
	kh_unit units[] = {{"a", "A", "A"}, {"b", "B", "B"}};
	kh_period periods[] = {
		{"Q1", "q1", D(2024, 1, 1), D(2024, 3, 31), D(2024, 4, 30)},
		{"Q2", "q2", D(2024, 4, 1), D(2024, 6, 30), D(2024, 4, 30)},
	};
	kh_target t = {.id = "t1"};
	kh_target *targets[] = {&t};
	kh_plan p = {.units = units, .n_units = 2, .periods = periods,
		     .n_periods = 2, .targets = targets, .n_targets = 1,
		     .start = D(2024, 1, 1), .end = D(2024, 6, 30)};
	/* No index: lookups fall back to a scan. */
	assert_ptr_equal(plan_find_unit(&p, "b"), &units[1]);
	assert_null(plan_find_unit(&p, "c"));
	assert_ptr_equal(plan_find_period(&p, "Q2"), &periods[1]);
	assert_ptr_equal(plan_find_target(&p, "t1"), &t);
	assert_null(plan_find_target(&p, "t2"));
	/* Equal deadlines: the later period wins. */
	assert_ptr_equal(plan_period_due(&p, D(2024, 5, 1)), &periods[1]);
	p.n_periods = 0;
	assert_null(plan_period_for_date(&p, D(2024, 1, 1)));
	assert_null(plan_period_due(&p, D(2024, 5, 1)));
	assert_null(plan_period_for_date(NULL, 0));
	assert_null(plan_find_target(NULL, "t1"));

	assert_string_equal(kh_kind_name(KH_KIND_QUANTITY), "quantity");
	assert_string_equal(kh_kind_name(KH_KIND_MILESTONE), "milestone");
	assert_string_equal(kh_kind_name(KH_KIND_ONGOING), "ongoing");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_base_loads),
		cmocka_unit_test(test_good_fixture),
		cmocka_unit_test(test_real_plan),
		cmocka_unit_test(test_large_plan),
		cmocka_unit_test(test_empty_and_no_plan),
		cmocka_unit_test(test_top_level_keys),
		cmocka_unit_test(test_plan_header),
		cmocka_unit_test(test_numbers),
		cmocka_unit_test(test_units),
		cmocka_unit_test(test_periods),
		cmocka_unit_test(test_sections),
		cmocka_unit_test(test_tasks),
		cmocka_unit_test(test_targets),
		cmocka_unit_test(test_quantities),
		cmocka_unit_test(test_target_dates),
		cmocka_unit_test(test_checkpoints),
		cmocka_unit_test(test_yaml_limits),
		cmocka_unit_test(test_tabs),
		cmocka_unit_test(test_scalar_size),
		cmocka_unit_test(test_deep_nesting),
		cmocka_unit_test(test_bad_bytes),
		cmocka_unit_test(test_files),
		cmocka_unit_test(test_self_fuzz),
		cmocka_unit_test(test_periods_lookup),
		cmocka_unit_test(test_hand_built_plan),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
