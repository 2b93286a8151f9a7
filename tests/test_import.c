/* Tests of the import of units' returns, with the real plan and a fresh
 * database: template -> filled in -> diff -> apply -> history; importing
 * twice; every kind of bad row stopping the whole file; the files
 * spreadsheets save; the checks on figures; closed periods. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "kehoach/check.h"
#include "kehoach/csv.h"
#include "kehoach/import.h"
#include "kehoach/store.h"

#define PLAN KH_SOURCE_ROOT "/plan.yaml"
#define HEADER "target_id;value;as_of;unit;assessment;note\n"
#define WHO "tester"

struct fixture {
	char dir[256];
	char db[320];
	char path[512]; /* the last file written */
	kh_plan *plan;
	kh_store *store;
	const kh_period *h1;
};

static int setup(void **state)
{
	struct fixture *f = calloc(1, sizeof *f);
	kh_error err;
	const char *tmp = getenv("TMPDIR");

	if (!f)
		return -1;
	snprintf(f->dir, sizeof f->dir, "%s/kh-import-XXXXXX",
		 tmp && *tmp ? tmp : "/tmp");
	if (!mkdtemp(f->dir)) {
		free(f);
		return -1;
	}
	snprintf(f->db, sizeof f->db, "%s/plan.db", f->dir);
	f->plan = plan_load(PLAN, &err);
	if (f->plan)
		f->store = store_open(f->db, true, &err);
	if (!f->plan || !f->store) {
		fprintf(stderr, "setup: %s\n", err.msg);
		return -1;
	}
	f->h1 = plan_find_period(f->plan, "H1");
	*state = f;
	return f->h1 ? 0 : -1;
}

static int teardown(void **state)
{
	struct fixture *f = *state;
	DIR *d;
	struct dirent *de;

	store_close(f->store);
	plan_free(f->plan);
	d = opendir(f->dir);
	while (d && (de = readdir(d))) {
		char p[600];

		if (de->d_name[0] == '.')
			continue;
		snprintf(p, sizeof p, "%s/%s", f->dir, de->d_name);
		unlink(p);
	}
	if (d)
		closedir(d);
	rmdir(f->dir);
	free(f);
	return 0;
}

/* ---- helpers ------------------------------------------------------------ */

static kh_date day(const char *iso)
{
	kh_date d = KH_DATE_NONE;

	assert_true(kh_date_parse_iso(iso, &d));
	return d;
}

static void write_file(struct fixture *f, const char *name, const char *text,
		       size_t len)
{
	FILE *fp;

	snprintf(f->path, sizeof f->path, "%s/%s", f->dir, name);
	fp = fopen(f->path, "wb");
	assert_non_null(fp);
	assert_int_equal(fwrite(text, 1, len, fp), len);
	assert_int_equal(fclose(fp), 0);
}

/* Write name with text and prepare it (as_of defaults to H1's cut-off). */
static kh_import *prepare(struct fixture *f, const char *name,
			  const char *text, bool force, kh_error *err)
{
	write_file(f, name, text, strlen(text));
	return import_prepare(f->plan, f->store, f->path, f->h1->cutoff, WHO,
			      force, err);
}

static kh_import *prepare_ok(struct fixture *f, const char *name,
			     const char *text, bool force)
{
	kh_error err;
	kh_import *imp = prepare(f, name, text, force, &err);

	if (!imp)
		fail_msg("import of %s refused: line %d: %s", name, err.line,
			 err.msg);
	return imp;
}

/* Prepare and apply; returns how many entries were written. */
static size_t import_ok(struct fixture *f, const char *name,
			const char *text, bool force)
{
	kh_import *imp = prepare_ok(f, name, text, force);
	kh_error err;
	size_t n = imp->n_new + imp->n_update;

	if (import_apply(imp, f->store, &err) != KH_OK)
		fail_msg("apply: %s", err.msg);
	import_free(imp);
	return n;
}

static size_t count(struct fixture *f)
{
	size_t n = 0;
	kh_error err;

	assert_int_equal(store_count(f->store, &n, &err), KH_OK);
	return n;
}

/* The diff, with the blanks that align its columns squeezed to two so
 * tests can look for whole lines. */
static char *diff_text(const kh_import *imp, bool ascii)
{
	char *text = NULL;
	size_t len = 0, o = 0;
	FILE *m = open_memstream(&text, &len);

	assert_non_null(m);
	import_print_diff(imp, m, ascii);
	assert_int_equal(fclose(m), 0);
	for (size_t i = 0; text[i]; i++)
		if (!(text[i] == ' ' && o >= 2 && text[o - 1] == ' ' &&
		      text[o - 2] == ' '))
			text[o++] = text[i];
	text[o] = '\0';
	return text;
}

static void assert_contains(const char *hay, const char *needle)
{
	if (!strstr(hay, needle))
		fail_msg("\"%s\" not found in:\n%s", needle, hay);
}

static const kh_import_row *row_at(const kh_import *imp, int line)
{
	for (size_t i = 0; i < imp->n_rows; i++)
		if (imp->rows[i].line == line)
			return &imp->rows[i];
	fail_msg("no row at line %d", line);
	return NULL;
}

