/* Dialogs: bordered panels over the screen, their key loop, and the
 * message, confirm and prompt dialogs.
 *
 * Keys are read from the top panel's window.  Every screen update ends
 * with update_panels() + doupdate(), which leaves no window touched, so
 * wget_wch never repaints a window behind the panel library's back. */
#include "dialog.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <utf8proc.h>
#include <wchar.h>

#include "draw.h"
#include "kehoach/i18n.h"
#include "kehoach/text.h"
#include "theme.h"

/* Below this a box has no room for a line of text. */
#define DLG_MIN_H 3
#define DLG_MIN_W 12

/* Widest message or question box, in columns. */
#define DLG_TEXT_MAX_W 72

/* Consecutive ERRs returned well before the timeout (the terminal is
 * gone) after which dlg_get_key gives Esc so the dialogs back out. */
#define DLG_DEAD_INPUT 50

#define KEY_ESC 27
#define KEY_CTRL_U 21

/* Show w as the dialog's window, on top; false (w deleted) when it cannot
 * have a panel. */
static bool put_window(dlg *d, WINDOW *w)
{
	if (d->panel) {
		WINDOW *old = d->win;
		replace_panel(d->panel, w);
		if (old)
			delwin(old);
	} else {
		d->panel = new_panel(w);
		if (!d->panel) {
			delwin(w);
			d->win = NULL;
			return false;
		}
	}
	d->win = w;
	show_panel(d->panel);
	top_panel(d->panel);
	return true;
}

/* A one-line notice in the middle of the screen, for a screen too small
 * for the dialog (hidden when not even that fits). */
static void place_too_small(dlg *d)
{
	if (LINES < 1 || COLS < 1) {
		if (d->panel)
			hide_panel(d->panel);
		return;
	}
	WINDOW *w = newwin(1, COLS, LINES / 2, 0);
	if (!w) {
		if (d->panel)
			hide_panel(d->panel);
		return;
	}
	if (!put_window(d, w))
		return;
	d->h = 1;
	d->w = COLS;
	werase(w);
	draw_text(w, 0, 0, _("Enlarge the terminal"), COLS,
		  theme_attr(UI_ERROR));
}

bool dlg_place(dlg *d, int h, int w, const char *title)
{
	if (h > LINES)
		h = LINES;
	if (w > COLS)
		w = COLS;
	if (h < DLG_MIN_H || w < DLG_MIN_W) {
		place_too_small(d);
		return false;
	}
	WINDOW *win = newwin(h, w, (LINES - h) / 2, (COLS - w) / 2);
	if (!win) {
		place_too_small(d);
		return false;
	}
	if (!put_window(d, win))
		return false;
	d->h = h;
	d->w = w;
	keypad(win, TRUE);
	werase(win);
	attr_t b = theme_attr(UI_BORDER);
	wborder(win, ACS_VLINE | b, ACS_VLINE | b, ACS_HLINE | b,
		ACS_HLINE | b, ACS_ULCORNER | b, ACS_URCORNER | b,
		ACS_LLCORNER | b, ACS_LRCORNER | b);
	if (title && *title && w > 6) {
		attr_t a = theme_attr(UI_HEADING);
		mvwaddch(win, 0, 2, ' ' | a);
		int used = draw_text(win, 0, 3, title, w - 6, a);
		mvwaddch(win, 0, 3 + used, ' ' | a);
	}
	return true;
}

void dlg_close(dlg *d)
{
	if (d->panel)
		del_panel(d->panel);
	if (d->win)
		delwin(d->win);
	memset(d, 0, sizeof *d);
	update_panels();
	doupdate();
}

static long elapsed_ms(const struct timespec *since)
{
	struct timespec now;
	clock_gettime(CLOCK_MONOTONIC, &now);
	return (long)(now.tv_sec - since->tv_sec) * 1000 +
	       (now.tv_nsec - since->tv_nsec) / 1000000;
}

/* wget_wch, except in the ASCII fallback: there a non-ASCII byte makes
 * wget_wch swallow every key typed in the next second (it waits for the
 * rest of a character the locale cannot decode), so read bytes instead;
 * the callers refuse the non-ASCII ones. */
int dlg_read_key(WINDOW *w, wint_t *wc)
{
	if (!draw_ascii())
		return wget_wch(w, wc);
	int c = wgetch(w);
	if (c == ERR)
		return ERR;
	*wc = (wint_t)c;
	return c >= KEY_MIN ? KEY_CODE_YES : OK;
}

