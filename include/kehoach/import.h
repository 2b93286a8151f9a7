/* Importing what units send back: a CSV of figures (the template's
 * columns), checked row by row against the plan and the database, shown
 * as a diff, then written all at once or not at all. */
#ifndef KEHOACH_IMPORT_H
#define KEHOACH_IMPORT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "kehoach/entry.h"
#include "kehoach/error.h"
#include "kehoach/plan.h"
#include "kehoach/store.h"

/* The columns import reads (matched by header name, any case, any order;
 * other columns are ignored).  target_id is required, and value or
 * assessment. */
#define KH_IMPORT_COLUMNS "target_id;value;as_of;unit;assessment;note"

typedef enum kh_change {
	KH_CHANGE_NEW,    /* the target has no figure yet as of that date */
	KH_CHANGE_UPDATE, /* a different figure replaces the current one */
	KH_CHANGE_SAME,   /* this very entry is already stored: skipped */
} kh_change;

typedef struct kh_import_row {
	int line;                /* line in the file */
	const kh_target *target;
	kh_entry entry;          /* ready to store (source "import:FILE:LINE",
				    entered_by set, flags set) */
	kh_change change;
	char old_text[96];       /* "13 tấn as of 10/06/2024" or "–" */
	char new_text[96];       /* "15 tấn as of 14/06/2024" */
} kh_import_row;

typedef struct kh_import {
	char *file;              /* as given */
	kh_import_row *rows;     /* rows with a value, in file order */
	size_t n_rows;
	size_t n_new, n_update, n_same;
	size_t n_blank;          /* template rows left empty: skipped */
} kh_import;

/* Read and check a file.  default_as_of: the date for rows whose as_of is
 * empty.  force: accept figures over 3 × the plan's maximum (flagged).
 * A figure lower than the last one is accepted (and flagged) only when the
 * row's note says why.  Any bad row fails the whole import: KH_EINPUT with
 * err->file = path, err->line = the row's line, and what is wrong (unknown
 * target with the nearest id, wrong kind of value, bad date or outside the
 * plan, unknown unit, lower without a note, too high without force, a
 * date inside a closed period).  Nothing is written. */
kh_import *import_prepare(const kh_plan *plan, kh_store *store,
			  const char *path, kh_date default_as_of,
			  const char *who, bool force, kh_error *err);

/* Write every NEW and UPDATE row in one transaction (store_add_entries). */
kh_rc import_apply(kh_import *imp, kh_store *store, kh_error *err);

/* The diff for people: one line per row, "FILE:LINE  TARGET  old → new"
 * (SAME rows say "unchanged"), then a summary line. */
void import_print_diff(const kh_import *imp, FILE *out, bool ascii);

void import_free(kh_import *imp);

/* Write the template a unit fills in: a UTF-8 BOM, then ';'-separated
 * KH_IMPORT_COLUMNS and the read-only context columns section, task,
 * target, plan, measure, lead; one row per target led by `unit` (every
 * target if NULL), as_of prefilled with the period's cut-off (DD/MM/YYYY),
 * unit prefilled, value empty.  Lines end in CRLF, as Excel writes them. */
kh_rc import_write_template(FILE *out, const kh_plan *plan,
			    const kh_unit *unit, const kh_period *period,
			    kh_error *err);

#endif
