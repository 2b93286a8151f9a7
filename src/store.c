/* The SQLite store: append-only entries, retractions, schema migrations.
 *
 * Opening classifies the file before anything is written (a foreign or
 * newer database is refused untouched), then switches to WAL and migrates
 * inside one IMMEDIATE transaction that re-reads the version, so two
 * clerks opening a fresh database at once cannot both create it.  The
 * statements used after opening are prepared once and reused.  Periods
 * (closing, reopening, who reported) are in store_period.c. */
#include "kehoach/store.h"
#include "store_impl.h"

#include "kehoach/i18n.h"

#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <sqlite3.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <time.h>
#include <unistd.h>

/* PRAGMA application_id: "KhPl" (0x4b68506c) in the SQLite header. */
#define STORE_APP_ID 1265127532
#define STORE_STR_(x) #x
#define STORE_STR(x) STORE_STR_(x)

/* Version 0 -> 1: the whole first schema.  Entries and retractions are
 * append-only, enforced by triggers so no tool can rewrite history. */
static const char schema_v1[] =
	"CREATE TABLE meta ("
	" key TEXT PRIMARY KEY,"
	" value TEXT);"
	"INSERT INTO meta (key, value) VALUES ('application', 'kehoach');"
	"CREATE TABLE entry ("
	" id INTEGER PRIMARY KEY,"
	" target_id TEXT NOT NULL,"
	" kind TEXT NOT NULL"
	"  CHECK (kind IN ('quantity', 'milestone', 'ongoing')),"
	" value REAL,"
	" done INTEGER,"
	" assessment TEXT,"
	" as_of TEXT NOT NULL,"
	" period TEXT,"
	" unit_id TEXT,"
	" note TEXT NOT NULL DEFAULT '',"
	" entered_by TEXT NOT NULL,"
	" entered_at TEXT NOT NULL,"
	" source TEXT NOT NULL);"
	"CREATE TABLE retraction ("
	" entry_id INTEGER PRIMARY KEY REFERENCES entry (id),"
	" retracted_at TEXT NOT NULL,"
	" retracted_by TEXT NOT NULL);"
	"CREATE INDEX entry_target_as_of ON entry (target_id, as_of, id);"
	"CREATE TRIGGER entry_no_update BEFORE UPDATE ON entry BEGIN"
	" SELECT RAISE(ABORT, 'entries are never changed: add a newer entry');"
	" END;"
	"CREATE TRIGGER entry_no_delete BEFORE DELETE ON entry BEGIN"
	" SELECT RAISE(ABORT, 'entries are never deleted: retract them');"
	" END;"
	"CREATE TRIGGER retraction_no_update BEFORE UPDATE ON retraction BEGIN"
	" SELECT RAISE(ABORT, 'retractions are never changed');"
	" END;"
	"CREATE TRIGGER retraction_no_delete BEFORE DELETE ON retraction BEGIN"
	" SELECT RAISE(ABORT, 'retractions are never deleted');"
	" END;"
	"PRAGMA application_id = " STORE_STR(STORE_APP_ID) ";";

/* Version 1 -> 2: the checks a clerk confirmed with each entry, and the
 * closing and reopening of reporting periods, append-only like entries.
 * Adding a column leaves the entry triggers in force. */
static const char schema_v2[] =
	"ALTER TABLE entry ADD COLUMN flags INTEGER NOT NULL DEFAULT 0;"
	"CREATE INDEX entry_period ON entry (period, target_id);"
	"CREATE TABLE period_event ("
	" id INTEGER PRIMARY KEY,"
	" period TEXT NOT NULL,"
	" action TEXT NOT NULL CHECK (action IN ('close', 'reopen')),"
	" from_date TEXT,"
	" cutoff_date TEXT,"
	" at TEXT NOT NULL,"
	" by TEXT NOT NULL,"
	" text TEXT NOT NULL DEFAULT '');"
	"CREATE INDEX period_event_period ON period_event (period, id);"
	"CREATE TRIGGER period_event_no_update BEFORE UPDATE ON period_event"
	" BEGIN SELECT RAISE(ABORT, 'period events are never changed');"
	" END;"
	"CREATE TRIGGER period_event_no_delete BEFORE DELETE ON period_event"
	" BEGIN SELECT RAISE(ABORT, 'period events are never deleted');"
	" END;";

/* Version 2 -> 3: the period index covers what is read by period (the
 * date, when entered, the flags), so who reported for a period and what
 * they confirmed come from the index alone, not from every entry row of
 * the period. */
static const char schema_v3[] =
	"DROP INDEX entry_period;"
	"CREATE INDEX entry_period ON entry"
	" (period, target_id, as_of, entered_at, flags);";

/* migrations[v] takes a database from version v to v + 1.  A new
 * database is made at version 1 and migrated like any other. */
static const char *const migrations[KH_STORE_SCHEMA_VERSION] = {
	schema_v1,
	schema_v2,
	schema_v3,
};

/* A reader may not migrate a version-1 file, so it sees it through temp
 * objects shaped like version 2 (temp names hide main ones): entries
 * with no flags, no period events.  One set of statements serves both. */
static const char v1_reader_shim[] =
	"CREATE TEMP VIEW entry AS SELECT *, 0 AS flags FROM main.entry;"
	"CREATE TEMP TABLE period_event ("
	" id INTEGER PRIMARY KEY, period TEXT, action TEXT, from_date TEXT,"
	" cutoff_date TEXT, at TEXT, by TEXT, text TEXT);";

/* Column order read by read_entry(). */
#define ENTRY_COLUMNS                                                        \
	"e.id, e.target_id, e.kind, e.value, e.done, e.assessment, e.as_of," \
	" e.period, e.unit_id, e.note, e.entered_by, e.entered_at,"          \
	" e.source, r.retracted_at, r.retracted_by, e.flags"

/* The distinct target ids of the entries as a table t(target_id), read
 * with one seek of the (target_id, as_of, id) index per target instead of
 * a scan of every entry (SQLite skips ahead for DISTINCT only with
 * ANALYZE statistics).  The last row is a NULL. */
#define DISTINCT_TARGETS                                                     \
	"WITH RECURSIVE t(target_id) AS ("                                   \
	" SELECT min(target_id) FROM entry"                                  \
	" UNION ALL"                                                         \
	" SELECT (SELECT min(target_id) FROM entry"                          \
	"  WHERE target_id > t.target_id)"                                   \
	" FROM t WHERE t.target_id IS NOT NULL) "

