/* Tests of the SQLite store: round trips, as-of rules, retraction,
 * append-only history, schema versions and the files it must refuse. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <errno.h>
#include <fcntl.h>
#include <dirent.h>
#include <math.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "kehoach/check.h"
#include "kehoach/store.h"

struct fixture {
	char dir[256];
	char db[320];
};

static int setup(void **state)
{
	struct fixture *f = calloc(1, sizeof *f);
	if (!f)
		return -1;
	const char *tmp = getenv("TMPDIR");
	snprintf(f->dir, sizeof f->dir, "%s/kh-store-XXXXXX",
		 tmp && *tmp ? tmp : "/tmp");
	if (!mkdtemp(f->dir)) {
		free(f);
		return -1;
	}
	snprintf(f->db, sizeof f->db, "%s/plan.db", f->dir);
	*state = f;
	return 0;
}

/* rm -rf, making read-only folders removable first. */
static int remove_tree(const char *path)
{
	struct stat sb;
	if (lstat(path, &sb) != 0)
		return -1;
	int rc = 0;
	if (S_ISDIR(sb.st_mode)) {
		chmod(path, 0700);
		DIR *d = opendir(path);
		if (!d)
			return -1;
		struct dirent *de;
		while ((de = readdir(d))) {
			if (!strcmp(de->d_name, ".") || !strcmp(de->d_name, ".."))
				continue;
			char sub[1024];
			snprintf(sub, sizeof sub, "%s/%s", path, de->d_name);
			if (remove_tree(sub) != 0)
				rc = -1;
		}
		closedir(d);
	}
	if (remove(path) != 0)
		rc = -1;
	return rc;
}

static int teardown(void **state)
{
	struct fixture *f = *state;
	int rc = remove_tree(f->dir);
	free(f);
	return rc;
}

/* ---- helpers ---- */

static kh_date day(const char *iso)
{
	kh_date d = KH_DATE_NONE;
	assert_true(kh_date_parse_iso(iso, &d));
	return d;
}

static char *xdup(const char *s)
{
	if (!s)
		return NULL;
	char *p = strdup(s);
	assert_non_null(p);
	return p;
}

/* Add one entry; returns its id. */
static int64_t add(kh_store *s, const char *target, kh_kind kind, double value,
		   const char *as_of, const char *period)
{
	kh_entry e = {0};
	kh_error err;
	e.target_id = xdup(target);
	e.kind = kind;
	e.value = value;
	e.done = kind == KH_KIND_MILESTONE && value != 0;
	e.assessment = kind == KH_KIND_ONGOING ? (kh_assessment)value
					       : KH_ASSESS_NONE;
	e.as_of = day(as_of);
	e.period = xdup(period);
	e.unit_id = xdup("vp");
	e.entered_by = xdup("clerk");
	e.source = xdup("cli");
	kh_rc rc = store_add_entry(s, &e, &err);
	assert_int_equal(rc, KH_OK);
	int64_t id = e.id;
	assert_true(id > 0);
	entry_clear(&e);
	return id;
}

static int64_t add_q(kh_store *s, const char *target, double value,
		     const char *as_of)
{
	return add(s, target, KH_KIND_QUANTITY, value, as_of, NULL);
}

static kh_store *open_ok(const char *path)
{
	kh_error err;
	kh_store *s = store_open(path, true, &err);
	if (!s)
		fail_msg("store_open(%s): %s", path, err.msg);
	return s;
}

static void raw_exec(const char *path, const char *sql)
{
	sqlite3 *db = NULL;
	assert_int_equal(sqlite3_open_v2(path, &db, SQLITE_OPEN_READWRITE,
					 NULL),
			 SQLITE_OK);
	char *msg = NULL;
	int rc = sqlite3_exec(db, sql, NULL, NULL, &msg);
	if (rc != SQLITE_OK)
		fail_msg("%s: %s", sql, msg);
	sqlite3_close(db);
}

/* Run sql and return its error code (the statement should fail). */
static int raw_exec_rc(const char *path, const char *sql)
{
	sqlite3 *db = NULL;
	assert_int_equal(sqlite3_open_v2(path, &db, SQLITE_OPEN_READWRITE,
					 NULL),
			 SQLITE_OK);
	int rc = sqlite3_exec(db, sql, NULL, NULL, NULL);
	sqlite3_close(db);
	return rc;
}

static void raw_text(const char *path, const char *sql, char *out,
		     size_t size)
{
	sqlite3 *db = NULL;
	sqlite3_stmt *st = NULL;
	assert_int_equal(sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY,
					 NULL),
			 SQLITE_OK);
	assert_int_equal(sqlite3_prepare_v2(db, sql, -1, &st, NULL),
			 SQLITE_OK);
	assert_int_equal(sqlite3_step(st), SQLITE_ROW);
	snprintf(out, size, "%s", (const char *)sqlite3_column_text(st, 0));
	sqlite3_finalize(st);
	sqlite3_close(db);
}

static long raw_int(const char *path, const char *sql)
{
	char buf[64];
	raw_text(path, sql, buf, sizeof buf);
	return strtol(buf, NULL, 10);
}

/* Whole file into memory (*n bytes). */
static unsigned char *slurp(const char *path, size_t *n)
{
	FILE *fp = fopen(path, "rb");
	assert_non_null(fp);
	assert_int_equal(fseek(fp, 0, SEEK_END), 0);
	long len = ftell(fp);
	assert_true(len >= 0);
	rewind(fp);
	unsigned char *buf = malloc((size_t)len + 1);
	assert_non_null(buf);
	assert_int_equal(fread(buf, 1, (size_t)len, fp), (size_t)len);
	fclose(fp);
	*n = (size_t)len;
	return buf;
}

static void write_file(const char *path, const void *data, size_t n)
{
	FILE *fp = fopen(path, "wb");
	assert_non_null(fp);
	assert_int_equal(fwrite(data, 1, n, fp), n);
	assert_int_equal(fclose(fp), 0);
}

static void assert_same_file(const char *path, const unsigned char *before,
			     size_t n)
{
	size_t m;
	unsigned char *now = slurp(path, &m);
	assert_int_equal(m, n);
	assert_memory_equal(now, before, n);
	free(now);
}

static bool exists(const char *path)
{
	struct stat sb;
	return stat(path, &sb) == 0;
}

/* A database with a few entries, closed again. */
static void make_db(const char *path, int entries)
{
	kh_store *s = open_ok(path);
	char target[32];
	for (int i = 0; i < entries; i++) {
		snprintf(target, sizeof target, "t%03d", i % 50);
		add_q(s, target, i, "2024-03-01");
	}
	store_close(s);
}

/* ---- tests ---- */

static void test_create_nested_folder(void **state)
{
	struct fixture *f = *state;
	char path[512];
	snprintf(path, sizeof path, "%s/a/b/c/plan.db", f->dir);
	kh_store *s = open_ok(path);
	assert_string_equal(store_path(s), path);
	size_t n = 99;
	kh_error err;
	assert_int_equal(store_count(s, &n, &err), KH_OK);
	assert_int_equal(n, 0);
	store_close(s);

	assert_true(exists(path));
	assert_int_equal(raw_int(path, "PRAGMA user_version"),
			 KH_STORE_SCHEMA_VERSION);
	assert_int_equal(raw_int(path, "PRAGMA application_id"), 0x4b68506c);
	char mode[16];
	raw_text(path, "PRAGMA journal_mode", mode, sizeof mode);
	assert_string_equal(mode, "wal");
	char app[16];
	raw_text(path, "SELECT value FROM meta WHERE key = 'application'", app,
		 sizeof app);
	assert_string_equal(app, "kehoach");

	/* Opening again changes nothing and keeps the version. */
	s = open_ok(path);
	store_close(s);
	assert_int_equal(raw_int(path, "PRAGMA user_version"),
			 KH_STORE_SCHEMA_VERSION);
}

static void test_missing_without_create(void **state)
{
	struct fixture *f = *state;
	kh_error err;
	assert_null(store_open(f->db, false, &err));
	assert_int_equal(err.code, KH_EIO);
	assert_non_null(strstr(err.msg, "no database at"));
	assert_non_null(strstr(err.msg, f->db));
	assert_null(store_open_readonly(f->db, &err));
	assert_int_equal(err.code, KH_EIO);
	assert_false(exists(f->db));

	assert_null(store_open("", true, &err));
	assert_int_equal(err.code, KH_EIO);
}

