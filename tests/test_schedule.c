/* Tests for the schedule rules: expected progress, statuses, roll-ups.
 *
 * Plans and targets are built by hand; every boundary of the rules is a row
 * in a table. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "kehoach/lang.h"
#include "kehoach/schedule.h"

#define NEAR 1e-9

static kh_date day(const char *iso)
{
	kh_date d = KH_DATE_NONE;

	if (!kh_date_parse_iso(iso, &d))
		fail_msg("bad date in test: %s", iso);
	return d;
}

struct cp_spec {
	const char *date;
	double value;
};

/* What a quantity target looks like, as the loader would resolve it. */
struct target_spec {
	double min, max;
	bool whole;
	const char *start, *due;
	struct cp_spec cps[2];
	size_t n_cps;
};

/* A plan with one target, owned by the caller's stack. */
struct world {
	kh_plan plan;
	kh_period periods[2];
	kh_checkpoint cps[2];
	kh_target target;
};

static void world_init(struct world *w, kh_kind kind,
		       const struct target_spec *s, double tolerance)
{
	memset(w, 0, sizeof *w);
	w->plan.id = "test-plan";
	w->plan.year = 2024;
	w->plan.start = day("2024-01-01");
	w->plan.end = day("2024-12-31");
	w->plan.tolerance = tolerance;
	w->target.id = "t";
	w->target.kind = kind;
	w->target.min = s->min;
	w->target.max = s->max;
	w->target.whole = s->whole;
	w->target.start = day(s->start);
	w->target.due = day(s->due);
	for (size_t i = 0; i < s->n_cps; i++) {
		w->cps[i].date = day(s->cps[i].date);
		w->cps[i].value = s->cps[i].value;
	}
	w->target.checkpoints = s->n_cps ? w->cps : NULL;
	w->target.n_checkpoints = s->n_cps;
}

/* Two reporting periods: H1 (deadline 20/06) and the year (20/11). */
static void world_add_periods(struct world *w)
{
	w->periods[0] = (kh_period){
		.id = "H1",
		.label = "6 tháng đầu năm",
		.from = day("2024-01-01"),
		.cutoff = day("2024-06-15"),
		.deadline = day("2024-06-20"),
	};
	w->periods[1] = (kh_period){
		.id = "Y",
		.label = "Cả năm",
		.from = day("2024-06-16"),
		.cutoff = day("2024-11-15"),
		.deadline = day("2024-11-20"),
	};
	w->plan.periods = w->periods;
	w->plan.n_periods = 2;
}

static void check_state(const char *name, kh_state got, kh_state want)
{
	if (got != want)
		fail_msg("%s: state %s, want %s", name, sched_state_id(got),
			 sched_state_id(want));
}

static void check_near(const char *name, const char *what, double got,
		       double want)
{
	if (!(fabs(got - want) <= NEAR))
		fail_msg("%s: %s %.17g, want %.17g", name, what, got, want);
}

/* ---- the acceptance case ------------------------------------------- */

/* II.1-che-pham-vi-sinh: 30 tấn of microbial products in 2024. */
static const struct target_spec vi_sinh = {
	.min = 30, .max = 30, .whole = false,
	.start = "2024-01-01", .due = "2024-12-31",
};

static void test_acceptance(void **state)
{
	(void)state;
	static const struct {
		double value;
		const char *on;
		kh_state want;
	} rows[] = {
		{13, "2024-06-30", KH_STATE_BEHIND},
		{14, "2024-06-30", KH_STATE_AT_RISK},
		{15, "2024-06-30", KH_STATE_ON_TRACK},
		{15, "2025-01-01", KH_STATE_OVERDUE},
		{30, "2024-06-30", KH_STATE_DONE},
		{31, "2024-06-30", KH_STATE_EXCEEDED},
	};
	struct world w;

	world_init(&w, KH_KIND_QUANTITY, &vi_sinh, 0.10);
	w.target.id = "II.1-che-pham-vi-sinh";
	w.target.measure = "tấn";
	for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
		kh_entry e = {
			.kind = KH_KIND_QUANTITY,
			.value = rows[i].value,
			.as_of = day("2024-06-15"),
		};
		kh_date on = day(rows[i].on);
		kh_eval ev = sched_eval(&w.plan, &w.target, on, &e, false);
		char name[64];

		snprintf(name, sizeof name, "%g as of %s", rows[i].value,
			 rows[i].on);
		check_state(name, ev.state, rows[i].want);
		assert_true(ev.reported);
		assert_int_equal(ev.entry_as_of, day("2024-06-15"));
		check_near(name, "achieved", ev.achieved, rows[i].value);
		check_near(name, "progress", ev.progress,
			   rows[i].value / 30.0 * 100.0);
		assert_null(ev.missing_period);
	}

	/* 30 tấn over the 365 days from 01/01 to 31/12/2024: 181 days in. */
	kh_entry e13 = {.kind = KH_KIND_QUANTITY, .value = 13,
			.as_of = day("2024-06-15")};
	kh_eval ev = sched_eval(&w.plan, &w.target, day("2024-06-30"), &e13,
				false);
	check_near("13", "expected", ev.expected, 30.0 * 181.0 / 365.0);
	check_near("13", "gap", ev.gap, 30.0 * 181.0 / 365.0 - 13.0);

	kh_entry e15 = e13;
	e15.value = 15;
	ev = sched_eval(&w.plan, &w.target, day("2025-01-01"), &e15, false);
	check_near("15 late", "expected", ev.expected, 30.0);
	check_near("15 late", "gap", ev.gap, 15.0);
}

