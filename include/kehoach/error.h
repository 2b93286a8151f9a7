/* Error reporting shared by every core module.
 *
 * The core never prints and never exits: a function that can fail returns a
 * kh_rc and fills a caller-supplied kh_error, which the command line or the
 * TUI shows.  An error about a place in a file (the plan, a CSV) carries the
 * file name and a 1-based line and column; kh_error_format() renders it as
 * "FILE:LINE:COL: message". */
#ifndef KEHOACH_ERROR_H
#define KEHOACH_ERROR_H

#include <stddef.h>

/* Result codes.  kh_rc_exit_code() maps them to the command line's exit
 * codes: 0 ok, 2 bad input or usage, 1 anything else. */
typedef enum kh_rc {
	KH_OK = 0,
	KH_EINPUT,    /* bad input: plan file, value, date, CSV row   (exit 2) */
	KH_ENOTFOUND, /* unknown target, unit or period                (exit 2) */
	KH_EUSAGE,    /* bad command-line usage                        (exit 2) */
	KH_EDB,       /* the database failed or is corrupt             (exit 1) */
	KH_EBUSY,     /* the database stayed locked past the timeout   (exit 1) */
	KH_EREADONLY, /* the database or its folder is not writable    (exit 1) */
	KH_EVERSION,  /* the database was written by a newer kehoach   (exit 1) */
	KH_EIO,       /* a file could not be read or written           (exit 1) */
	KH_ENOMEM,    /* out of memory                                 (exit 1) */
	KH_EEMPTY,    /* nothing to do (e.g. undo with no entry)       (exit 1) */
} kh_rc;

typedef struct kh_error {
	kh_rc code;
	char file[512]; /* file the error is about, "" if none */
	int line;       /* 1-based, 0 if not applicable */
	int col;        /* 1-based, 0 if not applicable */
	char msg[768];  /* one line, no trailing newline */
} kh_error;

/* Short English name of a result code ("bad input", "database busy"). */
const char *kh_rc_name(kh_rc rc);

/* Exit code for the command line: 0, 1 or 2 (see kh_rc). */
int kh_rc_exit_code(kh_rc rc);

/* Clear an error to KH_OK with no location.  err may be NULL. */
void kh_error_clear(kh_error *err);

/* Fill err (may be NULL) with code and a printf-style message, no location.
 * Returns code, so callers can write `return kh_error_set(...)`. */
kh_rc kh_error_set(kh_error *err, kh_rc code, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* Like kh_error_set, with a place in a file (line/col 1-based, 0 = none). */
kh_rc kh_error_set_at(kh_error *err, kh_rc code, const char *file, int line,
		      int col, const char *fmt, ...)
	__attribute__((format(printf, 6, 7)));

/* Render "FILE:LINE:COL: msg" (parts omitted when absent) into buf.
 * Returns buf. */
char *kh_error_format(const kh_error *err, char *buf, size_t size);

#endif
