/* The edit form: one figure for one target, with the form library.
 *
 * The form is rebuilt from scratch on every layout (a resize can change
 * the fields' widths, which the form library cannot), so what the user
 * typed lives in edit_state between layouts: the text fields' contents,
 * the choice fields' positions and the current field.  The FORM only
 * holds it while posted; sync_fields() copies it back after every key.
 *
 * Keys: get_wch, printable characters go to form_driver_w; a combining
 * mark typed or pasted on its own is composed with the character before
 * it (the form library would pile it onto the wrong cell).
 *
 * Other clerks may save while the form is open: with req->latest the
 * form notes the target's newest entry when it opens and looks again on
 * Enter; if it changed, it says so with the newer figure and asks before
 * anything is written.  With req->save a write that fails (database busy)
 * leaves the form open with what the user typed. */
#include "edit.h"

#include <form.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>
#include <wchar.h>

#include "draw.h"
#include "kehoach/check.h"
#include "kehoach/describe.h"
#include "kehoach/i18n.h"
#include "kehoach/lang.h"
#include "kehoach/text.h"
#include "theme.h"

/* Smallest screen the form is drawn on. */
#define EDIT_MIN_H 12
#define EDIT_MIN_W 40
#define EDIT_MAX_W 78

/* Columns of the label column (at least; a language with longer labels
 * gets more, up to LABEL_MAX_W), and of the narrow fields. */
#define LABEL_W 12
#define LABEL_MAX_W 20
#define VALUE_W 20
#define DATE_W 14

/* How far the one-line text fields may grow, in characters. */
#define VALUE_MAX 64
#define DATE_MAX 32
#define NOTE_MAX 1000

#define KEY_ESC 27
#define KEY_CTRL_U 21

enum field_id { F_FIRST, F_DATE, F_UNIT, F_NOTE, F_COUNT };

typedef struct edit_state {
	const dlg_host *host;
	dlg_host nested;  /* for dialogs over the form: relays, then re-lays
			     the form out too */
	const edit_request *req;
	const kh_target *t;
	dlg d;
	WINDOW *sub;
	FIELD *fields[F_COUNT + 1];
	FORM *form;       /* posted whenever non-NULL; NULL: screen too small */

	/* The user's input, kept across layouts. */
	char *text[F_COUNT];  /* text fields (NULL for choice fields) */
	int choice[F_COUNT];  /* choice fields: index of the shown value */
	int n_choice[F_COUNT];
	int cur;              /* current field */
	bool pristine;        /* value never edited: typing replaces it */
	wint_t last;          /* last character typed before the cursor */
	char error[512];
	int error_row, error_lines; /* where the error shows (build) */

	/* What the "Now:" line shows and new figures are checked against:
	 * req->current, or once another clerk's change has been seen, the
	 * entry req->latest returned (valid until its next call). */
	const kh_entry *now;
	bool now_is_latest;
	int64_t seen_id;      /* id of the newest entry the user has seen, 0:
				 none */
} edit_state;

static const kh_assessment assessments[] = {
	KH_ASSESS_NOT_STARTED, KH_ASSESS_IN_PROGRESS, KH_ASSESS_COMPLETED,
};

static bool is_choice(const edit_state *st, int f)
{
	return (f == F_FIRST && st->t->kind != KH_KIND_QUANTITY) ||
	       f == F_UNIT;
}

static const char *field_label(const edit_state *st, int f)
{
	switch (f) {
	case F_FIRST:
		return st->t->kind == KH_KIND_QUANTITY	 ? _("Value")
		       : st->t->kind == KH_KIND_MILESTONE ? _("Done")
							  : _("Assessment");
	case F_DATE:
		return _("As of");
	case F_UNIT:
		return _("Unit");
	default:
		return _("Note");
	}
}

/* The text of choice i of field f (untrusted: from the plan). */
static const char *choice_text(const edit_state *st, int f, int i)
{
	if (f == F_UNIT) {
		if (st->req->plan->n_units == 0)
			return "-";
		return st->req->plan->units[i].short_name;
	}
	if (st->t->kind == KH_KIND_MILESTONE)
		return i ? _("done") : _("not done");
	return kh_assessment_label(assessments[i]);
}

