/* A growing string for building text in the core (private). */
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

#endif