static const char *const stmt_sql[ST_N] = {
	[ST_BEGIN] = "BEGIN IMMEDIATE",
	[ST_COMMIT] = "COMMIT",
	[ST_ROLLBACK] = "ROLLBACK",
	[ST_INSERT_ENTRY] =
		"INSERT INTO entry (target_id, kind, value, done, assessment,"
		" as_of, period, unit_id, note, entered_by, entered_at, source,"
		" flags)"
		" VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12,"
		" ?13)",
	[ST_INSERT_RETRACTION] =
		"INSERT INTO retraction (entry_id, retracted_at, retracted_by)"
		" VALUES (?1, ?2, ?3)",
	/* Undo takes back the most recently entered figure, whatever its
	 * as_of date. */
	[ST_LAST_OF_TARGET] =
		"SELECT e.id FROM entry AS e WHERE e.target_id = ?1"
		" AND NOT EXISTS (SELECT 1 FROM retraction AS r"
		" WHERE r.entry_id = e.id)"
		" ORDER BY e.id DESC LIMIT 1",
	[ST_LAST_ANY] =
		"SELECT e.id FROM entry AS e"
		" WHERE NOT EXISTS (SELECT 1 FROM retraction AS r"
		" WHERE r.entry_id = e.id)"
		" ORDER BY e.id DESC LIMIT 1",
	[ST_GET] = "SELECT " ENTRY_COLUMNS " FROM entry AS e"
		   " LEFT JOIN retraction AS r ON r.entry_id = e.id"
		   " WHERE e.id = ?1",
	[ST_HISTORY] = "SELECT " ENTRY_COLUMNS " FROM entry AS e"
		       " LEFT JOIN retraction AS r ON r.entry_id = e.id"
		       " WHERE e.target_id = ?1"
		       " ORDER BY e.as_of DESC, e.id DESC LIMIT ?2",
	/* For each target (one seek each, see DISTINCT_TARGETS), a
	 * backward search of the index from as_of that stops at the first
	 * live entry. */
	[ST_LATEST] =
		DISTINCT_TARGETS
		"SELECT " ENTRY_COLUMNS
		" FROM t JOIN entry AS e ON e.id = ("
		"  SELECT x.id FROM entry AS x"
		"  WHERE x.target_id = t.target_id AND x.as_of <= ?1"
		"  AND (?2 IS NULL OR x.period = ?2)"
		"  AND NOT EXISTS (SELECT 1 FROM retraction AS y"
		"  WHERE y.entry_id = x.id)"
		"  ORDER BY x.as_of DESC, x.id DESC LIMIT 1)"
		" LEFT JOIN retraction AS r ON r.entry_id = e.id"
		" ORDER BY t.target_id",
	[ST_TARGET_IDS] = DISTINCT_TARGETS
			  "SELECT target_id FROM t WHERE target_id IS NOT NULL"
			  " ORDER BY target_id",
	/* What a snapshot reads, in one pass over the targets: the latest
	 * entry as of ?1 as in ST_LATEST (none: NULL columns), then the
	 * target id and whether it has a live entry of period ?2 dated ?1
	 * or before: one seek of the period index, which holds the date
	 * (since version 3), and nearly always its first entry there.  The
	 * unary + keeps SQLite from taking the (target_id, as_of) index
	 * instead on a version-2 file a reader cannot migrate, which would
	 * walk the target's entries from its first. */
	[ST_SNAPSHOT] =
		DISTINCT_TARGETS
		"SELECT " ENTRY_COLUMNS ", t.target_id,"
		" CASE WHEN ?2 IS NULL THEN 0 ELSE EXISTS ("
		"  SELECT 1 FROM entry AS p"
		"  WHERE p.period = ?2 AND p.target_id = t.target_id"
		"  AND +p.as_of <= ?1"
		"  AND NOT EXISTS (SELECT 1 FROM retraction AS y"
		"  WHERE y.entry_id = p.id)) END"
		" FROM t LEFT JOIN entry AS e ON e.id = ("
		"  SELECT x.id FROM entry AS x"
		"  WHERE x.target_id = t.target_id AND x.as_of <= ?1"
		"  AND NOT EXISTS (SELECT 1 FROM retraction AS y"
		"  WHERE y.entry_id = x.id)"
		"  ORDER BY x.as_of DESC, x.id DESC LIMIT 1)"
		" LEFT JOIN retraction AS r ON r.entry_id = e.id"
		" WHERE t.target_id IS NOT NULL"
		" ORDER BY t.target_id",
	/* Index seeks only: the entries of ?1 dated ?2, and the latest
	 * before that date. */
	[ST_NEAR] = "SELECT " ENTRY_COLUMNS " FROM entry AS e"
		    " LEFT JOIN retraction AS r ON r.entry_id = e.id"
		    " WHERE e.id IN ("
		    "  SELECT x.id FROM entry AS x"
		    "  WHERE x.target_id = ?1 AND x.as_of = ?2"
		    "  UNION ALL SELECT * FROM ("
		    "  SELECT x.id FROM entry AS x"
		    "  WHERE x.target_id = ?1 AND x.as_of < ?2"
		    "  AND NOT EXISTS (SELECT 1 FROM retraction AS y"
		    "  WHERE y.entry_id = x.id)"
		    "  ORDER BY x.as_of DESC, x.id DESC LIMIT 1))"
		    " AND r.entry_id IS NULL"
		    " ORDER BY e.as_of DESC, e.id DESC",
	[ST_COUNT] = "SELECT count(*) FROM entry",
	/* Polled once a second by a screen: prepared once too. */
	[ST_DATA_VERSION] = "PRAGMA data_version",
};

/* What a file holds, judged before anything is written to it. */
enum db_state {
	DB_FRESH,   /* no tables, no version: ours to create */
	DB_OURS,    /* a kehoach database this build can read */
	DB_NEWER,   /* a kehoach database from a newer build */
	DB_FOREIGN, /* some other application's SQLite database */
};

char *store_dup(const char *s)
{
	size_t n = strlen(s) + 1;
	char *p = malloc(n);
	if (p)
		memcpy(p, s, n);
	return p;
}

void *store_grow(void *items, size_t *cap, size_t n, size_t size)
{
	if (n < *cap)
		return items;
	size_t c = *cap ? *cap * 2 : 16;
	void *p = realloc(items, c * size);
	if (p)
		*cap = c;
	return p;
}

/* Why a file could not be opened.  SQLite retries a failed read-write
 * open read-only, so its errno for a file it could not create in a
 * read-only folder is ENOENT: look at the folder instead. */
static int cantopen_errno(const char *path, int sys)
{
	if (sys != ENOENT || access(path, F_OK) == 0)
		return sys;
	const char *slash = strrchr(path, '/');
	if (!slash)
		return access(".", W_OK | X_OK) != 0 ? errno : sys;
	size_t len = slash == path ? 1 : (size_t)(slash - path);
	char *dir = malloc(len + 1);
	if (!dir)
		return sys;
	memcpy(dir, path, len);
	dir[len] = '\0';
	int e = access(dir, W_OK | X_OK) != 0 ? errno : sys;
	free(dir);
	return e;
}

/* Turn an SQLite failure into a kh_error that names the file and says
 * what to do.  Call it before anything else touches the connection, so
 * the SQLite message is still the one of the failure. */
