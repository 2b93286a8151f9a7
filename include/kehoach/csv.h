/* Reading CSV the way spreadsheets write it: UTF-8 with or without a BOM,
 * comma or semicolon separated (detected from the header line), quoted
 * fields holding separators, quotes and newlines, CRLF or LF. */
#ifndef KEHOACH_CSV_H
#define KEHOACH_CSV_H

#include <stdbool.h>
#include <stddef.h>

#include "kehoach/error.h"

typedef struct kh_csv_row {
	char **fields;  /* NUL-terminated UTF-8 (NFC), unquoted */
	size_t n;
	int line;       /* 1-based line of the file where the row starts */
} kh_csv_row;

typedef struct kh_csv {
	kh_csv_row *rows;   /* the header is rows[0]; blank lines skipped */
	size_t n_rows;
	char sep;           /* ',' or ';' */
	bool bom;           /* the file started with a UTF-8 BOM */
} kh_csv;

/* Parse data (name is used in errors).  Refused with KH_EINPUT and
 * NAME:LINE: message: invalid UTF-8, a quote left open, a stray quote
 * inside an unquoted field, a NUL byte, a field over 64 KiB, more than
 * 1,000 fields in a row.  An empty input gives zero rows. */
kh_csv *csv_parse(const char *name, const char *data, size_t len,
		  kh_error *err);

/* Read and parse a file (at most 64 MiB; KH_EIO if unreadable). */
kh_csv *csv_read_file(const char *path, kh_error *err);

void csv_free(kh_csv *csv);

#endif
