/* The plan loader: plan.yaml -> node tree (yaml_tree.c) -> validated
 * kh_plan.
 *
 * Every rule of doc/plan-format.md is checked here, and the first problem
 * found stops the load with FILE:LINE:COL and a sentence naming the thing
 * at fault.  Objects are hung on the plan as soon as they are allocated, so
 * a failure anywhere is cleaned up by one plan_free(): nothing is ever
 * half-loaded.  Ids go into hash tables, keeping a big plan linear. */
#include "kehoach/plan.h"

#include <stdint.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kehoach/entry.h"
#include "kehoach/i18n.h"
#include "kehoach/text.h"
#include "plan_index.h"
#include "readfile.h"
#include "utf8_cut.h"
#include "yaml_tree.h"

#define ID_MAX 64
#define CLIP_MAX 48 /* bytes of the file's text quoted in a message */
#define CLIP_BUF (CLIP_MAX + 8)
#define UNITS_LISTED 10

/* A key's place in a mapping being read. */
struct slot {
	const yt_node *key, *val;
};

/* A mapping with a fixed set of keys, sorted into slots. */
struct obj {
	const yt_node *map;
	const char *const *keys;
	struct slot *slots;
	const char *what; /* "target", "plan"; "" for the top level */
	bool named;       /* name holds a name already made */
	char name[96];    /* 'quantity target "x1"' */
};

struct ld {
	const char *file;
	kh_error *err;
	kh_plan *plan;
	plan_index *ix;
	/* id -> node of its first definition, for duplicate messages */
	kh_idmap *unit_ids, *period_ids, *section_ids, *task_ids, *target_ids;
	unsigned *unit_mark; /* per unit: stamp of the list naming it last */
	unsigned stamp;
	size_t cap_targets;
};

/* ---- messages ---- */

/* At most CLIP_MAX bytes of s, in buf. */
static const char *clip(const char *s, char buf[CLIP_BUF])
{
	return utf8_clip(s, CLIP_MAX, buf);
}

static const char *date_str(kh_date d, char buf[KH_DATE_ISO_LEN])
{
	return kh_date_iso(d, buf);
}

/* Numbers in messages about the file are written as the file must
 * write them (a decimal point), whatever the language. */
static const char *num_str(double v, char buf[32])
{
	return kh_number_text(v, buf, 32);
}

__attribute__((format(printf, 3, 4)))
static bool fail(struct ld *ld, const yt_node *at, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	yt_vfail(ld->err, ld->file, at, fmt, ap);
	va_end(ap);
	return false;
}

static bool nomem(struct ld *ld)
{
	kh_error_set(ld->err, KH_ENOMEM, _("out of memory while loading %s"),
		     ld->file);
	return false;
}

/* ---- scalars ---- */

/* An empty plain value, "~" or "null": the key is there without a value. */
static bool is_null(const yt_node *n)
{
	return n->type == YT_SCALAR && n->plain &&
	       (n->len == 0 || strcmp(n->text, "~") == 0 ||
		strcmp(n->text, "null") == 0 || strcmp(n->text, "Null") == 0 ||
		strcmp(n->text, "NULL") == 0);
}

static bool is_blank(const char *s)
{
	return s[strspn(s, " \t\r\n")] == '\0';
}

/* The scalar's text in NFC, as a new string.  ASCII is already NFC. */
static char *nfc_copy(struct ld *ld, const yt_node *n)
{
	bool ascii = true;
	for (size_t i = 0; i < n->len && ascii; i++)
		ascii = (unsigned char)n->text[i] < 0x80;
	char *s;
	if (ascii) {
		s = malloc(n->len + 1);
		if (s)
			memcpy(s, n->text, n->len + 1);
	} else {
		s = text_nfc(n->text, n->len);
	}
	if (!s)
		nomem(ld);
	return s;
}

static bool valid_id(const char *s, size_t len)
{
	if (len < 1 || len > ID_MAX)
		return false;
	for (size_t i = 0; i < len; i++) {
		unsigned char c = (unsigned char)s[i];
		if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
		      (c >= '0' && c <= '9') || strchr("._-&", c)))
			return false;
	}
	return true;
}

/* A plain decimal: digits with at most one '.', digits on both sides of
 * it, at most 15 significant digits (what a double holds exactly).  No
 * sign, exponent, hex, inf or nan.  Returns false with *why set. */
static bool parse_decimal(const char *s, double *out, const char **why)
{
	const char *p = s;
	size_t int_digits = 0, frac_digits = 0, sig = 0;
	bool nonzero = false;
	*why = "syntax";
	if (*p == '-' || *p == '+') {
		*why = *p == '-' ? "negative" : "syntax";
		return false;
	}
	for (; *p >= '0' && *p <= '9'; p++) {
		int_digits++;
		nonzero |= *p != '0';
		if (nonzero)
			sig++;
	}
	if (*p == '.') {
		p++;
		size_t trailing_zeros = 0;
		for (; *p >= '0' && *p <= '9'; p++) {
			frac_digits++;
			nonzero |= *p != '0';
			if (nonzero)
				sig++;
			trailing_zeros = *p == '0' ? trailing_zeros + 1 : 0;
		}
		if (!frac_digits)
			return false;
		sig -= trailing_zeros < sig ? trailing_zeros : sig;
	}
	if (*p || !int_digits)
		return false;
	if (sig > 15) {
		*why = "digits";
		return false;
	}
	*out = strtod(s, NULL);
	return isfinite(*out);
}

/* ---- mappings with fixed keys ---- */

static const char *obj_label(const struct obj *o, char name[96]);

static bool unknown_key(struct ld *ld, const struct obj *o, size_t n_keys,
			const yt_node *key)
{
	char list[400] = "", hint[96] = "", buf[CLIP_BUF];
	size_t used = 0, best = SIZE_MAX;
	for (size_t i = 0; i < n_keys; i++) {
		int w = snprintf(list + used, sizeof list - used, "%s%s",
				 i ? ", " : "", o->keys[i]);
		if (w > 0 && (size_t)w < sizeof list - used)
			used += (size_t)w;
		/* One slip, or two in a longer word, is worth a hint. */
		size_t d = text_edit_distance(key->text, o->keys[i]);
		bool close = d == 1 || (d == 2 && strlen(o->keys[i]) > 4);
		if (close && d < best) {
			best = d;
			snprintf(hint, sizeof hint, "%s", o->keys[i]);
		}
	}
	char name[sizeof o->name];
	obj_label(o, name);
	clip(key->text, buf);
	if (name[0] && hint[0])
		return fail(ld, key, _("unknown key \"%s\" in %s (expected one "
				       "of: %s; did you mean \"%s\"?)"),
			    buf, name, list, hint);
	if (name[0])
		return fail(ld, key, _("unknown key \"%s\" in %s (expected one "
				       "of: %s)"),
			    buf, name, list);
	if (hint[0])
		return fail(ld, key, _("unknown key \"%s\" at the top level "
				       "(expected one of: %s; did you mean "
				       "\"%s\"?)"),
			    buf, list, hint);
	return fail(ld, key, _("unknown key \"%s\" at the top level "
			       "(expected one of: %s)"),
		    buf, list);
}

