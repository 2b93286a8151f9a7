/* kehoach status: the plan tree with figures and statuses, as text for
 * people, CSV for spreadsheets, JSON for scripts. */
#include "cli_impl.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kehoach/describe.h"
#include "kehoach/out.h"
#include "kehoach/period.h"
#include "kehoach/status.h"
#include "kehoach/text.h"

typedef struct filter {
	bool behind;
	const kh_unit *unit;
} filter;

static bool keep_target(const filter *f, const kh_target *t, const kh_eval *e)
{
	if (f->behind && !sched_state_is_behind(e->state))
		return false;
	if (f->unit && t->lead != f->unit)
		return false;
	return true;
}

static size_t task_kept(const filter *f, const kh_snapshot *s,
			const kh_task *task)
{
	size_t n = 0;
	for (size_t j = 0; j < task->n_targets; j++)
		n += keep_target(f, &task->targets[j],
				 &s->evals[task->targets[j].index]);
	return n;
}

static void print_counts(FILE *fp, const kh_rollup *r)
{
	bool first = true;
	for (int st = 0; st < KH_STATE_COUNT; st++) {
		if (!r->counts[st])
			continue;
		if (!first)
			cli_say(fp, ", ");
		/* TRANSLATORS: a count and a status, "5 behind". */
		cli_say(fp, _("%zu %s"), r->counts[st],
			sched_state_label((kh_state)st));
		first = false;
	}
	if (first)
		cli_say(fp, "%s", _("no targets"));
}

/* Print at most cols columns of s (neutralised). */
static void print_clipped(const cli_ctx *ctx, const char *s, int cols)
{
	char *cut = text_truncate(s, cols, ctx->ascii);
	cli_text(ctx, stdout, cut ? cut : "");
	free(cut);
}

static void print_target_txt(const cli_ctx *ctx, const kh_snapshot *s,
			     const kh_target *t)
{
	const kh_eval *e = &s->evals[t->index];
	char fig[160], gap[160];
	printf("    %-2s ", sched_state_mark(e->state));
	cli_pad(stdout, sched_state_label(e->state), 15);
	printf(" ");
	cli_text(ctx, stdout, t->id);
	printf("\n       ");
	print_clipped(ctx, t->text, 70);
	printf("\n       ");
	cli_text(ctx, stdout, kh_describe_figure(t, e, fig, sizeof fig));
	kh_describe_gap(t, e, s->as_of, lang_current() == KH_LANG_VI, gap,
			sizeof gap);
	if (gap[0]) {
		cli_say(stdout, " · ");
		cli_text(ctx, stdout, gap);
	}
	cli_say(stdout, " · ");
	cli_text(ctx, stdout, t->lead->short_name);
	printf("\n");
}

static void print_rollup_tail(const kh_rollup *r)
{
	if (r->n == 0)
		return;
	printf("  [%s ", sched_state_mark(r->worst));
	cli_say(stdout, "%s, %.0f%%]", sched_state_label(r->worst),
		r->progress);
}

static int status_txt(const cli_ctx *ctx, const kh_snapshot *s,
		      const filter *f)
{
	const kh_plan *plan = ctx->plan;
	char day[KH_DATE_ISO_LEN];
	print_clipped(ctx, plan->title, 78);
	printf("\n");
	cli_say(stdout, _("As of %s: %zu targets: "), cli_date(s->as_of, day),
		s->total.n);
	print_counts(stdout, &s->total);
	printf("\n");
	size_t shown = 0;
	for (size_t i = 0; i < plan->n_sections; i++) {
		const kh_section *sec = &plan->sections[i];
		size_t in_section = 0;
		for (size_t k = 0; k < sec->n_tasks; k++)
			in_section += task_kept(f, s, &sec->tasks[k]);
		if (!in_section)
			continue;
		printf("\n");
		cli_text(ctx, stdout, sec->id);
		printf("  ");
		print_clipped(ctx, sec->title, 56);
		print_rollup_tail(&s->sections[sec->index]);
		printf("\n");
		for (size_t k = 0; k < sec->n_tasks; k++) {
			const kh_task *task = &sec->tasks[k];
			if (!task_kept(f, s, task))
				continue;
			printf("  ");
			cli_text(ctx, stdout, task->id);
			printf("  ");
			print_clipped(ctx, task->title, 52);
			print_rollup_tail(&s->tasks[task->index]);
			printf("\n");
			for (size_t j = 0; j < task->n_targets; j++) {
				const kh_target *t = &task->targets[j];
				if (!keep_target(f, t, &s->evals[t->index]))
					continue;
				print_target_txt(ctx, s, t);
				shown++;
			}
		}
	}
	if (!shown)
		cli_say(stdout, "\n%s\n", _("No target matches."));
	if (s->n_orphans) {
		printf("\n");
		cli_say(stdout, ngettext("The database has entries for %zu "
					 "target the plan no longer has (see "
					 "kehoach history ID):",
					 "The database has entries for %zu "
					 "targets the plan no longer has (see "
					 "kehoach history ID):",
					 s->n_orphans),
			s->n_orphans);
		for (size_t i = 0; i < s->n_orphans; i++) {
			printf(" ");
			cli_text(ctx, stdout, s->orphans[i]);
		}
		printf("\n");
	}
	return 0;
}

