/* The action table, the default key bindings, and the bindings in force
 * (the defaults, or the config file's over them). */
#include "keys.h"

#include <curses.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "kehoach/i18n.h"
#include "kehoach/text.h"
#include "theme.h"

static const action_info actions[ACT_COUNT] = {
	[ACT_NONE] = {"none", "", NULL},
	[ACT_UP] = {"move_up", N_("move up (in the detail pane: scroll)"),
		    NULL},
	[ACT_DOWN] = {"move_down", N_("move down (in the detail pane: "
				      "scroll)"), NULL},
	[ACT_PAGE_UP] = {"page_up", N_("one screen up"), NULL},
	[ACT_PAGE_DOWN] = {"page_down", N_("one screen down"), NULL},
	[ACT_HOME] = {"first_row", N_("go to the first row"), NULL},
	[ACT_END] = {"last_row", N_("go to the last row"), NULL},
	[ACT_TOGGLE] = {"toggle", N_("open or close a section or task; edit "
				     "a target"), N_("open")},
	[ACT_OPEN] = {"open", N_("open a section or task"), NULL},
	[ACT_CLOSE] = {"close", N_("close it, or go to the row above it"),
		       NULL},
	[ACT_OPEN_ALL] = {"open_all", N_("open every section and task "
					 "(again: close the tasks)"), NULL},
	[ACT_PANE] = {"pane", N_("switch between the tree and the detail "
				 "pane"), N_("pane")},
	[ACT_EDIT] = {"edit", N_("record a figure for the target"),
		      N_("edit")},
	[ACT_SEARCH] = {"search", N_("search (diacritics and case ignored)"),
			N_("search")},
	[ACT_SEARCH_NEXT] = {"search_next", N_("next match"), NULL},
	[ACT_SEARCH_PREV] = {"search_prev", N_("previous match"), NULL},
	[ACT_FILTER_BEHIND] = {"behind_only", N_("show only what needs "
						 "attention (toggle)"),
			       N_("behind only")},
	[ACT_NEXT_BEHIND] = {"next_behind", N_("next target that needs "
					       "attention"), N_("next")},
	[ACT_PREV_BEHIND] = {"prev_behind", N_("previous target that needs "
					       "attention"), NULL},
	[ACT_PERIOD] = {"period", N_("switch the reporting period (as of its "
				     "cut-off)"), N_("period")},
	[ACT_AS_OF] = {"as_of", N_("judge as of another date"), N_("date")},
	[ACT_UNDO] = {"undo", N_("retract the target's latest entry (asks "
				 "first)"), N_("undo")},
	[ACT_WHO] = {"who_reported", N_("who has reported, unit by period; "
					"jump to what is owed"), N_("who")},
	[ACT_REPORT] = {"report", N_("preview the period's report; save it "
				     "to a file"), N_("report")},
	[ACT_IMPORT] = {"import", N_("import a unit's CSV: see the diff, then "
				     "write"), N_("import")},
	[ACT_CLOSE_PERIOD] = {"close_period", N_("close the period (or "
						 "reopen a closed one)"),
			      NULL},
	[ACT_HELP] = {"help", N_("this help"), N_("help")},
	[ACT_REDRAW] = {"redraw", N_("redraw the screen"), NULL},
	[ACT_BACK] = {"back", N_("back out: leave the detail pane, clear the "
			   "search or the filter"),
		      NULL},
	[ACT_QUIT] = {"quit", N_("quit"), N_("quit")},
};

#define CH(c, a) {(wint_t)(c), false, a}
#define CODE(c, a) {(wint_t)(c), true, a}