/* The text of the "id" key of a mapping, if it has a scalar one: used to
 * name the mapping in messages before it is read. */
static const char *peek_id(const yt_node *map)
{
	if (map->type != YT_MAP)
		return NULL;
	for (size_t i = 0; i < map->len; i++) {
		const yt_node *k = map->kids[2 * i], *v = map->kids[2 * i + 1];
		if (strcmp(k->text, "id") == 0 && v->type == YT_SCALAR &&
		    !is_null(v))
			return v->text;
	}
	return NULL;
}

/* what is an N_() word ("target"), shown translated. */
static void format_name(char name[96], const char *what, const char *id)
{
	char buf[CLIP_BUF];
	if (!what[0])
		name[0] = '\0';
	else if (id)
		snprintf(name, 96, "%s \"%s\"", _(what), clip(id, buf));
	else
		snprintf(name, 96, "%s", _(what));
	/* A long id in a long translation: no half character. */
	utf8_cut_end(name);
}

/* Name the object in messages from now on: as what, with the id its
 * mapping holds (valid ids are ASCII, the same as read).  The name is
 * made only if a message needs it, which keeps gettext out of the loop
 * over a big plan's targets. */
static void name_obj(struct obj *o, const char *what)
{
	o->what = what;
	o->named = false;
}

/* The object's name for a message ('target "x1"'; "" at the top level),
 * made only when a message needs it. */
static const char *obj_label(const struct obj *o, char name[96])
{
	if (o->named)
		memcpy(name, o->name, sizeof o->name);
	else
		format_name(name, o->what,
			    o->what[0] ? peek_id(o->map) : NULL);
	return name;
}

/* Sort map's pairs into slots by key; a key not in keys is an error. */
static bool read_obj(struct ld *ld, struct obj *o, const yt_node *map,
		     const char *const *keys, size_t n_keys,
		     struct slot *slots, const char *what)
{
	o->map = map;
	o->keys = keys;
	o->slots = slots;
	o->what = what;
	o->named = false;
	memset(slots, 0, n_keys * sizeof *slots);
	if (map->type != YT_MAP)
		return fail(ld, map, _("%s must be a mapping (key: value), "
				       "found %s"),
			    what[0] ? _(what) : "", yt_type_name(map->type));
	for (size_t i = 0; i < map->len; i++) {
		const yt_node *k = map->kids[2 * i];
		size_t j = 0;
		while (j < n_keys && strcmp(k->text, keys[j]) != 0)
			j++;
		if (j == n_keys)
			return unknown_key(ld, o, n_keys, k);
		slots[j].key = k;
		slots[j].val = map->kids[2 * i + 1];
	}
	return true;
}

static bool missing(struct ld *ld, const struct obj *o, int k)
{
	char name[sizeof o->name];
	obj_label(o, name);
	if (name[0])
		return fail(ld, o->map, _("missing required key \"%s\" for %s"),
			    o->keys[k], name);
	return fail(ld, o->map, _("missing required key \"%s\" at the top "
				  "level"),
		    o->keys[k]);
}

/* The value of key k, or NULL if absent or written without a value; a
 * required one must be there. */
static bool get(struct ld *ld, const struct obj *o, int k, bool required,
		const yt_node **out)
{
	const struct slot *s = &o->slots[k];
	*out = NULL;
	if (s->val && !is_null(s->val)) {
		*out = s->val;
		return true;
	}
	if (!required)
		return true;
	if (s->key)
		return fail(ld, s->val, _("\"%s\" has no value"), o->keys[k]);
	return missing(ld, o, k);
}

/* what is an N_() phrase ("a date"), shown translated. */
static bool want_scalar(struct ld *ld, const struct obj *o, int k,
			const yt_node *v, const char *what)
{
	if (v->type == YT_SCALAR)
		return true;
	return fail(ld, v, _("\"%s\" must be %s, found %s"), o->keys[k],
		    _(what), yt_type_name(v->type));
}

static bool get_text(struct ld *ld, const struct obj *o, int k,
		     bool required, char **out)
{
	const yt_node *v;
	if (!get(ld, o, k, required, &v))
		return false;
	if (!v)
		return true;
	if (!want_scalar(ld, o, k, v, N_("text")))
		return false;
	if (is_blank(v->text)) {
		if (required)
			return fail(ld, v, _("\"%s\" is empty"), o->keys[k]);
		return true;
	}
	*out = nfc_copy(ld, v);
	return *out != NULL;
}

static bool get_id(struct ld *ld, const struct obj *o, int k, char **out,
		   const yt_node **node)
{
	const yt_node *v;
	char buf[CLIP_BUF];
	if (!get(ld, o, k, true, &v) || !want_scalar(ld, o, k, v, N_("an id")))
		return false;
	if (!valid_id(v->text, v->len))
		return fail(ld, v, _("\"%s\" is not a valid id: use 1 to 64 "
				     "of A-Z a-z 0-9 . _ - & (no spaces)"),
			    clip(v->text, buf));
	*node = v;
	*out = nfc_copy(ld, v);
	return *out != NULL;
}

/* *set tells whether the key was given (else *out is left alone). */
static bool get_date(struct ld *ld, const struct obj *o, int k,
		     bool required, kh_date *out, const yt_node **node)
{
	const yt_node *v;
	char buf[CLIP_BUF];
	*node = NULL;
	if (!get(ld, o, k, required, &v))
		return false;
	if (!v)
		return true;
	if (!want_scalar(ld, o, k, v, N_("a date")))
		return false;
	if (!kh_date_parse(v->text, out))
		return fail(ld, v, _("\"%s\" is not a date (use YYYY-MM-DD "
				     "or DD/MM/YYYY)"),
			    clip(v->text, buf));
	*node = v;
	return true;
}

