/* The consolidated report as data: heading, rows and summary, built once
 * from the period's view so every format says the same thing. */
#include "report_impl.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <utf8proc.h>

#include "kehoach/check.h"
#include "kehoach/describe.h"
#include "kehoach/entry.h"
#include "kehoach/i18n.h"
#include "kehoach/lang.h"
#include "kehoach/period.h"
#include "kehoach/schedule.h"
#include "kehoach/status.h"
#include "kehoach/text.h"
#include "strbuf.h"

/* TRANSLATORS: the report's column headings, as in a Vietnamese
 * administrative report (TT, Nhiệm vụ / chỉ tiêu, ĐVT, ...). */
const char *const rpt_col_names[RPT_NCOLS] = {
	/* TRANSLATORS: the row number column (TT) */
	[RPT_TT] = N_("No."),
	[RPT_TEXT] = N_("Task / target"),
	/* TRANSLATORS: unit of measure (ĐVT) */
	[RPT_MEASURE] = N_("Measure"),
	[RPT_PLAN] = N_("Plan"),
	/* TRANSLATORS: the figure achieved within the period */
	[RPT_PERIOD] = N_("In period"),
	[RPT_CUMUL] = N_("Cumulative"),
	/* TRANSLATORS: cumulative figure as a percentage of the plan */
	[RPT_RATE] = N_("Progress %"),
	[RPT_LEAD] = N_("Lead unit"),
	[RPT_STATUS] = N_("Assessment"),
	[RPT_NOTE] = N_("Note"),
};

const char *rpt_col_name(enum rpt_col c)
{
	return _(rpt_col_names[c]);
}

/* Marks the report adds to a target's note. */
#define MARK_LOWER _("(*) lower than the previous figure")
#define MARK_LATE _("reported late")
#define MARK_MISSING _("not reported")

/* What building needs besides the model; oom records the first failed
 * allocation so the code below can carry on and fail once at the end. */
struct build {
	rpt_model *m;
	const kh_plan *plan;
	const kh_period *period;
	kh_store *store;
	kh_period_view *view;
	kh_period_event *events;
	size_t n_events;
	bool closing;
	bool oom;
};

char *rpt_number(double v, char *buf, size_t size)
{
	double r = round(v * 100.0) / 100.0;
	if (r == 0)
		r = 0; /* no "-0" */
	kh_describe_number(r, buf, size);
	lang_decimal_in_place(buf);
	return buf;
}

/* The plan's range for people: "2–5", "12,5" in Vietnamese. */
static char *range_text(const kh_target *t, char *buf, size_t size)
{
	kh_describe_range(t, buf, size);
	lang_decimal_in_place(buf);
	return buf;
}

/* A new sanitised one-line string from a format; NULL (and b->oom) when
 * out of memory. */
static char *vsfmt(struct build *b, const char *fmt, va_list ap)
{
	va_list again;
	va_copy(again, ap);
	int len = vsnprintf(NULL, 0, fmt, ap);
	char *raw = len >= 0 ? malloc((size_t)len + 1) : NULL;
	char *clean = NULL;
	if (raw) {
		vsnprintf(raw, (size_t)len + 1, fmt, again);
		clean = text_sanitize(raw, false);
		free(raw);
	}
	va_end(again);
	if (!clean)
		b->oom = true;
	return clean;
}

