/* The user's configuration file: $XDG_CONFIG_HOME/kehoach/config.yaml
 * (else ~/.config/kehoach/config.yaml).
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
 * command line overrides the environment, which overrides this file. */
#ifndef KEHOACH_CONFIG_H
#define KEHOACH_CONFIG_H

#include <stdbool.h>
#include <stddef.h>

#include "kehoach/error.h"

typedef struct kh_config_key {
	char *action; /* as written: checked by the front end */
	char *key;    /* as written: "E", "^E", "F5", "PgDn", "space" ... */
	int line, col; /* where the key was written, for error messages */
} kh_config_key;

typedef struct kh_config {
	char *path;   /* the file read; NULL when there was none */
	char *plan;   /* NULL when not set; relative paths resolved against
			 the file's folder */
	char *db;
	char *lang;   /* "vi" or "en", NULL when not set */
	char *theme;  /* "dark", "light" or "mono", NULL when not set */
	kh_config_key *keys;
	size_t n_keys;
} kh_config;

/* The default path (see above); NULL when neither XDG_CONFIG_HOME nor HOME
 * is set.  New string. */
char *config_default_path(void);

/* Read path (NULL: config_default_path()).  A missing default file is an
 * empty configuration, not an error; a missing named file is.  Any other
 * problem fills err with FILE:LINE:COL and returns false. */
bool config_load(const char *path, kh_config *out, kh_error *err);

/* Free what config_load filled, and zero it. */
void config_free(kh_config *c);

#endif
