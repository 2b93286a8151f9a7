/* kehoach template / import: what units fill in and send back. */
#include "cli_impl.h"

#include <stdio.h>

#include "kehoach/import.h"

static int run_template(cli_ctx *ctx)
{
	const kh_unit *unit = NULL;
	const char *unit_id = cli_option(ctx, "unit");
	if (unit_id && !(unit = cli_find_unit(ctx, unit_id)))
		return 2;
	const kh_period *period = cli_period(ctx);
	if (!period)
		return 2;
	const char *path = cli_option(ctx, "output");
	FILE *fp = cli_open_output(path);
	if (!fp)
		return 1;
	kh_error err;
	int rc = 0;
	if (import_write_template(fp, ctx->plan, unit, period, &err) != KH_OK)
		rc = cli_fail_error(&err);
	bool to_file = fp != stdout;
	if ((rc = cli_close_output(fp, path, rc)) != 0)
		return rc;
	if (to_file) { /* the path may hold anything a file name can */
		if (unit)
			cli_say(stderr, _("Wrote %s: the %s template for %s; "
				"fill in value (or assessment) and note, then "
				"'kehoach import %s'.\n"), path, period->id,
				unit->id, path);
		else
			cli_say(stderr, _("Wrote %s: the %s template for every "
				"unit; fill in value (or assessment) and note, "
				"then 'kehoach import %s'.\n"), path,
				period->id, path);
	}
	return 0;
}

static int run_import(cli_ctx *ctx)
{
	const char *path = ctx->args[0];
	bool apply = cli_option(ctx, "apply") != NULL;
	bool force = cli_option(ctx, "force") != NULL;
	kh_date default_as_of = ctx->period && !ctx->as_of_given
					? ctx->period->cutoff
					: ctx->as_of;
	kh_error err;
	kh_import *imp = import_prepare(ctx->plan, ctx->store, path,
					default_as_of, ctx->user, force, &err);
	if (!imp)
		return cli_fail_error(&err);
	import_print_diff(imp, stdout, ctx->ascii);
	int rc = 0;
	if (!apply) {
		cli_say(stdout, "%s\n", _("Dry run: nothing was written. Run "
			"again with --apply to write it."));
	} else if (imp->n_new + imp->n_update == 0) {
		cli_say(stdout, "%s\n", _("Nothing to write: the database "
			"already holds all of it."));
	} else if (import_apply(imp, ctx->store, &err) != KH_OK) {
		rc = cli_fail_error(&err);
	} else {
		size_t n = imp->n_new + imp->n_update;
		cli_say(stdout, ngettext("Written: %zu entry, in one "
					 "transaction.\n",
					 "Written: %zu entries, in one "
					 "transaction.\n", n), n);
	}
	import_free(imp);
	return rc;
}

static const cli_opt template_opts[] = {
	{"unit", N_("UNIT"), N_("only the targets this unit leads (default: "
				"all)")},
	{"output", N_("FILE"), N_("write to FILE (default: standard output)")},
	{NULL, NULL, NULL},
};

const cli_command cli_cmd_template = {
	.name = "template",
	.usage = N_("[--unit UNIT] [--period P] [-o FILE]"),
	.summary = N_("write the CSV a unit fills in with its figures"),
	.help = N_("The CSV (UTF-8 with a BOM, ';'-separated, for Excel and "
		   "LibreOffice) has the\ncolumns target_id;value;as_of;unit;"
		   "assessment;note, then read-only context\n(section, task, "
		   "target, plan, measure, lead) that import ignores.  as_of "
		   "is\nprefilled with the period's cut-off.\n"),
	.opts = template_opts,
	.min_args = 0,
	.max_args = 0,
	.needs = CLI_NEEDS_PLAN,
	.run = run_template,
};

static const cli_opt import_opts[] = {
	{"apply", NULL, N_("write the figures (default: only show the "
			   "diff)")},
	{"force", NULL, N_("accept figures over 3 times the plan's maximum "
			   "(they are flagged in the report)")},
	{NULL, NULL, NULL},
};

const cli_command cli_cmd_import = {
	.name = "import",
	.usage = N_("FILE [--apply] [--force]"),
	.summary = N_("show, then write, the figures a unit sent back (CSV)"),
	.help = N_("Columns are matched by name (any case, any order; others "
		   "are ignored); comma\nor semicolon separated; UTF-8 with or "
		   "without BOM; decimal comma and\nDD/MM/YYYY dates accepted.  "
		   "Rows with no as_of take the --period cut-off\n(or "
		   "--as-of).  Any bad row stops the import with FILE:ROW and "
		   "nothing is\nwritten; a figure lower than the last one "
		   "needs a note saying why.\nImporting the same file twice "
		   "changes nothing the second time.\n"),
	.opts = import_opts,
	.min_args = 1,
	.max_args = 1,
	.needs = CLI_NEEDS_PLAN | CLI_NEEDS_DB_WRITE,
	.run = run_import,
};
