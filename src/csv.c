/* Reading CSV the way spreadsheets write it (see kehoach/csv.h).
 *
 * Two passes over the bytes.  The first checks the encoding line by line
 * (no NUL, valid UTF-8), so an error names the physical line where the bad
 * byte is.  The second is a state machine that splits records and fields;
 * it counts physical lines as it goes (CRLF, LF and a lone CR each end one
 * line, also inside quotes), so every row knows the line it starts on. */
#include "kehoach/csv.h"

#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kehoach/i18n.h"
#include "kehoach/text.h"
#include "readfile.h"

#define CSV_MAX_FIELD (64u * 1024u)
#define CSV_MAX_FIELDS 1000
#define CSV_MAX_FILE (64u * 1024u * 1024u)

enum csv_state {
	CSV_FIELD_START, /* before a field: blanks are skipped */
	CSV_UNQUOTED,    /* inside a plain field */
	CSV_QUOTED,      /* inside "..." */
	CSV_QUOTE_SEEN,  /* a quote inside "...": doubled, or the end */
	CSV_AFTER_QUOTE, /* blanks after the closing quote */
};

struct csv_parser {
	const char *name;
	kh_error *err;
	kh_csv *csv;
	size_t cap_rows;
	char **fields;     /* the row being read */
	size_t n_fields, cap_fields;
	char *buf;         /* the field being read (raw bytes) */
	size_t len, cap;
	size_t keep;       /* unquoted: length without trailing blanks */
	bool quoted;
	int line;          /* current physical line */
	int row_line;      /* line the current row started on */
	int quote_line;    /* line of the quote that opened the field */
};

static bool is_blank(char c)
{
	return c == ' ' || c == '\t';
}

/* Length of the line end at data[i] (2 for CRLF, 1 for LF or a lone CR),
 * 0 if there is none. */
static size_t eol_len(const char *data, size_t len, size_t i)
{
	if (data[i] == '\n')
		return 1;
	if (data[i] == '\r')
		return i + 1 < len && data[i + 1] == '\n' ? 2 : 1;
	return 0;
}

static kh_rc no_memory(struct csv_parser *p)
{
	return kh_error_set(p->err, KH_ENOMEM, _("out of memory reading %s"),
			    p->name);
}

/* Every line must be NUL-free UTF-8.  Line ends are ASCII, so cutting at
 * them never splits a character. */
static kh_rc check_encoding(const char *name, const char *data, size_t len,
			    kh_error *err)
{
	int line = 1;
	size_t start = 0;

	if (len >= 2 && ((data[0] == '\xff' && data[1] == '\xfe') ||
			 (data[0] == '\xfe' && data[1] == '\xff')))
		return kh_error_set_at(err, KH_EINPUT, name, 1, 0,
				       _("the file is UTF-16; save it as "
					 "\"CSV UTF-8\""));
	while (start < len) {
		size_t end = start, n;

		while (end < len && !eol_len(data, len, end))
			end++;
		if (memchr(data + start, '\0', end - start))
			return kh_error_set_at(err, KH_EINPUT, name, line, 0,
					       _("a NUL byte: this is not a "
						 "text file; save it as \"CSV "
						 "UTF-8\""));
		if (!text_valid_utf8(data + start, end - start))
			return kh_error_set_at(err, KH_EINPUT, name, line, 0,
					       _("not valid UTF-8; save the "
						 "file as \"CSV UTF-8\""));
		n = end < len ? eol_len(data, len, end) : 0;
		start = end + n;
		line++;
	}
	return KH_OK;
}

/* Count ',' and ';' outside quotes on the first non-blank line; the more
 * frequent one separates (';' on a tie: it is what the template uses). */
static char detect_sep(const char *data, size_t len)
{
	size_t i = 0, commas = 0, semicolons = 0;
	bool in_quote = false;

	for (;;) {
		size_t j = i;

		while (j < len && is_blank(data[j]))
			j++;
		if (j < len && eol_len(data, len, j)) {
			i = j + eol_len(data, len, j);
			continue;
		}
		break;
	}
	for (; i < len; i++) {
		char c = data[i];

		if (c == '"')
			in_quote = !in_quote;
		else if (!in_quote && (c == '\n' || c == '\r'))
			break;
		else if (!in_quote && c == ',')
			commas++;
		else if (!in_quote && c == ';')
			semicolons++;
	}
	return commas > semicolons ? ',' : ';';
}