static void test_round_trip(void **state)
{
	struct fixture *f = *state;
	kh_store *s = open_ok(f->db);
	kh_error err;

	kh_entry e = {0};
	e.target_id = xdup("T1");
	e.kind = KH_KIND_QUANTITY;
	e.value = 12.5;
	e.as_of = day("2024-03-31");
	e.period = xdup("q1");
	e.unit_id = xdup("ptn");
	e.entered_by = xdup("lan");
	e.source = xdup("import:figures.csv:3");
	assert_int_equal(store_add_entry(s, &e, &err), KH_OK);
	assert_true(e.id > 0);
	/* Filled in: UTC timestamp and an empty note. */
	assert_non_null(e.entered_at);
	assert_int_equal(strlen(e.entered_at), 20);
	assert_int_equal(e.entered_at[4], '-');
	assert_int_equal(e.entered_at[10], 'T');
	assert_int_equal(e.entered_at[19], 'Z');
	assert_non_null(e.note);
	assert_string_equal(e.note, "");
	int64_t id1 = e.id;
	entry_clear(&e);

	e.target_id = xdup("M1");
	e.kind = KH_KIND_MILESTONE;
	e.done = true;
	e.as_of = day("2024-04-02");
	e.note = xdup("đã ký");
	e.entered_by = xdup("hoa");
	e.entered_at = xdup("2024-04-02T01:02:03Z");
	e.source = xdup("tui");
	assert_int_equal(store_add_entry(s, &e, &err), KH_OK);
	assert_string_equal(e.entered_at, "2024-04-02T01:02:03Z");
	int64_t id2 = e.id;
	assert_true(id2 > id1);
	entry_clear(&e);

	int64_t id3 = add(s, "O1", KH_KIND_ONGOING, KH_ASSESS_IN_PROGRESS,
			  "2024-06-30", "h1");

	kh_entry *h = NULL;
	size_t n = 0;
	assert_int_equal(store_history(s, "T1", &h, &n, &err), KH_OK);
	assert_int_equal(n, 1);
	assert_int_equal(h[0].id, id1);
	assert_string_equal(h[0].target_id, "T1");
	assert_int_equal(h[0].kind, KH_KIND_QUANTITY);
	assert_true(h[0].value == 12.5);
	assert_int_equal(h[0].as_of, day("2024-03-31"));
	assert_string_equal(h[0].period, "q1");
	assert_string_equal(h[0].unit_id, "ptn");
	assert_string_equal(h[0].note, "");
	assert_string_equal(h[0].entered_by, "lan");
	assert_string_equal(h[0].source, "import:figures.csv:3");
	assert_false(h[0].retracted);
	assert_null(h[0].retracted_at);
	assert_null(h[0].retracted_by);
	entries_free(h, n);

	assert_int_equal(store_history(s, "M1", &h, &n, &err), KH_OK);
	assert_int_equal(n, 1);
	assert_int_equal(h[0].id, id2);
	assert_int_equal(h[0].kind, KH_KIND_MILESTONE);
	assert_true(h[0].done);
	assert_null(h[0].period);
	assert_null(h[0].unit_id);
	assert_string_equal(h[0].note, "đã ký");
	assert_string_equal(h[0].entered_at, "2024-04-02T01:02:03Z");
	entries_free(h, n);

	assert_int_equal(store_history(s, "O1", &h, &n, &err), KH_OK);
	assert_int_equal(n, 1);
	assert_int_equal(h[0].id, id3);
	assert_int_equal(h[0].kind, KH_KIND_ONGOING);
	assert_int_equal(h[0].assessment, KH_ASSESS_IN_PROGRESS);
	entries_free(h, n);

	assert_int_equal(store_history(s, "nobody", &h, &n, &err), KH_OK);
	assert_int_equal(n, 0);
	entries_free(h, n);

	char **ids = NULL;
	assert_int_equal(store_target_ids(s, &ids, &n, &err), KH_OK);
	assert_int_equal(n, 3);
	assert_string_equal(ids[0], "M1");
	assert_string_equal(ids[1], "O1");
	assert_string_equal(ids[2], "T1");
	for (size_t i = 0; i < n; i++)
		free(ids[i]);
	free(ids);

	/* Stored columns: the value fields of other kinds stay NULL. */
	store_close(s);
	assert_int_equal(raw_int(f->db, "SELECT count(*) FROM entry WHERE"
					" kind = 'milestone' AND value IS NULL"
					" AND done = 1 AND assessment IS NULL"),
			 1);
	assert_int_equal(raw_int(f->db, "SELECT count(*) FROM entry WHERE"
					" kind = 'ongoing' AND assessment ="
					" 'in_progress' AND done IS NULL"),
			 1);
}

static void test_bad_entries_refused(void **state)
{
	struct fixture *f = *state;
	kh_store *s = open_ok(f->db);
	kh_error err;
	kh_entry e = {0};
	e.kind = KH_KIND_QUANTITY;
	e.as_of = day("2024-01-01");
	e.entered_by = xdup("x");
	e.source = xdup("cli");
	assert_int_equal(store_add_entry(s, &e, &err), KH_EINPUT);
	e.target_id = xdup("T");
	e.value = NAN;
	assert_int_equal(store_add_entry(s, &e, &err), KH_EINPUT);
	e.value = 1;
	e.kind = (kh_kind)(KH_KIND_ONGOING + 1); /* no kind at all */
	assert_int_equal(store_add_entry(s, &e, &err), KH_EINPUT);
	e.kind = KH_KIND_QUANTITY;
	e.as_of = KH_DATE_NONE;
	assert_int_equal(store_add_entry(s, &e, &err), KH_EINPUT);
	e.as_of = day("2024-01-01");
	e.kind = KH_KIND_ONGOING;
	e.assessment = KH_ASSESS_NONE;
	assert_int_equal(store_add_entry(s, &e, &err), KH_EINPUT);
	assert_int_equal(e.id, 0);
	assert_null(e.entered_at);
	entry_clear(&e);
	size_t n = 9;
	assert_int_equal(store_count(s, &n, &err), KH_OK);
	assert_int_equal(n, 0);
	store_close(s);
}

/* Value of target in a store_latest result, or -1 if absent. */
static double latest_value(const kh_entry *v, size_t n, const char *target)
{
	for (size_t i = 0; i < n; i++)
		if (strcmp(v[i].target_id, target) == 0)
			return v[i].value;
	return -1;
}

static void test_latest_as_of(void **state)
{
	struct fixture *f = *state;
	kh_store *s = open_ok(f->db);
	kh_error err;
	add_q(s, "B", 5, "2024-03-01");
	add_q(s, "B", 20, "2024-04-15"); /* entered before an earlier date */
	add_q(s, "B", 10, "2024-03-31");
	add_q(s, "A", 1, "2024-03-31");
	add_q(s, "A", 2, "2024-03-31"); /* same day: the later id wins */
	add_q(s, "C", 7, "2024-05-01");

	kh_entry *v = NULL;
	size_t n = 0;
	assert_int_equal(store_latest(s, day("2024-03-31"), NULL, &v, &n, &err),
			 KH_OK);
	assert_int_equal(n, 2); /* C has nothing yet */
	assert_string_equal(v[0].target_id, "A");
	assert_string_equal(v[1].target_id, "B");
	assert_true(v[0].value == 2);
	assert_true(v[1].value == 10); /* on the date itself counts */
	assert_false(v[1].retracted);
	entries_free(v, n);

	assert_int_equal(store_latest(s, day("2024-03-30"), NULL, &v, &n, &err),
			 KH_OK);
	assert_int_equal(n, 1);
	assert_true(latest_value(v, n, "B") == 5);
	entries_free(v, n);

	assert_int_equal(store_latest(s, day("2024-02-29"), NULL, &v, &n, &err),
			 KH_OK);
	assert_int_equal(n, 0);
	entries_free(v, n);

	assert_int_equal(store_latest(s, day("2024-12-31"), NULL, &v, &n, &err),
			 KH_OK);
	assert_int_equal(n, 3);
	assert_true(latest_value(v, n, "A") == 2);
	assert_true(latest_value(v, n, "B") == 20);
	assert_true(latest_value(v, n, "C") == 7);
	entries_free(v, n);
	store_close(s);
}

static void test_latest_period(void **state)
{
	struct fixture *f = *state;
	kh_store *s = open_ok(f->db);
	kh_error err;
	add(s, "A", KH_KIND_QUANTITY, 3, "2024-03-31", "q1");
	add(s, "A", KH_KIND_QUANTITY, 8, "2024-06-30", "q2");
	add(s, "A", KH_KIND_QUANTITY, 9, "2024-07-01", NULL);
	add(s, "B", KH_KIND_QUANTITY, 4, "2024-06-30", "q2");

	kh_entry *v = NULL;
	size_t n = 0;
	assert_int_equal(store_latest(s, day("2024-12-31"), "q1", &v, &n, &err),
			 KH_OK);
	assert_int_equal(n, 1);
	assert_string_equal(v[0].target_id, "A");
	assert_true(v[0].value == 3);
	assert_string_equal(v[0].period, "q1");
	entries_free(v, n);

	assert_int_equal(store_latest(s, day("2024-12-31"), "q2", &v, &n, &err),
			 KH_OK);
	assert_int_equal(n, 2);
	assert_true(latest_value(v, n, "A") == 8);
	assert_true(latest_value(v, n, "B") == 4);
	entries_free(v, n);

	assert_int_equal(store_latest(s, day("2024-06-29"), "q2", &v, &n, &err),
			 KH_OK);
	assert_int_equal(n, 0);
	entries_free(v, n);

	assert_int_equal(store_latest(s, day("2024-12-31"), NULL, &v, &n, &err),
			 KH_OK);
	assert_true(latest_value(v, n, "A") == 9);
	entries_free(v, n);
	store_close(s);
}