/* The newest entry of a target (the caller frees with entries_free). */
static kh_entry *newest(struct fixture *f, const char *id, size_t *n)
{
	kh_entry *e = NULL;
	kh_error err;

	assert_int_equal(store_history(f->store, id, &e, n, &err), KH_OK);
	assert_true(*n > 0);
	return e;
}

/* Replace the first `from` in *text by `to` (text is malloc'd). */
static void replace(char **text, const char *from, const char *to)
{
	char *at = strstr(*text, from);
	size_t a, b, c;
	char *out;

	if (!at)
		fail_msg("\"%s\" not in the template", from);
	a = (size_t)(at - *text);
	b = strlen(to);
	c = strlen(at + strlen(from));
	out = malloc(a + b + c + 1);
	assert_non_null(out);
	memcpy(out, *text, a);
	memcpy(out + a, to, b);
	memcpy(out + a + b, at + strlen(from), c + 1);
	free(*text);
	*text = out;
}

/* ---- the whole round: template, fill, diff, apply, again --------------- */

static char *template_for(struct fixture *f, const char *unit_id)
{
	char *text = NULL;
	size_t len = 0;
	FILE *m = open_memstream(&text, &len);
	kh_error err;

	assert_non_null(m);
	assert_int_equal(import_write_template(m, f->plan,
					       unit_id ? plan_find_unit(f->plan,
									unit_id)
						       : NULL,
					       f->h1, &err),
			 KH_OK);
	assert_int_equal(fclose(m), 0);
	return text;
}

static void test_template(void **state)
{
	struct fixture *f = *state;
	char *text = template_for(f, "qlcn");
	size_t led = 0, lf = 0, crlf = 0;
	kh_error err;
	kh_csv *csv;

	for (size_t i = 0; i < f->plan->n_targets; i++)
		led += strcmp(f->plan->targets[i]->lead->id, "qlcn") == 0;
	assert_true(led > 4);
	assert_memory_equal(text, "\xef\xbb\xbf", 3);
	assert_memory_equal(text + 3,
			    "target_id;value;as_of;unit;assessment;note;"
			    "section;task;target;plan;measure;lead\r\n",
			    strlen("target_id;value;as_of;unit;assessment;"
				   "note;section;task;target;plan;measure;"
				   "lead\r\n"));
	for (const char *p = text; *p; p++) {
		lf += *p == '\n';
		crlf += *p == '\n' && p > text && p[-1] == '\r';
	}
	assert_int_equal(lf, crlf); /* CRLF line ends only */
	assert_contains(text, "\r\nII.1-che-pham-vi-sinh;;14/06/2024;qlcn;;;");
	assert_null(strstr(text, "II.4-"));

	/* What a spreadsheet sees: one row per target, twelve columns. */
	csv = csv_parse("t.csv", text, strlen(text), &err);
	assert_non_null(csv);
	assert_true(csv->bom);
	assert_int_equal(csv->sep, ';');
	assert_int_equal(csv->n_rows, led + 1);
	for (size_t i = 0; i < csv->n_rows; i++)
		assert_int_equal(csv->rows[i].n, 12);
	for (size_t i = 1; i < csv->n_rows; i++) {
		char **fl = csv->rows[i].fields;

		if (strcmp(fl[0], "II.1-dn-ket-noi-cung-cau") == 0) {
			assert_string_equal(fl[9], "2–5");
			assert_string_equal(fl[10], "doanh nghiệp");
			assert_string_equal(fl[11],
					    "Phòng Quản lý công nghệ và Đổi "
					    "mới sáng tạo");
			assert_non_null(strstr(fl[7], "II.1.2 "));
			assert_non_null(strstr(fl[6], "II.1 "));
		}
		if (strcmp(fl[0], "II.1-cong-nghe-invitro") == 0)
			assert_string_equal(fl[9], "done/not-done");
		if (strcmp(fl[0], "II.1-tuyen-truyen-cnsh") == 0)
			assert_string_equal(fl[9],
					    "completed/in-progress/not-started");
	}
	csv_free(csv);
	free(text);

	/* Every unit's targets, when no unit is named. */
	text = template_for(f, NULL);
	csv = csv_parse("t.csv", text, strlen(text), &err);
	assert_non_null(csv);
	assert_int_equal(csv->n_rows, f->plan->n_targets + 1);
	csv_free(csv);
	free(text);
}