static kh_rc add_byte(struct csv_parser *p, char c)
{
	if (p->len >= CSV_MAX_FIELD)
		return kh_error_set_at(p->err, KH_EINPUT, p->name, p->line, 0,
				       _("a field longer than %u KiB; "
					 "shorten it"),
				       CSV_MAX_FIELD / 1024);
	if (p->len + 1 >= p->cap) {
		size_t cap = p->cap ? p->cap * 2 : 64;
		char *b = realloc(p->buf, cap);

		if (!b)
			return no_memory(p);
		p->buf = b;
		p->cap = cap;
	}
	p->buf[p->len++] = c;
	if (!p->quoted && !is_blank(c))
		p->keep = p->len;
	return KH_OK;
}

static kh_rc end_field(struct csv_parser *p)
{
	size_t n = p->quoted ? p->len : p->keep;
	char *field;

	if (p->n_fields >= CSV_MAX_FIELDS)
		return kh_error_set_at(p->err, KH_EINPUT, p->name, p->row_line,
				       0, _("more than %d fields in a row"),
				       CSV_MAX_FIELDS);
	if (p->n_fields == p->cap_fields) {
		size_t cap = p->cap_fields ? p->cap_fields * 2 : 8;
		char **f = realloc(p->fields, cap * sizeof *f);

		if (!f)
			return no_memory(p);
		p->fields = f;
		p->cap_fields = cap;
	}
	field = text_nfc(p->buf ? p->buf : "", n);
	if (!field)
		return no_memory(p);
	p->fields[p->n_fields++] = field;
	p->len = 0;
	p->keep = 0;
	p->quoted = false;
	return KH_OK;
}

static kh_rc end_row(struct csv_parser *p)
{
	kh_csv *csv = p->csv;
	kh_rc rc = end_field(p);

	if (rc != KH_OK)
		return rc;
	if (csv->n_rows == p->cap_rows) {
		size_t cap = p->cap_rows ? p->cap_rows * 2 : 16;
		kh_csv_row *r = realloc(csv->rows, cap * sizeof *r);

		if (!r)
			return no_memory(p);
		csv->rows = r;
		p->cap_rows = cap;
	}
	csv->rows[csv->n_rows].fields = p->fields;
	csv->rows[csv->n_rows].n = p->n_fields;
	csv->rows[csv->n_rows].line = p->row_line;
	csv->n_rows++;
	p->fields = NULL;
	p->n_fields = 0;
	p->cap_fields = 0;
	return KH_OK;
}

/* Nothing read on this line yet: a blank line, skipped. */
static bool row_empty(const struct csv_parser *p)
{
	return p->n_fields == 0 && p->len == 0 && !p->quoted;
}

static kh_rc at_eol(struct csv_parser *p)
{
	kh_rc rc = row_empty(p) ? KH_OK : end_row(p);

	p->line++;
	p->row_line = p->line;
	return rc;
}

