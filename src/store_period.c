/* The store's reporting periods: closing and reopening (append-only events,
 * the latest event of a period saying whether it is closed), the guard
 * that keeps entries out of a closed window, and who reported what for a
 * period. */
#include "kehoach/store.h"
#include "store_impl.h"

#include "kehoach/i18n.h"

#include <sqlite3.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Column order read by read_event(). */
#define EVENT_COLUMNS "id, period, action, from_date, cutoff_date, at, by, text"

const char *const store_period_sql[ST_N] = {
	/* A close event that is its period's latest event and whose window
	 * holds ?1. */
	[ST_CLOSED_AT] =
		"SELECT c.period, c.at, c.by FROM period_event AS c"
		" WHERE c.action = 'close'"
		" AND ?1 BETWEEN c.from_date AND c.cutoff_date"
		" AND c.id = (SELECT max(l.id) FROM period_event AS l"
		" WHERE l.period = c.period)"
		" ORDER BY c.period LIMIT 1",
	[ST_PERIOD_LAST] = "SELECT action = 'close', at, by FROM period_event"
			   " WHERE period = ?1 ORDER BY id DESC LIMIT 1",
	[ST_PERIOD_EVENTS] = "SELECT " EVENT_COLUMNS " FROM period_event"
			     " WHERE ?1 IS NULL OR period = ?1 ORDER BY id",
	[ST_INSERT_EVENT] =
		"INSERT INTO period_event (period, action, from_date,"
		" cutoff_date, at, by, text)"
		" VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
	[ST_PERIOD_REPORTS] =
		"SELECT e.target_id, min(e.entered_at), count(*),"
		" kh_bit_or(e.flags) FROM entry AS e"
		" WHERE e.period = ?1"
		" AND NOT EXISTS (SELECT 1 FROM retraction AS r"
		" WHERE r.entry_id = e.id)"
		" GROUP BY e.target_id ORDER BY e.target_id",
};

/* ---- kh_bit_or(x): the bitwise OR of a group (SQLite has none) ---- */

static void bit_or_step(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
	(void)argc;
	sqlite3_int64 *acc = sqlite3_aggregate_context(ctx, sizeof *acc);
	if (!acc) {
		sqlite3_result_error_nomem(ctx);
		return;
	}
	*acc |= sqlite3_value_int64(argv[0]);
}

static void bit_or_final(sqlite3_context *ctx)
{
	/* No rows: no context was ever allocated. */
	sqlite3_int64 *acc = sqlite3_aggregate_context(ctx, 0);
	sqlite3_result_int64(ctx, acc ? *acc : 0);
}

int store_register_functions(sqlite3 *db)
{
	return sqlite3_create_function_v2(
		db, "kh_bit_or", 1,
		SQLITE_UTF8 | SQLITE_DETERMINISTIC | SQLITE_INNOCUOUS, NULL,
		NULL, bit_or_step, bit_or_final, NULL);
}

/* ---- the guard on entries ---- */

static const char *column_text(sqlite3_stmt *st, int col)
{
	const unsigned char *t = sqlite3_column_text(st, col);
	return t ? (const char *)t : "";
}

kh_rc store_check_open_window(kh_store *s, const kh_entry *e,
			      kh_error *err)
{
	char as_of[KH_DATE_ISO_LEN];
	kh_date_iso(e->as_of, as_of);
	sqlite3_stmt *st = store_prepared(s, ST_CLOSED_AT);
	store_bind_text(st, 1, as_of);
	int rc = sqlite3_step(st);
	kh_rc krc = KH_OK;
	if (rc == SQLITE_ROW) {
		const char *period = column_text(st, 0);
		/* "at" is a UTC time: its date is enough for people. */
		krc = kh_error_set(err, KH_EINPUT,
				   _("%s: %s lies in period %s, closed on "
				     "%.10s by %s; run 'kehoach reopen %s' "
				     "first"),
				   e->target_id, as_of, period,
				   column_text(st, 1), column_text(st, 2),
				   period);
	} else if (rc != SQLITE_DONE) {
		krc = store_fail(s, rc, err);
	}
	store_done_with(st);
	return krc;
}

/* ---- closing and reopening ---- */

/* Whether the latest event of period is a close; if so, and `on` and
 * `by` are not NULL, its date (ISO) and who closed it into them. */
