/* The front end's pure parts: the key table, the outline of the plan tree
 * and the words of each row — tested without a terminal. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>
#include <curses.h>

#include "kehoach/search.h"
#include "kehoach/store.h"
#include "ui/keys.h"
#include "ui/outline.h"
#include "ui/rowfmt.h"
#include "ui/theme.h"

#define MICROBES "II.1-che-pham-vi-sinh"

static kh_plan *plan;

static int load(void **state)
{
	(void)state;
	kh_error err;
	plan = plan_load(KH_SOURCE_ROOT "/plan.yaml", &err);
	return plan ? 0 : -1;
}

static int unload(void **state)
{
	(void)state;
	plan_free(plan);
	return 0;
}

static kh_date day(const char *iso)
{
	kh_date d = KH_DATE_NONE;
	assert_true(kh_date_parse(iso, &d));
	return d;
}

static size_t node_of(const outline *o, const char *target_id)
{
	for (size_t i = 0; i < o->n_nodes; i++)
		if (o->nodes[i].target &&
		    strcmp(o->nodes[i].target->id, target_id) == 0)
			return i;
	fail_msg("no node for %s", target_id);
	return OUTLINE_NONE;
}

static void test_key_table(void **state)
{
	(void)state;
	size_t n;
	const binding *b = keys_bindings(&n);
	/* Every action has a key and help; no key does two things. */
	for (int a = ACT_NONE + 1; a < ACT_COUNT; a++) {
		char keys[64];
		keys_for_action((action)a, keys, sizeof keys);
		assert_true(keys[0] != '\0');
		assert_true(keys_info((action)a)->help[0] != '\0');
	}
	for (size_t i = 0; i < n; i++)
		for (size_t j = i + 1; j < n; j++)
			assert_false(b[i].key == b[j].key &&
				     b[i].is_code == b[j].is_code);
	assert_int_equal(keys_lookup('q', false), ACT_QUIT);
	assert_int_equal(keys_lookup('j', false), ACT_DOWN);
	assert_int_equal(keys_lookup(KEY_DOWN, true), ACT_DOWN);
	assert_int_equal(keys_lookup(27, false), ACT_BACK);
	assert_int_equal(keys_lookup('/', false), ACT_SEARCH);
	assert_int_equal(keys_lookup(']', false), ACT_NEXT_BEHIND);
	assert_int_equal(keys_lookup('Z', false), ACT_NONE);
	/* 'j' as a KEY_ code is not 'j'. */
	assert_int_equal(keys_lookup('j', true), ACT_NONE);
	char buf[64];
	assert_string_equal(keys_for_action(ACT_DOWN, buf, sizeof buf), "j/Down");
	assert_string_equal(keys_for_action(ACT_TOGGLE, buf, sizeof buf),
			    "Enter/Space");
	assert_string_equal(keys_for_action(ACT_REDRAW, buf, sizeof buf),
			    "Ctrl-L");
}

static void key_is(const char *text, wint_t key, bool is_code)
{
	binding b;
	const char *why = "unset";
	if (!keys_parse(text, &b, &why))
		fail_msg("\"%s\" refused: %s", text, why);
	assert_null(why);
	assert_int_equal(b.key, key);
	assert_int_equal(b.is_code, is_code);
}

static void key_refused(const char *text, const char *words)
{
	binding b;
	const char *why = NULL;
	if (keys_parse(text, &b, &why))
		fail_msg("\"%s\" accepted", text);
	assert_non_null(why);
	if (!strstr(why, words))
		fail_msg("\"%s\": %s", text, why);
}

