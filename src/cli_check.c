/* kehoach check: validate a plan and say what it holds. */
#include "cli_impl.h"

#include <stdio.h>

static int run_check(cli_ctx *ctx)
{
	const kh_plan *plan = ctx->plan;
	size_t kinds[3] = {0, 0, 0};
	for (size_t i = 0; i < plan->n_targets; i++)
		kinds[plan->targets[i]->kind]++;
	char start[KH_DATE_ISO_LEN], end[KH_DATE_ISO_LEN];
	cli_say(stdout, _("%s: ok: plan %s (%d, %s to %s)\n"), plan->file,
		plan->id, plan->year, cli_date(plan->start, start),
		cli_date(plan->end, end));
	cli_say(stdout, _("  %zu sections, %zu tasks, %zu targets (%zu "
		"quantity, %zu milestone, %zu ongoing)\n"),
		plan->n_sections, plan->n_tasks, plan->n_targets,
		kinds[KH_KIND_QUANTITY], kinds[KH_KIND_MILESTONE],
		kinds[KH_KIND_ONGOING]);
	cli_say(stdout, _("  %zu units, %zu reporting periods:"), plan->n_units,
		plan->n_periods);
	for (size_t i = 0; i < plan->n_periods; i++) {
		char cut[KH_DATE_ISO_LEN];
		cli_say(stdout, "%s ", i ? "," : "");
		cli_say(stdout, _("%s (cut-off %s)"), plan->periods[i].id,
			cli_date(plan->periods[i].cutoff, cut));
	}
	printf("\n");
	return 0;
}

const cli_command cli_cmd_check = {
	.name = "check",
	.usage = "",
	.summary = N_("validate the plan file and say what it holds"),
	.help = N_("Reads the plan (--plan FILE) and reports the first problem "
		   "as\nFILE:LINE:COL: message (exit status 2), or what the "
		   "plan holds.\n"),
	.opts = NULL,
	.min_args = 0,
	.max_args = 0,
	.needs = CLI_NEEDS_PLAN,
	.run = run_check,
};
