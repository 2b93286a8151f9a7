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
		cmocka_unit_test(test_outline_starts_one_level_open),
		cmocka_unit_test(test_outline_behind),
		cmocka_unit_test(test_outline_search),
		cmocka_unit_test(test_row_words),
	};
	return cmocka_run_group_tests(tests, load, unload);
}
