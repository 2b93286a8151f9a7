/* Text helpers for Vietnamese UTF-8: normalisation, search folding,
 * neutralising untrusted text, display width, truncation and wrapping.
 *
 * Widths are measured with utf8proc's tables, independent of the locale, in
 * terminal columns.  Functions returning char * return a new string the
 * caller frees, or NULL only when out of memory. */
#ifndef KEHOACH_TEXT_H
#define KEHOACH_TEXT_H

#include <stdbool.h>
#include <stddef.h>

/* True if s[0..len) is valid UTF-8 (no overlongs, no surrogates). */
bool text_valid_utf8(const char *s, size_t len);

/* NFC-normalise s[0..len); invalid bytes (and NULs inside the range)
 * become U+FFFD.  NUL-terminated result. */
char *text_nfc(const char *s, size_t len);

/* Search key: NFC, case-folded, diacritics removed, đ/Đ -> d, runs of
 * blanks and punctuation other than '&', '.', '-' collapsed to one space,
 * trimmed.  "Công nghệ  Sinh học" -> "cong nghe sinh hoc". */
char *text_fold(const char *s);

/* Neutralise text for a terminal or a report: invalid bytes, C0 controls,
 * DEL, C1, U+2028/2029, bidi controls (U+202A-202E, U+2066-2069), and other
 * non-printables become U+FFFD; TAB becomes a space.  '\n' is kept when
 * keep_newlines is true, else it becomes a space ("\r\n" counts as one
 * '\n').  Output is NFC. */
char *text_sanitize(const char *s, bool keep_newlines);

/* ASCII fallback for terminals without UTF-8: sanitised ('\n' kept),
 * diacritics stripped, đ -> d, Đ -> D, typographic dashes, quotes and "…"
 * -> '-', '"', "'", "...", other non-ASCII -> '?' (wide ones "??"). */
char *text_ascii(const char *s);

/* Display width of s in terminal columns (combining marks 0, wide 2,
 * controls and invalid bytes 1 as they will be shown as U+FFFD). */
int text_width(const char *s);

/* Number of bytes of s that fit in cols columns without cutting a
 * character or separating a base from its combining marks.  *used (may be
 * NULL) receives the columns those bytes take. */
size_t text_fit(const char *s, int cols, int *used);

/* Wrap s into lines of at most cols columns, breaking at spaces where
 * possible and inside a word only when one word is longer than a line.
 * '\n' (or "\r\n") forces a break.  cols < 1 counts as 1; a line holds at
 * least one character, so a wide one stands alone in a one-column wrap.
 * Returns the number of lines; *starts and *lens (new arrays the caller
 * frees) give each line's byte offset and length in s (trailing blanks
 * excluded); either may be NULL to only count.  Returns 0 and NULL arrays
 * for "" (and when out of memory). */
size_t text_wrap(const char *s, int cols, size_t **starts, size_t **lens);

/* Copy at most cols columns of s; if s is wider, end with "…" (or "~" when
 * ascii is true) so the result is exactly within cols.  Bytes are copied
 * as they are: sanitise s first.  cols <= 0 gives "". */
char *text_truncate(const char *s, int cols, bool ascii);

/* Does the folded haystack contain the folded needle? (both already
 * folded with text_fold). */
bool text_fold_contains(const char *folded_haystack, const char *folded_needle);

/* Levenshtein distance between two byte strings, for "did you mean"
 * hints; SIZE_MAX when either is longer than 64 bytes. */
size_t text_edit_distance(const char *a, const char *b);

#endif
