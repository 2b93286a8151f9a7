/* kehoach report / close / reopen: the consolidated report of a period,
 * and freezing it once sent. */
#include "cli_impl.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kehoach/out.h"
#include "kehoach/report.h"

/* "Wrote PATH." on stderr; the path may hold anything a file name can. */
static void wrote(const char *path)
{
	cli_say(stderr, _("Wrote %s.\n"), path);
}

static int print_as_closed(cli_ctx *ctx, const kh_period *period, FILE *fp)
{
	kh_period_event *ev = NULL;
	size_t n = 0;
	kh_error err;
	if (!ctx->store)
		return cli_fail(KH_EINPUT, _("period %s has never been closed "
				"(kehoach close %s keeps its report)"),
				period->id, period->id);
	if (store_period_events(ctx->store, period->id, &ev, &n, &err) != KH_OK)
		return cli_fail_error(&err);
	const kh_period_event *last_close = NULL;
	for (size_t i = 0; i < n; i++)
		if (ev[i].close)
			last_close = &ev[i];
	int rc = 0;
	if (!last_close)
		rc = cli_fail(KH_EINPUT, _("period %s has never been closed "
			      "(kehoach close %s keeps its report)"),
			      period->id, period->id);
	else
		out_text(fp, last_close->text, true, ctx->ascii);
	period_events_free(ev, n);
	return rc;
}

static int run_report(cli_ctx *ctx)
{
	static const char *const formats[] = {"md", "txt", "csv", "xlsx"};
	const kh_period *period = cli_period(ctx);
	if (!period)
		return 2;
	const char *fmt = cli_option(ctx, "format");
	kh_report_format format = KH_REPORT_TXT;
	const char *path = cli_option(ctx, "output");
	if (!fmt && path) {
		const char *dot = strrchr(path, '.');
		if (dot && !kh_report_format_parse(dot + 1, &format))
			format = KH_REPORT_TXT;
	} else if (fmt && !kh_report_format_parse(fmt, &format)) {
		return cli_unknown_format(fmt, formats,
					  sizeof formats / sizeof formats[0]);
	}
	kh_error err;
	if (format == KH_REPORT_XLSX) {
		if (!report_xlsx_available())
			return cli_fail(KH_EUSAGE, _("this kehoach was built "
					"without XLSX support; use --format "
					"csv (Excel opens it)"));
		if (!path || strcmp(path, "-") == 0)
			return cli_fail(KH_EUSAGE, _("an XLSX report needs -o "
					"FILE (a file name ending in "
					".xlsx)"));
		if (report_write_xlsx(path, ctx->plan, ctx->store, period,
				      ctx->today, &err) != KH_OK)
			return cli_fail_error(&err);
		wrote(path);
		return 0;
	}
	FILE *fp = cli_open_output(path);
	if (!fp)
		return 1;
	bool to_file = fp != stdout;
	int rc = 0;
	if (cli_option(ctx, "as-closed"))
		rc = print_as_closed(ctx, period, fp);
	else if (report_write(fp, ctx->plan, ctx->store, period, ctx->today,
			      format, ctx->ascii && !to_file, &err) != KH_OK)
		rc = cli_fail_error(&err);
	rc = cli_close_output(fp, path, rc);
	if (rc == 0 && to_file)
		wrote(path);
	return rc;
}

static const kh_period *named_period(cli_ctx *ctx)
{
	const kh_period *p = plan_find_period(ctx->plan, ctx->args[0]);
	if (!p)
		cli_unknown_period(ctx, ctx->args[0]);
	return p;
}

static int run_close(cli_ctx *ctx)
{
	const kh_period *period = named_period(ctx);
	if (!period)
		return 2;
	kh_error err;
	char *report = report_markdown(ctx->plan, ctx->store, period,
				       ctx->today, &err);
	if (!report)
		return cli_fail_error(&err);
	kh_rc rc = store_close_period(ctx->store, period->id, period->from,
				      period->cutoff, ctx->user, report, &err);
	free(report);
	if (rc != KH_OK)
		return cli_fail_error(&err);
	char from[KH_DATE_ISO_LEN], cut[KH_DATE_ISO_LEN];
	cli_say(stdout, _("Closed %s: the report as it stands now is kept "
		"(kehoach report --period %s --as-closed). Figures dated %s "
		"to %s are refused until 'kehoach reopen %s'.\n"), period->id,
		period->id, cli_date(period->from, from),
		cli_date(period->cutoff, cut), period->id);
	return 0;
}

static int run_reopen(cli_ctx *ctx)
{
	const kh_period *period = named_period(ctx);
	if (!period)
		return 2;
	const char *reason = cli_option(ctx, "reason");
	kh_error err;
	if (store_reopen_period(ctx->store, period->id, ctx->user,
				reason ? reason : "", &err) != KH_OK)
		return cli_fail_error(&err);
	cli_say(stdout, _("Reopened %s: corrections may be entered; the "
		"reopening is listed in its report. Close it again with "
		"'kehoach close %s'.\n"), period->id, period->id);
	return 0;
}

static const cli_opt report_opts[] = {
	{"format", N_("FMT"), N_("txt (default), md, csv or xlsx (default "
				 "from the -o file's extension)")},
	{"output", N_("FILE"), N_("write to FILE (default: standard output)")},
	{"as-closed", NULL, N_("print the report kept when the period was "
			       "closed")},
	{NULL, NULL, NULL},
};

const cli_command cli_cmd_report = {
	.name = "report",
	.usage = N_("[--period P] [--format md|txt|csv|xlsx] [-o FILE]"),
	.summary = N_("write the consolidated report of a period"),
	.help = N_("One row per section, task and target (No., Task / "
		   "target, Measure, Plan,\nIn period, Cumulative, Progress "
		   "%, Lead unit, Assessment, Note), then a\nsummary: counts "
		   "by status, what is behind and by how much, the units that\n"
		   "have not reported, flagged and late figures, reopenings.  "
		   "Reports are missing\nonce the period's deadline is before "
		   "--as-of (default: today).\n"),
	.opts = report_opts,
	.min_args = 0,
	.max_args = 0,
	.needs = CLI_NEEDS_PLAN | CLI_NEEDS_DB_READ,
	.run = run_report,
};

const cli_command cli_cmd_close = {
	.name = "close",
	.usage = N_("PERIOD"),
	.summary = N_("close a period: keep its report, refuse later figures"),
	.help = N_("The report as it stands is kept in the database.  Figures "
		   "dated inside the\nperiod are refused until it is "
		   "reopened.\n"),
	.opts = NULL,
	.min_args = 1,
	.max_args = 1,
	.needs = CLI_NEEDS_PLAN | CLI_NEEDS_DB_WRITE,
	.run = run_close,
};

static const cli_opt reopen_opts[] = {
	{"reason", N_("TEXT"), N_("why it is reopened (listed in the "
				  "report)")},
	{NULL, NULL, NULL},
};

const cli_command cli_cmd_reopen = {
	.name = "reopen",
	.usage = N_("PERIOD [--reason TEXT]"),
	.summary = N_("reopen a closed period for corrections"),
	.help = N_("The reopening is recorded and listed in the period's "
		   "report; close it again\nwhen the corrections are in.\n"),
	.opts = reopen_opts,
	.min_args = 1,
	.max_args = 1,
	.needs = CLI_NEEDS_PLAN | CLI_NEEDS_DB_WRITE,
	.run = run_reopen,
};