int dlg_get_key(const dlg_host *host, wint_t *key)
{
	int dead = 0;
	for (;;) {
		/* Ctrl-C or a hang-up: back out of the dialog like Esc. */
		if (host && host->interrupted && *host->interrupted) {
			*key = KEY_ESC;
			return OK;
		}
		PANEL *top = panel_below(NULL);
		WINDOW *w = top ? panel_window(top) : stdscr;
		keypad(w, TRUE);
		wtimeout(w, 1000);
		struct timespec start;
		clock_gettime(CLOCK_MONOTONIC, &start);
		wint_t wc = 0;
		int rc = dlg_read_key(w, &wc);
		if (rc == KEY_CODE_YES && wc == KEY_RESIZE) {
			if (host && host->relayout)
				host->relayout(host->ctx);
			*key = KEY_RESIZE;
			return KEY_CODE_YES;
		}
		if (rc != ERR) {
			*key = wc;
			return rc;
		}
		/* ERR long before the timeout: input is closed. */
		if (elapsed_ms(&start) < 500) {
			if (++dead >= DLG_DEAD_INPUT) {
				*key = KEY_ESC;
				return OK;
			}
			continue;
		}
		dead = 0;
		if (host && host->idle) {
			host->idle(host->ctx);
			update_panels();
			doupdate();
		}
	}
}

/* --- message and confirm ------------------------------------------- */

/* Widest line of s (lines split at '\n'), in columns. */
static int widest_line(const char *s)
{
	int best = 0;
	while (s && *s) {
		const char *nl = strchr(s, '\n');
		size_t n = nl ? (size_t)(nl - s) : strlen(s);
		char *line = strndup(s, n);
		if (line) {
			int w = draw_width(line);
			if (w > best)
				best = w;
			free(line);
		}
		s += n + (nl ? 1 : 0);
	}
	return best;
}

/* Place a box holding text wrapped, a blank line and footer, then show
 * it.  On a screen too small, the notice from dlg_place shows instead. */
static void show_text_box(dlg *d, const char *title, const char *text,
			  const char *footer)
{
	int want = widest_line(text);
	int fw = draw_width(footer);
	int tw = draw_width(title ? title : "") + 4;
	if (fw > want)
		want = fw;
	if (tw > want)
		want = tw;
	int max_inner = COLS - 8;
	if (max_inner > DLG_TEXT_MAX_W)
		max_inner = DLG_TEXT_MAX_W;
	if (want > max_inner)
		want = max_inner;
	if (want < 1)
		want = 1;
	int lines = draw_wrapped_height(text, want);
	if (dlg_place(d, lines + 4, want + 4, title)) {
		int inner = d->w - 4;
		int room = d->h - 4;
		if (room < 1) /* too short for the blank line: drop it */
			room = d->h - 3;
		draw_wrapped(d->win, 1, 2, text, inner, room, 0,
			     theme_attr(UI_NORMAL));
		draw_text(d->win, d->h - 2, 2, footer, inner,
			  theme_attr(UI_DIM));
	}
	update_panels();
	doupdate();
}

void dlg_message(const dlg_host *host, const char *title, const char *text)
{
	dlg d = {0};
	int cursor = curs_set(0);
	for (;;) {
		show_text_box(&d, title, text, _("Press any key"));
		wint_t k;
		int rc = dlg_get_key(host, &k);
		if (!(rc == KEY_CODE_YES && k == KEY_RESIZE))
			break;
	}
	dlg_close(&d);
	if (cursor != ERR)
		curs_set(cursor);
}

bool dlg_confirm(const dlg_host *host, const char *title, const char *question)
{
	dlg d = {0};
	int cursor = curs_set(0);
	char footer[160];
	snprintf(footer, sizeof footer, "%s%s%s", _("y/Enter = yes"),
		 draw_ascii() ? " | " : " · ", _("n/Esc = no"));
	bool answer = false;
	for (;;) {
		show_text_box(&d, title, question, footer);
		wint_t k;
		int rc = dlg_get_key(host, &k);
		if (rc == KEY_CODE_YES) {
			if (k == KEY_ENTER) {
				answer = true;
				break;
			}
			continue;
		}
		if (k == 'y' || k == 'Y' || k == '\n' || k == '\r') {
			answer = true;
			break;
		}
		if (k == 'n' || k == 'N' || k == KEY_ESC)
			break;
	}
	dlg_close(&d);
	if (cursor != ERR)
		curs_set(cursor);
	return answer;
}

/* --- the one-line prompt ------------------------------------------- */

typedef struct line_edit {
	char *text;    /* UTF-8, NUL-terminated, at most cap bytes */
	size_t len;
	size_t cap;
	size_t cur;    /* byte offset of the cursor */
	size_t scroll; /* byte offset of the first byte shown */
} line_edit;

