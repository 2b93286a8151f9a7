/* The tree pane: one row per visible node, the cursor row reversed, rows
 * that need attention (and their task and section) marked and bold. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "draw.h"
#include "kehoach/i18n.h"
#include "kehoach/text.h"
#include "keys.h"
#include "rowfmt.h"
#include "theme.h"
#include "tui_impl.h"

/* Columns for the figure and the bar, by pane width. */
#define FIGURE_COLS 22
#define BAR_COLS 8

int tree_view_rows(const tui *t)
{
	return t->body_tree.h;
}

static void draw_row(tui *t, int y, size_t node, bool selected)
{
	WINDOW *w = t->body_tree.win;
	int width = t->body_tree.w;
	bool ascii = draw_ascii();
	row_parts rp;
	rowfmt_parts(&t->tree, node, ascii, &rp);
	const outline_node *n = &t->tree.nodes[node];
	bool attention = sched_state_is_behind(rp.state);
	attr_t base = selected ? theme_attr(UI_SELECTED) : A_NORMAL;
	if (n->kind == NODE_SECTION && !selected)
		base |= theme_attr(UI_HEADING);
	if (attention)
		base |= A_BOLD;

	/* Blank the row in the row's colours first. */
	wattr_set(w, base, PAIR_NUMBER(base), NULL);
	mvwhline(w, y, 0, ' ', width);

	/* Status mark: its colour, or the selection. */
	attr_t mark_attr = selected ? base : theme_state(rp.state);
	draw_text(w, y, 0, rp.mark, 2, mark_attr);

	int x = 3 + n->depth * 2;
	int figure_cols = width >= 70 ? FIGURE_COLS : 16;
	int bar_cols = width >= 90 ? BAR_COLS : 0;
	int right = width - figure_cols - (bar_cols ? bar_cols + 1 : 0) - 1;
	if (rp.sign[0]) {
		draw_text(w, y, x, rp.sign, 1, base);
		x += 2;
	}
	if (rp.id) {
		char id[24];
		snprintf(id, sizeof id, "%s ", rp.id);
		x += draw_text(w, y, x, id, right - x, base);
	}
	draw_text(w, y, x, rp.label, right - x - 1, base);

	/* Figure right-aligned in its column. */
	int fw = draw_width(rp.figure);
	if (fw > figure_cols)
		fw = figure_cols;
	draw_text(w, y, right + figure_cols - fw, rp.figure, figure_cols,
		  selected ? base : (attention ? theme_state(rp.state) : base));
	if (bar_cols && rp.progress >= 0) {
		char bar[64];
		rowfmt_bar(rp.progress, bar_cols, ascii, bar, sizeof bar);
		attr_t ba = selected ? base : theme_attr(UI_BAR_FILL);
		wattr_set(w, ba, PAIR_NUMBER(ba), NULL);
		mvwaddstr(w, y, width - bar_cols, bar);
	}
	wattr_set(w, A_NORMAL, 0, NULL);
}

void tree_view_draw(tui *t)
{
	WINDOW *w = t->body_tree.win;
	werase(w);
	int rows = tree_view_rows(t);
	const outline *o = &t->tree;
	if (o->n_visible == 0) {
		char msg[256], key[32];
		/* TRANSLATORS: %s is the key of the filter, as bound. */
		snprintf(msg, sizeof msg,
			 _("Nothing needs attention as of this date. Press %s "
			   "to show everything."),
			 keys_first(ACT_FILTER_BEHIND, key, sizeof key));
		draw_text(w, 0, 2,
			  o->behind_only ? msg : _("The plan has no sections."),
			  t->body_tree.w - 3, theme_attr(UI_DIM));
		return;
	}
	size_t row = outline_row_of(o, t->cursor);
	if (row == OUTLINE_NONE)
		row = 0;
	if (row < t->top)
		t->top = row;
	if (rows > 0 && row >= t->top + (size_t)rows)
		t->top = row - (size_t)rows + 1;
	if (t->top + (size_t)rows > o->n_visible)
		t->top = o->n_visible > (size_t)rows ? o->n_visible - (size_t)rows
						     : 0;
	for (int y = 0; y < rows && t->top + (size_t)y < o->n_visible; y++) {
		size_t node = o->visible[t->top + (size_t)y];
		draw_row(t, y, node, node == t->cursor && !t->focus_detail);
		if (node == t->cursor && t->focus_detail)
			mvwchgat(w, y, 0, 2, A_UNDERLINE, 0, NULL);
	}
}
