/* kehoach backup FILE: a consistent copy while others keep working. */
#include "cli_impl.h"

#include <stdio.h>

static int run_backup(cli_ctx *ctx)
{
	const char *path = ctx->args[0];
	if (!ctx->store)
		return cli_fail(KH_EIO, _("no database yet at %s: nothing to "
				"back up (check --db or KEHOACH_DB)"),
				ctx->db_path);
	kh_error err;
	if (store_backup(ctx->store, path, &err) != KH_OK)
		return cli_fail_error(&err);
	size_t n = 0;
	store_count(ctx->store, &n, &err);
	cli_say(stdout, ngettext("Backed up %s to %s (%zu entry; integrity "
				 "check ok).\n",
				 "Backed up %s to %s (%zu entries; integrity "
				 "check ok).\n", n),
		store_path(ctx->store), path, n);
	return 0;
}

const cli_command cli_cmd_backup = {
	.name = "backup",
	.usage = N_("FILE"),
	.summary = N_("copy the database to FILE, safely while others write"),
	.help = N_("Uses SQLite's online backup, so clerks can keep working; "
		   "the copy is checked\n(PRAGMA integrity_check) before it is "
		   "reported.  FILE must not exist.  To\nrestore, use the copy "
		   "as --db (or copy it over the database when nobody has\nit "
		   "open).\n"),
	.opts = NULL,
	.min_args = 1,
	.max_args = 1,
	.needs = CLI_NEEDS_PLAN | CLI_NEEDS_DB_READ,
	.run = run_backup,
};
