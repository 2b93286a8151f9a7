/* Private to the main screen: its state, shared by the frame (tui.c) and
 * the panes it draws (tree_view.c, detail_view.c, help.c). */
#ifndef KEHOACH_UI_TUI_IMPL_H
#define KEHOACH_UI_TUI_IMPL_H

#include <curses.h>
#include <panel.h>
#include <stdbool.h>
#include <stdint.h>

#include "dialog.h"
#include "kehoach/cli.h"
#include "kehoach/search.h"
#include "kehoach/status.h"
#include "outline.h"

/* Below this the screen says it is too small instead of drawing. */
#define TUI_MIN_COLS 60
#define TUI_MIN_LINES 16
/* From this width the detail pane sits beside the tree, not below. */
#define TUI_SIDE_BY_SIDE_COLS 120

typedef struct pane {
	WINDOW *win;
	PANEL *panel;
	int y, x, h, w;
} pane;

typedef struct tui {
	const kh_tui_args *args;
	kh_store *store;
	kh_date as_of;
	int period;               /* index into plan->periods, -1: a date */
	kh_snapshot *snap;
	outline tree;
	size_t cursor;            /* node index */
	size_t top;               /* first visible row shown */
	bool focus_detail;
	int detail_scroll;
	int detail_lines;         /* lines the detail content takes */
	pane header, body_tree, detail, footer;
	bool too_small;
	kh_query query;           /* the last search */
	char search_text[256];
	char message[256];        /* shown in the footer until the next key */
	bool message_is_error;
	int64_t data_version;
	kh_entry *history;        /* of history_of, newest first */
	size_t n_history;
	const kh_target *history_of;
	bool history_ready;       /* history is the cursor row's (see
				     tui_history) */
	bool history_all;         /* ... and all of it, not just the newest */
	dlg_host host;
	bool quit;
} tui;

/* Services of the frame for the other screens (tui.c). */
bool tui_reload(tui *t);
/* Read the cursor row's history into t->history if it is not there yet:
 * at least its newest max entries, or all of it when max is 0.  A move
 * does not read it: only a pane that shows it (as much as it shows) or an
 * action that needs it, so a move costs the same whatever the history's
 * length. */
void tui_history(tui *t, size_t max);
void tui_go_to(tui *t, size_t node);
void tui_message(tui *t, bool error, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
/* The period the screen reports on: the one chosen with p, else the
 * latest one ended by the as-of date (NULL if the plan has none). */
const kh_period *tui_period(const tui *t);
/* The date deadlines are judged on: --as-of if given, else today. */
kh_date tui_today(const tui *t);

/* Consolidating a period (consolidate.c). */
void consolidate_who_reported(tui *t);
void consolidate_report(tui *t);
void consolidate_import(tui *t);
void consolidate_close(tui *t);

/* Draw the panes (into their windows; the caller updates the screen). */
void tree_view_draw(tui *t);
void detail_view_draw(tui *t);

/* The help dialog, listing every key from the key table. */
void help_show(tui *t);

/* Rows the tree pane shows. */
int tree_view_rows(const tui *t);

#endif