static void test_retraction(void **state)
{
	struct fixture *f = *state;
	kh_store *s = open_ok(f->db);
	kh_error err;
	kh_entry out = {0};

	assert_int_equal(store_retract_latest(s, NULL, "lan", &out, &err),
			 KH_EEMPTY);
	assert_int_equal(store_retract_latest(s, "A", "lan", NULL, &err),
			 KH_EEMPTY);

	int64_t a1 = add_q(s, "A", 5, "2024-03-31");
	int64_t a2 = add_q(s, "A", 9, "2024-04-30");
	int64_t b1 = add_q(s, "B", 1, "2024-01-31"); /* earliest as_of, last id */

	/* Any target: the one entered last, not the latest as_of. */
	assert_int_equal(store_retract_latest(s, NULL, "lan", &out, &err),
			 KH_OK);
	assert_int_equal(out.id, b1);
	assert_string_equal(out.target_id, "B");
	assert_true(out.retracted);
	assert_non_null(out.retracted_at);
	assert_int_equal(out.retracted_at[19], 'Z');
	assert_string_equal(out.retracted_by, "lan");
	entry_clear(&out);
	assert_int_equal(store_retract_latest(s, "B", "lan", NULL, &err),
			 KH_EEMPTY);
	assert_non_null(strstr(err.msg, "B"));

	assert_int_equal(store_retract_latest(s, "A", "hoa", &out, &err),
			 KH_OK);
	assert_int_equal(out.id, a2);
	assert_true(out.value == 9);
	assert_string_equal(out.retracted_by, "hoa");
	entry_clear(&out);

	kh_entry *v = NULL;
	size_t n = 0;
	assert_int_equal(store_latest(s, day("2024-12-31"), NULL, &v, &n, &err),
			 KH_OK);
	assert_int_equal(n, 1); /* B's only entry is retracted */
	assert_int_equal(v[0].id, a1);
	assert_true(v[0].value == 5);
	entries_free(v, n);

	/* History keeps retracted entries, marked. */
	assert_int_equal(store_history(s, "A", &v, &n, &err), KH_OK);
	assert_int_equal(n, 2);
	assert_int_equal(v[0].id, a2);
	assert_true(v[0].retracted);
	assert_string_equal(v[0].retracted_by, "hoa");
	assert_int_equal(v[1].id, a1);
	assert_false(v[1].retracted);
	entries_free(v, n);

	size_t count = 0;
	assert_int_equal(store_count(s, &count, &err), KH_OK);
	assert_int_equal(count, 3);

	assert_int_equal(store_retract_latest(s, "A", "hoa", NULL, &err),
			 KH_OK);
	assert_int_equal(store_retract_latest(s, NULL, "hoa", NULL, &err),
			 KH_EEMPTY);
	assert_int_equal(store_latest(s, day("2024-12-31"), NULL, &v, &n, &err),
			 KH_OK);
	assert_int_equal(n, 0);
	entries_free(v, n);
	store_close(s);
}

static void test_history_is_append_only(void **state)
{
	struct fixture *f = *state;
	kh_store *s = open_ok(f->db);
	kh_error err;
	add_q(s, "A", 5, "2024-03-31");
	assert_int_equal(store_retract_latest(s, "A", "x", NULL, &err), KH_OK);
	add_q(s, "A", 6, "2024-03-31");
	store_close(s);

	assert_int_equal(raw_exec_rc(f->db, "UPDATE entry SET value = 99"),
			 SQLITE_CONSTRAINT);
	assert_int_equal(raw_exec_rc(f->db, "DELETE FROM entry"),
			 SQLITE_CONSTRAINT);
	assert_int_equal(raw_exec_rc(f->db, "DELETE FROM retraction"),
			 SQLITE_CONSTRAINT);
	assert_int_equal(raw_exec_rc(f->db, "UPDATE retraction SET"
					    " retracted_by = 'y'"),
			 SQLITE_CONSTRAINT);
	assert_int_equal(raw_int(f->db, "SELECT count(*) FROM entry"), 2);
	assert_int_equal(raw_int(f->db, "SELECT sum(value) FROM entry"), 11);
	assert_int_equal(raw_int(f->db, "SELECT count(*) FROM retraction"), 1);
}

static void test_reopen_keeps_data(void **state)
{
	struct fixture *f = *state;
	kh_store *s = open_ok(f->db);
	kh_error err;
	int64_t id = add_q(s, "A", 42, "2024-03-31");
	store_close(s);

	s = store_open(f->db, false, &err);
	assert_non_null(s);
	kh_entry *v = NULL;
	size_t n = 0;
	assert_int_equal(store_history(s, "A", &v, &n, &err), KH_OK);
	assert_int_equal(n, 1);
	assert_int_equal(v[0].id, id);
	assert_true(v[0].value == 42);
	entries_free(v, n);
	int64_t id2 = add_q(s, "A", 43, "2024-04-30");
	assert_true(id2 > id);
	store_close(s);

	s = store_open_readonly(f->db, &err);
	assert_non_null(s);
	assert_int_equal(store_history(s, "A", &v, &n, &err), KH_OK);
	assert_int_equal(n, 2);
	assert_true(v[0].value == 43);
	entries_free(v, n);
	store_close(s);
}

static void test_two_connections_see_each_other(void **state)
{
	struct fixture *f = *state;
	kh_store *a = open_ok(f->db);
	kh_store *b = open_ok(f->db);
	kh_error err;
	add_q(a, "A", 1, "2024-03-31");
	add_q(b, "A", 2, "2024-03-31");
	kh_entry *v = NULL;
	size_t n = 0;
	assert_int_equal(store_latest(a, day("2024-03-31"), NULL, &v, &n, &err),
			 KH_OK);
	assert_int_equal(n, 1);
	assert_true(v[0].value == 2);
	entries_free(v, n);
	store_close(a);
	store_close(b);
	assert_int_equal(raw_int(f->db, "PRAGMA user_version"),
			 KH_STORE_SCHEMA_VERSION);
}

static void test_newer_version_refused(void **state)
{
	struct fixture *f = *state;
	make_db(f->db, 10);
	raw_exec(f->db, "PRAGMA user_version = 99");
	size_t n;
	unsigned char *before = slurp(f->db, &n);

	kh_error err;
	assert_null(store_open(f->db, true, &err));
	assert_int_equal(err.code, KH_EVERSION);
	assert_non_null(strstr(err.msg, f->db));
	assert_non_null(strstr(err.msg, "newer kehoach (schema 99; this one"
					" knows 3): upgrade kehoach"));
	assert_null(store_open_readonly(f->db, &err));
	assert_int_equal(err.code, KH_EVERSION);

	assert_same_file(f->db, before, n);
	assert_int_equal(raw_int(f->db, "PRAGMA user_version"), 99);
	free(before);
}

static void test_garbage_file_refused(void **state)
{
	struct fixture *f = *state;
	unsigned char junk[8192];
	uint32_t x = 12345;
	for (size_t i = 0; i < sizeof junk; i++) {
		x = x * 1103515245u + 12345u;
		junk[i] = (unsigned char)(x >> 16);
	}
	write_file(f->db, junk, sizeof junk);

	kh_error err;
	assert_null(store_open(f->db, true, &err));
	assert_int_equal(err.code, KH_EDB);
	assert_non_null(strstr(err.msg, "not a kehoach database or is"
					" damaged"));
	assert_non_null(strstr(err.msg, f->db));
	assert_null(store_open(f->db, false, &err));
	assert_int_equal(err.code, KH_EDB);
	assert_null(store_open_readonly(f->db, &err));
	assert_int_equal(err.code, KH_EDB);
	assert_same_file(f->db, junk, sizeof junk);
}

static void test_truncated_database(void **state)
{
	struct fixture *f = *state;
	make_db(f->db, 400);
	size_t n;
	unsigned char *full = slurp(f->db, &n);
	assert_true(n > 3 * 4096);
	kh_error err;

	/* Cut inside the header, after the first page (the catalogue
	 * survives, the tables do not), and halfway: SQLite sees the file is
	 * shorter than its header says, so opening already fails. */
	const size_t cuts[] = {50, 4096, n / 2 / 4096 * 4096};
	for (size_t i = 0; i < sizeof cuts / sizeof cuts[0]; i++) {
		write_file(f->db, full, cuts[i]);
		assert_null(store_open(f->db, false, &err));
		assert_int_equal(err.code, KH_EDB);
		assert_non_null(strstr(err.msg, "is damaged"));
		assert_null(store_open_readonly(f->db, &err));
		assert_int_equal(err.code, KH_EDB);
		assert_same_file(f->db, full, cuts[i]);
	}
	free(full);
}

