/* kehoach template / import: what units fill in and send back. */
#include "cli_impl.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "kehoach/import.h"

/* Open -o FILE for writing (new files honour the umask), or stdout. */
static FILE *open_output(const char *path)
{
	if (!path || strcmp(path, "-") == 0)
		return stdout;
	return fopen(path, "wb");
}

/* Close an output; false (message printed) if anything failed to write. */
static bool close_output(FILE *fp, const char *path)
{
	bool ok = !ferror(fp);
	if (fp != stdout)
		ok = fclose(fp) == 0 && ok;
	else
		ok = fflush(fp) == 0 && ok;
	if (!ok)
		cli_fail(KH_EIO, "could not write %s: %s",
			 path ? path : "the output", strerror(errno));
	return ok;
}

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
	FILE *fp = open_output(path);
	if (!fp)
		return cli_fail(KH_EIO, "cannot create %s: %s", path,
				strerror(errno));
	kh_error err;
	kh_rc rc = import_write_template(fp, ctx->plan, unit, period, &err);
	bool written = close_output(fp, path);
	if (rc != KH_OK)
		return cli_fail_error(&err);
	if (!written)
		return 1;
	if (fp != stdout) { /* the path may hold anything a file name can */
		fputs("Wrote ", stderr);
		cli_text(ctx, stderr, path);
		fprintf(stderr, ": the %s template for %s; fill in value (or "
			"assessment) and note, then 'kehoach import ",
			period->id, unit ? unit->id : "every unit");
		cli_text(ctx, stderr, path);
		fputs("'.\n", stderr);
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
		printf("Dry run: nothing was written. Run again with --apply "
		       "to write it.\n");
	} else if (imp->n_new + imp->n_update == 0) {
		printf("Nothing to write: the database already holds all of "
		       "it.\n");
	} else if (import_apply(imp, ctx->store, &err) != KH_OK) {
		rc = cli_fail_error(&err);
	} else {
		printf("Written: %zu entr%s, in one transaction.\n",
		       imp->n_new + imp->n_update,
		       imp->n_new + imp->n_update == 1 ? "y" : "ies");
	}
	import_free(imp);
	return rc;
}

static const cli_opt template_opts[] = {
	{"unit", "UNIT", "only the targets this unit leads (default: all)"},
	{"output", "FILE", "write to FILE (default: standard output)"},
	{NULL, NULL, NULL},
};

const cli_command cli_cmd_template = {
	.name = "template",
	.usage = "[--unit UNIT] [--period P] [-o FILE]",
	.summary = "write the CSV a unit fills in with its figures",
	.help = "The CSV (UTF-8 with a BOM, ';'-separated, for Excel and "
		"LibreOffice) has the\ncolumns target_id;value;as_of;unit;"
		"assessment;note, then read-only context\n(section, task, "
		"target, plan, measure, lead) that import ignores.  as_of is\n"
		"prefilled with the period's cut-off.\n",
	.opts = template_opts,
	.min_args = 0,
	.max_args = 0,
	.needs = CLI_NEEDS_PLAN,
	.run = run_template,
};

static const cli_opt import_opts[] = {
	{"apply", NULL, "write the figures (default: only show the diff)"},
	{"force", NULL, "accept figures over 3 times the plan's maximum "
			"(they are flagged in the report)"},
	{NULL, NULL, NULL},
};

const cli_command cli_cmd_import = {
	.name = "import",
	.usage = "FILE [--apply] [--force]",
	.summary = "show, then write, the figures a unit sent back (CSV)",
	.help = "Columns are matched by name (any case, any order; others are "
		"ignored); comma\nor semicolon separated; UTF-8 with or without "
		"BOM; decimal comma and\nDD/MM/YYYY dates accepted.  Rows with "
		"no as_of take the --period cut-off\n(or --as-of).  Any bad row "
		"stops the import with FILE:ROW and nothing is\nwritten; a "
		"figure lower than the last one needs a note saying why.\n"
		"Importing the same file twice changes nothing the second "
		"time.\n",
	.opts = import_opts,
	.min_args = 1,
	.max_args = 1,
	.needs = CLI_NEEDS_PLAN | CLI_NEEDS_DB_WRITE,
	.run = run_import,
};