static void test_key_parsing(void **state)
{
	(void)state;
	key_is("E", 'E', false);
	key_is("e", 'e', false);
	key_is("?", '?', false);
	key_is(" ", ' ', false);
	key_is("Space", ' ', false);
	key_is("^E", 0x05, false);
	key_is("^e", 0x05, false);
	key_is("C-e", 0x05, false);
	key_is("Ctrl-E", 0x05, false);
	key_is("^I", '\t', false);
	key_is("^M", '\n', false);
	key_is("Enter", '\n', false);
	key_is("tab", '\t', false);
	key_is("ESC", 27, false);
	key_is("Up", KEY_UP, true);
	key_is("pgdn", KEY_NPAGE, true);
	key_is("PageUp", KEY_PPAGE, true);
	key_is("Home", KEY_HOME, true);
	key_is("F1", KEY_F(1), true);
	key_is("F12", KEY_F(12), true);
	key_refused("F13", "F1 to F12");
	key_refused("F0", "F1 to F12");
	key_refused("é", "ASCII");
	key_refused("đ", "ASCII");
	key_refused("^C", "Ctrl-C");
	key_refused("^Z", "Ctrl-C");
	key_refused("^1", "Ctrl with a letter");
	key_refused("EE", "key name");
	key_refused("", "key name");
	key_refused("Ctrl", "key name");
	/* Every key the defaults show reads back as the same key. */
	size_t n;
	const binding *b = keys_bindings(&n);
	for (size_t i = 0; i < n; i++) {
		char name[32];
		binding back;
		const char *why;
		keys_name(&b[i], name, sizeof name);
		assert_true(keys_parse(name, &back, &why));
		bool alias = b[i].key == '\r' || b[i].key == (wint_t)KEY_ENTER;
		if (!alias) {
			assert_int_equal(back.key, b[i].key);
			assert_int_equal(back.is_code, b[i].is_code);
		}
	}
}

/* A config with keys: entries as written on lines 2, 3... */
static kh_config keyed(kh_config_key *keys, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		keys[i].line = keys[i].action_line = (int)i + 2;
		keys[i].action_col = 3;
		keys[i].col = 3 + (int)strlen(keys[i].action) + 2;
	}
	return (kh_config){.path = "config.yaml", .keys = keys, .n_keys = n};
}

static void test_key_remap(void **state)
{
	(void)state;
	kh_config_key k[] = {{.action = "edit", .key = "E"},
			     {.action = "next_behind", .key = "J"},
			     {.action = "next_behind", .key = "F5"},
			     {.action = "move_down", .key = "^N"},
			     {.action = "toggle", .key = "o"},
			     {.action = "help", .key = "Enter"}};
	kh_config c = keyed(k, sizeof k / sizeof k[0]);
	kh_error err;
	char buf[64];
	assert_true(keys_configure(&c, &err));
	assert_int_equal(keys_lookup('E', false), ACT_EDIT);
	assert_int_equal(keys_lookup('e', false), ACT_NONE);
	assert_int_equal(keys_lookup('J', false), ACT_NEXT_BEHIND);
	assert_int_equal(keys_lookup(KEY_F(5), true), ACT_NEXT_BEHIND);
	assert_int_equal(keys_lookup(']', false), ACT_NONE);
	/* The arrows stay with their action; the letter goes. */
	assert_int_equal(keys_lookup(0x0e, false), ACT_DOWN);
	assert_int_equal(keys_lookup('j', false), ACT_NONE);
	assert_int_equal(keys_lookup(KEY_DOWN, true), ACT_DOWN);
	/* Enter is one key in three forms. */
	assert_int_equal(keys_lookup('\n', false), ACT_HELP);
	assert_int_equal(keys_lookup('\r', false), ACT_HELP);
	assert_int_equal(keys_lookup(KEY_ENTER, true), ACT_HELP);
	assert_int_equal(keys_lookup(' ', false), ACT_NONE);
	assert_int_equal(keys_lookup('o', false), ACT_TOGGLE);
	assert_int_equal(keys_lookup(KEY_F(1), true), ACT_HELP);
	/* What the help screen and the footer show. */
	assert_string_equal(keys_for_action(ACT_EDIT, buf, sizeof buf), "E");
	assert_string_equal(keys_for_action(ACT_NEXT_BEHIND, buf, sizeof buf),
			    "J/F5");
	assert_string_equal(keys_for_action(ACT_DOWN, buf, sizeof buf),
			    "Ctrl-N/Down");
	assert_string_equal(keys_for_action(ACT_HELP, buf, sizeof buf),
			    "Enter/F1");
	assert_string_equal(keys_first(ACT_HELP, buf, sizeof buf), "Enter");
	assert_string_equal(keys_first(ACT_QUIT, buf, sizeof buf), "q");
	assert_string_equal(keys_info(ACT_EDIT)->name, "edit");
	/* Another arrow may go to another action if its own is rebound. */
	kh_config_key k2[] = {{.action = "move_up", .key = "K"},
			      {.action = "prev_behind", .key = "Up"}};
	c = keyed(k2, 2);
	assert_true(keys_configure(&c, &err));
	assert_int_equal(keys_lookup(KEY_UP, true), ACT_PREV_BEHIND);
	assert_int_equal(keys_lookup('K', false), ACT_UP);
	/* No config: the defaults. */
	assert_true(keys_configure(NULL, &err));
	assert_int_equal(keys_lookup('e', false), ACT_EDIT);
	assert_int_equal(keys_lookup(KEY_UP, true), ACT_UP);
}

