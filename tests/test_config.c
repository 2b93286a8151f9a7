/* The user's configuration file: the keys it reads, where each mistake is
 * reported (FILE:LINE:COL), relative paths, missing files, and which of
 * the environment and the file wins. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

#include "kehoach/config.h"
#include "kehoach/lang.h"

static char dir[256];

static int make_dir(void **state)
{
	(void)state;
	snprintf(dir, sizeof dir, "%s/kh-config-XXXXXX",
		 getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp");
	return mkdtemp(dir) ? 0 : -1;
}

static int remove_dir(void **state)
{
	(void)state;
	char cmd[300];
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
	return system(cmd) == 0 ? 0 : -1;
}

/* A clean environment for each test. */
static int clean_env(void **state)
{
	(void)state;
	unsetenv("KEHOACH_CONFIG");
	unsetenv("KEHOACH_THEME");
	setenv("HOME", dir, 1);
	unsetenv("XDG_CONFIG_HOME");
	lang_use(KH_LANG_EN);
	return 0;
}

/* Write text to DIR/name (folders made as needed); returns the path. */
static const char *put(const char *name, const char *text)
{
	static char path[512];
	snprintf(path, sizeof path, "%s/%s", dir, name);
	for (char *p = path + strlen(dir) + 1; (p = strchr(p, '/')); p++) {
		*p = '\0';
		mkdir(path, 0700);
		*p = '/';
	}
	FILE *fp = fopen(path, "w");
	assert_non_null(fp);
	fputs(text, fp);
	fclose(fp);
	return path;
}

static char *joined(const char *a, const char *b)
{
	static char buf[512];
	snprintf(buf, sizeof buf, "%s/%s", a, b);
	return buf;
}

/* Load text as a config file and expect failure; returns the formatted
 * error ("FILE:LINE:COL: msg") with DIR/ dropped. */
static const char *load_fails(const char *text)
{
	static char buf[1600];
	kh_config c;
	kh_error err;
	const char *path = put("bad.yaml", text);
	assert_false(config_load(path, &c, &err));
	assert_null(c.path);
	assert_int_equal(c.n_keys, 0);
	kh_error_format(&err, buf, sizeof buf);
	size_t skip = strlen(dir) + 1;
	assert_true(strncmp(buf, dir, strlen(dir)) == 0);
	return buf + skip;
}

static void expect_error(const char *text, const char *where,
			 const char *words)
{
	const char *msg = load_fails(text);
	if (strncmp(msg, where, strlen(where)) != 0 || !strstr(msg, words))
		fail_msg("got \"%s\", want \"%s...%s\"", msg, where, words);
}

static void test_valid_file(void **state)
{
	(void)state;
	const char *path = put("conf/config.yaml",
		"# mine\n"
		"plan: /srv/plan-2024.yaml\n"
		"database: data/kehoach.db\n"
		"language: Vietnamese\n"
		"theme: Light\n"
		"keys:\n"
		"  edit: E\n"
		"  next_behind: [J, \"^N\"]\n"
		"  help: \"?\"\n");
	kh_config c;
	kh_error err;
	assert_true(config_load(path, &c, &err));
	assert_string_equal(c.path, path);
	assert_string_equal(c.plan, "/srv/plan-2024.yaml");
	assert_string_equal(c.db, joined(dir, "conf/data/kehoach.db"));
	assert_string_equal(c.lang, "vi");
	assert_string_equal(c.theme, "light");
	assert_int_equal(c.n_keys, 4);
	assert_string_equal(c.keys[0].action, "edit");
	assert_string_equal(c.keys[0].key, "E");
	assert_int_equal(c.keys[0].line, 7);
	assert_int_equal(c.keys[0].col, 9);
	assert_int_equal(c.keys[0].action_line, 7);
	assert_int_equal(c.keys[0].action_col, 3);
	assert_string_equal(c.keys[1].action, "next_behind");
	assert_string_equal(c.keys[1].key, "J");
	assert_string_equal(c.keys[2].action, "next_behind");
	assert_string_equal(c.keys[2].key, "^N");
	assert_int_equal(c.keys[2].col, 20);
	assert_string_equal(c.keys[3].key, "?");
	config_free(&c);
	assert_null(c.path);
	assert_null(c.keys);
}