/* ---- expected progress --------------------------------------------- */

static const struct target_spec year365 = {
	.min = 365, .max = 365, .start = "2024-01-01", .due = "2024-12-31",
};
static const struct target_spec year364 = {
	.min = 364, .max = 364, .start = "2023-01-01", .due = "2023-12-31",
};
static const struct target_spec two_cps = {
	.min = 100, .max = 100, .start = "2024-01-01", .due = "2024-12-31",
	.cps = {{"2024-07-01", 20}, {"2024-10-01", 60}}, .n_cps = 2,
};
static const struct target_spec one_cp = {
	.min = 100, .max = 100, .start = "2024-01-01", .due = "2024-12-31",
	.cps = {{"2024-07-01", 20}}, .n_cps = 1,
};
static const struct target_spec cp_at_min = {
	.min = 10, .max = 10, .start = "2024-01-01", .due = "2024-12-31",
	.cps = {{"2024-07-01", 10}}, .n_cps = 1,
};
static const struct target_spec two_whole = {
	.min = 2, .max = 2, .whole = true,
	.start = "2024-01-01", .due = "2024-12-31",
};
static const struct target_spec two_decimal = {
	.min = 2, .max = 2, .whole = false,
	.start = "2024-01-01", .due = "2024-12-31",
};
static const struct target_spec one_whole = {
	.min = 1, .max = 1, .whole = true,
	.start = "2024-01-01", .due = "2024-12-31",
};
/* 55 * (3 / 11.0) is 14.999999999999998 in doubles. */
static const struct target_spec noisy_whole = {
	.min = 55, .max = 55, .whole = true,
	.start = "2024-01-01", .due = "2024-01-12",
};
/* 77 * (9 / 11.0) is 63.00000000000001 in doubles. */
static const struct target_spec noisy_decimal = {
	.min = 77, .max = 77, .whole = false,
	.start = "2024-01-01", .due = "2024-01-12",
};
/* A plan's "percent: 57" of 100 becomes 0.57 * 100 = 56.99999999999999. */
static const struct target_spec percent_cp = {
	.min = 100, .max = 100, .whole = true,
	.start = "2024-01-01", .due = "2024-12-31",
	.cps = {{"2024-07-01", 0.57 * 100}}, .n_cps = 1,
};