static kh_rc fail_sqlite(const char *path, sqlite3 *db, int rc, kh_error *err)
{
	int last_errno = errno;
	/* A rollback after the failure may have reset the connection's
	 * message to "not an error": then describe the code itself. */
	const char *msg = db && sqlite3_errcode(db) != SQLITE_OK
				  ? sqlite3_errmsg(db)
				  : sqlite3_errstr(rc);
	int sys = db ? sqlite3_system_errno(db) : 0;
	/* SQLite keeps no errno for a failed write to the WAL (EFBIG under
	 * a file size limit); the failed call's is usually still there. */
	if (!sys && (rc == SQLITE_IOERR_WRITE || rc == SQLITE_IOERR_SHMSIZE ||
		     rc == SQLITE_IOERR_TRUNCATE))
		sys = last_errno;

	switch (rc & 0xff) {
	case SQLITE_NOTADB:
	case SQLITE_CORRUPT:
		return kh_error_set(err, KH_EDB,
				    _("%s is not a kehoach database or is "
				      "damaged (%s); restore a backup (kehoach "
				      "backup makes one)"),
				    path, msg);
	case SQLITE_READONLY:
	case SQLITE_PERM:
		return kh_error_set(err, KH_EREADONLY,
				    _("cannot write %s: %s; check that you may "
				      "write to the file and its folder"),
				    path, msg);
	case SQLITE_BUSY:
	case SQLITE_LOCKED:
		return kh_error_set(err, KH_EBUSY,
				    _("%s is busy (another kehoach is "
				      "writing); try again"),
				    path);
	case SQLITE_FULL:
		return kh_error_set(err, KH_EIO,
				    _("disk full writing %s; free some space, "
				      "then try again"),
				    path);
	case SQLITE_NOMEM:
		return kh_error_set(err, KH_ENOMEM,
				    _("out of memory using %s; close other "
				      "programs, then try again"),
				    path);
	case SQLITE_CANTOPEN:
		if (access(path, F_OK) == 0 && access(path, R_OK) != 0)
			return kh_error_set(err, KH_EIO,
					    _("cannot read %s: %s; check its "
					      "permissions"),
					    path, strerror(errno));
		sys = cantopen_errno(path, sys);
		if (sys == EACCES || sys == EPERM || sys == EROFS)
			return kh_error_set(err, KH_EREADONLY,
					    _("cannot write %s: %s; check that "
					      "you may write to the file and "
					      "its folder"),
					    path, strerror(sys));
		return kh_error_set(err, KH_EIO, _("cannot open %s: %s"), path,
				    sys ? strerror(sys) : msg);
	case SQLITE_IOERR:
		/* SQLite says "full" only for ENOSPC on its main writes; a
		 * file size limit, or a full disk met while sizing the shared
		 * memory file, come as I/O errors. */
		if (sys == ENOSPC || sys == EFBIG || sys == EDQUOT)
			return kh_error_set(err, KH_EIO,
					    _("disk full writing %s (%s); free "
					      "some space, then try again"),
					    path, strerror(sys));
		return kh_error_set(err, KH_EIO,
				    _("cannot read or write %s: %s; check the "
				      "disk, then try again"),
				    path, msg);
	default:
		return kh_error_set(err, KH_EDB,
				    _("database error on %s: %s; try again"),
				    path, msg);
	}
}

kh_rc store_fail(const kh_store *s, int rc, kh_error *err)
{
	/* A statement that could not be prepared is NULL, and stepping it
	 * says only "misuse": report the preparation's failure instead. */
	if (rc == SQLITE_MISUSE && s->prepare_rc != SQLITE_OK)
		rc = s->prepare_rc;
	return fail_sqlite(s->path, s->db, rc, err);
}

kh_rc store_no_memory(kh_error *err)
{
	return kh_error_set(err, KH_ENOMEM,
			    _("out of memory; close other programs, then try "
			      "again"));
}

/* Run constant SQL (one or more statements, no parameters) to the end. */
static int run_script(sqlite3 *db, const char *sql)
{
	while (sql && *sql) {
		sqlite3_stmt *st = NULL;
		const char *tail = NULL;
		int rc = sqlite3_prepare_v2(db, sql, -1, &st, &tail);
		if (rc != SQLITE_OK)
			return rc;
		if (!st) /* only blanks or a comment left */
			break;
		while ((rc = sqlite3_step(st)) == SQLITE_ROW)
			;
		if (rc != SQLITE_DONE) {
			sqlite3_finalize(st);
			return rc;
		}
		sqlite3_finalize(st);
		sql = tail;
	}
	return SQLITE_OK;
}

/* Run a constant query whose first row's first column is an integer (or
 * text, copied to text[] when text is not NULL).  No row gives 0 / "". */
static int query_one(sqlite3 *db, const char *sql, int64_t *num, char *text,
		     size_t text_size)
{
	sqlite3_stmt *st = NULL;
	int rc = sqlite3_prepare_v2(db, sql, -1, &st, NULL);
	if (rc != SQLITE_OK)
		return rc;
	if (num)
		*num = 0;
	if (text && text_size)
		text[0] = '\0';
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		if (num)
			*num = sqlite3_column_int64(st, 0);
		if (text && text_size) {
			const unsigned char *t = sqlite3_column_text(st, 0);
			snprintf(text, text_size, "%s", t ? (const char *)t : "");
		}
		rc = SQLITE_OK;
	} else if (rc == SQLITE_DONE) {
		rc = SQLITE_OK;
	}
	sqlite3_finalize(st);
	return rc;
}

/* Read the header fields and the catalogue and say what the file is. */
static int classify(sqlite3 *db, enum db_state *state, int64_t *version)
{
	int64_t app = 0, tables = 0;
	int rc = query_one(db, "PRAGMA user_version", version, NULL, 0);
	if (rc == SQLITE_OK)
		rc = query_one(db, "PRAGMA application_id", &app, NULL, 0);
	if (rc == SQLITE_OK)
		rc = query_one(db, "SELECT count(*) FROM sqlite_master", &tables,
			       NULL, 0);
	if (rc != SQLITE_OK)
		return rc;

	if (app == 0 && *version == 0 && tables == 0) {
		*state = DB_FRESH;
		return SQLITE_OK;
	}
	if (app != STORE_APP_ID || *version <= 0) {
		*state = DB_FOREIGN;
		return SQLITE_OK;
	}
	if (*version > KH_STORE_SCHEMA_VERSION) {
		*state = DB_NEWER;
		return SQLITE_OK;
	}
	/* Reading the meta row also touches a page past the header, which
	 * catches a file cut short.  No meta table (an error), no row or
	 * another name: not one of ours after all. */
	char name[16];
	rc = query_one(db, "SELECT value FROM meta WHERE key = 'application'",
		       NULL, name, sizeof name);
	if ((rc & 0xff) == SQLITE_ERROR) {
		*state = DB_FOREIGN;
		return SQLITE_OK;
	}
	if (rc == SQLITE_OK)
		*state = strcmp(name, "kehoach") == 0 ? DB_OURS : DB_FOREIGN;
	return rc;
}

/* classify() in one read transaction, so that the three header reads
 * see the same snapshot even while another kehoach is creating the
 * schema. */
