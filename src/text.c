/* Text helpers for Vietnamese UTF-8 (see kehoach/text.h).
 *
 * Everything here works on code points decoded with utf8proc and its
 * Unicode tables, never on the C library's locale, so results are the same
 * under LANG=C and a UTF-8 locale.
 *
 * Decoding: an invalid sequence becomes one U+FFFD per "maximal subpart"
 * (the Unicode recommendation): "\xe1\xbb" cut short is one U+FFFD, while
 * "\xc0\xaf" (overlong) and "\xed\xa0\x80" (surrogate) give one per byte.
 *
 * Display model shared by sanitising and measuring: a character that
 * text_sanitize() would replace counts as one column (it will be shown as
 * U+FFFD), so text_width(s) == text_width(text_sanitize(s, ...)).
 * A "cluster" is one character followed by the zero-width characters
 * (combining marks, variation selectors) that ride on it; fitting and
 * wrapping never split a cluster. */
#include "kehoach/text.h"
#include "strbuf.h"

#include <limits.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <utf8proc.h>

#define REPLACEMENT 0xFFFD

/* ---- decoding ---------------------------------------------------------- */

/* Length of the invalid sequence starting at s: a lead byte plus the
 * continuation bytes that could still have begun a valid character. */
static size_t bad_len(const unsigned char *s, size_t n)
{
	unsigned char c = s[0];
	unsigned char lo = 0x80, hi = 0xBF;
	size_t need;

	if (c >= 0xC2 && c <= 0xDF) {
		need = 1;
	} else if (c >= 0xE0 && c <= 0xEF) {
		need = 2;
		if (c == 0xE0)
			lo = 0xA0; /* below is overlong */
		else if (c == 0xED)
			hi = 0x9F; /* above is a surrogate */
	} else if (c >= 0xF0 && c <= 0xF4) {
		need = 3;
		if (c == 0xF0)
			lo = 0x90;
		else if (c == 0xF4)
			hi = 0x8F; /* above is past U+10FFFF */
	} else {
		return 1;
	}
	size_t k = 1;
	while (k <= need && k < n && s[k] >= lo && s[k] <= hi) {
		lo = 0x80;
		hi = 0xBF;
		k++;
	}
	return k;
}

/* Decode the character at s[i..n).  Returns its length in bytes (>= 1);
 * *cp is the code point, or -1 for an invalid sequence. */
static size_t decode(const char *s, size_t n, size_t i, int32_t *cp)
{
	utf8proc_int32_t c;
	utf8proc_ssize_t r = utf8proc_iterate((const utf8proc_uint8_t *)s + i,
					      (utf8proc_ssize_t)(n - i), &c);

	if (r > 0) {
		*cp = c;
		return (size_t)r;
	}
	*cp = -1;
	return bad_len((const unsigned char *)s + i, n - i);
}

bool text_valid_utf8(const char *s, size_t len)
{
	size_t i = 0;

	if (!s)
		return len == 0;
	while (i < len) {
		int32_t cp;

		i += decode(s, len, i, &cp);
		if (cp < 0)
			return false;
	}
	return true;
}

/* Append one code point as UTF-8. */
static void sb_cp(kh_strbuf *b, int32_t cp)
{
	utf8proc_uint8_t tmp[4];
	utf8proc_ssize_t n = utf8proc_encode_char(cp, tmp);

	strbuf_add(b, (const char *)tmp, (size_t)n);
}

/* ---- classification ---------------------------------------------------- */

/* Would text_sanitize() replace this character (TAB and '\n' aside)?
 * Controls (C0, DEL, C1), format characters (bidi controls and marks, the
 * zero-width space/joiners U+200B-U+200F, the BOM, tags...), line and
 * paragraph separators, unassigned code points and noncharacters.
 * ZWNJ/ZWJ (U+200C/U+200D) go too: Vietnamese never needs them and a
 * terminal may draw emoji sequences with them at an unpredictable width.
 * The soft hyphen is a format character that terminals print as a hyphen
 * one column wide, so it stays. */
static bool cp_unsafe(int32_t cp)
{
	if (cp < 0)
		return true;
	switch (utf8proc_category(cp)) {
	case UTF8PROC_CATEGORY_CC:
	case UTF8PROC_CATEGORY_ZL:
	case UTF8PROC_CATEGORY_ZP:
	case UTF8PROC_CATEGORY_CN:
	case UTF8PROC_CATEGORY_CS:
		return true;
	case UTF8PROC_CATEGORY_CF:
		return cp != 0x00AD;
	default:
		return false;
	}
}