static void test_round_trip(void **state)
{
	struct fixture *f = *state;
	char *text = template_for(f, "qlcn");
	kh_import *imp;
	kh_entry *h;
	kh_error err;
	kh_csv *csv;
	size_t n, led = 0;
	int line = 0;
	char *diff, want[128];

	csv = csv_parse("t.csv", text, strlen(text), &err);
	assert_non_null(csv);
	led = csv->n_rows - 1;
	for (size_t i = 1; i < csv->n_rows; i++)
		if (strcmp(csv->rows[i].fields[0], "II.1-che-pham-vi-sinh") == 0)
			line = csv->rows[i].line;
	csv_free(csv);
	assert_true(line > 1);

	/* Filled in as a clerk would. */
	replace(&text, "\r\nII.1-che-pham-vi-sinh;;",
		"\r\nII.1-che-pham-vi-sinh;12,5;");
	replace(&text, "\r\nII.1-dn-ket-noi-cung-cau;;",
		"\r\nII.1-dn-ket-noi-cung-cau;3;");
	replace(&text, "\r\nII.1-tuyen-truyen-cnsh;;14/06/2024;qlcn;;",
		"\r\nII.1-tuyen-truyen-cnsh;;14/06/2024;qlcn;Đang thực hiện;");
	replace(&text, "\r\nII.1-cong-nghe-invitro;;14/06/2024;qlcn;;;",
		"\r\nII.1-cong-nghe-invitro;done;10/05/2024;qlcn;;"
		"\"Nghiệm thu; biên bản 10/5\";");
	write_file(f, "filled.csv", text, strlen(text));

	imp = import_prepare(f->plan, f->store, f->path, f->h1->cutoff, WHO,
			     false, &err);
	if (!imp)
		fail_msg("%d: %s", err.line, err.msg);
	assert_int_equal(imp->n_new, 4);
	assert_int_equal(imp->n_update, 0);
	assert_int_equal(imp->n_same, 0);
	assert_int_equal(imp->n_blank, led - 4);
	assert_int_equal(imp->n_rows, 4);
	assert_string_equal(imp->file, f->path);

	const kh_import_row *r = row_at(imp, line);
	assert_string_equal(r->target->id, "II.1-che-pham-vi-sinh");
	assert_int_equal(r->change, KH_CHANGE_NEW);
	assert_string_equal(r->old_text, "–");
	assert_string_equal(r->new_text, "12.5 tấn as of 14/06/2024");
	assert_true(r->entry.value == 12.5);
	assert_int_equal(r->entry.as_of, day("2024-06-14"));
	assert_string_equal(r->entry.period, "H1");
	assert_string_equal(r->entry.unit_id, "qlcn");
	assert_string_equal(r->entry.entered_by, WHO);
	assert_string_equal(r->entry.note, "");
	snprintf(want, sizeof want, "import:filled.csv:%d", line);
	assert_string_equal(r->entry.source, want);

	diff = diff_text(imp, false);
	snprintf(want, sizeof want, "filled.csv:%d ", line);
	assert_contains(diff, want);
	assert_contains(diff, "II.1-che-pham-vi-sinh  – → 12.5 tấn as of "
			      "14/06/2024  [new]");
	assert_contains(diff, "II.1-cong-nghe-invitro  – → done as of "
			      "10/05/2024  [new]");
	assert_contains(diff, "in progress as of 14/06/2024  [new]");
	char summary[96];
	snprintf(summary, sizeof summary,
		 "4 new, 0 changed, 0 unchanged, %zu blank rows.\n", led - 4);
	assert_contains(diff, summary);
	free(diff);

	/* A dry run writes nothing; apply writes all four. */
	assert_int_equal(count(f), 0);
	assert_int_equal(import_apply(imp, f->store, &err), KH_OK);
	assert_int_equal(count(f), 4);
	assert_true(r->entry.id > 0);
	h = newest(f, "II.1-che-pham-vi-sinh", &n);
	assert_int_equal(n, 1);
	assert_int_equal(h[0].id, r->entry.id);
	snprintf(want, sizeof want, "import:filled.csv:%d", line);
	assert_string_equal(h[0].source, want);
	assert_true(h[0].value == 12.5);
	assert_string_equal(h[0].entered_by, WHO);
	assert_int_equal(h[0].flags, 0);
	entries_free(h, n);
	h = newest(f, "II.1-cong-nghe-invitro", &n);
	assert_true(h[0].done);
	assert_string_equal(h[0].note, "Nghiệm thu; biên bản 10/5");
	assert_int_equal(h[0].as_of, day("2024-05-10"));
	entries_free(h, n);
	import_free(imp);

	/* The same file again: nothing new. */
	imp = import_prepare(f->plan, f->store, f->path, f->h1->cutoff, WHO,
			     false, &err);
	assert_non_null(imp);
	assert_int_equal(imp->n_same, 4);
	assert_int_equal(imp->n_new + imp->n_update, 0);
	for (size_t i = 0; i < imp->n_rows; i++)
		assert_int_equal(imp->rows[i].change, KH_CHANGE_SAME);
	diff = diff_text(imp, false);
	assert_contains(diff, "II.1-che-pham-vi-sinh  12.5 tấn as of "
			      "14/06/2024  [unchanged]");
	assert_contains(diff, "0 new, 0 changed, 4 unchanged");
	free(diff);
	assert_int_equal(import_apply(imp, f->store, &err), KH_OK);
	assert_int_equal(count(f), 4);
	import_free(imp);
	free(text);
}

/* ---- bad rows: each stops the whole file -------------------------------- */

/* A file whose third line is `bad` between two good rows must be refused
 * at line 3 with a message holding `want`, writing nothing. */
static void bad_row(void **state, const char *bad, const char *want)
{
	struct fixture *f = *state;
	char text[4096];
	kh_error err;
	size_t before;

	/* Something already in the database, to see it stays as it is. */
	import_ok(f, "before.csv",
		  HEADER "II.1-dn-ket-noi-cung-cau;1;01/03/2024;;;\n", false);
	before = count(f);
	snprintf(text, sizeof text,
		 HEADER "II.1-dn-ket-noi-cung-cau;2;14/06/2024;;;\n"
			"%s\n"
			"II.1-che-pham-vi-sinh;5;14/06/2024;;;\n",
		 bad);
	assert_null(prepare(f, "bad.csv", text, false, &err));
	assert_int_equal(err.code, KH_EINPUT);
	assert_string_equal(err.file, f->path);
	if (err.line != 3)
		fail_msg("line %d, want 3: %s", err.line, err.msg);
	assert_contains(err.msg, want);
	assert_int_equal(count(f), before);
}