static void test_expected(void **state)
{
	(void)state;
	static const struct {
		const char *name;
		const struct target_spec *t;
		const char *on;
		double want;
	} rows[] = {
		{"before start", &vi_sinh, "2023-12-31", 0},
		{"on start", &vi_sinh, "2024-01-01", 0},
		{"day after start", &vi_sinh, "2024-01-02", 30.0 / 365.0},
		{"mid-year", &vi_sinh, "2024-06-30", 30.0 * 181.0 / 365.0},
		{"day before due", &vi_sinh, "2024-12-30",
		 30.0 * 364.0 / 365.0},
		{"on due", &vi_sinh, "2024-12-31", 30},
		{"after due", &vi_sinh, "2025-01-01", 30},
		{"long after due", &vi_sinh, "2030-06-01", 30},
		{"leap: 2024-02-28", &year365, "2024-02-28", 58},
		{"leap: 2024-02-29", &year365, "2024-02-29", 59},
		{"leap: 2024-03-01", &year365, "2024-03-01", 60},
		{"leap: 2024-12-30", &year365, "2024-12-30", 364},
		{"2023: 02-28", &year364, "2023-02-28", 58},
		{"2023: 03-01", &year364, "2023-03-01", 59},
		{"2023: 07-01", &year364, "2023-07-01", 181},
		{"2023: 12-30", &year364, "2023-12-30", 363},
		{"2023: on due", &year364, "2023-12-31", 364},
		{"two cps: before first", &two_cps, "2024-04-01", 10},
		{"two cps: day before first", &two_cps, "2024-06-30",
		 20.0 * 181.0 / 182.0},
		{"two cps: at first", &two_cps, "2024-07-01", 20},
		{"two cps: after first", &two_cps, "2024-07-02",
		 20.0 + 40.0 / 92.0},
		{"two cps: between", &two_cps, "2024-08-16", 40},
		{"two cps: at second", &two_cps, "2024-10-01", 60},
		{"two cps: after second", &two_cps, "2024-10-02",
		 60.0 + 40.0 / 91.0},
		{"two cps: day before due", &two_cps, "2024-12-30",
		 60.0 + 40.0 * 90.0 / 91.0},
		{"two cps: on due", &two_cps, "2024-12-31", 100},
		{"one cp: before", &one_cp, "2024-06-30", 20.0 * 181.0 / 182.0},
		{"one cp: at", &one_cp, "2024-07-01", 20},
		{"one cp: after", &one_cp, "2024-07-02", 20.0 + 80.0 / 183.0},
		{"one cp: later", &one_cp, "2024-10-01",
		 20.0 + 80.0 * 92.0 / 183.0},
		{"cp at min: before", &cp_at_min, "2024-04-01", 5},
		{"cp at min: at", &cp_at_min, "2024-07-01", 10},
		{"cp at min: flat after", &cp_at_min, "2024-09-01", 10},
		{"whole: 1.99 -> 1", &two_whole, "2024-12-30", 1},
		{"whole: 0.997 -> 0", &two_whole, "2024-07-01", 0},
		{"whole: 1.003 -> 1", &two_whole, "2024-07-02", 1},
		{"whole: half an enterprise", &one_whole, "2024-07-01", 0},
		{"whole: on due", &two_whole, "2024-12-31", 2},
		{"decimal: no floor", &two_decimal, "2024-12-30",
		 2.0 * 364.0 / 365.0},
		{"whole: float noise floors to 15", &noisy_whole, "2024-01-04",
		 15},
		{"whole: percent checkpoint floors to 57", &percent_cp,
		 "2024-07-01", 57},
	};

	for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
		struct world w;

		world_init(&w, KH_KIND_QUANTITY, rows[i].t, 0.10);
		check_near(rows[i].name, "expected",
			   sched_expected(&w.target, day(rows[i].on)),
			   rows[i].want);
	}
}

/* Whole counts are floored exactly, not merely close. */
static void test_expected_whole_is_integral(void **state)
{
	(void)state;
	struct world w;

	world_init(&w, KH_KIND_QUANTITY, &noisy_whole, 0.10);
	assert_true(sched_expected(&w.target, day("2024-01-04")) == 15.0);
	world_init(&w, KH_KIND_QUANTITY, &percent_cp, 0.10);
	assert_true(sched_expected(&w.target, day("2024-07-01")) == 57.0);
	world_init(&w, KH_KIND_QUANTITY, &two_whole, 0.10);
	for (kh_date d = day("2023-12-01"); d <= day("2025-01-31"); d++) {
		double x = sched_expected(&w.target, d);

		assert_true(x == floor(x));
		assert_true(x >= 0.0 && x <= 2.0);
	}
}

static void test_expected_other_kinds(void **state)
{
	(void)state;
	struct world w;

	world_init(&w, KH_KIND_MILESTONE, &vi_sinh, 0.10);
	check_near("milestone", "expected",
		   sched_expected(&w.target, day("2024-12-31")), 0);
	world_init(&w, KH_KIND_ONGOING, &vi_sinh, 0.10);
	check_near("ongoing", "expected",
		   sched_expected(&w.target, day("2025-01-01")), 0);
}

/* ---- quantity statuses --------------------------------------------- */

static const struct target_spec three_to_five = {
	.min = 3, .max = 5, .whole = true,
	.start = "2024-01-01", .due = "2024-12-31",
};
static const struct target_spec tiny = {
	.min = 0.3, .max = 0.3, .start = "2024-01-01", .due = "2024-12-31",
};
static const struct target_spec zero_min = {
	.min = 0, .max = 5, .start = "2024-01-01", .due = "2024-12-31",
};