static bool get_number(struct ld *ld, const struct obj *o, int k,
		       bool required, double *out, const yt_node **node)
{
	const yt_node *v;
	const char *why;
	char buf[CLIP_BUF];
	*node = NULL;
	if (!get(ld, o, k, required, &v))
		return false;
	if (!v)
		return true;
	if (!want_scalar(ld, o, k, v, N_("a number")))
		return false;
	if (!parse_decimal(v->text, out, &why)) {
		if (strcmp(why, "negative") == 0)
			return fail(ld, v, _("\"%s\" cannot be negative "
					     "(found %s)"),
				    o->keys[k], clip(v->text, buf));
		if (strcmp(why, "digits") == 0)
			return fail(ld, v, _("\"%s\" has more than 15 "
					     "significant digits"),
				    o->keys[k]);
		/* TRANSLATORS: keep "2.5": plan files write a decimal
		 * point in every language. */
		return fail(ld, v, _("\"%s\" must be a plain number such as "
				     "30 or 2.5 (found \"%s\")"),
			    o->keys[k], clip(v->text, buf));
	}
	*node = v;
	return true;
}

static bool get_bool(struct ld *ld, const struct obj *o, int k, bool *out)
{
	const yt_node *v;
	char buf[CLIP_BUF];
	if (!get(ld, o, k, false, &v))
		return false;
	if (!v)
		return true;
	if (!want_scalar(ld, o, k, v, N_("true or false")))
		return false;
	static const char *const yes[] = {"true", "True", "TRUE"};
	static const char *const no[] = {"false", "False", "FALSE"};
	for (size_t i = 0; i < 3; i++) {
		if (strcmp(v->text, yes[i]) == 0) {
			*out = true;
			return true;
		}
		if (strcmp(v->text, no[i]) == 0) {
			*out = false;
			return true;
		}
	}
	return fail(ld, v, _("\"%s\" must be true or false (found \"%s\")"),
		    o->keys[k], clip(v->text, buf));
}

/* A sequence for key k (NULL if absent and optional).  of and one are
 * N_() words: what the list holds ("units") and one of them ("unit"). */
static bool get_list(struct ld *ld, const struct obj *o, int k,
		     bool required, const char *of, const char *one,
		     const yt_node **out)
{
	if (!get(ld, o, k, required, out))
		return false;
	if (!*out)
		return true;
	if ((*out)->type != YT_SEQ)
		return fail(ld, *out, _("\"%s\" must be a list of %s, found "
					 "%s"),
			    o->keys[k], _(of), yt_type_name((*out)->type));
	if (required && (*out)->len == 0)
		return fail(ld, *out, _("\"%s\" must list at least one %s"),
			    o->keys[k], _(one));
	return true;
}

/* Record id as defined at node in map; a second definition is an error
 * naming the first. */
static bool claim_id(struct ld *ld, kh_idmap *map, const char *id,
		     const yt_node *node, const char *kind)
{
	void *old = NULL;
	char buf[CLIP_BUF];
	int r = kh_idmap_put(map, id, (void *)node, &old);
	if (r < 0)
		return nomem(ld);
	if (r > 0)
		return fail(ld, node, _("duplicate %s id \"%s\" (first "
					"defined at line %d)"),
			    _(kind), clip(id, buf),
			    ((const yt_node *)old)->line);
	return true;
}

/* ---- units ---- */

static bool unit_ref(struct ld *ld, const yt_node *v, const char *key,
		     const kh_unit **out)
{
	char buf[CLIP_BUF], list[400] = "";
	if (v->type != YT_SCALAR)
		return fail(ld, v, _("\"%s\" must name a unit, found %s"), key,
			    yt_type_name(v->type));
	*out = kh_idmap_get(ld->ix->units, v->text);
	if (*out)
		return true;
	size_t used = 0;
	const kh_plan *p = ld->plan;
	for (size_t i = 0; i < p->n_units && i <= UNITS_LISTED; i++) {
		const char *id = i < UNITS_LISTED ? p->units[i].id : "...";
		int w = snprintf(list + used, sizeof list - used, "%s%s",
				 i ? ", " : "", id);
		if (w > 0 && (size_t)w < sizeof list - used)
			used += (size_t)w;
	}
	return fail(ld, v, _("unknown unit \"%s\" (units are: %s)"),
		    clip(v->text, buf), list);
}

/* The "support" list of o into *dst and *n (owned by the object being built,
 * so plan_free cleans up after a failure).  *given is false when the key
 * is absent, meaning "inherit". */
static bool get_support(struct ld *ld, const struct obj *o, int k,
			const kh_unit ***dst, size_t *n, bool *given)
{
	const yt_node *v;
	*given = false;
	if (!get(ld, o, k, false, &v))
		return false;
	if (!v)
		return true;
	*given = true;
	if (v->type == YT_MAP)
		return fail(ld, v, _("\"%s\" must be a list of unit ids, "
				     "found a mapping"),
			    o->keys[k]);
	/* A single id is taken as a list of one. */
	const yt_node *const *items = &v;
	size_t count = 1;
	if (v->type == YT_SEQ) {
		items = (const yt_node *const *)v->kids;
		count = v->len;
	}
	if (!count)
		return true;
	*dst = malloc(count * sizeof **dst);
	if (!*dst)
		return nomem(ld);
	ld->stamp++;
	for (size_t i = 0; i < count; i++) {
		const kh_unit *u;
		if (!unit_ref(ld, items[i], o->keys[k], &u))
			return false;
		size_t at = (size_t)(u - ld->plan->units);
		if (ld->unit_mark[at] == ld->stamp) {
			char buf[CLIP_BUF];
			return fail(ld, items[i], _("unit \"%s\" is listed "
						    "twice in \"%s\""),
				    clip(u->id, buf), o->keys[k]);
		}
		ld->unit_mark[at] = ld->stamp;
		(*dst)[(*n)++] = u;
	}
	return true;
}

static bool copy_support(struct ld *ld, const kh_unit *const *src, size_t n,
			 const kh_unit ***dst, size_t *dst_n)
{
	if (!n)
		return true;
	*dst = malloc(n * sizeof **dst);
	if (!*dst)
		return nomem(ld);
	memcpy(*dst, src, n * sizeof **dst);
	*dst_n = n;
	return true;
}

