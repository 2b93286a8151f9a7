/* kehoach backup FILE: a consistent copy while others keep working. */
#include "cli_impl.h"

#include <stdio.h>

static int run_backup(cli_ctx *ctx)
{
	const char *path = ctx->args[0];
	if (!ctx->store)
		return cli_fail(KH_EIO, "no database yet at %s: nothing to back "
				"up", ctx->db_path);
	kh_error err;
	if (store_backup(ctx->store, path, &err) != KH_OK)
		return cli_fail_error(&err);
	size_t n = 0;
	store_count(ctx->store, &n, &err);
	fputs("Backed up ", stdout);
	cli_text(ctx, stdout, store_path(ctx->store));
	fputs(" to ", stdout);
	cli_text(ctx, stdout, path);
	printf(" (%zu entries; integrity check ok).\n", n);
	return 0;
}

const cli_command cli_cmd_backup = {
	.name = "backup",
	.usage = "FILE",
	.summary = "copy the database to FILE, safely while others write",
	.help = "Uses SQLite's online backup, so clerks can keep working; the "
		"copy is checked\n(PRAGMA integrity_check) before it is "
		"reported.  FILE must not exist.  To\nrestore, use the copy "
		"as --db (or copy it over the database when nobody has\nit "
		"open).\n",
	.opts = NULL,
	.min_args = 1,
	.max_args = 1,
	.needs = CLI_NEEDS_PLAN | CLI_NEEDS_DB_READ,
	.run = run_backup,
};
