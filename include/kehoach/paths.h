/* Where things live: the default plan and database, who the user is. */
#ifndef KEHOACH_PATHS_H
#define KEHOACH_PATHS_H

#include <stdbool.h>

/* The plan to use when none is named: $KEHOACH_PLAN, else ./plan.yaml if it
 * exists, else the installed copy (DATADIR/kehoach/plan.yaml).  Returns a
 * new string; never NULL except when out of memory. */
char *paths_default_plan(void);

/* The database for a plan id when none is named: $KEHOACH_DB, else
 * $XDG_DATA_HOME/kehoach/ID.db, else $HOME/.local/share/kehoach/ID.db.
 * *from_env (may be NULL) says whether $KEHOACH_DB supplied it.  Returns a
 * new string, or NULL when neither XDG_DATA_HOME nor HOME is set. */
char *paths_default_db(const char *plan_id, bool *from_env);

/* The login name recorded with each entry: the password database's name
 * for the real user id, else $LOGNAME, $USER, else "uid:N".  New string. */
char *paths_login_name(void);

/* Does a file (or anything) exist at path? */
bool paths_exists(const char *path);

#endif