static void test_foreign_database_refused(void **state)
{
	struct fixture *f = *state;
	sqlite3 *db = NULL;
	assert_int_equal(sqlite3_open(f->db, &db), SQLITE_OK);
	assert_int_equal(sqlite3_exec(db, "CREATE TABLE songs (title TEXT);"
					  " INSERT INTO songs VALUES ('x');",
				      NULL, NULL, NULL),
			 SQLITE_OK);
	sqlite3_close(db);
	size_t n;
	unsigned char *before = slurp(f->db, &n);

	kh_error err;
	assert_null(store_open(f->db, true, &err));
	assert_int_equal(err.code, KH_EDB);
	assert_non_null(strstr(err.msg, "is an SQLite database but not a"
					" kehoach one"));
	assert_null(store_open_readonly(f->db, &err));
	assert_int_equal(err.code, KH_EDB);
	assert_same_file(f->db, before, n);
	free(before);

	/* Same with our tables' names but no mark of ours. */
	char other[400];
	snprintf(other, sizeof other, "%s/other.db", f->dir);
	assert_int_equal(sqlite3_open(other, &db), SQLITE_OK);
	assert_int_equal(sqlite3_exec(db, "CREATE TABLE entry (id INTEGER);"
					  " PRAGMA user_version = 1;",
				      NULL, NULL, NULL),
			 SQLITE_OK);
	sqlite3_close(db);
	assert_null(store_open(other, true, &err));
	assert_int_equal(err.code, KH_EDB);

	/* Our mark and a version, but no meta table, then a meta table that
	 * names another application: still not ours, and left untouched. */
	snprintf(other, sizeof other, "%s/marked.db", f->dir);
	assert_int_equal(sqlite3_open(other, &db), SQLITE_OK);
	assert_int_equal(sqlite3_exec(db, "CREATE TABLE entry (id INTEGER);"
					  " PRAGMA application_id = 1265127532;"
					  " PRAGMA user_version = 1;",
				      NULL, NULL, NULL),
			 SQLITE_OK);
	sqlite3_close(db);
	static const char *const metas[] = {
		NULL,
		"CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT);"
		" INSERT INTO meta VALUES ('application', 'kehoach-not');",
	};
	for (size_t i = 0; i < sizeof metas / sizeof metas[0]; i++) {
		if (metas[i])
			raw_exec(other, metas[i]);
		before = slurp(other, &n);
		assert_null(store_open(other, true, &err));
		assert_int_equal(err.code, KH_EDB);
		assert_non_null(strstr(err.msg, "not a kehoach one"));
		assert_null(store_open_readonly(other, &err));
		assert_int_equal(err.code, KH_EDB);
		assert_same_file(other, before, n);
		free(before);
	}
}

static void test_empty_file_read_only(void **state)
{
	struct fixture *f = *state;
	write_file(f->db, "", 0);
	kh_error err;
	kh_store *s = store_open_readonly(f->db, &err);
	assert_non_null(s);
	size_t n = 9;
	assert_int_equal(store_count(s, &n, &err), KH_OK);
	assert_int_equal(n, 0);
	kh_entry *v = NULL;
	assert_int_equal(store_latest(s, day("2024-12-31"), NULL, &v, &n, &err),
			 KH_OK);
	assert_int_equal(n, 0);
	assert_int_equal(store_history(s, "A", &v, &n, &err), KH_OK);
	assert_int_equal(n, 0);
	char **ids = NULL;
	assert_int_equal(store_target_ids(s, &ids, &n, &err), KH_OK);
	assert_int_equal(n, 0);
	store_close(s);
	struct stat sb;
	assert_int_equal(stat(f->db, &sb), 0);
	assert_int_equal(sb.st_size, 0);

	/* An existing empty file opened for writing becomes a database. */
	s = store_open(f->db, false, &err);
	assert_non_null(s);
	store_close(s);
	assert_int_equal(raw_int(f->db, "PRAGMA user_version"),
			 KH_STORE_SCHEMA_VERSION);
}

static void test_read_only(void **state)
{
	struct fixture *f = *state;
	make_db(f->db, 3);
	kh_error err;

	/* Opened read-only: reads work, writes are refused. */
	kh_store *s = store_open_readonly(f->db, &err);
	assert_non_null(s);
	size_t n = 0;
	assert_int_equal(store_count(s, &n, &err), KH_OK);
	assert_int_equal(n, 3);
	kh_entry e = {0};
	e.target_id = xdup("A");
	e.kind = KH_KIND_QUANTITY;
	e.as_of = day("2024-03-31");
	e.entered_by = xdup("x");
	e.source = xdup("cli");
	assert_int_equal(store_add_entry(s, &e, &err), KH_EREADONLY);
	assert_non_null(strstr(err.msg, "cannot write"));
	assert_int_equal(store_retract_latest(s, NULL, "x", NULL, &err),
			 KH_EREADONLY);
	store_close(s);

	/* A file without write permission.  Root ignores the permission
	 * bits, so there the write goes through. */
	assert_int_equal(chmod(f->db, 0444), 0);
	s = store_open(f->db, false, &err);
	assert_non_null(s);
	kh_rc rc = store_add_entry(s, &e, &err);
	if (geteuid() == 0) {
		assert_int_equal(rc, KH_OK);
	} else {
		assert_int_equal(rc, KH_EREADONLY);
		assert_non_null(strstr(err.msg, "cannot write"));
		assert_non_null(strstr(err.msg, f->db));
	}
	store_close(s);
	entry_clear(&e);
	assert_int_equal(raw_int(f->db, "SELECT count(*) FROM entry"),
			 geteuid() == 0 ? 4 : 3);

	/* A new database in a folder without write permission. */
	char dir[400], path[480];
	snprintf(dir, sizeof dir, "%s/locked", f->dir);
	assert_int_equal(mkdir(dir, 0555), 0);
	snprintf(path, sizeof path, "%s/plan.db", dir);
	s = store_open(path, true, &err);
	if (geteuid() == 0) {
		assert_non_null(s);
		store_close(s);
	} else {
		assert_null(s);
		assert_int_equal(err.code, KH_EREADONLY);
	}
}

static void test_folder_cannot_be_made(void **state)
{
	struct fixture *f = *state;
	char file[400], path[480];
	snprintf(file, sizeof file, "%s/plain-file", f->dir);
	write_file(file, "x", 1);
	snprintf(path, sizeof path, "%s/sub/plan.db", file);
	kh_error err;
	assert_null(store_open(path, true, &err));
	assert_int_equal(err.code, KH_EIO);
	assert_non_null(strstr(err.msg, "cannot create the folder"));

	/* The database's own folder is a file. */
	snprintf(path, sizeof path, "%s/plan.db", file);
	assert_null(store_open(path, true, &err));
	assert_int_equal(err.code, KH_EIO);
}

static void test_locked_database(void **state)
{
	struct fixture *f = *state;
	kh_store *s = open_ok(f->db);
	store_set_busy_timeout(s, 200);
	add_q(s, "A", 1, "2024-03-31");

	sqlite3 *other = NULL;
	assert_int_equal(sqlite3_open(f->db, &other), SQLITE_OK);
	assert_int_equal(sqlite3_exec(other, "BEGIN EXCLUSIVE", NULL, NULL,
				      NULL),
			 SQLITE_OK);

	kh_error err;
	kh_entry e = {0};
	e.target_id = xdup("A");
	e.kind = KH_KIND_QUANTITY;
	e.value = 2;
	e.as_of = day("2024-04-30");
	e.entered_by = xdup("x");
	e.source = xdup("cli");
	assert_int_equal(store_add_entry(s, &e, &err), KH_EBUSY);
	assert_non_null(strstr(err.msg, "is busy (another kehoach is"
					" writing); try again"));
	assert_int_equal(e.id, 0);
	assert_int_equal(store_retract_latest(s, "A", "x", NULL, &err),
			 KH_EBUSY);
	/* Readers are not held up in WAL mode. */
	kh_entry *v = NULL;
	size_t n = 0;
	assert_int_equal(store_latest(s, day("2024-12-31"), NULL, &v, &n, &err),
			 KH_OK);
	assert_int_equal(n, 1);
	entries_free(v, n);

	assert_int_equal(sqlite3_exec(other, "ROLLBACK", NULL, NULL, NULL),
			 SQLITE_OK);
	/* No transaction was left open: the next write goes through. */
	assert_int_equal(store_add_entry(s, &e, &err), KH_OK);
	entry_clear(&e);
	/* And the other connection can write too. */
	assert_int_equal(sqlite3_exec(other, "BEGIN IMMEDIATE; COMMIT;", NULL,
				      NULL, NULL),
			 SQLITE_OK);
	sqlite3_close(other);
	assert_int_equal(store_count(s, &n, &err), KH_OK);
	assert_int_equal(n, 2);
	store_close(s);
}

static void check_mode(const char *dir, const char *name, mode_t mask,
		       mode_t want)
{
	char path[480];
	snprintf(path, sizeof path, "%s/%s", dir, name);
	mode_t old = umask(mask);
	kh_store *s = open_ok(path);
	umask(old);
	store_close(s);
	struct stat sb;
	assert_int_equal(stat(path, &sb), 0);
	assert_int_equal(sb.st_mode & 07777, want);
}

static void test_umask_honoured(void **state)
{
	struct fixture *f = *state;
	check_mode(f->dir, "private.db", 077, 0600);
	check_mode(f->dir, "shared.db", 022, 0644);
	/* A folder made for the database follows the umask too. */
	mode_t old = umask(027);
	char path[480];
	snprintf(path, sizeof path, "%s/newdir/plan.db", f->dir);
	kh_store *s = open_ok(path);
	umask(old);
	store_close(s);
	snprintf(path, sizeof path, "%s/newdir", f->dir);
	struct stat sb;
	assert_int_equal(stat(path, &sb), 0);
	assert_int_equal(sb.st_mode & 07777, 0750);
}

