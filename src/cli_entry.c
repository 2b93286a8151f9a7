/* kehoach set / history / undo: recording figures and their history. */
#include "cli_impl.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kehoach/check.h"
#include "kehoach/describe.h"
#include "kehoach/out.h"
#include "kehoach/status.h"
#include "kehoach/text.h"

/* Notes are one line of a report cell; a page of text is a mistake. */
#define NOTE_MAX_BYTES 2000

/* A figure lower than the last one, or far above the plan, is recorded
 * only with --force, and flagged for the report. */
static int check_plausible(cli_ctx *ctx, const kh_target *t, kh_entry *e)
{
	kh_entry *near = NULL;
	size_t n = 0;
	kh_error err;
	if (store_entries_near(ctx->store, t->id, e->as_of, &near, &n,
			       &err) != KH_OK)
		return cli_fail_error(&err);
	/* Newest first, none retracted, none after e->as_of. */
	const kh_entry *previous = n ? &near[0] : NULL;
	char why[512];
	unsigned flags = kh_check_entry(t, previous, e, why, sizeof why);
	entries_free(near, n);
	if (!flags)
		return 0;
	if (!cli_option(ctx, "force"))
		return cli_fail(KH_EINPUT, _("%s; check the figure, or use "
				"--force to record it anyway (it is flagged "
				"in the report)"), why);
	e->flags = flags;
	fputs("kehoach: ", stderr);
	cli_say(stderr, _("recorded with --force and flagged: %s\n"), why);
	return 0;
}

static int run_set(cli_ctx *ctx)
{
	const kh_target *t = cli_find_target(ctx, ctx->args[0]);
	if (!t)
		return 2;
	kh_entry e = {0};
	char why[256];
	if (!kh_parse_entry_value(t, ctx->args[1], &e, why, sizeof why))
		return cli_fail(KH_EINPUT, _("bad value \"%s\" for %s (%s): %s"),
				ctx->args[1], t->id, kh_describe_kind(t->kind), why);

	e.as_of = ctx->as_of;
	const char *date = cli_option(ctx, "date");
	if (date && !kh_date_parse(date, &e.as_of))
		return cli_fail(KH_EINPUT, _("--date \"%s\" is not a date (use "
				"YYYY-MM-DD or DD/MM/YYYY)"), date);
	char lo[KH_DATE_ISO_LEN], hi[KH_DATE_ISO_LEN], day[KH_DATE_ISO_LEN];
	if (e.as_of < ctx->plan->start || e.as_of > ctx->plan->end)
		return cli_fail(KH_EINPUT, _("date %s is outside the plan (%s "
				"to %s); give --date"), cli_date(e.as_of, day),
				cli_date(ctx->plan->start, lo),
				cli_date(ctx->plan->end, hi));

	const kh_unit *unit = t->lead;
	const char *unit_id = cli_option(ctx, "unit");
	if (unit_id && !(unit = cli_find_unit(ctx, unit_id)))
		return 2;

	const char *note = cli_option(ctx, "note");
	if (note && strlen(note) > NOTE_MAX_BYTES)
		return cli_fail(KH_EINPUT, _("the note is longer than %d bytes; "
				"shorten it"), NOTE_MAX_BYTES);
	const kh_period *period = plan_period_for_date(ctx->plan, e.as_of);

	e.note = text_nfc(note ? note : "", note ? strlen(note) : 0);
	e.target_id = strdup(t->id);
	e.unit_id = strdup(unit->id);
	e.period = period ? strdup(period->id) : NULL;
	e.entered_by = strdup(ctx->user);
	e.source = strdup("cli");
	if (!e.note || !e.target_id || !e.unit_id || !e.entered_by ||
	    !e.source || (period && !e.period)) {
		entry_clear(&e);
		return cli_fail(KH_ENOMEM, _("out of memory"));
	}
	kh_error err;
	int rc = check_plausible(ctx, t, &e);
	if (rc != 0) {
		entry_clear(&e);
		return rc;
	}
	if (store_add_entry(ctx->store, &e, &err) != KH_OK) {
		entry_clear(&e);
		return cli_fail_error(&err);
	}

	char value[64];
	char what[160] = "";
	if (t->kind == KH_KIND_QUANTITY)
		snprintf(what, sizeof what, "%s %s",
			 kh_describe_value(&e, value, sizeof value), t->measure);
	else
		kh_describe_value(&e, what, sizeof what);
	if (period)
		cli_say(stdout, _("Recorded entry #%lld: %s = %s as of %s (%s), "
			"reported by %s.\n"), (long long)e.id, t->id, what,
			cli_date(e.as_of, day), period->id, unit->short_name);
	else
		cli_say(stdout, _("Recorded entry #%lld: %s = %s as of %s, "
			"reported by %s.\n"), (long long)e.id, t->id, what,
			cli_date(e.as_of, day), unit->short_name);
	entry_clear(&e);

	/* Say where the target stands now, as the TUI would show it. */
	kh_snapshot *s = snapshot_take(ctx->plan, ctx->store, ctx->as_of, &err);
	if (!s)
		return cli_fail_error(&err);
	const kh_eval *ev = &s->evals[t->index];
	char fig[160], gap[160];
	kh_describe_figure(t, ev, fig, sizeof fig);
	if (kh_describe_gap(t, ev, ctx->as_of, lang_current() == KH_LANG_VI,
			    gap, sizeof gap)[0])
		cli_say(stdout, _("Status as of %s: %s, %s (%s).\n"),
			cli_date(ctx->as_of, day), sched_state_label(ev->state),
			fig, gap);
	else
		cli_say(stdout, _("Status as of %s: %s, %s.\n"),
			cli_date(ctx->as_of, day), sched_state_label(ev->state),
			fig);
	snapshot_free(s);
	return 0;
}

