/* Command-line parsing and dispatch.
 *
 * Global options (--plan, --db, --as-of) may come before or after the
 * command name; a command's own options come after it.  Each command
 * declares what it needs (plan, database) and the dispatcher prepares that
 * context, so commands only do their own work. */
#include "cli_impl.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kehoach/config.h"
#include "kehoach/i18n.h"
#include "kehoach/lang.h"
#include "kehoach/out.h"
#include "kehoach/paths.h"
#include "kehoach/report.h"
#include "kehoach/text.h"
#include "kehoach/version.h"
#include "utf8_cut.h"

static const cli_command *const commands[] = {
	&cli_cmd_check,    &cli_cmd_status, &cli_cmd_set,
	&cli_cmd_history,  &cli_cmd_undo,   &cli_cmd_template,
	&cli_cmd_import,   &cli_cmd_report, &cli_cmd_close,
	&cli_cmd_reopen,   &cli_cmd_backup, &cli_cmd_complete,
};
#define N_COMMANDS (sizeof commands / sizeof commands[0])

static const cli_opt global_opts[] = {
	{"plan", N_("FILE"), N_("plan file (default: $KEHOACH_PLAN, "
				"the config file's, ./plan.yaml, then the "
				"installed plan)")},
	{"db", N_("FILE"), N_("database (default: $KEHOACH_DB, the "
			      "config file's, else "
			      "$XDG_DATA_HOME/kehoach/PLAN-ID.db)")},
	{"as-of", N_("DATE"), N_("judge the plan as of DATE (YYYY-MM-DD or "
				 "DD/MM/YYYY; default: today, or the plan's "
				 "end once it is over)")},
	{"period", N_("P"), N_("a reporting period of the plan (H1, FY ...): "
			       "as of its cut-off, and the period reports "
			       "and templates are for")},
	{"lang", N_("LANG"), N_("language: vi or en (default: $KEHOACH_LANG, "
				"the config file, the plan's language, then "
				"the locale)")},
	{"help", NULL, N_("show help (also after a command)")},
	{"version", NULL, N_("show the version")},
	{NULL, NULL, NULL},
};
enum { G_PLAN, G_DB, G_AS_OF, G_PERIOD, G_LANG, G_HELP, G_VERSION, G_COUNT };

/* Fold our words to ASCII (cli_main sets it from the terminal). */
static bool say_ascii;

/* Neutralised text, ASCII when the terminal needs it (new string). */
static char *shown_text(const char *s)
{
	return say_ascii ? text_ascii(s) : text_sanitize(s, false);
}

static void say_v(FILE *fp, bool keep_newlines, const char *fmt, va_list ap)
{
	va_list again;
	va_copy(again, ap);
	char small[512];
	int n = vsnprintf(small, sizeof small, fmt, ap);
	char *msg = small;
	if (n >= (int)sizeof small && (msg = malloc((size_t)n + 1)))
		vsnprintf(msg, (size_t)n + 1, fmt, again);
	va_end(again);
	if (n >= 0 && msg)
		out_text(fp, msg, keep_newlines, say_ascii);
	if (msg != small)
		free(msg);
}

void cli_say(FILE *fp, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	say_v(fp, true, fmt, ap);
	va_end(ap);
}

void cli_pad(FILE *fp, const char *s, int cols)
{
	char *clean = shown_text(s ? s : "");
	if (!clean)
		return;
	fputs(clean, fp);
	for (int w = text_width(clean); w < cols; w++)
		fputc(' ', fp);
	free(clean);
}

char *cli_date(kh_date d, char *buf)
{
	return lang_current() == KH_LANG_VI ? kh_date_dmy(d, buf)
					    : kh_date_iso(d, buf);
}

