/* The one parser of entry values (see kehoach/entry.h), shared by the edit
 * form, the command line and the CSV import.
 *
 * Numbers are read digit by digit, never with strtod(): strtod follows the
 * process locale (under vi_VN it wants "12,5" and stops at "12.5"), and the
 * core must not depend on the locale. */
#include "kehoach/entry.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <utf8proc.h>

#include "kehoach/i18n.h"
#include "kehoach/text.h"
#include "utf8_cut.h"

#define MAX_DIGITS 15

/* Exact powers of ten: every one up to 1e22 is a double. */
static const double pow10_table[MAX_DIGITS + 1] = {
	1e0, 1e1, 1e2,  1e3,  1e4,  1e5,  1e6,  1e7,
	1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15,
};

/* At most this many bytes of what was typed are quoted back, so the hint
 * after it fits the callers' buffers. */
#define QUOTE_MAX 96

__attribute__((format(printf, 3, 4)))
static bool refuse(char *why, size_t why_size, const char *fmt, ...)
{
	va_list ap;
	int r;

	if (why && why_size > 0) {
		va_start(ap, fmt);
		r = vsnprintf(why, why_size, fmt, ap);
		va_end(ap);
		/* Cut short by a small buffer: drop a character it split. */
		if (r > 0 && (size_t)r >= why_size)
			utf8_cut_end(why);
	}
	return false;
}

static bool accept(char *why, size_t why_size)
{
	if (why && why_size > 0)
		why[0] = '\0';
	return true;
}

static bool is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' ||
	       c == '\f';
}

static bool is_digit(char c)
{
	return c >= '0' && c <= '9';
}