static void test_bad_unknown_target(void **state)
{
	bad_row(state, "II.1-che-pham-vi-sin;5;;;;",
		"unknown target \"II.1-che-pham-vi-sin\" (did you mean "
		"II.1-che-pham-vi-sinh");
}

static void test_bad_milestone_value(void **state)
{
	bad_row(state, "II.1-cong-nghe-invitro;15;;;;",
		"II.1-cong-nghe-invitro is a milestone: use done or not-done");
}

static void test_bad_quantity_value(void **state)
{
	bad_row(state, "II.1-che-pham-vi-sinh;nhiều;;;;",
		"II.1-che-pham-vi-sinh is a quantity (tấn): \"nhiều\" is not "
		"a figure");
}

static void test_bad_fraction_of_whole(void **state)
{
	bad_row(state, "II.1-dn-ket-noi-cung-cau;2,5;;;;",
		"is a quantity (doanh nghiệp)");
}

static void test_bad_quantity_in_assessment(void **state)
{
	bad_row(state, "II.1-che-pham-vi-sinh;;;;completed;",
		"II.1-che-pham-vi-sinh is a quantity: its figure goes in the "
		"value column");
}

static void test_bad_ongoing_value(void **state)
{
	bad_row(state, "II.1-tuyen-truyen-cnsh;7;;;;",
		"II.1-tuyen-truyen-cnsh is an ongoing duty: use completed, "
		"in-progress or not-started (not \"7\")");
}

static void test_bad_date(void **state)
{
	bad_row(state, "II.1-che-pham-vi-sinh;5;31/02/2024;;;",
		"bad as_of date \"31/02/2024\"");
}

static void test_bad_date_outside_plan(void **state)
{
	bad_row(state, "II.1-che-pham-vi-sinh;5;15/01/2025;;;",
		"as_of 15/01/2025 is outside the plan (01/01/2024 to "
		"31/12/2024)");
}

static void test_bad_unit(void **state)
{
	bad_row(state, "II.1-che-pham-vi-sinh;5;;Phòng Tài chính;;",
		"unknown unit \"Phòng Tài chính\" (units are: vp, qlcn, ttnc, "
		"khac)");
}

static void test_bad_lower_without_note(void **state)
{
	bad_row(state, "II.1-dn-ket-noi-cung-cau;1;14/06/2024;;;",
		"II.1-dn-ket-noi-cung-cau: 1 doanh nghiệp is lower than the "
		"last figure, 2 doanh nghiệp as of 14/06/2024, line 2 of this "
		"file; add a note saying why");
}

static void test_bad_too_high(void **state)
{
	bad_row(state, "II.1-dn-ket-noi-cung-cau;16;;;;",
		"16 doanh nghiệp is more than 3 times the plan's maximum (5); "
		"check the figure or use --force");
}

static void test_bad_long_note(void **state)
{
	char bad[2200];

	memcpy(bad, "II.2-dn-khcn;1;;;;", 18);
	memset(bad + 18, 'x', 2001);
	bad[18 + 2001] = '\0';
	bad_row(state, bad, "the note is 2001 bytes long");
}

static void test_bad_no_target(void **state)
{
	bad_row(state, ";5;;;;", "a value with no target_id");
}

static void test_bad_note_without_value(void **state)
{
	bad_row(state, "II.2-dn-khcn;;;;;chưa có số liệu",
		"II.2-dn-khcn has a note but no value");
}

static void test_bad_csv(void **state)
{
	bad_row(state, "II.2-dn-khcn;1;;;;a \"quoted\" word", "quote");
}

/* A note holding the separator, not quoted: the rest would be lost. */
static void test_bad_extra_cell(void **state)
{
	bad_row(state, "II.2-dn-khcn;1;;;;a note; cut here",
		"cell 7 has text but the first line names no column for it");
}

/* Empty cells past the header, as spreadsheets pad rows, are fine. */
static void test_extra_empty_cells(void **state)
{
	struct fixture *f = *state;

	assert_int_equal(import_ok(f, "pad.csv",
				   HEADER "II.2-dn-khcn;1;;;;note;; ;\n",
				   false),
			 1);
}

/* ---- the header --------------------------------------------------------- */

static void test_header_errors(void **state)
{
	static const struct {
		const char *text;
		int line;
		const char *want;
	} cases[] = {
		{"id;value\nII.2-dn-khcn;1\n", 1, "no target_id column"},
		{"II.2-dn-khcn;1;14/06/2024\n", 1, "no target_id column"},
		{"target_id;note\nII.2-dn-khcn;x\n", 1,
		 "no value or assessment column"},
		{"target_id;value;Value\n", 1, "the column value appears twice"},
		{"", 1, "the file is empty"},
		{"\xef\xbb\xbf\r\n", 1, "the file is empty"},
		{"\n\ntarget_id;foo\n", 3, "no value or assessment column"},
	};
	struct fixture *f = *state;

	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		kh_error err;

		assert_null(prepare(f, "h.csv", cases[i].text, false, &err));
		assert_int_equal(err.code, KH_EINPUT);
		assert_int_equal(err.line, cases[i].line);
		assert_contains(err.msg, cases[i].want);
	}
	assert_null(import_prepare(f->plan, f->store, "/nonexistent/x.csv",
				   f->h1->cutoff, WHO, false,
				   &(kh_error){0}));
}

