/* Importing what units send back, and the template they fill in (see
 * kehoach/import.h).
 *
 * import_prepare() reads the whole file and judges every row before
 * anything is written, so a bad row anywhere leaves the database as it was.
 * Each row is compared with what the database holds and with the earlier
 * rows of the same file, in file order, so the diff reads as a sequence
 * and a file imported twice is recognised row by row (KH_CHANGE_SAME).
 *
 * The template is written for spreadsheets: a UTF-8 BOM (Excel otherwise
 * reads the file as the local code page), ';' as separator (what Excel
 * expects under a Vietnamese or European locale, and import detects both),
 * and CRLF line ends, which is what Excel writes and what every spreadsheet
 * reads. */
#include "kehoach/import.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "kehoach/check.h"
#include "kehoach/csv.h"
#include "kehoach/date.h"
#include "kehoach/describe.h"
#include "kehoach/i18n.h"
#include "kehoach/lang.h"
#include "kehoach/out.h"
#include "kehoach/text.h"
#include "utf8_cut.h"

#define IMPORT_MAX_NOTE 2000
#define IMPORT_SHOWN_COLS 40 /* how much of a bad cell an error quotes */
/* A unit's return has a row per target; far more is not one, and rows of
 * one target are compared with each other. */
#define IMPORT_MAX_ROWS 10000

enum import_col {
	COL_TARGET,
	COL_VALUE,
	COL_AS_OF,
	COL_UNIT,
	COL_ASSESSMENT,
	COL_NOTE,
	N_COLS,
};

static const char *const col_names[N_COLS] = {
	"target_id", "value", "as_of", "unit", "assessment", "note",
};

/* A period closed now: rows dated in its window are refused. */
struct closed_window {
	const char *period; /* owned by the events array */
	kh_date from, cutoff;
};

/* A target's rows in the file so far. */
struct history {
	size_t last_row;   /* 1 + index of its last row in imp->rows, or 0 */
};

struct prep {
	const kh_plan *plan;
	kh_store *store;
	const char *path;
	const char *base;       /* file name without its folders */
	kh_date default_as_of;
	const char *who;
	bool force;
	kh_error *err;
	kh_import *imp;
	size_t cap_rows;
	size_t *prev_row;       /* per row: 1 + index of the target's previous
				   row, or 0 */
	int col[N_COLS];        /* field index of each column, -1 if absent */
	size_t width;           /* cells in the header */
	char sep;               /* the file's separator */
	struct history *hist;   /* by target index */
	kh_entry *near;         /* what the database holds for the row being
				   read: see store_entries_near(), newest
				   first */
	size_t n_near;
	kh_period_event *events;
	size_t n_events;
	struct closed_window *closed;
	size_t n_closed;
};

/* ---- small helpers ----------------------------------------------------- */

__attribute__((format(printf, 3, 4)))
static kh_rc row_error(struct prep *p, int line, const char *fmt, ...)
{
	/* Longer than the error's text: kh_error_set_at then cuts it at a
	 * character boundary. */
	char msg[sizeof p->err->msg + 8];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	return kh_error_set_at(p->err, KH_EINPUT, p->path, line, 0, "%s", msg);
}

static kh_rc no_memory(struct prep *p)
{
	return kh_error_set(p->err, KH_ENOMEM, _("out of memory importing %s"),
			    p->path);
}

static char *dup_str(const char *s)
{
	size_t n = strlen(s) + 1;
	char *d = malloc(n);

	if (d)
		memcpy(d, s, n);
	return d;
}

