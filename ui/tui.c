/* The main screen: header, tree pane, detail pane, footer, each a panel;
 * dialogs are panels on top.  One loop reads a key, maps it through the
 * key table to an action, acts, then updates the screen once.
 *
 * Nothing is redrawn without a reason: a key, a resize, or another
 * process's commit noticed by polling PRAGMA data_version once a second
 * while idle (ncurses then sends only the cells that changed). */
#include "tui.h"

#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "draw.h"
#include "edit.h"
#include "keys.h"
#include "kehoach/describe.h"
#include "kehoach/i18n.h"
#include "kehoach/lang.h"
#include "kehoach/text.h"
#include "theme.h"
#include "tui_impl.h"

static volatile sig_atomic_t got_signal;

static void on_signal(int sig)
{
	got_signal = sig;
}

/* ---- data ---------------------------------------------------------- */

void tui_message(tui *t, bool error, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(t->message, sizeof t->message, fmt, ap);
	va_end(ap);
	t->message_is_error = error;
}

const kh_period *tui_period(const tui *t)
{
	const kh_plan *plan = t->args->plan;
	if (t->period >= 0)
		return &plan->periods[t->period];
	return plan_period_reporting(plan, t->as_of);
}

kh_date tui_today(const tui *t)
{
	return t->args->as_of_given ? t->args->as_of : kh_date_today();
}

/* Forget the history: the cursor moved or the data changed. */
static void drop_history(tui *t)
{
	entries_free(t->history, t->n_history);
	t->history = NULL;
	t->n_history = 0;
	t->history_of = NULL;
	t->history_ready = false;
}

void tui_history(tui *t, size_t max)
{
	if (t->history_ready &&
	    (t->history_all || (max && t->n_history >= max)))
		return;
	drop_history(t);
	t->history_ready = true;
	t->history_all = true;
	if (t->cursor >= t->tree.n_nodes)
		return;
	const kh_target *tg = t->tree.nodes[t->cursor].target;
	if (!tg || !t->store)
		return;
	kh_error err;
	if (store_history_newest(t->store, tg->id, max, &t->history,
				 &t->n_history, &err) != KH_OK) {
		tui_message(t, true, "%s", err.msg);
		return;
	}
	t->history_all = !max || t->n_history < max;
	t->history_of = tg;
}

/* Judge the plan again (after a save, an undo, another date). */
bool tui_reload(tui *t)
{
	kh_error err;
	kh_snapshot *snap = snapshot_take(t->args->plan, t->store, t->as_of, &err);
	if (!snap) {
		tui_message(t, true, "%s", err.msg);
		return false;
	}
	snapshot_free(t->snap);
	t->snap = snap;
	outline_set_snapshot(&t->tree, snap);
	if (t->store)
		store_data_version(t->store, &t->data_version, &err);
	drop_history(t);
	return true;
}

/* ---- layout -------------------------------------------------------- */

static void place(pane *p, int y, int x, int h, int w)
{
	p->y = y;
	p->x = x;
	p->h = h;
	p->w = w;
	if (!p->win) {
		p->win = newwin(h, w, y, x);
		p->panel = new_panel(p->win);
	} else {
		/* Move to a safe corner first: wresize fails if the window
		 * would stick out of the screen. */
		move_panel(p->panel, 0, 0);
		wresize(p->win, h, w);
		move_panel(p->panel, y, x);
		replace_panel(p->panel, p->win);
	}
	keypad(p->win, TRUE);
}