/* Columns a character takes once sanitised: 0, 1 or 2. */
static int cp_width(int32_t cp)
{
	if (cp_unsafe(cp))
		return 1;
	int w = utf8proc_charwidth(cp);
	if (w < 0)
		return 0;
	return w > 2 ? 2 : w;
}

/* The cluster starting at s[i]: returns the offset just past it and its
 * width in *w.  "\r\n" is one cluster, as text_sanitize() makes it one
 * character. */
static size_t next_cluster(const char *s, size_t n, size_t i, int *w)
{
	int32_t cp;
	size_t j;

	if (s[i] == '\r' && i + 1 < n && s[i + 1] == '\n') {
		*w = 1;
		return i + 2;
	}
	/* Printable ASCII followed by ASCII (or the end) is a cluster of one
	 * column: no table lookups for the common case. */
	if (s[i] >= 0x20 && s[i] < 0x7f &&
	    (i + 1 >= n || (unsigned char)s[i + 1] < 0x80)) {
		*w = 1;
		return i + 1;
	}
	j = i + decode(s, n, i, &cp);
	*w = cp_width(cp);
	if (cp == '\n')
		return j;
	while (j < n) {
		size_t k = decode(s, n, j, &cp);

		if (cp < 0 || cp == '\n' || cp_width(cp) != 0)
			break;
		j += k;
	}
	return j;
}

/* ---- normalisation ----------------------------------------------------- */

/* Copy s[0..n) as valid UTF-8: invalid sequences and NUL become U+FFFD
 * (an embedded NUL would otherwise cut the C string short). */
static char *clean_copy(const char *s, size_t n, size_t *out_len)
{
	kh_strbuf b = {0};
	size_t i = 0;

	while (i < n) {
		int32_t cp;
		size_t k = decode(s, n, i, &cp);

		if (cp <= 0)
			sb_cp(&b, REPLACEMENT);
		else
			strbuf_add(&b, s + i, k);
		i += k;
	}
	char *r = strbuf_done(&b);
	if (r)
		*out_len = b.len;
	return r;
}

/* utf8proc_map() over valid UTF-8 s[0..n) with composition on; takes
 * ownership of s. */
static char *map_owned(char *s, size_t n, int options)
{
	utf8proc_uint8_t *out = NULL;
	utf8proc_ssize_t r;

	if (!s)
		return NULL;
	r = utf8proc_map((const utf8proc_uint8_t *)s, (utf8proc_ssize_t)n,
			 &out, (utf8proc_option_t)(UTF8PROC_STABLE |
						   UTF8PROC_COMPOSE | options));
	free(s);
	if (r < 0) {
		free(out);
		return NULL;
	}
	return (char *)out;
}

/* Characters that are NFC on their own, combine with nothing before or
 * after them, and so leave any run of them unchanged by NFC: ASCII and the
 * Latin blocks (U+0001-U+02FF), Vietnamese's precomposed letters
 * (U+1E00-U+1EFF) and the usual punctuation (dashes, quotes, bullets,
 * ellipsis, U+2010-U+2027 and U+2030-U+205E).  Checked exhaustively,
 * every pair against utf8proc's NFC.  Combining marks (U+0300...) and the
 * spaces U+2000-U+200F are not in the set. */
static bool nfc_inert(int32_t cp)
{
	return (cp > 0 && cp < 0x300) || (cp >= 0x1E00 && cp <= 0x1EFF) ||
	       (cp >= 0x2010 && cp <= 0x2027) || (cp >= 0x2030 && cp <= 0x205E);
}

/* Is s[0..n) valid UTF-8 without NUL, made only of inert characters (then
 * it is its own NFC)?  Plan text almost always is: this spares the
 * decomposition and recomposition of every character of a large plan. */
static bool nfc_already(const char *s, size_t n)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t i = 0;
	while (i < n) {
		unsigned char c = p[i];
		if (c >= 0x01 && c < 0x80) {
			i++;
			continue;
		}
		/* Vietnamese text is two- and three-byte sequences: U+00C0-
		 * U+02FF (lead 0xC3-0xCB) and U+1E00-U+1EFF (0xE1 0xB8-0xBB)
		 * are read here without a call per character. */
		if (c >= 0xC2 && c <= 0xCB && i + 1 < n &&
		    (p[i + 1] & 0xC0) == 0x80) {
			i += 2;
			continue;
		}
		if (c == 0xE1 && i + 2 < n && p[i + 1] >= 0xB8 &&
		    p[i + 1] <= 0xBB && (p[i + 2] & 0xC0) == 0x80) {
			i += 3;
			continue;
		}
		int32_t cp;
		i += decode(s, n, i, &cp);
		if (!nfc_inert(cp))
			return false;
	}
	return true;
}