static void test_quantity(void **state)
{
	(void)state;
	static const struct {
		const char *name;
		const struct target_spec *t;
		double tolerance;
		bool reported;
		double value;
		const char *on;
		kh_state want;
		double expected;
		double gap;
	} rows[] = {
		/* nothing recorded yet */
		{"none: before start", &vi_sinh, 0.10, false, 0, "2023-12-31",
		 KH_STATE_ON_TRACK, 0, 0},
		{"none: on start", &vi_sinh, 0.10, false, 0, "2024-01-01",
		 KH_STATE_ON_TRACK, 0, 0},
		{"none: day after start", &vi_sinh, 0.10, false, 0,
		 "2024-01-02", KH_STATE_BEHIND, 30.0 / 365.0, 30.0 / 365.0},
		{"none: mid-year", &vi_sinh, 0.10, false, 0, "2024-06-30",
		 KH_STATE_BEHIND, 30.0 * 181.0 / 365.0, 30.0 * 181.0 / 365.0},
		{"none: after due", &vi_sinh, 0.10, false, 0, "2025-01-01",
		 KH_STATE_OVERDUE, 30, 30},
		/* the due date is not past due; the day after is */
		{"due day: 29 at risk", &vi_sinh, 0.10, true, 29, "2024-12-31",
		 KH_STATE_AT_RISK, 30, 1},
		{"due day: 27 at risk", &vi_sinh, 0.10, true, 27, "2024-12-31",
		 KH_STATE_AT_RISK, 30, 3},
		{"due day: 26.9 behind", &vi_sinh, 0.10, true, 26.9,
		 "2024-12-31", KH_STATE_BEHIND, 30, 3.1},
		{"due day: 30 done", &vi_sinh, 0.10, true, 30, "2024-12-31",
		 KH_STATE_DONE, 30, 0},
		{"day after due: 29 overdue", &vi_sinh, 0.10, true, 29,
		 "2025-01-01", KH_STATE_OVERDUE, 30, 1},
		{"day after due: 30 done", &vi_sinh, 0.10, true, 30,
		 "2025-01-01", KH_STATE_DONE, 30, 0},
		{"day after due: 31 exceeded", &vi_sinh, 0.10, true, 31,
		 "2025-01-01", KH_STATE_EXCEEDED, 30, 0},
		/* leap year */
		{"leap: 59 on 02-29", &year365, 0.10, true, 59, "2024-02-29",
		 KH_STATE_ON_TRACK, 59, 0},
		{"leap: 59 on 03-01", &year365, 0.10, true, 59, "2024-03-01",
		 KH_STATE_AT_RISK, 60, 1},
		{"leap: 53.9 on 03-01", &year365, 0.10, true, 53.9,
		 "2024-03-01", KH_STATE_BEHIND, 60, 6.1},
		{"2023: 59 on 03-01", &year364, 0.10, true, 59, "2023-03-01",
		 KH_STATE_ON_TRACK, 59, 0},
		{"2023: 58 on 03-01", &year364, 0.10, true, 58, "2023-03-01",
		 KH_STATE_AT_RISK, 59, 1},
		{"2023: 363 on 12-31", &year364, 0.10, true, 363, "2023-12-31",
		 KH_STATE_AT_RISK, 364, 1},
		{"2023: 363 on 2024-01-01", &year364, 0.10, true, 363,
		 "2024-01-01", KH_STATE_OVERDUE, 364, 1},
		/* tolerance: expected 181 on 30/06 */
		{"tol 0: 181", &year365, 0.0, true, 181, "2024-06-30",
		 KH_STATE_ON_TRACK, 181, 0},
		{"tol 0: 180.999", &year365, 0.0, true, 180.999, "2024-06-30",
		 KH_STATE_BEHIND, 181, 0.001},
		{"tol 10: 180", &year365, 0.10, true, 180, "2024-06-30",
		 KH_STATE_AT_RISK, 181, 1},
		{"tol 10: 162.9", &year365, 0.10, true, 162.9, "2024-06-30",
		 KH_STATE_AT_RISK, 181, 18.1},
		{"tol 10: 162.89", &year365, 0.10, true, 162.89, "2024-06-30",
		 KH_STATE_BEHIND, 181, 18.11},
		{"tol 25: 162", &year365, 0.25, true, 162, "2024-06-30",
		 KH_STATE_AT_RISK, 181, 19},
		{"tol 25: 135.75", &year365, 0.25, true, 135.75, "2024-06-30",
		 KH_STATE_AT_RISK, 181, 45.25},
		{"tol 25: 135.74", &year365, 0.25, true, 135.74, "2024-06-30",
		 KH_STATE_BEHIND, 181, 45.26},
		/* ranges */
		{"range: exactly min", &three_to_five, 0.10, true, 3,
		 "2024-06-30", KH_STATE_DONE, 1, 0},
		{"range: exactly max", &three_to_five, 0.10, true, 5,
		 "2024-06-30", KH_STATE_DONE, 1, 0},
		{"range: max + 0.001", &three_to_five, 0.10, true, 5.001,
		 "2024-06-30", KH_STATE_EXCEEDED, 1, 0},
		{"range: min - 0.001 mid-year", &three_to_five, 0.10, true,
		 2.999, "2024-06-30", KH_STATE_ON_TRACK, 1, 0},
		{"range: min - 0.001 on due", &three_to_five, 0.10, true, 2.999,
		 "2024-12-31", KH_STATE_AT_RISK, 3, 0.001},
		{"range: min - 0.001 after due", &three_to_five, 0.10, true,
		 2.999, "2025-01-01", KH_STATE_OVERDUE, 3, 0.001},
		{"min=max: 30.001", &vi_sinh, 0.10, true, 30.001, "2024-06-30",
		 KH_STATE_EXCEEDED, 30.0 * 181.0 / 365.0, 0},
		{"min=max: 29.999 on due", &vi_sinh, 0.10, true, 29.999,
		 "2024-12-31", KH_STATE_AT_RISK, 30, 0.001},
		{"min 0: done at once", &zero_min, 0.10, false, 0, "2024-06-30",
		 KH_STATE_DONE, 0, 0},
		/* checkpoints */
		{"two cps: 20 at first", &two_cps, 0.10, true, 20, "2024-07-01",
		 KH_STATE_ON_TRACK, 20, 0},
		{"two cps: 20 day after first", &two_cps, 0.10, true, 20,
		 "2024-07-02", KH_STATE_AT_RISK, 20.0 + 40.0 / 92.0,
		 40.0 / 92.0},
		{"two cps: 54 at second", &two_cps, 0.10, true, 54,
		 "2024-10-01", KH_STATE_AT_RISK, 60, 6},
		{"two cps: 53.9 at second", &two_cps, 0.10, true, 53.9,
		 "2024-10-01", KH_STATE_BEHIND, 60, 6.1},
		{"two cps: 10 before first", &two_cps, 0.10, true, 10,
		 "2024-04-01", KH_STATE_ON_TRACK, 10, 0},
		{"cp at min: 9 after", &cp_at_min, 0.10, true, 9, "2024-09-01",
		 KH_STATE_AT_RISK, 10, 1},
		{"cp at min: 8.9 after", &cp_at_min, 0.10, true, 8.9,
		 "2024-09-01", KH_STATE_BEHIND, 10, 1.1},
		{"cp at min: 10 early", &cp_at_min, 0.10, true, 10,
		 "2024-04-01", KH_STATE_DONE, 5, 0},
		/* whole and decimal */
		{"whole: nothing, 1.99 expected", &two_whole, 0.10, false, 0,
		 "2024-12-30", KH_STATE_BEHIND, 1, 1},
		{"whole: 1 of 1.99 expected", &two_whole, 0.10, true, 1,
		 "2024-12-30", KH_STATE_ON_TRACK, 1, 0},
		{"whole: half not due yet", &one_whole, 0.10, false, 0,
		 "2024-07-01", KH_STATE_ON_TRACK, 0, 0},
		{"whole: 1 due the day after", &two_whole, 0.10, false, 0,
		 "2024-07-02", KH_STATE_BEHIND, 1, 1},
		{"decimal: 1 of 1.99", &two_decimal, 0.10, true, 1,
		 "2024-12-30", KH_STATE_BEHIND, 2.0 * 364.0 / 365.0,
		 2.0 * 364.0 / 365.0 - 1.0},
		{"decimal: 1.99 of 1.9945", &two_decimal, 0.10, true, 1.99,
		 "2024-12-30", KH_STATE_AT_RISK, 2.0 * 364.0 / 365.0,
		 2.0 * 364.0 / 365.0 - 1.99},
		/* rounding noise must not flip a status */
		{"noise: floored 15, 14 behind", &noisy_whole, 0.0, true, 14,
		 "2024-01-04", KH_STATE_BEHIND, 15, 1},
		{"noise: 63 vs 63.00000000000001", &noisy_decimal, 0.0, true,
		 63, "2024-01-10", KH_STATE_ON_TRACK, 63, 0},
		{"noise: 0.1*3 vs max 0.3", &tiny, 0.10, true, 0.1 * 3,
		 "2024-06-30", KH_STATE_DONE, 0.3 * 181.0 / 365.0, 0},
	};

	for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
		struct world w;
		kh_entry e = {
			.kind = KH_KIND_QUANTITY,
			.value = rows[i].value,
			.as_of = day(rows[i].on),
		};
		kh_eval ev;

		world_init(&w, KH_KIND_QUANTITY, rows[i].t, rows[i].tolerance);
		ev = sched_eval(&w.plan, &w.target, day(rows[i].on),
				rows[i].reported ? &e : NULL, false);
		check_state(rows[i].name, ev.state, rows[i].want);
		check_near(rows[i].name, "expected", ev.expected,
			   rows[i].expected);
		check_near(rows[i].name, "gap", ev.gap, rows[i].gap);
		check_near(rows[i].name, "achieved", ev.achieved,
			   rows[i].reported ? rows[i].value : 0);
		assert_int_equal(ev.reported, rows[i].reported);
		assert_int_equal(ev.entry_as_of, rows[i].reported
				 ? day(rows[i].on) : KH_DATE_NONE);
		if (rows[i].t->min > 0)
			check_near(rows[i].name, "progress", ev.progress,
				   ev.achieved / rows[i].t->min * 100.0);
		else
			check_near(rows[i].name, "progress", ev.progress, 100);
	}
}

