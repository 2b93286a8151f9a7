/* A reporting period judged as a whole: each target's figure at the
 * period's cut-off (lũy kế) and achieved within the period (thực hiện kỳ),
 * and who has reported for it — on time, late, or not at all. */
#ifndef KEHOACH_PERIOD_H
#define KEHOACH_PERIOD_H

#include <stdbool.h>
#include <stddef.h>

#include "kehoach/date.h"
#include "kehoach/error.h"
#include "kehoach/plan.h"
#include "kehoach/status.h"
#include "kehoach/store.h"

/* Did the lead unit report a target for the period? */
typedef enum kh_report_state {
	KH_REPORT_ON_TIME = 0, /* an entry for the period entered by the deadline */
	KH_REPORT_LATE,        /* entries for the period, all entered after it */
	KH_REPORT_MISSING,     /* none, and the deadline has passed */
	KH_REPORT_NOT_DUE,     /* none yet, the deadline has not passed */
} kh_report_state;

/* "on_time", "late", "missing", "not_due". */
const char *kh_report_state_id(kh_report_state s);

typedef struct kh_period_figure {
	const kh_entry *entry;  /* current entry at the cut-off, or NULL */
	double cumulative;      /* quantity: value at the cut-off (0 if none) */
	double in_period;       /* quantity: cumulative minus the value on the
				   day before the period's first day */
	kh_report_state report; /* for this target and period */
	char first_entered_at[24]; /* UTC time of the period's first entry, "" */
	unsigned flags;         /* KH_CHECK_* flags of the period's entries */
} kh_period_figure;

/* Completeness of one unit for the period, over the targets it leads. */
typedef struct kh_unit_completeness {
	const kh_unit *unit;
	size_t owed;            /* targets it leads */
	size_t counts[4];       /* by kh_report_state */
} kh_unit_completeness;

typedef struct kh_period_view {
	const kh_plan *plan;
	const kh_period *period;
	kh_date today;          /* the date lateness is judged on */
	kh_snapshot *snap;      /* the plan judged as of the cut-off (owned) */
	kh_entry *before;       /* latest entries the day before `from` (owned) */
	size_t n_before;
	kh_period_figure *figures;       /* per target index */
	kh_unit_completeness *units;     /* per unit, in plan order */
} kh_period_view;

/* Judge a period: statuses as of its cut-off, figures, completeness (a
 * missing report is one whose deadline is before `today`).  store may be
 * NULL (nothing recorded).  NULL on a store error (err filled). */
kh_period_view *period_view_take(const kh_plan *plan, kh_store *store,
				 const kh_period *period, kh_date today,
				 kh_error *err);

void period_view_free(kh_period_view *view);

#endif