char *text_nfc(const char *s, size_t len)
{
	size_t n = 0;
	char *c;

	if (!s)
		len = 0;
	if (nfc_already(s ? s : "", len)) {
		c = malloc(len + 1);
		if (c) {
			if (len)
				memcpy(c, s, len);
			c[len] = '\0';
		}
		return c;
	}
	c = clean_copy(s ? s : "", len, &n);
	return map_owned(c, n, 0);
}

/* ---- search keys ------------------------------------------------------- */

/* Characters that end a word in a search key: blanks, punctuation other
 * than '&', '.' and dashes, and anything invisible. */
static bool fold_separator(int32_t cp)
{
	switch (utf8proc_category(cp)) {
	case UTF8PROC_CATEGORY_ZS:
	case UTF8PROC_CATEGORY_ZL:
	case UTF8PROC_CATEGORY_ZP:
	case UTF8PROC_CATEGORY_CC:
	case UTF8PROC_CATEGORY_CF:
	case UTF8PROC_CATEGORY_PC:
	case UTF8PROC_CATEGORY_PS:
	case UTF8PROC_CATEGORY_PE:
	case UTF8PROC_CATEGORY_PI:
	case UTF8PROC_CATEGORY_PF:
		return true;
	case UTF8PROC_CATEGORY_PO:
		return cp != '&' && cp != '.';
	default:
		return false;
	}
}

char *text_fold(const char *s)
{
	size_t n = 0;
	char *m;
	kh_strbuf b = {0};
	bool space = false;

	if (!s)
		s = "";
	/* Compatibility forms (ﬁ, fullwidth letters, "…") and lumped dashes
	 * fold to plain letters; default-ignorables (soft hyphen, ZWSP) go. */
	m = clean_copy(s, strlen(s), &n);
	m = map_owned(m, n,
		      UTF8PROC_COMPAT | UTF8PROC_CASEFOLD | UTF8PROC_STRIPMARK |
			      UTF8PROC_IGNORE | UTF8PROC_LUMP);
	if (!m)
		return NULL;
	n = strlen(m);
	for (size_t i = 0; i < n;) {
		int32_t cp;

		i += decode(m, n, i, &cp);
		if (cp == 0x0111 || cp == 0x0110) /* đ has no mark to strip */
			cp = 'd';
		else if (utf8proc_category(cp) == UTF8PROC_CATEGORY_PD)
			cp = '-';
		if (fold_separator(cp)) {
			space = b.len > 0;
			continue;
		}
		if (space)
			strbuf_add(&b, " ", 1);
		space = false;
		sb_cp(&b, cp);
	}
	free(m);
	return strbuf_done(&b);
}

bool text_fold_contains(const char *folded_haystack, const char *folded_needle)
{
	if (!folded_haystack || !folded_needle)
		return false;
	return strstr(folded_haystack, folded_needle) != NULL;
}

/* ---- neutralising ------------------------------------------------------ */

/* "\r\n" counts as one newline; a lone '\r' is a control like any other. */
char *text_sanitize(const char *s, bool keep_newlines)
{
	kh_strbuf b = {0};
	size_t n;

	if (!s)
		s = "";
	n = strlen(s);
	for (size_t i = 0; i < n;) {
		int32_t cp;
		size_t k;

		if (s[i] == '\r' && s[i + 1] == '\n')
			i++;
		k = decode(s, n, i, &cp);
		if (cp == '\n')
			strbuf_add(&b, keep_newlines ? "\n" : " ", 1);
		else if (cp == '\t')
			strbuf_add(&b, " ", 1);
		else if (cp_unsafe(cp))
			sb_cp(&b, REPLACEMENT);
		else
			strbuf_add(&b, s + i, k);
		i += k;
	}
	char *r = strbuf_done(&b);
	if (r && nfc_already(r, b.len))
		return r;
	return r ? map_owned(r, b.len, 0) : NULL;
}

/* ASCII stand-ins for typographic characters people paste from word
 * processors; the rest is found by stripping marks. */