/* ---- milestones ---------------------------------------------------- */

static void test_milestone(void **state)
{
	(void)state;
	static const struct target_spec ms = {
		.start = "2024-01-01", .due = "2024-06-30",
	};
	static const struct {
		const char *name;
		bool reported;
		bool done;
		const char *on;
		kh_state want;
		double progress;
	} rows[] = {
		{"nothing, before due", false, false, "2024-03-01",
		 KH_STATE_NOT_DUE, 0},
		{"nothing, on due", false, false, "2024-06-30",
		 KH_STATE_NOT_DUE, 0},
		{"nothing, day after due", false, false, "2024-07-01",
		 KH_STATE_OVERDUE, 0},
		{"not done, before due", true, false, "2024-03-01",
		 KH_STATE_NOT_DUE, 0},
		{"not done, on due", true, false, "2024-06-30",
		 KH_STATE_NOT_DUE, 0},
		{"not done, after due", true, false, "2024-07-01",
		 KH_STATE_OVERDUE, 0},
		{"done, before due", true, true, "2024-03-01", KH_STATE_DONE,
		 100},
		{"done, on due", true, true, "2024-06-30", KH_STATE_DONE, 100},
		{"done, after due", true, true, "2024-07-01", KH_STATE_DONE,
		 100},
	};

	for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
		struct world w;
		kh_entry e = {
			.kind = KH_KIND_MILESTONE,
			.done = rows[i].done,
			.as_of = day("2024-02-01"),
		};
		kh_eval ev;

		world_init(&w, KH_KIND_MILESTONE, &ms, 0.10);
		ev = sched_eval(&w.plan, &w.target, day(rows[i].on),
				rows[i].reported ? &e : NULL, false);
		check_state(rows[i].name, ev.state, rows[i].want);
		check_near(rows[i].name, "progress", ev.progress,
			   rows[i].progress);
		assert_int_equal(ev.done, rows[i].done);
		assert_int_equal(ev.reported, rows[i].reported);
		check_near(rows[i].name, "expected", ev.expected, 0);
		check_near(rows[i].name, "gap", ev.gap, 0);
	}
}