static int classify_now(sqlite3 *db, enum db_state *state, int64_t *version)
{
	int rc = run_script(db, "BEGIN");
	if (rc != SQLITE_OK)
		return rc;
	rc = classify(db, state, version);
	if (rc == SQLITE_OK)
		rc = run_script(db, "COMMIT");
	if (!sqlite3_get_autocommit(db))
		run_script(db, "ROLLBACK");
	return rc;
}

/* The verdict on a state that cannot be used; KH_OK otherwise. */
static kh_rc refuse_state(const char *path, enum db_state state,
			  int64_t version, kh_error *err)
{
	switch (state) {
	case DB_NEWER:
		return kh_error_set(err, KH_EVERSION,
				    _("%s was written by a newer kehoach "
				      "(schema %lld; this one knows %d): "
				      "upgrade kehoach"),
				    path, (long long)version,
				    KH_STORE_SCHEMA_VERSION);
	case DB_FOREIGN:
		return kh_error_set(err, KH_EDB,
				    _("%s is an SQLite database but not a "
				      "kehoach one; choose another file"),
				    path);
	case DB_FRESH:
	case DB_OURS:
		break;
	}
	return KH_OK;
}

/* Bring the schema up to date in one IMMEDIATE transaction.  The version
 * is read again inside it: another kehoach may have migrated meanwhile. */
static kh_rc migrate(kh_store *s, kh_error *err)
{
	enum db_state state;
	int64_t version = 0;
	kh_rc krc;
	int rc = run_script(s->db, "BEGIN IMMEDIATE");
	if (rc != SQLITE_OK)
		return store_fail(s, rc, err);

	rc = classify(s->db, &state, &version);
	if (rc != SQLITE_OK) {
		krc = store_fail(s, rc, err);
		goto rollback;
	}
	krc = refuse_state(s->path, state, version, err);
	if (krc != KH_OK)
		goto rollback;

	for (int64_t v = version; v < KH_STORE_SCHEMA_VERSION; v++) {
		rc = run_script(s->db, migrations[v]);
		if (rc != SQLITE_OK) {
			krc = store_fail(s, rc, err);
			goto rollback;
		}
	}
	if (version < KH_STORE_SCHEMA_VERSION) {
		rc = run_script(s->db, "PRAGMA user_version = " STORE_STR(
					       KH_STORE_SCHEMA_VERSION));
		if (rc != SQLITE_OK) {
			krc = store_fail(s, rc, err);
			goto rollback;
		}
	}
	rc = run_script(s->db, "COMMIT");
	if (rc != SQLITE_OK) {
		krc = store_fail(s, rc, err);
		goto rollback;
	}
	return KH_OK;

rollback:
	if (!sqlite3_get_autocommit(s->db))
		run_script(s->db, "ROLLBACK");
	return krc;
}

/* mkdir -p for the folder holding path, honouring the umask. */
static kh_rc make_parent(const char *path, kh_error *err)
{
	const char *slash = strrchr(path, '/');
	if (!slash || slash == path)
		return KH_OK;
	size_t len = (size_t)(slash - path);
	char *dir = malloc(len + 1);
	if (!dir)
		return store_no_memory(err);
	memcpy(dir, path, len);
	dir[len] = '\0';

	struct stat sb;
	kh_rc krc = KH_OK;
	if (stat(dir, &sb) == 0 && S_ISDIR(sb.st_mode))
		goto out;
	/* Create each missing level from the top down. */
	for (char *p = dir + 1;; p++) {
		if (*p != '/' && *p != '\0')
			continue;
		char saved = *p;
		*p = '\0';
		int e = 0;
		if (mkdir(dir, 0777) != 0) {
			e = errno;
			if (e == EEXIST)
				e = stat(dir, &sb) == 0 && S_ISDIR(sb.st_mode)
					    ? 0
					    : ENOTDIR;
		}
		if (e) {
			kh_rc code = e == EACCES || e == EPERM || e == EROFS
					     ? KH_EREADONLY
					     : KH_EIO;
			krc = kh_error_set(err, code,
					   _("cannot create the folder %s for "
					     "%s: %s"),
					   dir, path, strerror(e));
			goto out;
		}
		*p = saved;
		if (saved == '\0')
			break;
	}
out:
	free(dir);
	return krc;
}

static int prepare_one(kh_store *s, enum store_stmt id)
{
	const char *sql = stmt_sql[id] ? stmt_sql[id] : store_period_sql[id];
	int rc = sqlite3_prepare_v2(s->db, sql, -1, &s->stmt[id], NULL);
	if (rc != SQLITE_OK) {
		sqlite3_finalize(s->stmt[id]);
		s->stmt[id] = NULL;
		s->prepare_rc = rc;
	}
	return rc;
}

/* The transaction statements now, so that a rollback can always run; the
 * others on first use (store_prepared): a start-up compiles only what it
 * runs, and a reader never the inserts (which, through the version-1
 * shim's view, it could not even prepare). */
static kh_rc prepare_all(kh_store *s, kh_error *err)
{
	int rc = store_register_functions(s->db);
	if (rc != SQLITE_OK)
		return store_fail(s, rc, err);
	static const enum store_stmt now[] = {ST_BEGIN, ST_COMMIT, ST_ROLLBACK};
	for (size_t i = 0; i < sizeof now / sizeof now[0]; i++)
		if ((rc = prepare_one(s, now[i])) != SQLITE_OK)
			return store_fail(s, rc, err);
	return KH_OK;
}

/* Switch to WAL.  It persists in the file, so this is a no-op after the
 * first time; on a read-only file it cannot switch, which is fine for a
 * database that is only read. */
static kh_rc set_wal(kh_store *s, kh_error *err)
{
	char mode[16];
	int rc = query_one(s->db, "PRAGMA journal_mode", NULL, mode,
			   sizeof mode);
	if (rc == SQLITE_OK && strcmp(mode, "wal") == 0)
		return KH_OK;
	/* Two kehoach creating the same file race for the switch, and the
	 * loser gets SQLITE_BUSY at once without the busy handler: wait
	 * here instead. */
	int waited = 0;
	for (;;) {
		rc = query_one(s->db, "PRAGMA journal_mode = WAL", NULL, mode,
			       sizeof mode);
		if ((rc & 0xff) != SQLITE_BUSY || waited >= KH_STORE_BUSY_MS)
			break;
		sqlite3_sleep(10);
		waited += 10;
	}
	if (rc == SQLITE_OK || (rc & 0xff) == SQLITE_READONLY ||
	    sqlite3_db_readonly(s->db, "main") == 1)
		return KH_OK;
	return store_fail(s, rc, err);
}

int store_sqlite_open(const char *path, sqlite3 **db, int flags)
{
	/* Debian's SQLite takes "file:..." names as URIs: keep them plain. */
	if (strncmp(path, "file:", 5) != 0)
		return sqlite3_open_v2(path, db, flags, NULL);
	size_t size = strlen(path) + 3;
	char *name = malloc(size);
	if (!name) {
		*db = NULL;
		return SQLITE_NOMEM;
	}
	snprintf(name, size, "./%s", path);
	int rc = sqlite3_open_v2(name, db, flags, NULL);
	free(name);
	return rc;
}

