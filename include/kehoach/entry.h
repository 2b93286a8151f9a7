/* Entries: what a unit reported for a target, and the one parser of values.
 *
 * An entry is never changed once written: a correction is a newer entry and
 * an undo marks the entry retracted.  The same parsers serve the edit form,
 * the command line and the CSV import, so a value is judged the same way
 * wherever it comes in. */
#ifndef KEHOACH_ENTRY_H
#define KEHOACH_ENTRY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "kehoach/date.h"
#include "kehoach/plan.h"

/* The periodic assessment of an ongoing duty. */
typedef enum kh_assessment {
	KH_ASSESS_NONE = 0,
	KH_ASSESS_NOT_STARTED, /* Chưa thực hiện */
	KH_ASSESS_IN_PROGRESS, /* Đang thực hiện */
	KH_ASSESS_COMPLETED,   /* Hoàn thành */
} kh_assessment;

/* "not_started", "in_progress", "completed" ("" for NONE). */
const char *kh_assessment_id(kh_assessment a);
/* In words, in the language in use: "not started", "in progress",
 * "completed" ("Chưa thực hiện", "Đang thực hiện", "Hoàn thành"). */
const char *kh_assessment_label(kh_assessment a);

typedef struct kh_entry {
	int64_t id;          /* assigned by the store */
	char *target_id;
	kh_kind kind;
	double value;        /* quantity: cumulative value to date */
	bool done;           /* milestone */
	kh_assessment assessment; /* ongoing */
	kh_date as_of;       /* the date the figure is "as of" */
	char *period;        /* period id, may be NULL */
	char *unit_id;       /* reporting unit, may be NULL */
	char *note;          /* never NULL once stored ("" if none) */
	char *entered_by;    /* login name */
	char *entered_at;    /* UTC, "YYYY-MM-DDTHH:MM:SSZ" */
	char *source;        /* "tui", "cli", "import:FILE:ROW" */
	unsigned flags;      /* KH_CHECK_* flags the user confirmed (check.h) */
	bool retracted;
	char *retracted_at;  /* NULL unless retracted */
	char *retracted_by;
} kh_entry;

/* Free the strings an entry owns (not the entry itself) and zero it. */
void entry_clear(kh_entry *e);

/* Free an array of n entries returned by the store. */
void entries_free(kh_entry *entries, size_t n);

/* Parse a quantity: digits with one optional decimal point or comma
 * ("12.5", "12,5"), blanks around it allowed.  Refused, with the reason in
 * why (a short English sentence): empty text, letters, signs, exponents,
 * more than 15 significant digits, a negative number, a fraction when whole
 * is true.  Returns true on success. */
bool kh_parse_quantity(const char *text, bool whole, double *out, char *why,
		       size_t why_size);

/* Parse a milestone value: done/yes/1/x/"hoàn thành" -> true;
 * not-done/no/0/"chưa" -> false (case and diacritics ignored). */
bool kh_parse_done(const char *text, bool *out, char *why, size_t why_size);

/* Parse an assessment: the ids above (with '-' or '_' or ' '), English
 * words, or the Vietnamese labels with or without diacritics. */
bool kh_parse_assessment(const char *text, kh_assessment *out, char *why,
			 size_t why_size);

/* Parse VALUE for a target of the given kind into e->value / e->done /
 * e->assessment and set e->kind. */
bool kh_parse_entry_value(const kh_target *t, const char *text, kh_entry *e,
			  char *why, size_t why_size);

/* Format an entry's value for people ("15", "12,5" never: always '.'),
 * "done"/"not done", or the assessment id.  Returns buf. */
char *kh_entry_value_text(const kh_entry *e, char *buf, size_t size);

/* Format a number the shortest way that round-trips to 15 digits:
 * 30 -> "30", 12.5 -> "12.5".  Returns buf. */
char *kh_number_text(double v, char *buf, size_t size);

#endif