static void csv_number(double v)
{
	char buf[64];
	fputs(kh_number_text(v, buf, sizeof buf), stdout);
}

static void csv_achieved(const kh_target *t, const kh_eval *e)
{
	if (!e->reported)
		return;
	if (t->kind == KH_KIND_QUANTITY)
		csv_number(e->achieved);
	else if (t->kind == KH_KIND_MILESTONE)
		fputs(e->done ? "done" : "not_done", stdout);
	else
		fputs(kh_assessment_id(e->assessment), stdout);
}

static int status_csv(const cli_ctx *ctx, const kh_snapshot *s, const filter *f)
{
	const kh_plan *plan = ctx->plan;
	printf("id,section,task,kind,text,unit,min,max,achieved,expected,"
	       "status,lead\n");
	for (size_t i = 0; i < plan->n_targets; i++) {
		const kh_target *t = plan->targets[i];
		const kh_eval *e = &s->evals[t->index];
		if (!keep_target(f, t, e))
			continue;
		bool q = t->kind == KH_KIND_QUANTITY;
		out_csv_field(stdout, t->id, ',');
		putchar(',');
		out_csv_field(stdout, t->task->section->id, ',');
		putchar(',');
		out_csv_field(stdout, t->task->id, ',');
		printf(",%s,", kh_kind_name(t->kind));
		out_csv_field(stdout, t->text, ',');
		putchar(',');
		out_csv_field(stdout, q ? t->measure : NULL, ',');
		putchar(',');
		if (q)
			csv_number(t->min);
		putchar(',');
		if (q)
			csv_number(t->max);
		putchar(',');
		csv_achieved(t, e);
		putchar(',');
		if (q)
			csv_number(round(e->expected * 1000) / 1000);
		printf(",%s,", sched_state_id(e->state));
		out_csv_field(stdout, t->lead->id, ',');
		putchar('\n');
	}
	return 0;
}

static void json_achieved(const kh_target *t, const kh_eval *e)
{
	if (!e->reported)
		fputs("null", stdout);
	else if (t->kind == KH_KIND_QUANTITY)
		out_json_number(stdout, e->achieved);
	else if (t->kind == KH_KIND_MILESTONE)
		fputs(e->done ? "true" : "false", stdout);
	else
		out_json_string(stdout, kh_assessment_id(e->assessment));
}

static void json_target(const kh_snapshot *s, const kh_target *t)
{
	const kh_eval *e = &s->evals[t->index];
	bool q = t->kind == KH_KIND_QUANTITY;
	char day[KH_DATE_ISO_LEN];
	printf("{\"id\":");
	out_json_string(stdout, t->id);
	printf(",\"section\":");
	out_json_string(stdout, t->task->section->id);
	printf(",\"task\":");
	out_json_string(stdout, t->task->id);
	printf(",\"kind\":\"%s\",\"text\":", kh_kind_name(t->kind));
	out_json_string(stdout, t->text);
	printf(",\"unit\":");
	out_json_string(stdout, q ? t->measure : NULL);
	printf(",\"min\":");
	q ? out_json_number(stdout, t->min) : (void)fputs("null", stdout);
	printf(",\"max\":");
	q ? out_json_number(stdout, t->max) : (void)fputs("null", stdout);
	printf(",\"achieved\":");
	json_achieved(t, e);
	printf(",\"expected\":");
	q ? out_json_number(stdout, round(e->expected * 1000) / 1000)
	  : (void)fputs("null", stdout);
	printf(",\"status\":\"%s\",\"lead\":", sched_state_id(e->state));
	out_json_string(stdout, t->lead->id);
	printf(",\"due\":\"%s\",\"reported_as_of\":", kh_date_iso(t->due, day));
	if (e->entry_as_of != KH_DATE_NONE && e->reported)
		printf("\"%s\"", kh_date_iso(e->entry_as_of, day));
	else
		fputs("null", stdout);
	printf(",\"progress\":");
	out_json_number(stdout, round(e->progress * 10) / 10);
	printf("}");
}