static const struct {
	int32_t cp;
	const char *ascii;
} ascii_table[] = {
	{0x00A0, " "},   {0x00AB, "<<"},  {0x00AD, "-"},   {0x00B7, "."},
	{0x00BB, ">>"},  {0x00C6, "AE"},  {0x00D7, "x"},   {0x00D8, "O"},
	{0x00DF, "ss"},  {0x00E6, "ae"},  {0x00F7, "/"},   {0x00F8, "o"},
	{0x0110, "D"},   {0x0111, "d"},   {0x0141, "L"},   {0x0142, "l"},
	{0x0152, "OE"},  {0x0153, "oe"},  {0x2010, "-"},   {0x2011, "-"},
	{0x2012, "-"},   {0x2013, "-"},   {0x2014, "-"},   {0x2015, "-"},
	{0x2018, "'"},   {0x2019, "'"},   {0x201A, "'"},   {0x201B, "'"},
	{0x201C, "\""},  {0x201D, "\""},  {0x201E, "\""},  {0x201F, "\""},
	{0x2022, "*"},   {0x2026, "..."}, {0x2032, "'"},   {0x2033, "\""},
	{0x2039, "<"},   {0x203A, ">"},   {0x2043, "-"},   {0x20AC, "EUR"},
	{0x2190, "<-"},  {0x2192, "->"},  {0x2212, "-"},   {0x2264, "<="},
	{0x2265, ">="},
};

