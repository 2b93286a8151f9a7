/* Search keys and queries (see kehoach/search.h).
 *
 * A key is the folded text followed by extra parts, each on its own line:
 * every form of each abbreviation the text uses (long, short, short without
 * '&'), and the '&'-less spelling of every word holding a '&'.  Query words
 * hold neither spaces nor newlines, so a word can never match across two
 * parts.  '&' is optional on both sides: "khcn" finds "KH&CN" through the
 * key, "kh&cn" finds "khcn" through the query.
 *
 * Folding costs far more than anything else here (utf8proc does the
 * work), so the abbreviations are folded with one text_fold() call for
 * all of them, joined by a private-use separator, and a kh_searcher keeps
 * them folded for building many keys. */
#include "kehoach/search.h"
#include "strbuf.h"

#include <stdlib.h>
#include <string.h>

#include "kehoach/text.h"

/* U+E000 (private use): folding keeps it as it is and never produces it,
 * so it can join the abbreviations for one fold and split them after. */
#define JOIN "\xee\x80\x80"
#define JOIN_LEN 3

/* Parts of a key are joined by a newline, which no query word holds. */
#define PART '\n'

static void buf_str(kh_strbuf *b, const char *s)
{
	strbuf_add(b, s, strlen(s));
}

/* Append s[0..n) without its '&'s. */
static void buf_add_no_amp(kh_strbuf *b, const char *s, size_t n)
{
	size_t i = 0;

	while (i < n) {
		const char *amp = memchr(s + i, '&', n - i);
		size_t end = amp ? (size_t)(amp - s) : n;

		strbuf_add(b, s + i, end - i);
		i = end + 1;
	}
}

/* ---- words in folded text ---------------------------------------------- */

/* Bytes that make up words in folded text: ASCII letters and digits and
 * any non-ASCII byte (letters of other scripts survive folding).  Blanks,
 * '&', '.', '-' and the symbols folding keeps all end a word, so "dn"
 * is a word in "ii.2-dn-khcn" but not in "dnx". */
static bool word_byte(unsigned char c)
{
	return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
	       (c >= 'A' && c <= 'Z') || c >= 0x80;
}

/* Does needle[0..n) occur in hay[0..hay_len) with a word boundary on each
 * side?  n > 0. */
static bool has_word(const char *hay, size_t hay_len, const char *needle,
		     size_t n)
{
	const char *end = hay + hay_len;
	const char *p = hay;

	while ((size_t)(end - p) >= n) {
		p = memchr(p, needle[0], (size_t)(end - p) - n + 1);
		if (!p)
			return false;
		if (memcmp(p, needle, n) == 0 &&
		    (p == hay || !word_byte((unsigned char)p[-1]) ||
		     !word_byte((unsigned char)needle[0])) &&
		    (p + n == end || !word_byte((unsigned char)p[n]) ||
		     !word_byte((unsigned char)needle[n - 1])))
			return true;
		p++;
	}
	return false;
}

/* ---- abbreviations ----------------------------------------------------- */

/* A folded form: a slice of the folded join of all forms. */
struct form {
	const char *p;
	size_t n;
};

/* One abbreviation folded: short form, long form, short form without its
 * '&'s (empty when it has none). */
struct abbrev_forms {
	struct form shrt, lng, bare;
};

#define N_FORMS 3

/* Trim spaces around s[0..n). */
static struct form trimmed(const char *s, size_t n)
{
	while (n > 0 && *s == ' ') {
		s++;
		n--;
	}
	while (n > 0 && s[n - 1] == ' ')
		n--;
	return (struct form){s, n};
}

static bool holds_join(const char *s)
{
	return s && strstr(s, JOIN) != NULL;
}

struct kh_searcher {
	char *joined; /* every form folded, separated by JOIN */
	struct abbrev_forms *forms;
	size_t n_forms;
};

/* Fold the forms of every abbreviation of the plan with one text_fold()
 * into s->joined and point s->forms into it.  False when out of memory.
 * An abbreviation whose text holds the separator itself is left empty,
 * and so ignored. */
static bool fold_abbrevs(kh_searcher *s, const kh_plan *plan)
{
	kh_strbuf raw = {0};
	size_t n = plan->n_abbrevs;

	s->forms = calloc(n, sizeof *s->forms);
	if (!s->forms)
		return false;
	s->n_forms = n;
	for (size_t i = 0; i < n; i++) {
		const kh_abbrev *a = &plan->abbrevs[i];
		const char *sf = a->short_form ? a->short_form : "";
		const char *lf = a->long_form ? a->long_form : "";

		if (!holds_join(sf) && !holds_join(lf)) {
			buf_str(&raw, sf);
			strbuf_add(&raw, JOIN, JOIN_LEN);
			buf_str(&raw, lf);
			strbuf_add(&raw, JOIN, JOIN_LEN);
			/* '&' goes before folding: "A & B" -> "a b". */
			if (strchr(sf, '&'))
				buf_add_no_amp(&raw, sf, strlen(sf));
		} else {
			strbuf_add(&raw, JOIN JOIN, 2 * JOIN_LEN);
		}
		strbuf_add(&raw, JOIN, JOIN_LEN);
	}
	if (raw.oom)
		return false;
	s->joined = text_fold(raw.p);
	free(raw.p);
	if (!s->joined)
		return false;

	const char *p = s->joined;
	for (size_t i = 0; i < N_FORMS * n; i++) {
		const char *j = strstr(p, JOIN);
		struct abbrev_forms *af = &s->forms[i / N_FORMS];
		struct form *f;

		if (!j)
			break; /* cannot happen: folding keeps U+E000 */
		if (i % N_FORMS == 0)
			f = &af->shrt;
		else if (i % N_FORMS == 1)
			f = &af->lng;
		else
			f = &af->bare;
		*f = trimmed(p, (size_t)(j - p));
		p = j + JOIN_LEN;
	}
	return true;
}