/* ---- ongoing duties ------------------------------------------------ */

static void test_ongoing(void **state)
{
	(void)state;
	static const struct target_spec duty = {
		.start = "2024-01-01", .due = "2024-12-31",
	};
	/* period: -1 none owed, else index into the world's periods */
	static const struct {
		const char *name;
		bool reported;
		kh_assessment a;
		bool period_reported;
		const char *on;
		kh_state want;
		double progress;
		int missing;
	} rows[] = {
		{"nothing, no period owed", false, KH_ASSESS_NONE, false,
		 "2024-03-01", KH_STATE_NOT_DUE, 0, -1},
		{"nothing, on H1 deadline", false, KH_ASSESS_NONE, false,
		 "2024-06-20", KH_STATE_NOT_DUE, 0, -1},
		{"nothing, day after H1 deadline", false, KH_ASSESS_NONE, false,
		 "2024-06-21", KH_STATE_MISSING_REPORT, 0, 0},
		{"in progress, H1 owed", true, KH_ASSESS_IN_PROGRESS, false,
		 "2024-06-21", KH_STATE_MISSING_REPORT, 50, 0},
		{"completed, H1 owed", true, KH_ASSESS_COMPLETED, false,
		 "2024-06-21", KH_STATE_MISSING_REPORT, 100, 0},
		{"completed, H1 reported", true, KH_ASSESS_COMPLETED, true,
		 "2024-06-21", KH_STATE_DONE, 100, -1},
		{"in progress, H1 reported", true, KH_ASSESS_IN_PROGRESS, true,
		 "2024-06-21", KH_STATE_ON_TRACK, 50, -1},
		{"not started, H1 reported", true, KH_ASSESS_NOT_STARTED, true,
		 "2024-06-21", KH_STATE_BEHIND, 0, -1},
		{"no assessment, H1 reported", true, KH_ASSESS_NONE, true,
		 "2024-06-21", KH_STATE_NOT_DUE, 0, -1},
		{"completed, none owed", true, KH_ASSESS_COMPLETED, false,
		 "2024-03-01", KH_STATE_DONE, 100, -1},
		{"in progress, none owed", true, KH_ASSESS_IN_PROGRESS, false,
		 "2024-03-01", KH_STATE_ON_TRACK, 50, -1},
		{"not started, none owed", true, KH_ASSESS_NOT_STARTED, false,
		 "2024-03-01", KH_STATE_BEHIND, 0, -1},
		{"flag ignored when none owed", true, KH_ASSESS_NOT_STARTED,
		 true, "2024-03-01", KH_STATE_BEHIND, 0, -1},
		{"in progress, on year deadline", true, KH_ASSESS_IN_PROGRESS,
		 false, "2024-11-20", KH_STATE_MISSING_REPORT, 50, 0},
		{"in progress, year owed", true, KH_ASSESS_IN_PROGRESS, false,
		 "2024-11-21", KH_STATE_MISSING_REPORT, 50, 1},
		{"in progress, year reported", true, KH_ASSESS_IN_PROGRESS,
		 true, "2024-12-31", KH_STATE_ON_TRACK, 50, -1},
		{"year owed after plan end", false, KH_ASSESS_NONE, false,
		 "2025-01-01", KH_STATE_MISSING_REPORT, 0, 1},
	};

	for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
		struct world w;
		kh_entry e = {
			.kind = KH_KIND_ONGOING,
			.assessment = rows[i].a,
			.as_of = day("2024-02-01"),
		};
		kh_eval ev;

		world_init(&w, KH_KIND_ONGOING, &duty, 0.10);
		world_add_periods(&w);
		ev = sched_eval(&w.plan, &w.target, day(rows[i].on),
				rows[i].reported ? &e : NULL,
				rows[i].period_reported);
		check_state(rows[i].name, ev.state, rows[i].want);
		check_near(rows[i].name, "progress", ev.progress,
			   rows[i].progress);
		assert_int_equal(ev.assessment, rows[i].a);
		if (rows[i].missing < 0)
			assert_null(ev.missing_period);
		else
			assert_ptr_equal(ev.missing_period,
					 &w.periods[rows[i].missing]);
	}

	/* A plan without periods never owes a report. */
	struct world w;
	kh_eval ev;

	world_init(&w, KH_KIND_ONGOING, &duty, 0.10);
	ev = sched_eval(&w.plan, &w.target, day("2025-06-01"), NULL, false);
	check_state("no periods", ev.state, KH_STATE_NOT_DUE);
	assert_null(ev.missing_period);
}