/* "file:PATH?immutable=1" with PATH percent-encoded where URIs need it. */
static char *immutable_uri(const char *path)
{
	size_t len = strlen(path);
	char *uri = malloc(len * 3 + 32);
	if (!uri)
		return NULL;
	char *o = uri;
	o += sprintf(o, "file:");
	for (const unsigned char *p = (const unsigned char *)path; *p; p++) {
		if (*p == '?' || *p == '#' || *p == '%' || *p < 0x21)
			o += sprintf(o, "%%%02X", *p);
		else
			*o++ = (char)*p;
	}
	strcpy(o, "?immutable=1");
	return uri;
}

/* A reader who may not create the -shm file next to a WAL database (a
 * folder it cannot write) can still read it as immutable: what it shows
 * is the last checkpointed state. */
static int reopen_immutable(kh_store *s, const char *path)
{
	char *uri = immutable_uri(path);
	if (!uri)
		return SQLITE_NOMEM;
	sqlite3_close(s->db);
	s->db = NULL;
	int rc = sqlite3_open_v2(uri, &s->db,
				 SQLITE_OPEN_READONLY | SQLITE_OPEN_URI, NULL);
	free(uri);
	if (rc == SQLITE_OK) {
		sqlite3_extended_result_codes(s->db, 1);
		sqlite3_busy_timeout(s->db, KH_STORE_BUSY_MS);
	}
	return rc;
}

static kh_store *open_store(const char *path, bool create, bool readonly,
			    kh_error *err)
{
	kh_error_clear(err);
	if (!path || !*path) {
		kh_error_set(err, KH_EIO, _("no database file given"));
		return NULL;
	}
	struct stat dir_sb;
	if (stat(path, &dir_sb) == 0 && S_ISDIR(dir_sb.st_mode)) {
		kh_error_set(err, KH_EIO, _("%s is a folder; give the name of "
					    "the database file"),
			     path);
		return NULL;
	}
	if (create && !readonly) {
		if (make_parent(path, err) != KH_OK)
			return NULL;
		/* SQLite creates files 0644 whatever the umask allows; make
		 * the file ourselves so a group-shared umask (002) gives a
		 * group-writable database (-wal/-shm then follow its mode). */
		int fd = open(path, O_WRONLY | O_CREAT | O_EXCL, 0666);
		if (fd >= 0)
			close(fd);
	} else {
		struct stat sb;
		if (stat(path, &sb) != 0 &&
		    (errno == ENOENT || errno == ENOTDIR)) {
			kh_error_set(err, KH_EIO,
				     _("no database at %s; check the file "
				       "name"),
				     path);
			return NULL;
		}
	}

	kh_store *s = calloc(1, sizeof *s);
	if (!s) {
		store_no_memory(err);
		return NULL;
	}
	s->readonly = readonly;
	s->path = store_dup(path);
	if (!s->path) {
		store_no_memory(err);
		goto fail;
	}

	int flags = readonly ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE;
	if (create && !readonly)
		flags |= SQLITE_OPEN_CREATE;
	int rc = store_sqlite_open(path, &s->db, flags);
	if (rc != SQLITE_OK) {
		store_fail(s, rc, err);
		goto fail;
	}
	sqlite3_extended_result_codes(s->db, 1);
	sqlite3_busy_timeout(s->db, KH_STORE_BUSY_MS);
	rc = run_script(s->db, "PRAGMA foreign_keys = ON");
	if (rc != SQLITE_OK) {
		store_fail(s, rc, err);
		goto fail;
	}

	/* Judge the file before writing anything to it. */
	enum db_state state;
	int64_t version = 0;
	rc = classify_now(s->db, &state, &version);
	if (readonly && ((rc & 0xff) == SQLITE_READONLY ||
			 (rc & 0xff) == SQLITE_CANTOPEN)) {
		rc = reopen_immutable(s, path);
		if (rc == SQLITE_OK)
			rc = classify_now(s->db, &state, &version);
	}
	if (rc != SQLITE_OK) {
		store_fail(s, rc, err);
		goto fail;
	}
	if (refuse_state(path, state, version, err) != KH_OK)
		goto fail;

	if (readonly) {
		s->empty = state == DB_FRESH;
		if (state == DB_OURS && version == 1 &&
		    (rc = run_script(s->db, v1_reader_shim)) != SQLITE_OK) {
			store_fail(s, rc, err);
			goto fail;
		}
	} else {
		if (set_wal(s, err) != KH_OK)
			goto fail;
		rc = run_script(s->db, "PRAGMA synchronous = FULL");
		if (rc != SQLITE_OK) {
			store_fail(s, rc, err);
			goto fail;
		}
		if ((state == DB_FRESH || version < KH_STORE_SCHEMA_VERSION) &&
		    migrate(s, err) != KH_OK)
			goto fail;
	}
	if (!s->empty && prepare_all(s, err) != KH_OK)
		goto fail;
	return s;

fail:
	store_close(s);
	return NULL;
}

kh_store *store_open(const char *path, bool create, kh_error *err)
{
	return open_store(path, create, false, err);
}

kh_store *store_open_readonly(const char *path, kh_error *err)
{
	return open_store(path, false, true, err);
}

void store_close(kh_store *store)
{
	if (!store)
		return;
	for (int i = 0; i < ST_N; i++)
		sqlite3_finalize(store->stmt[i]);
	sqlite3_close(store->db);
	free(store->path);
	free(store);
}

void store_set_busy_timeout(kh_store *store, int ms)
{
	if (store)
		sqlite3_busy_timeout(store->db, ms);
}

const char *store_path(const kh_store *store)
{
	return store ? store->path : NULL;
}

/* ---- statements and transactions ---- */

sqlite3_stmt *store_prepared(kh_store *s, enum store_stmt id)
{
	if (!s->stmt[id] && prepare_one(s, id) != SQLITE_OK)
		return NULL;
	sqlite3_stmt *st = s->stmt[id];
	sqlite3_reset(st);
	sqlite3_clear_bindings(st);
	return st;
}

void store_done_with(sqlite3_stmt *st)
{
	if (!st)
		return;
	sqlite3_reset(st);
	sqlite3_clear_bindings(st);
}

/* Step a statement that returns no rows, then reset it. */
kh_rc store_step_done(kh_store *s, sqlite3_stmt *st, kh_error *err)
{
	int rc = sqlite3_step(st);
	kh_rc krc = rc == SQLITE_DONE ? KH_OK : store_fail(s, rc, err);
	store_done_with(st);
	return krc;
}

kh_rc store_begin(kh_store *s, kh_error *err)
{
	return store_step_done(s, store_prepared(s, ST_BEGIN), err);
}

/* Roll back unless SQLite already did (it does after some errors). */
void store_rollback(kh_store *s)
{
	if (!sqlite3_get_autocommit(s->db))
		store_step_done(s, store_prepared(s, ST_ROLLBACK), NULL);
}