static void layout(tui *t)
{
	t->too_small = COLS < TUI_MIN_COLS || LINES < TUI_MIN_LINES;
	if (t->too_small) {
		pane *all[] = {&t->header, &t->body_tree, &t->detail, &t->footer};
		for (size_t i = 0; i < 4; i++)
			if (all[i]->panel)
				hide_panel(all[i]->panel);
		return;
	}
	int body = LINES - 3; /* 2 header lines, 1 footer */
	place(&t->header, 0, 0, 2, COLS);
	place(&t->footer, LINES - 1, 0, 1, COLS);
	if (COLS >= TUI_SIDE_BY_SIDE_COLS) {
		int tree_w = COLS * 55 / 100;
		place(&t->body_tree, 2, 0, body, tree_w);
		place(&t->detail, 2, tree_w, body, COLS - tree_w);
	} else {
		int tree_h = body * 55 / 100;
		place(&t->body_tree, 2, 0, tree_h, COLS);
		place(&t->detail, 2 + tree_h, 0, body - tree_h, COLS);
	}
	/* show_panel raises a panel to the top: only for hidden ones, or a
	 * relayout under a dialog (incremental search) would cover it. */
	pane *all[] = {&t->header, &t->body_tree, &t->detail, &t->footer};
	for (size_t i = 0; i < 4; i++)
		if (panel_hidden(all[i]->panel))
			show_panel(all[i]->panel);
}

/* ---- drawing ------------------------------------------------------- */

/* The period the as-of date stands for: its own label when it is a
 * period's cut-off, else "in PERIOD". */
static void period_words(const tui *t, char *buf, size_t size)
{
	const kh_plan *plan = t->args->plan;
	if (t->period >= 0) {
		snprintf(buf, size, _("%s cut-off"), plan->periods[t->period].id);
		return;
	}
	/* The period the consolidation keys (w, r, i, C) work on. */
	const kh_period *p = tui_period(t);
	if (p)
		snprintf(buf, size, _("period %s"), p->id);
	else
		snprintf(buf, size, "%s", _("no period"));
}

static void draw_header(tui *t)
{
	WINDOW *w = t->header.win;
	werase(w);
	attr_t bar = theme_attr(UI_HEADER);
	wattr_set(w, bar, PAIR_NUMBER(bar), NULL);
	mvwhline(w, 0, 0, ' ', t->header.w);
	char right[320], day[KH_DATE_ISO_LEN], period[128], as_of[128];
	period_words(t, period, sizeof period);
	snprintf(as_of, sizeof as_of, _("as of %s"), kh_date_dmy(t->as_of, day));
	snprintf(right, sizeof right, " %s · %s ", as_of, period);
	/* The date and period matter more than the plan's title (which the
	 * user knows): the title gets what is left, at least a few cells. */
	int rw = draw_width(right);
	if (rw > t->header.w - 12)
		rw = t->header.w - 12;
	draw_text(w, 0, t->header.w - rw, right, rw, bar);
	draw_text(w, 0, 1, t->args->plan->title, t->header.w - rw - 2, bar);

	/* Counts by status, worst first, each with its mark and colour;
	 * one that does not fit whole is left out, not cut. */
	int x = 1;
	const kh_rollup *r = &t->snap->total;
	for (int s = 0; s < KH_STATE_COUNT && x < t->header.w; s++) {
		if (!r->counts[s])
			continue;
		char item[128];
		snprintf(item, sizeof item, "%s %zu %s", sched_state_mark((kh_state)s),
			 r->counts[s], sched_state_label((kh_state)s));
		int iw = draw_width(item);
		if (x + iw > t->header.w - 1)
			break;
		x += draw_text(w, 1, x, item, iw, theme_state((kh_state)s)) + 2;
	}
	char flags[400] = "";
	if (t->tree.behind_only)
		snprintf(flags, sizeof flags, "%s ", _("[behind only]"));
	if (t->search_text[0]) {
		size_t len = strlen(flags);
		snprintf(flags + len, sizeof flags - len, "/%s", t->search_text);
	}
	if (flags[0] && x < t->header.w - 12) {
		int fw = draw_width(flags);
		int room = t->header.w - x - 1;
		if (fw > room)
			fw = room;
		draw_text(w, 1, t->header.w - fw - 1, flags, fw,
			  theme_attr(UI_HEADING));
	}
}