enum { U_ID, U_NAME, U_SHORT, U_N };
static const char *const unit_keys[] = {"id", "name", "short"};

static bool read_units(struct ld *ld, const struct obj *top, int k)
{
	const yt_node *list;
	kh_plan *p = ld->plan;
	if (!get_list(ld, top, k, true, N_("units"), N_("unit"), &list))
		return false;
	p->units = calloc(list->len, sizeof *p->units);
	ld->unit_mark = calloc(list->len, sizeof *ld->unit_mark);
	ld->unit_ids = kh_idmap_new(list->len);
	ld->ix->units = kh_idmap_new(list->len);
	if (!p->units || !ld->unit_mark || !ld->unit_ids || !ld->ix->units)
		return nomem(ld);
	p->n_units = list->len;
	for (size_t i = 0; i < list->len; i++) {
		kh_unit *u = &p->units[i];
		struct slot s[U_N];
		struct obj o;
		const yt_node *idn;
		if (!read_obj(ld, &o, list->kids[i], unit_keys, U_N, s,
			      N_("unit")) ||
		    !get_id(ld, &o, U_ID, &u->id, &idn) ||
		    !claim_id(ld, ld->unit_ids, u->id, idn, N_("unit")) ||
		    !get_text(ld, &o, U_NAME, true, &u->name) ||
		    !get_text(ld, &o, U_SHORT, false, &u->short_name))
			return false;
		if (!u->short_name) {
			u->short_name = strdup(u->id);
			if (!u->short_name)
				return nomem(ld);
		}
		if (kh_idmap_put(ld->ix->units, u->id, u, NULL) < 0)
			return nomem(ld);
	}
	return true;
}

/* ---- the plan's header ---- */

/* what is an N_() phrase ("due date"). */
static bool outside_plan(struct ld *ld, const yt_node *at, const char *what,
			 kh_date d)
{
	char a[KH_DATE_ISO_LEN], b[KH_DATE_ISO_LEN], c[KH_DATE_ISO_LEN];
	/* TRANSLATORS: the first %s is "start date", "due date" or
	 * "cutoff date". */
	return fail(ld, at, _("%s %s is outside the plan (%s to %s)"), _(what),
		    date_str(d, a), date_str(ld->plan->start, b),
		    date_str(ld->plan->end, c));
}

static bool inside_plan(const struct ld *ld, kh_date d)
{
	return d >= ld->plan->start && d <= ld->plan->end;
}

enum {
	P_ID, P_NUMBER, P_TITLE, P_ISSUER, P_PLACE, P_ISSUED, P_SIGNATORY,
	P_SIGNATORY_TITLE, P_YEAR, P_START, P_END, P_LANGUAGE, P_TOLERANCE,
	P_N
};
static const char *const plan_keys[] = {
	"id", "number", "title", "issuer", "place", "issued", "signatory",
	"signatory_title", "year", "start", "end", "language", "tolerance"};

static bool read_year(struct ld *ld, const struct obj *o)
{
	const yt_node *v;
	char buf[CLIP_BUF];
	if (!get(ld, o, P_YEAR, true, &v) ||
	    !want_scalar(ld, o, P_YEAR, v, N_("a year")))
		return false;
	long y = 0;
	size_t n = strspn(v->text, "0123456789");
	if (n == v->len && n > 0 && n <= 4)
		y = strtol(v->text, NULL, 10);
	if (y < 1 || y > 9999)
		return fail(ld, v, _("\"year\" must be a whole number from 1 "
				     "to 9999 (found \"%s\")"),
			    clip(v->text, buf));
	ld->plan->year = (int)y;
	return true;
}

static bool read_header(struct ld *ld, const yt_node *map)
{
	kh_plan *p = ld->plan;
	struct slot s[P_N];
	struct obj o;
	const yt_node *idn, *startn, *endn, *toln;
	char a[KH_DATE_ISO_LEN], b[KH_DATE_ISO_LEN], buf[32];
	double tol = 10;
	if (!read_obj(ld, &o, map, plan_keys, P_N, s, N_("plan")))
		return false;
	if (!get_id(ld, &o, P_ID, &p->id, &idn))
		return false;
	/* It names the database file: no hidden files, no "..". */
	if (p->id[0] == '.')
		return fail(ld, idn,
			    _("the plan's id must not start with a dot"));
	if (!get_text(ld, &o, P_NUMBER, false, &p->number) ||
	    !get_text(ld, &o, P_TITLE, true, &p->title) ||
	    !get_text(ld, &o, P_ISSUER, true, &p->issuer) ||
	    !get_text(ld, &o, P_PLACE, false, &p->place) ||
	    !get_text(ld, &o, P_ISSUED, false, &p->issued) ||
	    !get_text(ld, &o, P_SIGNATORY, false, &p->signatory) ||
	    !get_text(ld, &o, P_SIGNATORY_TITLE, false, &p->signatory_title) ||
	    !read_year(ld, &o) ||
	    !get_date(ld, &o, P_START, true, &p->start, &startn) ||
	    !get_date(ld, &o, P_END, true, &p->end, &endn) ||
	    !get_text(ld, &o, P_LANGUAGE, false, &p->language) ||
	    !get_number(ld, &o, P_TOLERANCE, false, &tol, &toln))
		return false;
	if (p->end <= p->start)
		return fail(ld, endn, _("end (%s) must be after start (%s)"),
			    date_str(p->end, a), date_str(p->start, b));
	if (tol > 100)
		return fail(ld, toln, _("\"tolerance\" is a percentage from 0 "
					"to 100 (found %s)"),
			    num_str(tol, buf));
	p->tolerance = tol / 100;
	if (!p->language && !(p->language = strdup("vi")))
		return nomem(ld);
	return true;
}

/* ---- abbreviations ---- */

