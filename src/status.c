/* Judging the whole plan as of a date: one store query, then the schedule
 * rules for each target and roll-ups to tasks, sections and the plan. */
#include "kehoach/status.h"

#include <stdlib.h>
#include <string.h>

#include "kehoach/i18n.h"

void snapshot_free(kh_snapshot *snap)
{
	if (!snap)
		return;
	entries_free(snap->latest, snap->n_latest);
	free(snap->current);
	free(snap->evals);
	free(snap->tasks);
	free(snap->sections);
	for (size_t i = 0; i < snap->n_orphans; i++)
		free(snap->orphans[i]);
	free(snap->orphans);
	free(snap);
}

/* Point each target at its entry. */
static void attach_entries(kh_snapshot *snap)
{
	for (size_t i = 0; i < snap->n_latest; i++) {
		const kh_target *t =
			plan_find_target(snap->plan, snap->latest[i].target_id);
		if (t)
			snap->current[t->index] = &snap->latest[i];
	}
}

/* Read the store once: each target's latest entry, every target id with
 * entries, and which of them have reported for the period now owed.
 * Entries whose target the plan no longer has are kept in the database
 * and listed, never silently dropped. */
static kh_rc read_store(kh_snapshot *snap, kh_store *store, bool *reported,
			kh_error *err)
{
	char **ids = NULL;
	bool *rep = NULL;
	size_t n = 0;
	kh_rc rc = store_snapshot_read(store, snap->as_of,
				       snap->due_period ? snap->due_period->id
							: NULL,
				       &snap->latest, &snap->n_latest, &ids,
				       &rep, &n, err);
	if (rc != KH_OK)
		return rc;
	attach_entries(snap);
	size_t kept = 0;
	for (size_t i = 0; i < n; i++) {
		const kh_target *t = plan_find_target(snap->plan, ids[i]);
		if (t) {
			reported[t->index] = rep[i];
			free(ids[i]);
		} else {
			ids[kept++] = ids[i];
		}
	}
	free(rep);
	if (kept == 0) {
		free(ids);
		ids = NULL;
	}
	snap->orphans = ids;
	snap->n_orphans = kept;
	return KH_OK;
}

kh_snapshot *snapshot_take(const kh_plan *plan, kh_store *store,
			   kh_date as_of, kh_error *err)
{
	return snapshot_take_owed(plan, store, as_of,
				  plan_period_due(plan, as_of), err);
}

kh_snapshot *snapshot_take_owed(const kh_plan *plan, kh_store *store,
				kh_date as_of, const kh_period *owed,
				kh_error *err)
{
	kh_snapshot *snap = calloc(1, sizeof *snap);
	bool *reported = calloc(plan->n_targets + 1, sizeof *reported);
	if (!snap || !reported)
		goto nomem;
	snap->plan = plan;
	snap->as_of = as_of;
	snap->due_period = owed;
	snap->current = calloc(plan->n_targets + 1, sizeof *snap->current);
	snap->evals = calloc(plan->n_targets + 1, sizeof *snap->evals);
	snap->tasks = calloc(plan->n_tasks + 1, sizeof *snap->tasks);
	snap->sections = calloc(plan->n_sections + 1, sizeof *snap->sections);
	if (!snap->current || !snap->evals || !snap->tasks || !snap->sections)
		goto nomem;

	if (store && read_store(snap, store, reported, err) != KH_OK)
		goto fail;

	sched_rollup_init(&snap->total);
	for (size_t s = 0; s < plan->n_sections; s++) {
		const kh_section *sec = &plan->sections[s];
		kh_rollup *sr = &snap->sections[sec->index];
		sched_rollup_init(sr);
		for (size_t k = 0; k < sec->n_tasks; k++) {
			const kh_task *task = &sec->tasks[k];
			kh_rollup *tr = &snap->tasks[task->index];
			sched_rollup_init(tr);
			for (size_t j = 0; j < task->n_targets; j++) {
				const kh_target *t = &task->targets[j];
				snap->evals[t->index] =
					sched_eval_owed(plan, t, as_of,
							snap->current[t->index],
							snap->due_period,
							reported[t->index]);
				sched_rollup_add(tr, &snap->evals[t->index]);
			}
			sched_rollup_merge(sr, tr);
		}
		sched_rollup_merge(&snap->total, sr);
	}
	free(reported);
	return snap;

nomem:
	kh_error_set(err, KH_ENOMEM, "%s", _("out of memory"));
fail:
	free(reported);
	snapshot_free(snap);
	return NULL;
}
