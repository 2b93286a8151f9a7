/* The SQLite store of entries.
 *
 * One database per plan.  Entries are appended, never updated or deleted;
 * an undo inserts a retraction.  Every change is one IMMEDIATE transaction,
 * every statement is prepared, the database runs in WAL mode with a busy
 * timeout, and the schema version lives in PRAGMA user_version: an older
 * database is migrated forward on open, a newer one refused (KH_EVERSION). */
#ifndef KEHOACH_STORE_H
#define KEHOACH_STORE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "kehoach/date.h"
#include "kehoach/entry.h"
#include "kehoach/error.h"

typedef struct kh_store kh_store;

/* Schema version this build writes. */
#define KH_STORE_SCHEMA_VERSION 3

/* How long a writer waits for a busy database before giving up. */
#define KH_STORE_BUSY_MS 5000

/* Open (and, if create is true, create with its folder) the database at
 * path.  Failures: KH_EDB for a file that is not a kehoach/SQLite database
 * or is corrupt, KH_EVERSION for a newer schema, KH_EREADONLY when it cannot
 * be created or migrated for lack of permission, KH_EBUSY when locked past
 * the timeout, KH_EIO when the folder cannot be made.  The message says
 * which file and what to do.  Returns NULL on failure. */
kh_store *store_open(const char *path, bool create, kh_error *err);

/* Open an existing database for reading only; never writes, never creates. */
kh_store *store_open_readonly(const char *path, kh_error *err);

void store_close(kh_store *store);

/* Change how long this store's writes wait for a busy database (default
 * KH_STORE_BUSY_MS); tests use a short wait. */
void store_set_busy_timeout(kh_store *store, int ms);

/* Path the store was opened with (owned by the store). */
const char *store_path(const kh_store *store);

/* Append an entry.  e->target_id, kind, value fields, as_of, entered_by and
 * source must be set; entered_at is filled in (UTC now) if NULL; note NULL
 * is stored as "".  On success e->id is set. */
kh_rc store_add_entry(kh_store *store, kh_entry *e, kh_error *err);

/* Append n entries in one transaction: all are written or none (on any
 * failure, including a closed period, nothing is).  Sets each e->id. */
kh_rc store_add_entries(kh_store *store, kh_entry *entries, size_t n,
			kh_error *err);

/* Retract the latest non-retracted entry of target_id (or of any target if
 * target_id is NULL), marking it by `who`.  The retracted entry is copied to
 * *out (caller frees with entry_clear) if out is not NULL.  KH_EEMPTY if
 * there is nothing to retract. */
kh_rc store_retract_latest(kh_store *store, const char *target_id,
			   const char *who, kh_entry *out, kh_error *err);

/* Every entry of target_id, newest first (by as_of, then by id), retracted
 * ones included and marked.  *out is a new array the caller frees with
 * entries_free(). */
kh_rc store_history(kh_store *store, const char *target_id, kh_entry **out,
		    size_t *n, kh_error *err);

/* What a new figure of target_id dated as_of is compared with, by index
 * seeks only: the non-retracted entries dated as_of and the latest
 * non-retracted one before it, newest first (as store_history orders
 * them).  *out is a new array the caller frees with entries_free(). */
kh_rc store_entries_near(kh_store *store, const char *target_id,
			 kh_date as_of, kh_entry **out, size_t *n,
			 kh_error *err);

/* The first max entries of store_history (all when max is 0): what a
 * screen shows without reading a long history whole. */
kh_rc store_history_newest(kh_store *store, const char *target_id,
			   size_t max, kh_entry **out, size_t *n,
			   kh_error *err);

/* For every target, its latest non-retracted entry with as_of <= as_of
 * (ties broken by the later id), restricted to entries of `period` unless
 * period is NULL.  One query for all targets.  Sorted by target_id. */
kh_rc store_latest(kh_store *store, kh_date as_of, const char *period,
		   kh_entry **out, size_t *n, kh_error *err);