static bool read_abbrevs(struct ld *ld, const struct obj *top, int k)
{
	const yt_node *map;
	char buf[CLIP_BUF];
	kh_plan *p = ld->plan;
	if (!get(ld, top, k, false, &map))
		return false;
	if (!map)
		return true;
	if (map->type != YT_MAP)
		return fail(ld, map, _("\"abbreviations\" must be a mapping "
				       "of short form: long form, found %s"),
			    yt_type_name(map->type));
	if (!map->len)
		return true;
	p->abbrevs = calloc(map->len, sizeof *p->abbrevs);
	if (!p->abbrevs)
		return nomem(ld);
	p->n_abbrevs = map->len;
	for (size_t i = 0; i < map->len; i++) {
		const yt_node *kn = map->kids[2 * i];
		const yt_node *vn = map->kids[2 * i + 1];
		kh_abbrev *a = &p->abbrevs[i];
		if (is_blank(kn->text))
			return fail(ld, kn,
				    _("an abbreviation must not be empty"));
		if (vn->type != YT_SCALAR)
			return fail(ld, vn, _("abbreviation \"%s\" must "
					      "stand for text, found %s"),
				    clip(kn->text, buf),
				    yt_type_name(vn->type));
		if (is_blank(vn->text))
			return fail(ld, vn, _("abbreviation \"%s\" has no "
					      "long form"),
				    clip(kn->text, buf));
		if (!(a->short_form = nfc_copy(ld, kn)) ||
		    !(a->long_form = nfc_copy(ld, vn)))
			return false;
	}
	return true;
}

/* ---- periods ---- */

enum { R_ID, R_LABEL, R_FROM, R_CUTOFF, R_DEADLINE, R_N };
static const char *const period_keys[] = {"id", "label", "from", "cutoff",
					  "deadline"};

/* Periods with their file position, so equal cut-offs keep file order
 * (qsort is not stable). */
struct period_at {
	kh_period period;
	size_t at;
};

static int cmp_period(const void *a, const void *b)
{
	const struct period_at *x = a, *y = b;
	if (x->period.cutoff != y->period.cutoff)
		return x->period.cutoff < y->period.cutoff ? -1 : 1;
	return (x->at > y->at) - (x->at < y->at);
}

static bool sort_periods(struct ld *ld)
{
	kh_plan *p = ld->plan;
	struct period_at *tmp = malloc(p->n_periods * sizeof *tmp);
	if (!tmp)
		return nomem(ld);
	for (size_t i = 0; i < p->n_periods; i++)
		tmp[i] = (struct period_at){p->periods[i], i};
	qsort(tmp, p->n_periods, sizeof *tmp, cmp_period);
	for (size_t i = 0; i < p->n_periods; i++)
		p->periods[i] = tmp[i].period;
	free(tmp);
	return true;
}

static bool read_periods(struct ld *ld, const struct obj *top, int k)
{
	const yt_node *list;
	kh_plan *p = ld->plan;
	char a[KH_DATE_ISO_LEN], b[KH_DATE_ISO_LEN];
	if (!get_list(ld, top, k, true, N_("periods"), N_("period"), &list))
		return false;
	p->periods = calloc(list->len, sizeof *p->periods);
	ld->period_ids = kh_idmap_new(list->len);
	ld->ix->periods = kh_idmap_new(list->len);
	if (!p->periods || !ld->period_ids || !ld->ix->periods)
		return nomem(ld);
	p->n_periods = list->len;
	bool sorted = true;
	for (size_t i = 0; i < list->len; i++) {
		kh_period *r = &p->periods[i];
		struct slot s[R_N];
		struct obj o;
		const yt_node *idn, *fromn, *cutn, *deadn;
		if (!read_obj(ld, &o, list->kids[i], period_keys, R_N, s,
			      N_("period")) ||
		    !get_id(ld, &o, R_ID, &r->id, &idn) ||
		    !claim_id(ld, ld->period_ids, r->id, idn, N_("period")) ||
		    !get_text(ld, &o, R_LABEL, true, &r->label) ||
		    !get_date(ld, &o, R_FROM, true, &r->from, &fromn) ||
		    !get_date(ld, &o, R_CUTOFF, true, &r->cutoff, &cutn) ||
		    !get_date(ld, &o, R_DEADLINE, true, &r->deadline, &deadn))
			return false;
		if (r->from > r->cutoff)
			return fail(ld, fromn, _("\"from\" (%s) is after the "
						 "cutoff (%s)"),
				    date_str(r->from, a),
				    date_str(r->cutoff, b));
		if (!inside_plan(ld, r->cutoff))
			return outside_plan(ld, cutn, N_("cutoff date"),
					    r->cutoff);
		if (r->deadline < r->cutoff)
			return fail(ld, deadn, _("deadline %s is before the "
						 "cutoff %s"),
				    date_str(r->deadline, a),
				    date_str(r->cutoff, b));
		if (i && r->cutoff < r[-1].cutoff)
			sorted = false;
	}
	if (!sorted && !sort_periods(ld))
		return false;
	for (size_t i = 0; i < p->n_periods; i++)
		if (kh_idmap_put(ld->ix->periods, p->periods[i].id,
				 &p->periods[i], NULL) < 0)
			return nomem(ld);
	return true;
}

/* ---- sections, tasks, targets ---- */

static bool get_lead(struct ld *ld, const struct obj *o, int k,
		     bool required, const kh_unit **out)
{
	const yt_node *v;
	if (!get(ld, o, k, required, &v))
		return false;
	return !v || unit_ref(ld, v, o->keys[k], out);
}

/* The first sentence of text: up to the first ". " (or "." at a line's
 * or the text's end), without the period; an ellipsis does not end it. */
static char *first_sentence(struct ld *ld, const char *text)
{
	const char *end = NULL;
	for (const char *p = text; *p && !end; p++) {
		if (*p != '.')
			continue;
		const char *q = p;
		while (*q == '.')
			q++;
		if (q - p == 1 && (*q == ' ' || *q == '\n' || *q == '\0'))
			end = p;
		p = q - 1;
	}
	if (!end)
		end = text + strlen(text);
	while (end > text && strchr(" \t\r\n", end[-1]))
		end--;
	if (end == text)
		end = text + strlen(text);
	size_t n = (size_t)(end - text);
	char *s = malloc(n + 1);
	if (!s) {
		nomem(ld);
		return NULL;
	}
	memcpy(s, text, n);
	s[n] = '\0';
	return s;
}

enum { C_DATE, C_PERCENT, C_VALUE, C_N };
static const char *const checkpoint_keys[] = {"date", "percent", "value"};

enum {
	T_ID, T_KIND, T_TEXT, T_LEAD, T_SUPPORT, T_START, T_DUE, T_MEASURE,
	T_MIN, T_MAX, T_WHOLE, T_CHECKPOINTS, T_N
};
static const char *const target_keys[] = {
	"id", "kind", "text", "lead", "support", "start", "due", "measure",
	"min", "max", "whole", "checkpoints"};