/* An action's footer word, in the language in use (keys_info has
 * translated it: a second _() would look the Vietnamese up as a msgid). */
static const char *footer_hint(action act)
{
	const char *hint = keys_info(act)->hint;
	return hint ? hint : "";
}

static void draw_footer(tui *t)
{
	WINDOW *w = t->footer.win;
	attr_t a = theme_attr(UI_FOOTER);
	werase(w);
	wattr_set(w, a, PAIR_NUMBER(a), NULL);
	mvwhline(w, 0, 0, ' ', t->footer.w);
	if (t->message[0]) {
		draw_text(w, 0, 1, t->message, t->footer.w - 2,
			  t->message_is_error ? (a | A_BOLD) : a);
		return;
	}
	/* The keys that work here. */
	bool on_target = t->cursor < t->tree.n_nodes &&
			 t->tree.nodes[t->cursor].kind == NODE_TARGET;
	/* Help first: what does not fit at the end is still in it. */
	static const action here_target[] = {ACT_HELP, ACT_EDIT, ACT_UNDO,
					      ACT_SEARCH, ACT_NEXT_BEHIND,
					      ACT_FILTER_BEHIND, ACT_PERIOD,
					      ACT_WHO, ACT_REPORT, ACT_AS_OF,
					      ACT_IMPORT, ACT_PANE, ACT_QUIT};
	static const action here_node[] = {ACT_HELP, ACT_TOGGLE, ACT_SEARCH,
					   ACT_NEXT_BEHIND, ACT_FILTER_BEHIND,
					   ACT_PERIOD, ACT_WHO, ACT_REPORT,
					   ACT_AS_OF, ACT_IMPORT, ACT_PANE,
					   ACT_QUIT};
	const action *acts = on_target ? here_target : here_node;
	size_t n = on_target ? sizeof here_target / sizeof here_target[0]
			     : sizeof here_node / sizeof here_node[0];
	/* Longer words (Vietnamese) may not all fit: keep help, quit and
	 * the actions listed first, drop the rest whole, never cut one.
	 * The first key is enough in the footer. */
	char keys[16][32];
	const char *hint[16];
	int kw[16], hw[16];
	bool shown[16] = {false};
	if (n > 16)
		n = 16;
	for (size_t i = 0; i < n; i++) {
		keys_first(acts[i], keys[i], sizeof keys[i]);
		kw[i] = draw_width(keys[i]);
		hint[i] = footer_hint(acts[i]);
		hw[i] = draw_width(hint[i]);
	}
	int room = t->footer.w - 2;
	for (int pass = 0; pass < 2; pass++)
		for (size_t i = 0; i < n; i++) {
			bool first = acts[i] == ACT_HELP || acts[i] == ACT_QUIT;
			if (shown[i] || first != (pass == 0))
				continue;
			int iw = kw[i] + 1 + hw[i];
			if (iw + 2 <= room) {
				shown[i] = true;
				room -= iw + 2;
			}
		}
	int x = 1;
	for (size_t i = 0; i < n; i++) {
		if (!shown[i])
			continue;
		draw_text(w, 0, x, keys[i], kw[i], a | A_BOLD);
		draw_text(w, 0, x + kw[i] + 1, hint[i], hw[i], a);
		x += kw[i] + 1 + hw[i] + 2;
	}
}

static void draw_too_small(void)
{
	erase();
	/* Through draw.c like all text: ASCII when the terminal needs it,
	 * wrapped when even the sentence is wider than the screen. */
	char msg[512], quit[32];
	/* TRANSLATORS: the last %s is the key that quits, as bound. */
	snprintf(msg, sizeof msg,
		 _("Terminal too small: %dx%d.\nkehoach needs at least %dx%d;"
		   "\nenlarge the window (%s quits)."),
		 COLS, LINES, TUI_MIN_COLS, TUI_MIN_LINES,
		 keys_first(ACT_QUIT, quit, sizeof quit));
	draw_wrapped(stdscr, 0, 0, msg, COLS, LINES, 0, A_NORMAL);
	wnoutrefresh(stdscr);
}

