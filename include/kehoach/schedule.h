/* The schedule rules: how far along a target should be, and its status.
 *
 * Pure functions of the plan, a date and the entries: no I/O, no clock.
 * The rules are the product brief's, "Behind schedule — the rules". */
#ifndef KEHOACH_SCHEDULE_H
#define KEHOACH_SCHEDULE_H

#include <stdbool.h>
#include <stddef.h>

#include "kehoach/date.h"
#include "kehoach/entry.h"
#include "kehoach/plan.h"

/* Statuses, ordered from worst to best: roll-ups take the lowest value. */
typedef enum kh_state {
	KH_STATE_OVERDUE = 0,
	KH_STATE_BEHIND,
	KH_STATE_MISSING_REPORT,
	KH_STATE_AT_RISK,
	KH_STATE_NOT_DUE,
	KH_STATE_ON_TRACK,
	KH_STATE_DONE,
	KH_STATE_EXCEEDED,
	KH_STATE_COUNT
} kh_state;

/* Machine id: "overdue", "behind", "missing_report", "at_risk", "not_due",
 * "on_track", "done", "exceeded". */
const char *sched_state_id(kh_state s);
/* Words for people, in the language in use: "overdue", "missing
 * report", "on track" ... ("Quá hạn", "Chưa báo cáo", "Đúng tiến độ"). */
const char *sched_state_label(kh_state s);
/* A short ASCII mark that tells statuses apart without colour:
 * "!!" overdue, "!" behind, "?" missing report, "~" at risk, "-" not due,
 * "." on track, "ok" done, "++" exceeded. */
const char *sched_state_mark(kh_state s);
/* True for the statuses that need attention (overdue, behind, missing
 * report, at risk). */
bool sched_state_is_behind(kh_state s);
/* Parse a machine id; false if unknown. */
bool sched_state_parse(const char *id, kh_state *out);

/* Expected cumulative value of a quantity target on date d: 0 on or before
 * start, piecewise linear through the checkpoints, min on and after due;
 * floored when the target counts whole things.  0 for other kinds. */
double sched_expected(const kh_target *t, kh_date d);

/* The judgement of one target as of a date. */
typedef struct kh_eval {
	kh_state state;
	bool reported;        /* a current entry exists */
	double achieved;      /* quantity: current value (0 if none) */
	double expected;      /* quantity: sched_expected(t, d) */
	double gap;           /* quantity: expected - achieved when short, else 0 */
	bool done;            /* milestone: current entry says done */
	kh_assessment assessment; /* ongoing: current assessment */
	double progress;      /* percent: quantity achieved/min (may pass 100),
				 milestone 0|100, ongoing 0|50|100 */
	kh_date entry_as_of;  /* as-of date of the current entry, or NONE */
	const kh_period *missing_period; /* ongoing: period whose report is owed */
} kh_eval;

/* Judge target t as of d.
 * current: its latest non-retracted entry on or before d, or NULL.
 * due_period_reported: for ongoing duties, whether an entry exists for
 *   plan_period_due(plan, d) (ignored when there is no such period).
 * Rules (quantity): above max -> exceeded; >= min -> done; past due ->
 * overdue; >= expected -> on track; >= expected*(1-tolerance) -> at risk;
 * else behind.  Milestone: done -> done; past due -> overdue; else not due.
 * Ongoing: owed report for a period past its deadline -> missing report;
 * else completed -> done, in progress -> on track, not started -> behind;
 * no assessment yet -> not due. */
kh_eval sched_eval(const kh_plan *plan, const kh_target *t, kh_date d,
		   const kh_entry *current, bool due_period_reported);

/* The same, naming the period whose report is owed (instead of
 * plan_period_due(plan, d); NULL: none) and whether it was reported. */
kh_eval sched_eval_owed(const kh_plan *plan, const kh_target *t, kh_date d,
			const kh_entry *current, const kh_period *owed,
			bool owed_reported);

/* Roll-up of several targets (a task, a section, the plan). */
typedef struct kh_rollup {
	kh_state worst;                /* KH_STATE_COUNT when empty */
	size_t counts[KH_STATE_COUNT];
	size_t n;                      /* targets counted */
	double progress;               /* mean progress, each capped at 100 */
	double progress_sum;           /* sum behind the mean, for merging */
} kh_rollup;

void sched_rollup_init(kh_rollup *r);
void sched_rollup_add(kh_rollup *r, const kh_eval *e);
/* Add every count of another roll-up (a task into its section). */
void sched_rollup_merge(kh_rollup *r, const kh_rollup *other);

#endif