static bool read_checkpoint(struct ld *ld, kh_target *t, size_t i,
			    const yt_node *map)
{
	struct slot s[C_N];
	struct obj o;
	const yt_node *daten, *pn, *vn;
	double pct = 0, val = 0;
	char a[KH_DATE_ISO_LEN], b[KH_DATE_ISO_LEN], c[KH_DATE_ISO_LEN];
	char n1[32], n2[32], buf[CLIP_BUF];
	kh_checkpoint *cp = &t->checkpoints[i];
	if (!read_obj(ld, &o, map, checkpoint_keys, C_N, s, N_("checkpoint")))
		return false;
	snprintf(o.name, sizeof o.name, _("checkpoint %zu of target \"%s\""),
		 i + 1, clip(t->id, buf));
	o.named = true;
	if (!get_date(ld, &o, C_DATE, true, &cp->date, &daten) ||
	    !get_number(ld, &o, C_PERCENT, false, &pct, &pn) ||
	    !get_number(ld, &o, C_VALUE, false, &val, &vn))
		return false;
	if (!pn && !vn)
		return fail(ld, map, _("%s needs \"percent\" or \"value\""),
			    o.name);
	if (pn && vn) {
		const yt_node *later = s[C_PERCENT].key->line >
					       s[C_VALUE].key->line ||
					       (s[C_PERCENT].key->line ==
							s[C_VALUE].key->line &&
						s[C_PERCENT].key->col >
							s[C_VALUE].key->col)
				       ? s[C_PERCENT].key
				       : s[C_VALUE].key;
		return fail(ld, later, _("a checkpoint takes \"percent\" or "
					 "\"value\", not both"));
	}
	if (pn && pct > 100)
		return fail(ld, pn, _("\"percent\" (%s) is more than 100"),
			    num_str(pct, n1));
	if (vn && val > t->min)
		return fail(ld, vn,
			    _("checkpoint value %s is more than min (%s)"),
			    num_str(val, n1), num_str(t->min, n2));
	cp->value = pn ? pct / 100 * t->min : val;
	if (cp->date <= t->start || cp->date >= t->due)
		return fail(ld, daten, _("checkpoint date %s must be strictly "
					 "between the target's start (%s) and "
					 "due date (%s)"),
			    date_str(cp->date, a), date_str(t->start, b),
			    date_str(t->due, c));
	if (i && cp->date <= cp[-1].date)
		return fail(ld, daten, _("checkpoint dates must increase: %s "
					 "is not after %s"),
			    date_str(cp->date, a),
			    date_str(cp[-1].date, b));
	if (i && cp->value < cp[-1].value)
		return fail(ld, pn ? pn : vn, _("checkpoint value %s is less "
						"than the one before (%s)"),
			    num_str(cp->value, n1),
			    num_str(cp[-1].value, n2));
	return true;
}

static bool whole_number(struct ld *ld, const yt_node *at, const char *key,
			 double v)
{
	char n[32];
	if (!at || v == floor(v))
		return true;
	return fail(ld, at, _("%s (%s) is not a whole number; add \"whole: "
			      "false\" for a figure with decimals"),
		    key, num_str(v, n));
}

static bool read_quantity(struct ld *ld, const struct obj *o, kh_target *t)
{
	const yt_node *minn, *maxn, *list;
	char n1[32], n2[32];
	t->whole = true;
	if (!get_text(ld, o, T_MEASURE, true, &t->measure) ||
	    !get_number(ld, o, T_MIN, true, &t->min, &minn))
		return false;
	t->max = t->min;
	if (!get_number(ld, o, T_MAX, false, &t->max, &maxn) ||
	    !get_bool(ld, o, T_WHOLE, &t->whole))
		return false;
	if (maxn && t->max < t->min)
		return fail(ld, maxn, _("min (%s) is greater than max (%s)"),
			    num_str(t->min, n1), num_str(t->max, n2));
	if (t->whole && (!whole_number(ld, minn, "min", t->min) ||
			 !whole_number(ld, maxn, "max", t->max)))
		return false;
	if (!get_list(ld, o, T_CHECKPOINTS, false, N_("checkpoints"),
		      N_("checkpoint"), &list))
		return false;
	if (!list || !list->len)
		return true;
	t->checkpoints = calloc(list->len, sizeof *t->checkpoints);
	if (!t->checkpoints)
		return nomem(ld);
	t->n_checkpoints = list->len;
	for (size_t i = 0; i < list->len; i++)
		if (!read_checkpoint(ld, t, i, list->kids[i]))
			return false;
	return true;
}

static bool read_kind(struct ld *ld, const struct obj *o, kh_target *t)
{
	const yt_node *v;
	char buf[CLIP_BUF];
	if (!get(ld, o, T_KIND, true, &v) ||
	    !want_scalar(ld, o, T_KIND, v, N_("a kind")))
		return false;
	for (int k = KH_KIND_QUANTITY; k <= KH_KIND_ONGOING; k++) {
		if (strcmp(v->text, kh_kind_name((kh_kind)k)) == 0) {
			t->kind = (kh_kind)k;
			return true;
		}
	}
	return fail(ld, v, _("unknown kind \"%s\" (expected quantity, "
			     "milestone or ongoing)"),
		    clip(v->text, buf));
}

static bool add_target(struct ld *ld, kh_target *t)
{
	kh_plan *p = ld->plan;
	if (p->n_targets == ld->cap_targets) {
		size_t cap = ld->cap_targets ? ld->cap_targets * 2 : 64;
		kh_target **a = realloc(p->targets, cap * sizeof *a);
		if (!a)
			return nomem(ld);
		p->targets = a;
		ld->cap_targets = cap;
	}
	t->index = p->n_targets;
	p->targets[p->n_targets++] = t;
	return true;
}

/* Task and target ids share one namespace: a command naming an id must
 * never be ambiguous.  kind and other_kind are N_() words. */
static bool claim_shared(struct ld *ld, kh_idmap *other, const char *id,
			 const yt_node *node, const char *kind,
			 const char *other_kind)
{
	const yt_node *first = kh_idmap_get(other, id);
	char buf[CLIP_BUF];
	if (first)
		return fail(ld, node, _("%s id \"%s\" is already the id of a "
					"%s (line %d)"),
			    _(kind), clip(id, buf), _(other_kind),
			    first->line);
	return true;
}