/* Draw every pane into its window; the caller updates the screen. */
static void draw_panes(tui *t)
{
	if (t->too_small) {
		draw_too_small();
		return;
	}
	draw_header(t);
	tree_view_draw(t);
	detail_view_draw(t);
	draw_footer(t);
}

static void draw_all(tui *t)
{
	draw_panes(t);
	if (!t->too_small)
		update_panels();
	doupdate();
}

/* ---- dialog host ---------------------------------------------------- */

static void host_relayout(void *ctx)
{
	tui *t = ctx;
	layout(t);
	draw_panes(t);
}

/* Another clerk may have saved: look, and redraw only if so. */
static bool check_others(tui *t)
{
	if (!t->store)
		return false;
	int64_t v;
	kh_error err;
	if (store_data_version(t->store, &v, &err) != KH_OK ||
	    v == t->data_version)
		return false;
	tui_reload(t);
	return true;
}

static void host_idle(void *ctx)
{
	tui *t = ctx;
	if (check_others(t))
		draw_all(t);
}

/* ---- actions -------------------------------------------------------- */

static void set_cursor(tui *t, size_t node)
{
	if (node >= t->tree.n_nodes || node == t->cursor)
		return;
	t->cursor = node;
	t->detail_scroll = 0;
	drop_history(t);
}

/* Move among visible rows by delta (clamped). */
static void move_rows(tui *t, long delta)
{
	const outline *o = &t->tree;
	if (!o->n_visible)
		return;
	size_t row = outline_row_of(o, t->cursor);
	long r = row == OUTLINE_NONE ? 0 : (long)row + delta;
	if (r < 0)
		r = 0;
	if (r >= (long)o->n_visible)
		r = (long)o->n_visible - 1;
	set_cursor(t, o->visible[r]);
}

/* After the visible rows changed, keep the cursor on a visible row. */
static void keep_cursor_visible(tui *t)
{
	const outline *o = &t->tree;
	if (!o->n_visible || outline_row_of(o, t->cursor) != OUTLINE_NONE)
		return;
	/* The nearest visible row before it, else the first. */
	size_t best = o->visible[0];
	for (size_t i = 0; i < o->n_visible && o->visible[i] < t->cursor; i++)
		best = o->visible[i];
	set_cursor(t, best);
}

void tui_go_to(tui *t, size_t node)
{
	if (node == OUTLINE_NONE)
		return;
	outline_reveal(&t->tree, node);
	set_cursor(t, node);
}

static const kh_target *cursor_target(const tui *t)
{
	if (t->cursor >= t->tree.n_nodes)
		return NULL;
	return t->tree.nodes[t->cursor].target;
}

/* What the edit form reads and writes through (act_edit). */
typedef struct edit_link {
	tui *t;
	const kh_target *target;
	kh_entry *opened;       /* the history when the form opened: holds
				   the form's current entry */
	size_t n_opened;
	kh_entry *fresh;        /* the last look, replaced by the next */
	size_t n_fresh;
} edit_link;

/* The newest non-retracted entry by id: what undo would retract. */
static const kh_entry *newest_entry(const kh_entry *h, size_t n)
{
	const kh_entry *best = NULL;
	for (size_t i = 0; i < n; i++)
		if (!h[i].retracted && (!best || h[i].id > best->id))
			best = &h[i];
	return best;
}

static bool edit_latest(void *ctx, const kh_entry **out, char *why,
			size_t why_size)
{
	edit_link *l = ctx;
	kh_error err;
	entries_free(l->fresh, l->n_fresh);
	l->fresh = NULL;
	l->n_fresh = 0;
	*out = NULL;
	if (store_history(l->t->store, l->target->id, &l->fresh, &l->n_fresh,
			  &err) != KH_OK) {
		snprintf(why, why_size, "%s", err.msg);
		return false;
	}
	*out = newest_entry(l->fresh, l->n_fresh);
	return true;
}