kh_searcher *kh_searcher_new(const kh_plan *plan)
{
	kh_searcher *s = calloc(1, sizeof *s);

	if (!s)
		return NULL;
	if (plan && plan->n_abbrevs > 0 && !fold_abbrevs(s, plan)) {
		kh_searcher_free(s);
		return NULL;
	}
	return s;
}

void kh_searcher_free(kh_searcher *s)
{
	if (!s)
		return;
	free(s->joined);
	free(s->forms);
	free(s);
}

/* Does the folded text use this abbreviation in any of its forms? */
static bool uses_abbrev(const char *text, size_t len,
			const struct abbrev_forms *f)
{
	return has_word(text, len, f->lng.p, f->lng.n) ||
	       has_word(text, len, f->shrt.p, f->shrt.n) ||
	       (f->bare.n > 0 && has_word(text, len, f->bare.p, f->bare.n));
}

static void add_part(kh_strbuf *b, struct form f)
{
	strbuf_add(b, &(char){PART}, 1);
	strbuf_add(b, f.p, f.n);
}

/* Append every form of each abbreviation the folded text uses. */
static void add_abbrevs(kh_strbuf *b, const kh_searcher *s, const char *text,
			size_t len)
{
	for (size_t i = 0; i < s->n_forms; i++) {
		const struct abbrev_forms *f = &s->forms[i];

		if (f->shrt.n == 0 || f->lng.n == 0 || !uses_abbrev(text, len, f))
			continue;
		add_part(b, f->lng);
		add_part(b, f->shrt);
		if (f->bare.n > 0)
			add_part(b, f->bare);
	}
}

/* Append the '&'-less spelling of every word of the folded text that holds
 * a '&' ("qlcn&dmst" -> "qlcndmst"); a lone "&" adds nothing. */
static void add_bare_words(kh_strbuf *b, const char *text, size_t len)
{
	size_t i = 0;

	while (i < len) {
		const char *sp = memchr(text + i, ' ', len - i);
		size_t end = sp ? (size_t)(sp - text) : len;

		if (memchr(text + i, '&', end - i) &&
		    strspn(text + i, "&") < end - i) {
			strbuf_add(b, &(char){PART}, 1);
			buf_add_no_amp(b, text + i, end - i);
		}
		i = end + 1;
	}
}

char *kh_searcher_key(const kh_searcher *s, const char *text)
{
	kh_strbuf b = {0};
	char *folded = text_fold(text ? text : "");
	size_t len;

	if (!folded)
		return NULL;
	len = strlen(folded);
	strbuf_add(&b, folded, len);
	add_bare_words(&b, folded, len);
	if (s)
		add_abbrevs(&b, s, folded, len);
	free(folded);
	if (b.oom) {
		free(b.p);
		return NULL;
	}
	return b.p;
}

char *kh_search_key(const kh_plan *plan, const char *text)
{
	kh_searcher *s = kh_searcher_new(plan);
	char *key;

	if (!s)
		return NULL;
	key = kh_searcher_key(s, text);
	kh_searcher_free(s);
	return key;
}

/* ---- queries ----------------------------------------------------------- */

bool kh_query_init(kh_query *q, const char *text)
{
	char *folded;
	size_t n = 0;

	q->words = NULL;
	q->n_words = 0;
	folded = text_fold(text ? text : "");
	if (!folded)
		return false;
	/* text_fold leaves single spaces between words and none around. */
	if (folded[0] != '\0') {
		n = 1;
		for (const char *p = folded; *p; p++)
			n += *p == ' ';
	}
	if (n == 0) {
		free(folded);
		return true;
	}
	q->words = calloc(n, sizeof *q->words);
	if (!q->words) {
		free(folded);
		return false;
	}
	const char *p = folded;
	for (size_t i = 0; i < n; i++) {
		const char *sp = strchr(p, ' ');
		size_t len = sp ? (size_t)(sp - p) : strlen(p);

		q->words[i] = strndup(p, len);
		if (!q->words[i]) {
			q->n_words = i;
			kh_query_free(q);
			free(folded);
			return false;
		}
		p += len + (sp != NULL);
	}
	q->n_words = n;
	free(folded);
	return true;
}

void kh_query_free(kh_query *q)
{
	if (!q)
		return;
	for (size_t i = 0; i < q->n_words; i++)
		free(q->words[i]);
	free(q->words);
	q->words = NULL;
	q->n_words = 0;
}

/* Does word occur in key when the word's '&'s are left out?  A word of
 * nothing but '&'s does not. */
static bool occurs_without_amp(const char *key, const char *word)
{
	const char *w0 = word;

	while (*w0 == '&')
		w0++;
	if (!*w0)
		return false;
	for (const char *k = key; (k = strchr(k, *w0)) != NULL; k++) {
		const char *kp = k, *wp = w0;

		while (*wp) {
			if (*wp == '&') {
				wp++;
				continue;
			}
			if (*kp != *wp)
				break;
			kp++;
			wp++;
		}
		if (!*wp)
			return true;
	}
	return false;
}

bool kh_query_match(const kh_query *q, const char *key)
{
	if (!q || q->n_words == 0 || !key)
		return false;
	for (size_t i = 0; i < q->n_words; i++) {
		const char *w = q->words[i];

		if (text_fold_contains(key, w))
			continue;
		if (strchr(w, '&') && occurs_without_amp(key, w))
			continue;
		return false;
	}
	return true;
}