static bool read_target(struct ld *ld, kh_task *task, kh_target *t,
			const yt_node *map)
{
	kh_plan *p = ld->plan;
	struct slot s[T_N];
	struct obj o;
	const yt_node *idn, *startn, *duen;
	char a[KH_DATE_ISO_LEN], b[KH_DATE_ISO_LEN], buf[CLIP_BUF];
	bool given;
	t->task = task;
	t->line = map->line;
	if (!add_target(ld, t) ||
	    !read_obj(ld, &o, map, target_keys, T_N, s, N_("target")) ||
	    !get_id(ld, &o, T_ID, &t->id, &idn) ||
	    !claim_shared(ld, ld->task_ids, t->id, idn, N_("target"),
				 N_("task")) ||
	    !claim_id(ld, ld->target_ids, t->id, idn, N_("target")))
		return false;
	if (kh_idmap_put(ld->ix->targets, t->id, t, NULL) < 0)
		return nomem(ld);
	if (!read_kind(ld, &o, t))
		return false;
	if (t->kind == KH_KIND_QUANTITY)
		name_obj(&o, N_("quantity target"));
	if (!get_text(ld, &o, T_TEXT, true, &t->text))
		return false;
	static const int quantity_only[] = {T_MEASURE, T_MIN, T_MAX, T_WHOLE,
					    T_CHECKPOINTS};
	for (size_t i = 0; t->kind != KH_KIND_QUANTITY && i < 5; i++) {
		const yt_node *key = s[quantity_only[i]].key;
		if (key && t->kind == KH_KIND_MILESTONE)
			return fail(ld, key, _("\"%s\" is only for quantity "
					       "targets (\"%s\" is a "
					       "milestone)"),
				    key->text, clip(t->id, buf));
		if (key)
			return fail(ld, key, _("\"%s\" is only for quantity "
					       "targets (\"%s\" is ongoing)"),
				    key->text, clip(t->id, buf));
	}
	t->lead = task->lead;
	if (!get_lead(ld, &o, T_LEAD, false, &t->lead) ||
	    !get_support(ld, &o, T_SUPPORT, &t->support, &t->n_support,
			 &given) ||
	    (!given && !copy_support(ld, task->support, task->n_support,
				     &t->support, &t->n_support)))
		return false;
	t->start = p->start;
	t->due = p->end;
	if (!get_date(ld, &o, T_START, false, &t->start, &startn) ||
	    !get_date(ld, &o, T_DUE, false, &t->due, &duen))
		return false;
	if (startn && !inside_plan(ld, t->start))
		return outside_plan(ld, startn, N_("start date"), t->start);
	if (duen && !inside_plan(ld, t->due))
		return outside_plan(ld, duen, N_("due date"), t->due);
	if (t->due <= t->start)
		return fail(ld, duen ? duen : startn, _("due date %s must be "
							"after the start date "
							"%s"),
			    date_str(t->due, a),
			    date_str(t->start, b));
	return t->kind != KH_KIND_QUANTITY || read_quantity(ld, &o, t);
}

enum { K_ID, K_TITLE, K_TEXT, K_LEAD, K_SUPPORT, K_TARGETS, K_N };
static const char *const task_keys[] = {"id", "title", "text", "lead",
					"support", "targets"};

static bool read_task(struct ld *ld, kh_section *sec, kh_task *k,
		      const yt_node *map)
{
	struct slot s[K_N];
	struct obj o;
	const yt_node *idn, *list;
	bool given;
	k->section = sec;
	k->index = ld->plan->n_tasks++;
	if (!read_obj(ld, &o, map, task_keys, K_N, s, N_("task")) ||
	    !get_id(ld, &o, K_ID, &k->id, &idn) ||
	    !claim_shared(ld, ld->target_ids, k->id, idn, N_("task"),
				 N_("target")) ||
	    !claim_id(ld, ld->task_ids, k->id, idn, N_("task")) ||
	    !get_text(ld, &o, K_TEXT, true, &k->text) ||
	    !get_text(ld, &o, K_TITLE, false, &k->title))
		return false;
	if (!k->title && !(k->title = first_sentence(ld, k->text)))
		return false;
	k->lead = sec->lead;
	if (!get_lead(ld, &o, K_LEAD, false, &k->lead) ||
	    !get_support(ld, &o, K_SUPPORT, &k->support, &k->n_support,
			 &given) ||
	    (!given && !copy_support(ld, sec->support, sec->n_support,
				     &k->support, &k->n_support)) ||
	    !get_list(ld, &o, K_TARGETS, true, N_("targets"), N_("target"),
		      &list))
		return false;
	k->targets = calloc(list->len, sizeof *k->targets);
	if (!k->targets)
		return nomem(ld);
	k->n_targets = list->len;
	for (size_t i = 0; i < list->len; i++)
		if (!read_target(ld, k, &k->targets[i], list->kids[i]))
			return false;
	return true;
}

enum { S_ID, S_TITLE, S_BASIS, S_LEAD, S_SUPPORT, S_TASKS, S_N };
static const char *const section_keys[] = {"id", "title", "basis", "lead",
					   "support", "tasks"};

static bool read_section(struct ld *ld, kh_section *sec, const yt_node *map)
{
	struct slot s[S_N];
	struct obj o;
	const yt_node *idn, *list;
	bool given;
	if (!read_obj(ld, &o, map, section_keys, S_N, s, N_("section")) ||
	    !get_id(ld, &o, S_ID, &sec->id, &idn) ||
	    !claim_id(ld, ld->section_ids, sec->id, idn, N_("section")) ||
	    !get_text(ld, &o, S_TITLE, true, &sec->title) ||
	    !get_text(ld, &o, S_BASIS, false, &sec->basis) ||
	    !get_lead(ld, &o, S_LEAD, true, &sec->lead) ||
	    !get_support(ld, &o, S_SUPPORT, &sec->support, &sec->n_support,
			 &given) ||
	    !get_list(ld, &o, S_TASKS, true, N_("tasks"), N_("task"), &list))
		return false;
	sec->tasks = calloc(list->len, sizeof *sec->tasks);
	if (!sec->tasks)
		return nomem(ld);
	sec->n_tasks = list->len;
	for (size_t i = 0; i < list->len; i++)
		if (!read_task(ld, sec, &sec->tasks[i], list->kids[i]))
			return false;
	return true;
}

