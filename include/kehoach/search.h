/* Search that ignores Vietnamese diacritics and case, and knows the plan's
 * short forms: "cong nghe sinh hoc" finds "công nghệ sinh học", "dn khcn"
 * finds "doanh nghiệp KH&CN" when the plan defines DN and KH&CN. */
#ifndef KEHOACH_SEARCH_H
#define KEHOACH_SEARCH_H

#include <stdbool.h>
#include <stddef.h>

#include "kehoach/plan.h"

/* A searchable form of some text (new string, caller frees): the folded
 * text (text_fold), then, for every abbreviation of the plan, its folded
 * short form when the long form occurs and its folded long form when the
 * short form occurs as a word; short forms also without '&' ("khcn").
 * NULL only when out of memory. */
char *kh_search_key(const kh_plan *plan, const char *text);

/* The plan's abbreviations folded once, for building many keys: each key
 * then costs one text_fold() instead of two.  It keeps no pointer into the
 * plan.  plan may be NULL (no abbreviations).  NULL only when out of
 * memory. */
typedef struct kh_searcher kh_searcher;
kh_searcher *kh_searcher_new(const kh_plan *plan);
void kh_searcher_free(kh_searcher *s);

/* Same as kh_search_key() with the searcher's plan (s NULL: no
 * abbreviations). */
char *kh_searcher_key(const kh_searcher *s, const char *text);

/* A compiled query: the folded words of what the user typed. */
typedef struct kh_query {
	char **words;
	size_t n_words;
} kh_query;

/* Fold and split a query into words.  False when out of memory. */
bool kh_query_init(kh_query *q, const char *text);
void kh_query_free(kh_query *q);

/* True when every word of the query occurs in the key (as a substring);
 * an empty query matches nothing. */
bool kh_query_match(const kh_query *q, const char *key);

#endif