static void test_relative_paths(void **state)
{
	(void)state;
	kh_config c;
	kh_error err;
	const char *path = put("a/b/config.yaml", "plan: ../plan.yaml\n"
						  "database: ~/kh/x.db\n");
	assert_true(config_load(path, &c, &err));
	assert_string_equal(c.plan, joined(dir, "a/b/../plan.yaml"));
	assert_string_equal(c.db, joined(dir, "kh/x.db"));
	config_free(&c);
	/* A config named without a folder: paths stay relative to the
	 * current folder, which is its folder. */
	assert_int_equal(chdir(dir), 0);
	put("here.yaml", "plan: p.yaml\n");
	assert_true(config_load("here.yaml", &c, &err));
	assert_string_equal(c.plan, "p.yaml");
	config_free(&c);
}

static void test_empty_files(void **state)
{
	(void)state;
	static const char *const empties[] = {"", "\n  \n", "# nothing\n",
					      "---\n", "~\n", "theme:\n"};
	for (size_t i = 0; i < sizeof empties / sizeof empties[0]; i++) {
		kh_config c;
		kh_error err;
		const char *path = put("empty.yaml", empties[i]);
		assert_true(config_load(path, &c, &err));
		assert_string_equal(c.path, path);
		assert_null(c.plan);
		assert_null(c.db);
		assert_null(c.lang);
		assert_null(c.theme);
		assert_int_equal(c.n_keys, 0);
		config_free(&c);
	}
}

static void test_errors_have_places(void **state)
{
	(void)state;
	expect_error("theme: dark\nthem: light\n", "bad.yaml:2:1: ",
		     "unknown key \"them\" in the config file; did you mean "
		     "\"theme\"?");
	expect_error("lang: vi\n", "bad.yaml:1:1: ",
		     "did you mean \"language\"?");
	expect_error("db: x.db\n", "bad.yaml:1:1: ",
		     "did you mean \"database\"?");
	expect_error("colour: red\n", "bad.yaml:1:1: ",
		     "(expected one of: plan, database, language, theme, "
		     "keys)");
	expect_error("language: fr\n", "bad.yaml:1:11: ",
		     "\"language\" is \"fr\", a language kehoach does not "
		     "speak: write vi or en");
	expect_error("theme: blue\n", "bad.yaml:1:8: ",
		     "write dark, light or mono");
	expect_error("theme: lihgt\n", "bad.yaml:1:8: ",
		     "did you mean \"light\"?");
	expect_error("plan:\n  - a.yaml\n", "bad.yaml:2:3: ",
		     "\"plan\" must be text, found a list");
	expect_error("database: \"\"\n", "bad.yaml:1:11: ",
		     "\"database\" is empty");
	expect_error("keys: E\n", "bad.yaml:1:7: ",
		     "\"keys\" must be a mapping of actions to keys");
	expect_error("keys:\n  edit:\n", "bad.yaml:2:8: ",
		     "no key given for \"edit\"");
	expect_error("keys:\n  edit: []\n", "bad.yaml:2:9: ",
		     "no key given for \"edit\"");
	expect_error("keys:\n  edit: {a: b}\n", "bad.yaml:2:9: ",
		     "the key for \"edit\" must be text");
	expect_error("- theme\n", "bad.yaml:1:1: ",
		     "the config file must be a mapping");
	expect_error("theme: [dark\n", "bad.yaml:2:1: ", "");
	expect_error("theme: dark\ntheme: light\n", "bad.yaml:2:1: ",
		     "theme");
	/* A long action name is quoted short: the advice stays in the
	 * message instead of being cut off by the name written twice. */
	char text[700];
	snprintf(text, sizeof text, "keys:\n  %0600d:\n", 0);
	expect_error(text, "bad.yaml:2:", "\": write one (e.g. 0000");
	expect_error(text, "bad.yaml:2:", "...: E) or remove the line");
	snprintf(text, sizeof text, "keys:\n  %0600d: {a: b}\n", 0);
	expect_error(text, "bad.yaml:2:", "...\" must be text (E, ^E, F5");
}