static kh_rc last_event(kh_store *s, const char *period, bool *closed,
			char on[11], char *by, size_t by_size, kh_error *err)
{
	*closed = false;
	if (on)
		on[0] = '\0';
	if (by && by_size)
		by[0] = '\0';
	sqlite3_stmt *st = store_prepared(s, ST_PERIOD_LAST);
	store_bind_text(st, 1, period);
	int rc = sqlite3_step(st);
	kh_rc krc = KH_OK;
	if (rc == SQLITE_ROW) {
		*closed = sqlite3_column_int(st, 0) != 0;
		if (*closed && on)
			snprintf(on, 11, "%.10s", column_text(st, 1));
		if (*closed && by && by_size)
			snprintf(by, by_size, "%s", column_text(st, 2));
	} else if (rc != SQLITE_DONE) {
		krc = store_fail(s, rc, err);
	}
	store_done_with(st);
	return krc;
}

static kh_rc insert_event(kh_store *s, const char *period, bool close,
			  kh_date from, kh_date cutoff, const char *who,
			  const char *text, kh_error *err)
{
	char now[32], from_iso[KH_DATE_ISO_LEN], cutoff_iso[KH_DATE_ISO_LEN];
	store_utc_now(now);
	sqlite3_stmt *st = store_prepared(s, ST_INSERT_EVENT);
	store_bind_text(st, 1, period);
	store_bind_text(st, 2, close ? "close" : "reopen");
	if (from != KH_DATE_NONE)
		store_bind_text(st, 3, kh_date_iso(from, from_iso));
	if (cutoff != KH_DATE_NONE)
		store_bind_text(st, 4, kh_date_iso(cutoff, cutoff_iso));
	store_bind_text(st, 5, now);
	store_bind_text(st, 6, who ? who : "");
	store_bind_text(st, 7, text ? text : "");
	return store_step_done(s, st, err);
}

/* Record a close (or a reopen) if the period is open (or closed), in one
 * IMMEDIATE transaction so two clerks cannot both close it. */
static kh_rc change_period(kh_store *s, const char *period, bool close,
			   kh_date from, kh_date cutoff, const char *who,
			   const char *text, kh_error *err)
{
	kh_rc krc = store_begin(s, err);
	if (krc != KH_OK)
		return krc;
	bool closed;
	char on[11], by[256];
	krc = last_event(s, period, &closed, on, by, sizeof by, err);
	if (krc == KH_OK && close && closed)
		krc = kh_error_set(err, KH_EINPUT,
				   _("period %s is already closed (on %s by "
				     "%s)"),
				   period, on, by);
	else if (krc == KH_OK && !close && !closed)
		krc = kh_error_set(err, KH_EINPUT,
				   _("period %s is not closed"), period);
	if (krc == KH_OK)
		krc = insert_event(s, period, close, from, cutoff, who, text,
				   err);
	if (krc != KH_OK) {
		store_rollback(s);
		return krc;
	}
	return store_commit(s, err);
}

kh_rc store_close_period(kh_store *store, const char *period, kh_date from,
			 kh_date cutoff, const char *who,
			 const char *report_text, kh_error *err)
{
	kh_error_clear(err);
	kh_rc krc = store_check_writable(store, err);
	if (krc != KH_OK)
		return krc;
	if (!period || !*period)
		return kh_error_set(err, KH_EINPUT, _("no period to close"));
	if (from == KH_DATE_NONE || cutoff == KH_DATE_NONE || from > cutoff)
		return kh_error_set(err, KH_EINPUT,
				    _("period %s has no valid window to close "
				      "(its first day must be on or before "
				      "its cut-off)"),
				    period);
	return change_period(store, period, true, from, cutoff, who,
			     report_text, err);
}

kh_rc store_reopen_period(kh_store *store, const char *period,
			  const char *who, const char *reason, kh_error *err)
{
	kh_error_clear(err);
	kh_rc krc = store_check_writable(store, err);
	if (krc != KH_OK)
		return krc;
	if (!period || !*period)
		return kh_error_set(err, KH_EINPUT, _("no period to reopen"));
	return change_period(store, period, false, KH_DATE_NONE, KH_DATE_NONE,
			     who, reason, err);
}

kh_rc store_period_closed(kh_store *store, const char *period, bool *closed,
			  kh_error *err)
{
	kh_error_clear(err);
	*closed = false;
	if (store->empty || !period)
		return KH_OK;
	return last_event(store, period, closed, NULL, NULL, 0, err);
}

/* ---- listing events ---- */

static void event_clear(kh_period_event *ev)
{
	free(ev->period);
	free(ev->at);
	free(ev->by);
	free(ev->text);
	memset(ev, 0, sizeof *ev);
}

