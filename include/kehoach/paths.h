/* Where things live: the default plan and database, who the user is. */
#ifndef KEHOACH_PATHS_H
#define KEHOACH_PATHS_H

#include <stdbool.h>
#include <stddef.h>

/* The plan to use when none is named: $KEHOACH_PLAN, else the config
 * file's (configured, may be NULL), else ./plan.yaml if it exists, else
 * the installed copy (paths_data_file("plan.yaml")).  Returns a new
 * string; never NULL except when out of memory. */
char *paths_default_plan(const char *configured);

/* The database for a plan id when none is named: $KEHOACH_DB, else the
 * config file's (configured, may be NULL), else
 * $XDG_DATA_HOME/kehoach/ID.db, else $HOME/.local/share/kehoach/ID.db.
 * *named (may be NULL) says whether the environment or the config file
 * named it.  Returns a new string, or NULL when neither XDG_DATA_HOME nor
 * HOME is set. */
char *paths_default_db(const char *plan_id, const char *configured,
		       bool *named);

/* NAME in the installed data folder: BINDIR/../share/kehoach/NAME when
 * that exists beside the running binary, else DATADIR/kehoach/NAME.  New
 * string. */
char *paths_data_file(const char *name);

/* The folder holding the running binary (from /proc/self/exe) into buf;
 * false, with buf "", when it cannot be known. */
bool paths_exe_dir(char *buf, size_t size);

/* The login name recorded with each entry: the password database's name
 * for the real user id, else $LOGNAME, $USER, else "uid:N".  New string. */
char *paths_login_name(void);

/* Does a file (or anything) exist at path? */
bool paths_exists(const char *path);

#endif