/* ---- labels -------------------------------------------------------- */

static void test_labels(void **state)
{
	(void)state;
	lang_init(KH_LOCALEDIR_BUILD);
	static const struct {
		kh_state s;
		const char *id, *en, *vi, *mark;
		bool behind;
	} rows[] = {
		{KH_STATE_OVERDUE, "overdue", "overdue", "Quá hạn", "!!", true},
		{KH_STATE_BEHIND, "behind", "behind", "Chậm tiến độ", "!",
		 true},
		{KH_STATE_MISSING_REPORT, "missing_report", "missing report",
		 "Chưa báo cáo", "?", true},
		{KH_STATE_AT_RISK, "at_risk", "at risk", "Có nguy cơ chậm", "~",
		 true},
		{KH_STATE_NOT_DUE, "not_due", "not due", "Chưa đến hạn", "-",
		 false},
		{KH_STATE_ON_TRACK, "on_track", "on track", "Đúng tiến độ", ".",
		 false},
		{KH_STATE_DONE, "done", "done", "Hoàn thành", "ok", false},
		{KH_STATE_EXCEEDED, "exceeded", "exceeded", "Vượt kế hoạch",
		 "++", false},
	};

	assert_int_equal(sizeof rows / sizeof rows[0], KH_STATE_COUNT);
	for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
		kh_state parsed = KH_STATE_COUNT;

		assert_string_equal(sched_state_id(rows[i].s), rows[i].id);
		assert_string_equal(sched_state_label(rows[i].s), rows[i].en);
		lang_use(KH_LANG_VI);
		assert_string_equal(sched_state_label(rows[i].s), rows[i].vi);
		lang_use(KH_LANG_EN);
		assert_string_equal(sched_state_mark(rows[i].s), rows[i].mark);
		assert_int_equal(sched_state_is_behind(rows[i].s),
				 rows[i].behind);
		assert_true(sched_state_parse(rows[i].id, &parsed));
		assert_int_equal(parsed, rows[i].s);
		/* Marks must tell statuses apart without colour. */
		for (size_t j = 0; j < i; j++)
			assert_string_not_equal(sched_state_mark(rows[j].s),
						rows[i].mark);
	}

	kh_state untouched = KH_STATE_DONE;

	assert_false(sched_state_parse("missing report", &untouched));
	assert_false(sched_state_parse("Overdue", &untouched));
	assert_false(sched_state_parse("", &untouched));
	assert_false(sched_state_parse(NULL, &untouched));
	assert_int_equal(untouched, KH_STATE_DONE);
	assert_string_equal(sched_state_id(KH_STATE_COUNT), "");
	assert_string_equal(sched_state_label((kh_state)-1), "");
	assert_string_equal(sched_state_mark(KH_STATE_COUNT), "");
	assert_false(sched_state_is_behind(KH_STATE_COUNT));
}