static int status_json(const cli_ctx *ctx, const kh_snapshot *s,
		       const filter *f)
{
	const kh_plan *plan = ctx->plan;
	char day[KH_DATE_ISO_LEN];
	printf("{\"plan\":{\"id\":");
	out_json_string(stdout, plan->id);
	printf(",\"title\":");
	out_json_string(stdout, plan->title);
	printf(",\"year\":%d},\"as_of\":\"%s\",\"counts\":{", plan->year,
	       kh_date_iso(s->as_of, day));
	for (int st = 0; st < KH_STATE_COUNT; st++)
		printf("%s\"%s\":%zu", st ? "," : "",
		       sched_state_id((kh_state)st), s->total.counts[st]);
	printf("},\"targets\":[");
	bool first = true;
	for (size_t i = 0; i < plan->n_targets; i++) {
		const kh_target *t = plan->targets[i];
		if (!keep_target(f, t, &s->evals[t->index]))
			continue;
		printf(first ? "\n" : ",\n");
		json_target(s, t);
		first = false;
	}
	printf("\n],\"orphans\":[");
	for (size_t i = 0; i < s->n_orphans; i++) {
		if (i)
			putchar(',');
		out_json_string(stdout, s->orphans[i]);
	}
	printf("]}\n");
	return 0;
}

/* A report still owed: missing past the deadline, or not yet due. */
static bool still_owed(kh_report_state r)
{
	return r == KH_REPORT_MISSING || r == KH_REPORT_NOT_DUE;
}

/* --missing: for a period, what each unit owes (not yet reported, or
 * missing past the deadline), by unit. */
static int missing_txt(const cli_ctx *ctx, const kh_period_view *v,
		       const filter *f)
{
	const kh_period *p = v->period;
	char cut[KH_DATE_ISO_LEN], due[KH_DATE_ISO_LEN], today[KH_DATE_ISO_LEN];
	cli_say(stdout, _("Reports for %s (%s): cut-off %s, due %s; as of "
		"%s:\n"), p->id, p->label, cli_date(p->cutoff, cut),
		cli_date(p->deadline, due), cli_date(v->today, today));
	size_t owed_total = 0;
	for (size_t u = 0; u < ctx->plan->n_units; u++) {
		const kh_unit_completeness *c = &v->units[u];
		if (!c->owed || (f->unit && c->unit != f->unit))
			continue;
		size_t owed = c->counts[KH_REPORT_MISSING] +
			      c->counts[KH_REPORT_NOT_DUE];
		owed_total += owed;
		printf("\n");
		cli_say(stdout, _("%s (%s): %zu of %zu reported (%zu on time, "
			"%zu late)"), c->unit->name, c->unit->id,
			c->counts[KH_REPORT_ON_TIME] +
				c->counts[KH_REPORT_LATE],
			c->owed, c->counts[KH_REPORT_ON_TIME],
			c->counts[KH_REPORT_LATE]);
		if (c->counts[KH_REPORT_MISSING])
			cli_say(stdout, _("; %zu missing"),
				c->counts[KH_REPORT_MISSING]);
		if (c->counts[KH_REPORT_NOT_DUE])
			cli_say(stdout, _("; %zu not yet due"),
				c->counts[KH_REPORT_NOT_DUE]);
		printf("\n");
		for (size_t i = 0; i < ctx->plan->n_targets; i++) {
			const kh_target *t = ctx->plan->targets[i];
			kh_report_state r = v->figures[i].report;
			if (t->lead != c->unit || !still_owed(r))
				continue;
			printf("  ");
			/* TRANSLATORS: a report past its deadline / one
			 * still owed before it. */
			cli_pad(stdout, r == KH_REPORT_MISSING ? _("missing")
							       : _("owed"), 8);
			printf(" ");
			cli_text(ctx, stdout, t->id);
			printf("  ");
			print_clipped(ctx, t->text, 50);
			printf("\n");
		}
	}
	if (!owed_total) {
		printf("\n");
		cli_say(stdout, _("Every unit has reported for %s.\n"), p->id);
	}
	return 0;
}