static bool edit_save(void *ctx, kh_entry *e, char *why, size_t why_size)
{
	edit_link *l = ctx;
	tui *t = l->t;
	e->entered_by = strdup(t->args->user ? t->args->user : "");
	e->source = strdup("tui");
	kh_error err;
	if (!e->entered_by || !e->source) {
		snprintf(why, why_size, "%s", _("Out of memory: nothing was saved."));
		return false;
	}
	if (store_add_entry(t->store, e, &err) != KH_OK) {
		snprintf(why, why_size, "%s", err.msg);
		return false;
	}
	return true;
}

static void act_edit(tui *t)
{
	const kh_target *tg = cursor_target(t);
	if (!tg) {
		tui_message(t, false, "%s", _("Choose a target (a row under a "
					      "task) to record a figure."));
		return;
	}
	check_others(t); /* prefill with the newest figure */
	/* The snapshot is replaced whenever another clerk saves, even while
	 * the form is open: the form's entry must live in our own copy. */
	edit_link link = {.t = t, .target = tg};
	const kh_entry *shown = t->snap->current[tg->index];
	const kh_entry *current = NULL;
	kh_error err;
	if (shown && store_history(t->store, tg->id, &link.opened,
				   &link.n_opened, &err) != KH_OK) {
		tui_message(t, true, "%s", err.msg);
		return;
	}
	for (size_t i = 0; shown && i < link.n_opened; i++)
		if (link.opened[i].id == shown->id)
			current = &link.opened[i];
	edit_request req = {
		.plan = t->args->plan,
		.target = tg,
		.current = current,
		.as_of = t->as_of,
		.latest = edit_latest,
		.save = edit_save,
		.ctx = &link,
	};
	kh_entry e = {0};
	if (edit_run(&t->host, &req, &e)) {
		char value[64], day[KH_DATE_ISO_LEN];
		tui_message(t, false, _("Saved entry #%lld: %s = %s as of %s."),
			    (long long)e.id, tg->id,
			    kh_describe_value(&e, value, sizeof value),
			    kh_date_dmy(e.as_of, day));
	} else {
		tui_message(t, false, "%s", _("Discarded: nothing was saved."));
	}
	entry_clear(&e);
	entries_free(link.opened, link.n_opened);
	entries_free(link.fresh, link.n_fresh);
	tui_reload(t);
}

static void act_undo(tui *t)
{
	const kh_target *tg = cursor_target(t);
	if (!tg) {
		tui_message(t, false, "%s",
			    _("Choose a target to undo its latest entry."));
		return;
	}
	check_others(t);
	tui_history(t, 0);
	const kh_entry *latest = newest_entry(t->history, t->n_history);
	if (!latest) {
		tui_message(t, false, _("%s has no entry to undo."), tg->id);
		return;
	}
	char value[64], day[KH_DATE_ISO_LEN], question[512];
	snprintf(question, sizeof question,
		 _("Retract entry #%lld of %s: %s as of %s, entered by %s? It "
		   "stays in the history, marked retracted."),
		 (long long)latest->id, tg->id,
		 kh_describe_value(latest, value, sizeof value),
		 kh_date_dmy(latest->as_of, day),
		 latest->entered_by ? latest->entered_by : "");
	if (!dlg_confirm(&t->host, _("Undo"), question)) {
		tui_message(t, false, "%s", _("Nothing was retracted."));
		return;
	}
	kh_entry gone = {0};
	kh_error err;
	if (store_retract_latest(t->store, tg->id, t->args->user, &gone, &err) !=
	    KH_OK)
		tui_message(t, true, _("Not retracted: %s"), err.msg);
	else
		tui_message(t, false, _("Retracted entry #%lld."),
			    (long long)gone.id);
	entry_clear(&gone);
	tui_reload(t);
}