/* ---- roll-ups ------------------------------------------------------ */

static kh_eval eval_of(kh_state s, double progress)
{
	return (kh_eval){.state = s, .progress = progress};
}

static void test_rollup(void **state)
{
	(void)state;
	kh_rollup task, other, section;

	sched_rollup_init(&task);
	assert_int_equal(task.worst, KH_STATE_COUNT);
	assert_int_equal(task.n, 0);
	check_near("empty", "progress", task.progress, 0);
	for (int s = 0; s < KH_STATE_COUNT; s++)
		assert_int_equal(task.counts[s], 0);

	kh_eval a = eval_of(KH_STATE_ON_TRACK, 50);
	kh_eval b = eval_of(KH_STATE_BEHIND, 20);
	kh_eval c = eval_of(KH_STATE_EXCEEDED, 120); /* capped at 100 */
	kh_eval d = eval_of(KH_STATE_ON_TRACK, 10);

	sched_rollup_add(&task, &a);
	assert_int_equal(task.worst, KH_STATE_ON_TRACK);
	check_near("one", "progress", task.progress, 50);
	sched_rollup_add(&task, &b);
	sched_rollup_add(&task, &c);
	sched_rollup_add(&task, &d);
	assert_int_equal(task.worst, KH_STATE_BEHIND);
	assert_int_equal(task.n, 4);
	assert_int_equal(task.counts[KH_STATE_ON_TRACK], 2);
	assert_int_equal(task.counts[KH_STATE_BEHIND], 1);
	assert_int_equal(task.counts[KH_STATE_EXCEEDED], 1);
	assert_int_equal(task.counts[KH_STATE_DONE], 0);
	check_near("task", "progress", task.progress, 180.0 / 4.0);

	/* A weighted mean: one target at 0 against four averaging 45. */
	sched_rollup_init(&other);
	kh_eval e = eval_of(KH_STATE_OVERDUE, 0);
	sched_rollup_add(&other, &e);

	sched_rollup_init(&section);
	sched_rollup_merge(&section, &task);
	sched_rollup_merge(&section, &other);
	assert_int_equal(section.worst, KH_STATE_OVERDUE);
	assert_int_equal(section.n, 5);
	assert_int_equal(section.counts[KH_STATE_OVERDUE], 1);
	assert_int_equal(section.counts[KH_STATE_ON_TRACK], 2);
	assert_int_equal(section.counts[KH_STATE_BEHIND], 1);
	assert_int_equal(section.counts[KH_STATE_EXCEEDED], 1);
	check_near("section", "progress", section.progress, 180.0 / 5.0);

	/* Merging an empty roll-up changes nothing. */
	kh_rollup empty;

	sched_rollup_init(&empty);
	sched_rollup_merge(&section, &empty);
	assert_int_equal(section.worst, KH_STATE_OVERDUE);
	assert_int_equal(section.n, 5);
	check_near("section+empty", "progress", section.progress, 36);
	sched_rollup_merge(&empty, &empty);
	assert_int_equal(empty.worst, KH_STATE_COUNT);
	assert_int_equal(empty.n, 0);
	check_near("empty+empty", "progress", empty.progress, 0);

	/* Real evaluations roll up the same way: over-achievement is capped. */
	struct world w;
	kh_entry big = {.kind = KH_KIND_QUANTITY, .value = 45,
			.as_of = day("2024-06-30")};
	kh_rollup r;

	world_init(&w, KH_KIND_QUANTITY, &vi_sinh, 0.10);
	w.target.max = 60;
	kh_eval ev = sched_eval(&w.plan, &w.target, day("2024-06-30"), &big,
				false);
	check_state("45 of 30-60", ev.state, KH_STATE_DONE);
	check_near("45 of 30-60", "progress", ev.progress, 150);
	sched_rollup_init(&r);
	sched_rollup_add(&r, &ev);
	ev = sched_eval(&w.plan, &w.target, day("2024-06-30"), NULL, false);
	sched_rollup_add(&r, &ev);
	assert_int_equal(r.worst, KH_STATE_BEHIND);
	check_near("capped", "progress", r.progress, 50);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_acceptance),
		cmocka_unit_test(test_expected),
		cmocka_unit_test(test_expected_whole_is_integral),
		cmocka_unit_test(test_expected_other_kinds),
		cmocka_unit_test(test_quantity),
		cmocka_unit_test(test_milestone),
		cmocka_unit_test(test_ongoing),
		cmocka_unit_test(test_labels),
		cmocka_unit_test(test_rollup),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
