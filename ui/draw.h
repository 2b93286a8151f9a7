/* Drawing untrusted text: every string from the plan or the database goes
 * to the screen through these, neutralised, clipped by display width, and
 * folded to ASCII when the locale is not UTF-8. */
#ifndef KEHOACH_UI_DRAW_H
#define KEHOACH_UI_DRAW_H

#include <curses.h>
#include <stdbool.h>

/* Set once at start: the terminal cannot show UTF-8. */
void draw_set_ascii(bool ascii);
bool draw_ascii(void);

/* Draw s at (y, x) in at most cols columns with attributes a; when s is
 * wider it ends with an ellipsis.  Returns the columns used. */
int draw_text(WINDOW *w, int y, int x, const char *s, int cols, attr_t a);

/* Same, padding with blanks to exactly cols columns. */
int draw_text_pad(WINDOW *w, int y, int x, const char *s, int cols, attr_t a);

/* Draw s wrapped into the box (y, x, lines, cols); returns lines used
 * (at most `lines`; skip the first `skip` wrapped lines). */
int draw_wrapped(WINDOW *w, int y, int x, const char *s, int cols,
		 int lines, int skip, attr_t a);

/* What draw_text shows of s, on one line: neutralised, ASCII if needed
 * (new string; NULL when out of memory).  For text laid out elsewhere
 * (a form field, a viewer's lines) before it reaches the screen. */
char *draw_displayable(const char *s);

/* Same from the first line, but when s needs more than `lines` lines the
 * last one holds the rest of it, ending with an ellipsis. */
int draw_wrapped_cut(WINDOW *w, int y, int x, const char *s, int cols,
		     int lines, attr_t a);

/* Columns s takes as draw_text shows it (neutralised, ASCII if needed):
 * measure with this, never strlen, before padding or aligning. */
int draw_width(const char *s);

/* Lines s takes when wrapped to cols. */
int draw_wrapped_height(const char *s, int cols);

#endif
