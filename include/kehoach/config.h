/* The user's configuration file: $KEHOACH_CONFIG when set, else
 * $XDG_CONFIG_HOME/kehoach/config.yaml (else ~/.config/kehoach/config.yaml).
 *
 *   plan: /srv/sokhcn/plan-2024.yaml
 *   database: /srv/sokhcn/kehoach.db
 *   language: vi          # vi | en
 *   theme: light          # dark | light | mono
 *   keys:                 # action: key
 *     edit: E
 *     next_behind: J
 *
 * Read with the plan loader's limits and errors (FILE:LINE:COL).  The
 * command line overrides the environment, which overrides this file.
 * Every key is optional; an empty file is an empty configuration.  The
 * core checks plan, database, language and theme; the names of actions
 * and keys under keys: belong to the front end, which checks them. */
#ifndef KEHOACH_CONFIG_H
#define KEHOACH_CONFIG_H

#include <stdbool.h>
#include <stddef.h>

#include "kehoach/error.h"

typedef struct kh_config_key {
	char *action; /* as written: checked by the front end */
	char *key;    /* as written: "E", "^E", "F5", "PgDn", "space" ... */
	int line, col; /* where the key was written, for error messages */
	int action_line, action_col; /* where the action was written */
} kh_config_key;

typedef struct kh_config {
	char *path;   /* the file read; NULL when there was none */
	char *plan;   /* NULL when not set; relative paths resolved against
			 the file's folder */
	char *db;
	char *lang;   /* "vi" or "en", NULL when not set */
	char *theme;  /* "dark", "light" or "mono", NULL when not set */
	kh_config_key *keys; /* in file order; "edit: [E, F5]" gives two */
	size_t n_keys;
} kh_config;

/* The default path (see above); NULL when neither XDG_CONFIG_HOME nor HOME
 * is set.  New string. */
char *config_default_path(void);

/* Read path (NULL: $KEHOACH_CONFIG when set and not empty, else
 * config_default_path()).  A missing default file is an empty
 * configuration, not an error; a missing named file (path or
 * KEHOACH_CONFIG) is.  Any other problem fills err with FILE:LINE:COL and
 * returns false, leaving out empty. */
bool config_load(const char *path, kh_config *out, kh_error *err);

/* Read a configuration from data[0..len), named path in messages and
 * against whose folder relative paths resolve.  Same rules and errors as
 * config_load (out empty on failure). */
bool config_parse(const char *path, const char *data, size_t len,
		  kh_config *out, kh_error *err);

/* The theme to use: $KEHOACH_THEME when set and not empty, else the
 * file's, else "dark" (c may be NULL).  False, with err filled, when
 * KEHOACH_THEME names no theme.  NO_COLOR and colourless terminals are the
 * front end's business (they force "mono"). */
bool config_theme(const kh_config *c, const char **out, kh_error *err);

/* Free what config_load filled, and zero it. */
void config_free(kh_config *c);

#endif
