/* The command line: parses arguments, runs a command, returns the exit
 * status (0 ok, 1 failure, 2 bad usage or input).  With no command it
 * hands the loaded plan and database to the front end's TUI. */
#ifndef KEHOACH_CLI_H
#define KEHOACH_CLI_H

#include <stdbool.h>

#include "kehoach/config.h"
#include "kehoach/date.h"
#include "kehoach/plan.h"
#include "kehoach/store.h"

/* What the TUI gets: the plan, the open (created if needed) database, the
 * date to judge as of, and whether the terminal output must be ASCII. */
typedef struct kh_tui_args {
	const kh_plan *plan;
	kh_store *store;
	kh_date as_of;
	bool as_of_given; /* --as-of was given (else plan_default_as_of) */
	bool ascii;       /* the locale is not UTF-8 */
	const char *user; /* login name for entries */
	const kh_config *config; /* theme and key bindings */
} kh_tui_args;

typedef int (*kh_tui_fn)(const kh_tui_args *args);

/* Run the program.  ascii: whether the locale lacks UTF-8 (the caller has
 * called setlocale).  tui: the full-screen front end. */
int cli_main(int argc, char **argv, bool ascii, kh_tui_fn tui);

#endif
