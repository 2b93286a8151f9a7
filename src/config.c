/* The user's configuration file (config.h).
 *
 * The file goes through the plan loader's YAML tree (yaml_tree.c), so it
 * has the same limits and the same FILE:LINE:COL errors.  Every problem
 * names the place and says what to write instead; the first one found
 * stops the load and nothing is kept. */
#include "kehoach/config.h"

#include <errno.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "kehoach/i18n.h"
#include "kehoach/lang.h"
#include "kehoach/text.h"
#include "readfile.h"
#include "utf8_cut.h"
#include "yaml_tree.h"

/* A configuration is a handful of lines: a bigger file is a mistake. */
#define CONFIG_MAX_BYTES (1024 * 1024)
#define CONFIG_MAX_KEYS 256
#define CLIP_MAX 48

enum { K_PLAN, K_DATABASE, K_LANGUAGE, K_THEME, K_KEYS, K_COUNT };
static const char *const top_keys[K_COUNT] = {"plan", "database", "language",
					      "theme", "keys"};
static const char *const themes[] = {"dark", "light", "mono"};
#define N_THEMES (sizeof themes / sizeof themes[0])

struct cf {
	const char *file;
	kh_error *err;
	kh_config *c;
};

/* ---- messages ---- */

/* At most CLIP_MAX bytes of s, in buf. */
static const char *clip(const char *s, char buf[CLIP_MAX + 8])
{
	return utf8_clip(s, CLIP_MAX, buf);
}

__attribute__((format(printf, 3, 4)))
static bool fail(struct cf *cf, const yt_node *at, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	yt_vfail(cf->err, cf->file, at, fmt, ap);
	va_end(ap);
	return false;
}

static bool nomem(struct cf *cf)
{
	kh_error_set(cf->err, KH_ENOMEM, _("out of memory while reading %s"),
		     cf->file);
	return false;
}

/* "; did you mean "x"?" when word is one slip (two in a longer word) from
 * a name, or a piece of it ("lang" for "language"); "" otherwise. */
static void suggest(const char *word, const char *const *names, size_t n,
		    char *hint, size_t size)
{
	size_t best = SIZE_MAX, wl = strlen(word);
	hint[0] = '\0';
	for (size_t i = 0; i < n; i++) {
		size_t d = text_edit_distance(word, names[i]);
		bool close = d == 1 || (d == 2 && strlen(names[i]) > 4);
		bool piece = wl >= 2 && strncmp(word, names[i], wl) == 0;
		if (piece)
			d = 3;
		if ((close || piece) && d < best) {
			best = d;
			snprintf(hint, size, _("; did you mean \"%s\"?"),
				 names[i]);
		}
	}
}

/* ---- values ---- */

/* An empty plain value, "~" or "null": the key is there without a value,
 * which leaves the setting unset. */
static bool is_null(const yt_node *n)
{
	return n->type == YT_SCALAR && n->plain &&
	       (n->len == 0 || strcmp(n->text, "~") == 0 ||
		strcmp(n->text, "null") == 0 || strcmp(n->text, "Null") == 0 ||
		strcmp(n->text, "NULL") == 0);
}

static bool want_text(struct cf *cf, const char *key, const yt_node *v,
		      const char *example)
{
	if (v->type != YT_SCALAR)
		return fail(cf, v, _("\"%s\" must be text, found %s (write "
				     "it on one line, e.g. %s: %s)"),
			    key, yt_type_name(v->type), key, example);
	if (v->text[strspn(v->text, " \t")] == '\0')
		return fail(cf, v, _("\"%s\" is empty: write a value (e.g. "
				     "%s: %s) or remove the line"),
			    key, key, example);
	return true;
}

/* A file named in the config: absolute, "~/..." (the home folder), or
 * relative to the config file's own folder. */