kh_rc store_commit(kh_store *s, kh_error *err)
{
	kh_rc krc = store_step_done(s, store_prepared(s, ST_COMMIT), err);
	if (krc != KH_OK)
		store_rollback(s);
	return krc;
}

kh_rc store_check_writable(const kh_store *s, kh_error *err)
{
	if (s->readonly)
		return kh_error_set(err, KH_EREADONLY,
				    _("cannot write %s: it was opened "
				      "read-only"),
				    s->path);
	return KH_OK;
}

int store_bind_text(sqlite3_stmt *st, int i, const char *text)
{
	if (!text)
		return sqlite3_bind_null(st, i);
	return sqlite3_bind_text(st, i, text, -1, SQLITE_STATIC);
}

void store_utc_now(char buf[32])
{
	time_t now = time(NULL);
	struct tm tm;
	if (!gmtime_r(&now, &tm) ||
	    strftime(buf, 32, "%Y-%m-%dT%H:%M:%SZ", &tm) == 0)
		snprintf(buf, 32, "1970-01-01T00:00:00Z");
}

/* ---- reading rows ---- */

/* A kind is stored by its plan name; NULL for no kind at all. */
static const char *kind_text(kh_kind kind)
{
	return (unsigned)kind <= KH_KIND_ONGOING ? kh_kind_name(kind) : NULL;
}

static bool kind_from_text(const char *text, kh_kind *out)
{
	for (int k = KH_KIND_QUANTITY; k <= KH_KIND_ONGOING; k++)
		if (strcmp(text, kh_kind_name((kh_kind)k)) == 0) {
			*out = (kh_kind)k;
			return true;
		}
	return false;
}

static bool assessment_from_text(const char *text, kh_assessment *out)
{
	static const kh_assessment all[] = {
		KH_ASSESS_NOT_STARTED,
		KH_ASSESS_IN_PROGRESS,
		KH_ASSESS_COMPLETED,
	};
	for (size_t i = 0; i < sizeof all / sizeof all[0]; i++)
		if (strcmp(text, kh_assessment_id(all[i])) == 0) {
			*out = all[i];
			return true;
		}
	return false;
}

/* Copy a text column byte for byte; NULL stays NULL.  False on ENOMEM. */
bool store_column_dup(sqlite3_stmt *st, int col, char **out)
{
	*out = NULL;
	if (sqlite3_column_type(st, col) == SQLITE_NULL)
		return true;
	const unsigned char *t = sqlite3_column_text(st, col);
	int n = sqlite3_column_bytes(st, col);
	if (!t)
		return false;
	char *p = malloc((size_t)n + 1);
	if (!p)
		return false;
	memcpy(p, t, (size_t)n);
	p[n] = '\0';
	*out = p;
	return true;
}

/* what is an N_() phrase ("an unknown kind"). */
static kh_rc damaged(const kh_store *s, int64_t id, const char *what,
		     kh_error *err)
{
	return kh_error_set(err, KH_EDB,
			    _("%s is not a kehoach database or is damaged "
			      "(entry %lld has %s); restore a backup "
			      "(kehoach backup makes one)"),
			    s->path, (long long)id, _(what));
}

/* A text column read in place (valid until the row changes); NULL for
 * NULL, and *oom set when SQLite could not make the text. */
static const char *column_str(sqlite3_stmt *st, int col, bool *oom)
{
	if (sqlite3_column_type(st, col) == SQLITE_NULL)
		return NULL;
	const char *t = (const char *)sqlite3_column_text(st, col);
	if (!t)
		*oom = true;
	return t;
}

/* Fill e from the current row (columns in ENTRY_COLUMNS order). */
static kh_rc read_entry(const kh_store *s, sqlite3_stmt *st, kh_entry *e,
			kh_error *err)
{
	memset(e, 0, sizeof *e);
	e->id = sqlite3_column_int64(st, 0);
	/* The coded columns are parsed where they lie, not copied. */
	bool oom = false;
	const char *kind = column_str(st, 2, &oom);
	bool kind_ok = kind && kind_from_text(kind, &e->kind);
	const char *as_of = column_str(st, 6, &oom);
	bool as_of_ok = as_of && kh_date_parse_iso(as_of, &e->as_of);
	const char *assessment = column_str(st, 5, &oom);
	kh_assessment a = KH_ASSESS_NONE;
	bool assessment_ok = !assessment ||
			     assessment_from_text(assessment, &a);
	kh_rc krc = KH_OK;
	if (oom || !store_column_dup(st, 1, &e->target_id) ||
	    !store_column_dup(st, 7, &e->period) ||
	    !store_column_dup(st, 8, &e->unit_id) ||
	    !store_column_dup(st, 9, &e->note) ||
	    !store_column_dup(st, 10, &e->entered_by) ||
	    !store_column_dup(st, 11, &e->entered_at) ||
	    !store_column_dup(st, 12, &e->source) ||
	    !store_column_dup(st, 13, &e->retracted_at) ||
	    !store_column_dup(st, 14, &e->retracted_by)) {
		krc = store_no_memory(err);
		goto out;
	}
	if (!e->note && !(e->note = store_dup(""))) {
		krc = store_no_memory(err);
		goto out;
	}
	if (!kind_ok) {
		krc = damaged(s, e->id, N_("an unknown kind"), err);
		goto out;
	}
	if (!as_of_ok) {
		krc = damaged(s, e->id, N_("a bad as-of date"), err);
		goto out;
	}
	switch (e->kind) {
	case KH_KIND_QUANTITY:
		e->value = sqlite3_column_double(st, 3);
		break;
	case KH_KIND_MILESTONE:
		e->done = sqlite3_column_int(st, 4) != 0;
		break;
	case KH_KIND_ONGOING:
		if (!assessment_ok) {
			krc = damaged(s, e->id, N_("an unknown assessment"),
					  err);
			goto out;
		}
		e->assessment = a;
		break;
	}
	e->flags = (unsigned)sqlite3_column_int64(st, 15);
	e->retracted = e->retracted_at != NULL;
out:
	if (krc != KH_OK)
		entry_clear(e);
	return krc;
}

/* A growing array of entries. */
struct entry_list {
	kh_entry *items;
	size_t n, cap;
};

/* Read the current row of st as one more entry of l. */
static kh_rc append_row(kh_store *s, sqlite3_stmt *st, struct entry_list *l,
			kh_error *err)
{
	kh_entry *p = store_grow(l->items, &l->cap, l->n, sizeof *p);
	if (!p)
		return store_no_memory(err);
	l->items = p;
	kh_rc krc = read_entry(s, st, &p[l->n], err);
	if (krc == KH_OK)
		l->n++;
	return krc;
}

/* Step st to the end, collecting every row into *out. */
static kh_rc collect(kh_store *s, sqlite3_stmt *st, kh_entry **out,
		     size_t *n, kh_error *err)
{
	struct entry_list l = {0};
	kh_rc krc = KH_OK;
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW &&
	       (krc = append_row(s, st, &l, err)) == KH_OK)
		;
	if (krc == KH_OK && rc != SQLITE_DONE)
		krc = store_fail(s, rc, err);
	store_done_with(st);
	if (krc != KH_OK) {
		entries_free(l.items, l.n);
		return krc;
	}
	*out = l.items;
	*n = l.n;
	return KH_OK;
}