int cli_fail(kh_rc rc, const char *fmt, ...)
{
	va_list ap;
	fputs("kehoach: ", stderr);
	va_start(ap, fmt);
	/* Messages may quote user input: never let it drive the terminal. */
	say_v(stderr, false, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	return kh_rc_exit_code(rc);
}

int cli_fail_error(const kh_error *err)
{
	char buf[1536];
	return cli_fail(err->code, "%s", kh_error_format(err, buf, sizeof buf));
}

const char *cli_option(const cli_ctx *ctx, const char *name)
{
	for (int i = 0; ctx->cmd->opts && ctx->cmd->opts[i].name; i++)
		if (strcmp(ctx->cmd->opts[i].name, name) == 0)
			return ctx->opt_values[i];
	return NULL;
}

void cli_text(const cli_ctx *ctx, FILE *fp, const char *s)
{
	out_text(fp, s, false, ctx->ascii);
}

FILE *cli_open_output(const char *path)
{
	if (!path || strcmp(path, "-") == 0)
		return stdout;
	FILE *fp = fopen(path, "wb"); /* a new file honours the umask */
	if (!fp)
		cli_fail(KH_EIO, _("cannot create %s: %s (check the folder "
			 "exists and is writable)"), path, strerror(errno));
	return fp;
}

int cli_close_output(FILE *fp, const char *path, int status)
{
	/* A write that failed early leaves the error flag and may leave
	 * nothing for fclose to fail on. */
	bool ok = !ferror(fp);
	if (fp != stdout)
		ok = fclose(fp) == 0 && ok;
	else
		ok = fflush(fp) == 0 && ok;
	if (ok || status != 0)
		return status;
	return cli_fail(KH_EIO, _("could not write %s: %s (is the disk "
			"full?)"), path && strcmp(path, "-") != 0 ? path
								 : _("the output"),
			strerror(errno));
}

char *cli_plan_path(const char *plan_opt, const char *configured)
{
	return plan_opt ? strdup(plan_opt) : paths_default_plan(configured);
}

/* Append the ids closest to `wanted` (and those containing it) to buf. */
static void suggest(const char *wanted, const char *const *ids, size_t n,
		    char *buf, size_t size)
{
	size_t best = (size_t)-1;
	for (size_t i = 0; i < n; i++) {
		size_t d = text_edit_distance(wanted, ids[i]);
		if (d < best)
			best = d;
	}
	size_t limit = strlen(wanted) / 3 + 1;
	buf[0] = '\0';
	int shown = 0;
	for (size_t i = 0; i < n && shown < 3; i++) {
		bool close = text_edit_distance(wanted, ids[i]) == best && best <= limit;
		bool contains = *wanted && strstr(ids[i], wanted);
		if (!close && !contains)
			continue;
		size_t len = strlen(buf);
		snprintf(buf + len, size - len, "%s%s", shown ? ", " : "", ids[i]);
		shown++;
	}
}

/* Every id, "a, b, c" (for the short lists: units, periods, formats). */
static void list_all(const char *const *ids, size_t n, char *buf,
		     size_t size)
{
	buf[0] = '\0';
	for (size_t i = 0; i < n; i++) {
		size_t len = strlen(buf);
		snprintf(buf + len, size - len, "%s%s", i ? ", " : "", ids[i]);
	}
}

int cli_unknown_format(const char *wanted, const char *const *known,
		       size_t n)
{
	char hint[128], all[128];
	suggest(wanted, known, n, hint, sizeof hint);
	list_all(known, n, all, sizeof all);
	if (hint[0])
		return cli_fail(KH_EUSAGE, _("unknown format \"%s\" (did you "
				"mean %s?); formats: %s"), wanted, hint, all);
	return cli_fail(KH_EUSAGE, _("unknown format \"%s\" (use one of: %s)"),
			wanted, all);
}

int cli_format(const cli_ctx *ctx)
{
	static const char *const known[] = {"txt", "csv", "json"};
	const char *f = cli_option(ctx, "format");
	if (!f || strcmp(f, "txt") == 0 || strcmp(f, "text") == 0)
		return CLI_TXT;
	if (strcmp(f, "csv") == 0)
		return CLI_CSV;
	if (strcmp(f, "json") == 0)
		return CLI_JSON;
	cli_unknown_format(f, known, sizeof known / sizeof known[0]);
	return -1;
}

const kh_target *cli_find_target(const cli_ctx *ctx, const char *id)
{
	const kh_target *t = plan_find_target(ctx->plan, id);
	if (t)
		return t;
	const char **ids = malloc((ctx->plan->n_targets + 1) * sizeof *ids);
	char hint[512] = "";
	if (ids) {
		for (size_t i = 0; i < ctx->plan->n_targets; i++)
			ids[i] = ctx->plan->targets[i]->id;
		suggest(id, ids, ctx->plan->n_targets, hint, sizeof hint);
		free(ids);
	}
	if (hint[0])
		cli_fail(KH_ENOTFOUND, _("unknown target \"%s\" (did you mean "
			 "%s?)"), id, hint);
	else
		cli_fail(KH_ENOTFOUND, _("unknown target \"%s\" (kehoach status "
			 "lists the target ids)"), id);
	return NULL;
}

/* The ids of a plan's units or periods, in a malloc'd array (NULL when
 * out of memory; then no hint is given). */
static const char **unit_ids(const kh_plan *plan)
{
	const char **ids = malloc((plan->n_units + 1) * sizeof *ids);
	for (size_t i = 0; ids && i < plan->n_units; i++)
		ids[i] = plan->units[i].id;
	return ids;
}

static const char **period_ids(const kh_plan *plan)
{
	const char **ids = malloc((plan->n_periods + 1) * sizeof *ids);
	for (size_t i = 0; ids && i < plan->n_periods; i++)
		ids[i] = plan->periods[i].id;
	return ids;
}

const kh_unit *cli_find_unit(const cli_ctx *ctx, const char *id)
{
	const kh_unit *u = plan_find_unit(ctx->plan, id);
	if (u)
		return u;
	const char **ids = unit_ids(ctx->plan);
	char hint[256] = "", known[512] = "";
	if (ids) {
		suggest(id, ids, ctx->plan->n_units, hint, sizeof hint);
		list_all(ids, ctx->plan->n_units, known, sizeof known);
		free(ids);
	}
	if (hint[0])
		cli_fail(KH_ENOTFOUND, _("unknown unit \"%s\" (did you mean "
			 "%s?)"), id, hint);
	else
		cli_fail(KH_ENOTFOUND, _("unknown unit \"%s\" (units are: %s)"),
			 id, known);
	return NULL;
}

int cli_unknown_period(const cli_ctx *ctx, const char *id)
{
	const char **ids = period_ids(ctx->plan);
	char hint[256] = "", known[512] = "";
	if (ids) {
		suggest(id, ids, ctx->plan->n_periods, hint, sizeof hint);
		list_all(ids, ctx->plan->n_periods, known, sizeof known);
		free(ids);
	}
	if (hint[0])
		return cli_fail(KH_EUSAGE, _("unknown period \"%s\" (did you "
				"mean %s?)"), id, hint);
	return cli_fail(KH_EUSAGE, _("unknown period \"%s\" (the plan's "
			"periods are: %s)"), id, known);
}

const kh_period *cli_period(const cli_ctx *ctx)
{
	if (ctx->period)
		return ctx->period;
	const kh_period *p = plan_period_reporting(ctx->plan, ctx->as_of);
	if (!p)
		cli_fail(KH_EINPUT, _("the plan defines no reporting period; add "
			 "periods: to the plan (see kehoach check)"));
	return p;
}

/* A table's text in the language in use ("" stays "": gettext would give
 * the catalogue's header). */
static const char *tr(const char *s)
{
	return s && *s ? _(s) : s ? s : "";
}

/* Words of text after what is already on the line (col columns), each
 * with a blank before it, folded so that no line passes 80 columns
 * (counted on screen, not in bytes); a folded line starts its first word
 * at column indent. */
static void print_wrapped(FILE *fp, const char *text, int col, int indent)
{
	enum { WIDTH = 80 };
	bool line_has_word = false;
	const char *p = text;
	while (*p) {
		while (*p == ' ')
			p++;
		/* A "[--unit UNIT]" group stays on one line. */
		size_t len = 0;
		for (int depth = 0; p[len] && (depth > 0 || p[len] != ' ');
		     len++)
			depth += p[len] == '[' ? 1 : p[len] == ']' ? -1 : 0;
		if (!len)
			break;
		char word[256];
		snprintf(word, sizeof word, "%.*s", (int)len, p);
		int w = text_width(word);
		if (line_has_word && col + 1 + w > WIDTH) {
			fprintf(fp, "\n%*s", indent - 1, "");
			col = indent - 1;
		}
		cli_say(fp, " %s", word);
		col += 1 + w;
		line_has_word = true;
		p += len;
	}
	fputc('\n', fp);
}

static void print_opts(FILE *fp, const cli_opt *opts)
{
	for (int i = 0; opts && opts[i].name; i++) {
		char left[96];
		snprintf(left, sizeof left, "%s--%s%s%s",
			 strcmp(opts[i].name, "output") == 0 ? "-o, " : "",
			 opts[i].name, opts[i].arg ? " " : "", tr(opts[i].arg));
		fputs("  ", fp);
		cli_pad(fp, left, 18);
		/* A left part wider than its 18 columns pushes the help on. */
		int lw = text_width(left);
		print_wrapped(fp, tr(opts[i].help), 2 + (lw > 18 ? lw : 18),
			      21);
	}
}

static void print_main_help(FILE *fp)
{
	cli_say(fp, "%s", _("Usage: kehoach [OPTIONS] [COMMAND [ARGS]]\n"
		"Track a yearly action plan: the plan tree, the figures units "
		"report,\nwhat is behind schedule.  With no command, opens the "
		"full-screen view.\n\nCommands:\n"));
	for (size_t i = 0; i < N_COMMANDS; i++)
		if (!commands[i]->hidden) {
			fputs("  ", fp);
			cli_pad(fp, commands[i]->name, 18);
			cli_say(fp, " %s\n", tr(commands[i]->summary));
		}
	cli_say(fp, "\n%s\n", _("Options (before or after the command):"));
	print_opts(fp, global_opts);
	cli_say(fp, "\n%s", _("Environment: KEHOACH_PLAN, KEHOACH_DB, "
		"KEHOACH_LANG, KEHOACH_THEME (dark,\nlight or mono), "
		"KEHOACH_CONFIG, KEHOACH_BUSY_MS (how long a write waits for\n"
		"another clerk's, default 5000), NO_COLOR, XDG_CONFIG_HOME, "
		"XDG_DATA_HOME, HOME.\n"
		"Settings: $XDG_CONFIG_HOME/kehoach/config.yaml (plan, "
		"database, language, theme,\nkeys); see man kehoach.\n"
		"Exit status: 0 ok, 1 failure, 2 bad usage or bad input.\n"
		"Run 'kehoach COMMAND --help' for a command's options.\n"));
}

static void print_command_help(FILE *fp, const cli_command *cmd)
{
	/* TRANSLATORS: followed by the command's arguments, folded to fit. */
	char head[96];
	snprintf(head, sizeof head, _("Usage: kehoach %s"), cmd->name);
	cli_say(fp, "%s", head);
	int w = text_width(head);
	print_wrapped(fp, tr(cmd->usage), w, w + 1);
	cli_say(fp, "%s\n", tr(cmd->summary));
	if (cmd->help && *cmd->help)
		cli_say(fp, "\n%s", tr(cmd->help));
	if (cmd->opts && cmd->opts[0].name) {
		cli_say(fp, "\n%s\n", _("Options:"));
		print_opts(fp, cmd->opts);
	}
	cli_say(fp, "\n%s\n", _("Global options:"));
	print_opts(fp, global_opts);
}

static const cli_command *find_command(const char *name)
{
	for (size_t i = 0; i < N_COMMANDS; i++)
		if (strcmp(commands[i]->name, name) == 0)
			return commands[i];
	return NULL;
}

static int unknown_command(const char *name)
{
	const char *names[N_COMMANDS];
	size_t n = 0;
	for (size_t i = 0; i < N_COMMANDS; i++)
		if (!commands[i]->hidden)
			names[n++] = commands[i]->name;
	char hint[256];
	suggest(name, names, n, hint, sizeof hint);
	if (hint[0])
		return cli_fail(KH_EUSAGE, _("unknown command \"%s\" (did you "
				"mean %s?); see kehoach --help"), name, hint);
	return cli_fail(KH_EUSAGE, _("unknown command \"%s\"; see kehoach --help"),
			name);
}

/* "unknown option", with the nearest options of the command and the
 * global ones. */
static int unknown_option(const cli_command *cmd, const char *name,
			  size_t len)
{
	const char *names[G_COUNT + CLI_MAX_OPTS];
	char dashed[G_COUNT + CLI_MAX_OPTS][40];
	size_t n = 0;
	for (int i = 0; global_opts[i].name; i++)
		names[n++] = global_opts[i].name;
	for (int i = 0; cmd && cmd->opts && cmd->opts[i].name &&
			n < G_COUNT + CLI_MAX_OPTS; i++)
		names[n++] = cmd->opts[i].name;
	for (size_t i = 0; i < n; i++) {
		snprintf(dashed[i], sizeof dashed[i], "--%s", names[i]);
		names[i] = dashed[i];
	}
	char wanted[64], hint[256];
	/* At most 60 bytes of what was typed, never half a character. */
	snprintf(wanted, sizeof wanted, "--%.*s",
		 (int)utf8_prefix(name, len < 60 ? len : 60), name);
	suggest(wanted, names, n, hint, sizeof hint);
	if (hint[0] && cmd)
		return cli_fail(KH_EUSAGE, _("unknown option \"%s\" for %s (did "
				"you mean %s?); see kehoach %s --help"),
				wanted, cmd->name, hint, cmd->name);
	if (hint[0])
		return cli_fail(KH_EUSAGE, _("unknown option \"%s\" (did you "
				"mean %s?); see kehoach --help"), wanted, hint);
	if (cmd)
		return cli_fail(KH_EUSAGE, _("unknown option \"%s\" for %s; see "
				"kehoach %s --help"), wanted, cmd->name,
				cmd->name);
	return cli_fail(KH_EUSAGE, _("unknown option \"%s\"; see kehoach "
			"--help"), wanted);
}

/* Find an option by name in a table; index or -1. */
static int opt_index(const cli_opt *opts, const char *name, size_t len)
{
	for (int i = 0; opts && opts[i].name; i++)
		if (strlen(opts[i].name) == len &&
		    strncmp(opts[i].name, name, len) == 0)
			return i;
	return -1;
}

typedef struct parsed {
	const cli_command *cmd;
	const char *global[G_COUNT];
	const char *local[CLI_MAX_OPTS];
	char **args;
	int n_args;
} parsed;

/* The command is the first word that is not an option or a global
 * option's argument. */
static int find_command_word(int argc, char **argv)
{
	for (int i = 1; i < argc; i++) {
		const char *a = argv[i];
		if (strcmp(a, "--") == 0)
			return i + 1 < argc ? i + 1 : -1;
		if (a[0] != '-' || a[1] == '\0')
			return i;
		if (a[1] == '-' && !strchr(a, '=')) {
			int g = opt_index(global_opts, a + 2, strlen(a + 2));
			if (g >= 0 && global_opts[g].arg)
				i++;
		}
	}
	return -1;
}

static int parse_args(int argc, char **argv, parsed *p)
{
	memset(p, 0, sizeof *p);
	p->args = calloc((size_t)argc + 1, sizeof *p->args);
	if (!p->args)
		return cli_fail(KH_ENOMEM, _("out of memory"));
	int cmd_at = find_command_word(argc, argv);
	if (cmd_at > 0) {
		p->cmd = find_command(argv[cmd_at]);
		if (!p->cmd)
			return unknown_command(argv[cmd_at]);
	}
	const cli_opt *local = p->cmd ? p->cmd->opts : NULL;
	bool only_args = false;
	for (int i = 1; i < argc; i++) {
		const char *a = argv[i];
		if (i == cmd_at)
			continue;
		if (only_args || a[0] != '-' || a[1] == '\0') {
			p->args[p->n_args++] = argv[i];
			continue;
		}
		if (strcmp(a, "--") == 0) {
			only_args = true;
			continue;
		}
		if (strcmp(a, "-h") == 0) {
			p->global[G_HELP] = "";
			continue;
		}
		/* -o FILE is --output FILE, for the commands that write one. */
		if (strcmp(a, "-o") == 0 && opt_index(local, "output", 6) >= 0) {
			if (i + 1 >= argc)
				return cli_fail(KH_EUSAGE, _("option -o needs a "
						"value (%s)"), _("FILE"));
			p->local[opt_index(local, "output", 6)] = argv[++i];
			continue;
		}
		if (a[1] != '-')
			return unknown_option(p->cmd, a + 1, strlen(a + 1));
		const char *name = a + 2;
		const char *eq = strchr(name, '=');
		size_t len = eq ? (size_t)(eq - name) : strlen(name);
		const cli_opt *table = global_opts;
		const char **values = p->global;
		int idx = opt_index(global_opts, name, len);
		if (idx < 0 && (idx = opt_index(local, name, len)) >= 0) {
			table = local;
			values = p->local;
		}
		if (idx < 0)
			return unknown_option(p->cmd, name, len);
		if (!table[idx].arg) {
			if (eq)
				return cli_fail(KH_EUSAGE, _("option --%s takes no "
						"value; give it alone"),
						table[idx].name);
			values[idx] = "";
			continue;
		}
		if (eq) {
			values[idx] = eq + 1;
		} else if (i + 1 < argc) {
			values[idx] = argv[++i];
		} else {
			return cli_fail(KH_EUSAGE, _("option --%s needs a value "
					"(%s)"), table[idx].name,
					tr(table[idx].arg));
		}
	}
	return 0;
}

static int load_plan(cli_ctx *ctx, const char *path_opt)
{
	char *path = cli_plan_path(path_opt, ctx->config.plan);
	if (!path)
		return cli_fail(KH_ENOMEM, _("out of memory"));
	kh_error err;
	ctx->plan = plan_load(path, &err);
	free(path);
	if (!ctx->plan) {
		cli_fail_error(&err);
		/* Without a plan nothing can be judged: it is bad input. */
		return 2;
	}
	return 0;
}

static int open_db(cli_ctx *ctx, const char *db_opt, bool write)
{
	bool from_env = false;
	ctx->db_path = db_opt ? strdup(db_opt)
			      : paths_default_db(ctx->plan->id, ctx->config.db,
						 &from_env);
	if (!ctx->db_path)
		return cli_fail(KH_EIO, _("no place for the database: set "
				"--db, KEHOACH_DB or HOME"));
	kh_error err;
	if (!write && !paths_exists(ctx->db_path)) {
		if (db_opt || from_env)
			return cli_fail(KH_EIO, _("no database at %s (check "
					"--db, KEHOACH_DB or the config file; "
					"'kehoach set' creates one)"), ctx->db_path);
		return 0; /* nothing recorded yet */
	}
	/* Reading never writes: a read-only database can still be shown. */
	ctx->store = write ? store_open(ctx->db_path, true, &err)
			   : store_open_readonly(ctx->db_path, &err);
	if (!ctx->store)
		return cli_fail_error(&err);
	/* How long to wait for another clerk's write before saying the
	 * database is busy (milliseconds). */
	const char *busy = getenv("KEHOACH_BUSY_MS");
	if (busy && *busy) {
		char *end;
		long ms = strtol(busy, &end, 10);
		if (*end || ms < 0 || ms > 600000)
			return cli_fail(KH_EUSAGE, _("KEHOACH_BUSY_MS=\"%s\" "
					"is not a number of milliseconds (0 "
					"to 600000)"), busy);
		store_set_busy_timeout(ctx->store, (int)ms);
	}
	return 0;
}

static int run_command(cli_ctx *ctx, parsed *p, kh_tui_fn tui)
{
	int needs = p->cmd ? p->cmd->needs
			   : CLI_NEEDS_PLAN | CLI_NEEDS_DB_WRITE;
	int rc;
	ctx->plan_opt = p->global[G_PLAN];
	if ((needs & CLI_NEEDS_PLAN) &&
	    (rc = load_plan(ctx, p->global[G_PLAN])) != 0)
		return rc;
	/* The plan's own language, unless the user named one. */
	kh_lang plan_lang;
	if (ctx->plan && !ctx->lang_chosen &&
	    lang_parse(ctx->plan->language, &plan_lang))
		lang_use(plan_lang);
	if (ctx->plan) {
		const char *as_of = p->global[G_AS_OF];
		const char *period = p->global[G_PERIOD];
		if (period) {
			ctx->period = plan_find_period(ctx->plan, period);
			if (!ctx->period)
				return cli_unknown_period(ctx, period);
			ctx->as_of = ctx->period->cutoff;
		}
		ctx->today = kh_date_today();
		if (as_of) {
			if (!kh_date_parse(as_of, &ctx->as_of))
				return cli_fail(KH_EUSAGE, _("--as-of \"%s\" is "
						"not a date (use YYYY-MM-DD "
						"or DD/MM/YYYY)"), as_of);
			ctx->as_of_given = true;
			/* A given date is also "today" for deadlines, so a
			 * past period can be looked at as it stood. */
			ctx->today = ctx->as_of;
		} else if (!period) {
			ctx->as_of = plan_default_as_of(ctx->plan,
							kh_date_today());
		}
	}
	if (needs & (CLI_NEEDS_DB_READ | CLI_NEEDS_DB_WRITE)) {
		rc = open_db(ctx, p->global[G_DB],
			     (needs & CLI_NEEDS_DB_WRITE) != 0);
		if (rc != 0)
			return rc;
	}
	if (p->cmd)
		return p->cmd->run(ctx);
	kh_tui_args args = {
		.plan = ctx->plan,
		.store = ctx->store,
		.as_of = ctx->as_of,
		.as_of_given = ctx->as_of_given,
		.ascii = ctx->ascii,
		.user = ctx->user,
		.config = &ctx->config,
	};
	return tui(&args);
}

/* --lang's value, looked for before the arguments are parsed so that even
 * a usage error is reported in the language asked for. */
static const char *scan_lang_option(int argc, char **argv)
{
	const char *found = NULL;
	for (int i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--") == 0)
			break;
		if (strcmp(argv[i], "--lang") == 0 && i + 1 < argc)
			found = argv[++i];
		else if (strncmp(argv[i], "--lang=", 7) == 0)
			found = argv[i] + 7;
	}
	return found;
}

/* The language from --lang, else $KEHOACH_LANG, else the locale; *chosen
 * says whether the user named one (which the plan's language then does
 * not override).  Returns an exit status. */
static int choose_language(const char *option, bool *chosen)
{
	const char *env = getenv("KEHOACH_LANG");
	const char *from = option ? "--lang" : "KEHOACH_LANG";
	const char *value = option ? option : (env && *env ? env : NULL);
	kh_lang l = lang_from_locale();
	*chosen = false;
	if (value) {
		if (!lang_parse(value, &l)) {
			lang_use(l);
			return cli_fail(KH_EUSAGE, _("%s \"%s\" is not a language "
					"kehoach speaks (use vi or en)"),
					from, value);
		}
		*chosen = true;
	}
	lang_use(l);
	return 0;
}

/* Help speaks the language the rest of the program would: the config
 * file's, else the plan's.  Quietly: help must work whatever is broken. */
static void help_language(const char *plan_opt)
{
	kh_config cfg;
	kh_error err;
	if (!config_load(NULL, &cfg, &err))
		return;
	kh_lang l;
	if (cfg.lang && lang_parse(cfg.lang, &l)) {
		lang_use(l);
	} else {
		char *path = cli_plan_path(plan_opt, cfg.plan);
		kh_plan *plan = path ? plan_load(path, &err) : NULL;
		if (plan && lang_parse(plan->language, &l))
			lang_use(l);
		plan_free(plan);
		free(path);
	}
	config_free(&cfg);
}

int cli_main(int argc, char **argv, bool ascii, kh_tui_fn tui)
{
	say_ascii = ascii;
	lang_init(NULL);
	bool lang_chosen;
	/* A value that is no language may be another option's argument
	 * ("--note --lang=fr"): the parsed arguments judge it below. */
	const char *early = scan_lang_option(argc, argv);
	kh_lang probe;
	if (early && !lang_parse(early, &probe))
		early = NULL;
	int rc = choose_language(early, &lang_chosen);
	if (rc != 0)
		return rc;
	parsed p;
	rc = parse_args(argc, argv, &p);
	if (rc == 0 && p.global[G_LANG] != early)
		rc = choose_language(p.global[G_LANG], &lang_chosen);
	if (rc != 0) {
		free(p.args);
		return rc;
	}
	if (p.global[G_VERSION]) {
		printf("kehoach %s\n", KEHOACH_VERSION);
		cli_say(stdout, _("XLSX reports: %s\n"),
			report_xlsx_available() ? _("yes")
						: _("no (built without "
						    "libxlsxwriter)"));
		free(p.args);
		return 0;
	}
	if (p.global[G_HELP]) {
		if (!lang_chosen)
			help_language(p.global[G_PLAN]);
		if (p.cmd)
			print_command_help(stdout, p.cmd);
		else
			print_main_help(stdout);
		free(p.args);
		return 0;
	}
	if (p.cmd && (p.n_args < p.cmd->min_args ||
		      p.n_args > p.cmd->max_args)) {
		rc = cli_fail(KH_EUSAGE, _("usage: kehoach %s %s (see kehoach "
			      "%s --help)"), p.cmd->name, tr(p.cmd->usage),
			      p.cmd->name);
		free(p.args);
		return rc;
	}
	if (!p.cmd && p.n_args > 0) {
		rc = unknown_command(p.args[0]);
		free(p.args);
		return rc;
	}

	cli_ctx ctx = {.cmd = p.cmd, .args = p.args, .n_args = p.n_args,
		       .ascii = ascii, .lang_chosen = lang_chosen};
	memcpy(ctx.opt_values, p.local, sizeof ctx.opt_values);
	kh_error err;
	ctx.user = paths_login_name();
	if (!ctx.user) {
		rc = cli_fail(KH_ENOMEM, _("out of memory"));
	} else if (!config_load(NULL, &ctx.config, &err)) {
		cli_fail_error(&err);
		rc = 2;
	} else {
		if (!ctx.lang_chosen && ctx.config.lang) {
			kh_lang l;
			if (lang_parse(ctx.config.lang, &l)) {
				lang_use(l);
				ctx.lang_chosen = true;
			}
		}
		rc = run_command(&ctx, &p, tui);
	}
	config_free(&ctx.config);
	store_close(ctx.store);
	plan_free(ctx.plan);
	free(ctx.db_path);
	free(ctx.user);
	free(p.args);
	fflush(stdout);
	if (ferror(stdout) && rc == 0)
		rc = cli_fail(KH_EIO, _("could not write the output (is the "
			      "disk full?)"));
	return rc;
}

/* The tables, for shell completion (cli_complete.c). */
const cli_command *const *cli_commands(size_t *n)
{
	*n = N_COMMANDS;
	return commands;
}

const cli_opt *cli_global_opts(void)
{
	return global_opts;
}
