/* Default locations (XDG base directories) and the user's name. */
#include "kehoach/paths.h"

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

char *paths_default_plan(void)
{
	const char *env = nonempty_env("KEHOACH_PLAN");
	if (env)
		return strdup(env);
	if (paths_exists("plan.yaml"))
		return strdup("plan.yaml");
	return dup_printf("%s/%s", KH_DATADIR, "plan.yaml");
}

char *paths_default_db(const char *plan_id, bool *from_env)
{
	const char *env = nonempty_env("KEHOACH_DB");
	if (from_env)
		*from_env = env != NULL;
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
