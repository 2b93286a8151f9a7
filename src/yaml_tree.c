/* libyaml events -> a small node tree with the limits of yaml_tree.h.
 *
 * The event API is used rather than the document API because libyaml's cost
 * grows with the square of the nesting depth and it has no depth limit of
 * its own: counting depth on each event lets a hostile "[[[[..." fail after
 * a few dozen events.  Nodes and their texts are carved from an arena so a
 * 100,000-target plan does not cost millions of mallocs. */
#include "yaml_tree.h"
#include "utf8_cut.h"

#include "kehoach/i18n.h"

#include <stdalign.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <yaml.h>

#define ARENA_CHUNK (64 * 1024)

struct chunk {
	struct chunk *next;
	size_t used, size;
	max_align_t data[];
};

struct yt_doc {
	struct chunk *chunks;
};

/* A collection being built: its children sit on the shared kid stack from
 * index first up. */
struct open_node {
	yt_node *node;
	size_t first;
};

struct builder {
	yt_doc *doc;
	const char *name;
	const char *data;
	size_t len;
	kh_error *err;
	struct open_node open[YT_MAX_DEPTH];
	int depth;
	yt_node **kids;
	size_t n_kids, cap_kids;
	const yt_node *root;
};

bool yt_vfail(kh_error *err, const char *file, const yt_node *at,
	      const char *fmt, va_list ap)
{
	/* Longer than the error's text: kh_error_set_at then cuts it at a
	 * character boundary. */
	char msg[sizeof err->msg + 8];
	vsnprintf(msg, sizeof msg, fmt, ap);
	kh_error_set_at(err, KH_EINPUT, file, at ? at->line : 1,
			at ? at->col : 1, "%s", msg);
	return false;
}

const char *yt_type_name(yt_type type)
{
	switch (type) {
	case YT_SCALAR:
		return _("text");
	case YT_SEQ:
		return _("a list");
	case YT_MAP:
		return _("a mapping");
	}
	return "?";
}

static void *arena_alloc(yt_doc *doc, size_t size)
{
	size_t align = alignof(yt_node *);
	size = (size + align - 1) / align * align;
	struct chunk *c = doc->chunks;
	if (!c || c->size - c->used < size) {
		size_t cap = size > ARENA_CHUNK ? size : ARENA_CHUNK;
		c = malloc(sizeof *c + cap);
		if (!c)
			return NULL;
		c->size = cap;
		c->used = 0;
		c->next = doc->chunks;
		doc->chunks = c;
	}
	void *p = (char *)c->data + c->used;
	c->used += size;
	return p;
}

void yt_free(yt_doc *doc)
{
	if (!doc)
		return;
	struct chunk *c = doc->chunks;
	while (c) {
		struct chunk *next = c->next;
		free(c);
		c = next;
	}
	free(doc);
}

/* Length in bytes of the line break starting at p (libyaml's set: CR LF,
 * CR, LF, NEL, LS, PS), 0 if none. */
static size_t break_len(const unsigned char *p, size_t left)
{
	if (p[0] == '\r')
		return left > 1 && p[1] == '\n' ? 2 : 1;
	if (p[0] == '\n')
		return 1;
	if (left > 1 && p[0] == 0xc2 && p[1] == 0x85)
		return 2;
	if (left > 2 && p[0] == 0xe2 && p[1] == 0x80 &&
	    (p[2] == 0xa8 || p[2] == 0xa9))
		return 3;
	return 0;
}

/* 1-based line and column (in characters) of byte offset off. */
static void offset_to_mark(const char *data, size_t len, size_t off,
			   int *line, int *col)
{
	const unsigned char *s = (const unsigned char *)data;
	if (off > len)
		off = len;
	long ln = 1;
	size_t start = 0;
	for (size_t i = 0; i < off;) {
		size_t b = break_len(s + i, len - i);
		if (b && i + b <= off) {
			i += b;
			ln++;
			start = i;
		} else {
			i++;
		}
	}
	long c = 1;
	for (size_t i = start; i < off; i++)
		if ((s[i] & 0xc0) != 0x80)
			c++;
	*line = ln > INT32_MAX ? INT32_MAX : (int)ln;
	*col = c > INT32_MAX ? INT32_MAX : (int)c;
}

/* Byte at 0-based line and character column, or -1 past the end. */
static int byte_at_mark(const char *data, size_t len, size_t line,
			size_t col)
{
	const unsigned char *s = (const unsigned char *)data;
	size_t i = 0;
	while (line > 0 && i < len) {
		size_t b = break_len(s + i, len - i);
		i += b ? b : 1;
		if (b)
			line--;
	}
	while (col > 0 && i < len) {
		i++;
		while (i < len && (s[i] & 0xc0) == 0x80)
			i++;
		col--;
	}
	return i < len ? s[i] : -1;
}

