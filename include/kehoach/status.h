/* A snapshot: the whole plan judged as of one date.
 *
 * It reads the store once (one query, whatever the plan's size), applies
 * the schedule rules to every target, and rolls the results up to tasks,
 * sections and the plan.  The command line's `status` and the TUI both draw
 * from it. */
#ifndef KEHOACH_STATUS_H
#define KEHOACH_STATUS_H

#include <stddef.h>

#include "kehoach/date.h"
#include "kehoach/entry.h"
#include "kehoach/error.h"
#include "kehoach/plan.h"
#include "kehoach/schedule.h"
#include "kehoach/store.h"

typedef struct kh_snapshot {
	const kh_plan *plan;    /* not owned */
	kh_date as_of;
	const kh_period *due_period; /* plan_period_due(plan, as_of) or NULL */
	kh_entry *latest;       /* owned: latest entry per target (by id order) */
	size_t n_latest;
	const kh_entry **current; /* per target index: its entry or NULL */
	kh_eval *evals;         /* per target index */
	kh_rollup *tasks;       /* per task index */
	kh_rollup *sections;    /* per section index */
	kh_rollup total;
	char **orphans;         /* target ids with entries but not in the plan */
	size_t n_orphans;
} kh_snapshot;

/* Judge the plan as of a date.  store may be NULL (nothing recorded).
 * Returns NULL on a store error (err filled). */
kh_snapshot *snapshot_take(const kh_plan *plan, kh_store *store,
			   kh_date as_of, kh_error *err);

/* The same, naming the period whose reports are owed instead of
 * plan_period_due(plan, as_of) (NULL: none) — a period's report judges
 * its ongoing duties by that period's own reports. */
kh_snapshot *snapshot_take_owed(const kh_plan *plan, kh_store *store,
				kh_date as_of, const kh_period *owed,
				kh_error *err);

void snapshot_free(kh_snapshot *snap);

#endif