static void configure_fails(kh_config_key *k, size_t n, const char *want)
{
	kh_config c = keyed(k, n);
	kh_error err;
	char buf[1600];
	assert_false(keys_configure(&c, &err));
	kh_error_format(&err, buf, sizeof buf);
	if (strncmp(buf, want, strlen(want)) != 0)
		fail_msg("got \"%s\", want \"%s...\"", buf, want);
	/* A refused config changes nothing. */
	assert_int_equal(keys_lookup('e', false), ACT_EDIT);
	assert_int_equal(keys_lookup('n', false), ACT_SEARCH_NEXT);
}

static void test_key_conflicts(void **state)
{
	(void)state;
	kh_config_key taken[] = {{.action = "edit", .key = "n"}};
	configure_fails(taken, 1, "config.yaml:2:9: key n for edit is already "
				  "the key of search_next: bind search_next "
				  "to another key");
	kh_config_key twice[] = {{.action = "edit", .key = "E"},
				 {.action = "undo", .key = "E"}};
	configure_fails(twice, 2, "config.yaml:3:9: key E is bound twice, to "
				  "edit and to undo");
	kh_config_key arrow[] = {{.action = "edit", .key = "Down"}};
	configure_fails(arrow, 1, "config.yaml:2:9: key Down for edit is "
				  "already the key of move_down");
	kh_config_key enter[] = {{.action = "edit", .key = "Enter"}};
	configure_fails(enter, 1, "config.yaml:2:9: key Enter for edit is "
				  "already the key of toggle");
	kh_config_key action[] = {{.action = "edt", .key = "E"}};
	configure_fails(action, 1, "config.yaml:2:3: unknown action \"edt\" "
				   "under keys; did you mean \"edit\"? (actions: "
				   "move_up, move_down,");
	kh_config_key old_name[] = {{.action = "next-behind", .key = "J"}};
	configure_fails(old_name, 1, "config.yaml:2:3: unknown action "
				     "\"next-behind\" under keys; did you mean "
				     "\"next_behind\"?");
	kh_config_key piece[] = {{.action = "down", .key = "J"}};
	configure_fails(piece, 1, "config.yaml:2:3: unknown action \"down\" "
				  "under keys; did you mean \"move_down\"?");
	kh_config_key key[] = {{.action = "edit", .key = "é"}};
	configure_fails(key, 1, "config.yaml:2:9: \"é\" is not a key kehoach "
				"can bind: use an ASCII letter");
	/* A long action or key is quoted short: the advice stays in. */
	char longname[301], want[200];
	memset(longname, 'x', 300);
	longname[300] = '\0';
	kh_config_key long_action[] = {{.action = longname, .key = "E"}};
	snprintf(want, sizeof want, "config.yaml:2:3: unknown action "
		 "\"%.40s...\" under keys (actions: move_up,", longname);
	configure_fails(long_action, 1, want);
	char longkey[301] = "";
	for (int i = 0; i < 100; i++)
		strcat(longkey, "ừ");
	kh_config_key long_key[] = {{.action = "edit", .key = longkey}};
	/* 40 bytes end inside the 14th "ừ" (three bytes each): 13 stay. */
	snprintf(want, sizeof want, "config.yaml:2:9: \"%.39s...\" is not a "
		 "key kehoach can bind: use an ASCII letter", longkey);
	configure_fails(long_key, 1, want);
	/* Both sides rebound: fine. */
	kh_config_key swap[] = {{.action = "edit", .key = "n"},
				{.action = "search_next", .key = "e"}};
	kh_config c = keyed(swap, 2);
	kh_error err;
	assert_true(keys_configure(&c, &err));
	assert_int_equal(keys_lookup('n', false), ACT_EDIT);
	assert_int_equal(keys_lookup('e', false), ACT_SEARCH_NEXT);
	keys_reset();
}

