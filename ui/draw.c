/* Neutralised, width-aware text drawing. */
#include "draw.h"

#include <stdlib.h>
#include <string.h>

#include "kehoach/text.h"

static bool ascii_only;

void draw_set_ascii(bool ascii)
{
	ascii_only = ascii;
}

bool draw_ascii(void)
{
	return ascii_only;
}

/* The displayable form of s (new string): sanitised, ASCII if needed. */
static char *displayable(const char *s, bool keep_newlines)
{
	if (ascii_only) {
		char *a = text_ascii(s ? s : "");
		if (a && !keep_newlines)
			for (char *p = a; *p; p++)
				if (*p == '\n')
					*p = ' ';
		return a;
	}
	return text_sanitize(s ? s : "", keep_newlines);
}

char *draw_displayable(const char *s)
{
	return displayable(s, false);
}

int draw_width(const char *s)
{
	char *clean = displayable(s, false);
	int w = clean ? text_width(clean) : 0;
	free(clean);
	return w;
}

int draw_text(WINDOW *w, int y, int x, const char *s, int cols, attr_t a)
{
	if (cols <= 0)
		return 0;
	char *clean = displayable(s, false);
	if (!clean)
		return 0;
	char *cut = text_truncate(clean, cols, ascii_only);
	int used = 0;
	if (cut) {
		used = text_width(cut);
		wattr_set(w, a, PAIR_NUMBER(a), NULL);
		mvwaddstr(w, y, x, cut);
		wattr_set(w, A_NORMAL, 0, NULL);
	}
	free(cut);
	free(clean);
	return used;
}

int draw_text_pad(WINDOW *w, int y, int x, const char *s, int cols, attr_t a)
{
	int used = draw_text(w, y, x, s, cols, a);
	if (used < cols) {
		wattr_set(w, a, PAIR_NUMBER(a), NULL);
		mvwhline(w, y, x + used, ' ', cols - used);
		wattr_set(w, A_NORMAL, 0, NULL);
	}
	return cols;
}

int draw_wrapped_height(const char *s, int cols)
{
	char *clean = displayable(s, true);
	if (!clean)
		return 0;
	size_t n = text_wrap(clean, cols, NULL, NULL);
	free(clean);
	return (int)n;
}

/* draw_wrapped; with cut_last, a text longer than the box puts the rest
 * of it on the last line, cut with an ellipsis. */
static int wrapped(WINDOW *w, int y, int x, const char *s, int cols,
		   int lines, int skip, attr_t a, bool cut_last)
{
	char *clean = displayable(s, true);
	if (!clean)
		return 0;
	size_t *starts = NULL, *lens = NULL;
	size_t n = text_wrap(clean, cols, &starts, &lens);
	size_t first = (size_t)(skip > 0 ? skip : 0);
	bool cut = cut_last && lines > 0 && n > first + (size_t)lines;
	int drawn = 0, whole = cut ? lines - 1 : lines;
	wattr_set(w, a, PAIR_NUMBER(a), NULL);
	for (size_t i = first; i < n && drawn < whole; i++, drawn++)
		mvwaddnstr(w, y + drawn, x, clean + starts[i], (int)lens[i]);
	wattr_set(w, A_NORMAL, 0, NULL);
	if (cut) {
		draw_text(w, y + drawn, x, clean + starts[first + (size_t)drawn],
			  cols, a);
		drawn++;
	}
	free(starts);
	free(lens);
	free(clean);
	return drawn;
}

int draw_wrapped(WINDOW *w, int y, int x, const char *s, int cols,
		 int lines, int skip, attr_t a)
{
	return wrapped(w, y, x, s, cols, lines, skip, a, false);
}

int draw_wrapped_cut(WINDOW *w, int y, int x, const char *s, int cols,
		     int lines, attr_t a)
{
	return wrapped(w, y, x, s, cols, lines, 0, a, true);
}
