/* Every action of the main screen, listed once with its name and help;
 * the default key bindings are data.  The dispatcher and the help screen
 * both read these tables, so they cannot drift apart. */
#ifndef KEHOACH_UI_KEYS_H
#define KEHOACH_UI_KEYS_H

#include <stdbool.h>
#include <stddef.h>
#include <wchar.h>

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
	const char *name;  /* "next-behind" */
	const char *help;  /* "go to the next target that needs attention" */
	const char *hint;  /* short footer word ("edit"), NULL: not in footer */
} action_info;

typedef struct binding {
	wint_t key;        /* a character, or a KEY_* code when is_code */
	bool is_code;
	action act;
} binding;

/* Info for an action (never NULL). */
const action_info *keys_info(action act);

/* The action bound to a key (get_wch's result), ACT_NONE if none. */
action keys_lookup(wint_t key, bool is_code);

/* The default bindings, for the help screen: *n receives the count. */
const binding *keys_bindings(size_t *n);

/* A key's name for people: "j", "Down", "PgDn", "Enter", "Space", "Esc",
 * "Tab", "Ctrl-L".  Returns buf. */
const char *keys_name(const binding *b, char *buf, size_t size);

/* The name of the first key bound to act ("j"), "" if none.  Returns
 * buf. */
const char *keys_first(action act, char *buf, size_t size);

/* All key names bound to act, joined by "/" ("j/Down").  Returns buf. */
const char *keys_for_action(action act, char *buf, size_t size);

#endif
