/* Words for figures and gaps. */
#include "kehoach/describe.h"

#include <math.h>
#include <stdio.h>

#include "kehoach/entry.h"
#include "kehoach/i18n.h"
#include "kehoach/lang.h"

char *kh_describe_number(double v, char *buf, size_t size)
{
	return lang_number(round(v * 100.0) / 100.0, buf, size);
}

char *kh_describe_value(const kh_entry *e, char *buf, size_t size)
{
	switch (e->kind) {
	case KH_KIND_QUANTITY:
		return lang_number(e->value, buf, size);
	case KH_KIND_MILESTONE:
		snprintf(buf, size, "%s", e->done ? _("done") : _("not done"));
		return buf;
	case KH_KIND_ONGOING:
		snprintf(buf, size, "%s", kh_assessment_label(e->assessment));
		return buf;
	}
	buf[0] = '\0';
	return buf;
}

const char *kh_describe_kind(kh_kind k)
{
	switch (k) {
	case KH_KIND_QUANTITY:
		return _("quantity");
	case KH_KIND_MILESTONE:
		return _("milestone");
	case KH_KIND_ONGOING:
		return _("ongoing");
	}
	return "";
}

char *kh_describe_range(const kh_target *t, char *buf, size_t size)
{
	char lo[32], hi[32];
	kh_describe_number(t->min, lo, sizeof lo);
	if (t->max > t->min)
		snprintf(buf, size, "%s–%s", lo,
			 kh_describe_number(t->max, hi, sizeof hi));
	else
		snprintf(buf, size, "%s", lo);
	return buf;
}

char *kh_describe_figure(const kh_target *t, const kh_eval *e, char *buf,
			 size_t size)
{
	return kh_describe_figure_as(t, e, t->measure, buf, size);
}

char *kh_describe_figure_as(const kh_target *t, const kh_eval *e,
			    const char *measure, char *buf, size_t size)
{
	char got[32], range[80];
	switch (t->kind) {
	case KH_KIND_QUANTITY:
		if (e->reported)
			kh_describe_number(e->achieved, got, sizeof got);
		else
			snprintf(got, sizeof got, "–");
		snprintf(buf, size, "%s / %s %s", got,
			 kh_describe_range(t, range, sizeof range), measure);
		break;
	case KH_KIND_MILESTONE:
		snprintf(buf, size, "%s", e->done ? _("done") : _("not done"));
		break;
	case KH_KIND_ONGOING:
		if (e->assessment == KH_ASSESS_NONE)
			snprintf(buf, size, "–");
		else
			snprintf(buf, size, "%s",
				 kh_assessment_label(e->assessment));
		break;
	}
	return buf;
}

/* A date the way the caller wants it. */
static char *date_text(kh_date d, bool dmy, char *buf)
{
	return dmy ? kh_date_dmy(d, buf) : kh_date_iso(d, buf);
}

char *kh_describe_gap(const kh_target *t, const kh_eval *e, kh_date as_of,
		      bool dmy, char *buf, size_t size)
{
	char due[KH_DATE_ISO_LEN], day[KH_DATE_ISO_LEN], a[32], b[32];
	date_text(t->due, dmy, due);
	switch (e->state) {
	case KH_STATE_OVERDUE:
		if (t->kind == KH_KIND_QUANTITY)
			snprintf(buf, size, _("short %s of %s, due %s"),
				 kh_describe_number(t->min - e->achieved, a, sizeof a),
				 kh_describe_number(t->min, b, sizeof b), due);
		else
			snprintf(buf, size, _("not done, due %s"), due);
		break;
	case KH_STATE_BEHIND:
	case KH_STATE_AT_RISK:
		if (t->kind == KH_KIND_QUANTITY)
			snprintf(buf, size, _("expected %s by %s, short %s"),
				 kh_describe_number(e->expected, a, sizeof a),
				 date_text(as_of, dmy, day),
				 kh_describe_number(e->gap, b, sizeof b));
		else
			snprintf(buf, size, "%s", _("assessed not started"));
		break;
	case KH_STATE_MISSING_REPORT:
		if (e->missing_period)
			snprintf(buf, size, _("no report for %s (due %s)"),
				 e->missing_period->id,
				 date_text(e->missing_period->deadline, dmy, day));
		else
			snprintf(buf, size, "%s", _("no report"));
		break;
	case KH_STATE_ON_TRACK:
		if (t->kind == KH_KIND_QUANTITY)
			snprintf(buf, size, _("expected %s by %s, due %s"),
				 kh_describe_number(e->expected, a, sizeof a),
				 date_text(as_of, dmy, day), due);
		else
			snprintf(buf, size, _("due %s"), due);
		break;
	case KH_STATE_NOT_DUE:
		snprintf(buf, size, _("due %s"), due);
		break;
	case KH_STATE_DONE:
	case KH_STATE_EXCEEDED:
	case KH_STATE_COUNT:
		buf[0] = '\0';
		break;
	}
	return buf;
}