static int missing_json(const cli_ctx *ctx, const kh_period_view *v,
			const filter *f)
{
	char day[KH_DATE_ISO_LEN];
	printf("{\"period\":");
	out_json_string(stdout, v->period->id);
	printf(",\"deadline\":\"%s\"", kh_date_iso(v->period->deadline, day));
	printf(",\"as_of\":\"%s\",\"units\":[", kh_date_iso(v->today, day));
	bool first = true;
	for (size_t u = 0; u < ctx->plan->n_units; u++) {
		const kh_unit_completeness *c = &v->units[u];
		if (!c->owed || (f->unit && c->unit != f->unit))
			continue;
		printf("%s\n{\"id\":", first ? "" : ",");
		first = false;
		out_json_string(stdout, c->unit->id);
		printf(",\"name\":");
		out_json_string(stdout, c->unit->name);
		printf(",\"targets\":%zu", c->owed);
		for (int r = 0; r < 4; r++)
			printf(",\"%s\":%zu", kh_report_state_id((kh_report_state)r),
			       c->counts[r]);
		printf(",\"owed\":[");
		bool first_t = true;
		for (size_t i = 0; i < ctx->plan->n_targets; i++) {
			const kh_target *t = ctx->plan->targets[i];
			kh_report_state r = v->figures[i].report;
			if (t->lead != c->unit || !still_owed(r))
				continue;
			printf("%s{\"id\":", first_t ? "" : ",");
			first_t = false;
			out_json_string(stdout, t->id);
			printf(",\"report\":\"%s\"}", kh_report_state_id(r));
		}
		printf("]}");
	}
	printf("\n]}\n");
	return 0;
}

static int missing_csv(const cli_ctx *ctx, const kh_period_view *v,
		       const filter *f)
{
	printf("period,unit,target_id,report\n");
	for (size_t i = 0; i < ctx->plan->n_targets; i++) {
		const kh_target *t = ctx->plan->targets[i];
		kh_report_state r = v->figures[i].report;
		if ((f->unit && t->lead != f->unit) || !still_owed(r))
			continue;
		out_csv_field(stdout, v->period->id, ',');
		putchar(',');
		out_csv_field(stdout, t->lead->id, ',');
		putchar(',');
		out_csv_field(stdout, t->id, ',');
		printf(",%s\n", kh_report_state_id(r));
	}
	return 0;
}

static int run_missing(cli_ctx *ctx, const filter *f, int format)
{
	const kh_period *period = cli_period(ctx);
	if (!period)
		return 2;
	kh_error err;
	kh_period_view *v = period_view_take(ctx->plan, ctx->store, period,
					     ctx->today, &err);
	if (!v)
		return cli_fail_error(&err);
	int rc = format == CLI_JSON  ? missing_json(ctx, v, f)
		 : format == CLI_CSV ? missing_csv(ctx, v, f)
				     : missing_txt(ctx, v, f);
	period_view_free(v);
	return rc;
}

static int run_status(cli_ctx *ctx)
{
	filter f = {.behind = cli_option(ctx, "behind") != NULL};
	const char *unit = cli_option(ctx, "unit");
	if (unit && !(f.unit = cli_find_unit(ctx, unit)))
		return 2;
	int format = cli_format(ctx);
	if (format < 0)
		return 2;
	if (cli_option(ctx, "missing"))
		return run_missing(ctx, &f, format);
	kh_error err;
	kh_snapshot *s = snapshot_take(ctx->plan, ctx->store, ctx->as_of, &err);
	if (!s)
		return cli_fail_error(&err);
	int rc = format == CLI_JSON  ? status_json(ctx, s, &f)
		 : format == CLI_CSV ? status_csv(ctx, s, &f)
				     : status_txt(ctx, s, &f);
	snapshot_free(s);
	return rc;
}

static const cli_opt status_opts[] = {
	{"behind", NULL, N_("only targets that need attention (overdue, "
			    "behind, missing report, at risk)")},
	{"unit", N_("UNIT"), N_("only targets led by UNIT (a unit id of the "
				"plan)")},
	{"missing", NULL, N_("what each unit still owes for the period "
			     "(--period, else the latest one whose cut-off "
			     "is on or before --as-of)")},
	{"format", N_("FMT"), N_("txt (default), csv or json")},
	{NULL, NULL, NULL},
};

const cli_command cli_cmd_status = {
	.name = "status",
	.usage = N_("[--behind] [--missing] [--unit UNIT] "
		    "[--format txt|csv|json]"),
	.summary = N_("show the plan tree with figures and statuses"),
	.help = N_("Judges every target as of --as-of (default: today, or the "
		   "plan's end once\nit is over).  Statuses: exceeded, done, "
		   "on_track, at_risk, behind, overdue,\nnot_due, "
		   "missing_report.  The JSON form is stable for scripts.\n"),
	.opts = status_opts,
	.min_args = 0,
	.max_args = 0,
	.needs = CLI_NEEDS_PLAN | CLI_NEEDS_DB_READ,
	.run = run_status,
};
