/* The one reader of whole files with a size cap, shared by the plan
 * loader, the settings file and the CSV import (private to the core). */
#ifndef KEHOACH_READFILE_H
#define KEHOACH_READFILE_H

#include <stddef.h>

/* Why read_file_capped failed; each caller words it for its own file. */
typedef enum kh_read_fail {
	KH_READ_OPEN,  /* it cannot be opened (*errnum) */
	KH_READ_DIR,   /* it is a folder (*errnum EISDIR) */
	KH_READ_ERROR, /* it cannot be read (*errnum) */
	KH_READ_BIG,   /* it holds more than max bytes */
	KH_READ_NOMEM,
} kh_read_fail;

/* The whole file at path, *len bytes (not NUL-terminated), owned by the
 * caller; NULL with *why (and *errnum, 0 for BIG and NOMEM) when it
 * cannot be had.  A regular file larger than max is refused before it is read;
 * anything else (a pipe) is read one byte past max to know. */
char *read_file_capped(const char *path, size_t max, size_t *len,
		       kh_read_fail *why, int *errnum);

#endif
