/* The edit form: record a figure for one target (ncurses form library). */
#ifndef KEHOACH_UI_EDIT_H
#define KEHOACH_UI_EDIT_H

#include <stdbool.h>
#include <stddef.h>

#include "dialog.h"
#include "kehoach/entry.h"
#include "kehoach/plan.h"

typedef struct edit_request {
	const kh_plan *plan;
	const kh_target *target;
	const kh_entry *current; /* the current entry, or NULL: prefills;
				    must stay valid while the form is open */
	kh_date as_of;           /* default for the date field */

	/* Optional (NULL: not asked).  The target's most recently entered
	 * non-retracted entry as the database holds it now (*out NULL: none),
	 * valid until the next call.  Called when the form opens and again
	 * on Enter: when it changed in between (another clerk saved or
	 * undid), the form shows the newer figure and asks before saving.
	 * False with why filled when the database cannot be read. */
	bool (*latest)(void *ctx, const kh_entry **out, char *why,
		       size_t why_size);
	/* Optional (NULL: edit_run only fills *out).  Write the entry,
	 * setting e->id; false with why filled when it could not be written
	 * (database busy, period closed): the form says why and stays open
	 * with the user's input, so Enter tries again. */
	bool (*save)(void *ctx, kh_entry *e, char *why, size_t why_size);
	void *ctx;
} edit_request;

/* Run the form over the screen until the user saves (Enter, with every
 * field valid, any implausible value confirmed, any figure saved by
 * someone else meanwhile confirmed, and req->save succeeding) or
 * discards (Esc).
 * On save fills *out (caller frees with entry_clear): target_id, kind and
 * value/done/assessment, as_of, period (plan_period_for_date), unit_id,
 * note (NFC, may be "") — not entered_by/source, which the caller (or
 * req->save) sets — and returns true.  Writes nothing itself. */
bool edit_run(const dlg_host *host, const edit_request *req, kh_entry *out);

#endif
