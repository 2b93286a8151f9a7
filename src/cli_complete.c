/* kehoach __complete WHAT [ARG]: words for shell completion, one a line.
 *
 *   commands            the commands (not the hidden ones)
 *   options [CMD]       the global options, then CMD's ("-o" too if it
 *                       writes a file)
 *   value-options       every option that takes a value, so the shell
 *                       script knows which words are option arguments
 *   targets, units, periods   the ids of the plan in use
 *   formats [CMD]       what CMD's --format takes
 *   languages           what --lang takes
 *
 * The command asks the dispatcher for nothing and loads the plan itself,
 * silently: completion must never print errors into the shell, so a
 * missing or broken plan, or an unknown CMD, gives no words. */
#include "cli_impl.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kehoach/i18n.h"
#include "kehoach/report.h"

/* Only words the shell can take as they are. */
static void word(const char *prefix, const char *w)
{
	for (const char *c = w; *c; c++)
		if ((unsigned char)*c <= ' ' || *c == 0x7f)
			return;
	printf("%s%s\n", prefix, w);
}

static const cli_command *command_named(const char *name)
{
	size_t n;
	const cli_command *const *cmds = cli_commands(&n);
	for (size_t i = 0; name && i < n; i++)
		if (strcmp(cmds[i]->name, name) == 0)
			return cmds[i];
	return NULL;
}

static void print_commands(void)
{
	size_t n;
	const cli_command *const *cmds = cli_commands(&n);
	for (size_t i = 0; i < n; i++)
		if (!cmds[i]->hidden)
			word("", cmds[i]->name);
}

static bool has_output(const cli_opt *opts)
{
	for (int i = 0; opts && opts[i].name; i++)
		if (strcmp(opts[i].name, "output") == 0)
			return true;
	return false;
}

static void print_opts(const cli_opt *opts, bool with_value_only)
{
	for (int i = 0; opts && opts[i].name; i++)
		if (!with_value_only || opts[i].arg)
			word("--", opts[i].name);
	if (has_output(opts))
		word("", "-o");
}

static void print_options(const char *cmd_name)
{
	print_opts(cli_global_opts(), false);
	const cli_command *cmd = command_named(cmd_name);
	if (cmd)
		print_opts(cmd->opts, false);
}

static void print_value_options(void)
{
	size_t n;
	const cli_command *const *cmds = cli_commands(&n);
	print_opts(cli_global_opts(), true);
	for (size_t i = 0; i < n; i++)
		print_opts(cmds[i]->opts, true);
}

static void print_formats(const char *cmd_name)
{
	if (cmd_name && strcmp(cmd_name, "report") == 0) {
		printf("md\ntxt\ncsv\n");
		if (report_xlsx_available())
			printf("xlsx\n");
	} else {
		printf("txt\ncsv\njson\n");
	}
}

/* The plan as the other commands find it (--plan, $KEHOACH_PLAN, the
 * config file, ./plan.yaml, the installed one), or NULL, quietly. */
static kh_plan *quiet_plan(const cli_ctx *ctx)
{
	char *path = cli_plan_path(ctx->plan_opt, ctx->config.plan);
	if (!path)
		return NULL;
	kh_error err;
	kh_plan *plan = plan_load(path, &err);
	free(path);
	return plan;
}

static void print_plan_ids(const cli_ctx *ctx, const char *what)
{
	kh_plan *plan = quiet_plan(ctx);
	if (!plan)
		return;
	if (strcmp(what, "targets") == 0)
		for (size_t i = 0; i < plan->n_targets; i++)
			word("", plan->targets[i]->id);
	else if (strcmp(what, "units") == 0)
		for (size_t i = 0; i < plan->n_units; i++)
			word("", plan->units[i].id);
	else
		for (size_t i = 0; i < plan->n_periods; i++)
			word("", plan->periods[i].id);
	plan_free(plan);
}

static int run_complete(cli_ctx *ctx)
{
	const char *what = ctx->args[0];
	const char *arg = ctx->n_args > 1 ? ctx->args[1] : NULL;
	if (strcmp(what, "commands") == 0)
		print_commands();
	else if (strcmp(what, "options") == 0)
		print_options(arg);
	else if (strcmp(what, "value-options") == 0)
		print_value_options();
	else if (strcmp(what, "formats") == 0)
		print_formats(arg);
	else if (strcmp(what, "languages") == 0)
		printf("vi\nen\n");
	else if (strcmp(what, "targets") == 0 || strcmp(what, "units") == 0 ||
		 strcmp(what, "periods") == 0)
		print_plan_ids(ctx, what);
	else
		return cli_fail(KH_EUSAGE, _("__complete: unknown word list "
				"\"%s\""), what);
	return 0;
}

const cli_command cli_cmd_complete = {
	.name = "__complete",
	.usage = "WHAT [ARG]",
	.summary = "words for shell completion",
	.help = "",
	.opts = NULL,
	.min_args = 1,
	.max_args = 2,
	.needs = 0,
	.hidden = true,
	.run = run_complete,
};