/* base + mark as one precomposed character, or 0 if there is none. */
static wint_t compose(wint_t base, wint_t mark)
{
	utf8proc_uint8_t s[9];
	utf8proc_ssize_t a = utf8proc_encode_char((utf8proc_int32_t)base, s);
	if (a <= 0)
		return 0;
	utf8proc_ssize_t b =
		utf8proc_encode_char((utf8proc_int32_t)mark, s + a);
	if (b <= 0)
		return 0;
	char *nfc = text_nfc((const char *)s, (size_t)(a + b));
	if (!nfc)
		return 0;
	utf8proc_int32_t cp = 0;
	size_t n = strlen(nfc);
	utf8proc_ssize_t k =
		utf8proc_iterate((const utf8proc_uint8_t *)nfc,
				 (utf8proc_ssize_t)n, &cp);
	free(nfc);
	return k > 0 && (size_t)k == n ? (wint_t)cp : 0;
}

/* A copy of a field's buffer without the padding (NULL: no memory). */
static char *field_text(FIELD *f)
{
	const char *b = field_buffer(f, 0);
	if (!b)
		return strdup("");
	size_t n = strlen(b);
	while (n > 0 && b[n - 1] == ' ')
		n--;
	return strndup(b, n);
}

/* Copy the form's text fields and current field into st. */
static void sync_fields(edit_state *st)
{
	if (!st->form)
		return;
	form_driver_w(st->form, KEY_CODE_YES, REQ_VALIDATION);
	for (int f = 0; f < F_COUNT; f++) {
		if (is_choice(st, f))
			continue;
		char *s = field_text(st->fields[f]);
		if (s) {
			free(st->text[f]);
			st->text[f] = s;
		}
	}
	st->cur = field_index(current_field(st->form));
}

static void free_form_parts(edit_state *st)
{
	if (st->form) {
		unpost_form(st->form);
		free_form(st->form);
		st->form = NULL;
	}
	for (int f = 0; f < F_COUNT; f++) {
		if (st->fields[f])
			free_field(st->fields[f]);
		st->fields[f] = NULL;
	}
	if (st->sub) {
		delwin(st->sub);
		st->sub = NULL;
	}
}

static void set_choice_buffer(edit_state *st, int f)
{
	char *s = draw_displayable(choice_text(st, f, st->choice[f]));
	set_field_buffer(st->fields[f], 0, s ? s : "?");
	free(s);
}

/* Set a text field's buffer; a long one needs the field's limit lifted
 * while it is set (the form library grows by bytes, not characters). */
static void set_text_buffer(edit_state *st, int f, int max)
{
	FIELD *fld = st->fields[f];
	set_max_field(fld, 0);
	set_field_buffer(fld, 0, st->text[f] ? st->text[f] : "");
	set_max_field(fld, max);
}

/* Field highlight: the current one stands out. */
static void paint_fields(edit_state *st)
{
	FIELD *cur = current_field(st->form);
	for (int f = 0; f < F_COUNT; f++) {
		attr_t a = theme_attr(st->fields[f] == cur ? UI_FIELD_ACTIVE
							   : UI_FIELD);
		set_field_fore(st->fields[f], a);
		set_field_back(st->fields[f], a);
	}
}

static int choice_width(const edit_state *st, int f)
{
	int w = 8;
	for (int i = 0; i < st->n_choice[f]; i++) {
		char *s = draw_displayable(choice_text(st, f, i));
		int cw = s ? text_width(s) + 1 : 0;
		if (cw > w)
			w = cw;
		free(s);
	}
	return w;
}

static void make_fields(edit_state *st, int fw)
{
	for (int f = 0; f < F_COUNT; f++) {
		int w = fw;
		if (is_choice(st, f))
			w = choice_width(st, f);
		else if (f == F_FIRST)
			w = VALUE_W;
		else if (f == F_DATE)
			w = DATE_W;
		if (w > fw)
			w = fw;
		st->fields[f] = new_field(1, w, f, 0, 0, 0);
		if (!st->fields[f])
			return;
		FIELD *fld = st->fields[f];
		field_opts_off(fld, O_AUTOSKIP | O_BLANK);
		if (is_choice(st, f)) {
			field_opts_off(fld, O_EDIT);
			set_choice_buffer(st, f);
			continue;
		}
		field_opts_off(fld, O_STATIC);
		set_text_buffer(st, f,
				f == F_NOTE   ? NOTE_MAX
				: f == F_DATE ? DATE_MAX
					      : VALUE_MAX);
	}
}

/* --- drawing ---------------------------------------------------------- */