/* ---- public operations ---- */

static kh_rc check_entry(const kh_entry *e, kh_error *err)
{
	if (!e->target_id || !*e->target_id)
		return kh_error_set(err, KH_EINPUT,
				    _("the entry has no target"));
	if (!kind_text(e->kind))
		return kh_error_set(err, KH_EINPUT,
				    _("the entry for %s has an unknown kind"),
				    e->target_id);
	if (e->as_of == KH_DATE_NONE)
		return kh_error_set(err, KH_EINPUT,
				    _("the entry for %s has no as-of date"),
				    e->target_id);
	if (e->kind == KH_KIND_QUANTITY && !isfinite(e->value))
		return kh_error_set(err, KH_EINPUT,
				    _("the entry for %s has no usable number"),
				    e->target_id);
	if (e->kind == KH_KIND_ONGOING &&
	    (e->assessment < KH_ASSESS_NOT_STARTED ||
	     e->assessment > KH_ASSESS_COMPLETED))
		return kh_error_set(err, KH_EINPUT,
				    _("the entry for %s has no assessment"),
				    e->target_id);
	if (!e->entered_by || !e->source)
		return kh_error_set(err, KH_EINPUT,
				    _("the entry for %s does not say who "
				      "entered it and from where"),
				    e->target_id);
	return KH_OK;
}

/* What a write fills into its entries once committed, allocated before:
 * after COMMIT nothing may fail. */
struct pending {
	int64_t id;
	char *entered_at; /* NULL when the entry came with its own */
	char *note;       /* NULL when the entry came with its own */
};

/* Insert one entry inside the caller's transaction.  *open_day is the
 * last as-of date found outside every closed period in this transaction:
 * the rows of one import share a date, and are checked once. */
static kh_rc insert_entry(kh_store *s, const kh_entry *e,
			  const char *entered_at, kh_date *open_day,
			  int64_t *id, kh_error *err)
{
	if (e->as_of != *open_day) {
		kh_rc krc = store_check_open_window(s, e, err);
		if (krc != KH_OK)
			return krc;
		*open_day = e->as_of;
	}
	char as_of[KH_DATE_ISO_LEN];
	kh_date_iso(e->as_of, as_of);
	sqlite3_stmt *st = store_prepared(s, ST_INSERT_ENTRY);
	store_bind_text(st, 1, e->target_id);
	store_bind_text(st, 2, kind_text(e->kind));
	if (e->kind == KH_KIND_QUANTITY)
		sqlite3_bind_double(st, 3, e->value);
	if (e->kind == KH_KIND_MILESTONE)
		sqlite3_bind_int(st, 4, e->done ? 1 : 0);
	if (e->kind == KH_KIND_ONGOING)
		store_bind_text(st, 5, kh_assessment_id(e->assessment));
	store_bind_text(st, 6, as_of);
	store_bind_text(st, 7, e->period);
	store_bind_text(st, 8, e->unit_id);
	store_bind_text(st, 9, e->note ? e->note : "");
	store_bind_text(st, 10, e->entered_by);
	store_bind_text(st, 11, entered_at);
	store_bind_text(st, 12, e->source);
	sqlite3_bind_int64(st, 13, (sqlite3_int64)e->flags);
	kh_rc krc = store_step_done(s, st, err);
	if (krc == KH_OK)
		*id = sqlite3_last_insert_rowid(s->db);
	return krc;
}

kh_rc store_add_entries(kh_store *store, kh_entry *entries, size_t n,
			kh_error *err)
{
	kh_error_clear(err);
	kh_rc krc = store_check_writable(store, err);
	for (size_t i = 0; krc == KH_OK && i < n; i++)
		krc = check_entry(&entries[i], err);
	if (krc != KH_OK || n == 0)
		return krc;

	struct pending *p = calloc(n, sizeof *p);
	if (!p)
		return store_no_memory(err);
	char now[32];
	store_utc_now(now);
	for (size_t i = 0; i < n; i++) {
		if ((!entries[i].entered_at &&
		     !(p[i].entered_at = store_dup(now))) ||
		    (!entries[i].note && !(p[i].note = store_dup("")))) {
			krc = store_no_memory(err);
			goto out;
		}
	}

	krc = store_begin(store, err);
	if (krc != KH_OK)
		goto out;
	kh_date open_day = KH_DATE_NONE;
	for (size_t i = 0; i < n; i++) {
		const kh_entry *e = &entries[i];
		krc = insert_entry(store, e,
				   p[i].entered_at ? p[i].entered_at
						   : e->entered_at,
				   &open_day, &p[i].id, err);
		if (krc != KH_OK) {
			store_rollback(store);
			goto out;
		}
	}
	krc = store_commit(store, err);
	if (krc != KH_OK)
		goto out;

	for (size_t i = 0; i < n; i++) {
		kh_entry *e = &entries[i];
		e->id = p[i].id;
		if (p[i].entered_at) {
			e->entered_at = p[i].entered_at;
			p[i].entered_at = NULL;
		}
		if (p[i].note) {
			e->note = p[i].note;
			p[i].note = NULL;
		}
	}
out:
	for (size_t i = 0; i < n; i++) {
		free(p[i].entered_at);
		free(p[i].note);
	}
	free(p);
	return krc;
}

kh_rc store_add_entry(kh_store *store, kh_entry *e, kh_error *err)
{
	return store_add_entries(store, e, 1, err);
}

kh_rc store_retract_latest(kh_store *store, const char *target_id,
			   const char *who, kh_entry *out, kh_error *err)
{
	kh_error_clear(err);
	kh_rc krc = store_check_writable(store, err);
	if (krc != KH_OK)
		return krc;
	krc = store_begin(store, err);
	if (krc != KH_OK)
		return krc;

	sqlite3_stmt *st = store_prepared(store, target_id ? ST_LAST_OF_TARGET
						 : ST_LAST_ANY);
	if (target_id)
		store_bind_text(st, 1, target_id);
	int rc = sqlite3_step(st);
	int64_t id = rc == SQLITE_ROW ? sqlite3_column_int64(st, 0) : 0;
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		krc = store_fail(store, rc, err);
	else if (rc == SQLITE_DONE && target_id)
		krc = kh_error_set(err, KH_EEMPTY,
				   _("%s has no entry to undo"), target_id);
	else if (rc == SQLITE_DONE)
		krc = kh_error_set(err, KH_EEMPTY,
				   _("there is no entry to undo"));
	store_done_with(st);
	if (krc != KH_OK)
		goto rollback;

	char now[32];
	store_utc_now(now);
	st = store_prepared(store, ST_INSERT_RETRACTION);
	sqlite3_bind_int64(st, 1, id);
	store_bind_text(st, 2, now);
	store_bind_text(st, 3, who ? who : "");
	krc = store_step_done(store, st, err);
	if (krc != KH_OK)
		goto rollback;

	kh_entry copy = {0};
	if (out) {
		st = store_prepared(store, ST_GET);
		sqlite3_bind_int64(st, 1, id);
		rc = sqlite3_step(st);
		if (rc == SQLITE_ROW)
			krc = read_entry(store, st, &copy, err);
		else
			krc = store_fail(store, rc == SQLITE_DONE ? SQLITE_CORRUPT : rc,
				   err);
		store_done_with(st);
		if (krc != KH_OK)
			goto rollback;
	}
	krc = store_commit(store, err);
	if (krc != KH_OK) {
		entry_clear(&copy);
		return krc;
	}
	if (out)
		*out = copy;
	return KH_OK;

rollback:
	store_rollback(store);
	return krc;
}

