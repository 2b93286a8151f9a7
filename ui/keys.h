/* Every action of the main screen, listed once with its name and help;
 * the default key bindings are data.  The dispatcher, the footer and the
 * help screen all read the bindings in force, so they cannot drift apart.
 *
 * The config file's keys: section binds keys by action name:
 *   move_up move_down page_up page_down first_row last_row toggle open
 *   close open_all pane edit search search_next search_prev behind_only
 *   next_behind prev_behind period as_of undo who_reported report import
 *   close_period help redraw back quit
 * A key is one ASCII character ("E", "/"), a control key ("^E", "C-e",
 * "Ctrl-E") or a name: Enter, Tab, Esc, Space, Up, Down, Left, Right,
 * PgUp, PgDn, Home, End, F1..F12 (any case).  Binding an action replaces
 * its default keys, except the arrows, PgUp/PgDn, Home/End and F1, which
 * it keeps unless the file gives them to another action; the new key is
 * the one the footer shows.  A key may do one thing: binding a key that
 * another action has by default needs that action rebound too. */
#ifndef KEHOACH_UI_KEYS_H
#define KEHOACH_UI_KEYS_H

#include <stdbool.h>
#include <stddef.h>
#include <wchar.h>

#include "kehoach/config.h"
#include "kehoach/error.h"

typedef enum action {
	ACT_NONE = 0,
	ACT_UP,
	ACT_DOWN,
	ACT_PAGE_UP,
	ACT_PAGE_DOWN,
	ACT_HOME,
	ACT_END,
	ACT_TOGGLE,
	ACT_OPEN,
	ACT_CLOSE,
	ACT_OPEN_ALL,
	ACT_PANE,
	ACT_EDIT,
	ACT_SEARCH,
	ACT_SEARCH_NEXT,
	ACT_SEARCH_PREV,
	ACT_FILTER_BEHIND,
	ACT_NEXT_BEHIND,
	ACT_PREV_BEHIND,
	ACT_PERIOD,
	ACT_AS_OF,
	ACT_UNDO,
	ACT_WHO,
	ACT_REPORT,
	ACT_IMPORT,
	ACT_CLOSE_PERIOD,
	ACT_HELP,
	ACT_REDRAW,
	ACT_BACK,
	ACT_QUIT,
	ACT_COUNT
} action;

typedef struct action_info {
	const char *name;  /* "next_behind", as the config file names it */
	const char *help;  /* "go to the next target that needs attention" */
	const char *hint;  /* short footer word ("edit"), NULL: not in footer */
} action_info;

typedef struct binding {
	wint_t key;        /* a character, or a KEY_* code when is_code */
	bool is_code;
	action act;
} binding;

/* Info for an action (never NULL), its help and hint in the language in
 * use (valid until the next call for the same action). */
const action_info *keys_info(action act);

/* The action the config file calls name ("edit"), ACT_NONE if none. */
action keys_action_named(const char *name);

/* A key as the config file writes it (see above) into *out (act unset).
 * False with *why (a sentence for people, translated) if it is no key
 * kehoach can bind. */
bool keys_parse(const char *text, binding *out, const char **why);

/* Bind the config's keys (c may be NULL: the defaults), or fill err with
 * FILE:LINE:COL and keep the bindings as they were. */
bool keys_configure(const kh_config *c, kh_error *err);

/* Back to the default bindings. */
void keys_reset(void);

/* Before curses starts: the theme (KEHOACH_THEME, the config's) and the
 * config's keys.  On a problem, says it on stderr and returns false (the
 * caller exits with 2). */
bool ui_config_apply(const kh_config *c);

/* The action bound to a key (get_wch's result), ACT_NONE if none. */
action keys_lookup(wint_t key, bool is_code);

/* The bindings in force, for the help screen: *n receives the count. */
const binding *keys_bindings(size_t *n);

/* A key's name for people: "j", "Down", "PgDn", "Enter", "Space", "Esc",
 * "Tab", "Ctrl-L", "F5" (the names keys_parse reads back).  Returns buf. */
const char *keys_name(const binding *b, char *buf, size_t size);

/* The name of the first key bound to act ("j"), "" if none.  Returns
 * buf. */
const char *keys_first(action act, char *buf, size_t size);

/* All key names bound to act, joined by "/" ("j/Down").  Returns buf. */
const char *keys_for_action(action act, char *buf, size_t size);

#endif
