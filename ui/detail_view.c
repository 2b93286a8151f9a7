/* The detail pane: everything about the row under the cursor — full text
 * wrapped, the legal basis, units, the figures against the plan and by how
 * much they fall short, and the entry history.  Scrolls when focused. */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "draw.h"
#include "kehoach/describe.h"
#include "kehoach/i18n.h"
#include "theme.h"
#include "tui_impl.h"

/* Lays text out line after line, drawing only what falls in the window
 * after `skip` lines; counts every line so the pane knows its height. */
typedef struct printer {
	WINDOW *w;
	int width, height, skip;
	int line;
} printer;

static void put(printer *p, int indent, attr_t a, const char *text)
{
	int cols = p->width - indent;
	if (cols < 1)
		return;
	int h = draw_wrapped_height(text, cols);
	if (h == 0)
		h = 1; /* an empty text is an empty line */
	int first = p->line, last = p->line + h; /* [first, last) */
	int win_first = p->skip, win_last = p->skip + p->height;
	if (last > win_first && first < win_last) {
		int skip_inside = first < win_first ? win_first - first : 0;
		int y = first + skip_inside - p->skip;
		draw_wrapped(p->w, y, indent, text, cols, win_last - first -
			     skip_inside, skip_inside, a);
	}
	p->line += h;
}

/* One line, cut with an ellipsis when too wide. */
static void put_line(printer *p, int indent, attr_t a, const char *text)
{
	int y = p->line - p->skip;
	if (y >= 0 && y < p->height)
		draw_text(p->w, y, indent, text, p->width - indent, a);
	p->line++;
}