/* What a snapshot reads, in one query whatever the number of targets:
 * *latest (n_latest, free with entries_free) as store_latest(store, as_of,
 * NULL); *ids (n_ids, sorted; free each and the array) as
 * store_target_ids; and reported[i] (free the array) whether ids[i] has a
 * non-retracted entry of `period` with as_of <= as_of (all false when
 * period is NULL). */
kh_rc store_snapshot_read(kh_store *store, kh_date as_of,
			  const char *period, kh_entry **latest,
			  size_t *n_latest, char ***ids, bool **reported,
			  size_t *n_ids, kh_error *err);

/* Distinct target ids that have entries, sorted (used to report entries
 * for targets the plan no longer has).  Caller frees each and the array. */
kh_rc store_target_ids(kh_store *store, char ***out, size_t *n, kh_error *err);

/* Number of entries (retracted included), for messages and tests. */
kh_rc store_count(kh_store *store, size_t *out, kh_error *err);

/* ---- reporting periods ----
 *
 * Closing a period freezes it: the report as closed is kept, and from then
 * on store_add_entry/store_add_entries refuse (KH_EINPUT, naming the period
 * and saying to reopen it) any entry whose as_of lies in a closed period's
 * window [from, cutoff].  Reopening is recorded; nothing is deleted. */

typedef struct kh_period_event {
	int64_t id;
	char *period;       /* period id */
	bool close;         /* true: closed; false: reopened */
	kh_date from, cutoff; /* the window frozen by a close */
	char *at;           /* UTC "YYYY-MM-DDTHH:MM:SSZ" */
	char *by;           /* login name */
	char *text;         /* close: the report as closed; reopen: the reason */
} kh_period_event;

void period_events_free(kh_period_event *events, size_t n);

/* Close a period (window from..cutoff) keeping report_text.  KH_EINPUT if
 * it is already closed. */
kh_rc store_close_period(kh_store *store, const char *period, kh_date from,
			 kh_date cutoff, const char *who,
			 const char *report_text, kh_error *err);

/* Reopen a closed period, recording who and why.  KH_EINPUT if it is not
 * closed. */
kh_rc store_reopen_period(kh_store *store, const char *period,
			  const char *who, const char *reason, kh_error *err);

/* Is the period closed now? */
kh_rc store_period_closed(kh_store *store, const char *period, bool *closed,
			  kh_error *err);

/* Every close and reopen (of one period, or all if period is NULL), oldest
 * first.  Caller frees with period_events_free. */
kh_rc store_period_events(kh_store *store, const char *period,
			  kh_period_event **out, size_t *n, kh_error *err);

/* Per target, over the non-retracted entries whose period is `period`:
 * the earliest entered_at, how many there are, and the OR of their flags.
 * Sorted by target_id. */
typedef struct kh_period_report {
	char *target_id;
	char first_entered_at[24];
	size_t n;
	unsigned flags;
} kh_period_report;

kh_rc store_period_reports(kh_store *store, const char *period,
			   kh_period_report **out, size_t *n, kh_error *err);
void period_reports_free(kh_period_report *reports, size_t n);

/* Copy the whole database to a new file at path (never overwriting one),
 * consistently even while others write (SQLite's online backup), then
 * check the copy with PRAGMA integrity_check.  The copy is written to
 * "PATH.incomplete-PID-N" beside it and only linked to path once checked,
 * so path never holds a half copy (a process killed midway can leave the
 * .incomplete file behind).  On failure the partial copy is removed:
 * KH_EINPUT if path exists, KH_EIO if it cannot be written, KH_EDB
 * otherwise. */
kh_rc store_backup(kh_store *store, const char *path, kh_error *err);

/* A number that changes whenever another connection commits to the
 * database (PRAGMA data_version): a screen polls it to show what others
 * saved. */
kh_rc store_data_version(kh_store *store, int64_t *out, kh_error *err);

#endif
