/* The schedule rules: expected progress, a target's status, roll-ups.
 *
 * Figures are doubles given to at most 15 significant digits, and the
 * expected value is computed by interpolation, so two numbers that people
 * see as equal (15 and 14.999999999999998) can differ in the last bits.
 * Every comparison and the floor of whole counts therefore allow a small
 * slack: 1e-9 absolute, or 1e-12 relative for large figures.  That is far
 * above rounding noise and far below the smallest real difference (a
 * fraction of a thing per day of the target's span). */
#include "kehoach/schedule.h"

#include <math.h>
#include <string.h>

#include "kehoach/i18n.h"

/* label is English, translated by sched_state_label. */
static const struct {
	const char *id;
	const char *label;
	const char *mark;
	bool behind;
} states[KH_STATE_COUNT] = {
	[KH_STATE_OVERDUE] = {"overdue", N_("overdue"), "!!", true},
	[KH_STATE_BEHIND] = {"behind", N_("behind"), "!", true},
	[KH_STATE_MISSING_REPORT] = {"missing_report", N_("missing report"),
				     "?", true},
	[KH_STATE_AT_RISK] = {"at_risk", N_("at risk"), "~", true},
	[KH_STATE_NOT_DUE] = {"not_due", N_("not due"), "-", false},
	[KH_STATE_ON_TRACK] = {"on_track", N_("on track"), ".", false},
	[KH_STATE_DONE] = {"done", N_("done"), "ok", false},
	[KH_STATE_EXCEEDED] = {"exceeded", N_("exceeded"), "++", false},
};

static bool state_valid(kh_state s)
{
	return (unsigned)s < KH_STATE_COUNT;
}

const char *sched_state_id(kh_state s)
{
	return state_valid(s) ? states[s].id : "";
}

const char *sched_state_label(kh_state s)
{
	return state_valid(s) ? _(states[s].label) : "";
}

const char *sched_state_mark(kh_state s)
{
	return state_valid(s) ? states[s].mark : "";
}

bool sched_state_is_behind(kh_state s)
{
	return state_valid(s) && states[s].behind;
}

bool sched_state_parse(const char *id, kh_state *out)
{
	if (!id)
		return false;
	for (int s = 0; s < KH_STATE_COUNT; s++) {
		if (strcmp(id, states[s].id) == 0) {
			if (out)
				*out = (kh_state)s;
			return true;
		}
	}
	return false;
}

/* How far apart two figures may be and still count as equal. */
static double sched_slack(double a, double b)
{
	double m = fmax(fabs(a), fabs(b)) * 1e-12;

	return m > 1e-9 ? m : 1e-9;
}

/* a >= b, forgiving rounding noise. */
static bool sched_ge(double a, double b)
{
	return a >= b - sched_slack(a, b);
}

/* a > b by more than rounding noise. */
static bool sched_gt(double a, double b)
{
	return a > b + sched_slack(a, b);
}

/* The value on line (x0, y0)-(x1, y1) at x; x0 < x1.  Day numbers are
 * widened to double before subtracting so no int32 arithmetic can wrap. */
static double sched_lerp(kh_date x0, double y0, kh_date x1, double y1,
			 kh_date x)
{
	double span = (double)x1 - (double)x0;
	double at = (double)x - (double)x0;

	return y0 + (y1 - y0) * (at / span);
}

static double sched_expected_raw(const kh_target *t, kh_date d)
{
	/* Due first: a target due on its start day is expected in full then. */
	if (d >= t->due)
		return t->min;
	if (d <= t->start)
		return 0.0;

	kh_date x0 = t->start;
	double y0 = 0.0;

	for (size_t i = 0; i < t->n_checkpoints; i++) {
		const kh_checkpoint *cp = &t->checkpoints[i];

		/* The loader keeps checkpoints sorted and strictly inside
		 * (start, due); skip any that are not rather than divide by
		 * zero or run backwards. */
		if (cp->date <= x0 || cp->date >= t->due)
			continue;
		if (d <= cp->date)
			return sched_lerp(x0, y0, cp->date, cp->value, d);
		x0 = cp->date;
		y0 = cp->value;
	}
	return sched_lerp(x0, y0, t->due, t->min, d);
}

double sched_expected(const kh_target *t, kh_date d)
{
	if (!t || t->kind != KH_KIND_QUANTITY)
		return 0.0;

	double x = sched_expected_raw(t, d);

	/* Half an enterprise is not due yet; but 14.999999999999998 is 15. */
	if (t->whole)
		x = floor(x + sched_slack(x, 0.0));
	return x;
}

