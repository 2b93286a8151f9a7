/* Fuzz the text helpers that stand between untrusted text (plan, CSV,
 * database, form) and the terminal: sanitising, folding, ASCII fallback,
 * measuring, fitting, wrapping and truncating.  The first byte picks the
 * width (-8..247 columns); the rest is the text. */
#include <limits.h>
#include <stdbool.h>

#include <utf8proc.h>

#include "kehoach/text.h"

#include "fuzz.h"

/* An independent UTF-8 check (RFC 3629): no overlongs, no surrogates,
 * nothing past U+10FFFF.  Returns the code point count or -1. */
static long ref_utf8(const unsigned char *s, size_t n, bool (*bad)(long))
{
	long count = 0;

	for (size_t i = 0; i < n; count++) {
		unsigned char c = s[i];
		size_t len;
		long cp, min;

		if (c < 0x80) {
			len = 1, cp = c, min = 0;
		} else if (c >= 0xC0 && c < 0xE0) {
			len = 2, cp = c & 0x1F, min = 0x80;
		} else if (c >= 0xE0 && c < 0xF0) {
			len = 3, cp = c & 0x0F, min = 0x800;
		} else if (c >= 0xF0 && c < 0xF8) {
			len = 4, cp = c & 0x07, min = 0x10000;
		} else {
			return -1;
		}
		if (i + len > n)
			return -1;
		for (size_t k = 1; k < len; k++) {
			if ((s[i + k] & 0xC0) != 0x80)
				return -1;
			cp = (cp << 6) | (s[i + k] & 0x3F);
		}
		if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
			return -1;
		if (bad && bad(cp))
			return -1;
		i += len;
	}
	return count;
}

/* What text_sanitize() must never let through. */
static bool unsafe_keep_nl(long cp)
{
	return (cp < 0x20 && cp != '\n') || (cp >= 0x7F && cp <= 0x9F) ||
	       cp == 0x2028 || cp == 0x2029 ||
	       (cp >= 0x202A && cp <= 0x202E) ||
	       (cp >= 0x2066 && cp <= 0x2069) || (cp >= 0x200B && cp <= 0x200F);
}

static bool unsafe_one_line(long cp)
{
	return cp == '\n' || unsafe_keep_nl(cp);
}

static bool valid(const char *s)
{
	return ref_utf8((const unsigned char *)s, strlen(s), NULL) >= 0;
}

static char *dup_n(const char *s, size_t n)
{
	char *r = malloc(n + 1);

	FUZZ_CHECK(r != NULL);
	memcpy(r, s, n);
	r[n] = '\0';
	return r;
}

static void check_truncate(const char *s, int cols, bool ascii)
{
	char *t = text_truncate(s, cols, ascii);
	int w = text_width(s);

	FUZZ_CHECK(t != NULL);
	if (cols <= 0) {
		FUZZ_CHECK(t[0] == '\0');
	} else if (w <= cols) {
		FUZZ_CHECK(strcmp(t, s) == 0);
	} else {
		const char *ell = ascii ? "~" : "\u2026";
		size_t n = strlen(t), e = strlen(ell);

		FUZZ_CHECK(text_width(t) <= cols);
		FUZZ_CHECK(n >= e && strcmp(t + n - e, ell) == 0);
		FUZZ_CHECK(strncmp(t, s, n - e) == 0);
	}
	free(t);
}

/* Every line fits (or is one cluster too wide for a one-column wrap);
 * lines are in order; nothing but blanks and line ends is left out. */
static void check_wrap(const char *s, int cols)
{
	size_t *starts = NULL, *lens = NULL;
	size_t n = strlen(s);
	size_t lines = text_wrap(s, cols, &starts, &lens);
	int c = cols < 1 ? 1 : cols;
	char *covered;

	FUZZ_CHECK(text_wrap(s, cols, NULL, NULL) == lines);
	if (n == 0) {
		FUZZ_CHECK(lines == 0 && !starts && !lens);
		return;
	}
	FUZZ_CHECK(lines > 0 && starts && lens);
	covered = calloc(n + 1, 1);
	FUZZ_CHECK(covered != NULL);
	for (size_t i = 0; i < lines; i++) {
		FUZZ_CHECK(starts[i] <= n && lens[i] <= n - starts[i]);
		if (i > 0)
			FUZZ_CHECK(starts[i] >= starts[i - 1] + lens[i - 1]);
		char *line = dup_n(s + starts[i], lens[i]);
		int w = text_width(line);

		FUZZ_CHECK(valid(line));
		if (w > c) {
			int used;

			FUZZ_CHECK(c == 1 && w == 2);
			FUZZ_CHECK(text_fit(line, 2, &used) == lens[i]);
		}
		free(line);
		memset(covered + starts[i], 1, lens[i]);
	}
	for (size_t i = 0; i < n; i++)
		FUZZ_CHECK(covered[i] || s[i] == ' ' || s[i] == '\n' ||
			   s[i] == '\r' || s[i] == '\t');
	free(covered);
	free(starts);
	free(lens);
}

