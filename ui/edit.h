/* The edit form: record a figure for one target (ncurses form library). */
#ifndef KEHOACH_UI_EDIT_H
#define KEHOACH_UI_EDIT_H

#include <stdbool.h>

#include "dialog.h"
#include "kehoach/entry.h"
#include "kehoach/plan.h"

typedef struct edit_request {
	const kh_plan *plan;
	const kh_target *target;
	const kh_entry *current; /* the current entry, or NULL: prefills */
	kh_date as_of;           /* default for the date field */
} edit_request;

/* Run the form over the screen until the user saves (Enter, with every
 * field valid and any implausible value confirmed) or discards (Esc).
 * On save fills *out (caller frees with entry_clear): target_id, kind and
 * value/done/assessment, as_of, period (plan_period_for_date), unit_id,
 * note (NFC, may be "") — not entered_by/source, which the caller sets —
 * and returns true.  Writes nothing anywhere. */
bool edit_run(const dlg_host *host, const edit_request *req, kh_entry *out);

#endif