static char *quantity_range(const kh_target *t, char *buf, size_t size)
{
	char lo[32], hi[32];
	lang_number(t->min, lo, sizeof lo);
	lang_number(t->max, hi, sizeof hi);
	const char *dash = draw_ascii() ? "-" : "\u2013";
	if (t->min == t->max)
		snprintf(buf, size, "%s", lo);
	else
		snprintf(buf, size, "%s%s%s", lo, dash, hi);
	if (t->measure && *t->measure) {
		size_t n = strlen(buf);
		snprintf(buf + n, size - n, " %s", t->measure);
	}
	return buf;
}

static void plan_line(const edit_state *st, char *buf, size_t size)
{
	const kh_target *t = st->t;
	char due[KH_DATE_ISO_LEN], from[KH_DATE_ISO_LEN], range[256];
	kh_date_dmy(t->due, due);
	kh_date_dmy(t->start, from);
	switch (t->kind) {
	case KH_KIND_QUANTITY:
		snprintf(buf, size, _("Plan: %s by %s"),
			 quantity_range(t, range, sizeof range), due);
		break;
	case KH_KIND_MILESTONE:
		snprintf(buf, size, _("Plan: done by %s"), due);
		break;
	default:
		snprintf(buf, size, _("Plan: ongoing duty, %s%s%s"), from,
			 draw_ascii() ? "-" : "\u2013", due);
		break;
	}
}

/* An entry's figure in words, with the unit of measure: "15 tấn". */
static char *figure_text(const edit_state *st, const kh_entry *e, char *buf,
			 size_t size)
{
	char v[64];
	kh_describe_value(e, v, sizeof v);
	bool measure = e->kind == KH_KIND_QUANTITY && st->t->measure &&
		       *st->t->measure;
	snprintf(buf, size, "%s%s%s", v, measure ? " " : "",
		 measure ? st->t->measure : "");
	return buf;
}

static void now_line(const edit_state *st, char *buf, size_t size)
{
	const kh_entry *e = st->now;
	if (!e || e->kind != st->t->kind) {
		snprintf(buf, size, "%s", _("Now: no figure yet"));
		return;
	}
	char figure[320], day[KH_DATE_ISO_LEN];
	const kh_unit *u =
		e->unit_id ? plan_find_unit(st->req->plan, e->unit_id) : NULL;
	figure_text(st, e, figure, sizeof figure);
	kh_date_dmy(e->as_of, day);
	if (u)
		snprintf(buf, size, _("Now: %s (as of %s, %s)"), figure, day,
			 u->short_name);
	else
		snprintf(buf, size, _("Now: %s (as of %s)"), figure, day);
}

/* The form's key hints in cols columns: save and discard always, then
 * as many of the others as fit whole, in this order. */
static void hint_for(int cols, char *buf, size_t size)
{
	const char *items[] = {
		_("Enter save"),
		_("Esc discard"),
		_("Tab next field"),
		draw_ascii() ? _("Space/Left/Right choose")
			     : _("Space/\u2190\u2192 choose"),
	};
	const char *sep = draw_ascii() ? " | " : " \u00b7 ";
	size_t len = 0;
	int used = 0;
	buf[0] = '\0';
	for (size_t i = 0; i < sizeof items / sizeof items[0]; i++) {
		int w = draw_width(items[i]) + (i ? draw_width(sep) : 0);
		if (i >= 2 && used + w > cols)
			continue;
		len += (size_t)snprintf(buf + len, size - len, "%s%s",
					i ? sep : "", items[i]);
		if (len >= size)
			break;
		used += w;
	}
}

/* Rows of the layout, counted from the dialog's top border. */
typedef struct layout {
	int h, w;
	int text_lines;  /* lines of the target's text */
	int label_w;     /* columns of the label column */
	int fields_row;
	int error_row;
	int error_lines; /* a reason may take two lines when there is room */
} layout;

/* The label column fits the widest label of the language in use. */
static int label_width(const edit_state *st)
{
	int w = LABEL_W;
	for (int f = 0; f < F_COUNT; f++) {
		int lw = draw_width(field_label(st, f)) + 2;
		if (lw > w)
			w = lw;
	}
	return w < LABEL_MAX_W ? w : LABEL_MAX_W;
}

