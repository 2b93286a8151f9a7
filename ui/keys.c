/* The action table and the default key bindings. */
#include "keys.h"

#include <curses.h>
#include <stdio.h>
#include <string.h>

static const action_info actions[ACT_COUNT] = {
	[ACT_NONE] = {"none", "", NULL},
	[ACT_UP] = {"up", "move up (in the detail pane: scroll)", NULL},
	[ACT_DOWN] = {"down", "move down (in the detail pane: scroll)", NULL},
	[ACT_PAGE_UP] = {"page-up", "one screen up", NULL},
	[ACT_PAGE_DOWN] = {"page-down", "one screen down", NULL},
	[ACT_HOME] = {"first", "go to the first row", NULL},
	[ACT_END] = {"last", "go to the last row", NULL},
	[ACT_TOGGLE] = {"toggle", "open or close a section or task; edit a "
				  "target", "open"},
	[ACT_OPEN] = {"open", "open a section or task", NULL},
	[ACT_CLOSE] = {"close", "close it, or go to the row above it", NULL},
	[ACT_OPEN_ALL] = {"open-all", "open every section and task (again: "
				      "close the tasks)", NULL},
	[ACT_PANE] = {"pane", "switch between the tree and the detail pane",
		      "pane"},
	[ACT_EDIT] = {"edit", "record a figure for the target", "edit"},
	[ACT_SEARCH] = {"search", "search (diacritics and case ignored)",
			"search"},
	[ACT_SEARCH_NEXT] = {"search-next", "next match", NULL},
	[ACT_SEARCH_PREV] = {"search-prev", "previous match", NULL},
	[ACT_FILTER_BEHIND] = {"behind-only", "show only what needs "
					      "attention (toggle)", "behind"},
	[ACT_NEXT_BEHIND] = {"next-behind", "next target that needs attention",
			     "next"},
	[ACT_PREV_BEHIND] = {"prev-behind", "previous target that needs "
					    "attention", NULL},
	[ACT_PERIOD] = {"period", "switch the reporting period (as of its "
				  "cut-off)", "period"},
	[ACT_AS_OF] = {"as-of", "judge as of another date", "date"},
	[ACT_UNDO] = {"undo", "retract the target's latest entry (asks "
			      "first)", "undo"},
	[ACT_WHO] = {"who-reported", "who has reported, unit by period; jump "
				     "to what is owed", "who"},
	[ACT_REPORT] = {"report", "preview the period's report; save it to a "
				  "file", "report"},
	[ACT_IMPORT] = {"import", "import a unit's CSV: see the diff, then "
				  "write", "import"},
	[ACT_CLOSE_PERIOD] = {"close-period", "close the period (or reopen a "
					      "closed one)", NULL},
	[ACT_HELP] = {"help", "this help", "help"},
	[ACT_REDRAW] = {"redraw", "redraw the screen", NULL},
	[ACT_BACK] = {"back", "back out: clear the search or the filter", NULL},
	[ACT_QUIT] = {"quit", "quit", "quit"},
};

#define CH(c, a) {(wint_t)(c), false, a}
#define CODE(c, a) {(wint_t)(c), true, a}