/* A target named on the command line: in the plan, or gone from the plan
 * but with entries in the database (those stay reachable). */
static bool known_target(const cli_ctx *ctx, const char *id, int *rc)
{
	if (plan_find_target(ctx->plan, id))
		return true;
	if (ctx->store) {
		char **ids = NULL;
		size_t n = 0;
		kh_error err;
		bool found = false;
		if (store_target_ids(ctx->store, &ids, &n, &err) != KH_OK) {
			*rc = cli_fail_error(&err);
			return false;
		}
		for (size_t i = 0; i < n; i++) {
			found = found || strcmp(ids[i], id) == 0;
			free(ids[i]);
		}
		free(ids);
		if (found)
			return true;
	}
	cli_find_target(ctx, id); /* prints the message with suggestions */
	*rc = 2;
	return false;
}

static void history_txt(const cli_ctx *ctx, const char *id,
			const kh_entry *v, size_t n)
{
	const kh_target *t = plan_find_target(ctx->plan, id);
	cli_text(ctx, stdout, id);
	if (t) {
		if (t->kind == KH_KIND_QUANTITY)
			cli_say(stdout, " (%s, %s)\n  ", kh_describe_kind(t->kind),
				t->measure);
		else
			cli_say(stdout, " (%s)\n  ", kh_describe_kind(t->kind));
		char *cut = text_truncate(t->text, 76, ctx->ascii);
		cli_text(ctx, stdout, cut ? cut : "");
		free(cut);
	} else {
		cli_say(stdout, " %s", _("(not in the plan any more)"));
	}
	printf("\n");
	if (!n)
		cli_say(stdout, "  %s\n", _("No entries yet."));
	for (size_t i = 0; i < n; i++) {
		char value[64], day[KH_DATE_ISO_LEN];
		printf("  #%-5lld ", (long long)v[i].id);
		cli_pad(stdout, kh_describe_value(&v[i], value, sizeof value), 12);
		cli_say(stdout, _(" as of %s  "), cli_date(v[i].as_of, day));
		cli_pad(stdout, v[i].period ? v[i].period : "", 3);
		cli_say(stdout, _(" %s  by %s at %s via %s"),
			v[i].unit_id ? v[i].unit_id : "-", v[i].entered_by,
			v[i].entered_at, v[i].source);
		if (v[i].note && v[i].note[0])
			cli_say(stdout, "  \"%s\"", v[i].note);
		if (v[i].retracted)
			cli_say(stdout, _("  [retracted by %s at %s]"),
				v[i].retracted_by, v[i].retracted_at);
		printf("\n");
	}
}

static void history_json(const char *id, const kh_entry *v, size_t n)
{
	printf("{\"target\":");
	out_json_string(stdout, id);
	printf(",\"entries\":[");
	for (size_t i = 0; i < n; i++) {
		char day[KH_DATE_ISO_LEN];
		printf("%s\n{\"id\":%lld,\"kind\":\"%s\",\"value\":",
		       i ? "," : "", (long long)v[i].id,
		       kh_kind_name(v[i].kind));
		if (v[i].kind == KH_KIND_QUANTITY)
			out_json_number(stdout, v[i].value);
		else if (v[i].kind == KH_KIND_MILESTONE)
			fputs(v[i].done ? "true" : "false", stdout);
		else
			out_json_string(stdout, kh_assessment_id(v[i].assessment));
		printf(",\"as_of\":\"%s\",\"period\":", kh_date_iso(v[i].as_of, day));
		out_json_string(stdout, v[i].period);
		printf(",\"unit\":");
		out_json_string(stdout, v[i].unit_id);
		printf(",\"note\":");
		out_json_string(stdout, v[i].note);
		printf(",\"entered_by\":");
		out_json_string(stdout, v[i].entered_by);
		printf(",\"entered_at\":");
		out_json_string(stdout, v[i].entered_at);
		printf(",\"source\":");
		out_json_string(stdout, v[i].source);
		printf(",\"retracted\":%s,\"retracted_by\":",
		       v[i].retracted ? "true" : "false");
		out_json_string(stdout, v[i].retracted_by);
		printf(",\"retracted_at\":");
		out_json_string(stdout, v[i].retracted_at);
		printf("}");
	}
	printf("\n]}\n");
}