kh_rc store_history_newest(kh_store *store, const char *target_id,
			   size_t max, kh_entry **out, size_t *n,
			   kh_error *err)
{
	kh_error_clear(err);
	*out = NULL;
	*n = 0;
	if (store->empty || !target_id)
		return KH_OK;
	sqlite3_stmt *st = store_prepared(store, ST_HISTORY);
	store_bind_text(st, 1, target_id);
	/* LIMIT -1 is no limit. */
	sqlite3_bind_int64(st, 2, max && max < INT64_MAX ? (sqlite3_int64)max
							 : -1);
	return collect(store, st, out, n, err);
}

kh_rc store_history(kh_store *store, const char *target_id, kh_entry **out,
		    size_t *n, kh_error *err)
{
	return store_history_newest(store, target_id, 0, out, n, err);
}

kh_rc store_entries_near(kh_store *store, const char *target_id,
			 kh_date as_of, kh_entry **out, size_t *n,
			 kh_error *err)
{
	kh_error_clear(err);
	*out = NULL;
	*n = 0;
	if (store->empty || !target_id)
		return KH_OK;
	char date[KH_DATE_ISO_LEN];
	kh_date_iso(as_of, date);
	sqlite3_stmt *st = store_prepared(store, ST_NEAR);
	store_bind_text(st, 1, target_id);
	store_bind_text(st, 2, date);
	return collect(store, st, out, n, err);
}

kh_rc store_latest(kh_store *store, kh_date as_of, const char *period,
		   kh_entry **out, size_t *n, kh_error *err)
{
	kh_error_clear(err);
	*out = NULL;
	*n = 0;
	if (store->empty)
		return KH_OK;
	char date[KH_DATE_ISO_LEN];
	kh_date_iso(as_of, date);
	sqlite3_stmt *st = store_prepared(store, ST_LATEST);
	store_bind_text(st, 1, date);
	store_bind_text(st, 2, period);
	return collect(store, st, out, n, err);
}

static void ids_free(char **ids, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(ids[i]);
	free(ids);
}

/* Step st to the end, collecting its first column's text into *out. */
static kh_rc collect_ids(kh_store *store, sqlite3_stmt *st, char ***out,
			 size_t *n, kh_error *err)
{
	char **ids = NULL;
	size_t count = 0, cap = 0;
	kh_rc krc = KH_OK;
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		char **p = store_grow(ids, &cap, count, sizeof *p);
		if (p)
			ids = p;
		if (!p || !store_column_dup(st, 0, &ids[count]) ||
		    !ids[count]) {
			krc = store_no_memory(err);
			break;
		}
		count++;
	}
	if (krc == KH_OK && rc != SQLITE_DONE)
		krc = store_fail(store, rc, err);
	store_done_with(st);
	if (krc != KH_OK) {
		ids_free(ids, count);
		return krc;
	}
	*out = ids;
	*n = count;
	return KH_OK;
}

kh_rc store_target_ids(kh_store *store, char ***out, size_t *n, kh_error *err)
{
	kh_error_clear(err);
	*out = NULL;
	*n = 0;
	if (store->empty)
		return KH_OK;
	return collect_ids(store, store_prepared(store, ST_TARGET_IDS), out, n,
			   err);
}

kh_rc store_snapshot_read(kh_store *store, kh_date as_of,
			  const char *period, kh_entry **latest,
			  size_t *n_latest, char ***ids, bool **reported,
			  size_t *n_ids, kh_error *err)
{
	kh_error_clear(err);
	*latest = NULL;
	*n_latest = 0;
	*ids = NULL;
	*reported = NULL;
	*n_ids = 0;
	if (store->empty)
		return KH_OK;
	char date[KH_DATE_ISO_LEN];
	kh_date_iso(as_of, date);
	sqlite3_stmt *st = store_prepared(store, ST_SNAPSHOT);
	store_bind_text(st, 1, date);
	store_bind_text(st, 2, period);

	struct entry_list l = {0};
	char **id = NULL;
	bool *rep = NULL;
	size_t count = 0, cap_id = 0, cap_rep = 0;
	kh_rc krc = KH_OK;
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		char **pi = store_grow(id, &cap_id, count, sizeof *pi);
		if (pi)
			id = pi;
		bool *pr = store_grow(rep, &cap_rep, count, sizeof *pr);
		if (pr)
			rep = pr;
		if (!pi || !pr || !store_column_dup(st, 16, &id[count]) ||
		    !id[count]) {
			krc = store_no_memory(err);
			break;
		}
		rep[count] = sqlite3_column_int(st, 17) != 0;
		count++;
		if (sqlite3_column_type(st, 0) == SQLITE_NULL)
			continue; /* nothing as of that date */
		if ((krc = append_row(store, st, &l, err)) != KH_OK)
			break;
	}
	if (krc == KH_OK && rc != SQLITE_DONE)
		krc = store_fail(store, rc, err);
	store_done_with(st);
	if (krc != KH_OK) {
		entries_free(l.items, l.n);
		ids_free(id, count);
		free(rep);
		return krc;
	}
	*latest = l.items;
	*n_latest = l.n;
	*ids = id;
	*reported = rep;
	*n_ids = count;
	return KH_OK;
}

kh_rc store_count(kh_store *store, size_t *out, kh_error *err)
{
	kh_error_clear(err);
	*out = 0;
	if (store->empty)
		return KH_OK;
	sqlite3_stmt *st = store_prepared(store, ST_COUNT);
	int rc = sqlite3_step(st);
	kh_rc krc = KH_OK;
	if (rc == SQLITE_ROW)
		*out = (size_t)sqlite3_column_int64(st, 0);
	else
		krc = store_fail(store, rc, err);
	store_done_with(st);
	return krc;
}

kh_rc store_data_version(kh_store *store, int64_t *out, kh_error *err)
{
	kh_error_clear(err);
	*out = 0;
	sqlite3_stmt *st = store_prepared(store, ST_DATA_VERSION);
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		*out = sqlite3_column_int64(st, 0);
		rc = SQLITE_OK;
	}
	kh_rc krc = rc == SQLITE_OK ? KH_OK : store_fail(store, rc, err);
	store_done_with(st);
	return krc;
}