static void sched_eval_quantity(const kh_plan *plan, const kh_target *t,
				kh_date d, kh_eval *e)
{
	double tolerance = plan ? plan->tolerance : 0.0;
	double a = e->achieved;

	e->expected = sched_expected(t, d);
	if (t->min > 0.0)
		e->progress = a / t->min * 100.0;
	else
		e->progress = 100.0;

	if (sched_gt(a, t->max))
		e->state = KH_STATE_EXCEEDED;
	else if (sched_ge(a, t->min))
		e->state = KH_STATE_DONE;
	else if (d > t->due)
		e->state = KH_STATE_OVERDUE;
	else if (sched_ge(a, e->expected))
		e->state = KH_STATE_ON_TRACK;
	else if (sched_ge(a, e->expected * (1.0 - tolerance)))
		e->state = KH_STATE_AT_RISK;
	else
		e->state = KH_STATE_BEHIND;

	/* Past due the whole minimum is expected, so the gap is to min. */
	if (e->state == KH_STATE_OVERDUE)
		e->gap = t->min - a;
	else if (e->state < KH_STATE_ON_TRACK)
		e->gap = e->expected - a;
	if (e->gap < 0.0)
		e->gap = 0.0;
}

static void sched_eval_milestone(const kh_target *t, kh_date d, kh_eval *e)
{
	if (e->done) {
		e->state = KH_STATE_DONE;
		e->progress = 100.0;
	} else if (d > t->due) {
		e->state = KH_STATE_OVERDUE;
	} else {
		e->state = KH_STATE_NOT_DUE;
	}
}

static void sched_eval_ongoing(const kh_period *owed,
			       bool due_period_reported, kh_eval *e)
{
	switch (e->assessment) {
	case KH_ASSESS_COMPLETED:
		e->state = KH_STATE_DONE;
		e->progress = 100.0;
		break;
	case KH_ASSESS_IN_PROGRESS:
		e->state = KH_STATE_ON_TRACK;
		e->progress = 50.0;
		break;
	case KH_ASSESS_NOT_STARTED:
		e->state = KH_STATE_BEHIND;
		break;
	default:
		e->state = KH_STATE_NOT_DUE;
		break;
	}
	/* An owed report outranks the last assessment, which may be stale;
	 * progress still shows that assessment. */
	if (owed && !due_period_reported) {
		e->state = KH_STATE_MISSING_REPORT;
		e->missing_period = owed;
	}
}

kh_eval sched_eval(const kh_plan *plan, const kh_target *t, kh_date d,
		   const kh_entry *current, bool due_period_reported)
{
	return sched_eval_owed(plan, t, d, current,
			       plan ? plan_period_due(plan, d) : NULL,
			       due_period_reported);
}

kh_eval sched_eval_owed(const kh_plan *plan, const kh_target *t, kh_date d,
			const kh_entry *current, const kh_period *owed,
			bool owed_reported)
{
	kh_eval e = {
		.state = KH_STATE_NOT_DUE,
		.reported = current != NULL,
		.assessment = KH_ASSESS_NONE,
		.entry_as_of = current ? current->as_of : KH_DATE_NONE,
	};

	if (!t)
		return e;
	switch (t->kind) {
	case KH_KIND_QUANTITY:
		e.achieved = current ? current->value : 0.0;
		sched_eval_quantity(plan, t, d, &e);
		break;
	case KH_KIND_MILESTONE:
		e.done = current && current->done;
		sched_eval_milestone(t, d, &e);
		break;
	case KH_KIND_ONGOING:
		if (current)
			e.assessment = current->assessment;
		sched_eval_ongoing(owed, owed_reported, &e);
		break;
	}
	return e;
}

void sched_rollup_init(kh_rollup *r)
{
	memset(r, 0, sizeof *r);
	r->worst = KH_STATE_COUNT;
}

static void sched_rollup_mean(kh_rollup *r)
{
	r->progress = r->n ? r->progress_sum / (double)r->n : 0.0;
}

void sched_rollup_add(kh_rollup *r, const kh_eval *e)
{
	if (!r || !e || !state_valid(e->state))
		return;

	double p = e->progress;

	/* Overshooting one target must not hide another one's shortfall. */
	if (!(p >= 0.0))
		p = 0.0;
	else if (p > 100.0)
		p = 100.0;

	r->counts[e->state]++;
	r->n++;
	r->progress_sum += p;
	if (e->state < r->worst)
		r->worst = e->state;
	sched_rollup_mean(r);
}

void sched_rollup_merge(kh_rollup *r, const kh_rollup *other)
{
	if (!r || !other)
		return;
	for (int s = 0; s < KH_STATE_COUNT; s++)
		r->counts[s] += other->counts[s];
	r->n += other->n;
	r->progress_sum += other->progress_sum;
	if (other->worst < r->worst)
		r->worst = other->worst;
	sched_rollup_mean(r);
}