static const char *ascii_lookup(int32_t cp)
{
	size_t lo = 0, hi = sizeof ascii_table / sizeof ascii_table[0];

	while (lo < hi) {
		size_t mid = (lo + hi) / 2;

		if (ascii_table[mid].cp == cp)
			return ascii_table[mid].ascii;
		if (ascii_table[mid].cp < cp)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}

/* One sanitised character in ASCII. */
static void ascii_char(kh_strbuf *b, int32_t cp)
{
	utf8proc_int32_t dec[32];
	int last = 0;
	utf8proc_ssize_t r;
	const char *t;

	if (cp < 0x80) {
		char c = (char)cp;

		strbuf_add(b, &c, 1);
		return;
	}
	t = ascii_lookup(cp);
	if (t) {
		strbuf_add(b, t, strlen(t));
		return;
	}
	r = utf8proc_decompose_char(cp, dec, 32,
				    (utf8proc_option_t)(UTF8PROC_DECOMPOSE |
							UTF8PROC_COMPAT |
							UTF8PROC_STRIPMARK),
				    &last);
	if (r == 0)
		return; /* a combining mark: it would take a cell of its own */
	if (r > 0 && r <= 32) {
		bool ok = true;

		for (utf8proc_ssize_t k = 0; k < r; k++)
			ok = ok && dec[k] >= 0x20 && dec[k] < 0x7F;
		if (ok) {
			for (utf8proc_ssize_t k = 0; k < r; k++)
				ascii_char(b, dec[k]);
			return;
		}
	}
	if (cp_width(cp) == 2)
		strbuf_add(b, "??", 2);
	else
		strbuf_add(b, "?", 1);
}

/* Newlines are kept, as in text_sanitize(s, true): a caller that wants one
 * line wraps or truncates the result. */
char *text_ascii(const char *s)
{
	char *clean = text_sanitize(s, true);
	kh_strbuf b = {0};
	size_t n;

	if (!clean)
		return NULL;
	n = strlen(clean);
	for (size_t i = 0; i < n;) {
		int32_t cp;

		i += decode(clean, n, i, &cp);
		ascii_char(&b, cp);
	}
	free(clean);
	return strbuf_done(&b);
}

/* ---- measuring --------------------------------------------------------- */

int text_width(const char *s)
{
	size_t n, i = 0;
	int total = 0;

	if (!s)
		return 0;
	n = strlen(s);
	while (i < n) {
		int w;

		i = next_cluster(s, n, i, &w);
		if (total > INT_MAX - w)
			return INT_MAX;
		total += w;
	}
	return total;
}

size_t text_fit(const char *s, int cols, int *used)
{
	size_t n, i = 0;
	int total = 0;

	if (s) {
		n = strlen(s);
		while (i < n) {
			int w;
			size_t j = next_cluster(s, n, i, &w);

			if (w > cols - total)
				break;
			total += w;
			i = j;
		}
	}
	if (used)
		*used = total;
	return i;
}

char *text_truncate(const char *s, int cols, bool ascii)
{
	const char *ell = ascii ? "~" : "\u2026";
	size_t n, ell_len = strlen(ell);
	char *r;

	if (!s)
		s = "";
	if (cols <= 0)
		return strdup("");
	if (text_width(s) <= cols)
		return strdup(s);
	n = text_fit(s, cols - 1, NULL);
	r = malloc(n + ell_len + 1);
	if (!r)
		return NULL;
	memcpy(r, s, n);
	memcpy(r + n, ell, ell_len + 1);
	return r;
}

/* ---- wrapping ---------------------------------------------------------- */

struct lines {
	size_t *starts, *lens;
	size_t n, cap;
	bool oom;
};

static bool is_blank(char c)
{
	return c == ' ' || c == '\t';
}

/* Record s[start..end) minus trailing blanks as a line. */
static void lines_add(struct lines *l, const char *s, size_t start, size_t end)
{
	while (end > start && is_blank(s[end - 1]))
		end--;
	if (l->oom)
		return;
	if (l->n == l->cap) {
		size_t cap = l->cap ? l->cap * 2 : 8;
		size_t *st = realloc(l->starts, cap * sizeof *st);

		if (!st) {
			l->oom = true;
			return;
		}
		l->starts = st;
		size_t *ln = realloc(l->lens, cap * sizeof *ln);
		if (!ln) {
			l->oom = true;
			return;
		}
		l->lens = ln;
		l->cap = cap;
	}
	l->starts[l->n] = start;
	l->lens[l->n] = end - start;
	l->n++;
}

/* Greedy wrap of one paragraph s[p..end), which holds no '\n'.  Blanks
 * may run past the edge (they are trimmed); a line holds at least one
 * cluster, so a wide character in a one-column wrap stands alone. */
static void wrap_paragraph(struct lines *l, const char *s, size_t p,
			   size_t end, int cols)
{
	if (p == end) {
		lines_add(l, s, p, p);
		return;
	}
	while (p < end) {
		size_t start = p, j = p;
		size_t brk_end = 0, brk_next = 0;
		bool has_brk = false, has_text = false;
		int w = 0;

		while (j < end) {
			if (is_blank(s[j])) {
				size_t k = j;

				while (k < end && is_blank(s[k]))
					k++;
				if (has_text) {
					has_brk = true;
					brk_end = j;
					brk_next = k;
				}
				/* past the edge is past the edge */
				if (w > cols || k - j > (size_t)(cols - w))
					w = cols + 1;
				else
					w += (int)(k - j);
				j = k;
				continue;
			}
			int cw;
			size_t k = next_cluster(s, end, j, &cw);

			if (cw > cols - w && j > start) {
				if (has_brk) {
					lines_add(l, s, start, brk_end);
					p = brk_next;
				} else {
					lines_add(l, s, start, j);
					p = j;
				}
				break;
			}
			has_text = true;
			w += cw;
			j = k;
		}
		if (j >= end) {
			lines_add(l, s, start, end);
			p = end;
		}
	}
}

size_t text_wrap(const char *s, int cols, size_t **starts, size_t **lens)
{
	struct lines l = {0};
	size_t n, p = 0;

	if (starts)
		*starts = NULL;
	if (lens)
		*lens = NULL;
	if (!s || !*s)
		return 0;
	if (cols < 1)
		cols = 1;
	if (cols > INT_MAX / 4) /* no column sum below can overflow */
		cols = INT_MAX / 4;
	n = strlen(s);
	while (p < n) {
		const char *nl = memchr(s + p, '\n', n - p);
		size_t end = nl ? (size_t)(nl - s) : n;
		size_t text_end = end;

		if (nl && text_end > p && s[text_end - 1] == '\r')
			text_end--;
		wrap_paragraph(&l, s, p, text_end, cols);
		p = nl ? end + 1 : n;
	}
	if (l.oom) {
		free(l.starts);
		free(l.lens);
		return 0;
	}
	if (starts)
		*starts = l.starts;
	else
		free(l.starts);
	if (lens)
		*lens = l.lens;
	else
		free(l.lens);
	return l.n;
}

size_t text_edit_distance(const char *a, const char *b)
{
	size_t la = strlen(a), lb = strlen(b);
	if (la > 64 || lb > 64)
		return SIZE_MAX;
	size_t row[65];
	for (size_t j = 0; j <= lb; j++)
		row[j] = j;
	for (size_t i = 1; i <= la; i++) {
		size_t diag = row[0];
		row[0] = i;
		for (size_t j = 1; j <= lb; j++) {
			size_t up = row[j];
			size_t best = diag + (a[i - 1] != b[j - 1]);
			if (up + 1 < best)
				best = up + 1;
			if (row[j - 1] + 1 < best)
				best = row[j - 1] + 1;
			row[j] = best;
			diag = up;
		}
	}
	return row[lb];
}