static void test_too_many_rows(void **state)
{
	struct fixture *f = *state;
	size_t n = strlen(HEADER) + 10001 * 2 + 1;
	char *text = malloc(n);
	kh_error err;

	assert_non_null(text);
	strcpy(text, HEADER);
	for (size_t i = strlen(HEADER); i + 1 < n; i += 2)
		memcpy(text + i, ";\n", 2);
	text[n - 1] = '\0';
	assert_null(prepare(f, "many.csv", text, false, &err));
	assert_int_equal(err.line, 10002);
	assert_contains(err.msg, "more than 10000 rows");
	/* One fewer is a file of blank rows. */
	text[n - 3] = '\0';
	kh_import *imp = prepare_ok(f, "many.csv", text, false);
	assert_int_equal(imp->n_blank, 10000);
	import_free(imp);
	free(text);
}

static void test_header_only(void **state)
{
	struct fixture *f = *state;
	kh_import *imp = prepare_ok(f, "h.csv", HEADER, false);
	kh_error err;

	assert_int_equal(imp->n_rows, 0);
	assert_int_equal(import_apply(imp, f->store, &err), KH_OK);
	import_free(imp);
	assert_int_equal(count(f), 0);
}

/* ---- files as spreadsheets save them ------------------------------------ */

static void test_excel_file(void **state)
{
	struct fixture *f = *state;
	kh_error err;
	kh_import *imp = import_prepare(f->plan, f->store,
					KH_TEST_DATA "/import/excel.csv",
					f->h1->cutoff, WHO, false, &err);
	const kh_import_row *r;

	if (!imp)
		fail_msg("%d: %s", err.line, err.msg);
	assert_int_equal(imp->n_new, 4);
	assert_int_equal(imp->n_blank, 1);
	r = row_at(imp, 2);
	assert_int_equal(r->entry.assessment, KH_ASSESS_IN_PROGRESS);
	r = row_at(imp, 3);
	assert_true(r->entry.value == 2);
	r = row_at(imp, 5);
	assert_string_equal(r->target->id, "II.1-che-pham-vi-sinh");
	assert_true(r->entry.value == 12.5);
	assert_int_equal(r->entry.as_of, day("2024-06-14"));
	assert_string_equal(r->entry.note,
			    "Trung tâm báo cáo; số liệu\r\nđến ngày 14/6");
	assert_string_equal(r->entry.source, "import:excel.csv:5");
	/* No as_of: the default date. */
	r = row_at(imp, 7);
	assert_true(r->entry.done);
	assert_int_equal(r->entry.as_of, f->h1->cutoff);
	import_free(imp);
}

static void test_libreoffice_file(void **state)
{
	struct fixture *f = *state;
	kh_error err;
	kh_import *imp = import_prepare(f->plan, f->store,
					KH_TEST_DATA "/import/libreoffice.csv",
					f->h1->cutoff, WHO, false, &err);
	const kh_import_row *r;

	if (!imp)
		fail_msg("%d: %s", err.line, err.msg);
	assert_int_equal(imp->n_new, 2);
	assert_int_equal(imp->n_blank, 1);
	r = row_at(imp, 2);
	assert_int_equal(r->entry.assessment, KH_ASSESS_COMPLETED);
	assert_int_equal(r->entry.as_of, day("2024-06-10"));
	assert_string_equal(r->entry.unit_id, "vp"); /* the lead */
	assert_string_equal(r->entry.note, "Đủ 12 buổi, đúng hạn");
	r = row_at(imp, 3);
	assert_int_equal(r->entry.as_of, day("2024-06-10"));
	assert_string_equal(r->entry.unit_id, "qlcn"); /* its short name */
	import_free(imp);
}

/* Semicolons, decimal comma, BOM and CRLF, written by the test. */
static void test_spreadsheet_bytes(void **state)
{
	struct fixture *f = *state;
	const char text[] = "\xef\xbb\xbftarget_id;value;as_of\r\n"
			    "II.1-che-pham-vi-sinh;\"14,75\";1/6/2024\r\n"
			    ";;\r\n"
			    "II.2-dn-khcn; 2 ;2024-06-02\r\n";
	kh_import *imp = prepare_ok(f, "s.csv", text, false);

	assert_int_equal(imp->n_rows, 2);
	assert_int_equal(imp->n_blank, 1);
	assert_true(row_at(imp, 2)->entry.value == 14.75);
	assert_int_equal(row_at(imp, 2)->entry.as_of, day("2024-06-01"));
	assert_true(row_at(imp, 4)->entry.value == 2);
	assert_int_equal(row_at(imp, 4)->entry.as_of, day("2024-06-02"));
	import_free(imp);
}