static void test_action_names(void **state)
{
	(void)state;
	/* Names are what config files say: snake_case, unique, stable. */
	for (int a = ACT_NONE + 1; a < ACT_COUNT; a++) {
		const char *name = keys_info((action)a)->name;
		assert_int_equal(strspn(name, "abcdefghijklmnopqrstuvwxyz_"),
				 strlen(name));
		assert_int_equal(keys_action_named(name), a);
	}
	assert_int_equal(keys_action_named("move_down"), ACT_DOWN);
	assert_int_equal(keys_action_named("next_behind"), ACT_NEXT_BEHIND);
	assert_int_equal(keys_action_named("quit"), ACT_QUIT);
	assert_int_equal(keys_action_named("none"), ACT_NONE);
	assert_int_equal(keys_action_named("Quit"), ACT_NONE);
}

static void test_theme_choice(void **state)
{
	(void)state;
	kh_error err;
	assert_string_equal(theme_selected(), "dark");
	assert_true(theme_select("light", &err));
	assert_string_equal(theme_selected(), "light");
	assert_false(theme_select("blue", &err));
	assert_string_equal(theme_selected(), "light");
	/* KEHOACH_THEME over the file; a bad one stops before curses. */
	kh_config c = {.theme = "mono"};
	assert_true(ui_config_apply(&c));
	assert_string_equal(theme_selected(), "mono");
	setenv("KEHOACH_THEME", "light", 1);
	assert_true(ui_config_apply(&c));
	assert_string_equal(theme_selected(), "light");
	setenv("KEHOACH_THEME", "pink", 1);
	assert_false(ui_config_apply(&c));
	unsetenv("KEHOACH_THEME");
	assert_true(ui_config_apply(NULL));
	assert_string_equal(theme_selected(), "dark");
}

static void test_outline_starts_one_level_open(void **state)
{
	(void)state;
	outline o;
	assert_true(outline_init(&o, plan));
	assert_int_equal(o.n_nodes,
			 plan->n_sections + plan->n_tasks + plan->n_targets);
	/* Sections and their tasks are shown; targets are not. */
	assert_int_equal(o.n_visible, plan->n_sections + plan->n_tasks);
	assert_string_equal(o.nodes[o.visible[0]].section->id, "II.1");
	size_t first_task = o.visible[1];
	assert_int_equal(o.nodes[first_task].kind, NODE_TASK);
	assert_true(outline_set_open(&o, first_task, true));
	assert_int_equal(o.n_visible, plan->n_sections + plan->n_tasks +
					      plan->sections[0].tasks[0].n_targets);
	assert_false(outline_set_open(&o, first_task, true));
	/* Closing a section hides its tasks and targets. */
	assert_true(outline_set_open(&o, o.visible[0], false));
	assert_int_equal(o.n_visible, plan->n_sections + plan->n_tasks -
					      plan->sections[0].n_tasks);
	size_t target = node_of(&o, MICROBES);
	assert_int_equal(outline_row_of(&o, target), OUTLINE_NONE);
	outline_reveal(&o, target);
	assert_true(outline_row_of(&o, target) != OUTLINE_NONE);
	outline_free(&o);
}

static void test_outline_behind(void **state)
{
	(void)state;
	outline o;
	assert_true(outline_init(&o, plan));
	/* No database: as of 2024-07-01 the 30-tonne target is behind. */
	kh_error err;
	kh_snapshot *s = snapshot_take(plan, NULL, day("2024-07-01"), &err);
	assert_non_null(s);
	outline_set_snapshot(&o, s);
	size_t microbes = node_of(&o, MICROBES);
	assert_int_equal(outline_state(&o, microbes), KH_STATE_BEHIND);
	assert_true(outline_needs_attention(&o, o.nodes[microbes].parent));
	size_t first = outline_next_behind(&o, 0, 1);
	assert_true(first != OUTLINE_NONE);
	assert_true(outline_needs_attention(&o, first));
	assert_int_equal(o.nodes[first].kind, NODE_TARGET);
	/* Backwards from the first wraps to the last one. */
	size_t last = outline_next_behind(&o, first, -1);
	assert_true(last != OUTLINE_NONE && last > first);
	/* The filter keeps only rows that need attention. */
	o.behind_only = true;
	outline_refresh(&o);
	for (size_t i = 0; i < o.n_visible; i++)
		assert_true(outline_needs_attention(&o, o.visible[i]));
	outline_reveal(&o, microbes);
	assert_true(outline_row_of(&o, microbes) != OUTLINE_NONE);
	outline_free(&o);
	snapshot_free(s);
}

