/* Safe output of untrusted text. */
#include "kehoach/out.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <utf8proc.h>

#include "kehoach/entry.h"
#include "kehoach/text.h"

void out_text(FILE *fp, const char *s, bool keep_newlines, bool ascii)
{
	if (!s)
		return;
	char *clean = ascii ? text_ascii(s) : text_sanitize(s, keep_newlines);
	if (!clean)
		return;
	if (ascii && !keep_newlines)
		for (char *p = clean; *p; p++)
			if (*p == '\n')
				*p = ' ';
	fputs(clean, fp);
	free(clean);
}

/* Write the (valid, NFC) UTF-8 character at p; return its length.  C1
 * controls, bidi and other format characters and U+2028/2029 (which end
 * lines in JavaScript) are written as \u escapes: the same string to a
 * JSON reader, but nothing that can drive a terminal the JSON is shown on. */
static size_t json_char(FILE *fp, const unsigned char *p)
{
	utf8proc_int32_t cp;
	utf8proc_ssize_t k = utf8proc_iterate(p, -1, &cp);
	if (k <= 0) {
		fputc(*p, fp);
		return 1;
	}
	switch (utf8proc_category(cp)) {
	case UTF8PROC_CATEGORY_CC:
	case UTF8PROC_CATEGORY_CF:
	case UTF8PROC_CATEGORY_ZL:
	case UTF8PROC_CATEGORY_ZP:
		if (cp > 0xffff) /* format characters beyond the BMP */
			fprintf(fp, "\\u%04x\\u%04x",
				(unsigned)(0xd800 + ((cp - 0x10000) >> 10)),
				(unsigned)(0xdc00 + ((cp - 0x10000) & 0x3ff)));
		else
			fprintf(fp, "\\u%04x", (unsigned)cp);
		break;
	default:
		fwrite(p, 1, (size_t)k, fp);
	}
	return (size_t)k;
}

void out_json_string(FILE *fp, const char *s)
{
	if (!s) {
		fputs("null", fp);
		return;
	}
	char *nfc = text_nfc(s, strlen(s)); /* invalid bytes -> U+FFFD */
	const unsigned char *p = (const unsigned char *)(nfc ? nfc : "");
	fputc('"', fp);
	for (; *p; p++) {
		switch (*p) {
		case '"': fputs("\\\"", fp); continue;
		case '\\': fputs("\\\\", fp); continue;
		case '\n': fputs("\\n", fp); continue;
		case '\r': fputs("\\r", fp); continue;
		case '\t': fputs("\\t", fp); continue;
		default: break;
		}
		if (*p < 0x20 || *p == 0x7f) {
			fprintf(fp, "\\u%04x", *p);
		} else if (*p >= 0x80) {
			p += json_char(fp, p) - 1;
		} else {
			fputc(*p, fp);
		}
	}
	fputc('"', fp);
	free(nfc);
}

void out_json_number(FILE *fp, double v)
{
	char buf[64];
	if (!isfinite(v)) {
		fputs("null", fp);
		return;
	}
	fputs(kh_number_text(v, buf, sizeof buf), fp);
}

static bool is_plain_number(const char *s)
{
	const char *p = s;
	if (*p == '-')
		p++;
	if (!*p)
		return false;
	bool digits = false, point = false;
	for (; *p; p++) {
		if (*p >= '0' && *p <= '9')
			digits = true;
		else if ((*p == '.' || *p == ',') && !point)
			point = true;
		else
			return false;
	}
	return digits;
}

void out_csv_field(FILE *fp, const char *raw, char sep)
{
	if (!raw || !*raw)
		return;
	/* A CSV file is often looked at with cat: no escape sequences. */
	char *s = text_sanitize(raw, true);
	if (!s)
		return;
	bool formula = strchr("=+-@\t\r", s[0]) && !is_plain_number(s);
	size_t len = strlen(s);
	bool quote = formula || s[0] == ' ' || s[len - 1] == ' ' ||
		     strchr(s, sep) || strchr(s, '"') || strchr(s, '\n') ||
		     strchr(s, '\r');
	if (quote)
		fputc('"', fp);
	if (formula)
		fputc('\'', fp);
	for (const char *p = s; *p; p++) {
		if (*p == '"')
			fputc('"', fp);
		fputc(*p, fp);
	}
	if (quote)
		fputc('"', fp);
	free(s);
}