static bool is_ascii_letter(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

/* Does s[0..n) read as a number with an exponent ("1e309", "2,5E-3")? */
static bool looks_exponent(const char *s, size_t n)
{
	size_t i = 0;

	while (i < n && is_digit(s[i]))
		i++;
	if (i == 0)
		return false;
	if (i < n && (s[i] == '.' || s[i] == ','))
		for (i++; i < n && is_digit(s[i]); i++)
			;
	if (i >= n || (s[i] != 'e' && s[i] != 'E'))
		return false;
	i++;
	if (i < n && (s[i] == '+' || s[i] == '-'))
		i++;
	if (i >= n || !is_digit(s[i]))
		return false;
	while (i < n && is_digit(s[i]))
		i++;
	return i == n;
}

/* Why s[0..n) (trimmed, not empty, no leading sign) is not made of digits
 * and at most one separator; NULL if it is. */
static const char *quantity_shape(const char *s, size_t n)
{
	bool letter = false, space = false, other = false;
	size_t seps = 0, digits = 0;

	for (size_t i = 0; i < n;) {
		unsigned char c = (unsigned char)s[i];

		if (c >= 0x80) {
			utf8proc_int32_t cp;
			utf8proc_ssize_t k = utf8proc_iterate(
				(const utf8proc_uint8_t *)s + i,
				(utf8proc_ssize_t)(n - i), &cp);

			if (k <= 0) {
				other = true;
				i++;
				continue;
			}
			switch (utf8proc_category(cp)) {
			case UTF8PROC_CATEGORY_LU:
			case UTF8PROC_CATEGORY_LL:
			case UTF8PROC_CATEGORY_LT:
			case UTF8PROC_CATEGORY_LM:
			case UTF8PROC_CATEGORY_LO:
				letter = true;
				break;
			case UTF8PROC_CATEGORY_ZS:
				space = true;
				break;
			default:
				other = true;
			}
			i += (size_t)k;
			continue;
		}
		if (is_digit((char)c))
			digits++;
		else if (c == '.' || c == ',')
			seps++;
		else if (is_ascii_letter((char)c))
			letter = true;
		else if (is_space((char)c))
			space = true;
		else
			other = true;
		i++;
	}
	if (letter && looks_exponent(s, n))
		return _("exponents are not allowed");
	if (letter)
		return _("letters are not allowed in a number");
	if (space)
		return _("spaces are not allowed inside a number");
	if (other)
		return _("only digits and one decimal point or comma are "
			 "allowed");
	if (seps > 1)
		return _("use one decimal point or comma and no thousands "
			 "separators");
	if (digits == 0)
		return _("a number needs digits");
	return NULL;
}

bool kh_parse_quantity(const char *text, bool whole, double *out, char *why,
		       size_t why_size)
{
	const char *s = text ? text : "";
	size_t n = strlen(s);
	const char *problem;

	while (n > 0 && is_space(s[0])) {
		s++;
		n--;
	}
	while (n > 0 && is_space(s[n - 1]))
		n--;
	if (n == 0)
		return refuse(why, why_size, _("empty value"));
	/* '-', U+2212 MINUS SIGN, U+2013 EN DASH */
	if (s[0] == '-' || strncmp(s, "\u2212", 3) == 0 ||
	    strncmp(s, "\u2013", 3) == 0)
		return refuse(why, why_size,
			      _("negative numbers are not allowed"));
	if (s[0] == '+')
		return refuse(why, why_size, _("signs are not allowed"));
	problem = quantity_shape(s, n);
	if (problem)
		return refuse(why, why_size, "%s", problem);

	/* Now s[0..n) is digits with at most one '.' or ','. */
	size_t sep = 0;
	while (sep < n && is_digit(s[sep]))
		sep++;
	size_t int_start = 0;
	while (int_start < sep && s[int_start] == '0')
		int_start++;
	size_t int_len = sep - int_start;
	size_t frac_start = sep < n ? sep + 1 : n;
	size_t frac_len = n - frac_start;
	while (frac_len > 0 && s[frac_start + frac_len - 1] == '0')
		frac_len--;
	size_t frac_zeros = 0;
	while (frac_zeros < frac_len && s[frac_start + frac_zeros] == '0')
		frac_zeros++;

	if (int_len > MAX_DIGITS)
		return refuse(why, why_size, _("number too large"));
	if (whole && frac_len > 0)
		return refuse(why, why_size,
			      _("a count of whole things cannot have a "
				"fraction"));
	size_t significant = int_len > 0 ? int_len + frac_len
					 : frac_len - frac_zeros;
	if (significant > MAX_DIGITS || frac_len > MAX_DIGITS)
		return refuse(why, why_size,
			      _("too many digits (at most %d significant "
				"digits)"),
			      MAX_DIGITS);

	/* At most 15 digits make an integer a double holds exactly; one
	 * division by an exact power of ten then rounds correctly. */
	uint64_t mantissa = 0;
	for (size_t i = int_start; i < sep; i++)
		mantissa = mantissa * 10 + (uint64_t)(s[i] - '0');
	for (size_t i = 0; i < frac_len; i++)
		mantissa = mantissa * 10 + (uint64_t)(s[frac_start + i] - '0');
	if (out)
		*out = (double)mantissa / pow10_table[frac_len];
	return accept(why, why_size);
}

/* Fold text for matching against word lists: text_fold() plus '-' and '.'
 * read as blanks ("not-done", "not_done", "Not done." are one key). */
static char *match_key(const char *text)
{
	char *f = text_fold(text);
	size_t o = 0;

	if (!f)
		return NULL;
	for (size_t i = 0; f[i]; i++) {
		char c = f[i] == '-' || f[i] == '.' ? ' ' : f[i];

		if (c == ' ' && (o == 0 || f[o - 1] == ' '))
			continue;
		f[o++] = c;
	}
	if (o > 0 && f[o - 1] == ' ')
		o--;
	f[o] = '\0';
	return f;
}

/* Look key up in a NULL-terminated list of folded words. */
static bool in_list(const char *key, const char *const *words)
{
	for (size_t i = 0; words[i]; i++)
		if (strcmp(key, words[i]) == 0)
			return true;
	return false;
}

bool kh_parse_done(const char *text, bool *out, char *why, size_t why_size)
{
	static const char *const yes[] = {
		"done", "yes", "y", "true", "1", "x", "hoan thanh",
		"da hoan thanh", "xong", "da xong", "co", NULL,
	};
	static const char *const no[] = {
		"not done", "no", "n", "false", "0", "chua", "chua hoan thanh",
		"chua xong", "khong", NULL,
	};
	char *key = match_key(text ? text : "");
	bool ok = true, value = false;

	if (!key)
		return refuse(why, why_size, _("out of memory"));
	if (!key[0])
		ok = refuse(why, why_size, _("empty value"));
	else if (in_list(key, yes))
		value = true;
	else if (!in_list(key, no))
		ok = refuse(why, why_size, _("use done or not-done"));
	free(key);
	if (!ok)
		return false;
	if (out)
		*out = value;
	return accept(why, why_size);
}

bool kh_parse_assessment(const char *text, kh_assessment *out, char *why,
			 size_t why_size)
{
	static const struct {
		const char *key;
		kh_assessment value;
	} words[] = {
		{"completed", KH_ASSESS_COMPLETED},
		{"complete", KH_ASSESS_COMPLETED},
		{"done", KH_ASSESS_COMPLETED},
		{"hoan thanh", KH_ASSESS_COMPLETED},
		{"da hoan thanh", KH_ASSESS_COMPLETED},
		{"in progress", KH_ASSESS_IN_PROGRESS},
		{"ongoing", KH_ASSESS_IN_PROGRESS},
		{"dang thuc hien", KH_ASSESS_IN_PROGRESS},
		{"not started", KH_ASSESS_NOT_STARTED},
		{"chua thuc hien", KH_ASSESS_NOT_STARTED},
	};
	char *key = match_key(text ? text : "");

	if (!key)
		return refuse(why, why_size, _("out of memory"));
	if (!key[0]) {
		free(key);
		return refuse(why, why_size, _("empty value"));
	}
	for (size_t i = 0; i < sizeof words / sizeof words[0]; i++) {
		if (strcmp(key, words[i].key) == 0) {
			free(key);
			if (out)
				*out = words[i].value;
			return accept(why, why_size);
		}
	}
	free(key);

	/* Quote what was typed, made safe for a terminal and kept short: it
	 * may come from an imported file. */
	char *clean = text_sanitize(text, false);
	char *shown = clean ? text_truncate(clean, 24, false) : NULL;

	free(clean);
	if (shown) {
		/* Zero-width marks make few columns of many bytes. */
		size_t n = utf8_prefix(shown, QUOTE_MAX);

		refuse(why, why_size,
		       _("unknown assessment \"%.*s%s\" (use completed, "
			 "in-progress or not-started)"),
		       (int)n, shown, shown[n] ? "\u2026" : "");
	} else {
		refuse(why, why_size,
		       _("unknown assessment (use completed, in-progress or "
			 "not-started)"));
	}
	free(shown);
	return false;
}

bool kh_parse_entry_value(const kh_target *t, const char *text, kh_entry *e,
			  char *why, size_t why_size)
{
	if (!t || !e)
		return refuse(why, why_size,
			      _("no target to parse a value for"));
	switch (t->kind) {
	case KH_KIND_QUANTITY: {
		double v;

		if (!kh_parse_quantity(text, t->whole, &v, why, why_size))
			return false;
		e->value = v;
		break;
	}
	case KH_KIND_MILESTONE: {
		bool done;

		if (!kh_parse_done(text, &done, why, why_size))
			return false;
		e->done = done;
		break;
	}
	case KH_KIND_ONGOING: {
		kh_assessment a;

		if (!kh_parse_assessment(text, &a, why, why_size))
			return false;
		e->assessment = a;
		break;
	}
	default:
		return refuse(why, why_size, _("unknown kind of target"));
	}
	e->kind = t->kind;
	return accept(why, why_size);
}