static void test_outline_search(void **state)
{
	(void)state;
	outline o;
	assert_true(outline_init(&o, plan));
	kh_query q;
	assert_true(kh_query_init(&q, "che pham vi sinh"));
	size_t hit = outline_search(&o, &q, o.n_nodes - 1, 1);
	assert_true(hit != OUTLINE_NONE);
	/* The first match in document order, then the next ones. */
	size_t again = outline_search(&o, &q, hit, 1);
	assert_true(again != OUTLINE_NONE);
	kh_query_free(&q);
	assert_true(kh_query_init(&q, "CHẾ PHẨM VI SINH VẬT các loại"));
	hit = outline_search(&o, &q, o.n_nodes - 1, 1);
	assert_true(hit != OUTLINE_NONE);
	kh_query_free(&q);
	assert_true(kh_query_init(&q, "II.2-dn-khcn"));
	hit = outline_search(&o, &q, 0, 1);
	assert_int_equal(hit, node_of(&o, "II.2-dn-khcn"));
	kh_query_free(&q);
	assert_true(kh_query_init(&q, "zzz no such thing"));
	assert_int_equal(outline_search(&o, &q, 0, 1), OUTLINE_NONE);
	kh_query_free(&q);
	outline_free(&o);
}

static void test_row_words(void **state)
{
	(void)state;
	char dir[] = "/tmp/kh-ui-XXXXXX";
	assert_non_null(mkdtemp(dir));
	char path[64];
	snprintf(path, sizeof path, "%s/t.db", dir);
	kh_error err;
	kh_store *st = store_open(path, true, &err);
	assert_non_null(st);
	kh_entry e = {.target_id = strdup(MICROBES), .kind = KH_KIND_QUANTITY,
		      .value = 13, .as_of = day("2024-06-15"),
		      .entered_by = strdup("t"), .source = strdup("test")};
	assert_int_equal(store_add_entry(st, &e, &err), KH_OK);
	entry_clear(&e);
	kh_snapshot *s = snapshot_take(plan, st, day("2024-06-30"), &err);
	assert_non_null(s);
	outline o;
	assert_true(outline_init(&o, plan));
	outline_set_snapshot(&o, s);

	row_parts rp;
	rowfmt_parts(&o, node_of(&o, MICROBES), false, &rp);
	assert_string_equal(rp.figure, "13 / 30 tấn");
	assert_string_equal(rp.mark, "!");
	assert_null(rp.id);
	rowfmt_parts(&o, node_of(&o, "II.1-dn-ket-noi-cung-cau"), false, &rp);
	assert_string_equal(rp.figure, "– / 2–5 DN");
	rowfmt_parts(&o, o.visible[0], false, &rp);
	assert_string_equal(rp.id, "II.1");
	assert_string_equal(rp.sign, "▾");
	assert_non_null(strstr(rp.figure, "need attention"));
	rowfmt_parts(&o, o.visible[0], true, &rp);
	assert_string_equal(rp.sign, "-");
	assert_string_equal(rowfmt_measure(plan, "doanh nghiệp"), "DN");
	assert_string_equal(rowfmt_measure(plan, "tấn"), "tấn");

	char bar[64];
	assert_string_equal(rowfmt_bar(50, 8, true, bar, sizeof bar), "####....");
	assert_string_equal(rowfmt_bar(250, 4, true, bar, sizeof bar), "####");
	assert_string_equal(rowfmt_bar(-5, 3, true, bar, sizeof bar), "...");
	assert_string_equal(rowfmt_bar(100, 2, false, bar, sizeof bar), "██");
	assert_string_equal(rowfmt_bar(50, 8, false, bar, 4), "█");

	outline_free(&o);
	snapshot_free(s);
	store_close(st);
	char cmd[128];
	snprintf(cmd, sizeof cmd, "%s/t.db", dir);
	unlink(cmd);
	snprintf(cmd, sizeof cmd, "%s/t.db-wal", dir);
	unlink(cmd);
	snprintf(cmd, sizeof cmd, "%s/t.db-shm", dir);
	unlink(cmd);
	rmdir(dir);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_key_table),
		cmocka_unit_test(test_key_parsing),
		cmocka_unit_test(test_key_remap),
		cmocka_unit_test(test_key_conflicts),
		cmocka_unit_test(test_action_names),
		cmocka_unit_test(test_theme_choice),
		cmocka_unit_test(test_outline_starts_one_level_open),
		cmocka_unit_test(test_outline_behind),
		cmocka_unit_test(test_outline_search),
		cmocka_unit_test(test_row_words),
	};
	return cmocka_run_group_tests(tests, load, unload);
}