typedef struct search_ctx {
	tui *t;
	size_t start;
} search_ctx;

static void search_changed(const char *text, void *ctx)
{
	search_ctx *sc = ctx;
	tui *t = sc->t;
	kh_query_free(&t->query);
	snprintf(t->search_text, sizeof t->search_text, "%s", text);
	if (!kh_query_init(&t->query, text))
		return;
	/* Start just before where the search began, so that row counts. */
	size_t from = sc->start == 0 ? t->tree.n_nodes - 1 : sc->start - 1;
	size_t hit = outline_search(&t->tree, &t->query, from, 1);
	if (hit != OUTLINE_NONE) {
		tui_go_to(t, hit);
		t->message[0] = '\0';
	} else if (t->query.n_words) {
		tui_message(t, true, _("No match for \"%s\"."), text);
	}
	host_relayout(t);
}

static void act_search(tui *t)
{
	search_ctx sc = {t, t->cursor};
	char text[256] = "";
	size_t before = t->cursor;
	if (!dlg_prompt(&t->host, _("Search: "), text, sizeof text,
			search_changed, &sc)) {
		kh_query_free(&t->query);
		t->search_text[0] = '\0';
		tui_go_to(t, before);
		t->message[0] = '\0';
		return;
	}
	if (!t->query.n_words)
		t->search_text[0] = '\0';
}

static void act_search_again(tui *t, int dir)
{
	if (!t->query.n_words) {
		char key[32];
		/* TRANSLATORS: %s is the search key, as bound. */
		tui_message(t, false, _("No search yet: press %s to search."),
			    keys_first(ACT_SEARCH, key, sizeof key));
		return;
	}
	size_t hit = outline_search(&t->tree, &t->query, t->cursor, dir);
	if (hit == OUTLINE_NONE)
		tui_message(t, true, _("No match for \"%s\"."), t->search_text);
	else
		tui_go_to(t, hit);
}

static void act_next_behind(tui *t, int dir)
{
	size_t hit = outline_next_behind(&t->tree, t->cursor, dir);
	if (hit == OUTLINE_NONE)
		tui_message(t, false, "%s",
			    _("Nothing needs attention as of this date."));
	else
		tui_go_to(t, hit);
}

static void act_period(tui *t)
{
	const kh_plan *plan = t->args->plan;
	if (!plan->n_periods) {
		tui_message(t, false, "%s",
			    _("The plan defines no reporting period."));
		return;
	}
	t->period = t->period + 1 < (int)plan->n_periods ? t->period + 1 : 0;
	t->as_of = plan->periods[t->period].cutoff;
	tui_reload(t);
	char day[KH_DATE_ISO_LEN], key[32];
	/* TRANSLATORS: the last %s is the key for the next period. */
	tui_message(t, false, _("Period %s: as of its cut-off %s (%s: next "
				"period)."),
		    plan->periods[t->period].id, kh_date_dmy(t->as_of, day),
		    keys_first(ACT_PERIOD, key, sizeof key));
}

static void act_as_of(tui *t)
{
	char text[64];
	kh_date_dmy(t->as_of, text);
	if (!dlg_prompt(&t->host, _("As of (dd/mm/yyyy): "), text, sizeof text,
			NULL, NULL))
		return;
	kh_date d;
	if (!kh_date_parse(text, &d)) {
		tui_message(t, true, _("\"%s\" is not a date: use dd/mm/yyyy "
				       "or yyyy-mm-dd."), text);
		return;
	}
	t->as_of = d;
	t->period = -1;
	tui_reload(t);
}

static void act_toggle(tui *t, int want) /* want: -1 toggle, 0 close, 1 open */
{
	outline_node *n = &t->tree.nodes[t->cursor];
	if (n->kind == NODE_TARGET) {
		if (want < 0)
			act_edit(t);
		else if (want == 0)
			set_cursor(t, n->parent);
		return;
	}
	bool open = want < 0 ? !n->open : want == 1;
	if (!open && !n->open && want == 0 && n->parent != OUTLINE_NONE) {
		set_cursor(t, n->parent);
		return;
	}
	outline_set_open(&t->tree, t->cursor, open);
}

