/* Checks on entry (see kehoach/check.h). */
#include "kehoach/check.h"

#include <math.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "kehoach/date.h"
#include "kehoach/i18n.h"
#include "kehoach/lang.h"
#include "utf8_cut.h"

/* Figures are typed with at most 15 significant digits; anything closer
 * than this (relative) is the same figure read back through a double. */
#define CHECK_EPSILON 1e-9

static double tolerance(double ref)
{
	double a = fabs(ref);

	return CHECK_EPSILON * (a > 1.0 ? a : 1.0);
}

/* Where the reasons are written: why[0..size), filled up to len. */
struct why {
	char *p;
	size_t size, len;
	bool cut;
};

static void why_add(struct why *w, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static void why_add(struct why *w, const char *fmt, ...)
{
	va_list ap;
	int n;

	if (!w->p || w->size == 0 || w->cut)
		return;
	va_start(ap, fmt);
	n = vsnprintf(w->p + w->len, w->size - w->len, fmt, ap);
	va_end(ap);
	if (n < 0) {
		w->p[w->len] = '\0';
		w->cut = true;
		return;
	}
	if ((size_t)n >= w->size - w->len) {
		w->len = w->size - 1;
		w->cut = true;
		return;
	}
	w->len += (size_t)n;
}

/* After a cut, drop a UTF-8 character left incomplete at the end, so a
 * short buffer holds less text rather than broken text. */
static void why_trim(struct why *w)
{
	if (!w->p || w->size == 0 || !w->cut)
		return;
	utf8_cut_end(w->p);
	w->len = strlen(w->p);
}

/* "12 tấn", or "12" when the target has no unit of measure ("12,5 tấn"
 * in Vietnamese). */
static char *figure(double v, const char *measure, char *buf, size_t size)
{
	char num[64];

	lang_number(v, num, sizeof num);
	if (measure && *measure)
		snprintf(buf, size, "%s %s", num, measure);
	else
		snprintf(buf, size, "%s", num);
	return buf;
}

static void add_sep(struct why *w)
{
	if (w->len > 0)
		why_add(w, "; ");
}

unsigned kh_check_entry(const kh_target *t, const kh_entry *previous,
			const kh_entry *e, char *why, size_t why_size)
{
	struct why w = {why, why_size, 0, false};
	unsigned flags = 0;

	if (why && why_size > 0)
		why[0] = '\0';
	if (!t || !e || t->kind != KH_KIND_QUANTITY ||
	    e->kind != KH_KIND_QUANTITY)
		return 0;

	if (previous && previous->kind == KH_KIND_QUANTITY &&
	    e->value < previous->value - tolerance(previous->value)) {
		char date[KH_DATE_ISO_LEN], now[160], before[160];

		flags |= KH_CHECK_LOWER;
		/* Dates for people: DD/MM/YYYY in Vietnamese. */
		if (lang_current() == KH_LANG_VI)
			kh_date_dmy(previous->as_of, date);
		else
			kh_date_iso(previous->as_of, date);
		why_add(&w, _("%s is lower than the last figure, %s (as of %s)"),
			figure(e->value, t->measure, now, sizeof now),
			figure(previous->value, t->measure, before,
			       sizeof before),
			date);
	}

	/* A plan without a maximum gives nothing to compare with. */
	double limit = KH_CHECK_HIGH_FACTOR * t->max;
	if (t->max > 0 && e->value > limit + tolerance(limit)) {
		char factor[32], max[64], now[160];

		flags |= KH_CHECK_HIGH;
		add_sep(&w);
		why_add(&w, _("%s is more than %s times the plan's maximum (%s)"),
			figure(e->value, t->measure, now, sizeof now),
			lang_number(KH_CHECK_HIGH_FACTOR, factor, sizeof factor),
			lang_number(t->max, max, sizeof max));
	}
	why_trim(&w);
	return flags;
}
