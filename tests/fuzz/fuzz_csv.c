/* Fuzz the CSV reader that `kehoach import` and the TUI's import use.  A
 * parsed file must hold what csv.h promises, and writing its rows back as
 * CSV (every field quoted) must read back as the same rows. */
#include <stdbool.h>

#include "kehoach/csv.h"
#include "kehoach/text.h"

#include "fuzz.h"

struct out {
	char *buf;
	size_t len, cap;
};

static void put(struct out *o, const char *s, size_t n)
{
	if (o->len + n + 1 > o->cap) {
		size_t cap = o->cap ? o->cap : 256;

		while (cap < o->len + n + 1)
			cap *= 2;
		o->buf = realloc(o->buf, cap);
		FUZZ_CHECK(o->buf != NULL);
		o->cap = cap;
	}
	memcpy(o->buf + o->len, s, n);
	o->len += n;
	o->buf[o->len] = '\0';
}

static void write_csv(const kh_csv *csv, struct out *o, const char *eol)
{
	if (csv->bom)
		put(o, "\xef\xbb\xbf", 3);
	for (size_t r = 0; r < csv->n_rows; r++) {
		const kh_csv_row *row = &csv->rows[r];

		for (size_t f = 0; f < row->n; f++) {
			if (f > 0)
				put(o, &csv->sep, 1);
			put(o, "\"", 1);
			for (const char *p = row->fields[f]; *p; p++) {
				put(o, p, 1);
				if (*p == '"') /* doubled inside quotes */
					put(o, p, 1);
			}
			put(o, "\"", 1);
		}
		put(o, eol, strlen(eol));
	}
}

static void check_csv(const kh_csv *csv, size_t size, const uint8_t *data)
{
	int prev_line = 0;

	FUZZ_CHECK(csv->sep == ',' || csv->sep == ';');
	FUZZ_CHECK(csv->bom == (size >= 3 && memcmp(data, "\xef\xbb\xbf", 3) == 0));
	FUZZ_CHECK(csv->n_rows == 0 || csv->rows != NULL);
	for (size_t r = 0; r < csv->n_rows; r++) {
		const kh_csv_row *row = &csv->rows[r];

		FUZZ_CHECK(row->n >= 1 && row->n <= 1000);
		FUZZ_CHECK(row->line > prev_line);
		FUZZ_CHECK((size_t)row->line <= size + 1);
		prev_line = row->line;
		for (size_t f = 0; f < row->n; f++) {
			const char *s = row->fields[f];
			size_t n = strlen(s);
			char *nfc;

			FUZZ_CHECK(text_valid_utf8(s, n));
			FUZZ_CHECK(n <= 4 * 64 * 1024); /* NFC may grow it */
			nfc = text_nfc(s, n);
			FUZZ_CHECK(nfc != NULL && strcmp(nfc, s) == 0);
			free(nfc);
		}
	}
}

static void check_round_trip(const kh_csv *csv, const char *eol)
{
	struct out o = {0};
	kh_error err;
	kh_csv *back;

	write_csv(csv, &o, eol);
	back = csv_parse("again.csv", o.buf ? o.buf : "", o.len, &err);
	if (!back) {
		char msg[2048];

		fprintf(stderr, "rewritten CSV refused: %s\n",
			kh_error_format(&err, msg, sizeof msg));
		/* Only the 64 KiB field limit may refuse what was read. */
		FUZZ_CHECK(err.code == KH_EINPUT &&
			   strstr(err.msg, "longer than") != NULL);
		free(o.buf);
		return;
	}
	FUZZ_CHECK(back->n_rows == csv->n_rows);
	FUZZ_CHECK(back->sep == csv->sep || csv->n_rows == 0);
	FUZZ_CHECK(back->bom == csv->bom);
	for (size_t r = 0; r < csv->n_rows; r++) {
		FUZZ_CHECK(back->rows[r].n == csv->rows[r].n);
		for (size_t f = 0; f < csv->rows[r].n; f++)
			FUZZ_CHECK(strcmp(back->rows[r].fields[f],
					  csv->rows[r].fields[f]) == 0);
	}
	csv_free(back);
	free(o.buf);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	kh_error err;
	char msg[2048];
	kh_csv *csv;

	csv = csv_parse("fuzz.csv", (const char *)data, size, &err);
	if (!csv) {
		FUZZ_CHECK(err.code == KH_EINPUT);
		FUZZ_CHECK(err.line >= 1 && (size_t)err.line <= size + 1);
		kh_error_format(&err, msg, sizeof msg);
		FUZZ_CHECK(text_valid_utf8(msg, strlen(msg)));
		return 0;
	}
	FUZZ_CHECK(err.code == KH_OK);
	check_csv(csv, size, data);
	check_round_trip(csv, "\r\n");
	check_round_trip(csv, "\n");
	csv_free(csv);
	return 0;
}