static char *resolve(const char *file, const char *value)
{
	const char *home = getenv("HOME");
	const char *base = NULL, *rest = value;
	size_t base_len = 0;
	if (value[0] == '/') {
		base = NULL;
	} else if (strncmp(value, "~/", 2) == 0 && home && home[0] == '/') {
		base = home;
		base_len = strlen(home);
		rest = value + 2;
	} else {
		const char *slash = strrchr(file, '/');
		if (slash) {
			base = file;
			/* "/config.yaml": the root folder. */
			base_len = slash == file ? 1 : (size_t)(slash - file);
		}
	}
	if (!base)
		return strdup(value);
	bool sep = base[base_len - 1] != '/';
	size_t n = base_len + sep + strlen(rest) + 1;
	char *s = malloc(n);
	if (s)
		snprintf(s, n, "%.*s%s%s", (int)base_len, base, sep ? "/" : "",
			 rest);
	return s;
}

static bool read_path(struct cf *cf, const char *key, const yt_node *v,
		      char **out)
{
	if (!want_text(cf, key, v, key[0] == 'p' ? "plan-2024.yaml"
						   : "kehoach.db"))
		return false;
	*out = resolve(cf->file, v->text);
	return *out ? true : nomem(cf);
}

static bool read_language(struct cf *cf, const yt_node *v)
{
	kh_lang l;
	if (!want_text(cf, "language", v, "vi"))
		return false;
	if (!lang_parse(v->text, &l)) {
		char buf[CLIP_MAX + 8];
		return fail(cf, v, _("\"language\" is \"%s\", a language "
				     "kehoach does not speak: write vi or en"),
			    clip(v->text, buf));
	}
	cf->c->lang = strdup(lang_code(l));
	return cf->c->lang ? true : nomem(cf);
}

static const char *theme_named(const char *name)
{
	for (size_t i = 0; i < N_THEMES; i++)
		if (strcasecmp(name, themes[i]) == 0)
			return themes[i];
	return NULL;
}

static bool read_theme(struct cf *cf, const yt_node *v)
{
	if (!want_text(cf, "theme", v, "light"))
		return false;
	const char *t = theme_named(v->text);
	if (!t) {
		char buf[CLIP_MAX + 8], hint[96];
		suggest(v->text, themes, N_THEMES, hint, sizeof hint);
		return fail(cf, v, _("\"theme\" is \"%s\", which is not a "
				     "theme: write dark, light or mono%s"),
			    clip(v->text, buf), hint);
	}
	cf->c->theme = strdup(t);
	return cf->c->theme ? true : nomem(cf);
}

static bool add_key(struct cf *cf, const yt_node *act, const yt_node *key)
{
	kh_config *c = cf->c;
	char buf[CLIP_MAX + 8];
	if (key->type != YT_SCALAR)
		return fail(cf, key, _("the key for \"%s\" must be text (E, "
				       "^E, F5, PgDn...), found %s"),
			    clip(act->text, buf), yt_type_name(key->type));
	if (key->len == 0)
		return fail(cf, key, _("the key for \"%s\" is empty: write one "
				       "(e.g. %s: E)"),
			    clip(act->text, buf), clip(act->text, buf));
	if (c->n_keys == CONFIG_MAX_KEYS)
		return fail(cf, key, _("more than %d key bindings: keep one or "
				       "two keys per action"),
			    CONFIG_MAX_KEYS);
	kh_config_key *grown = realloc(c->keys, (c->n_keys + 1) * sizeof *grown);
	if (!grown)
		return nomem(cf);
	c->keys = grown;
	kh_config_key *k = &c->keys[c->n_keys];
	*k = (kh_config_key){.action = strdup(act->text),
			     .key = strdup(key->text),
			     .line = key->line, .col = key->col,
			     .action_line = act->line, .action_col = act->col};
	c->n_keys++;
	return k->action && k->key ? true : nomem(cf);
}

