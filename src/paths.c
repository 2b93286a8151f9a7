/* Default locations (XDG base directories) and the user's name. */
#include "kehoach/paths.h"

#include <limits.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "config.h"

static char *dup_printf(const char *fmt, const char *a, const char *b)
{
	int n = snprintf(NULL, 0, fmt, a, b);
	if (n < 0)
		return NULL;
	char *s = malloc((size_t)n + 1);
	if (s)
		snprintf(s, (size_t)n + 1, fmt, a, b);
	return s;
}

static const char *nonempty_env(const char *name)
{
	const char *v = getenv(name);
	return v && *v ? v : NULL;
}

bool paths_exists(const char *path)
{
	struct stat st;
	return stat(path, &st) == 0;
}

bool paths_exe_dir(char *buf, size_t size)
{
	ssize_t n = readlink("/proc/self/exe", buf, size - 1);
	buf[n > 0 ? n : 0] = '\0';
	char *slash = strrchr(buf, '/');
	if (!slash) {
		buf[0] = '\0';
		return false;
	}
	*slash = '\0';
	return true;
}

/* A file of the installed data folder: beside the binary first (an
 * installed tree moved by DESTDIR), then the configured prefix's. */
char *paths_data_file(const char *name)
{
	char exe[PATH_MAX];
	if (paths_exe_dir(exe, sizeof exe)) {
		char *p = dup_printf("%s/" KH_BIN_TO_DATADIR "/%s", exe, name);
		if (!p || paths_exists(p))
			return p;
		free(p);
	}
	return dup_printf("%s/%s", KH_DATADIR, name);
}

char *paths_default_plan(const char *configured)
{
	const char *env = nonempty_env("KEHOACH_PLAN");
	if (env)
		return strdup(env);
	if (configured)
		return strdup(configured);
	if (paths_exists("plan.yaml"))
		return strdup("plan.yaml");
	return paths_data_file("plan.yaml");
}

char *paths_default_db(const char *plan_id, const char *configured,
		       bool *named)
{
	const char *env = nonempty_env("KEHOACH_DB");
	if (!env)
		env = configured;
	if (named)
		*named = env != NULL;
	if (env)
		return strdup(env);
	const char *data = nonempty_env("XDG_DATA_HOME");
	/* The XDG spec says relative values are invalid and to be ignored. */
	if (data && data[0] == '/')
		return dup_printf("%s/kehoach/%s.db", data, plan_id);
	const char *home = nonempty_env("HOME");
	if (!home)
		return NULL;
	return dup_printf("%s/.local/share/kehoach/%s.db", home, plan_id);
}

char *paths_login_name(void)
{
	struct passwd *pw = getpwuid(getuid());
	if (pw && pw->pw_name && *pw->pw_name)
		return strdup(pw->pw_name);
	const char *env = nonempty_env("LOGNAME");
	if (!env)
		env = nonempty_env("USER");
	if (env)
		return strdup(env);
	char buf[32];
	snprintf(buf, sizeof buf, "uid:%u", (unsigned)getuid());
	return strdup(buf);
}