static bool compute_layout(const edit_state *st, layout *lo)
{
	if (LINES < EDIT_MIN_H || COLS < EDIT_MIN_W)
		return false;
	lo->w = COLS < EDIT_MAX_W ? COLS : EDIT_MAX_W;
	int wrapped = draw_wrapped_height(st->t->text, lo->w - 4);
	int extra = LINES - EDIT_MIN_H;
	int gap1 = 0, gap2 = 0;
	lo->text_lines = 1;
	if (extra > 0) {
		gap1 = 1;
		extra--;
	}
	while (extra > 0 && lo->text_lines < 3 && lo->text_lines < wrapped) {
		lo->text_lines++;
		extra--;
	}
	if (extra > 0) {
		gap2 = 1;
		extra--;
	}
	lo->error_lines = extra > 0 ? 2 : 1;
	lo->label_w = label_width(st);
	lo->fields_row = 2 + lo->text_lines + 2 + gap1;
	lo->error_row = lo->fields_row + F_COUNT + gap2;
	lo->h = lo->error_row + lo->error_lines + 2;
	return true;
}

static void draw_static(edit_state *st, const layout *lo)
{
	WINDOW *w = st->d.win;
	int inner = lo->w - 4;
	char line[1024];
	draw_text(w, 1, 2, st->t->id, inner, theme_attr(UI_HEADING));
	draw_wrapped(w, 2, 2, st->t->text, inner, lo->text_lines, 0,
		     theme_attr(UI_NORMAL));
	int r = 2 + lo->text_lines;
	plan_line(st, line, sizeof line);
	draw_text(w, r, 2, line, inner, theme_attr(UI_DIM));
	now_line(st, line, sizeof line);
	draw_text(w, r + 1, 2, line, inner, theme_attr(UI_DIM));
	for (int f = 0; f < F_COUNT; f++)
		draw_text(w, lo->fields_row + f, 2, field_label(st, f),
			  lo->label_w - 1, theme_attr(UI_NORMAL));
	char hint[256];
	hint_for(inner, hint, sizeof hint);
	draw_text(w, lo->error_row + lo->error_lines, 2, hint, inner,
		  theme_attr(UI_DIM));
}

/* The reason a value is refused: wrapped on the error lines; when it
 * still does not fit, cut with an ellipsis on the last one. */
static void draw_error(edit_state *st)
{
	if (!st->form)
		return;
	WINDOW *w = st->d.win;
	int inner = getmaxx(w) - 4;
	attr_t a = theme_attr(UI_ERROR);
	for (int i = 0; i < st->error_lines; i++)
		draw_text_pad(w, st->error_row + i, 2, "", inner, a);
	draw_wrapped_cut(w, st->error_row, 2, st->error, inner,
			 st->error_lines, a);
}

/* The screen is smaller than the form: say so and wait. */
static void show_small(edit_state *st)
{
	const char *forms[] = {
		_("Enlarge the terminal to edit (%dx%d)"),
		_("Enlarge the terminal (%dx%d)"),
		_("Enlarge to %dx%d"),
	};
	char msg[160];
	for (size_t i = 0; i < sizeof forms / sizeof forms[0]; i++) {
		snprintf(msg, sizeof msg, forms[i], EDIT_MIN_W, EDIT_MIN_H);
		if (draw_width(msg) + 4 <= COLS)
			break;
	}
	if (dlg_place(&st->d, 3, draw_width(msg) + 4, _("Edit")))
		draw_text(st->d.win, 1, 2, msg, st->d.w - 4,
			  theme_attr(UI_ERROR));
}

/* Lay the dialog out for the current screen size and post the form.
 * The form is not read back first: by the time KEY_RESIZE arrives,
 * ncurses has already cut the windows to the new size, and text in the
 * cut part is gone.  The key loop keeps st current instead. */