static void putf(printer *p, int indent, attr_t a, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

static void putf(printer *p, int indent, attr_t a, const char *fmt, ...)
{
	char buf[1024];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(buf, sizeof buf, fmt, ap);
	va_end(ap);
	put(p, indent, a, buf);
}

static void units_line(printer *p, const kh_unit *lead,
		       const kh_unit *const *support, size_t n_support)
{
	char buf[1024];
	int len = snprintf(buf, sizeof buf, _("Lead: %s"), lead->name);
	if (n_support && len < (int)sizeof buf)
		len += snprintf(buf + len, sizeof buf - (size_t)len, " · %s",
				_("Support:"));
	for (size_t i = 0; i < n_support && len < (int)sizeof buf; i++)
		len += snprintf(buf + len, sizeof buf - (size_t)len, "%s%s",
				i ? ", " : " ", support[i]->short_name);
	put(p, 0, A_NORMAL, buf);
}

static void counts_line(printer *p, const kh_rollup *r)
{
	char buf[512];
	int len = snprintf(buf, sizeof buf,
			   ngettext("%zu target, %.0f%% done:",
				    "%zu targets, %.0f%% done:", r->n),
			   r->n, r->progress);
	for (int s = 0; s < KH_STATE_COUNT && len < (int)sizeof buf; s++)
		if (r->counts[s])
			len += snprintf(buf + len, sizeof buf - (size_t)len,
					" %s %zu %s", sched_state_mark((kh_state)s),
					r->counts[s],
					sched_state_label((kh_state)s));
	put(p, 0, r->worst < KH_STATE_COUNT ? theme_state(r->worst) : A_NORMAL,
	    buf);
}

static void history_lines(tui *t, printer *p)
{
	/* Read only what the pane shows: nothing when the history lies
	 * below it, the newest entries that fit when it starts inside it,
	 * all of it once the pane has the focus (scrolling needs its
	 * length). */
	int room = p->skip + p->height - p->line - 2;
	if (!t->focus_detail && room < 0)
		return;
	tui_history(t, t->focus_detail ? 0 : (size_t)room + 1);
	put(p, 0, theme_attr(UI_HEADING), "");
	put(p, 0, theme_attr(UI_HEADING),
	    t->n_history ? _("History, newest first:") : _("No entries yet."));
	for (size_t i = 0; i < t->n_history; i++) {
		const kh_entry *e = &t->history[i];
		char value[64], day[KH_DATE_ISO_LEN], when[20];
		kh_describe_value(e, value, sizeof value);
		/* "2026-11-25T20:41:22Z" -> "2026-11-25 20:41" */
		snprintf(when, sizeof when, "%.10s %.5s",
			 e->entered_at ? e->entered_at : "",
			 e->entered_at && strlen(e->entered_at) > 11
				 ? e->entered_at + 11 : "");
		if (e->retracted)
			putf(p, 1, theme_attr(UI_DIM),
			     _("#%lld %s as of %s · %s · %s %s UTC · RETRACTED "
			       "by %s"),
			     (long long)e->id, value, kh_date_dmy(e->as_of, day),
			     e->unit_id ? e->unit_id : "-",
			     e->entered_by ? e->entered_by : "", when,
			     e->retracted_by ? e->retracted_by : "");
		else
			putf(p, 1, A_NORMAL, _("#%lld %s as of %s · %s · %s %s UTC"),
			     (long long)e->id, value, kh_date_dmy(e->as_of, day),
			     e->unit_id ? e->unit_id : "-",
			     e->entered_by ? e->entered_by : "", when);
		if (e->note && e->note[0])
			put(p, 4, e->retracted ? theme_attr(UI_DIM) : A_NORMAL,
			    e->note);
	}
}

static void target_lines(tui *t, printer *p, const kh_target *tg)
{
	const kh_eval *e = &t->snap->evals[tg->index];
	char buf[256], due[KH_DATE_ISO_LEN], day[KH_DATE_ISO_LEN];
	putf(p, 0, theme_attr(UI_HEADING), "%s · %s", tg->id,
	     kh_describe_kind(tg->kind));
	put(p, 0, A_NORMAL, tg->text);
	/* What matters most first: the status and by how much. */
	kh_describe_gap(tg, e, t->as_of, true, buf, sizeof buf);
	char status[128];
	snprintf(status, sizeof status, _("Status: %s %s"),
		 sched_state_mark(e->state), sched_state_label(e->state));
	putf(p, 0, theme_state(e->state), "%s%s%s", status,
	     buf[0] ? " — " : "", buf);
	kh_date_dmy(tg->due, due);
	if (tg->kind == KH_KIND_QUANTITY) {
		char range[64], got[32], exp[32];
		if (e->reported)
			snprintf(got, sizeof got, "%s",
				 kh_describe_number(e->achieved, buf, sizeof buf));
		else
			snprintf(got, sizeof got, "–");
		kh_describe_number(e->expected, exp, sizeof exp);
		/* kh_describe_* write numbers with the language's decimal
		 * separator already. */
		kh_describe_range(tg, range, sizeof range);
		putf(p, 0, A_NORMAL, _("Achieved %s · expected %s by %s · plan "
				       "%s %s by %s"),
		     got, exp, kh_date_dmy(t->as_of, day), range, tg->measure,
		     due);
		if (e->reported)
			putf(p, 0, theme_attr(UI_DIM), _("Last figure as of %s"),
			     kh_date_dmy(e->entry_as_of, day));
		else
			put(p, 0, theme_attr(UI_DIM), _("Nothing reported yet"));
	} else if (tg->kind == KH_KIND_MILESTONE) {
		putf(p, 0, A_NORMAL, e->done ? _("Due %s · done")
					     : _("Due %s · not done yet"),
		     due);
	} else if (e->assessment) {
		putf(p, 0, A_NORMAL, _("Assessment: %s"),
		     kh_assessment_label(e->assessment));
	} else {
		put(p, 0, A_NORMAL, _("Assessment: none reported"));
	}
	units_line(p, tg->lead, tg->support, tg->n_support);
	snprintf(buf, sizeof buf, _("Task %s: %s"), tg->task->id,
		 tg->task->title);
	put_line(p, 0, theme_attr(UI_DIM), buf);
	history_lines(t, p);
}

static void draw_content(tui *t, printer *p)
{
	const outline_node *n = &t->tree.nodes[t->cursor];
	if (n->kind == NODE_TARGET) {
		target_lines(t, p, n->target);
	} else if (n->kind == NODE_TASK) {
		putf(p, 0, theme_attr(UI_HEADING), _("Task %s"), n->task->id);
		put(p, 0, A_NORMAL, n->task->text);
		units_line(p, n->task->lead, n->task->support,
			   n->task->n_support);
		counts_line(p, &t->snap->tasks[n->task->index]);
	} else {
		putf(p, 0, theme_attr(UI_HEADING), _("Section %s"),
		     n->section->id);
		put(p, 0, A_NORMAL, n->section->title);
		if (n->section->basis)
			putf(p, 0, theme_attr(UI_DIM), _("Basis: %s"),
			     n->section->basis);
		units_line(p, n->section->lead, n->section->support,
			   n->section->n_support);
		counts_line(p, &t->snap->sections[n->section->index]);
	}
}

void detail_view_draw(tui *t)
{
	pane *d = &t->detail;
	werase(d->win);
	/* A rule between tree and detail: on top when stacked, at the left
	 * when side by side. */
	bool side = d->x > 0;
	attr_t rule = t->focus_detail ? theme_attr(UI_HEADING)
				      : theme_attr(UI_BORDER);
	wattr_set(d->win, rule, PAIR_NUMBER(rule), NULL);
	if (side)
		mvwvline(d->win, 0, 0, ACS_VLINE, d->h);
	else
		mvwhline(d->win, 0, 0, ACS_HLINE, d->w);
	wattr_set(d->win, A_NORMAL, 0, NULL);
	if (!side)
		draw_text(d->win, 0, 2, t->focus_detail ? _(" Detail (Tab: tree) ")
							: _(" Detail (Tab) "),
			  d->w - 4, rule);
	if (t->tree.n_visible == 0 || t->cursor >= t->tree.n_nodes)
		return;
	int top = side ? 0 : 1;
	int left = side ? 2 : 1;
	WINDOW *sub = derwin(d->win, d->h - top, d->w - left - 1, top, left);
	if (!sub)
		return;
	printer p = {.w = sub, .width = d->w - left - 1, .height = d->h - top,
		     .skip = t->detail_scroll};
	draw_content(t, &p);
	t->detail_lines = p.line;
	delwin(sub);
}