static void test_text_stored_exactly(void **state)
{
	struct fixture *f = *state;
	static const char note[] = "Hội thảo khoa học \xe2\x80\x94 tỉnh Quảng"
				   " Trị\x01\x1b[31m\ttab\r\nline2\x7f";
	kh_store *s = open_ok(f->db);
	kh_error err;
	kh_entry e = {0};
	e.target_id = xdup("HT-01");
	e.kind = KH_KIND_MILESTONE;
	e.done = false;
	e.as_of = day("2024-02-29");
	e.note = xdup(note);
	e.unit_id = xdup("Phòng QLKH");
	e.entered_by = xdup("nguyễn");
	e.source = xdup("import:số liệu.csv:2");
	assert_int_equal(store_add_entry(s, &e, &err), KH_OK);
	entry_clear(&e);
	store_close(s);

	s = store_open_readonly(f->db, &err);
	assert_non_null(s);
	kh_entry *v = NULL;
	size_t n = 0;
	assert_int_equal(store_latest(s, day("2024-02-29"), NULL, &v, &n, &err),
			 KH_OK);
	assert_int_equal(n, 1);
	assert_int_equal(strlen(v[0].note), sizeof note - 1);
	assert_memory_equal(v[0].note, note, sizeof note);
	assert_string_equal(v[0].unit_id, "Phòng QLKH");
	assert_string_equal(v[0].entered_by, "nguyễn");
	assert_string_equal(v[0].source, "import:số liệu.csv:2");
	assert_false(v[0].done);
	assert_int_equal(v[0].as_of, day("2024-02-29"));
	entries_free(v, n);
	store_close(s);
}

static void test_many_targets(void **state)
{
	struct fixture *f = *state;
	kh_store *s = open_ok(f->db);
	store_close(s);

	/* 20,000 entries over 2,000 targets, ten dates each, in one go. */
	sqlite3 *db = NULL;
	sqlite3_stmt *st = NULL;
	assert_int_equal(sqlite3_open(f->db, &db), SQLITE_OK);
	assert_int_equal(sqlite3_exec(db, "BEGIN", NULL, NULL, NULL),
			 SQLITE_OK);
	assert_int_equal(
		sqlite3_prepare_v2(db,
				   "INSERT INTO entry (target_id, kind, value,"
				   " as_of, entered_by, entered_at, source)"
				   " VALUES (?, 'quantity', ?, ?, 'b',"
				   " '2024-01-01T00:00:00Z', 'bench')",
				   -1, &st, NULL),
		SQLITE_OK);
	char target[16], date[16];
	for (int d = 1; d <= 10; d++) {
		for (int t = 0; t < 2000; t++) {
			snprintf(target, sizeof target, "t%04d", t);
			snprintf(date, sizeof date, "2024-01-%02d", d);
			sqlite3_bind_text(st, 1, target, -1, SQLITE_TRANSIENT);
			sqlite3_bind_double(st, 2, t * 100 + d);
			sqlite3_bind_text(st, 3, date, -1, SQLITE_TRANSIENT);
			assert_int_equal(sqlite3_step(st), SQLITE_DONE);
			sqlite3_reset(st);
		}
	}
	sqlite3_finalize(st);
	assert_int_equal(sqlite3_exec(db, "COMMIT", NULL, NULL, NULL),
			 SQLITE_OK);
	sqlite3_close(db);

	s = open_ok(f->db);
	kh_error err;
	size_t n = 0;
	assert_int_equal(store_count(s, &n, &err), KH_OK);
	assert_int_equal(n, 20000);
	kh_entry *v = NULL;
	assert_int_equal(store_latest(s, day("2024-01-05"), NULL, &v, &n, &err),
			 KH_OK);
	assert_int_equal(n, 2000);
	for (size_t i = 0; i < n; i++) {
		snprintf(target, sizeof target, "t%04d", (int)i);
		assert_string_equal(v[i].target_id, target);
		assert_true(v[i].value == (double)i * 100 + 5);
		assert_int_equal(v[i].as_of, day("2024-01-05"));
	}
	entries_free(v, n);
	char **ids = NULL;
	assert_int_equal(store_target_ids(s, &ids, &n, &err), KH_OK);
	assert_int_equal(n, 2000);
	assert_string_equal(ids[1999], "t1999");
	for (size_t i = 0; i < n; i++)
		free(ids[i]);
	free(ids);
	store_close(s);
}

/* ---- schema version 2: flags, batches, periods ---- */

/* Version 1's schema exactly as kehoach 1 wrote it. */
static const char v1_schema[] =
	"CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT);"
	"INSERT INTO meta (key, value) VALUES ('application', 'kehoach');"
	"CREATE TABLE entry ("
	" id INTEGER PRIMARY KEY,"
	" target_id TEXT NOT NULL,"
	" kind TEXT NOT NULL"
	"  CHECK (kind IN ('quantity', 'milestone', 'ongoing')),"
	" value REAL, done INTEGER, assessment TEXT,"
	" as_of TEXT NOT NULL, period TEXT, unit_id TEXT,"
	" note TEXT NOT NULL DEFAULT '',"
	" entered_by TEXT NOT NULL, entered_at TEXT NOT NULL,"
	" source TEXT NOT NULL);"
	"CREATE TABLE retraction ("
	" entry_id INTEGER PRIMARY KEY REFERENCES entry (id),"
	" retracted_at TEXT NOT NULL, retracted_by TEXT NOT NULL);"
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
	"PRAGMA application_id = 1265127532;"
	"PRAGMA user_version = 1;"
	"INSERT INTO entry (target_id, kind, value, as_of, period, unit_id,"
	" note, entered_by, entered_at, source) VALUES"
	" ('T1', 'quantity', 12.5, '2024-03-31', 'q1', 'vp', 'first', 'lan',"
	"  '2024-04-01T08:00:00Z', 'cli'),"
	" ('T1', 'quantity', 14, '2024-04-30', 'q2', 'vp', '', 'lan',"
	"  '2024-05-01T08:00:00Z', 'tui');"
	"INSERT INTO entry (target_id, kind, done, as_of, entered_by,"
	" entered_at, source) VALUES"
	" ('M1', 'milestone', 1, '2024-02-01', 'hoa', '2024-02-02T09:00:00Z',"
	"  'cli');"
	"INSERT INTO retraction VALUES (2, '2024-05-02T00:00:00Z', 'lan');";

static void make_v1_db(const char *path)
{
	sqlite3 *db = NULL;
	assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
	char *msg = NULL;
	if (sqlite3_exec(db, v1_schema, NULL, NULL, &msg) != SQLITE_OK)
		fail_msg("version 1 schema: %s", msg);
	sqlite3_close(db);
}

/* The three entries of make_v1_db, as any reader must see them. */
static void check_v1_entries(kh_store *s)
{
	kh_error err;
	kh_entry *v = NULL;
	size_t n = 0;
	assert_int_equal(store_history(s, "T1", &v, &n, &err), KH_OK);
	assert_int_equal(n, 2);
	assert_int_equal(v[0].id, 2);
	assert_true(v[0].value == 14);
	assert_true(v[0].retracted);
	assert_string_equal(v[0].retracted_by, "lan");
	assert_int_equal(v[0].flags, 0);
	assert_int_equal(v[1].id, 1);
	assert_true(v[1].value == 12.5);
	assert_string_equal(v[1].note, "first");
	assert_string_equal(v[1].period, "q1");
	assert_string_equal(v[1].entered_at, "2024-04-01T08:00:00Z");
	assert_false(v[1].retracted);
	assert_int_equal(v[1].flags, 0);
	entries_free(v, n);

	assert_int_equal(store_latest(s, day("2024-12-31"), NULL, &v, &n, &err),
			 KH_OK);
	assert_int_equal(n, 2);
	assert_string_equal(v[0].target_id, "M1");
	assert_true(v[0].done);
	assert_int_equal(v[0].flags, 0);
	assert_string_equal(v[1].target_id, "T1");
	assert_int_equal(v[1].id, 1);
	entries_free(v, n);
}

