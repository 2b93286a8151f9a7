/* The full-screen view (first version): the plan's sections and tasks with
 * their statuses, scrollable, q to quit.  The tree, detail pane, forms and
 * dialogs build on this frame. */
#include "tui.h"

#include <curses.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "kehoach/schedule.h"
#include "kehoach/status.h"
#include "kehoach/text.h"

#define MIN_COLS 60
#define MIN_LINES 12

typedef struct row {
	int depth;          /* 0 section, 1 task */
	const char *id;
	const char *text;
	const kh_rollup *rollup;
} row;

typedef struct view {
	const kh_tui_args *args;
	kh_snapshot *snap;
	row *rows;
	size_t n_rows;
	size_t top;
	size_t cursor;
} view;

/* Draw text from the plan clipped to cols, neutralised, ASCII if needed. */
static void put_text(int y, int x, const char *s, int cols, bool ascii)
{
	if (cols <= 0)
		return;
	char *clean = ascii ? text_ascii(s) : text_sanitize(s, false);
	char *cut = clean ? text_truncate(clean, cols, ascii) : NULL;
	if (cut)
		mvaddstr(y, x, cut);
	free(cut);
	free(clean);
}

static void build_rows(view *v)
{
	const kh_plan *plan = v->args->plan;
	v->rows = calloc(plan->n_sections + plan->n_tasks + 1, sizeof *v->rows);
	if (!v->rows)
		return;
	for (size_t i = 0; i < plan->n_sections; i++) {
		const kh_section *s = &plan->sections[i];
		v->rows[v->n_rows++] = (row){0, s->id, s->title,
					     &v->snap->sections[s->index]};
		for (size_t k = 0; k < s->n_tasks; k++) {
			const kh_task *t = &s->tasks[k];
			v->rows[v->n_rows++] = (row){1, t->id, t->title,
						     &v->snap->tasks[t->index]};
		}
	}
}

static void draw(view *v)
{
	erase();
	if (COLS < MIN_COLS || LINES < MIN_LINES) {
		mvprintw(0, 0, "Terminal too small (%dx%d);", COLS, LINES);
		mvprintw(1, 0, "kehoach needs %dx%d.", MIN_COLS, MIN_LINES);
		return;
	}
	bool ascii = v->args->ascii;
	char day[KH_DATE_ISO_LEN];
	attron(A_BOLD);
	put_text(0, 0, v->args->plan->title, COLS, ascii);
	attroff(A_BOLD);
	const kh_rollup *total = &v->snap->total;
	mvprintw(1, 0, "As of %s: %zu targets, %zu need attention",
		 kh_date_iso(v->snap->as_of, day), total->n,
		 total->counts[KH_STATE_OVERDUE] + total->counts[KH_STATE_BEHIND] +
			 total->counts[KH_STATE_MISSING_REPORT] +
			 total->counts[KH_STATE_AT_RISK]);
	int body = LINES - 4;
	if (v->cursor < v->top)
		v->top = v->cursor;
	if (v->cursor >= v->top + (size_t)body)
		v->top = v->cursor - (size_t)body + 1;
	for (int y = 0; y < body && v->top + (size_t)y < v->n_rows; y++) {
		const row *r = &v->rows[v->top + (size_t)y];
		bool sel = v->top + (size_t)y == v->cursor;
		bool bad = sched_state_is_behind(r->rollup->worst);
		if (sel)
			attron(A_REVERSE);
		if (bad || r->depth == 0)
			attron(A_BOLD);
		move(3 + y, 0);
		clrtoeol();
		mvprintw(3 + y, 0, "%-2s %-6.6s", sched_state_mark(r->rollup->worst),
			 r->id);
		int x = 10 + r->depth * 2;
		char tail[48];
		snprintf(tail, sizeof tail, " %3.0f%% %s", r->rollup->progress,
			 sched_state_label(r->rollup->worst));
		int tail_w = (int)strlen(tail);
		put_text(3 + y, x, r->text, COLS - x - tail_w - 1, ascii);
		mvaddstr(3 + y, COLS - tail_w - 1, tail);
		attroff(A_REVERSE | A_BOLD);
	}
	attron(A_REVERSE);
	mvprintw(LINES - 1, 0, "%-*s", COLS - 1,
		 " q quit  j/k or arrows move  PgUp/PgDn  g/G top/bottom");
	attroff(A_REVERSE);
}

static void move_cursor(view *v, long delta)
{
	long c = (long)v->cursor + delta;
	if (c < 0)
		c = 0;
	if (c >= (long)v->n_rows)
		c = (long)v->n_rows - 1;
	v->cursor = c < 0 ? 0 : (size_t)c;
}

int tui_run(const kh_tui_args *args)
{
	if (!isatty(STDIN_FILENO) || !isatty(STDOUT_FILENO)) {
		fprintf(stderr, "kehoach: the full-screen view needs a terminal; "
				"use a command (kehoach --help)\n");
		return 2;
	}
	kh_error err;
	view v = {.args = args};
	v.snap = snapshot_take(args->plan, args->store, args->as_of, &err);
	if (!v.snap) {
		char buf[1536];
		fprintf(stderr, "kehoach: %s\n", kh_error_format(&err, buf, sizeof buf));
		return 1;
	}
	build_rows(&v);
	SCREEN *screen = newterm(NULL, stdout, stdin);
	if (!screen) {
		fprintf(stderr, "kehoach: unknown terminal type \"%s\"; try "
				"TERM=xterm-256color or install ncurses-term\n",
			getenv("TERM") ? getenv("TERM") : "");
		snapshot_free(v.snap);
		free(v.rows);
		return 1;
	}
	cbreak();
	noecho();
	keypad(stdscr, TRUE);
	if (!getenv("ESCDELAY"))
		set_escdelay(75);
	int cursor_was = curs_set(0);
	bool quit = false;
	while (!quit) {
		draw(&v);
		refresh();
		int ch = getch();
		int page = LINES > 5 ? LINES - 5 : 1;
		switch (ch) {
		case 'q':
		case 27:
			quit = true;
			break;
		case 'j':
		case KEY_DOWN:
			move_cursor(&v, 1);
			break;
		case 'k':
		case KEY_UP:
			move_cursor(&v, -1);
			break;
		case KEY_NPAGE:
			move_cursor(&v, page);
			break;
		case KEY_PPAGE:
			move_cursor(&v, -page);
			break;
		case 'g':
		case KEY_HOME:
			v.cursor = 0;
			break;
		case 'G':
		case KEY_END:
			move_cursor(&v, (long)v.n_rows);
			break;
		default:
			break;
		}
	}
	if (cursor_was != ERR)
		curs_set(cursor_was);
	endwin();
	delscreen(screen);
	snapshot_free(v.snap);
	free(v.rows);
	return 0;
}