static int mark_num(size_t zero_based)
{
	return zero_based >= INT32_MAX ? INT32_MAX : (int)zero_based + 1;
}

static bool fail_at(struct builder *b, const yaml_mark_t *m, const char *msg)
{
	kh_error_set_at(b->err, KH_EINPUT, b->name, mark_num(m->line),
			mark_num(m->column), "%s", msg);
	return false;
}

static void reader_failure(struct builder *b, const yaml_parser_t *p)
{
	size_t off = p->problem_offset;
	const unsigned char *s = (const unsigned char *)b->data;
	char msg[256];
	if (off >= b->len) {
		snprintf(msg, sizeof msg, "%s",
			 _("invalid UTF-8 (the file ends inside a character); "
			   "save the file as UTF-8"));
	} else if (strstr(p->problem, "control")) {
		/* libyaml refuses C0/C1 controls, DEL and U+FFFE/U+FFFF in
		 * the raw text; NUL usually means a binary file. */
		if (p->problem_value == 0)
			snprintf(msg, sizeof msg, "%s",
				 _("NUL byte in the file (is it a binary "
				   "file?)"));
		else if (p->problem_value < 0xa0)
			snprintf(msg, sizeof msg,
				 _("control character U+%04X is not allowed"),
				 (unsigned)p->problem_value);
		else
			snprintf(msg, sizeof msg,
				 _("character U+%04X is not allowed"),
				 (unsigned)p->problem_value);
	} else {
		/* For a bad continuation byte libyaml points past the lead
		 * byte; point at the lead byte, where the character starts. */
		if (strstr(p->problem, "trailing")) {
			size_t back = 0;
			while (back < 3 && off > 0 &&
			       (s[off - 1] & 0xc0) == 0x80) {
				off--;
				back++;
			}
			if (off > 0 && (s[off - 1] & 0xc0) == 0xc0)
				off--;
		}
		snprintf(msg, sizeof msg,
			 _("invalid UTF-8 (byte 0x%02x); save the file as "
			   "UTF-8"),
			 s[off]);
	}
	int line, col;
	offset_to_mark(b->data, b->len, off, &line, &col);
	kh_error_set_at(b->err, KH_EINPUT, b->name, line, col, "%s", msg);
}

static void syntax_failure(struct builder *b, const yaml_parser_t *p)
{
	const yaml_mark_t *m = &p->problem_mark;
	int c = byte_at_mark(b->data, b->len, m->line, m->column);
	const char *problem = p->problem ? p->problem : "syntax error";
	if (c == '\t' || strstr(problem, "tab")) {
		kh_error_set_at(b->err, KH_EINPUT, b->name, mark_num(m->line),
				mark_num(m->column),
				_("tab character used for indentation "
				  "(indent with spaces)"));
		return;
	}
	if (p->context) {
		kh_error_set_at(b->err, KH_EINPUT, b->name, mark_num(m->line),
				mark_num(m->column),
				_("YAML syntax: %s (%s that started at line "
				  "%d, column %d)"),
				problem, p->context,
				mark_num(p->context_mark.line),
				mark_num(p->context_mark.column));
	} else {
		kh_error_set_at(b->err, KH_EINPUT, b->name, mark_num(m->line),
				mark_num(m->column), _("YAML syntax: %s"),
				problem);
	}
}

static void libyaml_failure(struct builder *b, const yaml_parser_t *p)
{
	switch (p->error) {
	case YAML_MEMORY_ERROR:
		kh_error_set(b->err, KH_ENOMEM,
			     _("out of memory while reading %s"), b->name);
		break;
	case YAML_READER_ERROR:
		reader_failure(b, p);
		break;
	default:
		syntax_failure(b, p);
		break;
	}
}

static bool nomem(struct builder *b)
{
	kh_error_set(b->err, KH_ENOMEM, _("out of memory while reading %s"),
		     b->name);
	return false;
}

static bool push_kid(struct builder *b, yt_node *n)
{
	if (b->depth == 0) {
		b->root = n;
		return true;
	}
	if (b->n_kids == b->cap_kids) {
		size_t cap = b->cap_kids ? b->cap_kids * 2 : 256;
		yt_node **k = realloc(b->kids, cap * sizeof *k);
		if (!k)
			return nomem(b);
		b->kids = k;
		b->cap_kids = cap;
	}
	b->kids[b->n_kids++] = n;
	return true;
}

static yt_node *new_node(struct builder *b, yt_type type,
			 const yaml_mark_t *m)
{
	yt_node *n = arena_alloc(b->doc, sizeof *n);
	if (!n) {
		nomem(b);
		return NULL;
	}
	memset(n, 0, sizeof *n);
	n->type = type;
	n->line = mark_num(m->line);
	n->col = mark_num(m->column);
	return n;
}