static void test_migrate_version_1(void **state)
{
	struct fixture *f = *state;
	kh_error err;
	make_v1_db(f->db);
	size_t size;
	unsigned char *before = slurp(f->db, &size);

	/* A reader sees version 1 as it is, without touching it. */
	kh_store *s = store_open_readonly(f->db, &err);
	if (!s)
		fail_msg("read-only open of version 1: %s", err.msg);
	check_v1_entries(s);
	bool closed = true;
	assert_int_equal(store_period_closed(s, "q1", &closed, &err), KH_OK);
	assert_false(closed);
	kh_period_event *ev = NULL;
	size_t n = 9;
	assert_int_equal(store_period_events(s, NULL, &ev, &n, &err), KH_OK);
	assert_int_equal(n, 0);
	period_events_free(ev, n);
	kh_period_report *r = NULL;
	assert_int_equal(store_period_reports(s, "q1", &r, &n, &err), KH_OK);
	assert_int_equal(n, 1);
	assert_string_equal(r[0].target_id, "T1");
	assert_int_equal(r[0].n, 1);
	assert_int_equal(r[0].flags, 0);
	period_reports_free(r, n);
	store_close(s);
	assert_same_file(f->db, before, size);
	free(before);
	assert_int_equal(raw_int(f->db, "PRAGMA user_version"), 1);

	/* A writer migrates it, keeping every entry. */
	s = open_ok(f->db);
	check_v1_entries(s);
	size_t count = 0;
	assert_int_equal(store_count(s, &count, &err), KH_OK);
	assert_int_equal(count, 3);
	kh_entry e = {0};
	e.target_id = xdup("T1");
	e.kind = KH_KIND_QUANTITY;
	e.value = 3;
	e.as_of = day("2024-06-30");
	e.entered_by = xdup("lan");
	e.source = xdup("cli");
	e.flags = KH_CHECK_LOWER;
	assert_int_equal(store_add_entry(s, &e, &err), KH_OK);
	assert_int_equal(e.id, 4);
	entry_clear(&e);
	assert_int_equal(store_close_period(s, "q1", day("2024-01-01"),
					    day("2024-03-31"), "lan", "r", &err),
			 KH_OK);
	store_close(s);

	assert_int_equal(raw_int(f->db, "PRAGMA user_version"),
			 KH_STORE_SCHEMA_VERSION);
	/* Version 3's period index covers the date, entry time and flags. */
	assert_int_equal(raw_int(f->db, "SELECT count(*) FROM"
					" pragma_index_info('entry_period')"),
			 5);
	assert_int_equal(raw_int(f->db, "SELECT count(*) FROM entry"
					" WHERE flags = 0"),
			 3);
	assert_int_equal(raw_int(f->db, "SELECT flags FROM entry WHERE id = 4"),
			 KH_CHECK_LOWER);
	assert_int_equal(raw_int(f->db, "SELECT count(*) FROM retraction"), 1);
	/* History stays append-only after the new column. */
	assert_int_equal(raw_exec_rc(f->db, "UPDATE entry SET flags = 3"),
			 SQLITE_CONSTRAINT);
	assert_int_equal(raw_exec_rc(f->db, "DELETE FROM entry WHERE id = 4"),
			 SQLITE_CONSTRAINT);
	assert_int_equal(raw_exec_rc(f->db, "UPDATE period_event SET by = 'x'"),
			 SQLITE_CONSTRAINT);
	assert_int_equal(raw_exec_rc(f->db, "DELETE FROM period_event"),
			 SQLITE_CONSTRAINT);
	assert_int_equal(raw_exec_rc(f->db,
				     "INSERT INTO period_event (period, action,"
				     " at, by) VALUES ('q2', 'delete', 'x',"
				     " 'y')"),
			 SQLITE_CONSTRAINT);
	assert_int_equal(raw_int(f->db, "SELECT count(*) FROM period_event"),
			 1);

	/* A reader of the migrated file sees the flags and the close. */
	s = store_open_readonly(f->db, &err);
	assert_non_null(s);
	kh_entry *v = NULL;
	assert_int_equal(store_history(s, "T1", &v, &n, &err), KH_OK);
	assert_int_equal(n, 3);
	assert_int_equal(v[0].id, 4);
	assert_int_equal(v[0].flags, KH_CHECK_LOWER);
	entries_free(v, n);
	assert_int_equal(store_period_closed(s, "q1", &closed, &err), KH_OK);
	assert_true(closed);
	assert_int_equal(store_period_events(s, "q1", &ev, &n, &err), KH_OK);
	assert_int_equal(n, 1);
	assert_true(ev[0].close);
	period_events_free(ev, n);
	store_close(s);
}

static void test_fresh_database_is_current(void **state)
{
	struct fixture *f = *state;
	make_db(f->db, 2);
	assert_int_equal(raw_int(f->db, "PRAGMA user_version"),
			 KH_STORE_SCHEMA_VERSION);
	assert_int_equal(raw_int(f->db, "SELECT count(*) FROM sqlite_master"
					" WHERE name IN ('period_event',"
					" 'period_event_no_update',"
					" 'period_event_no_delete',"
					" 'entry_no_update', 'entry_no_delete')"),
			 5);
	assert_int_equal(raw_int(f->db, "SELECT count(*) FROM entry"
					" WHERE flags = 0"),
			 2);
	assert_int_equal(raw_exec_rc(f->db, "UPDATE entry SET flags = 1"),
			 SQLITE_CONSTRAINT);
}

/* Fill e as a quantity entry (not stored). */
static void quantity(kh_entry *e, const char *target, double value,
		     const char *as_of, const char *period)
{
	memset(e, 0, sizeof *e);
	e->target_id = xdup(target);
	e->kind = KH_KIND_QUANTITY;
	e->value = value;
	e->as_of = day(as_of);
	e->period = xdup(period);
	e->entered_by = xdup("clerk");
	e->source = xdup("import:figures.csv:2");
}

static void test_flags_round_trip(void **state)
{
	struct fixture *f = *state;
	kh_store *s = open_ok(f->db);
	kh_error err;
	kh_entry e;
	quantity(&e, "A", 5, "2024-03-31", NULL);
	e.flags = KH_CHECK_LOWER | KH_CHECK_HIGH;
	assert_int_equal(store_add_entry(s, &e, &err), KH_OK);
	entry_clear(&e);
	quantity(&e, "A", 6, "2024-04-30", NULL);
	e.flags = KH_CHECK_HIGH;
	assert_int_equal(store_add_entry(s, &e, &err), KH_OK);
	entry_clear(&e);
	quantity(&e, "B", 1, "2024-04-30", NULL);
	assert_int_equal(store_add_entry(s, &e, &err), KH_OK);
	entry_clear(&e);

	kh_entry *v = NULL;
	size_t n = 0;
	assert_int_equal(store_history(s, "A", &v, &n, &err), KH_OK);
	assert_int_equal(n, 2);
	assert_int_equal(v[0].flags, KH_CHECK_HIGH);
	assert_int_equal(v[1].flags, KH_CHECK_LOWER | KH_CHECK_HIGH);
	entries_free(v, n);
	assert_int_equal(store_latest(s, day("2024-04-01"), NULL, &v, &n, &err),
			 KH_OK);
	assert_int_equal(n, 1);
	assert_int_equal(v[0].flags, KH_CHECK_LOWER | KH_CHECK_HIGH);
	entries_free(v, n);
	assert_int_equal(store_latest(s, day("2024-12-31"), NULL, &v, &n, &err),
			 KH_OK);
	assert_int_equal(n, 2);
	assert_int_equal(v[0].flags, KH_CHECK_HIGH);
	assert_int_equal(v[1].flags, 0);
	entries_free(v, n);

	kh_entry out = {0};
	assert_int_equal(store_retract_latest(s, "A", "x", &out, &err), KH_OK);
	assert_int_equal(out.flags, KH_CHECK_HIGH);
	entry_clear(&out);
	store_close(s);
}

static void batch_free(kh_entry *v, size_t n)
{
	for (size_t i = 0; i < n; i++)
		entry_clear(&v[i]);
}

static void test_batch_all_or_nothing(void **state)
{
	struct fixture *f = *state;
	kh_store *s = open_ok(f->db);
	kh_error err;
	kh_entry v[5];
	char target[8];
	for (int i = 0; i < 5; i++) {
		snprintf(target, sizeof target, "T%d", i);
		quantity(&v[i], target, i, "2024-05-31", "q2");
		v[i].flags = (unsigned)i & 3;
	}
	/* The third is invalid: nothing is written. */
	v[2].value = NAN;
	assert_int_equal(store_add_entries(s, v, 5, &err), KH_EINPUT);
	assert_non_null(strstr(err.msg, "T2"));
	size_t n = 9;
	assert_int_equal(store_count(s, &n, &err), KH_OK);
	assert_int_equal(n, 0);
	for (int i = 0; i < 5; i++) {
		assert_int_equal(v[i].id, 0);
		assert_null(v[i].entered_at);
		assert_null(v[i].note);
	}

	/* The third lies in a closed period: refused inside the
	 * transaction, after two were inserted, and rolled back. */
	v[2].value = 2;
	v[2].as_of = day("2024-03-15");
	assert_int_equal(store_close_period(s, "q1", day("2024-01-01"),
					    day("2024-03-31"), "hoa", "", &err),
			 KH_OK);
	assert_int_equal(store_add_entries(s, v, 5, &err), KH_EINPUT);
	assert_non_null(strstr(err.msg, "T2: 2024-03-15 lies in period q1"));
	assert_int_equal(store_count(s, &n, &err), KH_OK);
	assert_int_equal(n, 0);
	for (int i = 0; i < 5; i++) {
		assert_int_equal(v[i].id, 0);
		assert_null(v[i].entered_at);
	}

	/* Put right, the batch goes in whole. */
	v[2].as_of = day("2024-04-01");
	v[4].entered_at = xdup("2024-06-01T07:00:00Z");
	assert_int_equal(store_add_entries(s, v, 5, &err), KH_OK);
	assert_int_equal(store_count(s, &n, &err), KH_OK);
	assert_int_equal(n, 5);
	for (int i = 0; i < 5; i++) {
		assert_true(v[i].id > 0);
		if (i)
			assert_int_equal(v[i].id, v[i - 1].id + 1);
		assert_non_null(v[i].entered_at);
		assert_string_equal(v[i].note, "");
	}
	assert_string_equal(v[4].entered_at, "2024-06-01T07:00:00Z");
	assert_string_equal(v[0].entered_at, v[3].entered_at);
	kh_entry *h = NULL;
	assert_int_equal(store_history(s, "T3", &h, &n, &err), KH_OK);
	assert_int_equal(n, 1);
	assert_int_equal(h[0].id, v[3].id);
	assert_int_equal(h[0].flags, 3);
	assert_true(h[0].value == 3);
	entries_free(h, n);
	batch_free(v, 5);

	/* Nothing to write is not an error. */
	assert_int_equal(store_add_entries(s, NULL, 0, &err), KH_OK);
	store_close(s);

	s = store_open_readonly(f->db, &err);
	assert_non_null(s);
	quantity(&v[0], "A", 1, "2024-05-31", NULL);
	assert_int_equal(store_add_entries(s, v, 1, &err), KH_EREADONLY);
	entry_clear(&v[0]);
	store_close(s);
}