static void act_back(tui *t)
{
	if (t->search_text[0]) {
		kh_query_free(&t->query);
		t->search_text[0] = '\0';
	} else if (t->tree.behind_only) {
		t->tree.behind_only = false;
		outline_refresh(&t->tree);
	} else if (t->focus_detail) {
		t->focus_detail = false;
	}
}

static void scroll_detail(tui *t, int delta)
{
	int max = t->detail_lines - (t->detail.h - 1);
	t->detail_scroll += delta;
	if (t->detail_scroll > max)
		t->detail_scroll = max;
	if (t->detail_scroll < 0)
		t->detail_scroll = 0;
}

static void dispatch(tui *t, action act)
{
	int page = tree_view_rows(t) > 1 ? tree_view_rows(t) - 1 : 1;
	if (t->too_small && act != ACT_QUIT && act != ACT_REDRAW)
		return;
	switch (act) {
	case ACT_UP:
	case ACT_DOWN:
		if (t->focus_detail)
			scroll_detail(t, act == ACT_UP ? -1 : 1);
		else
			move_rows(t, act == ACT_UP ? -1 : 1);
		break;
	case ACT_PAGE_UP:
	case ACT_PAGE_DOWN:
		if (t->focus_detail)
			scroll_detail(t, (act == ACT_PAGE_UP ? -1 : 1) *
						 (t->detail.h - 2));
		else
			move_rows(t, act == ACT_PAGE_UP ? -page : page);
		break;
	case ACT_HOME:
		if (t->focus_detail)
			t->detail_scroll = 0;
		else
			move_rows(t, -(long)t->tree.n_visible);
		break;
	case ACT_END:
		if (t->focus_detail)
			scroll_detail(t, t->detail_lines);
		else
			move_rows(t, (long)t->tree.n_visible);
		break;
	case ACT_TOGGLE: act_toggle(t, -1); break;
	case ACT_OPEN: act_toggle(t, 1); break;
	case ACT_CLOSE: act_toggle(t, 0); break;
	case ACT_OPEN_ALL:
		outline_set_all_open(&t->tree, !outline_all_open(&t->tree));
		break;
	case ACT_PANE: t->focus_detail = !t->focus_detail; break;
	case ACT_EDIT: act_edit(t); break;
	case ACT_SEARCH: act_search(t); break;
	case ACT_SEARCH_NEXT: act_search_again(t, 1); break;
	case ACT_SEARCH_PREV: act_search_again(t, -1); break;
	case ACT_FILTER_BEHIND:
		t->tree.behind_only = !t->tree.behind_only;
		outline_refresh(&t->tree);
		keep_cursor_visible(t);
		break;
	case ACT_NEXT_BEHIND: act_next_behind(t, 1); break;
	case ACT_PREV_BEHIND: act_next_behind(t, -1); break;
	case ACT_PERIOD: act_period(t); break;
	case ACT_AS_OF: act_as_of(t); break;
	case ACT_UNDO: act_undo(t); break;
	case ACT_WHO: consolidate_who_reported(t); break;
	case ACT_REPORT: consolidate_report(t); break;
	case ACT_IMPORT: consolidate_import(t); break;
	case ACT_CLOSE_PERIOD: consolidate_close(t); break;
	case ACT_HELP: help_show(t); break;
	case ACT_REDRAW: clearok(curscr, TRUE); break;
	case ACT_BACK: act_back(t); break;
	case ACT_QUIT: t->quit = true; break;
	case ACT_NONE:
	case ACT_COUNT: break;
	}
	keep_cursor_visible(t);
}

/* ---- set-up and the loop -------------------------------------------- */

