/* Private to the store (store.c, store_period.c, store_backup.c): the
 * connection, its prepared statements and the helpers every operation
 * uses. */
#ifndef KEHOACH_STORE_IMPL_H
#define KEHOACH_STORE_IMPL_H

#include <sqlite3.h>
#include <stdbool.h>

#include "kehoach/entry.h"
#include "kehoach/error.h"
#include "kehoach/store.h"

/* Statements prepared once, on first use, and reused.  The SQL of the
 * entry statements is in store.c, that of the period statements in
 * store_period.c. */
enum store_stmt {
	ST_BEGIN,
	ST_COMMIT,
	ST_ROLLBACK,
	ST_INSERT_ENTRY,
	ST_INSERT_RETRACTION,
	ST_LAST_OF_TARGET,
	ST_LAST_ANY,
	ST_GET,
	ST_HISTORY,
	ST_LATEST,
	ST_TARGET_IDS,
	ST_SNAPSHOT,
	ST_NEAR,
	ST_COUNT,
	ST_DATA_VERSION,
	/* store_period.c */
	ST_CLOSED_AT,
	ST_PERIOD_LAST,
	ST_PERIOD_EVENTS,
	ST_INSERT_EVENT,
	ST_PERIOD_REPORTS,
	ST_N
};

/* SQL of the period statements, indexed by enum store_stmt (NULL for the
 * others). */
extern const char *const store_period_sql[ST_N];

struct kh_store {
	sqlite3 *db;
	char *path;     /* as given, for messages */
	bool readonly;  /* opened with store_open_readonly */
	bool empty;     /* read-only view of a database with no schema yet */
	sqlite3_stmt *stmt[ST_N]; /* prepared on first use */
	int prepare_rc;           /* why the last preparation failed */
};

/* Turn an SQLite failure on this store into err (see store.c).  Call it
 * before anything else touches the connection.  Returns the code. */
kh_rc store_fail(const kh_store *s, int rc, kh_error *err);
kh_rc store_no_memory(kh_error *err);

/* malloc'd copy of s, NULL when out of memory. */
char *store_dup(const char *s);

/* Room for item n in items (*cap of them allocated, each size bytes):
 * items itself while n < *cap, else items grown (doubling, from 16) with
 * *cap updated.  NULL when out of memory, items left as it was. */
void *store_grow(void *items, size_t *cap, size_t n, size_t size);

/* A prepared statement, reset and with no bindings; prepared on first use.
 * NULL if it cannot be prepared: then stepping it fails and store_fail()
 * reports why the preparation failed. */
sqlite3_stmt *store_prepared(kh_store *s, enum store_stmt id);
void store_done_with(sqlite3_stmt *st);
/* Step a statement that returns no rows, then reset it. */
kh_rc store_step_done(kh_store *s, sqlite3_stmt *st, kh_error *err);

/* BEGIN IMMEDIATE / roll back if still open / COMMIT (rolling back when
 * the commit fails). */
kh_rc store_begin(kh_store *s, kh_error *err);
void store_rollback(kh_store *s);
kh_rc store_commit(kh_store *s, kh_error *err);

/* KH_EREADONLY for a store opened read-only. */
kh_rc store_check_writable(const kh_store *s, kh_error *err);

/* Bind text (SQLITE_STATIC: it must outlive the step); NULL binds NULL. */
int store_bind_text(sqlite3_stmt *st, int i, const char *text);

/* Now, UTC, "YYYY-MM-DDTHH:MM:SSZ". */
void store_utc_now(char buf[32]);

/* Copy a text column; NULL stays NULL.  False when out of memory. */
bool store_column_dup(sqlite3_stmt *st, int col, char **out);

/* sqlite3_open_v2 of the file named path, never taken for a URI. */
int store_sqlite_open(const char *path, sqlite3 **db, int flags);

/* Register the SQL functions the statements use on a new connection. */
int store_register_functions(sqlite3 *db);

/* KH_EINPUT (naming the period and how to reopen it) if e->as_of lies in
 * the window of a closed period.  Call inside the write transaction. */
kh_rc store_check_open_window(kh_store *s, const kh_entry *e,
			      kh_error *err);

#endif