static void test_batch_large(void **state)
{
	struct fixture *f = *state;
	enum { N = 5000 };
	kh_entry *v = calloc(N, sizeof *v);
	assert_non_null(v);
	char target[16];
	for (int i = 0; i < N; i++) {
		snprintf(target, sizeof target, "t%04d", i % 1000);
		quantity(&v[i], target, i, i < 1000 ? "2024-05-01"
						    : "2024-05-02",
			 "q2");
	}
	kh_store *s = open_ok(f->db);
	kh_error err;
	assert_int_equal(store_add_entries(s, v, N, &err), KH_OK);
	assert_int_equal(v[N - 1].id, N);
	size_t n = 0;
	assert_int_equal(store_count(s, &n, &err), KH_OK);
	assert_int_equal(n, N);
	kh_entry *l = NULL;
	assert_int_equal(store_latest(s, day("2024-05-31"), NULL, &l, &n, &err),
			 KH_OK);
	assert_int_equal(n, 1000);
	assert_string_equal(l[7].target_id, "t0007");
	assert_true(l[7].value == 4007); /* the last of that target */
	entries_free(l, n);
	kh_period_report *r = NULL;
	assert_int_equal(store_period_reports(s, "q2", &r, &n, &err), KH_OK);
	assert_int_equal(n, 1000);
	assert_int_equal(r[999].n, 5);
	period_reports_free(r, n);
	store_close(s);
	batch_free(v, N);
	free(v);
}

/* Close H1 (2024-01-01 to 2024-06-30) as who, keeping text; the verdict. */
static kh_rc close_h1(kh_store *s, const char *who, const char *text,
		      kh_error *err)
{
	return store_close_period(s, "H1", day("2024-01-01"),
				  day("2024-06-30"), who, text, err);
}

/* "YYYY-MM-DD" part of the latest event of period. */
static void closed_on(kh_store *s, const char *period, char day_out[11])
{
	kh_error err;
	kh_period_event *ev = NULL;
	size_t n = 0;
	assert_int_equal(store_period_events(s, period, &ev, &n, &err), KH_OK);
	assert_true(n > 0);
	snprintf(day_out, 11, "%s", ev[n - 1].at);
	period_events_free(ev, n);
}

static void test_close_reopen_events(void **state)
{
	struct fixture *f = *state;
	kh_store *s = open_ok(f->db);
	kh_error err;
	bool closed = true;
	assert_int_equal(store_period_closed(s, "H1", &closed, &err), KH_OK);
	assert_false(closed);

	assert_int_equal(close_h1(s, "clerk", "# Báo cáo 6 tháng\n", &err),
			 KH_OK);
	assert_int_equal(store_period_closed(s, "H1", &closed, &err), KH_OK);
	assert_true(closed);
	assert_int_equal(store_period_closed(s, "Q3", &closed, &err), KH_OK);
	assert_false(closed);
	assert_int_equal(store_close_period(s, "Q3", day("2024-07-01"),
					    day("2024-09-30"), "hoa", NULL,
					    &err),
			 KH_OK);
	assert_int_equal(store_reopen_period(s, "H1", "lan", "T1 was wrong",
					     &err),
			 KH_OK);
	assert_int_equal(store_period_closed(s, "H1", &closed, &err), KH_OK);
	assert_false(closed);
	assert_int_equal(close_h1(s, "clerk", "second", &err), KH_OK);
	assert_int_equal(store_period_closed(s, "H1", &closed, &err), KH_OK);
	assert_true(closed);
	assert_int_equal(store_reopen_period(s, "Q3", "hoa", NULL, &err),
			 KH_OK);
	store_close(s);

	s = store_open_readonly(f->db, &err);
	assert_non_null(s);
	kh_period_event *ev = NULL;
	size_t n = 0;
	assert_int_equal(store_period_events(s, "H1", &ev, &n, &err), KH_OK);
	assert_int_equal(n, 3);
	assert_true(ev[0].close);
	assert_string_equal(ev[0].period, "H1");
	assert_int_equal(ev[0].from, day("2024-01-01"));
	assert_int_equal(ev[0].cutoff, day("2024-06-30"));
	assert_string_equal(ev[0].by, "clerk");
	assert_string_equal(ev[0].text, "# Báo cáo 6 tháng\n");
	assert_int_equal(strlen(ev[0].at), 20);
	assert_int_equal(ev[0].at[10], 'T');
	assert_int_equal(ev[0].at[19], 'Z');
	assert_false(ev[1].close);
	assert_string_equal(ev[1].by, "lan");
	assert_string_equal(ev[1].text, "T1 was wrong");
	assert_int_equal(ev[1].from, KH_DATE_NONE);
	assert_int_equal(ev[1].cutoff, KH_DATE_NONE);
	assert_true(ev[2].close);
	assert_string_equal(ev[2].text, "second");
	assert_true(ev[0].id < ev[1].id && ev[1].id < ev[2].id);
	period_events_free(ev, n);

	/* All periods, oldest first. */
	assert_int_equal(store_period_events(s, NULL, &ev, &n, &err), KH_OK);
	assert_int_equal(n, 5);
	static const char *const order[] = {"H1", "Q3", "H1", "H1", "Q3"};
	static const bool closes[] = {true, true, false, true, false};
	for (size_t i = 0; i < n; i++) {
		assert_string_equal(ev[i].period, order[i]);
		assert_int_equal(ev[i].close, closes[i]);
	}
	assert_string_equal(ev[1].text, "");
	assert_string_equal(ev[4].text, "");
	period_events_free(ev, n);

	assert_int_equal(store_period_events(s, "none", &ev, &n, &err), KH_OK);
	assert_int_equal(n, 0);
	period_events_free(ev, n);
	assert_int_equal(store_close_period(s, "X", day("2024-01-01"),
					    day("2024-01-02"), "x", "", &err),
			 KH_EREADONLY);
	assert_int_equal(store_reopen_period(s, "H1", "x", "", &err),
			 KH_EREADONLY);
	store_close(s);
}

static void test_period_state_errors(void **state)
{
	struct fixture *f = *state;
	kh_store *s = open_ok(f->db);
	kh_error err;
	assert_int_equal(store_reopen_period(s, "H1", "lan", "why", &err),
			 KH_EINPUT);
	assert_string_equal(err.msg, "period H1 is not closed");
	assert_int_equal(close_h1(s, "clerk", "a", &err), KH_OK);
	char on[11];
	closed_on(s, "H1", on);
	assert_int_equal(close_h1(s, "hoa", "b", &err), KH_EINPUT);
	char want[128];
	snprintf(want, sizeof want,
		 "period H1 is already closed (on %s by clerk)", on);
	assert_string_equal(err.msg, want);
	assert_int_equal(store_reopen_period(s, "H1", "lan", "", &err),
			 KH_OK);
	assert_int_equal(store_reopen_period(s, "H1", "lan", "", &err),
			 KH_EINPUT);
	assert_string_equal(err.msg, "period H1 is not closed");

	/* A window that is no window. */
	assert_int_equal(store_close_period(s, "Q1", day("2024-03-31"),
					    day("2024-01-01"), "x", "", &err),
			 KH_EINPUT);
	assert_int_equal(store_close_period(s, "Q1", KH_DATE_NONE,
					    day("2024-01-01"), "x", "", &err),
			 KH_EINPUT);
	assert_int_equal(store_close_period(s, "", day("2024-01-01"),
					    day("2024-01-02"), "x", "", &err),
			 KH_EINPUT);

	/* Only the two good events were written. */
	kh_period_event *ev = NULL;
	size_t n = 0;
	assert_int_equal(store_period_events(s, NULL, &ev, &n, &err), KH_OK);
	assert_int_equal(n, 2);
	period_events_free(ev, n);

	/* Busy: the error, and no transaction left open. */
	store_set_busy_timeout(s, 100);
	sqlite3 *other = NULL;
	assert_int_equal(sqlite3_open(f->db, &other), SQLITE_OK);
	assert_int_equal(sqlite3_exec(other, "BEGIN IMMEDIATE", NULL, NULL,
				      NULL),
			 SQLITE_OK);
	assert_int_equal(close_h1(s, "x", "", &err), KH_EBUSY);
	assert_int_equal(sqlite3_exec(other, "ROLLBACK", NULL, NULL, NULL),
			 SQLITE_OK);
	sqlite3_close(other);
	assert_int_equal(close_h1(s, "x", "", &err), KH_OK);
	store_close(s);
}

/* Add one quantity entry dated as_of; the store's verdict. */
static kh_rc try_add(kh_store *s, const char *as_of, kh_error *err)
{
	kh_entry e;
	quantity(&e, "T1", 1, as_of, NULL);
	kh_rc rc = store_add_entry(s, &e, err);
	entry_clear(&e);
	return rc;
}

