/* The snapshot: the bundled plan, a real database, the schedule rules and
 * the words for gaps, end to end inside the core. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "kehoach/describe.h"
#include "kehoach/plan.h"
#include "kehoach/status.h"
#include "kehoach/store.h"

#define MICROBES "II.1-che-pham-vi-sinh"

typedef struct fixture {
	char dir[64];
	char db[96];
	kh_plan *plan;
	kh_store *store;
} fixture;

static kh_date day(const char *iso)
{
	kh_date d = KH_DATE_NONE;
	assert_true(kh_date_parse(iso, &d));
	return d;
}

static int setup(void **state)
{
	fixture *f = calloc(1, sizeof *f);
	assert_non_null(f);
	snprintf(f->dir, sizeof f->dir, "/tmp/kh-status-XXXXXX");
	assert_non_null(mkdtemp(f->dir));
	snprintf(f->db, sizeof f->db, "%s/plan.db", f->dir);
	kh_error err;
	f->plan = plan_load(KH_SOURCE_ROOT "/plan.yaml", &err);
	if (!f->plan)
		fail_msg("plan.yaml: %s", err.msg);
	f->store = store_open(f->db, true, &err);
	if (!f->store)
		fail_msg("store: %s", err.msg);
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	fixture *f = *state;
	store_close(f->store);
	plan_free(f->plan);
	char path[160];
	const char *suffix[] = {"", "-wal", "-shm"};
	for (size_t i = 0; i < 3; i++) {
		snprintf(path, sizeof path, "%s%s", f->db, suffix[i]);
		unlink(path);
	}
	rmdir(f->dir);
	free(f);
	return 0;
}

static void add(fixture *f, const char *target, kh_kind kind, double value,
		const char *as_of)
{
	kh_entry e = {0};
	e.target_id = strdup(target);
	e.kind = kind;
	e.value = value;
	e.done = value != 0;
	e.assessment = kind == KH_KIND_ONGOING ? (kh_assessment)value
					       : KH_ASSESS_NONE;
	e.as_of = day(as_of);
	const kh_period *p = plan_period_for_date(f->plan, e.as_of);
	e.period = p ? strdup(p->id) : NULL;
	e.entered_by = strdup("tester");
	e.source = strdup("test");
	kh_error err;
	if (store_add_entry(f->store, &e, &err) != KH_OK)
		fail_msg("add: %s", err.msg);
	entry_clear(&e);
}

static kh_state state_of(fixture *f, const char *target, const char *as_of)
{
	kh_error err;
	kh_snapshot *s = snapshot_take(f->plan, f->store, day(as_of), &err);
	assert_non_null(s);
	const kh_target *t = plan_find_target(f->plan, target);
	assert_non_null(t);
	kh_state st = s->evals[t->index].state;
	snapshot_free(s);
	return st;
}

static void test_acceptance_microbes(void **state)
{
	fixture *f = *state;
	assert_int_equal(state_of(f, MICROBES, "2024-06-30"), KH_STATE_BEHIND);
	add(f, MICROBES, KH_KIND_QUANTITY, 13, "2024-06-15");
	assert_int_equal(state_of(f, MICROBES, "2024-06-30"), KH_STATE_BEHIND);
	add(f, MICROBES, KH_KIND_QUANTITY, 14, "2024-06-15");
	assert_int_equal(state_of(f, MICROBES, "2024-06-30"), KH_STATE_AT_RISK);
	add(f, MICROBES, KH_KIND_QUANTITY, 15, "2024-06-15");
	assert_int_equal(state_of(f, MICROBES, "2024-06-30"), KH_STATE_ON_TRACK);
	/* Before the entry's date it does not count yet. */
	assert_int_equal(state_of(f, MICROBES, "2024-06-14"), KH_STATE_BEHIND);
	assert_int_equal(state_of(f, MICROBES, "2025-01-01"), KH_STATE_OVERDUE);
	add(f, MICROBES, KH_KIND_QUANTITY, 30, "2024-11-30");
	assert_int_equal(state_of(f, MICROBES, "2024-12-31"), KH_STATE_DONE);
	add(f, MICROBES, KH_KIND_QUANTITY, 31, "2024-12-01");
	assert_int_equal(state_of(f, MICROBES, "2024-12-31"), KH_STATE_EXCEEDED);

	kh_entry undone;
	kh_error err;
	assert_int_equal(store_retract_latest(f->store, MICROBES, "tester",
					      &undone, &err), KH_OK);
	assert_true(undone.value == 31);
	entry_clear(&undone);
	assert_int_equal(state_of(f, MICROBES, "2024-12-31"), KH_STATE_DONE);
}

