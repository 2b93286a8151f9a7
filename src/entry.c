/* Entry memory and formatting. */
#include "kehoach/entry.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kehoach/i18n.h"

static const struct {
	const char *id;
	const char *label;
} assessments[] = {
	[KH_ASSESS_NONE] = {"", ""},
	[KH_ASSESS_NOT_STARTED] = {"not_started", N_("not started")},
	[KH_ASSESS_IN_PROGRESS] = {"in_progress", N_("in progress")},
	[KH_ASSESS_COMPLETED] = {"completed", N_("completed")},
};

const char *kh_assessment_id(kh_assessment a)
{
	if ((size_t)a >= sizeof assessments / sizeof assessments[0])
		return "";
	return assessments[a].id;
}

const char *kh_assessment_label(kh_assessment a)
{
	if ((size_t)a >= sizeof assessments / sizeof assessments[0])
		return "";
	/* "" stays "": gettext would give the catalogue's header. */
	return assessments[a].label[0] ? _(assessments[a].label) : "";
}

void entry_clear(kh_entry *e)
{
	if (!e)
		return;
	free(e->target_id);
	free(e->period);
	free(e->unit_id);
	free(e->note);
	free(e->entered_by);
	free(e->entered_at);
	free(e->source);
	free(e->retracted_at);
	free(e->retracted_by);
	memset(e, 0, sizeof *e);
}

void entries_free(kh_entry *entries, size_t n)
{
	if (!entries)
		return;
	for (size_t i = 0; i < n; i++)
		entry_clear(&entries[i]);
	free(entries);
}

char *kh_number_text(double v, char *buf, size_t size)
{
	if (!isfinite(v) || fabs(v) >= 1e15) {
		snprintf(buf, size, "%s", isfinite(v) ? "1e15+" : "?");
		return buf;
	}
	/* Fewest decimals that read back as the same value; never an
	 * exponent, which no parser of ours accepts. */
	for (int decimals = 0; decimals <= 15; decimals++) {
		snprintf(buf, size, "%.*f", decimals, v);
		if (strtod(buf, NULL) == v)
			break;
	}
	if (strcmp(buf, "-0") == 0)
		snprintf(buf, size, "0");
	return buf;
}

char *kh_entry_value_text(const kh_entry *e, char *buf, size_t size)
{
	switch (e->kind) {
	case KH_KIND_QUANTITY:
		return kh_number_text(e->value, buf, size);
	case KH_KIND_MILESTONE:
		snprintf(buf, size, "%s", e->done ? "done" : "not done");
		return buf;
	case KH_KIND_ONGOING:
		snprintf(buf, size, "%s", kh_assessment_id(e->assessment));
		return buf;
	}
	buf[0] = '\0';
	return buf;
}
