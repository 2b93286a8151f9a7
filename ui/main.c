/* kehoach: one binary for the command line and the full-screen view. */
#include <langinfo.h>
#include <locale.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "kehoach/cli.h"
#include "tui.h"

/* Does the environment ask for UTF-8 (LC_ALL, then LC_CTYPE, then LANG)? */
static bool env_wants_utf8(void)
{
	const char *names[] = {"LC_ALL", "LC_CTYPE", "LANG"};
	for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
		const char *v = getenv(names[i]);
		if (v && *v)
			return strstr(v, "UTF-8") || strstr(v, "utf8") ||
			       strstr(v, "UTF8") || strstr(v, "utf-8");
	}
	return false;
}

int main(int argc, char **argv)
{
	/* Over SSH the client's LANG may name a locale this host lacks; if
	 * it asked for UTF-8, C.UTF-8 is always there on Debian. */
	if (!setlocale(LC_ALL, "") && env_wants_utf8())
		setlocale(LC_CTYPE, "C.UTF-8");
	bool ascii = strcmp(nl_langinfo(CODESET), "UTF-8") != 0;
	/* Figures are parsed and printed by our own code, never by the
	 * locale's decimal point. */
	setlocale(LC_NUMERIC, "C");
	return cli_main(argc, argv, ascii, tui_run);
}