/* keys: a mapping action -> key, or action -> [key, key]. */
static bool read_keys(struct cf *cf, const yt_node *v)
{
	if (v->type != YT_MAP)
		return fail(cf, v, _("\"keys\" must be a mapping of actions to "
				     "keys (e.g. edit: E on the next line, "
				     "indented), found %s"),
			    yt_type_name(v->type));
	char buf[CLIP_MAX + 8];
	for (size_t i = 0; i < v->len; i++) {
		const yt_node *act = v->kids[2 * i], *key = v->kids[2 * i + 1];
		if (is_null(key))
			return fail(cf, key, _("no key given for \"%s\": write "
					       "one (e.g. %s: E) or remove the "
					       "line"),
				    clip(act->text, buf), clip(act->text, buf));
		if (key->type != YT_SEQ) {
			if (!add_key(cf, act, key))
				return false;
			continue;
		}
		if (key->len == 0)
			return fail(cf, key, _("no key given for \"%s\": write "
					       "one (e.g. %s: E) or remove the "
					       "line"),
				    clip(act->text, buf), clip(act->text, buf));
		for (size_t j = 0; j < key->len; j++)
			if (!add_key(cf, act, key->kids[j]))
				return false;
	}
	return true;
}

static bool unknown_key(struct cf *cf, const yt_node *key)
{
	char hint[96], buf[CLIP_MAX + 8];
	suggest(key->text, top_keys, K_COUNT, hint, sizeof hint);
	if (!hint[0] && strcmp(key->text, "db") == 0)
		snprintf(hint, sizeof hint, _("; did you mean \"%s\"?"),
			 "database");
	return fail(cf, key, _("unknown key \"%s\" in the config file%s "
			       "(expected one of: plan, database, language, "
			       "theme, keys)"),
		    clip(key->text, buf), hint);
}

static bool read_top(struct cf *cf, const yt_node *root)
{
	if (is_null(root))
		return true;
	if (root->type != YT_MAP)
		return fail(cf, root, _("the config file must be a mapping of "
					"keys to values (e.g. theme: light), "
					"found %s"),
			    yt_type_name(root->type));
	kh_config *c = cf->c;
	for (size_t i = 0; i < root->len; i++) {
		const yt_node *k = root->kids[2 * i], *v = root->kids[2 * i + 1];
		int j = 0;
		while (j < K_COUNT && strcmp(k->text, top_keys[j]) != 0)
			j++;
		if (j == K_COUNT)
			return unknown_key(cf, k);
		if (is_null(v))
			continue;
		bool ok = true;
		switch (j) {
		case K_PLAN:
			ok = read_path(cf, "plan", v, &c->plan);
			break;
		case K_DATABASE:
			ok = read_path(cf, "database", v, &c->db);
			break;
		case K_LANGUAGE:
			ok = read_language(cf, v);
			break;
		case K_THEME:
			ok = read_theme(cf, v);
			break;
		case K_KEYS:
			ok = read_keys(cf, v);
			break;
		}
		if (!ok)
			return false;
	}
	return true;
}

/* ---- the file ---- */

/* Only blank lines and comments: an empty configuration (the YAML tree
 * would call it a file with no document). */
static bool only_comments(const char *s, size_t len)
{
	bool comment = false;
	for (size_t i = 0; i < len; i++) {
		if (s[i] == '\n')
			comment = false;
		else if (comment)
			continue;
		else if (s[i] == '#')
			comment = true;
		else if (!strchr(" \t\r", s[i]))
			return false;
	}
	return true;
}

/* The whole file, at most CONFIG_MAX_BYTES.  *missing says the file is
 * not there (the caller decides whether that matters). */
static char *read_all(const char *path, bool from_env, size_t *len,
		      bool *missing, kh_error *err)
{
	kh_read_fail why;
	int e;
	char *buf = read_file_capped(path, CONFIG_MAX_BYTES, len, &why, &e);
	*missing = !buf && why == KH_READ_OPEN && e == ENOENT;
	if (buf)
		return buf;
	switch (why) {
	case KH_READ_OPEN:
		/* Say where the name came from, so it can be fixed. */
		kh_error_set_at(err, KH_EIO, path, 0, 0,
				from_env ? _("cannot open the config file "
					     "KEHOACH_CONFIG names: %s")
					 : _("cannot open the config file: %s"),
				strerror(e));
		break;
	case KH_READ_DIR:
		kh_error_set_at(err, KH_EIO, path, 0, 0,
				_("the config file is a folder: name a file"));
		break;
	case KH_READ_ERROR:
		kh_error_set_at(err, KH_EIO, path, 0, 0,
				_("cannot read the config file: %s"),
				strerror(e));
		break;
	case KH_READ_BIG:
		kh_error_set_at(err, KH_EINPUT, path, 0, 0,
				_("the config file is larger than 1 MiB: is "
				  "it the right file?"));
		break;
	case KH_READ_NOMEM:
		kh_error_set(err, KH_ENOMEM,
			     _("out of memory while reading %s"), path);
		break;
	}
	return NULL;
}