static void test_gap_words(void **state)
{
	fixture *f = *state;
	add(f, MICROBES, KH_KIND_QUANTITY, 13, "2024-06-15");
	kh_error err;
	kh_snapshot *s = snapshot_take(f->plan, f->store, day("2024-06-30"), &err);
	assert_non_null(s);
	const kh_target *t = plan_find_target(f->plan, MICROBES);
	char buf[160];
	assert_string_equal(kh_describe_figure(t, &s->evals[t->index], buf,
					       sizeof buf), "13 / 30 tấn");
	assert_string_equal(kh_describe_gap(t, &s->evals[t->index], s->as_of,
					    false, buf, sizeof buf),
			    "expected 14.88 by 2024-06-30, short 1.88");
	const kh_target *dn = plan_find_target(f->plan, "II.1-dn-ket-noi-cung-cau");
	assert_non_null(dn);
	assert_string_equal(kh_describe_figure(dn, &s->evals[dn->index], buf,
					       sizeof buf),
			    "– / 2–5 doanh nghiệp");
	snapshot_free(s);
}

static void test_rollup_and_missing_reports(void **state)
{
	fixture *f = *state;
	kh_error err;
	/* After H1's deadline nothing reported: every ongoing duty owes it. */
	kh_snapshot *s = snapshot_take(f->plan, f->store, day("2024-07-01"), &err);
	assert_non_null(s);
	assert_non_null(s->due_period);
	assert_string_equal(s->due_period->id, "H1");
	size_t ongoing = 0;
	for (size_t i = 0; i < f->plan->n_targets; i++)
		ongoing += f->plan->targets[i]->kind == KH_KIND_ONGOING;
	assert_true(ongoing > 0);
	assert_int_equal(s->total.counts[KH_STATE_MISSING_REPORT], ongoing);
	assert_int_equal(s->total.n, f->plan->n_targets);
	assert_int_equal(s->total.worst, KH_STATE_BEHIND);
	snapshot_free(s);

	const kh_target *duty = NULL;
	for (size_t i = 0; i < f->plan->n_targets && !duty; i++)
		if (f->plan->targets[i]->kind == KH_KIND_ONGOING)
			duty = f->plan->targets[i];
	add(f, duty->id, KH_KIND_ONGOING, KH_ASSESS_IN_PROGRESS, "2024-06-14");
	s = snapshot_take(f->plan, f->store, day("2024-07-01"), &err);
	assert_non_null(s);
	assert_int_equal(s->evals[duty->index].state, KH_STATE_ON_TRACK);
	assert_int_equal(s->total.counts[KH_STATE_MISSING_REPORT], ongoing - 1);
	/* The task and section roll up the same counts. */
	const kh_task *task = duty->task;
	size_t in_task = 0;
	for (int st = 0; st < KH_STATE_COUNT; st++)
		in_task += s->tasks[task->index].counts[st];
	assert_int_equal(in_task, task->n_targets);
	snapshot_free(s);
}

static void test_orphans_kept(void **state)
{
	fixture *f = *state;
	add(f, "II.9-gone", KH_KIND_QUANTITY, 3, "2024-03-01");
	kh_error err;
	kh_snapshot *s = snapshot_take(f->plan, f->store, day("2024-06-30"), &err);
	assert_non_null(s);
	assert_int_equal(s->n_orphans, 1);
	assert_string_equal(s->orphans[0], "II.9-gone");
	snapshot_free(s);
}

static void test_no_store(void **state)
{
	fixture *f = *state;
	kh_error err;
	kh_snapshot *s = snapshot_take(f->plan, NULL, day("2024-03-01"), &err);
	assert_non_null(s);
	assert_int_equal(s->total.n, f->plan->n_targets);
	assert_int_equal(s->n_orphans, 0);
	snapshot_free(s);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_acceptance_microbes, setup, teardown),
		cmocka_unit_test_setup_teardown(test_gap_words, setup, teardown),
		cmocka_unit_test_setup_teardown(test_rollup_and_missing_reports, setup, teardown),
		cmocka_unit_test_setup_teardown(test_orphans_kept, setup, teardown),
		cmocka_unit_test_setup_teardown(test_no_store, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