/* Anchors and tags are refused wherever they appear: aliases would turn
 * the tree into a graph (billion laughs, cycles) and tags mean nothing in a
 * plan. */
static bool check_props(struct builder *b, const yaml_event_t *ev,
			const yaml_char_t *anchor, const yaml_char_t *tag)
{
	if (anchor)
		return fail_at(b, &ev->start_mark,
			       _("aliases and anchors are not supported"));
	if (tag)
		return fail_at(b, &ev->start_mark,
			       _("tags (such as !!str) are not supported"));
	return true;
}

static bool add_scalar(struct builder *b, const yaml_event_t *ev)
{
	const char *v = (const char *)ev->data.scalar.value;
	size_t len = ev->data.scalar.length;
	if (!check_props(b, ev, ev->data.scalar.anchor, ev->data.scalar.tag))
		return false;
	if (len > YT_MAX_SCALAR)
		return fail_at(b, &ev->start_mark,
			       _("text longer than 64 KiB"));
	/* Escapes in double quotes can still produce control characters. */
	for (size_t i = 0; i < len; i++) {
		unsigned char c = (unsigned char)v[i];
		if ((c < 0x20 && c != '\t' && c != '\n' && c != '\r') ||
		    c == 0x7f) {
			kh_error_set_at(b->err, KH_EINPUT, b->name,
					mark_num(ev->start_mark.line),
					mark_num(ev->start_mark.column),
					_("control character U+%04X in text "
					  "is not allowed"),
					c);
			return false;
		}
	}
	yt_node *n = new_node(b, YT_SCALAR, &ev->start_mark);
	if (!n)
		return false;
	n->plain = ev->data.scalar.style == YAML_PLAIN_SCALAR_STYLE;
	n->len = len;
	n->text = arena_alloc(b->doc, len + 1);
	if (!n->text)
		return nomem(b);
	memcpy(n->text, v, len);
	n->text[len] = '\0';
	return push_kid(b, n);
}

static bool open_collection(struct builder *b, const yaml_event_t *ev,
			    yt_type type, const yaml_char_t *anchor,
			    const yaml_char_t *tag)
{
	if (!check_props(b, ev, anchor, tag))
		return false;
	if (b->depth >= YT_MAX_DEPTH)
		return fail_at(b, &ev->start_mark,
			       _("nesting deeper than 32 levels"));
	yt_node *n = new_node(b, type, &ev->start_mark);
	if (!n || !push_kid(b, n))
		return false;
	b->open[b->depth].node = n;
	b->open[b->depth].first = b->n_kids;
	b->depth++;
	return true;
}

static int cmp_keys(const void *a, const void *b)
{
	const yt_node *x = *(const yt_node *const *)a;
	const yt_node *y = *(const yt_node *const *)b;
	if (x->len != y->len)
		return x->len < y->len ? -1 : 1;
	int c = memcmp(x->text, y->text, x->len);
	if (c)
		return c;
	if (x->line != y->line)
		return x->line < y->line ? -1 : 1;
	return (x->col > y->col) - (x->col < y->col);
}

static bool same_key(const yt_node *x, const yt_node *y)
{
	return x->len == y->len && memcmp(x->text, y->text, x->len) == 0;
}

static bool duplicate_key(struct builder *b, const yt_node *first,
			  const yt_node *again)
{
	char key[64];
	/* At most 40 bytes of the key, never half a character. */
	snprintf(key, sizeof key, "%.*s%s", (int)utf8_prefix(again->text, 40),
		 again->text, again->len > 40 ? "..." : "");
	kh_error_set_at(b->err, KH_EINPUT, b->name, again->line, again->col,
			_("duplicate key \"%s\" (first at line %d)"), key,
			first->line);
	return false;
}

/* Keys must be scalars and unique.  Small mappings (every fixed-key one)
 * are compared pairwise; big ones are sorted so a huge abbreviation list
 * stays n log n. */
static bool check_keys(struct builder *b, yt_node **kv, size_t pairs)
{
	for (size_t i = 0; i < pairs; i++) {
		const yt_node *k = kv[2 * i];
		if (k->type != YT_SCALAR) {
			kh_error_set_at(b->err, KH_EINPUT, b->name, k->line,
					k->col, _("a key must be text, not %s"),
					yt_type_name(k->type));
			return false;
		}
	}
	if (pairs <= 16) {
		for (size_t i = 1; i < pairs; i++)
			for (size_t j = 0; j < i; j++)
				if (same_key(kv[2 * j], kv[2 * i]))
					return duplicate_key(b, kv[2 * j],
							     kv[2 * i]);
		return true;
	}
	const yt_node **keys = malloc(pairs * sizeof *keys);
	if (!keys)
		return nomem(b);
	for (size_t i = 0; i < pairs; i++)
		keys[i] = kv[2 * i];
	qsort(keys, pairs, sizeof *keys, cmp_keys);
	/* Report the duplicate that comes first in the file. */
	const yt_node *first = NULL, *again = NULL;
	for (size_t i = 1; i < pairs; i++) {
		if (!same_key(keys[i - 1], keys[i]))
			continue;
		if (!again || keys[i]->line < again->line ||
		    (keys[i]->line == again->line &&
		     keys[i]->col < again->col)) {
			first = keys[i - 1];
			again = keys[i];
		}
	}
	bool ok = !again || duplicate_key(b, first, again);
	free(keys);
	return ok;
}

