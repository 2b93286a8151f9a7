/* Checks on entry: figures a clerk must confirm before they are saved,
 * wherever they come in (form, command line, import). */
#ifndef KEHOACH_CHECK_H
#define KEHOACH_CHECK_H

#include <stddef.h>

#include "kehoach/entry.h"
#include "kehoach/plan.h"

/* How many times the plan's maximum is "far above" it. */
#define KH_CHECK_HIGH_FACTOR 3.0

enum kh_check_flag {
	KH_CHECK_LOWER = 1 << 0, /* cumulative figure below the previous one */
	KH_CHECK_HIGH = 1 << 1,  /* more than KH_CHECK_HIGH_FACTOR × max */
};

/* Flags (0 when plausible) for a new quantity entry e of target t, given
 * the previous current entry (latest non-retracted entry on or before
 * e->as_of, or NULL).  why (may be NULL) receives one English sentence per
 * flag, e.g. "12 is lower than the last figure, 15 (as of 2024-06-14)".
 * Milestones and ongoing duties are never flagged. */
unsigned kh_check_entry(const kh_target *t, const kh_entry *previous,
			const kh_entry *e, char *why, size_t why_size);

#endif