static const binding defaults[] = {
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


#define N_DEFAULTS (sizeof defaults / sizeof defaults[0])
/* Room for the defaults and three raw keys per configured one. */
#define MAX_BINDINGS (N_DEFAULTS + 3 * 256)

static binding table[MAX_BINDINGS];
static size_t n_table;
static bool ready;

static void ensure_table(void)
{
	if (ready)
		return;
	memcpy(table, defaults, sizeof defaults);
	n_table = N_DEFAULTS;
	ready = true;
}

void keys_reset(void)
{
	ready = false;
	ensure_table();
}

const action_info *keys_info(action act)
{
	static action_info shown[ACT_COUNT];
	if ((int)act < 0 || act >= ACT_COUNT)
		act = ACT_NONE;
	const action_info *a = &actions[act];
	/* gettext("") is the catalogue's header: keep "" as it is. */
	shown[act] = (action_info){
		a->name, a->help[0] ? _(a->help) : a->help,
		a->hint ? _(a->hint) : NULL};
	return &shown[act];
}

action keys_action_named(const char *name)
{
	for (int a = ACT_NONE + 1; a < ACT_COUNT; a++)
		if (strcmp(name, actions[a].name) == 0)
			return (action)a;
	return ACT_NONE;
}

action keys_lookup(wint_t key, bool is_code)
{
	ensure_table();
	for (size_t i = 0; i < n_table; i++)
		if (table[i].key == key && table[i].is_code == is_code)
			return table[i].act;
	return ACT_NONE;
}

const binding *keys_bindings(size_t *n)
{
	ensure_table();
	*n = n_table;
	return table;
}

/* ---- key names ---- */

static const struct {
	const char *name;
	wint_t key;
	bool is_code;
} named_keys[] = {
	{"Enter", '\n', false}, {"Return", '\n', false},
	{"Tab", '\t', false}, {"Esc", 27, false}, {"Escape", 27, false},
	{"Space", ' ', false},
	{"Up", KEY_UP, true}, {"Down", KEY_DOWN, true},
	{"Left", KEY_LEFT, true}, {"Right", KEY_RIGHT, true},
	{"PgUp", KEY_PPAGE, true}, {"PageUp", KEY_PPAGE, true},
	{"PgDn", KEY_NPAGE, true}, {"PageDown", KEY_NPAGE, true},
	{"Home", KEY_HOME, true}, {"End", KEY_END, true},
};

/* "^E", "C-e", "Ctrl-E", "Ctrl+E": the letter, else 0. */
static int control_letter(const char *s)
{
	size_t skip = 0;
	if (s[0] == '^')
		skip = 1;
	else if ((s[0] == 'C' || s[0] == 'c') && s[1] == '-')
		skip = 2;
	else if (strncasecmp(s, "ctrl-", 5) == 0 ||
		 strncasecmp(s, "ctrl+", 5) == 0)
		skip = 5;
	if (!skip || !s[skip] || s[skip + 1])
		return 0;
	int c = (unsigned char)s[skip];
	if (c >= 'a' && c <= 'z')
		c -= 'a' - 'A';
	return c >= 'A' && c <= 'Z' ? c : -1;
}

bool keys_parse(const char *text, binding *out, const char **why)
{
	*out = (binding){0, false, ACT_NONE};
	*why = NULL;
	size_t len = strlen(text);
	unsigned char c0 = (unsigned char)text[0];
	if (len == 1 && c0 >= 0x20 && c0 < 0x7f) {
		out->key = c0;
		return true;
	}
	for (size_t i = 0; i < sizeof named_keys / sizeof named_keys[0]; i++)
		if (strcasecmp(text, named_keys[i].name) == 0) {
			out->key = named_keys[i].key;
			out->is_code = named_keys[i].is_code;
			return true;
		}
	if ((c0 == 'F' || c0 == 'f') && len >= 2 && len <= 3 &&
	    strspn(text + 1, "0123456789") == len - 1) {
		int n = atoi(text + 1);
		if (n >= 1 && n <= 12) {
			out->key = (wint_t)KEY_F(n);
			out->is_code = true;
			return true;
		}
		*why = _("function keys go from F1 to F12");
		return false;
	}
	int letter = control_letter(text);
	if (letter > 0) {
		if (strchr("CZSQ", letter)) {
			*why = _("the terminal keeps Ctrl-C, Ctrl-Z, Ctrl-S and "
				 "Ctrl-Q for itself: choose another key");
			return false;
		}
		/* Ctrl-I is Tab and Ctrl-J/Ctrl-M are Enter to a terminal. */
		out->key = letter == 'I' ? '\t'
			   : letter == 'J' || letter == 'M' ? '\n'
			   : (wint_t)(letter - '@');
		return true;
	}
	if (letter < 0) {
		*why = _("a control key is Ctrl with a letter, e.g. ^E");
		return false;
	}
	if (c0 >= 0x80) {
		*why = _("use an ASCII letter, digit or sign: what an accented "
			 "letter sends depends on the keyboard's input method");
		return false;
	}
	*why = _("write one character (E), a control key (^E) or a key name: "
		 "Enter, Tab, Esc, Space, Up, Down, Left, Right, PgUp, PgDn, "
		 "Home, End, F1 to F12");
	return false;
}

const char *keys_name(const binding *b, char *buf, size_t size)
{
	if (b->is_code) {
		if (b->key == (wint_t)KEY_ENTER) {
			snprintf(buf, size, "Enter");
			return buf;
		}
		for (int n = 1; n <= 12; n++)
			if (b->key == (wint_t)KEY_F(n)) {
				snprintf(buf, size, "F%d", n);
				return buf;
			}
		for (size_t i = 0; i < sizeof named_keys / sizeof named_keys[0];
		     i++)
			if (named_keys[i].is_code && named_keys[i].key == b->key) {
				snprintf(buf, size, "%s", named_keys[i].name);
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

/* Ctrl-M and the keypad's Enter are the same key to people as Enter. */
static bool enter_alias(const binding *b)
{
	return b->is_code ? b->key == (wint_t)KEY_ENTER : b->key == '\r';
}

const char *keys_for_action(action act, char *buf, size_t size)
{
	ensure_table();
	buf[0] = '\0';
	for (size_t i = 0; i < n_table; i++) {
		if (table[i].act != act || enter_alias(&table[i]))
			continue;
		char name[32];
		keys_name(&table[i], name, sizeof name);
		size_t len = strlen(buf);
		snprintf(buf + len, size - len, "%s%s", len ? "/" : "", name);
	}
	return buf;
}

const char *keys_first(action act, char *buf, size_t size)
{
	ensure_table();
	buf[0] = '\0';
	for (size_t i = 0; i < n_table; i++)
		if (table[i].act == act)
			return keys_name(&table[i], buf, size);
	return buf;
}

/* ---- the config file's bindings ---- */

/* What the file wrote, quoted in a message: at most 40 bytes, never half
 * a character, so a long word cannot push the advice out of the message. */
static const char *clipped(const char *s, char buf[48])
{
	size_t n = strlen(s);
	if (n <= 40)
		return s;
	n = 40;
	while (n > 0 && ((unsigned char)s[n] & 0xc0) == 0x80)
		n--;
	memcpy(buf, s, n);
	memcpy(buf + n, "...", 4);
	return buf;
}

struct build {
	binding b[MAX_BINDINGS];
	size_t n;
	/* For each binding from the file: which config entry wrote it. */
	const kh_config_key *from[MAX_BINDINGS];
};

static size_t find(const struct build *nb, const binding *k)
{
	for (size_t i = 0; i < nb->n; i++)
		if (nb->b[i].key == k->key && nb->b[i].is_code == k->is_code)
			return i;
	return SIZE_MAX;
}

static bool add(struct build *nb, binding k, const kh_config_key *from)
{
	if (nb->n == MAX_BINDINGS)
		return false;
	nb->from[nb->n] = from;
	nb->b[nb->n++] = k;
	return true;
}

/* The keys an action keeps when the file binds it: those that move
 * around, which the screen is hard to use without. */
static bool kept(const binding *b)
{
	return b->is_code && b->key != (wint_t)KEY_ENTER;
}

static bool unknown_action(const kh_config *c, const kh_config_key *k,
			   kh_error *err)
{
	char list[600] = "", hint[96] = "";
	size_t used = 0, best = SIZE_MAX, wl = strlen(k->action);
	for (int a = ACT_NONE + 1; a < ACT_COUNT; a++) {
		const char *name = actions[a].name;
		int w = snprintf(list + used, sizeof list - used, "%s%s",
				 used ? ", " : "", name);
		if (w > 0 && (size_t)w < sizeof list - used)
			used += (size_t)w;
		size_t d = text_edit_distance(k->action, name);
		bool close = d == 1 || (d == 2 && strlen(name) > 4);
		/* "down" for "move_down", "next" for "next_behind". */
		bool piece = wl >= 3 && strstr(name, k->action) != NULL;
		if (piece && !close)
			d = 3;
		if ((close || piece) && d < best) {
			best = d;
			snprintf(hint, sizeof hint, _("; did you mean \"%s\"?"),
				 name);
		}
	}
	char shown[48];
	kh_error_set_at(err, KH_EINPUT, c->path, k->action_line, k->action_col,
			_("unknown action \"%s\" under keys%s (actions: %s)"),
			clipped(k->action, shown), hint, list);
	return false;
}

/* Parse one entry of the file into its raw keys (Enter is three). */
static bool entry_keys(const kh_config *c, const kh_config_key *k,
		       binding out[3], size_t *n, kh_error *err)
{
	const char *why;
	action act = keys_action_named(k->action);
	if (act == ACT_NONE)
		return unknown_action(c, k, err);
	if (!keys_parse(k->key, &out[0], &why)) {
		char shown[48];
		kh_error_set_at(err, KH_EINPUT, c->path, k->line, k->col,
				_("\"%s\" is not a key kehoach can bind: %s"),
				clipped(k->key, shown), why);
		return false;
	}
	out[0].act = act;
	*n = 1;
	if (!out[0].is_code && out[0].key == '\n') {
		out[(*n)++] = (binding){'\r', false, act};
		out[(*n)++] = (binding){(wint_t)KEY_ENTER, true, act};
	}
	return true;
}

static bool conflict(const kh_config *c, const kh_config_key *k,
		     const binding *key, action other, bool other_in_file,
		     kh_error *err)
{
	char name[32];
	keys_name(key, name, sizeof name);
	action act = keys_action_named(k->action);
	if (other_in_file)
		kh_error_set_at(err, KH_EINPUT, c->path, k->line, k->col,
				_("key %s is bound twice, to %s and to %s: give "
				  "each action its own key"),
				name, actions[other].name, actions[act].name);
	else
		kh_error_set_at(err, KH_EINPUT, c->path, k->line, k->col,
				_("key %s for %s is already the key of %s: "
				  "bind %s to another key under keys:, or "
				  "choose another key for %s"),
				name, actions[act].name, actions[other].name,
				actions[other].name, actions[act].name);
	return false;
}

bool keys_configure(const kh_config *c, kh_error *err)
{
	kh_error_clear(err);
	if (!c || c->n_keys == 0) {
		keys_reset();
		return true;
	}
	static struct build nb;
	bool bound[ACT_COUNT] = {false};
	nb.n = 0;
	/* The file's keys first, so each is its action's first key. */
	for (size_t i = 0; i < c->n_keys; i++) {
		const kh_config_key *k = &c->keys[i];
		binding raw[3];
		size_t n;
		if (!entry_keys(c, k, raw, &n, err))
			return false;
		bound[raw[0].act] = true;
		for (size_t j = 0; j < n; j++) {
			size_t at = find(&nb, &raw[j]);
			if (at != SIZE_MAX && nb.b[at].act != raw[j].act)
				return conflict(c, k, &raw[j], nb.b[at].act,
						true, err);
			if (at == SIZE_MAX && !add(&nb, raw[j], k)) {
				kh_error_set_at(err, KH_EINPUT, c->path,
						k->line, k->col,
						_("too many keys"));
				return false;
			}
		}
	}
	/* Then the defaults the file leaves alone. */
	for (size_t i = 0; i < N_DEFAULTS; i++) {
		const binding *d = &defaults[i];
		if (bound[d->act] && !kept(d))
			continue;
		size_t at = find(&nb, d);
		if (at == SIZE_MAX) {
			add(&nb, *d, NULL);
			continue;
		}
		if (bound[d->act] || nb.b[at].act == d->act || !nb.from[at])
			continue; /* the file gave this key away */
		return conflict(c, nb.from[at], d, d->act, false, err);
	}
	memcpy(table, nb.b, nb.n * sizeof nb.b[0]);
	n_table = nb.n;
	ready = true;
	return true;
}

bool ui_config_apply(const kh_config *c)
{
	kh_error err;
	const char *theme;
	kh_error_clear(&err);
	bool ok = config_theme(c, &theme, &err) && theme_select(theme, &err) &&
		  keys_configure(c, &err);
	if (ok)
		return true;
	char buf[1536];
	kh_error_format(&err, buf, sizeof buf);
	/* The message quotes the file: never let it drive the terminal. */
	char *clean = text_sanitize(buf, false);
	fprintf(stderr, "kehoach: %s\n", clean ? clean : buf);
	free(clean);
	return false;
}
