/* The text viewer dialog. */
#include "viewer.h"

#include <stdlib.h>
#include <string.h>

#include "draw.h"
#include "kehoach/text.h"
#include "theme.h"

#define KEY_ESC 27

typedef struct view_line {
	size_t start, len; /* bytes in the text */
	size_t source;     /* index of the text line it belongs to */
} view_line;

/* Wrap every text line to cols; returns the number of screen lines. */
static size_t layout_lines(const char *text, int cols, view_line **out)
{
	size_t cap = 64, n = 0, source = 0;
	view_line *lines = malloc(cap * sizeof *lines);
	if (!lines)
		return 0;
	const char *p = text;
	for (;;) {
		const char *nl = strchr(p, '\n');
		size_t len = nl ? (size_t)(nl - p) : strlen(p);
		char *one = strndup(p, len);
		size_t *starts = NULL, *lens = NULL;
		size_t k = one ? text_wrap(one, cols, &starts, &lens) : 0;
		if (k == 0) { /* an empty line */
			k = 1;
			free(starts);
			free(lens);
			starts = calloc(1, sizeof *starts);
			lens = calloc(1, sizeof *lens);
		}
		for (size_t i = 0; starts && lens && i < k; i++) {
			if (n == cap) {
				view_line *grown = realloc(lines, 2 * cap * sizeof *lines);
				if (!grown)
					break;
				lines = grown;
				cap *= 2;
			}
			lines[n++] = (view_line){(size_t)(p - text) + starts[i],
						 lens[i], source};
		}
		free(starts);
		free(lens);
		free(one);
		source++;
		/* A final newline ends the last line; it starts none. */
		if (!nl || !nl[1])
			break;
		p = nl + 1;
	}
	*out = lines;
	return n;
}

static void draw(dlg *d, const char *title, const char *hint,
		 const char *text, const view_line *lines, size_t n,
		 size_t top, size_t cursor, bool select)
{
	werase(d->win);
	attr_t border = theme_attr(UI_BORDER);
	wattr_set(d->win, border, PAIR_NUMBER(border), NULL);
	box(d->win, 0, 0);
	wattr_set(d->win, A_NORMAL, 0, NULL);
	draw_text(d->win, 0, 2, title, d->w - 4, theme_attr(UI_HEADING));
	int rows = d->h - 2;
	for (int y = 0; y < rows && top + (size_t)y < n; y++) {
		const view_line *l = &lines[top + (size_t)y];
		char *s = strndup(text + l->start, l->len);
		bool sel = select && l->source == lines[cursor].source;
		if (sel) {
			attr_t a = theme_attr(UI_SELECTED);
			wattr_set(d->win, a, PAIR_NUMBER(a), NULL);
			mvwhline(d->win, 1 + y, 1, ' ', d->w - 2);
		}
		draw_text(d->win, 1 + y, 2, s ? s : "", d->w - 4,
			  sel ? theme_attr(UI_SELECTED) : A_NORMAL);
		free(s);
	}
	char where[64];
	snprintf(where, sizeof where, " %zu%% ", n > (size_t)rows && n > 0
		 ? (top + (size_t)rows >= n ? 100 : (top + (size_t)rows) * 100 / n)
		 : 100);
	draw_text(d->win, d->h - 1, 2, hint, d->w - 12, theme_attr(UI_DIM));
	draw_text(d->win, d->h - 1, d->w - 8, where, 6, theme_attr(UI_DIM));
}

int viewer_run(const dlg_host *host, const char *title, const char *hint,
	       const char *text, bool select, size_t *line, const char *keys)
{
	dlg d = {0};
	view_line *lines = NULL;
	size_t n = 0, top = 0, cursor = 0;
	int width = -1, result = KEY_ESC;
	for (;;) {
		/* The whole width: reports are laid out for 76 columns. */
		if (!dlg_place(&d, LINES - 2, COLS, NULL))
			goto wait;
		if (d.w - 4 != width) {
			free(lines);
			width = d.w - 4;
			n = layout_lines(text, width, &lines);
			if (cursor >= n)
				cursor = n ? n - 1 : 0;
		}
		{
			size_t rows = (size_t)(d.h > 2 ? d.h - 2 : 1);
			if (select) {
				if (cursor < top)
					top = cursor;
				if (cursor >= top + rows)
					top = cursor - rows + 1;
			}
			if (top + rows > n)
				top = n > rows ? n - rows : 0;
			draw(&d, title, hint, text, lines, n, top, cursor, select);
		}
		update_panels();
		doupdate();
wait:;
		wint_t key;
		int kind = dlg_get_key(host, &key);
		if (kind == KEY_CODE_YES && key == KEY_RESIZE)
			continue;
		size_t page = (size_t)(d.h > 3 ? d.h - 3 : 1);
		size_t *pos = select ? &cursor : &top;
		bool code = kind == KEY_CODE_YES;
		if ((code && key == KEY_DOWN) || (!code && key == 'j')) {
			if (*pos + 1 < n)
				(*pos)++;
		} else if ((code && key == KEY_UP) || (!code && key == 'k')) {
			if (*pos > 0)
				(*pos)--;
		} else if ((code && key == KEY_NPAGE) || (!code && key == ' ')) {
			*pos = *pos + page < n ? *pos + page : (n ? n - 1 : 0);
		} else if (code && key == KEY_PPAGE) {
			*pos = *pos > page ? *pos - page : 0;
		} else if ((code && key == KEY_HOME) || (!code && key == 'g')) {
			*pos = 0;
		} else if ((code && key == KEY_END) || (!code && key == 'G')) {
			*pos = n ? n - 1 : 0;
		} else if (!code && (key == KEY_ESC || key == 'q')) {
			result = KEY_ESC;
			break;
		} else if (select && ((!code && (key == '\n' || key == '\r')) ||
				      (code && key == KEY_ENTER))) {
			result = '\n';
			if (line && n)
				*line = lines[cursor].source;
			break;
		} else if (!code && keys && key < 128 && key > 0 &&
			   strchr(keys, (int)key)) {
			result = (int)key;
			break;
		}
	}
	free(lines);
	dlg_close(&d);
	return result;
}
