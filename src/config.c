/* The user's configuration file (config.h). */
#include "kehoach/config.h"

#include <stdlib.h>
#include <string.h>

char *config_default_path(void)
{
	return NULL;
}

bool config_load(const char *path, kh_config *out, kh_error *err)
{
	(void)path;
	(void)err;
	memset(out, 0, sizeof *out);
	return true;
}

void config_free(kh_config *c)
{
	memset(c, 0, sizeof *c);
}