static const binding bindings[] = {
	CH('k', ACT_UP), CODE(KEY_UP, ACT_UP),
	CH('j', ACT_DOWN), CODE(KEY_DOWN, ACT_DOWN),
	CODE(KEY_PPAGE, ACT_PAGE_UP), CH(0x02, ACT_PAGE_UP),
	CODE(KEY_NPAGE, ACT_PAGE_DOWN), CH(0x06, ACT_PAGE_DOWN),
	CH('g', ACT_HOME), CODE(KEY_HOME, ACT_HOME),
	CH('G', ACT_END), CODE(KEY_END, ACT_END),
	CH('\n', ACT_TOGGLE), CH('\r', ACT_TOGGLE), CODE(KEY_ENTER, ACT_TOGGLE),
	CH(' ', ACT_TOGGLE),
	CH('l', ACT_OPEN), CODE(KEY_RIGHT, ACT_OPEN),
	CH('h', ACT_CLOSE), CODE(KEY_LEFT, ACT_CLOSE),
	CH('*', ACT_OPEN_ALL),
	CH('\t', ACT_PANE),
	CH('e', ACT_EDIT),
	CH('/', ACT_SEARCH),
	CH('n', ACT_SEARCH_NEXT),
	CH('N', ACT_SEARCH_PREV),
	CH('b', ACT_FILTER_BEHIND),
	CH(']', ACT_NEXT_BEHIND),
	CH('[', ACT_PREV_BEHIND),
	CH('p', ACT_PERIOD),
	CH('d', ACT_AS_OF),
	CH('u', ACT_UNDO),
	CH('w', ACT_WHO),
	CH('r', ACT_REPORT),
	CH('i', ACT_IMPORT),
	CH('C', ACT_CLOSE_PERIOD),
	CH('?', ACT_HELP), CODE(KEY_F(1), ACT_HELP),
	CH(0x0c, ACT_REDRAW),
	CH(27, ACT_BACK),
	CH('q', ACT_QUIT),
};

const action_info *keys_info(action act)
{
	if ((int)act < 0 || act >= ACT_COUNT)
		return &actions[ACT_NONE];
	return &actions[act];
}

action keys_lookup(wint_t key, bool is_code)
{
	for (size_t i = 0; i < sizeof bindings / sizeof bindings[0]; i++)
		if (bindings[i].key == key && bindings[i].is_code == is_code)
			return bindings[i].act;
	return ACT_NONE;
}

const binding *keys_bindings(size_t *n)
{
	*n = sizeof bindings / sizeof bindings[0];
	return bindings;
}

const char *keys_name(const binding *b, char *buf, size_t size)
{
	static const struct {
		int code;
		const char *name;
	} codes[] = {
		{KEY_UP, "Up"}, {KEY_DOWN, "Down"}, {KEY_LEFT, "Left"},
		{KEY_RIGHT, "Right"}, {KEY_PPAGE, "PgUp"}, {KEY_NPAGE, "PgDn"},
		{KEY_HOME, "Home"}, {KEY_END, "End"}, {KEY_ENTER, "Enter"},
		{KEY_F(1), "F1"},
	};
	if (b->is_code) {
		for (size_t i = 0; i < sizeof codes / sizeof codes[0]; i++)
			if ((wint_t)codes[i].code == b->key) {
				snprintf(buf, size, "%s", codes[i].name);
				return buf;
			}
		snprintf(buf, size, "key %u", (unsigned)b->key);
		return buf;
	}
	switch (b->key) {
	case '\n': snprintf(buf, size, "Enter"); break;
	case '\r': snprintf(buf, size, "Ctrl-M"); break;
	case ' ': snprintf(buf, size, "Space"); break;
	case '\t': snprintf(buf, size, "Tab"); break;
	case 27: snprintf(buf, size, "Esc"); break;
	default:
		if (b->key < 0x20)
			snprintf(buf, size, "Ctrl-%c", (char)('@' + b->key));
		else
			snprintf(buf, size, "%lc", (wint_t)b->key);
	}
	return buf;
}

const char *keys_for_action(action act, char *buf, size_t size)
{
	buf[0] = '\0';
	for (size_t i = 0; i < sizeof bindings / sizeof bindings[0]; i++) {
		/* Ctrl-M and the keypad's Enter are the same key to people. */
		bool alias = bindings[i].is_code
				     ? bindings[i].key == (wint_t)KEY_ENTER
				     : bindings[i].key == '\r';
		if (bindings[i].act != act || alias)
			continue;
		char name[32];
		keys_name(&bindings[i], name, sizeof name);
		size_t len = strlen(buf);
		snprintf(buf + len, size - len, "%s%s", len ? "/" : "", name);
	}
	return buf;
}

const char *keys_first(action act, char *buf, size_t size)
{
	buf[0] = '\0';
	for (size_t i = 0; i < sizeof bindings / sizeof bindings[0]; i++)
		if (bindings[i].act == act)
			return keys_name(&bindings[i], buf, size);
	return buf;
}