static kh_rc run(struct csv_parser *p, const char *data, size_t len)
{
	enum csv_state st = CSV_FIELD_START;
	char sep = p->csv->sep;
	kh_rc rc = KH_OK;

	for (size_t i = 0; i < len && rc == KH_OK; i++) {
		char c = data[i];
		size_t eol = eol_len(data, len, i);

		switch (st) {
		case CSV_QUOTED:
			if (c == '"') {
				st = CSV_QUOTE_SEEN;
			} else {
				rc = add_byte(p, c);
				if (eol == 2 && rc == KH_OK)
					rc = add_byte(p, data[++i]);
				if (eol)
					p->line++;
			}
			continue;
		case CSV_QUOTE_SEEN:
			if (c == '"') {
				rc = add_byte(p, c);
				st = CSV_QUOTED;
				continue;
			}
			st = CSV_AFTER_QUOTE;
			break;
		default:
			break;
		}

		/* Outside quotes: separators and line ends. */
		if (eol) {
			i += eol - 1;
			rc = at_eol(p);
			st = CSV_FIELD_START;
			continue;
		}
		if (c == sep) {
			rc = end_field(p);
			st = CSV_FIELD_START;
			continue;
		}
		switch (st) {
		case CSV_FIELD_START:
			if (is_blank(c))
				break;
			if (c == '"') {
				p->quoted = true;
				p->quote_line = p->line;
				st = CSV_QUOTED;
				break;
			}
			rc = add_byte(p, c);
			st = CSV_UNQUOTED;
			break;
		case CSV_UNQUOTED:
			if (c == '"')
				rc = kh_error_set_at(p->err, KH_EINPUT, p->name,
						     p->line, 0,
						     _("a quote inside a field "
						       "that does not start "
						       "with one; put the "
						       "whole field in quotes "
						       "and double the quote "
						       "(\"\")"));
			else
				rc = add_byte(p, c);
			break;
		case CSV_AFTER_QUOTE:
			if (!is_blank(c))
				rc = kh_error_set_at(p->err, KH_EINPUT, p->name,
						     p->line, 0,
						     _("text after a closing "
						       "quote; a quote inside "
						       "a quoted field is "
						       "written twice (\"\")"));
			break;
		default:
			break;
		}
	}
	if (rc != KH_OK)
		return rc;
	if (st == CSV_QUOTED)
		return kh_error_set_at(p->err, KH_EINPUT, p->name,
				       p->quote_line, 0,
				       _("a quote opened on this line is "
					 "never closed; close it with \""));
	return row_empty(p) ? KH_OK : end_row(p);
}

kh_csv *csv_parse(const char *name, const char *data, size_t len,
		  kh_error *err)
{
	struct csv_parser p = {0};
	kh_csv *csv;
	kh_rc rc;

	kh_error_clear(err);
	if (!name)
		name = "";
	if (!data)
		len = 0;
	csv = calloc(1, sizeof *csv);
	if (!csv) {
		kh_error_set(err, KH_ENOMEM, _("out of memory reading %s"),
			     name);
		return NULL;
	}
	if (len >= 3 && memcmp(data, "\xef\xbb\xbf", 3) == 0) {
		csv->bom = true;
		data += 3;
		len -= 3;
	}
	rc = check_encoding(name, data, len, err);
	if (rc != KH_OK) {
		csv_free(csv);
		return NULL;
	}
	csv->sep = detect_sep(data, len);
	p.name = name;
	p.err = err;
	p.csv = csv;
	p.line = 1;
	p.row_line = 1;
	rc = run(&p, data, len);
	for (size_t i = 0; i < p.n_fields; i++)
		free(p.fields[i]);
	free(p.fields);
	free(p.buf);
	if (rc != KH_OK) {
		csv_free(csv);
		return NULL;
	}
	return csv;
}

kh_csv *csv_read_file(const char *path, kh_error *err)
{
	kh_read_fail why;
	int e;
	size_t len = 0;

	kh_error_clear(err);
	char *data = read_file_capped(path, CSV_MAX_FILE, &len, &why, &e);
	if (!data) {
		if (why == KH_READ_BIG)
			kh_error_set(err, KH_EINPUT,
				     _("%s is larger than %u MiB: not a unit's "
				       "return"),
				     path, CSV_MAX_FILE / (1024 * 1024));
		else if (why == KH_READ_NOMEM)
			kh_error_set(err, KH_ENOMEM,
				     _("out of memory reading %s"), path);
		else
			kh_error_set(err, KH_EIO, _("cannot read %s: %s"), path,
				     strerror(e ? e : EIO));
		return NULL;
	}
	kh_csv *csv = csv_parse(path, data, len, err);
	free(data);
	return csv;
}

void csv_free(kh_csv *csv)
{
	if (!csv)
		return;
	for (size_t i = 0; i < csv->n_rows; i++) {
		for (size_t j = 0; j < csv->rows[i].n; j++)
			free(csv->rows[i].fields[j]);
		free(csv->rows[i].fields);
	}
	free(csv->rows);
	free(csv);
}