static void build(edit_state *st)
{
	free_form_parts(st);
	layout lo;
	if (!compute_layout(st, &lo) ||
	    !dlg_place(&st->d, lo.h, lo.w, _("Record a figure"))) {
		show_small(st);
		return;
	}
	st->error_row = lo.error_row;
	st->error_lines = lo.error_lines;
	int fw = lo.w - 2 - lo.label_w - 2;
	st->sub = derwin(st->d.win, F_COUNT, fw, lo.fields_row,
			 2 + lo.label_w);
	if (!st->sub) {
		show_small(st);
		return;
	}
	make_fields(st, fw);
	for (int f = 0; f < F_COUNT; f++)
		if (!st->fields[f]) {
			free_form_parts(st);
			show_small(st);
			return;
		}
	st->form = new_form(st->fields);
	if (!st->form) {
		free_form_parts(st);
		show_small(st);
		return;
	}
	form_opts_off(st->form, O_BS_OVERLOAD | O_NL_OVERLOAD);
	set_form_win(st->form, st->d.win);
	set_form_sub(st->form, st->sub);
	if (post_form(st->form) != E_OK) {
		free_form(st->form);
		st->form = NULL;
		free_form_parts(st);
		show_small(st);
		return;
	}
	draw_static(st, &lo);
	set_current_field(st->form, st->fields[st->cur]);
	if (!is_choice(st, st->cur))
		form_driver_w(st->form, KEY_CODE_YES, REQ_END_LINE);
	st->last = 0;
	paint_fields(st);
	draw_error(st);
}

static void show(edit_state *st)
{
	if (st->form) {
		paint_fields(st);
		draw_error(st);
		pos_form_cursor(st->form);
		touchwin(st->d.win);
	}
	update_panels();
	doupdate();
}

/* --- input ------------------------------------------------------------ */

static void goto_field(edit_state *st, int req)
{
	form_driver_w(st->form, KEY_CODE_YES, req);
	st->cur = field_index(current_field(st->form));
	st->last = 0;
	if (!is_choice(st, st->cur))
		form_driver_w(st->form, KEY_CODE_YES, REQ_END_LINE);
}

static void cycle(edit_state *st, int step)
{
	int f = st->cur;
	int n = st->n_choice[f];
	if (n <= 1)
		return;
	st->choice[f] = (st->choice[f] + step + n) % n;
	set_choice_buffer(st, f);
}

/* A request that edits or moves inside a text field. */
static void text_request(edit_state *st, int req)
{
	if (is_choice(st, st->cur))
		return;
	if (st->cur == F_FIRST)
		st->pristine = false;
	form_driver_w(st->form, KEY_CODE_YES, req);
	st->last = 0;
}

static void type_char(edit_state *st, wint_t wc)
{
	if (is_choice(st, st->cur)) {
		if (wc == ' ')
			cycle(st, 1);
		return;
	}
	if (st->cur == F_FIRST && st->pristine) {
		form_driver_w(st->form, KEY_CODE_YES, REQ_CLR_FIELD);
		st->pristine = false;
		st->last = 0;
	}
	if (dlg_is_mark((utf8proc_int32_t)wc)) {
		wint_t c = st->last ? compose(st->last, wc) : 0;
		if (!c) {
			snprintf(st->error, sizeof st->error, "%s",
				 _("That accent cannot be joined to the "
				   "character before it"));
			beep();
			return;
		}
		form_driver_w(st->form, KEY_CODE_YES, REQ_DEL_PREV);
		wc = c;
	}
	if (form_driver_w(st->form, OK, (wchar_t)wc) == E_OK) {
		st->last = wc;
	} else {
		st->last = 0;
		if (st->cur == F_NOTE)
			snprintf(st->error, sizeof st->error,
				 _("The note is limited to %d characters"),
				 NOTE_MAX);
		beep();
	}
}

/* --- saving ----------------------------------------------------------- */

static char *trimmed(const char *s)
{
	if (!s)
		return strdup("");
	while (*s == ' ')
		s++;
	size_t n = strlen(s);
	while (n > 0 && s[n - 1] == ' ')
		n--;
	return strndup(s, n);
}

/* Is s shaped like a date (digits in dd/mm/yyyy or yyyy-mm-dd)? */
static bool date_shaped(const char *s)
{
	int a, b, c;
	char tail;
	return sscanf(s, "%d/%d/%d %c", &a, &b, &c, &tail) == 3 ||
	       sscanf(s, "%d-%d-%d %c", &a, &b, &c, &tail) == 3;
}

static bool check_date(edit_state *st, kh_date *out)
{
	char *s = trimmed(st->text[F_DATE]);
	if (!s) {
		snprintf(st->error, sizeof st->error, "%s", _("Out of memory"));
		return false;
	}
	bool ok = kh_date_parse(s, out);
	if (!ok && date_shaped(s))
		snprintf(st->error, sizeof st->error,
			 _("As of: %s is not a date that exists"), s);
	else if (!ok)
		snprintf(st->error, sizeof st->error, "%s",
			 _("As of: type a date as dd/mm/yyyy (or "
			   "yyyy-mm-dd)"));
	free(s);
	if (!ok)
		return false;
	const kh_plan *plan = st->req->plan;
	if (*out < plan->start || *out > plan->end) {
		char a[KH_DATE_ISO_LEN], b[KH_DATE_ISO_LEN];
		snprintf(st->error, sizeof st->error,
			 _("As of: outside the plan (%s\u2013%s)"),
			 kh_date_dmy(plan->start, a),
			 kh_date_dmy(plan->end, b));
		return false;
	}
	return true;
}