static bool is_trim(char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

/* Trim ASCII blanks in place (fields belong to the parsed file); writes
 * only when there is something to cut. */
static char *trim(char *s)
{
	size_t n;

	while (is_trim(*s))
		s++;
	n = strlen(s);
	while (n > 0 && is_trim(s[n - 1]))
		n--;
	if (s[n] != '\0')
		s[n] = '\0';
	return s;
}

static const char *base_name(const char *path)
{
	const char *slash = strrchr(path, '/');

	return slash ? slash + 1 : path;
}

/* snprintf for display text: cut at a character boundary when long. */
__attribute__((format(printf, 3, 4)))
static void put_text(char *buf, size_t size, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	int r = vsnprintf(buf, size, fmt, ap);
	va_end(ap);
	if (r > 0 && (size_t)r >= size)
		utf8_cut_end(buf);
}

/* A cell quoted in an error: neutralised and short.  Returns buf. */
static char *shown(const char *s, char *buf, size_t size)
{
	char *clean = text_sanitize(s, false);
	char *cut = clean ? text_truncate(clean, IMPORT_SHOWN_COLS, false)
			  : NULL;

	put_text(buf, size, "%s", cut ? cut : "?");
	free(clean);
	free(cut);
	return buf;
}

static bool str_same(const char *a, const char *b)
{
	return strcmp(a ? a : "", b ? b : "") == 0;
}

/* ---- describing entries ------------------------------------------------ */

/* "13 tấn", "done", "in progress": for people, in their language. */
static void value_words(const kh_target *t, const kh_entry *e, char *buf,
			size_t size)
{
	char v[64];

	kh_describe_value(e, v, sizeof v);
	if (e->kind == KH_KIND_QUANTITY && t->measure && *t->measure)
		put_text(buf, size, "%s %s", v, t->measure);
	else
		put_text(buf, size, "%s", v);
}

/* "13 tấn as of 10/06/2024", and "(by ttnc)" when a unit other than the
 * lead reported it. */
static void describe_entry(const kh_target *t, const kh_entry *e, char *buf,
			   size_t size)
{
	char v[96], d[KH_DATE_ISO_LEN];
	bool other = e->unit_id && (!t->lead || strcmp(e->unit_id,
						       t->lead->id) != 0);

	value_words(t, e, v, sizeof v);
	kh_date_dmy(e->as_of, d);
	if (other)
		/* TRANSLATORS: a figure, its date, and the unit that
		 * reported it: "13 tấn as of 10/06/2024 (by ttnc)". */
		put_text(buf, size, _("%s as of %s (by %s)"), v, d,
			 e->unit_id);
	else
		put_text(buf, size, _("%s as of %s"), v, d);
}

static bool same_entry(const kh_entry *a, const kh_entry *b)
{
	if (a->kind != b->kind || a->as_of != b->as_of)
		return false;
	switch (a->kind) {
	case KH_KIND_QUANTITY:
		if (a->value != b->value)
			return false;
		break;
	case KH_KIND_MILESTONE:
		if (a->done != b->done)
			return false;
		break;
	case KH_KIND_ONGOING:
		if (a->assessment != b->assessment)
			return false;
		break;
	}
	return str_same(a->unit_id, b->unit_id) && str_same(a->note, b->note);
}

/* ---- what the database and the file already hold ------------------------ */

/* Read what the database holds for a figure of t dated as_of: the entries
 * of that date (an identical one means the row is already there) and the
 * latest one before it.  Index seeks only, whatever the history's length:
 * a unit's file of 10,000 rows must not read every entry of every
 * target. */
static kh_rc load_history(struct prep *p, const kh_target *t, kh_date as_of,
			  struct history **out)
{
	*out = &p->hist[t->index];
	entries_free(p->near, p->n_near);
	p->near = NULL;
	p->n_near = 0;
	if (!p->store)
		return KH_OK;
	return store_entries_near(p->store, t->id, as_of, &p->near, &p->n_near,
				  p->err);
}

/* The entry current for h's target on `as_of`: the latest non-retracted one on or
 * before it, counting the rows of this file read so far as written after
 * everything stored.  *row (may be NULL) gets its row, or NULL. */
static const kh_entry *current_entry(const struct prep *p,
				     const struct history *h, kh_date as_of,
				     const kh_import_row **row)
{
	const kh_entry *stored = NULL;
	const kh_import_row *in_file = NULL;

	for (size_t i = 0; i < p->n_near; i++) {
		if (!p->near[i].retracted && p->near[i].as_of <= as_of) {
			stored = &p->near[i];
			break;
		}
	}
	/* Newest row first, so on one date the later row wins. */
	for (size_t k = h->last_row; k; k = p->prev_row[k - 1]) {
		const kh_import_row *r = &p->imp->rows[k - 1];

		if (r->change == KH_CHANGE_SAME || r->entry.as_of > as_of)
			continue;
		if (!in_file || r->entry.as_of > in_file->entry.as_of)
			in_file = r;
	}
	if (in_file && (!stored || in_file->entry.as_of >= stored->as_of)) {
		if (row)
			*row = in_file;
		return &in_file->entry;
	}
	if (row)
		*row = NULL;
	return stored;
}

/* Is e already recorded (stored, not retracted, or an earlier row)? */
static bool already_there(const struct prep *p, const struct history *h,
			  const kh_entry *e)
{
	for (size_t i = 0; i < p->n_near; i++)
		if (!p->near[i].retracted && same_entry(&p->near[i], e))
			return true;
	for (size_t k = h->last_row; k; k = p->prev_row[k - 1])
		if (same_entry(&p->imp->rows[k - 1].entry, e))
			return true;
	return false;
}

/* The periods closed now: those whose latest event is a close. */
static kh_rc load_closed(struct prep *p)
{
	kh_rc rc;

	if (!p->store)
		return KH_OK;
	rc = store_period_events(p->store, NULL, &p->events, &p->n_events,
				 p->err);
	if (rc != KH_OK)
		return rc;
	if (p->n_events == 0)
		return KH_OK;
	p->closed = calloc(p->n_events, sizeof *p->closed);
	if (!p->closed)
		return no_memory(p);
	for (size_t i = 0; i < p->n_events; i++) {
		const kh_period_event *ev = &p->events[i];
		bool later = false;

		for (size_t j = i + 1; j < p->n_events && !later; j++)
			later = str_same(p->events[j].period, ev->period);
		if (later || !ev->close)
			continue;
		p->closed[p->n_closed].period = ev->period;
		p->closed[p->n_closed].from = ev->from;
		p->closed[p->n_closed].cutoff = ev->cutoff;
		p->n_closed++;
	}
	return KH_OK;
}

static const struct closed_window *closed_for(const struct prep *p,
					      kh_date d)
{
	for (size_t i = 0; i < p->n_closed; i++)
		if (d >= p->closed[i].from && d <= p->closed[i].cutoff)
			return &p->closed[i];
	return NULL;
}

/* ---- the header --------------------------------------------------------- */

static kh_rc read_header(struct prep *p, const kh_csv_row *h)
{
	for (int c = 0; c < N_COLS; c++)
		p->col[c] = -1;
	p->width = h->n;
	for (size_t i = 0; i < h->n; i++) {
		char *name = trim(h->fields[i]);

		/* A second BOM, as some tools add when files are joined. */
		if (strncmp(name, "\xef\xbb\xbf", 3) == 0)
			name = trim(name + 3);
		for (int c = 0; c < N_COLS; c++) {
			if (strcasecmp(name, col_names[c]) != 0)
				continue;
			if (p->col[c] >= 0)
				return row_error(p, h->line,
						 _("the column %s appears "
						   "twice (columns %d and "
						   "%zu); keep one"),
						 col_names[c], p->col[c] + 1,
						 i + 1);
			p->col[c] = (int)i;
		}
	}
	if (p->col[COL_TARGET] < 0)
		return row_error(p, h->line,
				 _("no target_id column: the first line must "
				   "name the columns (%s), as the template "
				   "does"),
				 KH_IMPORT_COLUMNS);
	if (p->col[COL_VALUE] < 0 && p->col[COL_ASSESSMENT] < 0)
		return row_error(p, h->line,
				 _("no value or assessment column: the first "
				   "line must name the columns (%s)"),
				 KH_IMPORT_COLUMNS);
	return KH_OK;
}

/* A row's cell in column c; "" (never written to: trim leaves an empty
 * string alone) when the column is absent or the row short. */
static char *cell(const struct prep *p, const kh_csv_row *r, enum import_col c)
{
	if (p->col[c] < 0 || (size_t)p->col[c] >= r->n)
		return (char *)"";
	return r->fields[p->col[c]];
}

/* ---- one row ------------------------------------------------------------ */

/* Unknown target: name the nearest ids. */
static kh_rc unknown_target(struct prep *p, int line, const char *id)
{
	const kh_plan *plan = p->plan;
	size_t best = SIZE_MAX, limit = strlen(id) / 3 + 1;
	char hint[400] = "", what[160];
	int n = 0;

	for (size_t i = 0; i < plan->n_targets; i++) {
		size_t d = text_edit_distance(id, plan->targets[i]->id);

		if (d < best)
			best = d;
	}
	for (size_t i = 0; i < plan->n_targets && n < 3; i++) {
		const char *tid = plan->targets[i]->id;
		bool close = best <= limit && text_edit_distance(id, tid) == best;
		bool contains = *id && strstr(tid, id);
		size_t len = strlen(hint);

		if (!close && !contains)
			continue;
		snprintf(hint + len, sizeof hint - len, "%s%s", n ? ", " : "",
			 tid);
		n++;
	}
	shown(id, what, sizeof what);
	if (n)
		return row_error(p, line, _("unknown target \"%s\" (did you "
					    "mean %s?)"),
				 what, hint);
	return row_error(p, line, _("unknown target \"%s\" (kehoach status "
				    "lists the target ids)"),
			 what);
}

/* The unit named in a row: its id (any case), short name or name (case
 * and diacritics ignored). */
static kh_rc find_unit(struct prep *p, int line, const char *s,
		       const kh_unit **out)
{
	const kh_plan *plan = p->plan;
	char known[400] = "", what[160];
	char *key;

	*out = plan_find_unit(plan, s);
	if (*out)
		return KH_OK;
	for (size_t i = 0; i < plan->n_units; i++) {
		if (strcasecmp(plan->units[i].id, s) == 0) {
			*out = &plan->units[i];
			return KH_OK;
		}
	}
	key = text_fold(s);
	if (!key)
		return no_memory(p);
	for (size_t i = 0; i < plan->n_units && !*out; i++) {
		const kh_unit *u = &plan->units[i];
		char *a = text_fold(u->short_name), *b = text_fold(u->name);

		if (!a || !b) {
			free(a);
			free(b);
			free(key);
			return no_memory(p);
		}
		if (*key && (strcmp(key, a) == 0 || strcmp(key, b) == 0))
			*out = u;
		free(a);
		free(b);
	}
	free(key);
	if (*out)
		return KH_OK;
	for (size_t i = 0; i < plan->n_units; i++) {
		size_t len = strlen(known);

		snprintf(known + len, sizeof known - len, "%s%s", i ? ", " : "",
			 plan->units[i].id);
	}
	return row_error(p, line, _("unknown unit \"%s\" (units are: %s)"),
			 shown(s, what, sizeof what), known);
}

/* Parse the value cell(s) of a row into e for target t. */
static kh_rc parse_value(struct prep *p, int line, const kh_target *t,
			 const char *value, const char *assessment,
			 kh_entry *e)
{
	char why[256], what[160];
	const char *text;

	if (t->kind == KH_KIND_ONGOING) {
		text = *assessment ? assessment : value;
		if (kh_parse_entry_value(t, text, e, why, sizeof why))
			return KH_OK;
		return row_error(p, line, _("%s is an ongoing duty: use "
					    "completed, in-progress or "
					    "not-started (not \"%s\")"),
				 t->id, shown(text, what, sizeof what));
	}
	if (!*value && t->kind == KH_KIND_QUANTITY)
		return row_error(p, line, _("%s is a quantity: its figure goes "
					    "in the value column (assessment "
					    "is for ongoing duties)"),
				 t->id);
	if (!*value)
		return row_error(p, line, _("%s is a milestone: its done or "
					    "not-done goes in the value column "
					    "(assessment is for ongoing "
					    "duties)"),
				 t->id);
	if (kh_parse_entry_value(t, value, e, why, sizeof why))
		return KH_OK;
	if (t->kind == KH_KIND_MILESTONE)
		return row_error(p, line, _("%s is a milestone: use done or "
					    "not-done (not \"%s\")"),
				 t->id, shown(value, what, sizeof what));
	if (t->measure)
		return row_error(p, line, _("%s is a quantity (%s): \"%s\" is "
					    "not a figure (%s)"),
				 t->id, t->measure,
				 shown(value, what, sizeof what), why);
	return row_error(p, line, _("%s is a quantity: \"%s\" is not a "
				    "figure (%s)"),
			 t->id, shown(value, what, sizeof what), why);
}

static kh_rc parse_as_of(struct prep *p, int line, const char *text,
			 kh_date *out)
{
	char what[160], from[KH_DATE_ISO_LEN], to[KH_DATE_ISO_LEN],
		d[KH_DATE_ISO_LEN];

	if (!*text) {
		*out = p->default_as_of;
	} else if (!kh_date_parse(text, out)) {
		return row_error(p, line, _("bad as_of date \"%s\" (use "
					    "DD/MM/YYYY, e.g. 14/06/%d)"),
				 shown(text, what, sizeof what),
				 p->plan->year);
	}
	if (*out == KH_DATE_NONE || *out < p->plan->start ||
	    *out > p->plan->end) {
		if (*out == KH_DATE_NONE)
			return row_error(p, line, _("no as_of date: fill it "
						    "in (DD/MM/YYYY)"));
		return row_error(p, line, _("as_of %s is outside the plan "
					    "(%s to %s)"),
				 kh_date_dmy(*out, d),
				 kh_date_dmy(p->plan->start, from),
				 kh_date_dmy(p->plan->end, to));
	}
	return KH_OK;
}

static kh_rc push_row(struct prep *p, kh_import_row *row)
{
	kh_import *imp = p->imp;
	struct history *h = &p->hist[row->target->index];

	if (imp->n_rows == p->cap_rows) {
		size_t cap = p->cap_rows ? p->cap_rows * 2 : 16;
		kh_import_row *r = realloc(imp->rows, cap * sizeof *r);
		size_t *prev;

		if (!r)
			return no_memory(p);
		imp->rows = r;
		prev = realloc(p->prev_row, cap * sizeof *prev);
		if (!prev)
			return no_memory(p);
		p->prev_row = prev;
		p->cap_rows = cap;
	}
	p->prev_row[imp->n_rows] = h->last_row;
	imp->rows[imp->n_rows++] = *row;
	h->last_row = imp->n_rows;
	return KH_OK;
}

/* The figure checks: lower than the last one needs a note, far above
 * the plan needs --force.  Sets e->flags. */
static kh_rc check_figure(struct prep *p, int line, const kh_target *t,
			  const kh_entry *previous,
			  const kh_import_row *previous_row, kh_entry *e,
			  bool has_note)
{
	unsigned flags = kh_check_entry(t, previous, e, NULL, 0);
	char now[96], before[96], d[KH_DATE_ISO_LEN], max[64], times[32];

	if (flags & KH_CHECK_LOWER) {
		if (!has_note) {
			value_words(t, e, now, sizeof now);
			value_words(t, previous, before, sizeof before);
			kh_date_dmy(previous->as_of, d);
			if (previous_row)
				return row_error(p, line, _("%s: %s is lower "
							    "than the last "
							    "figure, %s as of "
							    "%s, line %d of "
							    "this file; add a "
							    "note saying why"),
						 t->id, now, before, d,
						 previous_row->line);
			return row_error(p, line, _("%s: %s is lower than the "
						    "last figure, %s as of %s; "
						    "add a note saying why"),
					 t->id, now, before, d);
		}
		e->flags |= KH_CHECK_LOWER;
	}
	if (flags & KH_CHECK_HIGH) {
		if (!p->force) {
			value_words(t, e, now, sizeof now);
			kh_describe_number(t->max, max, sizeof max);
			lang_number(KH_CHECK_HIGH_FACTOR, times, sizeof times);
			return row_error(p, line, _("%s: %s is more than %s "
						    "times the plan's maximum "
						    "(%s); check the figure or "
						    "use --force"),
					 t->id, now, times, max);
		}
		e->flags |= KH_CHECK_HIGH;
	}
	return KH_OK;
}

/* Give the row's entry the strings it owns once stored. */
static kh_rc fill_entry(struct prep *p, int line, const kh_target *t,
			const kh_period *period, const kh_unit *unit,
			const char *note, kh_entry *e)
{
	char source[512];

	put_text(source, sizeof source, "import:%s:%d", p->base, line);
	e->target_id = dup_str(t->id);
	e->period = period ? dup_str(period->id) : NULL;
	e->unit_id = unit ? dup_str(unit->id) : NULL;
	e->note = dup_str(note);
	e->entered_by = dup_str(p->who ? p->who : "");
	e->source = dup_str(source);
	if (!e->target_id || (period && !e->period) || (unit && !e->unit_id) ||
	    !e->note || !e->entered_by || !e->source) {
		entry_clear(e);
		return no_memory(p);
	}
	return KH_OK;
}

static kh_rc prepare_row(struct prep *p, const kh_csv_row *r)
{
	char *id = trim(cell(p, r, COL_TARGET));
	char *value = trim(cell(p, r, COL_VALUE));
	char *assessment = trim(cell(p, r, COL_ASSESSMENT));
	char *as_of = trim(cell(p, r, COL_AS_OF));
	char *unit_text = trim(cell(p, r, COL_UNIT));
	const char *note = cell(p, r, COL_NOTE);
	const kh_target *t;
	const kh_unit *unit;
	const kh_period *period;
	const kh_entry *previous = NULL;
	const kh_import_row *previous_row = NULL;
	struct history *h;
	kh_import_row row;
	kh_entry e = {0};
	kh_rc rc;
	int line = r->line;

	/* Text beyond the named columns is most often the rest of a note cut
	 * by a separator it holds: refuse rather than lose it. */
	for (size_t i = p->width; i < r->n; i++)
		if (*trim(r->fields[i]))
			return row_error(p, line, _("cell %zu has text but "
						    "the first line names no "
						    "column for it (a '%c' "
						    "inside a note? put the "
						    "note in quotes)"),
					 i + 1, p->sep);
	if (!*value && !*assessment) {
		char what[160];

		if (*id && *note)
			return row_error(p, line, _("%s has a note but no "
						    "value: fill in the value "
						    "(or assessment), or clear "
						    "the note"),
					 shown(id, what, sizeof what));
		p->imp->n_blank++;
		return KH_OK;
	}
	if (!*id)
		return row_error(p, line, _("a value with no target_id: fill "
					    "in the target_id"));
	t = plan_find_target(p->plan, id);
	if (!t)
		return unknown_target(p, line, id);
	rc = parse_value(p, line, t, value, assessment, &e);
	if (rc == KH_OK)
		rc = parse_as_of(p, line, as_of, &e.as_of);
	if (rc != KH_OK)
		return rc;
	unit = t->lead;
	if (*unit_text && (rc = find_unit(p, line, unit_text, &unit)) != KH_OK)
		return rc;
	if (strlen(note) > IMPORT_MAX_NOTE)
		return row_error(p, line, _("the note is %zu bytes long; keep "
					    "it under %d"),
				 strlen(note), IMPORT_MAX_NOTE);
	period = plan_period_for_date(p->plan, e.as_of);

	/* Compare as it will be stored (note "" when none). */
	e.unit_id = unit ? unit->id : NULL;
	e.note = (char *)note;
	rc = load_history(p, t, e.as_of, &h);
	if (rc != KH_OK)
		return rc;

	memset(&row, 0, sizeof row);
	row.line = line;
	row.target = t;
	if (already_there(p, h, &e)) {
		row.change = KH_CHANGE_SAME;
		p->imp->n_same++;
	} else {
		const struct closed_window *c = closed_for(p, e.as_of);
		char d[KH_DATE_ISO_LEN];

		if (c)
			return row_error(p, line, _("%s as of %s falls in %s, "
						    "which is closed; run "
						    "'kehoach reopen %s' "
						    "first"),
					 t->id,
					 kh_date_dmy(e.as_of, d), c->period,
					 c->period);
		previous = current_entry(p, h, e.as_of, &previous_row);
		rc = check_figure(p, line, t, previous, previous_row, &e,
				  *note != '\0');
		if (rc != KH_OK)
			return rc;
		row.change = previous ? KH_CHANGE_UPDATE : KH_CHANGE_NEW;
		if (previous) {
			describe_entry(t, previous, row.old_text,
				       sizeof row.old_text);
			p->imp->n_update++;
		} else {
			p->imp->n_new++;
		}
	}
	describe_entry(t, &e, row.new_text, sizeof row.new_text);
	if (row.change == KH_CHANGE_UPDATE &&
	    strcmp(row.old_text, row.new_text) == 0) {
		/* Same words: say what else differs. */
		char text[sizeof row.new_text];

		memcpy(text, row.new_text, sizeof text);
		put_text(row.new_text, sizeof row.new_text, "%s, %s", text,
			 str_same(previous->note, e.note) ? _("unit changed")
							  : _("new note"));
	}
	if (row.change == KH_CHANGE_SAME)
		memcpy(row.old_text, row.new_text, sizeof row.old_text);
	else if (row.change == KH_CHANGE_NEW)
		snprintf(row.old_text, sizeof row.old_text, "–");

	e.unit_id = NULL;
	e.note = NULL;
	rc = fill_entry(p, line, t, period, unit, note, &e);
	if (rc != KH_OK)
		return rc;
	row.entry = e;
	rc = push_row(p, &row);
	if (rc != KH_OK)
		entry_clear(&row.entry);
	return rc;
}

/* ---- public ------------------------------------------------------------- */

kh_import *import_prepare(const kh_plan *plan, kh_store *store,
			  const char *path, kh_date default_as_of,
			  const char *who, bool force, kh_error *err)
{
	struct prep p = {0};
	kh_csv *csv;
	kh_rc rc;

	kh_error_clear(err);
	csv = csv_read_file(path, err);
	if (!csv)
		return NULL;
	p.plan = plan;
	p.store = store;
	p.path = path;
	p.base = base_name(path);
	p.default_as_of = default_as_of;
	p.who = who;
	p.force = force;
	p.err = err;
	p.imp = calloc(1, sizeof *p.imp);
	p.hist = calloc(plan->n_targets ? plan->n_targets : 1, sizeof *p.hist);
	if (!p.imp || !p.hist || !(p.imp->file = dup_str(path))) {
		rc = no_memory(&p);
		goto out;
	}
	if (csv->n_rows == 0) {
		rc = row_error(&p, 1, _("the file is empty: expected a first "
					"line naming the columns (%s)"),
			       KH_IMPORT_COLUMNS);
		goto out;
	}
	if (csv->n_rows - 1 > IMPORT_MAX_ROWS) {
		rc = row_error(&p, csv->rows[IMPORT_MAX_ROWS + 1].line,
			       _("more than %d rows: a unit's return has "
				 "one row per target; split the file"),
			       IMPORT_MAX_ROWS);
		goto out;
	}
	p.sep = csv->sep;
	rc = read_header(&p, &csv->rows[0]);
	if (rc == KH_OK)
		rc = load_closed(&p);
	for (size_t i = 1; i < csv->n_rows && rc == KH_OK; i++)
		rc = prepare_row(&p, &csv->rows[i]);
out:
	csv_free(csv);
	entries_free(p.near, p.n_near);
	free(p.hist);
	free(p.prev_row);
	period_events_free(p.events, p.n_events);
	free(p.closed);
	if (rc != KH_OK) {
		import_free(p.imp);
		return NULL;
	}
	return p.imp;
}

kh_rc import_apply(kh_import *imp, kh_store *store, kh_error *err)
{
	kh_entry *batch;
	size_t n = 0;
	kh_rc rc;

	kh_error_clear(err);
	for (size_t i = 0; i < imp->n_rows; i++)
		if (imp->rows[i].change != KH_CHANGE_SAME)
			n++;
	if (n == 0)
		return KH_OK;
	if (!store)
		return kh_error_set(err, KH_EDB,
				    _("no database to import into"));
	batch = malloc(n * sizeof *batch);
	if (!batch)
		return kh_error_set(err, KH_ENOMEM,
				    _("out of memory importing %s"), imp->file);
	n = 0;
	for (size_t i = 0; i < imp->n_rows; i++)
		if (imp->rows[i].change != KH_CHANGE_SAME)
			batch[n++] = imp->rows[i].entry;
	rc = store_add_entries(store, batch, n, err);
	/* Hand back what the store filled in (ids, entered_at). */
	n = 0;
	for (size_t i = 0; i < imp->n_rows; i++)
		if (imp->rows[i].change != KH_CHANGE_SAME)
			imp->rows[i].entry = batch[n++];
	free(batch);
	return rc;
}

/* Write s converted for the terminal, then blanks up to width columns. */
static void put_padded(FILE *out, const char *s, int width, bool ascii)
{
	char *clean = ascii ? text_ascii(s) : text_sanitize(s, false);
	int w;

	if (!clean)
		return;
	if (ascii)
		for (char *c = clean; *c; c++)
			if (*c == '\n')
				*c = ' ';
	fputs(clean, out);
	for (w = text_width(clean); w < width; w++)
		fputc(' ', out);
	free(clean);
}

static int shown_width(const char *s, bool ascii)
{
	char *clean = ascii ? text_ascii(s) : text_sanitize(s, false);
	int w = clean ? text_width(clean) : 0;

	free(clean);
	return w;
}

/* The checks a row's figure raised, in words. */
static void print_flags(FILE *out, unsigned f, bool ascii)
{
	char times[32], text[256];
	bool low = f & KH_CHECK_LOWER, high = f & KH_CHECK_HIGH;

	if (!low && !high)
		return;
	lang_number(KH_CHECK_HIGH_FACTOR, times, sizeof times);
	if (low && high)
		snprintf(text, sizeof text,
			 _("(flags: lower than before, over %s times the "
			   "plan's maximum)"),
			 times);
	else if (high)
		snprintf(text, sizeof text,
			 _("(flag: over %s times the plan's maximum)"), times);
	else
		snprintf(text, sizeof text, "%s",
			 _("(flag: lower than before)"));
	fputc(' ', out);
	out_text(out, text, false, ascii);
}

void import_print_diff(const kh_import *imp, FILE *out, bool ascii)
{
	static const char *const change_words[] = {
		[KH_CHANGE_NEW] = N_("new"),
		[KH_CHANGE_UPDATE] = N_("update"),
		[KH_CHANGE_SAME] = N_("unchanged"),
	};
	int loc_w = 0, id_w = 0;
	char loc[600];

	for (size_t i = 0; i < imp->n_rows; i++) {
		const kh_import_row *r = &imp->rows[i];
		int w;

		snprintf(loc, sizeof loc, "%s:%d", imp->file, r->line);
		w = shown_width(loc, ascii);
		loc_w = w > loc_w ? w : loc_w;
		w = shown_width(r->target->id, ascii);
		id_w = w > id_w ? w : id_w;
	}
	for (size_t i = 0; i < imp->n_rows; i++) {
		const kh_import_row *r = &imp->rows[i];
		unsigned f = r->entry.flags;

		snprintf(loc, sizeof loc, "%s:%d", imp->file, r->line);
		put_padded(out, loc, loc_w + 2, ascii);
		put_padded(out, r->target->id, id_w + 2, ascii);
		if (r->change != KH_CHANGE_SAME) {
			out_text(out, r->old_text, false, ascii);
			fputs(ascii ? " -> " : " → ", out);
		}
		out_text(out, r->new_text, false, ascii);
		fputs("  [", out);
		out_text(out, _(change_words[r->change]), false, ascii);
		fputc(']', out);
		print_flags(out, f, ascii);
		fputc('\n', out);
	}
	char sum[256];
	snprintf(sum, sizeof sum,
		 ngettext("%zu new, %zu changed, %zu unchanged, %zu blank row.",
			  "%zu new, %zu changed, %zu unchanged, %zu blank "
			  "rows.",
			  imp->n_blank),
		 imp->n_new, imp->n_update, imp->n_same, imp->n_blank);
	out_text(out, sum, false, ascii);
	fputc('\n', out);
}

void import_free(kh_import *imp)
{
	if (!imp)
		return;
	for (size_t i = 0; i < imp->n_rows; i++)
		entry_clear(&imp->rows[i].entry);
	free(imp->rows);
	free(imp->file);
	free(imp);
}

/* ---- the template ------------------------------------------------------- */

static void put_fields(FILE *out, const char *const *fields, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		if (i)
			fputc(';', out);
		out_csv_field(out, fields[i], ';');
	}
	fputs("\r\n", out);
}

