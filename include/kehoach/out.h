/* Writing text safely: to a terminal (neutralised, ASCII when the locale
 * is not UTF-8), as JSON strings, and as CSV fields.  Text from plan files
 * and the database goes through these and nothing else. */
#ifndef KEHOACH_OUT_H
#define KEHOACH_OUT_H

#include <stdbool.h>
#include <stdio.h>

/* Write s for a person: control and escape sequences neutralised
 * (text_sanitize), newlines kept only if keep_newlines; with ascii, also
 * folded to ASCII (text_ascii).  NULL writes nothing. */
void out_text(FILE *fp, const char *s, bool keep_newlines, bool ascii);

/* Write s as a JSON string literal with quotes; NULL writes null.  Invalid
 * UTF-8 becomes U+FFFD, controls and U+2028/2029 are escaped. */
void out_json_string(FILE *fp, const char *s);

/* Write a number as JSON (shortest round-trip form); non-finite as null. */
void out_json_number(FILE *fp, double v);

/* Write one CSV field: quoted when it holds sep, a quote, CR or LF, or
 * leading/trailing blanks; quotes doubled.  A text starting with = + - @
 * (or TAB/CR) is prefixed with an apostrophe so spreadsheets do not run it
 * as a formula, unless the whole field is a plain number.  NULL writes an
 * empty field. */
void out_csv_field(FILE *fp, const char *s, char sep);

#endif
