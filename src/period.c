/* A period as a whole: figures at its cut-off and within it, and who has
 * reported for it. */
#include "kehoach/period.h"

#include <stdlib.h>
#include <string.h>

#include "kehoach/i18n.h"

static const char *const report_ids[] = {
	[KH_REPORT_ON_TIME] = "on_time",
	[KH_REPORT_LATE] = "late",
	[KH_REPORT_MISSING] = "missing",
	[KH_REPORT_NOT_DUE] = "not_due",
};

const char *kh_report_state_id(kh_report_state s)
{
	if ((unsigned)s >= sizeof report_ids / sizeof report_ids[0])
		return "";
	return report_ids[s];
}

void period_view_free(kh_period_view *v)
{
	if (!v)
		return;
	snapshot_free(v->snap);
	entries_free(v->before, v->n_before);
	free(v->figures);
	free(v->units);
	free(v);
}

/* The UTC date of "YYYY-MM-DDTHH:MM:SSZ". */
static kh_date entered_day(const char *at)
{
	char day[KH_DATE_ISO_LEN];
	kh_date d = KH_DATE_NONE;
	if (strlen(at) < 10)
		return KH_DATE_NONE;
	memcpy(day, at, 10);
	day[10] = '\0';
	return kh_date_parse_iso(day, &d) ? d : KH_DATE_NONE;
}

/* Values the day before the period's first day: what it starts from. */
static kh_rc fill_before(kh_period_view *v, kh_store *store, kh_error *err)
{
	if (!store)
		return KH_OK;
	kh_rc rc = store_latest(store, v->period->from - 1, NULL, &v->before,
				&v->n_before, err);
	if (rc != KH_OK)
		return rc;
	for (size_t i = 0; i < v->n_before; i++) {
		const kh_target *t = plan_find_target(v->plan, v->before[i].target_id);
		if (t && t->kind == KH_KIND_QUANTITY)
			v->figures[t->index].in_period -= v->before[i].value;
	}
	return KH_OK;
}

/* Who reported what for the period, and when. */
static kh_rc fill_reports(kh_period_view *v, kh_store *store, kh_error *err)
{
	const kh_period *p = v->period;
	for (size_t i = 0; i < v->plan->n_targets; i++)
		v->figures[i].report = v->today > p->deadline ? KH_REPORT_MISSING
							      : KH_REPORT_NOT_DUE;
	if (!store)
		return KH_OK;
	kh_period_report *reports = NULL;
	size_t n = 0;
	kh_rc rc = store_period_reports(store, p->id, &reports, &n, err);
	if (rc != KH_OK)
		return rc;
	for (size_t i = 0; i < n; i++) {
		const kh_target *t = plan_find_target(v->plan, reports[i].target_id);
		if (!t)
			continue;
		kh_period_figure *f = &v->figures[t->index];
		kh_date first = entered_day(reports[i].first_entered_at);
		f->report = first != KH_DATE_NONE && first > p->deadline
				    ? KH_REPORT_LATE
				    : KH_REPORT_ON_TIME;
		memcpy(f->first_entered_at, reports[i].first_entered_at,
		       sizeof f->first_entered_at);
		f->flags = reports[i].flags;
	}
	period_reports_free(reports, n);
	return KH_OK;
}

static void count_units(kh_period_view *v)
{
	const kh_plan *plan = v->plan;
	for (size_t u = 0; u < plan->n_units; u++)
		v->units[u].unit = &plan->units[u];
	for (size_t i = 0; i < plan->n_targets; i++) {
		const kh_target *t = plan->targets[i];
		size_t u = (size_t)(t->lead - plan->units);
		if (u >= plan->n_units)
			continue;
		v->units[u].owed++;
		v->units[u].counts[v->figures[i].report]++;
	}
}

kh_period_view *period_view_take(const kh_plan *plan, kh_store *store,
				 const kh_period *period, kh_date today,
				 kh_error *err)
{
	kh_period_view *v = calloc(1, sizeof *v);
	if (!v) {
		kh_error_set(err, KH_ENOMEM, "%s", _("out of memory"));
		return NULL;
	}
	v->plan = plan;
	v->period = period;
	v->today = today;
	v->figures = calloc(plan->n_targets + 1, sizeof *v->figures);
	v->units = calloc(plan->n_units + 1, sizeof *v->units);
	if (!v->figures || !v->units) {
		kh_error_set(err, KH_ENOMEM, "%s", _("out of memory"));
		goto fail;
	}
	/* Judged at the cut-off; once the deadline has passed, an ongoing
	 * duty with no report for this period is a missing report. */
	v->snap = snapshot_take_owed(plan, store, period->cutoff,
				     today > period->deadline ? period : NULL,
				     err);
	if (!v->snap)
		goto fail;
	for (size_t i = 0; i < plan->n_targets; i++) {
		const kh_entry *e = v->snap->current[i];
		kh_period_figure *f = &v->figures[i];
		f->entry = e;
		if (e && e->kind == KH_KIND_QUANTITY) {
			f->cumulative = e->value;
			f->in_period = e->value;
		}
	}
	if (fill_before(v, store, err) != KH_OK ||
	    fill_reports(v, store, err) != KH_OK)
		goto fail;
	count_units(v);
	return v;
fail:
	period_view_free(v);
	return NULL;
}