static kh_rc try_add_batch(kh_store *s, const char *as_of, kh_error *err)
{
	kh_entry v[2];
	quantity(&v[0], "T0", 1, "2023-06-01", NULL);
	quantity(&v[1], "T1", 1, as_of, NULL);
	kh_rc rc = store_add_entries(s, v, 2, err);
	batch_free(v, 2);
	return rc;
}

static void test_closed_window_refuses(void **state)
{
	struct fixture *f = *state;
	kh_store *s = open_ok(f->db);
	kh_error err;
	assert_int_equal(close_h1(s, "clerk", "", &err), KH_OK);
	char on[11], want[200];
	closed_on(s, "H1", on);

	static const char *const inside[] = {"2024-01-01", "2024-03-01",
					     "2024-06-30"};
	for (size_t i = 0; i < 3; i++) {
		assert_int_equal(try_add(s, inside[i], &err), KH_EINPUT);
		snprintf(want, sizeof want,
			 "T1: %s lies in period H1, closed on %s by clerk;"
			 " run 'kehoach reopen H1' first",
			 inside[i], on);
		assert_string_equal(err.msg, want);
		assert_int_equal(try_add_batch(s, inside[i], &err), KH_EINPUT);
		assert_string_equal(err.msg, want);
	}
	size_t n = 9;
	assert_int_equal(store_count(s, &n, &err), KH_OK);
	assert_int_equal(n, 0);

	/* The day before and the day after are outside. */
	assert_int_equal(try_add(s, "2023-12-31", &err), KH_OK);
	assert_int_equal(try_add(s, "2024-07-01", &err), KH_OK);
	assert_int_equal(try_add_batch(s, "2024-07-01", &err), KH_OK);
	assert_int_equal(store_count(s, &n, &err), KH_OK);
	assert_int_equal(n, 4);

	/* Another closed period elsewhere does not matter; an open one
	 * never did. */
	assert_int_equal(store_close_period(s, "Q4", day("2024-10-01"),
					    day("2024-12-31"), "hoa", "", &err),
			 KH_OK);
	assert_int_equal(try_add(s, "2024-12-31", &err), KH_EINPUT);
	assert_non_null(strstr(err.msg, "period Q4"));
	assert_non_null(strstr(err.msg, "by hoa"));
	assert_int_equal(try_add(s, "2024-09-30", &err), KH_OK);

	/* Reopened: accepted; closed again: refused again. */
	assert_int_equal(store_reopen_period(s, "H1", "lan", "typo", &err),
			 KH_OK);
	assert_int_equal(try_add(s, "2024-03-01", &err), KH_OK);
	assert_int_equal(try_add_batch(s, "2024-06-30", &err), KH_OK);
	assert_int_equal(close_h1(s, "lan", "", &err), KH_OK);
	assert_int_equal(try_add(s, "2024-03-01", &err), KH_EINPUT);
	assert_non_null(strstr(err.msg, "by lan;"));
	assert_int_equal(store_count(s, &n, &err), KH_OK);
	assert_int_equal(n, 8);
	store_close(s);
}

/* Add an entry for period with flags and entered_at; returns its id. */
static int64_t add_reported(kh_store *s, const char *target,
			    const char *period, unsigned flags,
			    const char *entered_at)
{
	kh_entry e;
	kh_error err;
	quantity(&e, target, 1, "2024-03-31", period);
	e.flags = flags;
	e.entered_at = xdup(entered_at);
	assert_int_equal(store_add_entry(s, &e, &err), KH_OK);
	int64_t id = e.id;
	entry_clear(&e);
	return id;
}

static void test_period_reports(void **state)
{
	struct fixture *f = *state;
	kh_store *s = open_ok(f->db);
	kh_error err;
	add_reported(s, "B", "q1", 0, "2024-04-05T00:00:00Z");
	add_reported(s, "A", "q1", KH_CHECK_LOWER, "2024-04-03T10:00:00Z");
	add_reported(s, "A", "q1", 0, "2024-04-01T09:00:00Z");
	add_reported(s, "A", "q2", KH_CHECK_HIGH, "2024-03-01T00:00:00Z");
	add_reported(s, "A", NULL, KH_CHECK_HIGH, "2024-03-01T00:00:00Z");
	add_reported(s, "A", "q1", KH_CHECK_HIGH, "2024-04-04T00:00:00Z");
	add_reported(s, "C", "q1", KH_CHECK_HIGH, "2024-04-02T00:00:00Z");
	/* B's flagged figure (earliest) is taken back, and C's only one. */
	add_reported(s, "B", "q1", KH_CHECK_HIGH, "2024-03-30T00:00:00Z");
	assert_int_equal(store_retract_latest(s, "B", "x", NULL, &err), KH_OK);
	assert_int_equal(store_retract_latest(s, "C", "x", NULL, &err), KH_OK);

	kh_period_report *r = NULL;
	size_t n = 0;
	assert_int_equal(store_period_reports(s, "q1", &r, &n, &err), KH_OK);
	assert_int_equal(n, 2);
	assert_string_equal(r[0].target_id, "A");
	assert_int_equal(r[0].n, 3);
	assert_string_equal(r[0].first_entered_at, "2024-04-01T09:00:00Z");
	assert_int_equal(r[0].flags, KH_CHECK_LOWER | KH_CHECK_HIGH);
	assert_string_equal(r[1].target_id, "B");
	assert_int_equal(r[1].n, 1);
	assert_string_equal(r[1].first_entered_at, "2024-04-05T00:00:00Z");
	assert_int_equal(r[1].flags, 0);
	period_reports_free(r, n);

	assert_int_equal(store_period_reports(s, "q2", &r, &n, &err), KH_OK);
	assert_int_equal(n, 1);
	assert_int_equal(r[0].flags, KH_CHECK_HIGH);
	period_reports_free(r, n);
	assert_int_equal(store_period_reports(s, "q3", &r, &n, &err), KH_OK);
	assert_int_equal(n, 0);
	assert_null(r);
	store_close(s);

	/* The same through a reader. */
	s = store_open_readonly(f->db, &err);
	assert_non_null(s);
	assert_int_equal(store_period_reports(s, "q1", &r, &n, &err), KH_OK);
	assert_int_equal(n, 2);
	assert_int_equal(r[0].flags, KH_CHECK_LOWER | KH_CHECK_HIGH);
	period_reports_free(r, n);
	store_close(s);
}

static void test_empty_file_periods(void **state)
{
	struct fixture *f = *state;
	write_file(f->db, "", 0);
	kh_error err;
	kh_store *s = store_open_readonly(f->db, &err);
	assert_non_null(s);
	bool closed = true;
	assert_int_equal(store_period_closed(s, "H1", &closed, &err), KH_OK);
	assert_false(closed);
	kh_period_event *ev = NULL;
	size_t n = 9;
	assert_int_equal(store_period_events(s, NULL, &ev, &n, &err), KH_OK);
	assert_int_equal(n, 0);
	kh_period_report *r = NULL;
	n = 9;
	assert_int_equal(store_period_reports(s, "H1", &r, &n, &err), KH_OK);
	assert_int_equal(n, 0);
	store_close(s);
}

/* A backup is a checked copy under the name given, never over a file; a
 * name that starts "file:" is a file name there too, not an SQLite URI. */
static void test_backup_file_name(void **state)
{
	struct fixture *f = *state;
	make_db(f->db, 5);
	kh_error err;
	kh_store *s = store_open_readonly(f->db, &err);
	assert_non_null(s);
	char cwd[1024];
	assert_non_null(getcwd(cwd, sizeof cwd));
	assert_int_equal(chdir(f->dir), 0);
	kh_rc first = store_backup(s, "file:copy.db", &err);
	kh_rc again = store_backup(s, "file:copy.db", &err);
	assert_int_equal(chdir(cwd), 0);
	store_close(s);
	assert_int_equal(first, KH_OK);
	assert_int_equal(again, KH_EINPUT);
	char copy[400];
	snprintf(copy, sizeof copy, "%s/file:copy.db", f->dir);
	assert_int_equal(raw_int(copy, "SELECT count(*) FROM entry"), 5);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
#define T(name) cmocka_unit_test_setup_teardown(name, setup, teardown)
		T(test_create_nested_folder),
		T(test_missing_without_create),
		T(test_round_trip),
		T(test_bad_entries_refused),
		T(test_latest_as_of),
		T(test_latest_period),
		T(test_retraction),
		T(test_history_is_append_only),
		T(test_reopen_keeps_data),
		T(test_two_connections_see_each_other),
		T(test_newer_version_refused),
		T(test_garbage_file_refused),
		T(test_truncated_database),
		T(test_foreign_database_refused),
		T(test_empty_file_read_only),
		T(test_read_only),
		T(test_folder_cannot_be_made),
		T(test_locked_database),
		T(test_umask_honoured),
		T(test_text_stored_exactly),
		T(test_many_targets),
		T(test_migrate_version_1),
		T(test_fresh_database_is_current),
		T(test_flags_round_trip),
		T(test_batch_all_or_nothing),
		T(test_batch_large),
		T(test_close_reopen_events),
		T(test_period_state_errors),
		T(test_closed_window_refuses),
		T(test_period_reports),
		T(test_empty_file_periods),
		T(test_backup_file_name),
#undef T
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