/* Panels and windows belong to the screen: free them before it goes. */
static void free_panes(tui *t)
{
	pane *all[] = {&t->header, &t->body_tree, &t->detail, &t->footer};
	for (size_t i = 0; i < 4; i++) {
		if (all[i]->panel)
			del_panel(all[i]->panel);
		if (all[i]->win)
			delwin(all[i]->win);
		all[i]->panel = NULL;
		all[i]->win = NULL;
	}
}

static void teardown(tui *t)
{
	kh_query_free(&t->query);
	entries_free(t->history, t->n_history);
	outline_free(&t->tree);
	snapshot_free(t->snap);
}

static void install_signals(void)
{
	struct sigaction sa;
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = on_signal;
	sigemptyset(&sa.sa_mask);
	/* No SA_RESTART: a signal ends the wait for a key at once. */
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGHUP, &sa, NULL);
}

int tui_run(const kh_tui_args *args)
{
	/* The config's theme and keys, checked before curses starts. */
	if (!ui_config_apply(args->config))
		return 2;
	if (!isatty(STDIN_FILENO) || !isatty(STDOUT_FILENO)) {
		fprintf(stderr, "kehoach: %s\n",
			_("the full-screen view needs a terminal; use a "
			  "command (kehoach --help)"));
		return 2;
	}
	tui t = {.args = args, .store = args->store, .as_of = args->as_of,
		 .period = -1};
	t.host = (dlg_host){host_relayout, host_idle, &t, &got_signal};
	if (!outline_init(&t.tree, args->plan)) {
		fprintf(stderr, "kehoach: %s\n", _("out of memory"));
		return 1;
	}
	if (!tui_reload(&t)) {
		fprintf(stderr, "kehoach: %s\n", t.message);
		teardown(&t);
		return 1;
	}
	t.message[0] = '\0';
	for (const kh_period *p = args->plan->periods;
	     p < args->plan->periods + args->plan->n_periods; p++)
		if (p->cutoff == t.as_of)
			t.period = (int)(p - args->plan->periods);

	const char *term = getenv("TERM");
	SCREEN *screen = newterm(NULL, stdout, stdin);
	if (!screen || !tigetstr("cup") || tigetstr("cup") == (char *)-1) {
		if (screen) {
			endwin();
			delscreen(screen);
		}
		fprintf(stderr, "kehoach: ");
		fprintf(stderr, _("the terminal \"%s\" cannot place the cursor; "
				  "try TERM=xterm-256color (or install "
				  "ncurses-term)"), term ? term : "");
		fputc('\n', stderr);
		teardown(&t);
		return 1;
	}
	install_signals();
	draw_set_ascii(args->ascii);
	cbreak();
	noecho();
	nonl();
	keypad(stdscr, TRUE);
	if (!getenv("ESCDELAY"))
		set_escdelay(75);
	int cursor_was = curs_set(0);
	theme_init();
	layout(&t);

	while (!t.quit && !got_signal) {
		draw_all(&t);
		WINDOW *in = t.too_small ? stdscr : t.footer.win;
		keypad(in, TRUE);
		wtimeout(in, 1000);
		wint_t key;
		int kind = dlg_read_key(in, &key);
		if (kind == ERR) {
			/* Idle: only redraw if another clerk saved. */
			while (!got_signal && kind == ERR) {
				if (check_others(&t))
					break;
				kind = dlg_read_key(in, &key);
			}
			if (kind == ERR)
				continue;
		}
		if (kind == KEY_CODE_YES && key == KEY_RESIZE) {
			layout(&t);
			continue;
		}
		t.message[0] = '\0';
		dispatch(&t, keys_lookup(key, kind == KEY_CODE_YES));
	}
	if (cursor_was != ERR)
		curs_set(cursor_was);
	free_panes(&t);
	endwin();
	delscreen(screen);
	teardown(&t);
	return got_signal == SIGINT ? 130 : 0;
}