static void test_columns_any_order(void **state)
{
	struct fixture *f = *state;
	kh_import *imp = prepare_ok(f, "o.csv",
				    "Note,AS_OF,Extra,Target_ID,Value\n"
				    "ghi chú,01/03/2024,whatever,II.2-dn-khcn,2\n"
				    ",02/03/2024,,II.2-dn-khcn\n",
				    false);
	const kh_import_row *r = row_at(imp, 2);

	assert_int_equal(imp->n_rows, 1);
	assert_int_equal(imp->n_blank, 1); /* a short row: no value */
	assert_true(r->entry.value == 2);
	assert_int_equal(r->entry.as_of, day("2024-03-01"));
	assert_string_equal(r->entry.note, "ghi chú");
	assert_string_equal(r->entry.unit_id, "qlcn");
	import_free(imp);
	(void)f;
}

static void test_header_blanks(void **state)
{
	struct fixture *f = *state;
	kh_import *imp = prepare_ok(f, "b.csv",
				    "\" target_id \";VALUE\nII.2-dn-khcn;1\n",
				    false);

	assert_int_equal(imp->n_new, 1);
	import_free(imp);
}

/* ---- values, units and the sequence inside a file ----------------------- */

static void test_ongoing_columns(void **state)
{
	struct fixture *f = *state;
	kh_import *imp = prepare_ok(f, "g.csv",
				    HEADER
				    "II.1-tuyen-truyen-cnsh;hoàn thành;;;;\n"
				    "II.2-nguon-cau;9;;;chua thuc hien;\n",
				    false);

	assert_int_equal(row_at(imp, 2)->entry.assessment,
			 KH_ASSESS_COMPLETED);
	/* The assessment column wins over the value column. */
	assert_int_equal(row_at(imp, 3)->entry.assessment,
			 KH_ASSESS_NOT_STARTED);
	import_free(imp);
}

static void test_units(void **state)
{
	struct fixture *f = *state;
	kh_import *imp = prepare_ok(f, "u.csv",
				    HEADER
				    "II.2-dn-khcn;1;01/03/2024;QLCN;;\n"
				    "II.2-dn-khcn;1;02/03/2024;phong qlcn&dmst;;\n"
				    "II.2-dn-khcn;1;03/03/2024;Văn phòng Sở;;\n"
				    "II.2-dn-khcn;1;04/03/2024;;;\n",
				    false);
	char *diff;

	assert_string_equal(row_at(imp, 2)->entry.unit_id, "qlcn");
	assert_string_equal(row_at(imp, 3)->entry.unit_id, "qlcn");
	assert_string_equal(row_at(imp, 4)->entry.unit_id, "vp");
	assert_string_equal(row_at(imp, 5)->entry.unit_id, "qlcn");
	/* A unit other than the lead is shown. */
	assert_string_equal(row_at(imp, 4)->new_text,
			    "1 doanh nghiệp as of 03/03/2024 (by vp)");
	assert_string_equal(row_at(imp, 5)->old_text,
			    "1 doanh nghiệp as of 03/03/2024 (by vp)");
	diff = diff_text(imp, false);
	assert_contains(diff, "1 new, 3 changed, 0 unchanged, 0 blank rows.");
	free(diff);
	import_free(imp);
}

static void test_same_target_twice(void **state)
{
	struct fixture *f = *state;
	kh_import *imp = prepare_ok(f, "twice.csv",
				    HEADER
				    "II.1-che-pham-vi-sinh;13;10/06/2024;;;\n"
				    "II.1-che-pham-vi-sinh;15;14/06/2024;;;\n"
				    "II.1-che-pham-vi-sinh;15;14/06/2024;;;\n",
				    false);
	kh_error err;
	char *diff;

	assert_int_equal(imp->n_new, 1);
	assert_int_equal(imp->n_update, 1);
	assert_int_equal(imp->n_same, 1);
	assert_int_equal(row_at(imp, 3)->change, KH_CHANGE_UPDATE);
	assert_string_equal(row_at(imp, 3)->old_text,
			    "13 tấn as of 10/06/2024");
	assert_int_equal(row_at(imp, 4)->change, KH_CHANGE_SAME);
	diff = diff_text(imp, false);
	assert_contains(diff, "13 tấn as of 10/06/2024 → 15 tấn as of "
			      "14/06/2024  [update]");
	free(diff);
	assert_int_equal(import_apply(imp, f->store, &err), KH_OK);
	assert_int_equal(count(f), 2);
	import_free(imp);

	/* On one date the later row is the current one. */
	assert_null(prepare(f, "day.csv", HEADER
			    "II.1-dn-ket-noi-cung-cau;2;01/06/2024;;;\n"
			    "II.1-dn-ket-noi-cung-cau;4;01/06/2024;;;\n"
			    "II.1-dn-ket-noi-cung-cau;3;01/06/2024;;;\n",
			    false, &err));
	assert_int_equal(err.line, 4);
	assert_contains(err.msg, "3 doanh nghiệp is lower than the last "
				 "figure, 4 doanh nghiệp as of 01/06/2024, "
				 "line 3 of this file");
}

/* Entries made elsewhere count: the same figure is unchanged, a new note
 * is an update, a retracted entry is not there. */