kh_rc import_write_template(FILE *out, const kh_plan *plan,
			    const kh_unit *unit, const kh_period *period,
			    kh_error *err)
{
	static const char *const header[] = {
		"target_id", "value", "as_of", "unit", "assessment", "note",
		"section", "task", "target", "plan", "measure", "lead",
	};
	char as_of[KH_DATE_ISO_LEN] = "";
	kh_rc rc = KH_OK;

	kh_error_clear(err);
	if (period)
		kh_date_dmy(period->cutoff, as_of);
	fputs("\xef\xbb\xbf", out);
	put_fields(out, header, sizeof header / sizeof header[0]);
	for (size_t i = 0; i < plan->n_targets; i++) {
		const kh_target *t = plan->targets[i];
		const kh_task *task = t->task;
		char range[80], *section_text, *task_text;
		const char *plan_text = range;

		if (unit && (!t->lead || strcmp(t->lead->id, unit->id) != 0))
			continue;
		if (t->kind == KH_KIND_QUANTITY)
			kh_describe_range(t, range, sizeof range);
		else if (t->kind == KH_KIND_MILESTONE)
			plan_text = "done/not-done";
		else
			plan_text = "completed/in-progress/not-started";
		section_text = malloc(strlen(task->section->id) +
				      strlen(task->section->title) + 2);
		task_text = malloc(strlen(task->id) + strlen(task->title) + 2);
		if (!section_text || !task_text) {
			free(section_text);
			free(task_text);
			return kh_error_set(err, KH_ENOMEM,
					    _("out of memory writing the "
					      "template"));
		}
		sprintf(section_text, "%s %s", task->section->id,
			task->section->title);
		sprintf(task_text, "%s %s", task->id, task->title);

		const char *const fields[] = {
			t->id, "", as_of, t->lead ? t->lead->id : "", "", "",
			section_text, task_text, t->text, plan_text,
			t->kind == KH_KIND_QUANTITY ? t->measure : "",
			t->lead ? t->lead->name : "",
		};
		put_fields(out, fields, sizeof fields / sizeof fields[0]);
		free(section_text);
		free(task_text);
	}
	if (ferror(out))
		rc = kh_error_set(err, KH_EIO,
				  _("could not write the template; check the "
				    "disk and the file name"));
	return rc;
}
