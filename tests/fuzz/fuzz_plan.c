/* Fuzz the plan loader (libyaml tree -> validated kh_plan) with arbitrary
 * bytes.  A loaded plan must satisfy what doc/plan-format.md promises; a
 * refused one must say why. */
#include <math.h>
#include <stdbool.h>

#include "kehoach/plan.h"
#include "kehoach/text.h"

#include "fuzz.h"

static void check_str(const char *s, bool required)
{
	if (!s) {
		FUZZ_CHECK(!required);
		return;
	}
	FUZZ_CHECK(text_valid_utf8(s, strlen(s)));
}

static void check_target(const kh_plan *p, const kh_target *t, size_t i)
{
	check_str(t->id, true);
	check_str(t->text, true);
	FUZZ_CHECK(t->index == i);
	FUZZ_CHECK(plan_find_target(p, t->id) == t);
	FUZZ_CHECK(t->start != KH_DATE_NONE && t->due != KH_DATE_NONE);
	FUZZ_CHECK(t->start >= p->start && t->due <= p->end);
	FUZZ_CHECK(t->start < t->due);
	FUZZ_CHECK(t->lead != NULL);
	FUZZ_CHECK(t->task != NULL);
	FUZZ_CHECK(isfinite(t->min) && isfinite(t->max));
	if (t->kind == KH_KIND_QUANTITY) {
		check_str(t->measure, true);
		FUZZ_CHECK(t->min >= 0 && t->max >= t->min);
	} else {
		FUZZ_CHECK(t->measure == NULL && t->n_checkpoints == 0);
	}
	kh_date prev = t->start;
	double prev_v = 0;
	for (size_t k = 0; k < t->n_checkpoints; k++) {
		const kh_checkpoint *c = &t->checkpoints[k];
		FUZZ_CHECK(c->date > prev && c->date < t->due);
		FUZZ_CHECK(isfinite(c->value));
		FUZZ_CHECK(c->value >= prev_v && c->value <= t->min);
		prev = c->date;
		prev_v = c->value;
	}
	for (size_t k = 0; k < t->n_support; k++)
		FUZZ_CHECK(t->support[k] != NULL);
}

static void check_plan(const kh_plan *p)
{
	check_str(p->file, true);
	check_str(p->id, true);
	check_str(p->title, true);
	check_str(p->issuer, true);
	check_str(p->number, false);
	check_str(p->place, false);
	check_str(p->language, true);
	FUZZ_CHECK(p->start < p->end);
	FUZZ_CHECK(isfinite(p->tolerance));
	FUZZ_CHECK(p->tolerance >= 0 && p->tolerance <= 1);
	FUZZ_CHECK(p->n_units > 0 && p->n_periods > 0 && p->n_sections > 0);
	for (size_t i = 0; i < p->n_units; i++) {
		check_str(p->units[i].id, true);
		check_str(p->units[i].name, true);
		check_str(p->units[i].short_name, true);
		FUZZ_CHECK(plan_find_unit(p, p->units[i].id) == &p->units[i]);
	}
	for (size_t i = 0; i < p->n_periods; i++) {
		const kh_period *pe = &p->periods[i];
		check_str(pe->id, true);
		check_str(pe->label, true);
		FUZZ_CHECK(pe->deadline >= pe->cutoff);
		FUZZ_CHECK(pe->cutoff >= p->start && pe->cutoff <= p->end);
		if (i > 0)
			FUZZ_CHECK(p->periods[i - 1].cutoff <= pe->cutoff);
		FUZZ_CHECK(plan_find_period(p, pe->id) == pe);
	}
	for (size_t i = 0; i < p->n_abbrevs; i++) {
		check_str(p->abbrevs[i].short_form, true);
		check_str(p->abbrevs[i].long_form, true);
	}
	size_t n_targets = 0, n_tasks = 0;
	for (size_t s = 0; s < p->n_sections; s++) {
		const kh_section *sec = &p->sections[s];
		check_str(sec->id, true);
		check_str(sec->title, true);
		FUZZ_CHECK(sec->lead != NULL && sec->n_tasks > 0);
		for (size_t k = 0; k < sec->n_tasks; k++) {
			const kh_task *task = &sec->tasks[k];
			check_str(task->id, true);
			check_str(task->title, true);
			check_str(task->text, true);
			FUZZ_CHECK(task->section == sec);
			FUZZ_CHECK(task->index == n_tasks);
			FUZZ_CHECK(task->n_targets > 0);
			n_tasks++;
			for (size_t j = 0; j < task->n_targets; j++) {
				const kh_target *t = &task->targets[j];
				FUZZ_CHECK(t->task == task);
				FUZZ_CHECK(n_targets < p->n_targets);
				FUZZ_CHECK(p->targets[n_targets] == t);
				n_targets++;
			}
		}
	}
	FUZZ_CHECK(n_targets == p->n_targets && n_tasks == p->n_tasks);
	for (size_t i = 0; i < p->n_targets; i++)
		check_target(p, p->targets[i], i);
	/* The period helpers walk the same arrays. */
	(void)plan_period_for_date(p, p->start);
	(void)plan_period_due(p, p->end);
	(void)plan_period_reporting(p, p->end);
	(void)plan_default_as_of(p, p->end + 1);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	kh_error err;
	char line[2048];
	kh_plan *p = plan_load_buffer("fuzz.yaml", (const char *)data, size,
				      &err);
	if (p) {
		FUZZ_CHECK(err.code == KH_OK);
		check_plan(p);
		plan_free(p);
	} else {
		FUZZ_CHECK(err.code != KH_OK);
		FUZZ_CHECK(err.msg[0] != '\0');
		kh_error_format(&err, line, sizeof line);
		FUZZ_CHECK(text_valid_utf8(line, strlen(line)));
	}
	return 0;
}