static const char *nonempty_env(const char *name)
{
	const char *v = getenv(name);
	return v && *v ? v : NULL;
}

char *config_default_path(void)
{
	const char *xdg = nonempty_env("XDG_CONFIG_HOME");
	const char *home = nonempty_env("HOME");
	const char *base, *sub;
	/* The XDG spec says relative values are invalid and to be ignored. */
	if (xdg && xdg[0] == '/') {
		base = xdg;
		sub = "kehoach/config.yaml";
	} else if (home) {
		base = home;
		sub = ".config/kehoach/config.yaml";
	} else {
		return NULL;
	}
	size_t n = strlen(base) + 1 + strlen(sub) + 1;
	char *s = malloc(n);
	if (s)
		snprintf(s, n, "%s/%s", base, sub);
	return s;
}

static bool load_file(const char *path, bool named, bool from_env,
		      kh_config *out, kh_error *err)
{
	size_t len = 0;
	bool missing;
	char *data = read_all(path, from_env, &len, &missing, err);
	if (!data) {
		if (missing && !named) {
			kh_error_clear(err);
			return true;
		}
		return false;
	}
	bool ok = config_parse(path, data, len, out, err);
	free(data);
	return ok;
}

bool config_parse(const char *path, const char *data, size_t len,
		  kh_config *out, kh_error *err)
{
	memset(out, 0, sizeof *out);
	out->path = strdup(path);
	if (!out->path) {
		kh_error_set(err, KH_ENOMEM, _("out of memory while reading %s"),
			     path);
		return false;
	}
	if (only_comments(data, len))
		return true;
	const yt_node *root;
	yt_doc *doc = yt_parse(path, data, len, &root, err);
	if (!doc) {
		config_free(out);
		return false;
	}
	struct cf cf = {.file = path, .err = err, .c = out};
	bool ok = read_top(&cf, root);
	yt_free(doc);
	if (!ok)
		config_free(out);
	return ok;
}

bool config_load(const char *path, kh_config *out, kh_error *err)
{
	memset(out, 0, sizeof *out);
	kh_error_clear(err);
	bool named = path != NULL;
	const char *env = nonempty_env("KEHOACH_CONFIG");
	char *fallback = NULL;
	if (!path && env) {
		path = env;
		named = true;
	} else if (!path) {
		fallback = config_default_path();
		if (!fallback)
			return true; /* no home: nothing to read */
		path = fallback;
	}
	bool ok = load_file(path, named, path == env, out, err);
	free(fallback);
	if (!ok)
		config_free(out);
	return ok;
}

bool config_theme(const kh_config *c, const char **out, kh_error *err)
{
	const char *env = nonempty_env("KEHOACH_THEME");
	*out = "dark";
	if (env) {
		const char *t = theme_named(env);
		if (!t) {
			char buf[CLIP_MAX + 8];
			kh_error_set(err, KH_EUSAGE,
				     _("KEHOACH_THEME=\"%s\" is not a theme: "
				       "use dark, light or mono"),
				     clip(env, buf));
			return false;
		}
		*out = t;
	} else if (c && c->theme) {
		*out = c->theme;
	}
	return true;
}

void config_free(kh_config *c)
{
	free(c->path);
	free(c->plan);
	free(c->db);
	free(c->lang);
	free(c->theme);
	for (size_t i = 0; i < c->n_keys; i++) {
		free(c->keys[i].action);
		free(c->keys[i].key);
	}
	free(c->keys);
	memset(c, 0, sizeof *c);
}
