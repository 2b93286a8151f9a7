/* kehoach __complete WHAT: words for shell completion. */
#include "cli_impl.h"

static int run_complete(cli_ctx *ctx)
{
	(void)ctx;
	return 0;
}

const cli_command cli_cmd_complete = {
	.name = "__complete",
	.usage = "WHAT",
	.summary = "words for shell completion",
	.help = "",
	.opts = NULL,
	.min_args = 1,
	.max_args = 1,
	.needs = CLI_NEEDS_PLAN,
	.hidden = true,
	.run = run_complete,
};
