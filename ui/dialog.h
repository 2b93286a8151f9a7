/* Dialogs: panels on top of the screen, each running its own small key
 * loop until the user answers.  On KEY_RESIZE a dialog asks its host to
 * lay out and redraw the screen below, then re-centres itself. */
#ifndef KEHOACH_UI_DIALOG_H
#define KEHOACH_UI_DIALOG_H

#include <curses.h>
#include <panel.h>
#include <signal.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <wchar.h>

/* What a dialog needs from the screen below it. */
typedef struct dlg_host {
	/* The terminal was resized: re-layout and redraw every panel below
	 * the dialogs (no doupdate; the dialog calls it after redrawing). */
	void (*relayout)(void *ctx);
	/* Called when the key loop has been idle for a second; may refresh
	 * the screen below (another clerk saved).  May be NULL. */
	void (*idle)(void *ctx);
	void *ctx;
	/* Set by a signal handler (may be NULL): while set, every dialog
	 * backs out as if Esc had been pressed. */
	volatile sig_atomic_t *interrupted;
} dlg_host;

/* A bordered, centred window with its panel. */
typedef struct dlg {
	WINDOW *win;
	PANEL *panel;
	int h, w;
} dlg;

/* Open (or, if d->win is set, re-centre after a resize) a dialog of h×w
 * cells, clamped to the screen, with a title in its top border.  Returns
 * false when the screen is too small for it. */
bool dlg_place(dlg *d, int h, int w, const char *title);
void dlg_close(dlg *d);

/* Is this code point a combining mark (it joins the character before)? */
bool dlg_is_mark(int32_t cp);

/* May the user type this character into a text field?  Controls, format,
 * unassigned characters, separators and surrogates are refused; in the
 * ASCII fallback only ASCII is accepted. */
bool dlg_typable(wint_t wc);

/* Read one key from w as wget_wch does; in an ASCII locale with wgetch,
 * because there wget_wch swallows the keys typed in the next second. */
int dlg_read_key(WINDOW *w, wint_t *wc);

/* Wait for a key, as get_wch does (returns OK or KEY_CODE_YES; ERR never
 * reaches the caller): handles resizes via host->relayout (then returns
 * KEY_RESIZE so the dialog redraws) and calls host->idle once a second. */
int dlg_get_key(const dlg_host *host, wint_t *key);

/* Show a message (text wrapped, from the program, may include '\n') until
 * any key. */
void dlg_message(const dlg_host *host, const char *title, const char *text);

/* Ask a yes/no question: y or Enter -> true; n or Esc -> false. */
bool dlg_confirm(const dlg_host *host, const char *title, const char *question);

/* One-line text prompt at the bottom of the screen (search, date).  buf
 * holds the initial text and receives the answer (UTF-8, NFC).  on_change
 * (may be NULL) is called after each edit with the current text, for
 * incremental search.  Enter -> true; Esc -> false (buf restored). */
bool dlg_prompt(const dlg_host *host, const char *label, char *buf,
		size_t size, void (*on_change)(const char *text, void *ctx),
		void *ctx);

#endif