static bool close_collection(struct builder *b)
{
	struct open_node *o = &b->open[--b->depth];
	size_t n = b->n_kids - o->first;
	yt_node *node = o->node;
	if (n) {
		node->kids = arena_alloc(b->doc, n * sizeof *node->kids);
		if (!node->kids)
			return nomem(b);
		memcpy(node->kids, b->kids + o->first,
		       n * sizeof *node->kids);
	}
	b->n_kids = o->first;
	if (node->type == YT_MAP) {
		node->len = n / 2;
		return check_keys(b, node->kids, node->len);
	}
	node->len = n;
	return true;
}

/* One event; *done is set at the end of the stream. */
static bool on_event(struct builder *b, const yaml_event_t *ev, int *docs,
		     bool *done)
{
	switch (ev->type) {
	case YAML_NO_EVENT:
	case YAML_STREAM_START_EVENT:
	case YAML_DOCUMENT_END_EVENT:
		return true;
	case YAML_STREAM_END_EVENT:
		*done = true;
		return true;
	case YAML_DOCUMENT_START_EVENT:
		if (++*docs > 1)
			return fail_at(b, &ev->start_mark,
			       _("a second YAML document: the file must "
				 "hold exactly one"));
		return true;
	case YAML_ALIAS_EVENT:
		return fail_at(b, &ev->start_mark,
			       _("aliases and anchors are not supported"));
	case YAML_SCALAR_EVENT:
		return add_scalar(b, ev);
	case YAML_SEQUENCE_START_EVENT:
		return open_collection(b, ev, YT_SEQ,
				       ev->data.sequence_start.anchor,
				       ev->data.sequence_start.tag);
	case YAML_MAPPING_START_EVENT:
		return open_collection(b, ev, YT_MAP,
				       ev->data.mapping_start.anchor,
				       ev->data.mapping_start.tag);
	case YAML_SEQUENCE_END_EVENT:
	case YAML_MAPPING_END_EVENT:
		return close_collection(b);
	}
	return true;
}

static bool only_blanks(const char *s, size_t len)
{
	for (size_t i = 0; i < len; i++)
		if (!strchr(" \t\r\n", s[i]))
			return false;
	return true;
}

static bool run_parser(struct builder *b)
{
	yaml_parser_t p;
	if (!yaml_parser_initialize(&p))
		return nomem(b);
	yaml_parser_set_input_string(&p, (const unsigned char *)b->data,
				     b->len);
	/* Never guess UTF-16 from the first bytes of a binary file. */
	yaml_parser_set_encoding(&p, YAML_UTF8_ENCODING);
	int docs = 0;
	bool done = false, ok = true;
	while (ok && !done) {
		yaml_event_t ev;
		if (!yaml_parser_parse(&p, &ev)) {
			libyaml_failure(b, &p);
			ok = false;
			break;
		}
		ok = on_event(b, &ev, &docs, &done);
		yaml_event_delete(&ev);
	}
	yaml_parser_delete(&p);
	return ok;
}

yt_doc *yt_parse(const char *name, const char *data, size_t len,
		 const yt_node **root, kh_error *err)
{
	struct builder b = {.name = name, .data = data ? data : "",
			    .len = data ? len : 0, .err = err};
	*root = NULL;
	if (len > YT_MAX_INPUT) {
		kh_error_set_at(err, KH_EINPUT, name, 0, 0,
				_("file is larger than 256 MiB"));
		return NULL;
	}
	b.doc = calloc(1, sizeof *b.doc);
	if (!b.doc) {
		nomem(&b);
		return NULL;
	}
	bool ok = run_parser(&b);
	free(b.kids);
	if (ok && !b.root) {
		const char *why = only_blanks(b.data, b.len)
					  ? _("file is empty")
					  : _("no plan in this file");
		kh_error_set_at(err, KH_EINPUT, name, 1, 1, "%s", why);
		ok = false;
	}
	if (!ok) {
		yt_free(b.doc);
		return NULL;
	}
	*root = b.root;
	return b.doc;
}