/* Read the form into e; false (with st->error and the field to fix
 * made current) when a field is refused. */
static bool read_entry(edit_state *st, kh_entry *e)
{
	char why[256];
	const kh_target *t = st->t;
	memset(e, 0, sizeof *e);
	e->kind = t->kind;
	if (t->kind == KH_KIND_QUANTITY) {
		if (!kh_parse_quantity(st->text[F_FIRST], t->whole, &e->value,
				       why, sizeof why)) {
			snprintf(st->error, sizeof st->error, _("Value: %s"),
				 why);
			st->cur = F_FIRST;
			return false;
		}
	} else if (t->kind == KH_KIND_MILESTONE) {
		e->done = st->choice[F_FIRST] == 1;
	} else {
		e->assessment = assessments[st->choice[F_FIRST]];
	}
	if (!check_date(st, &e->as_of)) {
		st->cur = F_DATE;
		return false;
	}
	return true;
}

/* Copy what the caller keeps into out; false when out of memory. */
static bool fill_entry(edit_state *st, const kh_entry *e, kh_entry *out)
{
	const kh_plan *plan = st->req->plan;
	const kh_period *p = plan_period_for_date(plan, e->as_of);
	char *note = trimmed(st->text[F_NOTE]);
	*out = *e;
	out->target_id = strdup(st->t->id);
	out->period = p ? strdup(p->id) : NULL;
	out->unit_id = plan->n_units
			       ? strdup(plan->units[st->choice[F_UNIT]].id)
			       : NULL;
	out->note = note ? text_nfc(note, strlen(note)) : NULL;
	free(note);
	if (!out->target_id || (p && !out->period) ||
	    (plan->n_units && !out->unit_id) || !out->note) {
		entry_clear(out);
		return false;
	}
	return true;
}

/* Ask about an implausible figure; true to save it (flagged, so the
 * report lists it). */
static bool confirm_unusual(edit_state *st, kh_entry *e)
{
	const kh_entry *prev = st->now;
	if (prev && (prev->kind != e->kind || prev->as_of > e->as_of ||
		     prev->retracted))
		prev = NULL;
	char why[512];
	why[0] = '\0';
	unsigned flags = kh_check_entry(st->t, prev, e, why, sizeof why);
	if (!flags)
		return true;
	char question[700];
	size_t n = strlen(why);
	if (n && why[n - 1] != '.' && n + 1 < sizeof why) {
		why[n] = '.';
		why[n + 1] = '\0';
	}
	snprintf(question, sizeof question, _("%s Save anyway?"), why);
	if (!dlg_confirm(&st->nested, _("Unusual figure"), question))
		return false;
	e->flags = flags;
	return true;
}

/* Has someone changed the target since the user last looked?  If so, say
 * what with the newer figure and ask; true to go on saving e.  The newer
 * figure then stays on the form either way, and counts as seen. */
