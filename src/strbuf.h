/* A growing string for building text in the core, and the one reader of
 * whole files with a size cap (private). */
#ifndef KEHOACH_STRBUF_H
#define KEHOACH_STRBUF_H

#include <stdbool.h>
#include <stddef.h>

typedef struct kh_strbuf {
	char *p;     /* NUL-terminated once anything was added */
	size_t len, cap;
	bool oom;    /* an allocation failed: later adds do nothing */
} kh_strbuf;

/* Append n bytes of s. */
void strbuf_add(kh_strbuf *b, const char *s, size_t n);

/* The finished string ("" when nothing was added), owned by the caller,
 * or NULL (and everything freed) when out of memory. */
char *strbuf_done(kh_strbuf *b);

/* Why read_file_capped failed; each caller words it for its own file. */
typedef enum kh_read_fail {
	KH_READ_OPEN,  /* it cannot be opened (*errnum) */
	KH_READ_DIR,   /* it is a folder (*errnum EISDIR) */
	KH_READ_ERROR, /* it cannot be read (*errnum) */
	KH_READ_BIG,   /* it holds more than max bytes */
	KH_READ_NOMEM,
} kh_read_fail;

/* The whole file at path, *len bytes (not NUL-terminated), owned by the
 * caller; NULL with *why (and *errnum, 0 for BIG and NOMEM) when it
 * cannot be had.  A regular file larger than max is refused before it is read;
 * anything else (a pipe) is read one byte past max to know. */
char *read_file_capped(const char *path, size_t max, size_t *len,
		       kh_read_fail *why, int *errnum);

#endif