bool dlg_is_mark(utf8proc_int32_t cp)
{
	utf8proc_category_t c = utf8proc_category(cp);
	return c == UTF8PROC_CATEGORY_MN || c == UTF8PROC_CATEGORY_MC ||
	       c == UTF8PROC_CATEGORY_ME;
}

/* Can the user type this into a text line?  Controls, format and
 * unassigned characters, line separators and surrogates are refused; in
 * the ASCII fallback only ASCII is. */
bool dlg_typable(wint_t wc)
{
	if (wc < 0x20 || wc == 0x7f || wc > 0x10ffff)
		return false;
	if (draw_ascii() && wc > 0x7e)
		return false;
	if (!utf8proc_codepoint_valid((utf8proc_int32_t)wc))
		return false;
	switch (utf8proc_category((utf8proc_int32_t)wc)) {
	case UTF8PROC_CATEGORY_CC:
	case UTF8PROC_CATEGORY_CF:
	case UTF8PROC_CATEGORY_CS:
	case UTF8PROC_CATEGORY_CO:
	case UTF8PROC_CATEGORY_CN:
	case UTF8PROC_CATEGORY_ZL:
	case UTF8PROC_CATEGORY_ZP:
		return false;
	default:
		return true;
	}
}

/* The code point starting at s[i], or -1. */
static utf8proc_int32_t char_at(const char *s, size_t len, size_t i,
				size_t *n)
{
	utf8proc_int32_t cp = -1;
	utf8proc_ssize_t k = utf8proc_iterate((const utf8proc_uint8_t *)s + i,
					      (utf8proc_ssize_t)(len - i), &cp);
	*n = k > 0 ? (size_t)k : 1;
	return k > 0 ? cp : -1;
}

/* Offset of the character cluster (base and its marks) after i. */
static size_t next_cluster(const line_edit *le, size_t i)
{
	size_t n;
	if (i >= le->len)
		return le->len;
	char_at(le->text, le->len, i, &n);
	i += n;
	while (i < le->len) {
		utf8proc_int32_t cp = char_at(le->text, le->len, i, &n);
		if (cp < 0 || !dlg_is_mark(cp))
			break;
		i += n;
	}
	return i;
}

/* Offset of the character cluster before i. */
static size_t prev_cluster(const line_edit *le, size_t i)
{
	while (i > 0) {
		do
			i--;
		while (i > 0 && ((unsigned char)le->text[i] & 0xc0) == 0x80);
		size_t n;
		utf8proc_int32_t cp = char_at(le->text, le->len, i, &n);
		if (cp < 0 || !dlg_is_mark(cp))
			break;
	}
	return i;
}

/* Replace text[from..to) by s[0..n); false when it would not fit. */
static bool splice(line_edit *le, size_t from, size_t to, const char *s,
		   size_t n)
{
	if (le->len - (to - from) + n > le->cap)
		return false;
	memmove(le->text + from + n, le->text + to, le->len - to + 1);
	memcpy(le->text + from, s, n);
	le->len = le->len - (to - from) + n;
	return true;
}

/* Insert a typed character at the cursor.  A combining mark is composed
 * with the character before it, so NFD typing or pasting ends up NFC. */
static bool insert_char(line_edit *le, wint_t wc)
{
	utf8proc_uint8_t enc[4];
	utf8proc_ssize_t n = utf8proc_encode_char((utf8proc_int32_t)wc, enc);
	if (n <= 0)
		return false;
	if (!dlg_is_mark((utf8proc_int32_t)wc) || le->cur == 0) {
		if (!splice(le, le->cur, le->cur, (const char *)enc, (size_t)n))
			return false;
		le->cur += (size_t)n;
		return true;
	}
	size_t start = prev_cluster(le, le->cur);
	size_t old = le->cur - start;
	char *joined = malloc(old + (size_t)n + 1);
	if (!joined)
		return false;
	memcpy(joined, le->text + start, old);
	memcpy(joined + old, enc, (size_t)n);
	char *nfc = text_nfc(joined, old + (size_t)n);
	free(joined);
	if (!nfc)
		return false;
	size_t m = strlen(nfc);
	bool ok = splice(le, start, le->cur, nfc, m);
	if (ok)
		le->cur = start + m;
	free(nfc);
	return ok;
}

/* Columns s[from..to) takes on the screen, as draw_text shows it. */
static int shown_width(const line_edit *le, size_t from, size_t to)
{
	char *part = strndup(le->text + from, to - from);
	if (!part)
		return 0;
	int w = draw_width(part);
	free(part);
	return w;
}