static bool confirm_newer(edit_state *st, const kh_entry *e)
{
	if (!st->req->latest)
		return true;
	const kh_entry *fresh = NULL;
	char why[256];
	if (!st->req->latest(st->req->ctx, &fresh, why, sizeof why)) {
		/* Unchecked is unsafe: refuse rather than risk overwriting. */
		if (st->now_is_latest)
			st->now = NULL;
		snprintf(st->error, sizeof st->error,
			 _("Not saved: could not look for newer figures (%s)"),
			 why);
		return false;
	}
	if (st->now_is_latest)
		st->now = fresh; /* the old pointer died with this call */
	int64_t id = fresh ? fresh->id : 0;
	if (id == st->seen_id)
		return true;

	char theirs[320], mine[320], day[KH_DATE_ISO_LEN], question[1024];
	figure_text(st, e, mine, sizeof mine);
	if (fresh && id > st->seen_id)
		snprintf(question, sizeof question,
			 _("Since you opened this form, %s (as of %s) was saved "
			   "by %s. Save yours (%s) anyway?"),
			 figure_text(st, fresh, theirs, sizeof theirs),
			 kh_date_dmy(fresh->as_of, day),
			 fresh->entered_by && *fresh->entered_by
				 ? fresh->entered_by
				 : _("someone"),
			 mine);
	else if (fresh)
		snprintf(question, sizeof question,
			 _("Since you opened this form, the latest figure was "
			   "retracted; the latest is now %s (as of %s). Save "
			   "yours (%s) anyway?"),
			 figure_text(st, fresh, theirs, sizeof theirs),
			 kh_date_dmy(fresh->as_of, day), mine);
	else
		snprintf(question, sizeof question,
			 _("Since you opened this form, the latest figure was "
			   "retracted; there is no figure now. Save yours (%s) "
			   "anyway?"),
			 mine);
	st->now = fresh;
	st->now_is_latest = true;
	st->seen_id = id;
	bool yes = dlg_confirm(&st->nested, _("Changed meanwhile"), question);
	build(st); /* the "Now:" line shows the newer figure */
	if (!yes)
		snprintf(st->error, sizeof st->error, "%s",
			 _("Not saved. Now shows the newer figure; Enter "
			   "saves yours"));
	return yes;
}

/* Hand the entry to req->save; on failure say why, keeping the form. */
static bool write_entry(edit_state *st, kh_entry *out)
{
	if (!st->req->save)
		return true;
	/* The store may wait a few seconds for another writer. */
	snprintf(st->error, sizeof st->error,
		 _("Saving%s (waiting if another kehoach is writing)"),
		 draw_ascii() ? "..." : "\u2026");
	show(st);
	char why[512];
	why[0] = '\0';
	if (st->req->save(st->req->ctx, out, why, sizeof why)) {
		st->error[0] = '\0';
		return true;
	}
	entry_clear(out);
	/* The error line is one screen line: a long reason is cut. */
	snprintf(st->error, sizeof st->error, _("Not saved: %.480s"),
		 why[0] ? why : _("Enter tries again"));
	show(st);
	char text[900];
	snprintf(text, sizeof text,
		 _("%s\n\nWhat you typed is still in the form: Enter tries "
		   "again, Esc discards it."),
		 why[0] ? why : _("The figure could not be written."));
	dlg_message(&st->nested, _("Not saved"), text);
	return false;
}

/* Enter: true when the entry is saved into out. */
static bool try_save(edit_state *st, kh_entry *out)
{
	sync_fields(st);
	st->error[0] = '\0';
	kh_entry e;
	if (!read_entry(st, &e)) {
		set_current_field(st->form, st->fields[st->cur]);
		if (!is_choice(st, st->cur))
			form_driver_w(st->form, KEY_CODE_YES, REQ_END_LINE);
		st->last = 0;
		return false;
	}
	if (!confirm_newer(st, &e) || !confirm_unusual(st, &e)) {
		st->cur = F_FIRST;
		if (st->form) {
			set_current_field(st->form, st->fields[st->cur]);
			form_driver_w(st->form, KEY_CODE_YES, REQ_END_LINE);
		}
		return false;
	}
	if (!fill_entry(st, &e, out)) {
		snprintf(st->error, sizeof st->error, "%s", _("Out of memory"));
		return false;
	}
	return write_entry(st, out);
}

/* --- setup and the key loop ----------------------------------------- */

/* A resize under a dialog over the form: the screen below, then the
 * form; the dialog on top re-places itself afterwards. */
static void nested_relayout(void *ctx)
{
	edit_state *st = ctx;
	if (st->host && st->host->relayout)
		st->host->relayout(st->host->ctx);
	build(st);
}

static void nested_idle(void *ctx)
{
	edit_state *st = ctx;
	if (st->host && st->host->idle)
		st->host->idle(st->host->ctx);
}