static char *sfmt(struct build *b, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static char *sfmt(struct build *b, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	char *s = vsfmt(b, fmt, ap);
	va_end(ap);
	return s;
}

static const char *nz(const char *s)
{
	return s ? s : "";
}

/* "21/06/2024 08:15 UTC" from "2024-06-21T08:15:00Z". */
static char *at_text(const char *at, char *buf, size_t size)
{
	char day[KH_DATE_ISO_LEN], dmy[KH_DATE_ISO_LEN];
	kh_date d;
	if (!at || strlen(at) < 16) {
		snprintf(buf, size, "%s", nz(at));
		return buf;
	}
	memcpy(day, at, 10);
	day[10] = '\0';
	if (!kh_date_parse_iso(day, &d))
		snprintf(buf, size, "%s", at);
	else
		snprintf(buf, size, "%s %.5s UTC", kh_date_dmy(d, dmy),
			 at + 11);
	return buf;
}

/* s with its first letter a capital, in buf (or s itself when it does not
 * fit): the report's cells and list items start with one, whatever case
 * the label has where it is shown mid-sentence. */
static const char *capital(const char *s, char *buf, size_t size)
{
	utf8proc_int32_t c;
	if (!s[0])
		return s;
	utf8proc_ssize_t n = utf8proc_iterate((const utf8proc_uint8_t *)s, -1,
					      &c);
	if (n <= 0 || strlen(s) - (size_t)n + 4 >= size)
		return s;
	utf8proc_ssize_t m = utf8proc_encode_char(utf8proc_toupper(c),
						  (utf8proc_uint8_t *)buf);
	snprintf(buf + m, size - (size_t)m, "%s", s + n);
	return buf;
}

/* A status or an assessment, capitalised ("At risk", "Đang thực hiện"). */
static const char *state_word(kh_state s, char *buf, size_t size)
{
	return capital(sched_state_label(s), buf, size);
}

static const char *assessment_word(kh_assessment a, char *buf, size_t size)
{
	return capital(kh_assessment_label(a), buf, size);
}

/* ---- growing arrays ---------------------------------------------------- */

static rpt_row *new_row(struct build *b, rpt_level level)
{
	rpt_model *m = b->m;
	rpt_row *rows = realloc(m->rows, (m->n_rows + 1) * sizeof *rows);
	if (!rows) {
		b->oom = true;
		return NULL;
	}
	m->rows = rows;
	rpt_row *r = &rows[m->n_rows++];
	memset(r, 0, sizeof *r);
	r->level = level;
	return r;
}

static void add_field(struct build *b, const char *label, char *value)
{
	rpt_model *m = b->m;
	char *l = label ? sfmt(b, "%s", label) : NULL;
	rpt_field *h = realloc(m->head, (m->n_head + 1) * sizeof *h);
	if (!value || (label && !l) || !h) {
		b->oom = true;
		free(value);
		free(l);
		if (h)
			m->head = h;
		return;
	}
	m->head = h;
	h[m->n_head].label = l;
	h[m->n_head].value = value;
	m->n_head++;
}

static rpt_block *new_block(struct build *b, const char *title)
{
	rpt_model *m = b->m;
	rpt_block *bl = realloc(m->blocks, (m->n_blocks + 1) * sizeof *bl);
	if (!bl) {
		b->oom = true;
		return NULL;
	}
	m->blocks = bl;
	rpt_block *k = &bl[m->n_blocks];
	memset(k, 0, sizeof *k);
	k->title = sfmt(b, "%s", title);
	if (!k->title)
		return NULL;
	m->n_blocks++;
	return k;
}

/* Append line (taken over; NULL after an allocation failure). */
static void add_item(struct build *b, rpt_block *k, char *line)
{
	char **items =
		k && line ? realloc(k->items, (k->n_items + 1) * sizeof *items)
			  : NULL;
	if (!items) {
		b->oom = true;
		free(line);
		return;
	}
	k->items = items;
	items[k->n_items++] = line;
}

/* Append a line from a format to a block. */
static void item(struct build *b, rpt_block *k, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static void item(struct build *b, rpt_block *k, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	add_item(b, k, vsfmt(b, fmt, ap));
	va_end(ap);
}

/* Append a heading line from a format. */
static void field(struct build *b, const char *label, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static void field(struct build *b, const char *label, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	add_field(b, label, vsfmt(b, fmt, ap));
	va_end(ap);
}

/* ---- the table ---------------------------------------------------------- */

static void set_cell(struct build *b, rpt_row *r, enum rpt_col c, char *s)
{
	free(r->cell[c]);
	r->cell[c] = s;
	if (!s)
		b->oom = true;
}

/* Fill a cell from a format. */
static void put(struct build *b, rpt_row *r, enum rpt_col c, const char *fmt,
		...) __attribute__((format(printf, 4, 5)));

static void put(struct build *b, rpt_row *r, enum rpt_col c, const char *fmt,
		...)
{
	va_list ap;
	va_start(ap, fmt);
	set_cell(b, r, c, vsfmt(b, fmt, ap));
	va_end(ap);
}

static void set_number(struct build *b, rpt_row *r, enum rpt_col c, double v)
{
	char num[64];
	set_cell(b, r, c, sfmt(b, "%s", rpt_number(v, num, sizeof num)));
	r->numeric[c] = true;
	r->num[c] = v;
}

/* Fill the cells nothing was put in with "". */
static void finish_row(struct build *b, rpt_row *r)
{
	for (int c = 0; c < RPT_NCOLS; c++)
		if (!r->cell[c])
			set_cell(b, r, c, sfmt(b, "%s", ""));
}

/* TT of the n-th target of a task: a, b, ..., z, aa, ab, ... */
static void letters(size_t n, char *buf, size_t size)
{
	char tmp[16];
	size_t len = 0;
	n++;
	while (n > 0 && len < sizeof tmp) {
		n--;
		tmp[len++] = (char)('a' + n % 26);
		n /= 26;
	}
	size_t i = 0;
	for (; i < len && i + 1 < size; i++)
		buf[i] = tmp[len - 1 - i];
	buf[i] = '\0';
}

static const char *worst_label(const kh_rollup *r, char *buf, size_t size)
{
	if (r->worst == KH_STATE_COUNT)
		return "";
	return state_word(r->worst, buf, size);
}

static const char *lead_name(const kh_unit *u)
{
	return u ? u->short_name : "";
}

/* The entry a target had the day before the period began, or NULL. */
static const kh_entry *before_entry(const kh_period_view *v, const char *id)
{
	for (size_t i = 0; i < v->n_before; i++)
		if (strcmp(v->before[i].target_id, id) == 0)
			return &v->before[i];
	return NULL;
}

static const char *high_mark(char *buf, size_t size)
{
	char f[32];
	snprintf(buf, size, _("(**) over %s times the plan"),
		 rpt_number(KH_CHECK_HIGH_FACTOR, f, sizeof f));
	return buf;
}

/* The note cell: the unit's note, then the marks the report adds, "; "
 * between them. */
static char *note_cell(struct build *b, const kh_period_figure *f)
{
	char high[64];
	const char *parts[4];
	size_t n = 0;
	if (f->entry && f->entry->note && f->entry->note[0])
		parts[n++] = f->entry->note;
	if (f->flags & KH_CHECK_LOWER)
		parts[n++] = MARK_LOWER;
	if (f->flags & KH_CHECK_HIGH)
		parts[n++] = high_mark(high, sizeof high);
	if (f->report == KH_REPORT_LATE)
		parts[n++] = MARK_LATE;
	else if (f->report == KH_REPORT_MISSING)
		parts[n++] = MARK_MISSING;
	kh_strbuf sb = {0};
	for (size_t i = 0; i < n; i++) {
		if (i)
			strbuf_add(&sb, "; ", 2);
		strbuf_add(&sb, parts[i], strlen(parts[i]));
	}
	char *joined = strbuf_done(&sb);
	char *s = joined ? text_sanitize(joined, false) : NULL;
	free(joined);
	if (!s)
		b->oom = true;
	return s;
}

static void target_row(struct build *b, const kh_target *t, size_t nth)
{
	const kh_period_view *v = b->view;
	const kh_period_figure *f = &v->figures[t->index];
	const kh_eval *e = &v->snap->evals[t->index];
	rpt_row *r = new_row(b, RPT_TARGET);
	if (!r)
		return;
	char tt[16], range[80], due[KH_DATE_ISO_LEN], word[128];
	letters(nth, tt, sizeof tt);
	put(b, r, RPT_TT, "%s", tt);
	put(b, r, RPT_TEXT, "%s", t->text);
	switch (t->kind) {
	case KH_KIND_QUANTITY:
		put(b, r, RPT_MEASURE, "%s", nz(t->measure));
		range_text(t, range, sizeof range);
		put(b, r, RPT_PLAN, "%s", range);
		if (!f->entry) {
			put(b, r, RPT_PERIOD, "–");
			put(b, r, RPT_CUMUL, "–");
			put(b, r, RPT_RATE, "–");
			break;
		}
		set_number(b, r, RPT_PERIOD, f->in_period);
		set_number(b, r, RPT_CUMUL, f->cumulative);
		if (t->min > 0)
			set_number(b, r, RPT_RATE,
				   round(f->cumulative / t->min * 100.0));
		else
			put(b, r, RPT_RATE, "–");
		break;
	case KH_KIND_MILESTONE: {
		bool done = f->entry && f->entry->done;
		const kh_entry *pre = before_entry(v, t->id);
		const char *now = done ? _("Done") : _("Not done");
		put(b, r, RPT_PLAN, _("Done by %s"), kh_date_dmy(t->due, due));
		put(b, r, RPT_PERIOD, "%s",
		    done && pre && pre->done ? _("Done before the period")
					     : now);
		put(b, r, RPT_CUMUL, "%s", now);
		set_number(b, r, RPT_RATE, done ? 100 : 0);
		break;
	}
	case KH_KIND_ONGOING:
		/* TRANSLATORS: the plan of a task done all year round */
		put(b, r, RPT_PLAN, "%s", _("Ongoing"));
		put(b, r, RPT_PERIOD, "%s",
		    f->entry && f->entry->assessment != KH_ASSESS_NONE
			    ? assessment_word(f->entry->assessment, word,
					      sizeof word)
			    : _("No report"));
		break;
	}
	put(b, r, RPT_LEAD, "%s", lead_name(t->lead));
	put(b, r, RPT_STATUS, "%s", state_word(e->state, word, sizeof word));
	set_cell(b, r, RPT_NOTE, note_cell(b, f));
	finish_row(b, r);
}

static void build_table(struct build *b)
{
	const kh_plan *plan = b->plan;
	const kh_snapshot *snap = b->view->snap;
	char word[128];
	for (size_t s = 0; s < plan->n_sections && !b->oom; s++) {
		const kh_section *sec = &plan->sections[s];
		rpt_row *r = new_row(b, RPT_SECTION);
		if (!r)
			return;
		put(b, r, RPT_TT, "%s", sec->id);
		put(b, r, RPT_TEXT, "%s", sec->title);
		put(b, r, RPT_LEAD, "%s", lead_name(sec->lead));
		put(b, r, RPT_STATUS, "%s",
		    worst_label(&snap->sections[sec->index], word,
				sizeof word));
		finish_row(b, r);
		for (size_t k = 0; k < sec->n_tasks && !b->oom; k++) {
			const kh_task *task = &sec->tasks[k];
			r = new_row(b, RPT_TASK);
			if (!r)
				return;
			put(b, r, RPT_TT, "%zu", k + 1);
			put(b, r, RPT_TEXT, "%s", task->title);
			put(b, r, RPT_LEAD, "%s", lead_name(task->lead));
			put(b, r, RPT_STATUS, "%s",
			    worst_label(&snap->tasks[task->index], word,
					sizeof word));
			finish_row(b, r);
			for (size_t j = 0; j < task->n_targets; j++)
				target_row(b, &task->targets[j], j);
		}
	}
}

/* ---- the heading --------------------------------------------------------- */

static void build_heading(struct build *b)
{
	const kh_plan *plan = b->plan;
	const kh_period *p = b->period;
	char d1[KH_DATE_ISO_LEN], d2[KH_DATE_ISO_LEN], at[64];
	const char *state = _("Report status");
	field(b, _("Plan"), "%s", plan->title);
	if (plan->number)
		field(b, NULL, "%s", plan->number);
	field(b, _("Issued by"), "%s", plan->issuer);
	field(b, _("Reporting period"), "%s (%s)", p->label, p->id);
	field(b, NULL, _("Figures from %s to %s"), kh_date_dmy(p->from, d1),
	      kh_date_dmy(p->cutoff, d2));
	field(b, _("Units' reporting deadline"), "%s",
	      kh_date_dmy(p->deadline, d1));
	const kh_period_event *last =
		b->n_events ? &b->events[b->n_events - 1] : NULL;
	if (b->closing && !(last && last->close))
		field(b, state, _("Closed figures, kept when period %s was "
				  "closed"),
		      p->id);
	else if (last && last->close)
		field(b, state, _("Figures closed at %s (closed by: %s)"),
		      at_text(last->at, at, sizeof at), nz(last->by));
	else if (last)
		field(b, state,
		      _("Draft: the period was reopened at %s (reopened by: "
			"%s), not closed again"),
		      at_text(last->at, at, sizeof at), nz(last->by));
	else
		field(b, state, "%s", _("Draft (the period is not closed)"));
	field(b, _("Report date"), "%s", kh_date_dmy(b->view->today, d1));
}

/* ---- the summary --------------------------------------------------------- */

static void block_counts(struct build *b)
{
	const kh_rollup *tot = &b->view->snap->total;
	char word[128];
	rpt_block *k = new_block(b, _("Targets by status"));
	item(b, k, _("Targets in all: %zu"), tot->n);
	for (int s = 0; s < KH_STATE_COUNT; s++)
		if (tot->counts[s])
			item(b, k, "%s: %zu",
			     state_word((kh_state)s, word, sizeof word),
			     tot->counts[s]);
	if (tot->n)
		item(b, k, _("Average progress: %.0f %%"), tot->progress);
}

/* One target that needs attention, with by how much. */
static char *gap_item(struct build *b, const kh_target *t, const kh_eval *e)
{
	char got[32], range[80], exp[32], gap[32], due[KH_DATE_ISO_LEN],
		cut[KH_DATE_ISO_LEN], word[128];
	const char *m = nz(t->measure);
	char *who = sfmt(b, "%s (%s, %s)", t->id, lead_name(t->lead),
			 sched_state_label(e->state));
	if (!who)
		return NULL;
	char *s = NULL;
	kh_date_dmy(t->due, due);
	kh_date_dmy(b->period->cutoff, cut);
	if (t->kind == KH_KIND_QUANTITY) {
		range_text(t, range, sizeof range);
		rpt_number(e->achieved, got, sizeof got);
		if (e->state == KH_STATE_OVERDUE)
			s = sfmt(b,
				 _("%s: achieved %s/%s %s, due %s, still short "
				   "by %s %s"),
				 who, got, range, m, due,
				 rpt_number(t->min - e->achieved, gap,
					    sizeof gap),
				 m);
		else if (!e->reported)
			s = sfmt(b, _("%s: no figure yet, planned by %s: "
				      "%s %s"),
				 who, cut,
				 rpt_number(e->expected, exp, sizeof exp), m);
		else
			s = sfmt(b,
				 _("%s: achieved %s/%s %s, planned by %s: "
				   "%s %s, short by %s %s"),
				 who, got, range, m, cut,
				 rpt_number(e->expected, exp, sizeof exp), m,
				 rpt_number(e->gap, gap, sizeof gap), m);
	} else if (e->state == KH_STATE_MISSING_REPORT && e->missing_period) {
		s = sfmt(b, _("%s: no report for period %s (due %s)"), who,
			 e->missing_period->id,
			 kh_date_dmy(e->missing_period->deadline, cut));
	} else if (t->kind == KH_KIND_MILESTONE) {
		s = sfmt(b, _("%s: not done, due %s"), who, due);
	} else if (e->assessment != KH_ASSESS_NONE) {
		s = sfmt(b, _("%s: self-assessed as \"%s\""), who,
			 assessment_word(e->assessment, word, sizeof word));
	} else {
		s = sfmt(b, _("%s: no assessment yet"), who);
	}
	free(who);
	return s;
}

static void block_behind(struct build *b)
{
	const kh_period_view *v = b->view;
	rpt_block *k = new_block(b, _("Targets behind schedule"));
	size_t n = 0;
	for (size_t i = 0; i < b->plan->n_targets; i++) {
		const kh_eval *e = &v->snap->evals[i];
		if (!sched_state_is_behind(e->state))
			continue;
		add_item(b, k, gap_item(b, b->plan->targets[i], e));
		n++;
	}
	if (!n)
		item(b, k, "%s", _("No target is behind schedule."));
}

/* "id, id, id" of the targets a unit has not reported. */
static char *owed_list(struct build *b, const kh_unit *u)
{
	kh_strbuf sb = {0};
	for (size_t i = 0; i < b->plan->n_targets; i++) {
		const kh_target *t = b->plan->targets[i];
		if (t->lead != u ||
		    b->view->figures[i].report != KH_REPORT_MISSING)
			continue;
		if (sb.len)
			strbuf_add(&sb, ", ", 2);
		strbuf_add(&sb, t->id, strlen(t->id));
	}
	char *s = strbuf_done(&sb);
	if (!s)
		b->oom = true;
	return s;
}

static void block_missing(struct build *b)
{
	const kh_period_view *v = b->view;
	char dl[KH_DATE_ISO_LEN];
	rpt_block *k = new_block(b, _("Units that have not reported"));
	kh_date_dmy(b->period->deadline, dl);
	if (v->today <= b->period->deadline) {
		item(b, k, _("Reports are not due yet (deadline %s)."), dl);
		return;
	}
	size_t n = 0;
	for (size_t u = 0; u < b->plan->n_units; u++) {
		const kh_unit_completeness *c = &v->units[u];
		if (!c->counts[KH_REPORT_MISSING])
			continue;
		char *list = owed_list(b, c->unit);
		if (list)
			item(b, k, _("%s: %zu/%zu targets not reported: %s"),
			     c->unit->name, c->counts[KH_REPORT_MISSING],
			     c->owed, list);
		free(list);
		n++;
	}
	if (!n)
		item(b, k, _("Every unit has reported (deadline %s)."), dl);
}

/* The figure an entry records, in words: "13 tấn", "Done". */
static void entry_words(const kh_target *t, const kh_entry *e, char *buf,
			size_t size)
{
	char num[64];
	switch (e->kind) {
	case KH_KIND_QUANTITY:
		snprintf(buf, size, "%s%s%s",
			 rpt_number(e->value, num, sizeof num),
			 t && t->measure ? " " : "", t ? nz(t->measure) : "");
		break;
	case KH_KIND_MILESTONE:
		snprintf(buf, size, "%s", e->done ? _("Done") : _("Not done"));
		break;
	case KH_KIND_ONGOING:
		snprintf(buf, size, "%s",
			 e->assessment != KH_ASSESS_NONE
				 ? assessment_word(e->assessment, num,
						   sizeof num)
				 : _("not assessed"));
		break;
	}
}

/* "; note: \"...\"" after a line, or nothing when note is empty (new
 * string; NULL and b->oom when out of memory). */
static char *note_suffix(struct build *b, const char *note)
{
	if (!note || !note[0])
		return sfmt(b, "%s", "");
	return sfmt(b, _("; note: \"%s\""), note);
}

static void block_flagged(struct build *b)
{
	const kh_period_view *v = b->view;
	rpt_block *k = new_block(b, _("Figures flagged for checking"));
	char high[64], words[128];
	size_t n = 0;
	for (size_t i = 0; i < b->plan->n_targets; i++) {
		const kh_period_figure *f = &v->figures[i];
		const kh_target *t = b->plan->targets[i];
		if (!f->flags)
			continue;
		words[0] = '\0';
		if (f->entry)
			entry_words(t, f->entry, words, sizeof words);
		char *note = note_suffix(b, f->entry ? f->entry->note : NULL);
		char *marks = sfmt(b, "%s%s%s%s",
				   f->flags & KH_CHECK_LOWER ? "; " : "",
				   f->flags & KH_CHECK_LOWER ? MARK_LOWER : "",
				   f->flags & KH_CHECK_HIGH ? "; " : "",
				   f->flags & KH_CHECK_HIGH
					   ? high_mark(high, sizeof high)
					   : "");
		/* TRANSLATORS: id (lead unit): cumulative FIGURE, then the
		 * marks ("; (*) ...") and the note ("; note: ...") */
		if (note && marks)
			item(b, k, _("%s (%s): cumulative %s%s%s"), t->id,
			     lead_name(t->lead), words[0] ? words : "–", marks,
			     note);
		free(marks);
		free(note);
		n++;
	}
	if (!n)
		item(b, k, "%s", _("None."));
}

static void block_late(struct build *b)
{
	const kh_period_view *v = b->view;
	rpt_block *k = new_block(b, _("Late reports"));
	char at[64], dl[KH_DATE_ISO_LEN];
	kh_date_dmy(b->period->deadline, dl);
	size_t n = 0;
	for (size_t i = 0; i < b->plan->n_targets; i++) {
		const kh_period_figure *f = &v->figures[i];
		const kh_target *t = b->plan->targets[i];
		if (f->report != KH_REPORT_LATE)
			continue;
		item(b, k, _("%s (%s): first entered at %s, deadline %s"),
		     t->id, lead_name(t->lead),
		     at_text(f->first_entered_at, at, sizeof at), dl);
		n++;
	}
	if (!n)
		item(b, k, "%s", _("None."));
}

/* The period's entries entered after `since` (the first close), target by
 * target, oldest first.  Times have whole seconds: an entry of the same
 * second as the close is listed rather than hidden. */
static kh_rc entries_after(struct build *b, rpt_block *k, const char *since,
			   kh_error *err)
{
	char at[64], day[KH_DATE_ISO_LEN], words[128];
	size_t n = 0;
	for (size_t i = 0; i < b->plan->n_targets && !b->oom; i++) {
		const kh_target *t = b->plan->targets[i];
		kh_entry *h = NULL;
		size_t nh = 0;
		kh_rc rc = store_history(b->store, t->id, &h, &nh, err);
		if (rc != KH_OK)
			return rc;
		for (size_t j = nh; j-- > 0;) {
			const kh_entry *e = &h[j];
			if (!e->period ||
			    strcmp(e->period, b->period->id) != 0 ||
			    !e->entered_at || strcmp(e->entered_at, since) < 0)
				continue;
			entry_words(t, e, words, sizeof words);
			if (!n++)
				item(b, k,
				     _("Figures of the period entered after "
				       "it was first closed (%s):"),
				     at_text(since, at, sizeof at));
			char *note = note_suffix(b, e->note);
			/* TRANSLATORS: id: FIGURE (figure as of DATE),
			 * entered at TIME by USER, then the note ("; note:
			 * ...") and " (retracted)" */
			if (note)
				item(b, k,
				     _("%s: %s (figure as of %s), entered at "
				       "%s by %s%s%s"),
				     t->id, words, kh_date_dmy(e->as_of, day),
				     at_text(e->entered_at, at, sizeof at),
				     nz(e->entered_by), note,
				     e->retracted ? _(" (retracted)") : "");
			free(note);
		}
		entries_free(h, nh);
	}
	return KH_OK;
}

static kh_rc block_reopened(struct build *b, kh_error *err)
{
	rpt_block *k = new_block(b, _("Reopenings"));
	char at[64];
	const char *first_close = NULL;
	size_t n = 0;
	for (size_t i = 0; i < b->n_events; i++) {
		const kh_period_event *ev = &b->events[i];
		if (ev->close) {
			if (!first_close)
				first_close = ev->at;
			continue;
		}
		item(b, k, _("Reopened at %s, reopened by: %s, reason: %s"),
		     at_text(ev->at, at, sizeof at), nz(ev->by),
		     ev->text && ev->text[0] ? ev->text : _("(none given)"));
		n++;
	}
	if (!n) {
		item(b, k, "%s", _("None."));
		return KH_OK;
	}
	if (first_close && b->store)
		return entries_after(b, k, first_close, err);
	return KH_OK;
}

static void block_orphans(struct build *b)
{
	const kh_snapshot *snap = b->view->snap;
	if (!snap->n_orphans)
		return;
	rpt_block *k =
		new_block(b, _("Figures of targets no longer in the plan"));
	for (size_t i = 0; i < snap->n_orphans; i++)
		item(b, k, "%s", snap->orphans[i]);
}

/* ---- model ------------------------------------------------------------- */

void rpt_model_free(rpt_model *m)
{
	if (!m)
		return;
	for (size_t i = 0; i < m->n_head; i++) {
		free(m->head[i].label);
		free(m->head[i].value);
	}
	free(m->head);
	for (size_t i = 0; i < m->n_rows; i++)
		for (int c = 0; c < RPT_NCOLS; c++)
			free(m->rows[i].cell[c]);
	free(m->rows);
	for (size_t i = 0; i < m->n_blocks; i++) {
		free(m->blocks[i].title);
		for (size_t j = 0; j < m->blocks[i].n_items; j++)
			free(m->blocks[i].items[j]);
		free(m->blocks[i].items);
	}
	free(m->blocks);
	free(m);
}

rpt_model *rpt_model_build(const kh_plan *plan, kh_store *store,
			   const kh_period *period, kh_date today, bool closing,
			   kh_error *err)
{
	struct build b = {.plan = plan,
			  .period = period,
			  .store = store,
			  .closing = closing};
	b.m = calloc(1, sizeof *b.m);
	if (!b.m) {
		kh_error_set(err, KH_ENOMEM, "%s", _("out of memory"));
		return NULL;
	}
	b.m->title = _("PLAN IMPLEMENTATION REPORT");
	kh_rc rc = KH_OK;
	b.view = period_view_take(plan, store, period, today, err);
	if (!b.view)
		goto fail;
	if (store && (rc = store_period_events(store, period->id, &b.events,
					       &b.n_events, err)) != KH_OK)
		goto fail;
	build_heading(&b);
	build_table(&b);
	block_counts(&b);
	block_behind(&b);
	block_missing(&b);
	block_flagged(&b);
	block_late(&b);
	if (block_reopened(&b, err) != KH_OK)
		goto fail;
	block_orphans(&b);
	if (b.oom) {
		kh_error_set(err, KH_ENOMEM, "%s", _("out of memory"));
		goto fail;
	}
	period_events_free(b.events, b.n_events);
	period_view_free(b.view);
	return b.m;
fail:
	period_events_free(b.events, b.n_events);
	period_view_free(b.view);
	rpt_model_free(b.m);
	return NULL;
}
