/* A small YAML document tree, private to the core: the plan loader and
 * the settings file (config.c) read through it.
 *
 * yt_parse() runs libyaml's event parser over a buffer and builds a tree of
 * scalars, sequences and mappings with 1-based line/column marks, refusing
 * what a plan never needs and a hostile file could abuse: nesting deeper
 * than YT_MAX_DEPTH, scalars longer than YT_MAX_SCALAR, anchors, aliases,
 * tags, more than one document, keys that are not scalars, duplicate keys
 * and control characters inside text.  All nodes live in one arena that
 * yt_free() releases at once. */
#ifndef KEHOACH_YAML_TREE_H
#define KEHOACH_YAML_TREE_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>

#include "kehoach/error.h"

#define YT_MAX_DEPTH 32
#define YT_MAX_SCALAR (64 * 1024)
#define YT_MAX_INPUT ((size_t)256 * 1024 * 1024)

typedef enum yt_type {
	YT_SCALAR,
	YT_SEQ,
	YT_MAP,
} yt_type;

typedef struct yt_node yt_node;
struct yt_node {
	yt_type type;
	bool plain;     /* scalar written without quotes or block style */
	int line, col;  /* 1-based, code points from the start of the line */
	size_t len;     /* scalar: bytes; sequence: items; mapping: pairs */
	char *text;     /* scalar: NUL-terminated, no NUL inside */
	yt_node **kids; /* sequence: len items; mapping: k0, v0, k1, v1... */
};

typedef struct yt_doc yt_doc;

/* Parse data[0..len) (named name in messages).  On success *root is the
 * document's root node (never NULL) and the returned tree owns it; on
 * failure returns NULL with err filled (KH_EINPUT with a 1-based location,
 * or KH_ENOMEM). */
yt_doc *yt_parse(const char *name, const char *data, size_t len,
		 const yt_node **root, kh_error *err);

void yt_free(yt_doc *doc);

/* Fill err with KH_EINPUT at node at's place in file (1:1 when at is
 * NULL) and the message; a message longer than the error's text is cut at
 * a character boundary.  Returns false, for `return yt_vfail(...)`. */
bool yt_vfail(kh_error *err, const char *file, const yt_node *at,
	      const char *fmt, va_list ap) __attribute__((format(printf, 4, 0)));

/* "text", "a list" or "a mapping", for messages. */
const char *yt_type_name(yt_type type);

#endif