void period_events_free(kh_period_event *events, size_t n)
{
	if (!events)
		return;
	for (size_t i = 0; i < n; i++)
		event_clear(&events[i]);
	free(events);
}

/* A date column: NULL is no date, anything but "YYYY-MM-DD" is damage. */
static bool column_date(sqlite3_stmt *st, int col, kh_date *out)
{
	*out = KH_DATE_NONE;
	if (sqlite3_column_type(st, col) == SQLITE_NULL)
		return true;
	return kh_date_parse_iso(column_text(st, col), out);
}

/* Fill ev from the current row (columns in EVENT_COLUMNS order). */
static kh_rc read_event(const kh_store *s, sqlite3_stmt *st,
			kh_period_event *ev, kh_error *err)
{
	memset(ev, 0, sizeof *ev);
	ev->id = sqlite3_column_int64(st, 0);
	ev->close = strcmp(column_text(st, 2), "close") == 0;
	if (!store_column_dup(st, 1, &ev->period) ||
	    !store_column_dup(st, 5, &ev->at) ||
	    !store_column_dup(st, 6, &ev->by) ||
	    !store_column_dup(st, 7, &ev->text)) {
		event_clear(ev);
		return store_no_memory(err);
	}
	/* The schema makes these NOT NULL and the dates ISO. */
	if (!ev->period || !ev->at || !ev->by || !ev->text ||
	    !column_date(st, 3, &ev->from) ||
	    !column_date(st, 4, &ev->cutoff)) {
		int64_t id = ev->id;
		event_clear(ev);
		return kh_error_set(err, KH_EDB,
				    _("%s is not a kehoach database or is "
				      "damaged (period event %lld is "
				      "incomplete); restore a backup (kehoach "
				      "backup makes one)"),
				    s->path, (long long)id);
	}
	return KH_OK;
}

kh_rc store_period_events(kh_store *store, const char *period,
			  kh_period_event **out, size_t *n, kh_error *err)
{
	kh_error_clear(err);
	*out = NULL;
	*n = 0;
	if (store->empty)
		return KH_OK;

	kh_period_event *items = NULL;
	size_t count = 0, cap = 0;
	kh_rc krc = KH_OK;
	sqlite3_stmt *st = store_prepared(store, ST_PERIOD_EVENTS);
	store_bind_text(st, 1, period);
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		kh_period_event *p = store_grow(items, &cap, count, sizeof *p);
		if (!p) {
			krc = store_no_memory(err);
			break;
		}
		items = p;
		krc = read_event(store, st, &items[count], err);
		if (krc != KH_OK)
			break;
		count++;
	}
	if (krc == KH_OK && rc != SQLITE_DONE)
		krc = store_fail(store, rc, err);
	store_done_with(st);
	if (krc != KH_OK) {
		period_events_free(items, count);
		return krc;
	}
	*out = items;
	*n = count;
	return KH_OK;
}

/* ---- who reported for a period ---- */

void period_reports_free(kh_period_report *reports, size_t n)
{
	if (!reports)
		return;
	for (size_t i = 0; i < n; i++)
		free(reports[i].target_id);
	free(reports);
}

kh_rc store_period_reports(kh_store *store, const char *period,
			   kh_period_report **out, size_t *n, kh_error *err)
{
	kh_error_clear(err);
	*out = NULL;
	*n = 0;
	if (store->empty || !period)
		return KH_OK;

	kh_period_report *items = NULL;
	size_t count = 0, cap = 0;
	kh_rc krc = KH_OK;
	sqlite3_stmt *st = store_prepared(store, ST_PERIOD_REPORTS);
	store_bind_text(st, 1, period);
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		kh_period_report *p = store_grow(items, &cap, count, sizeof *p);
		if (!p) {
			krc = store_no_memory(err);
			break;
		}
		items = p;
		kh_period_report *r = &items[count];
		memset(r, 0, sizeof *r);
		if (!store_column_dup(st, 0, &r->target_id) || !r->target_id) {
			krc = store_no_memory(err);
			break;
		}
		snprintf(r->first_entered_at, sizeof r->first_entered_at, "%s",
			 column_text(st, 1));
		r->n = (size_t)sqlite3_column_int64(st, 2);
		r->flags = (unsigned)sqlite3_column_int64(st, 3);
		count++;
	}
	if (krc == KH_OK && rc != SQLITE_DONE)
		krc = store_fail(store, rc, err);
	store_done_with(st);
	if (krc != KH_OK) {
		period_reports_free(items, count);
		return krc;
	}
	*out = items;
	*n = count;
	return KH_OK;
}