static void test_against_stored(void **state)
{
	struct fixture *f = *state;
	kh_entry e = {0};
	kh_import *imp;
	kh_error err;
	char *diff;

	e.target_id = strdup("II.1-che-pham-vi-sinh");
	e.kind = KH_KIND_QUANTITY;
	e.value = 10;
	e.as_of = day("2024-06-01");
	e.period = strdup("H1");
	e.unit_id = strdup("qlcn");
	e.entered_by = strdup("clerk");
	e.source = strdup("cli");
	assert_int_equal(store_add_entry(f->store, &e, &err), KH_OK);
	entry_clear(&e);

	imp = prepare_ok(f, "a.csv", HEADER
			 "II.1-che-pham-vi-sinh;10;01/06/2024;;;\n", false);
	assert_int_equal(imp->n_same, 1);
	import_free(imp);

	imp = prepare_ok(f, "a.csv", HEADER
			 "II.1-che-pham-vi-sinh;10;01/06/2024;;;xem lại\n",
			 false);
	assert_int_equal(imp->n_update, 1);
	diff = diff_text(imp, false);
	assert_contains(diff, "10 tấn as of 01/06/2024 → 10 tấn as of "
			      "01/06/2024, new note  [update]");
	free(diff);
	import_free(imp);

	assert_int_equal(store_retract_latest(f->store, NULL, "clerk", NULL,
					      &err),
			 KH_OK);
	imp = prepare_ok(f, "a.csv", HEADER
			 "II.1-che-pham-vi-sinh;10;01/06/2024;;;\n", false);
	assert_int_equal(imp->n_new, 1);
	import_free(imp);
}

/* ---- checks on figures -------------------------------------------------- */

static void test_lower_with_note(void **state)
{
	struct fixture *f = *state;
	kh_import *imp;
	kh_entry *h;
	kh_error err;
	size_t n;
	char *diff;

	assert_int_equal(import_ok(f, "first.csv", HEADER
				   "II.1-che-pham-vi-sinh;15;10/06/2024;;;\n",
				   false),
			 1);
	imp = prepare_ok(f, "second.csv", HEADER
			 "II.1-che-pham-vi-sinh;12;14/06/2024;;;"
			 "Đếm lại: trùng 3 tấn\n",
			 false);
	assert_int_equal(imp->n_update, 1);
	assert_int_equal(imp->rows[0].entry.flags, KH_CHECK_LOWER);
	assert_string_equal(imp->rows[0].old_text, "15 tấn as of 10/06/2024");
	diff = diff_text(imp, false);
	assert_contains(diff, "15 tấn as of 10/06/2024 → 12 tấn as of "
			      "14/06/2024  [update] (flag: lower than before)");
	free(diff);
	assert_int_equal(import_apply(imp, f->store, &err), KH_OK);
	import_free(imp);
	h = newest(f, "II.1-che-pham-vi-sinh", &n);
	assert_int_equal(n, 2);
	assert_int_equal(h[0].flags, KH_CHECK_LOWER);
	assert_string_equal(h[0].note, "Đếm lại: trùng 3 tấn");
	entries_free(h, n);

	/* Lower again, against the database this time, and no note. */
	assert_null(prepare(f, "third.csv", HEADER
			    "II.1-che-pham-vi-sinh;11;14/06/2024;;;\n", false,
			    &err));
	assert_int_equal(err.line, 2);
	assert_contains(err.msg, "11 tấn is lower than the last figure, "
				 "12 tấn as of 14/06/2024; add a note saying "
				 "why");
	/* An earlier date compares with what was current then. */
	imp = prepare_ok(f, "third.csv", HEADER
			 "II.1-che-pham-vi-sinh;16;12/06/2024;;;\n", false);
	assert_int_equal(imp->rows[0].entry.flags, 0);
	assert_string_equal(imp->rows[0].old_text, "15 tấn as of 10/06/2024");
	import_free(imp);
}

static void test_high_and_force(void **state)
{
	struct fixture *f = *state;
	const char *text = HEADER "II.1-dn-ket-noi-cung-cau;16;;;;\n";
	kh_import *imp;
	kh_entry *h;
	kh_error err;
	size_t n;
	char *diff;

	assert_null(prepare(f, "high.csv", text, false, &err));
	assert_int_equal(err.line, 2);
	assert_contains(err.msg, "use --force");

	imp = prepare_ok(f, "high.csv", text, true);
	assert_int_equal(imp->rows[0].entry.flags, KH_CHECK_HIGH);
	diff = diff_text(imp, false);
	assert_contains(diff, "[new] (flag: over 3 times the plan's maximum)");
	free(diff);
	assert_int_equal(import_apply(imp, f->store, &err), KH_OK);
	import_free(imp);
	h = newest(f, "II.1-dn-ket-noi-cung-cau", &n);
	assert_int_equal(h[0].flags, KH_CHECK_HIGH);
	entries_free(h, n);

	/* Once stored, the same file is unchanged, force or not. */
	imp = prepare_ok(f, "high.csv", text, false);
	assert_int_equal(imp->n_same, 1);
	import_free(imp);

	/* Lower (with a note) and too high at once: both flags. */
	imp = prepare_ok(f, "both.csv", HEADER
			 "II.1-dn-ket-noi-cung-cau;100;14/06/2024;;;\n"
			 "II.1-dn-ket-noi-cung-cau;20;14/06/2024;;;sửa\n",
			 true);
	assert_int_equal(row_at(imp, 3)->entry.flags,
			 KH_CHECK_LOWER | KH_CHECK_HIGH);
	diff = diff_text(imp, false);
	assert_contains(diff, "(flags: lower than before, over 3 times the "
			      "plan's maximum)");
	free(diff);
	import_free(imp);
}

