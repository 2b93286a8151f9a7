/* Private to the command line: the command table and the context each
 * command runs in. */
#ifndef KEHOACH_CLI_IMPL_H
#define KEHOACH_CLI_IMPL_H

#include <stdbool.h>
#include <stdio.h>

#include "kehoach/cli.h"
#include "kehoach/config.h"
#include "kehoach/error.h"
#include "kehoach/i18n.h"
#include "kehoach/lang.h"
#include "kehoach/plan.h"
#include "kehoach/store.h"

#define CLI_MAX_OPTS 8

typedef struct cli_opt {
	const char *name;     /* without the leading "--" */
	const char *arg;      /* argument name for help, NULL for a flag */
	const char *help;
} cli_opt;

enum cli_needs {
	CLI_NEEDS_PLAN = 1,     /* load the plan */
	CLI_NEEDS_DB_READ = 2,  /* open the database if it exists */
	CLI_NEEDS_DB_WRITE = 4, /* open or create the database */
};

typedef struct cli_ctx cli_ctx;

typedef struct cli_command {
	const char *name;
	const char *usage;   /* after "kehoach NAME " */
	const char *summary; /* one line for the command list */
	const char *help;    /* paragraphs for NAME --help */
	const cli_opt *opts; /* NULL-terminated by name */
	int min_args, max_args;
	int needs;           /* enum cli_needs */
	bool hidden;         /* for scripts (shell completion): not listed */
	int (*run)(cli_ctx *ctx);
} cli_command;

struct cli_ctx {
	const cli_command *cmd;
	const char *opt_values[CLI_MAX_OPTS]; /* by index in cmd->opts;
						 flags hold "" when set */
	char **args;         /* positional arguments */
	int n_args;
	kh_plan *plan;
	kh_store *store;     /* NULL: no database yet (read commands) */
	char *db_path;
	kh_date as_of;
	bool as_of_given;
	const kh_period *period; /* --period, or NULL */
	kh_date today;        /* deadlines are judged on it: --as-of or today */
	bool ascii;
	bool lang_chosen;     /* --lang, KEHOACH_LANG or the config named one */
	kh_config config;     /* the user's configuration file */
	char *user;
	const char *plan_opt;  /* --plan as given, or NULL */
};

/* Value of the command's option NAME, or NULL if not given. */
const char *cli_option(const cli_ctx *ctx, const char *name);

/* Print "kehoach: MESSAGE" on stderr and return the exit code for rc. */
int cli_fail(kh_rc rc, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* Print a core error (with its file:line:col) and return its exit code. */
int cli_fail_error(const kh_error *err);

/* Look up a target; on failure print a message with the nearest ids and
 * return NULL. */
const kh_target *cli_find_target(const cli_ctx *ctx, const char *id);

/* Look up a unit by id; on failure print the known ones, return NULL. */
const kh_unit *cli_find_unit(const cli_ctx *ctx, const char *id);

/* Output format from --format (txt when absent); -1 after printing an
 * error for an unknown one. */
enum cli_format { CLI_TXT, CLI_CSV, CLI_JSON };
int cli_format(const cli_ctx *ctx);

/* Person-facing text on stdout, neutralised (ASCII if needed). */
void cli_text(const cli_ctx *ctx, FILE *fp, const char *s);

/* -o FILE opened for writing, or stdout for none or "-"; NULL after
 * printing why. */
FILE *cli_open_output(const char *path);

/* Close what cli_open_output gave and return status; when status is 0
 * (nothing said yet) but something failed to write, say so and return
 * the failure's exit status. */
int cli_close_output(FILE *fp, const char *path, int status);

/* The plan file the user means: --plan as given, else
 * paths_default_plan(configured).  New string, NULL when out of memory. */
char *cli_plan_path(const char *plan_opt, const char *configured);

/* Our own words, printf-style (the format through _()): the whole line is
 * neutralised, user text in the arguments included, and folded to ASCII
 * when the terminal cannot show UTF-8. */
void cli_say(FILE *fp, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* s as cli_say shows it, then blanks up to cols terminal columns (a
 * Vietnamese word is wider in bytes than on screen). */
void cli_pad(FILE *fp, const char *s, int cols);

/* A date for people: DD/MM/YYYY in Vietnamese, ISO in English (as the
 * English output always was).  buf holds KH_DATE_ISO_LEN. */
char *cli_date(kh_date d, char *buf);


/* Print "unknown period" with the nearest ids (or all of them); returns
 * the usage exit status. */
int cli_unknown_period(const cli_ctx *ctx, const char *id);

/* Print "unknown format" with the nearest of the formats a command
 * takes; returns the usage exit status. */
int cli_unknown_format(const char *wanted, const char *const *known,
		       size_t n);

/* The period a command is about: --period, else the latest one whose
 * cut-off is on or before --as-of (or the default date), else the first;
 * prints an error and returns NULL if the plan has none. */
const kh_period *cli_period(const cli_ctx *ctx);

/* The command table (hidden ones included) and the global options,
 * NULL-terminated by name: for shell completion. */
const cli_command *const *cli_commands(size_t *n);
const cli_opt *cli_global_opts(void);

extern const cli_command cli_cmd_check, cli_cmd_status, cli_cmd_set,
	cli_cmd_history, cli_cmd_undo, cli_cmd_template, cli_cmd_import,
	cli_cmd_close, cli_cmd_reopen, cli_cmd_report, cli_cmd_backup,
	cli_cmd_complete;

#endif
