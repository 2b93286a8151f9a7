/* Fuzz the settings file reader (config.yaml through the plan's YAML tree)
 * with arbitrary bytes.  A file read must hold only what config.h
 * promises; a refused one must say why, at a place in the file. */
#include <stdbool.h>

#include "kehoach/config.h"
#include "kehoach/text.h"

#include "fuzz.h"

static void check_text(const char *s)
{
	if (s)
		FUZZ_CHECK(text_valid_utf8(s, strlen(s)));
}

static bool one_of(const char *s, const char *a, const char *b,
		   const char *c)
{
	return strcmp(s, a) == 0 || strcmp(s, b) == 0 ||
	       (c && strcmp(s, c) == 0);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	kh_config c;
	kh_error err;
	char line[2048];
	if (config_parse("/fuzz/config.yaml", (const char *)data, size, &c,
			 &err)) {
		FUZZ_CHECK(c.path != NULL);
		check_text(c.plan);
		check_text(c.db);
		/* Relative paths were resolved against the file's folder. */
		FUZZ_CHECK(!c.plan || c.plan[0] == '/');
		FUZZ_CHECK(!c.db || c.db[0] == '/');
		FUZZ_CHECK(!c.lang || one_of(c.lang, "vi", "en", NULL));
		FUZZ_CHECK(!c.theme ||
			   one_of(c.theme, "dark", "light", "mono"));
		for (size_t i = 0; i < c.n_keys; i++) {
			FUZZ_CHECK(c.keys[i].action && c.keys[i].key);
			check_text(c.keys[i].action);
			check_text(c.keys[i].key);
			FUZZ_CHECK(c.keys[i].line >= 1 && c.keys[i].col >= 1);
		}
		config_free(&c);
	} else {
		FUZZ_CHECK(err.code != KH_OK && err.msg[0] != '\0');
		FUZZ_CHECK(c.path == NULL && c.n_keys == 0);
		kh_error_format(&err, line, sizeof line);
		FUZZ_CHECK(text_valid_utf8(line, strlen(line)));
	}
	return 0;
}