/* The value of key in a mapping node, or NULL. */
static const yt_node *map_value(const yt_node *map, const char *key)
{
	if (map->type != YT_MAP)
		return NULL;
	for (size_t i = 0; i < map->len; i++)
		if (strcmp(map->kids[2 * i]->text, key) == 0)
			return map->kids[2 * i + 1];
	return NULL;
}

/* How many tasks and targets the sections list, as far as its shape
 * says: sizes the id tables once instead of growing them step by step. */
static void count_ids(const yt_node *list, size_t *tasks, size_t *targets)
{
	*tasks = *targets = 0;
	for (size_t i = 0; i < list->len; i++) {
		const yt_node *tl = map_value(list->kids[i], "tasks");
		if (!tl || tl->type != YT_SEQ)
			continue;
		*tasks += tl->len;
		for (size_t j = 0; j < tl->len; j++) {
			const yt_node *gl = map_value(tl->kids[j], "targets");
			if (gl && gl->type == YT_SEQ)
				*targets += gl->len;
		}
	}
}

static bool read_sections(struct ld *ld, const struct obj *top, int k)
{
	const yt_node *list;
	kh_plan *p = ld->plan;
	if (!get_list(ld, top, k, true, N_("sections"), N_("section"),
		      &list))
		return false;
	size_t n_tasks, n_targets;
	count_ids(list, &n_tasks, &n_targets);
	p->sections = calloc(list->len, sizeof *p->sections);
	ld->section_ids = kh_idmap_new(list->len);
	ld->task_ids = kh_idmap_new(n_tasks);
	ld->target_ids = kh_idmap_new(n_targets);
	ld->ix->targets = kh_idmap_new(n_targets);
	if (!p->sections || !ld->section_ids || !ld->task_ids ||
	    !ld->target_ids || !ld->ix->targets)
		return nomem(ld);
	p->n_sections = list->len;
	for (size_t i = 0; i < list->len; i++) {
		p->sections[i].index = i;
		if (!read_section(ld, &p->sections[i], list->kids[i]))
			return false;
	}
	return true;
}

/* ---- the whole file ---- */

enum { TOP_PLAN, TOP_ABBREVIATIONS, TOP_UNITS, TOP_PERIODS, TOP_SECTIONS,
       TOP_N };
static const char *const top_keys[] = {"plan", "abbreviations", "units",
				       "periods", "sections"};

static bool read_file(struct ld *ld, const yt_node *root)
{
	struct slot s[TOP_N];
	struct obj o;
	const yt_node *header;
	if (is_null(root))
		return fail(ld, root, _("no plan in this file"));
	if (root->type != YT_MAP)
		return fail(ld, root, _("the file must be a mapping with the "
					"keys plan, units, periods and "
					"sections (found %s)"),
			    yt_type_name(root->type));
	/* Read in dependency order: dates first, then the units the
	 * sections name. */
	return read_obj(ld, &o, root, top_keys, TOP_N, s, "") &&
	       get(ld, &o, TOP_PLAN, true, &header) &&
	       read_header(ld, header) &&
	       read_abbrevs(ld, &o, TOP_ABBREVIATIONS) &&
	       read_units(ld, &o, TOP_UNITS) &&
	       read_periods(ld, &o, TOP_PERIODS) &&
	       read_sections(ld, &o, TOP_SECTIONS);
}

/* Validate a parsed document into a plan; frees doc. */
static kh_plan *load_doc(const char *name, yt_doc *doc, const yt_node *root,
			 kh_error *err)
{
	struct ld ld = {.file = name, .err = err};
	ld.plan = calloc(1, sizeof *ld.plan);
	ld.ix = calloc(1, sizeof *ld.ix);
	bool ok;
	if (!ld.plan || !ld.ix) {
		free(ld.plan);
		free(ld.ix);
		ld.plan = NULL;
		ok = nomem(&ld);
	} else {
		ld.plan->index = ld.ix;
		ld.plan->file = strdup(name);
		ok = ld.plan->file ? read_file(&ld, root) : nomem(&ld);
	}
	kh_idmap_free(ld.unit_ids);
	kh_idmap_free(ld.period_ids);
	kh_idmap_free(ld.section_ids);
	kh_idmap_free(ld.task_ids);
	kh_idmap_free(ld.target_ids);
	free(ld.unit_mark);
	yt_free(doc);
	if (!ok) {
		plan_free(ld.plan);
		return NULL;
	}
	return ld.plan;
}

kh_plan *plan_load_buffer(const char *name, const char *data, size_t len,
			  kh_error *err)
{
	const yt_node *root;
	kh_error_clear(err);
	if (!name)
		name = "(plan)";
	yt_doc *doc = yt_parse(name, data, len, &root, err);
	return doc ? load_doc(name, doc, root, err) : NULL;
}

/* Read the whole file, refusing more than YT_MAX_INPUT bytes before
 * reading them. */
static char *read_capped(const char *path, size_t *len, kh_error *err)
{
	kh_read_fail why;
	int e;
	char *buf = read_file_capped(path, YT_MAX_INPUT, len, &why, &e);
	if (buf)
		return buf;
	switch (why) {
	case KH_READ_OPEN:
		kh_error_set_at(err, KH_EIO, path, 0, 0, _("cannot open: %s"),
				strerror(e));
		break;
	case KH_READ_DIR:
	case KH_READ_ERROR:
		kh_error_set_at(err, KH_EIO, path, 0, 0, _("cannot read: %s"),
				strerror(e));
		break;
	case KH_READ_BIG:
		kh_error_set_at(err, KH_EINPUT, path, 0, 0,
				_("file is larger than 256 MiB"));
		break;
	case KH_READ_NOMEM:
		kh_error_set(err, KH_ENOMEM, _("out of memory reading %s"),
			     path);
		break;
	}
	return NULL;
}

kh_plan *plan_load(const char *path, kh_error *err)
{
	size_t len = 0;
	kh_error_clear(err);
	if (!path) {
		kh_error_set(err, KH_EIO, _("no plan file given"));
		return NULL;
	}
	char *data = read_capped(path, &len, err);
	if (!data)
		return NULL;
	/* The tree holds copies of everything: let the file go before the
	 * plan is built, so the two never take memory at once. */
	const yt_node *root;
	yt_doc *doc = yt_parse(path, data, len, &root, err);
	free(data);
	return doc ? load_doc(path, doc, root, err) : NULL;
}