static void history_csv(const char *id, const kh_entry *v, size_t n)
{
	printf("entry,target_id,value,as_of,period,unit,note,entered_by,"
	       "entered_at,source,retracted,retracted_by,retracted_at\n");
	for (size_t i = 0; i < n; i++) {
		char value[64], day[KH_DATE_ISO_LEN];
		printf("%lld,", (long long)v[i].id);
		out_csv_field(stdout, id, ',');
		printf(",%s,%s,", kh_entry_value_text(&v[i], value, sizeof value),
		       kh_date_iso(v[i].as_of, day));
		const char *fields[] = {v[i].period, v[i].unit_id, v[i].note,
					v[i].entered_by, v[i].entered_at,
					v[i].source};
		for (size_t f = 0; f < sizeof fields / sizeof fields[0]; f++) {
			out_csv_field(stdout, fields[f], ',');
			putchar(',');
		}
		printf("%s,", v[i].retracted ? "yes" : "no");
		out_csv_field(stdout, v[i].retracted_by, ',');
		putchar(',');
		out_csv_field(stdout, v[i].retracted_at, ',');
		putchar('\n');
	}
}

static int run_history(cli_ctx *ctx)
{
	const char *id = ctx->args[0];
	int rc = 0;
	int format = cli_format(ctx);
	if (format < 0)
		return 2;
	if (!known_target(ctx, id, &rc))
		return rc;
	kh_entry *v = NULL;
	size_t n = 0;
	kh_error err;
	if (ctx->store && store_history(ctx->store, id, &v, &n, &err) != KH_OK)
		return cli_fail_error(&err);
	if (format == CLI_JSON)
		history_json(id, v, n);
	else if (format == CLI_CSV)
		history_csv(id, v, n);
	else
		history_txt(ctx, id, v, n);
	entries_free(v, n);
	return 0;
}

static int run_undo(cli_ctx *ctx)
{
	const char *id = ctx->n_args ? ctx->args[0] : NULL;
	int rc = 0;
	if (id && !known_target(ctx, id, &rc))
		return rc;
	kh_entry e = {0};
	kh_error err;
	kh_rc r = store_retract_latest(ctx->store, id, ctx->user, &e, &err);
	if (r == KH_EEMPTY)
		return id ? cli_fail(r, _("nothing to undo for %s: it has no "
				     "entry left"), id)
			  : cli_fail(r, _("nothing to undo: no entry is "
				     "recorded"));
	if (r != KH_OK)
		return cli_fail_error(&err);
	char value[64], day[KH_DATE_ISO_LEN];
	cli_say(stdout, _("Retracted entry #%lld: %s = %s as of %s (entered by "
		"%s at %s). It stays in the history, marked retracted.\n"),
		(long long)e.id, e.target_id,
		kh_describe_value(&e, value, sizeof value),
		cli_date(e.as_of, day), e.entered_by, e.entered_at);
	entry_clear(&e);
	return 0;
}

static const cli_opt set_opts[] = {
	{"date", N_("DATE"), N_("the date the figure is as of (default: "
				"--as-of)")},
	{"unit", N_("UNIT"), N_("the reporting unit (default: the target's "
				"lead)")},
	{"note", N_("TEXT"), N_("a note kept with the figure")},
	{"force", NULL, N_("record a figure lower than the last one or over 3 "
			   "times the plan's maximum (flagged in the "
			   "report)")},
	{NULL, NULL, NULL},
};

const cli_command cli_cmd_set = {
	.name = "set",
	.usage = N_("TARGET VALUE [--date DATE] [--unit UNIT] [--note TEXT] "
		    "[--force]"),
	.summary = N_("record a figure for a target"),
	.help = N_("VALUE is the cumulative figure to date for a quantity (12 "
		   "or 12.5 or 12,5),\ndone or not-done for a milestone, and "
		   "completed, in-progress or not-started\n(or the Vietnamese "
		   "words) for an ongoing duty.  Nothing is overwritten: a\n"
		   "correction is a newer entry, and 'kehoach undo' retracts "
		   "the latest one.\n"),
	.opts = set_opts,
	.min_args = 2,
	.max_args = 2,
	.needs = CLI_NEEDS_PLAN | CLI_NEEDS_DB_WRITE,
	.run = run_set,
};

static const cli_opt history_opts[] = {
	{"format", N_("FMT"), N_("txt (default), csv or json")},
	{NULL, NULL, NULL},
};

const cli_command cli_cmd_history = {
	.name = "history",
	.usage = N_("TARGET [--format txt|csv|json]"),
	.summary = N_("list every entry of a target, newest first"),
	.help = N_("Retracted entries are listed too, marked as such.\n"),
	.opts = history_opts,
	.min_args = 1,
	.max_args = 1,
	.needs = CLI_NEEDS_PLAN | CLI_NEEDS_DB_READ,
	.run = run_history,
};

const cli_command cli_cmd_undo = {
	.name = "undo",
	.usage = N_("[TARGET]"),
	.summary = N_("retract the latest entry (of TARGET, or of any target)"),
	.help = N_("The entry is kept in the history, marked retracted; the "
		   "figure before it\nbecomes current again.\n"),
	.opts = NULL,
	.min_args = 0,
	.max_args = 1,
	.needs = CLI_NEEDS_PLAN | CLI_NEEDS_DB_WRITE,
	.run = run_undo,
};