/* ---- closed periods ----------------------------------------------------- */

static void test_closed_period(void **state)
{
	struct fixture *f = *state;
	const char *first = HEADER "II.1-che-pham-vi-sinh;10;10/06/2024;;;\n";
	const char *late = HEADER "II.2-dn-khcn;1;30/09/2024;;;\n"
				  "II.1-che-pham-vi-sinh;12;14/06/2024;;;\n";
	kh_import *imp;
	kh_error err;

	assert_int_equal(import_ok(f, "first.csv", first, false), 1);
	assert_int_equal(store_close_period(f->store, "H1", f->h1->from,
					    f->h1->cutoff, WHO, "report",
					    &err),
			 KH_OK);

	assert_null(prepare(f, "late.csv", late, false, &err));
	assert_int_equal(err.code, KH_EINPUT);
	assert_int_equal(err.line, 3);
	assert_contains(err.msg, "II.1-che-pham-vi-sinh as of 14/06/2024 "
				 "falls in H1, which is closed; run 'kehoach "
				 "reopen H1' first");
	assert_int_equal(count(f), 1);

	/* What is already there is not a change: no complaint. */
	imp = prepare_ok(f, "first.csv", first, false);
	assert_int_equal(imp->n_same, 1);
	import_free(imp);
	/* After the window, fine. */
	imp = prepare_ok(f, "after.csv", HEADER
			 "II.2-dn-khcn;1;30/09/2024;;;\n", false);
	assert_int_equal(imp->n_new, 1);
	import_free(imp);

	assert_int_equal(store_reopen_period(f->store, "H1", WHO, "sửa",
					     &err),
			 KH_OK);
	assert_int_equal(import_ok(f, "late.csv", late, false), 2);
}

/* A period closed between the diff and the apply: nothing is written. */
static void test_apply_all_or_nothing(void **state)
{
	struct fixture *f = *state;
	kh_import *imp = prepare_ok(f, "x.csv", HEADER
				    "II.2-dn-khcn;1;30/09/2024;;;\n"
				    "II.1-che-pham-vi-sinh;12;14/06/2024;;;\n",
				    false);
	kh_error err;

	assert_int_equal(imp->n_new, 2);
	assert_int_equal(store_close_period(f->store, "H1", f->h1->from,
					    f->h1->cutoff, WHO, "report",
					    &err),
			 KH_OK);
	assert_int_equal(import_apply(imp, f->store, &err), KH_EINPUT);
	assert_contains(err.msg, "reopen H1");
	assert_int_equal(count(f), 0);
	import_free(imp);
}

/* ---- the diff for terminals without UTF-8 ------------------------------- */

static void test_ascii_diff(void **state)
{
	struct fixture *f = *state;
	kh_import *imp = prepare_ok(f, "a.csv", HEADER
				    "II.1-che-pham-vi-sinh;13;10/06/2024;;;\n"
				    "II.1-che-pham-vi-sinh;15;14/06/2024;;;\n",
				    false);
	char *diff = diff_text(imp, true);

	for (const char *p = diff; *p; p++)
		if ((unsigned char)*p >= 0x80)
			fail_msg("non-ASCII in:\n%s", diff);
	assert_contains(diff, "II.1-che-pham-vi-sinh  - -> 13 tan as of "
			      "10/06/2024  [new]");
	assert_contains(diff, "13 tan as of 10/06/2024 -> 15 tan as of "
			      "14/06/2024  [update]");
	free(diff);
	import_free(imp);
}

int main(void)
{
#define T(name) cmocka_unit_test_setup_teardown(name, setup, teardown)
	const struct CMUnitTest tests[] = {
		T(test_template),
		T(test_round_trip),
		T(test_bad_unknown_target),
		T(test_bad_milestone_value),
		T(test_bad_quantity_value),
		T(test_bad_fraction_of_whole),
		T(test_bad_quantity_in_assessment),
		T(test_bad_ongoing_value),
		T(test_bad_date),
		T(test_bad_date_outside_plan),
		T(test_bad_unit),
		T(test_bad_lower_without_note),
		T(test_bad_too_high),
		T(test_bad_long_note),
		T(test_bad_no_target),
		T(test_bad_note_without_value),
		T(test_bad_csv),
		T(test_bad_extra_cell),
		T(test_extra_empty_cells),
		T(test_header_errors),
		T(test_too_many_rows),
		T(test_header_only),
		T(test_excel_file),
		T(test_libreoffice_file),
		T(test_spreadsheet_bytes),
		T(test_columns_any_order),
		T(test_header_blanks),
		T(test_ongoing_columns),
		T(test_units),
		T(test_same_target_twice),
		T(test_against_stored),
		T(test_lower_with_note),
		T(test_high_and_force),
		T(test_closed_period),
		T(test_apply_all_or_nothing),
		T(test_ascii_diff),
	};
#undef T
	return cmocka_run_group_tests(tests, NULL, NULL);
}