static void test_missing_files(void **state)
{
	(void)state;
	kh_config c;
	kh_error err;
	/* The default file may be missing... */
	setenv("XDG_CONFIG_HOME", joined(dir, "nothing-here"), 1);
	assert_true(config_load(NULL, &c, &err));
	assert_null(c.path);
	config_free(&c);
	/* ...a named one may not. */
	const char *gone = joined(dir, "gone.yaml");
	assert_false(config_load(gone, &c, &err));
	assert_string_equal(err.file, gone);
	assert_non_null(strstr(err.msg, "cannot open the config file"));
	setenv("KEHOACH_CONFIG", gone, 1);
	assert_false(config_load(NULL, &c, &err));
	assert_non_null(strstr(err.msg, "KEHOACH_CONFIG"));
	/* An empty KEHOACH_CONFIG counts as unset. */
	setenv("KEHOACH_CONFIG", "", 1);
	assert_true(config_load(NULL, &c, &err));
	config_free(&c);
	/* A folder is not a config file. */
	assert_false(config_load(dir, &c, &err));
	assert_non_null(strstr(err.msg, "folder"));
}

static void test_where_the_file_is(void **state)
{
	(void)state;
	kh_config c;
	kh_error err;
	char *p = config_default_path();
	assert_string_equal(p, joined(dir, ".config/kehoach/config.yaml"));
	free(p);
	setenv("XDG_CONFIG_HOME", "relative/ignored", 1);
	p = config_default_path();
	assert_string_equal(p, joined(dir, ".config/kehoach/config.yaml"));
	free(p);
	setenv("XDG_CONFIG_HOME", joined(dir, "xdg"), 1);
	p = config_default_path();
	assert_string_equal(p, joined(dir, "xdg/kehoach/config.yaml"));
	free(p);
	put("xdg/kehoach/config.yaml", "theme: mono\n");
	assert_true(config_load(NULL, &c, &err));
	assert_string_equal(c.theme, "mono");
	config_free(&c);
	/* KEHOACH_CONFIG names another file, over the default one. */
	setenv("KEHOACH_CONFIG", put("other.yaml", "theme: light\n"), 1);
	assert_true(config_load(NULL, &c, &err));
	assert_string_equal(c.theme, "light");
	config_free(&c);
	unsetenv("XDG_CONFIG_HOME");
	unsetenv("HOME");
	unsetenv("KEHOACH_CONFIG");
	assert_null(config_default_path());
	assert_true(config_load(NULL, &c, &err));
	assert_null(c.path);
	config_free(&c);
}

static void test_theme_precedence(void **state)
{
	(void)state;
	kh_config c = {0};
	kh_error err;
	const char *t;
	assert_true(config_theme(NULL, &t, &err));
	assert_string_equal(t, "dark");
	c.theme = "light";
	assert_true(config_theme(&c, &t, &err));
	assert_string_equal(t, "light");
	setenv("KEHOACH_THEME", "MONO", 1);
	assert_true(config_theme(&c, &t, &err));
	assert_string_equal(t, "mono");
	setenv("KEHOACH_THEME", "", 1);
	assert_true(config_theme(&c, &t, &err));
	assert_string_equal(t, "light");
	setenv("KEHOACH_THEME", "solarized", 1);
	assert_false(config_theme(&c, &t, &err));
	assert_int_equal(err.code, KH_EUSAGE);
	assert_string_equal(err.msg, "KEHOACH_THEME=\"solarized\" is not a "
				     "theme: use dark, light or mono");
}

static void test_vietnamese_messages(void **state)
{
	(void)state;
	lang_init(KH_LOCALEDIR_BUILD);
	lang_use(KH_LANG_VI);
	const char *msg = load_fails("them: light\n");
	lang_use(KH_LANG_EN);
	assert_true(strncmp(msg, "bad.yaml:1:1: ", 14) == 0);
	/* The sentence is Vietnamese; the names from the file stay. */
	assert_null(strstr(msg, "unknown key"));
	assert_non_null(strstr(msg, "\"them\""));
	assert_non_null(strstr(msg, "\"theme\""));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(test_valid_file, clean_env),
		cmocka_unit_test_setup(test_relative_paths, clean_env),
		cmocka_unit_test_setup(test_empty_files, clean_env),
		cmocka_unit_test_setup(test_errors_have_places, clean_env),
		cmocka_unit_test_setup(test_missing_files, clean_env),
		cmocka_unit_test_setup(test_where_the_file_is, clean_env),
		cmocka_unit_test_setup(test_theme_precedence, clean_env),
		cmocka_unit_test_setup(test_vietnamese_messages, clean_env),
	};
	return cmocka_run_group_tests(tests, make_dir, remove_dir);
}