static void check_fit(const char *s, int cols)
{
	int used = -1;
	size_t n = text_fit(s, cols, &used);

	FUZZ_CHECK(n <= strlen(s));
	FUZZ_CHECK(used >= 0 && (cols < 0 || used <= cols));
	char *head = dup_n(s, n);

	FUZZ_CHECK(text_width(head) == used);
	free(head);
	if (n == strlen(s))
		FUZZ_CHECK(text_width(s) == used);
}

static void check_sanitized(const char *s, int cols)
{
	int w = text_width(s);

	FUZZ_CHECK(w >= 0);
	check_fit(s, cols);
	check_truncate(s, cols, false);
	check_truncate(s, cols, true);
	check_wrap(s, cols);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	int cols;
	const char *raw;
	size_t n;
	char *s, *nl, *one, *again, *f, *f2, *a, *nfc, *nfc2;

	if (size == 0 || size > 8192)
		return 0;
	cols = (int)data[0] - 8;
	raw = (const char *)data + 1;
	n = size - 1;

	/* The byte-range validator agrees with an independent one. */
	FUZZ_CHECK(text_valid_utf8(raw, n) ==
		   (ref_utf8((const unsigned char *)raw, n, NULL) >= 0));

	/* NFC of arbitrary bytes: valid, NUL-free, stable. */
	nfc = text_nfc(raw, n);
	FUZZ_CHECK(nfc != NULL && valid(nfc));
	nfc2 = text_nfc(nfc, strlen(nfc));
	FUZZ_CHECK(nfc2 != NULL && strcmp(nfc, nfc2) == 0);
	free(nfc2);
	free(nfc);
	/* On valid text it is utf8proc's NFC, fast paths and all. */
	if (text_valid_utf8(raw, n) && !memchr(raw, '\0', n)) {
		char *s0 = fuzz_cstr(data + 1, n);
		char *ref = (char *)utf8proc_NFC((const utf8proc_uint8_t *)s0);

		nfc = text_nfc(raw, n);
		FUZZ_CHECK(ref != NULL && nfc != NULL && strcmp(nfc, ref) == 0);
		free(nfc);
		free(ref);
		free(s0);
	}

	s = fuzz_cstr(data + 1, n);

	/* Sanitised text holds nothing a terminal would act on. */
	nl = text_sanitize(s, true);
	one = text_sanitize(s, false);
	FUZZ_CHECK(nl != NULL && one != NULL);
	FUZZ_CHECK(ref_utf8((const unsigned char *)nl, strlen(nl),
			    unsafe_keep_nl) >= 0);
	FUZZ_CHECK(ref_utf8((const unsigned char *)one, strlen(one),
			    unsafe_one_line) >= 0);
	again = text_sanitize(nl, true);
	FUZZ_CHECK(again != NULL && strcmp(again, nl) == 0);
	free(again);
	/* The display model: width is the same before and after. */
	FUZZ_CHECK(text_width(s) == text_width(one));

	/* Search keys: valid, trimmed, single-spaced, stable, self-found. */
	f = text_fold(s);
	FUZZ_CHECK(f != NULL && valid(f));
	size_t fl = strlen(f);
	FUZZ_CHECK(fl == 0 || (f[0] != ' ' && f[fl - 1] != ' '));
	FUZZ_CHECK(strstr(f, "  ") == NULL);
	for (size_t i = 0; i < fl; i++)
		FUZZ_CHECK(!(f[i] >= 'A' && f[i] <= 'Z'));
	f2 = text_fold(f);
	FUZZ_CHECK(f2 != NULL && strcmp(f, f2) == 0);
	FUZZ_CHECK(text_fold_contains(f, f2));
	free(f2);
	free(f);

	/* ASCII fallback: printable ASCII and '\n' only. */
	a = text_ascii(s);
	FUZZ_CHECK(a != NULL);
	for (const char *p = a; *p; p++)
		FUZZ_CHECK(*p == '\n' || (*p >= 0x20 && *p < 0x7F));
	free(a);

	/* Measuring and cutting sanitised text, and raw text (it must not
	 * crash on what it was not meant for). */
	check_sanitized(one, cols);
	check_sanitized(nl, cols);
	(void)text_width(s);
	check_fit(s, cols);
	free(text_truncate(s, cols, false));
	{
		size_t *st = NULL, *ln = NULL;
		size_t k = text_wrap(s, cols, &st, &ln);

		for (size_t i = 0; i < k; i++)
			FUZZ_CHECK(st[i] + ln[i] <= strlen(s));
		free(st);
		free(ln);
	}

	/* Edit distance: a metric on short strings. */
	{
		size_t half = strlen(s) / 2;
		char *x = dup_n(s, half), *y = strdup(s + half);

		FUZZ_CHECK(y != NULL);
		size_t d = text_edit_distance(x, y);

		if (strlen(x) <= 64 && strlen(y) <= 64) {
			size_t lx = strlen(x), ly = strlen(y);

			FUZZ_CHECK(d == text_edit_distance(y, x));
			FUZZ_CHECK(d <= (lx > ly ? lx : ly));
			FUZZ_CHECK(d >= (lx > ly ? lx - ly : ly - lx));
			FUZZ_CHECK(text_edit_distance(x, x) == 0);
		} else {
			FUZZ_CHECK(d == SIZE_MAX);
		}
		free(x);
		free(y);
	}

	free(one);
	free(nl);
	free(s);
	return 0;
}