static bool init_state(edit_state *st, const dlg_host *host,
		       const edit_request *req)
{
	const kh_target *t = req->target;
	const kh_entry *e = req->current;
	if (e && e->kind != t->kind)
		e = NULL;
	st->host = host;
	st->nested = (dlg_host){nested_relayout, nested_idle, st,
				host->interrupted};
	st->req = req;
	st->t = t;
	st->cur = F_FIRST;
	st->pristine = true;
	st->now = e;
	/* Without a look at the database, the entry shown is what was seen
	 * (it may be older than the newest entered when dated later). */
	st->seen_id = e ? e->id : 0;
	const kh_entry *newest = NULL;
	char why[256];
	if (req->latest && req->latest(req->ctx, &newest, why, sizeof why))
		st->seen_id = newest ? newest->id : 0;

	char buf[64];
	if (t->kind == KH_KIND_QUANTITY) {
		st->text[F_FIRST] =
			strdup(e ? lang_number(e->value, buf, sizeof buf)
				 : "");
	} else if (t->kind == KH_KIND_MILESTONE) {
		st->n_choice[F_FIRST] = 2;
		st->choice[F_FIRST] = e && e->done ? 1 : 0;
	} else {
		kh_assessment want = e && e->assessment != KH_ASSESS_NONE
					     ? e->assessment
					     : KH_ASSESS_IN_PROGRESS;
		st->n_choice[F_FIRST] = 3;
		for (int i = 0; i < 3; i++)
			if (assessments[i] == want)
				st->choice[F_FIRST] = i;
	}
	kh_date as_of = req->as_of;
	if (as_of == KH_DATE_NONE)
		as_of = req->plan->start;
	st->text[F_DATE] = strdup(kh_date_dmy(as_of, buf));
	st->text[F_NOTE] = strdup("");

	const kh_plan *plan = req->plan;
	st->n_choice[F_UNIT] = plan->n_units ? (int)plan->n_units : 1;
	for (size_t i = 0; i < plan->n_units; i++)
		if (t->lead == &plan->units[i])
			st->choice[F_UNIT] = (int)i;
	return (t->kind != KH_KIND_QUANTITY || st->text[F_FIRST]) &&
	       st->text[F_DATE] && st->text[F_NOTE];
}

static void free_state(edit_state *st)
{
	free_form_parts(st);
	dlg_close(&st->d);
	for (int f = 0; f < F_COUNT; f++)
		free(st->text[f]);
}

bool edit_run(const dlg_host *host, const edit_request *req, kh_entry *out)
{
	if (!req || !req->plan || !req->target || !out)
		return false;
	edit_state st = {0};
	if (!init_state(&st, host, req)) {
		free_state(&st);
		dlg_message(host, _("Edit"), _("Out of memory"));
		return false;
	}
	int cursor = curs_set(1);
	bool saved = false;
	build(&st);
	for (;;) {
		show(&st);
		wint_t k;
		int rc = dlg_get_key(host, &k);
		if (rc == KEY_CODE_YES && k == KEY_RESIZE) {
			build(&st);
			continue;
		}
		if (rc == OK && k == KEY_ESC)
			break;
		if (!st.form) /* too small: only Esc and resizes count */
			continue;
		if (rc == KEY_CODE_YES) {
			switch (k) {
			case KEY_ENTER:
				saved = try_save(&st, out);
				break;
			case KEY_DOWN:
				goto_field(&st, REQ_NEXT_FIELD);
				break;
			case KEY_UP:
			case KEY_BTAB:
				goto_field(&st, REQ_PREV_FIELD);
				break;
			case KEY_LEFT:
				if (is_choice(&st, st.cur))
					cycle(&st, -1);
				else
					text_request(&st, REQ_PREV_CHAR);
				break;
			case KEY_RIGHT:
				if (is_choice(&st, st.cur))
					cycle(&st, 1);
				else
					text_request(&st, REQ_NEXT_CHAR);
				break;
			case KEY_HOME:
				text_request(&st, REQ_BEG_LINE);
				break;
			case KEY_END:
				text_request(&st, REQ_END_LINE);
				break;
			case KEY_BACKSPACE:
				text_request(&st, REQ_DEL_PREV);
				break;
			case KEY_DC:
				text_request(&st, REQ_DEL_CHAR);
				break;
			default:
				break;
			}
		} else if (k == '\n' || k == '\r') {
			saved = try_save(&st, out);
		} else if (k == '\t') {
			goto_field(&st, REQ_NEXT_FIELD);
		} else if (k == 127 || k == 8) {
			text_request(&st, REQ_DEL_PREV);
		} else if (k == KEY_CTRL_U) {
			text_request(&st, REQ_CLR_FIELD);
		} else if (dlg_typable(k)) {
			type_char(&st, k);
		}
		if (saved)
			break;
		sync_fields(&st);
	}
	free_state(&st);
	if (cursor != ERR)
		curs_set(cursor);
	return saved;
}