static void draw_prompt(dlg *d, const char *label, line_edit *le)
{
	if (LINES < 1 || COLS < 1) {
		if (d->panel)
			hide_panel(d->panel);
		return;
	}
	if (!d->win || d->h != 1 || d->w != COLS ||
	    getbegy(d->win) != LINES - 1) {
		WINDOW *w = newwin(1, COLS, LINES - 1, 0);
		if (!w)
			return;
		if (!put_window(d, w))
			return;
		keypad(w, TRUE);
		d->h = 1;
		d->w = COLS;
	}
	WINDOW *w = d->win;
	werase(w);
	int lw = draw_width(label);
	if (lw > COLS / 2)
		lw = COLS / 2;
	/* The label brings its own separator ("Search: "). */
	lw = draw_text(w, 0, 0, label, lw, theme_attr(UI_HEADING));
	int x = lw;
	int area = COLS - x;
	if (area < 2) {
		wmove(w, 0, COLS - 1);
		return;
	}
	/* Scroll so the cursor (which may sit after the last character)
	 * stays inside the area. */
	if (le->cur < le->scroll)
		le->scroll = le->cur;
	if (shown_width(le, 0, le->len) < area)
		le->scroll = 0;
	while (le->scroll < le->cur &&
	       shown_width(le, le->scroll, le->cur) > area - 1)
		le->scroll = next_cluster(le, le->scroll);
	const char *from = le->text + le->scroll;
	size_t fit = text_fit(from, area, NULL);
	char *part = strndup(from, fit);
	if (part)
		draw_text_pad(w, 0, x, part, area, theme_attr(UI_FIELD_ACTIVE));
	free(part);
	int cx = x + shown_width(le, le->scroll, le->cur);
	wmove(w, 0, cx < COLS ? cx : COLS - 1);
}

bool dlg_prompt(const dlg_host *host, const char *label, char *buf,
		size_t size, void (*on_change)(const char *text, void *ctx),
		void *ctx)
{
	if (!buf || size == 0)
		return false;
	line_edit le = {0};
	le.cap = size - 1;
	le.text = malloc(size);
	if (!le.text)
		return false;
	char *start = text_sanitize(buf, false);
	if (start && strlen(start) <= le.cap)
		memcpy(le.text, start, strlen(start) + 1);
	else
		le.text[0] = '\0';
	free(start);
	le.len = strlen(le.text);
	le.cur = le.len;

	dlg d = {0};
	int cursor = curs_set(1);
	bool answer = false;
	for (;;) {
		draw_prompt(&d, label ? label : "", &le);
		update_panels();
		doupdate();
		wint_t k;
		int rc = dlg_get_key(host, &k);
		bool changed = false;
		if (rc == KEY_CODE_YES) {
			switch (k) {
			case KEY_ENTER:
				answer = true;
				break;
			case KEY_LEFT:
				le.cur = prev_cluster(&le, le.cur);
				break;
			case KEY_RIGHT:
				le.cur = next_cluster(&le, le.cur);
				break;
			case KEY_HOME:
				le.cur = 0;
				break;
			case KEY_END:
				le.cur = le.len;
				break;
			case KEY_BACKSPACE:
				if (le.cur > 0) {
					size_t p = prev_cluster(&le, le.cur);
					splice(&le, p, le.cur, "", 0);
					le.cur = p;
					changed = true;
				}
				break;
			case KEY_DC:
				if (le.cur < le.len) {
					size_t n = next_cluster(&le, le.cur);
					splice(&le, le.cur, n, "", 0);
					changed = true;
				}
				break;
			default:
				break;
			}
		} else if (k == KEY_ESC) {
			break;
		} else if (k == '\n' || k == '\r') {
			answer = true;
		} else if (k == 127 || k == 8) {
			if (le.cur > 0) {
				size_t p = prev_cluster(&le, le.cur);
				splice(&le, p, le.cur, "", 0);
				le.cur = p;
				changed = true;
			}
		} else if (k == KEY_CTRL_U) {
			changed = le.len > 0;
			le.text[0] = '\0';
			le.len = le.cur = le.scroll = 0;
		} else if (dlg_typable(k)) {
			changed = insert_char(&le, k);
			if (!changed)
				beep();
		}
		if (answer)
			break;
		if (changed && on_change)
			on_change(le.text, ctx);
	}
	if (answer) {
		char *nfc = text_nfc(le.text, le.len);
		const char *src = nfc ? nfc : le.text;
		size_t n = strlen(src);
		if (n > le.cap) { /* NFC grew: cut at a character boundary */
			n = le.cap;
			while (n > 0 && ((unsigned char)src[n] & 0xc0) == 0x80)
				n--;
		}
		memcpy(buf, src, n);
		buf[n] = '\0';
		free(nfc);
	}
	free(le.text);
	dlg_close(&d);
	if (cursor != ERR)
		curs_set(cursor);
	return answer;
}
