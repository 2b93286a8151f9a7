/* Tests of the consolidated report: a hand-worked period on the real plan
 * (figures, Tỷ lệ %, statuses in Vietnamese, decimal commas), who has not
 * reported before and after the deadline, late and flagged figures,
 * reopenings, escaping in every format, and the XLSX workbook.  Every test
 * starts in Vietnamese (the build's catalogue); the English ones switch
 * and check the headings, the decimal point and the CSV's ','. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "config.h"
#include "kehoach/check.h"
#include "kehoach/csv.h"
#include "kehoach/entry.h"
#include "kehoach/lang.h"
#include "kehoach/plan.h"
#include "kehoach/report.h"
#include "kehoach/store.h"
#include "kehoach/text.h"

#define PLAN KH_SOURCE_ROOT "/plan.yaml"

/* Column order of the table. */
enum { C_TT, C_TEXT, C_DVT, C_PLAN, C_PERIOD, C_CUMUL, C_RATE, C_LEAD,
       C_STATUS, C_NOTE, C_N };

static const char *const columns[C_N] = {
	"TT", "Nhiệm vụ / chỉ tiêu", "ĐVT", "Kế hoạch", "Thực hiện kỳ",
	"Lũy kế", "Tỷ lệ %", "Đơn vị chủ trì", "Đánh giá", "Ghi chú",
};

static const char *const columns_en[C_N] = {
	"No.", "Task / target", "Measure", "Plan", "In period",
	"Cumulative", "Progress %", "Lead unit", "Assessment", "Note",
};

/* Notes that must not survive as they are. */
#define NOTE_PIPE "Trung tâm | đợt 2"
#define NOTE_FORMULA "=cmd|' /C calc'!A0"
#define NOTE_ESCAPE "\x1b[31mđỏ\x1b[0m\x07"

struct fixture {
	char dir[256];
	char db[320];
	kh_plan *plan;
	kh_store *store;
};

static int setup(void **state)
{
	struct fixture *f = calloc(1, sizeof *f);
	if (!f)
		return -1;
	const char *tmp = getenv("TMPDIR");
	snprintf(f->dir, sizeof f->dir, "%s/kh-report-XXXXXX",
		 tmp && *tmp ? tmp : "/tmp");
	if (!mkdtemp(f->dir)) {
		free(f);
		return -1;
	}
	snprintf(f->db, sizeof f->db, "%s/plan.db", f->dir);
	lang_use(KH_LANG_VI);
	kh_error err;
	f->plan = plan_load(PLAN, &err);
	f->store = f->plan ? store_open(f->db, true, &err) : NULL;
	if (!f->store) {
		fprintf(stderr, "setup: %s\n", err.msg);
		plan_free(f->plan);
		rmdir(f->dir);
		free(f);
		return -1;
	}
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *f = *state;
	store_close(f->store);
	plan_free(f->plan);
	DIR *d = opendir(f->dir);
	if (d) {
		struct dirent *de;
		while ((de = readdir(d))) {
			if (de->d_name[0] == '.')
				continue;
			char p[640];
			snprintf(p, sizeof p, "%s/%s", f->dir, de->d_name);
			unlink(p);
		}
		closedir(d);
	}
	int rc = rmdir(f->dir);
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

static const kh_period *period(struct fixture *f, const char *id)
{
	const kh_period *p = plan_find_period(f->plan, id);
	assert_non_null(p);
	return p;
}

/* Record a figure the way a clerk would: period from the date, the lead
 * unit reporting.  entered_at NULL means now. */
static void add(struct fixture *f, const char *id, const char *value,
		const char *as_of, const char *note, const char *entered_at,
		unsigned flags)
{
	const kh_target *t = plan_find_target(f->plan, id);
	assert_non_null(t);
	kh_entry e = {0};
	char why[256];
	assert_true(kh_parse_entry_value(t, value, &e, why, sizeof why));
	e.as_of = day(as_of);
	const kh_period *p = plan_period_for_date(f->plan, e.as_of);
	assert_non_null(p);
	e.target_id = strdup(id);
	e.period = strdup(p->id);
	e.unit_id = strdup(t->lead->id);
	e.note = note ? strdup(note) : NULL;
	e.entered_by = strdup("tester");
	e.entered_at = entered_at ? strdup(entered_at) : NULL;
	e.source = strdup("test");
	e.flags = flags;
	kh_error err;
	kh_rc rc = store_add_entry(f->store, &e, &err);
	if (rc != KH_OK)
		fprintf(stderr, "add %s: %s\n", id, err.msg);
	assert_int_equal(rc, KH_OK);
	entry_clear(&e);
}

/* The hand-worked period (H1: 15/12/2023-14/06/2024, due 20/06/2024). */
static void fill_h1(struct fixture *f)
{
	add(f, "II.1-che-pham-vi-sinh", "5", "2024-01-10", NULL,
	    "2024-01-11T02:00:00Z", 0);
	add(f, "II.1-che-pham-vi-sinh", "13", "2024-06-10", NOTE_PIPE,
	    "2024-06-12T02:00:00Z", 0);
	/* entered after the deadline: late */
	add(f, "II.1-dn-ket-noi-cung-cau", "1", "2024-06-14", NOTE_FORMULA,
	    "2024-06-25T08:00:00Z", 0);
	add(f, "II.1-tuyen-truyen-cnsh", "in_progress", "2024-06-14",
	    NOTE_ESCAPE, "2024-06-15T01:00:00Z", 0);
	add(f, "II.1-cong-nghe-invitro", "done", "2024-05-01", NULL,
	    "2024-05-02T01:00:00Z", 0);
	add(f, "II.1-dao-tao-can-bo", "4", "2024-03-01", NULL,
	    "2024-03-02T01:00:00Z", 0);
	add(f, "II.1-dao-tao-can-bo", "2", "2024-05-01", "Đếm lại",
	    "2024-05-02T01:00:00Z", KH_CHECK_LOWER);
	add(f, "II.2-dn-khcn", "7", "2024-06-01", NULL,
	    "2024-06-02T01:00:00Z", KH_CHECK_HIGH);
}

static char *render(struct fixture *f, const char *pid, const char *today,
		    kh_report_format format, bool ascii)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *fp = open_memstream(&buf, &len);
	assert_non_null(fp);
	kh_error err;
	kh_rc rc = report_write(fp, f->plan, f->store, period(f, pid),
				day(today), format, ascii, &err);
	if (rc != KH_OK)
		fprintf(stderr, "report: %s\n", err.msg);
	assert_int_equal(rc, KH_OK);
	assert_int_equal(fclose(fp), 0);
	return buf;
}

/* The line of text holding needle (a new string), or NULL. */
static char *line_with(const char *text, const char *needle)
{
	const char *p = strstr(text, needle);
	if (!p)
		return NULL;
	if (*needle == '\n') /* a needle that anchors at a line's start */
		p++;
	const char *start = p;
	while (start > text && start[-1] != '\n')
		start--;
	const char *end = strchr(p, '\n');
	size_t len = end ? (size_t)(end - start) : strlen(start);
	if (len && start[len - 1] == '\r')
		len--;
	return strndup(start, len);
}

/* Split a Markdown table row into its cells, trimmed and unescaped. */
static size_t md_cells(const char *line, char cells[C_N + 2][512])
{
	size_t n = 0, k = 0;
	const char *p = line;
	assert_int_equal(*p, '|');
	p++;
	char cur[512];
	for (; *p; p++) {
		if (*p == '\\' && p[1]) {
			if (k < sizeof cur - 1)
				cur[k++] = p[1];
			p++;
			continue;
		}
		if (*p != '|') {
			if (k < sizeof cur - 1)
				cur[k++] = *p;
			continue;
		}
		cur[k] = '\0';
		char *s = cur;
		while (*s == ' ')
			s++;
		size_t l = strlen(s);
		while (l && s[l - 1] == ' ')
			s[--l] = '\0';
		if (n < C_N + 2)
			snprintf(cells[n++], 512, "%s", s);
		k = 0;
	}
	return n;
}

static char tt_of(const kh_target *t)
{
	return (char)('a' + (t - t->task->targets));
}

/* The Markdown row of a target, found by its TT and text. */
static size_t md_row(const char *md, const kh_target *t,
		     char cells[C_N + 2][512])
{
	char head[1024];
	snprintf(head, sizeof head, "\n| %c | %s |", tt_of(t), t->text);
	char *line = line_with(md, head);
	if (!line)
		fprintf(stderr, "no row \"%s\"\n", head + 1);
	assert_non_null(line);
	size_t n = md_cells(line, cells);
	free(line);
	return n;
}

/* The Markdown table's header row (starting with first): the columns
 * named as cols names them. */
static void expect_md_header(const char *md, const char *first,
			     const char *const cols[C_N])
{
	char cells[C_N + 2][512];
	char *head = line_with(md, first);
	assert_non_null(head);
	assert_int_equal(md_cells(head, cells), C_N);
	for (int c = 0; c < C_N; c++)
		assert_string_equal(cells[c], cols[c]);
	free(head);
}

/* What a CSV report is in either language: a BOM, CRLF line ends, the
 * columns named as cols names them in row 1, fields separated by sep.
 * Returns the parsed document (csv_free it). */
static kh_csv *parse_report_csv(const char *csv, char sep,
				const char *const cols[C_N])
{
	size_t len = strlen(csv);
	assert_memory_equal(csv, "\xEF\xBB\xBF", 3);
	for (size_t i = 0; i < len; i++)
		if (csv[i] == '\n')
			assert_true(i > 0 && csv[i - 1] == '\r');
	kh_error err;
	kh_csv *doc = csv_parse("report.csv", csv, len, &err);
	assert_non_null(doc);
	assert_true(doc->bom);
	assert_int_equal(doc->sep, sep);
	assert_true(doc->n_rows > 0);
	assert_int_equal(doc->rows[0].n, C_N);
	for (int c = 0; c < C_N; c++)
		assert_string_equal(doc->rows[0].fields[c], cols[c]);
	return doc;
}

/* A unit's missing-report line: "NAME: chưa báo cáo N/M chỉ tiêu: ...". */
static void expect_owed(struct fixture *f, const char *md, const char *unit,
			size_t reported)
{
	const kh_unit *u = plan_find_unit(f->plan, unit);
	assert_non_null(u);
	size_t owed = 0;
	for (size_t i = 0; i < f->plan->n_targets; i++)
		owed += f->plan->targets[i]->lead == u;
	char want[256];
	snprintf(want, sizeof want, "%s: chưa báo cáo %zu/%zu chỉ tiêu: ",
		 u->name, owed - reported, owed);
	char *line = line_with(md, want);
	if (!line)
		fprintf(stderr, "no line \"%s\"\n", want);
	assert_non_null(line);
	free(line);
}

/* ---- tests ---- */

static void test_format_names(void **state)
{
	(void)state;
	kh_report_format fmt = KH_REPORT_TXT;
	assert_true(kh_report_format_parse("md", &fmt));
	assert_int_equal(fmt, KH_REPORT_MD);
	assert_true(kh_report_format_parse("csv", &fmt));
	assert_int_equal(fmt, KH_REPORT_CSV);
	assert_true(kh_report_format_parse("XLSX", &fmt));
	assert_int_equal(fmt, KH_REPORT_XLSX);
	assert_true(kh_report_format_parse("txt", &fmt));
	assert_int_equal(fmt, KH_REPORT_TXT);
	assert_false(kh_report_format_parse("pdf", &fmt));
	assert_false(kh_report_format_parse("", &fmt));
	assert_int_equal(fmt, KH_REPORT_TXT);
#ifdef KH_HAVE_XLSX
	assert_true(report_xlsx_available());
#else
	assert_false(report_xlsx_available());
#endif
}

static void test_markdown_h1(void **state)
{
	struct fixture *f = *state;
	fill_h1(f);
	kh_error err;
	char *md = report_markdown(f->plan, f->store, period(f, "H1"),
				   day("2024-06-25"), &err);
	assert_non_null(md);
	char cells[C_N + 2][512];

	/* heading */
	assert_non_null(strstr(md, "# BÁO CÁO KẾT QUẢ THỰC HIỆN KẾ HOẠCH\n"));
	assert_non_null(strstr(md, "Thực hiện Cam kết trách nhiệm"));
	assert_non_null(strstr(md, "Số: /KH-SKHCN"));
	assert_non_null(strstr(md, "Sở Khoa học và Công nghệ tỉnh Quảng Trị"));
	assert_non_null(strstr(md, "6 tháng đầu năm (H1)"));
	assert_non_null(strstr(md, "Số liệu từ 15/12/2023 đến 14/06/2024"));
	assert_non_null(strstr(md, "20/06/2024"));
	/* the text kept on closing says it is the closed report */
	assert_non_null(strstr(md, "- **Tình trạng báo cáo:** Bản chốt số "
				   "liệu, lưu khi chốt kỳ H1\n"));
	assert_null(strstr(md, "Dự thảo"));
	assert_non_null(strstr(md, "Ngày lập báo cáo:** 25/06/2024"));

	/* the header row and a section row */
	expect_md_header(md, "| TT |", columns);
	assert_non_null(strstr(md, "\n| **II.1** | **Tổ chức triển khai"));

	/* 30 tonnes: 13 in the period and cumulative, 43 %, at risk */
	const kh_target *t = plan_find_target(f->plan, "II.1-che-pham-vi-sinh");
	assert_int_equal(md_row(md, t, cells), C_N);
	assert_int_equal(cells[C_TT][0], tt_of(t));
	assert_string_equal(cells[C_DVT], "tấn");
	assert_string_equal(cells[C_PLAN], "30");
	assert_string_equal(cells[C_PERIOD], "13");
	assert_string_equal(cells[C_CUMUL], "13");
	assert_string_equal(cells[C_RATE], "43");
	assert_string_equal(cells[C_LEAD], "Phòng QLCN&ĐMST");
	assert_string_equal(cells[C_STATUS], "Có nguy cơ chậm");
	assert_string_equal(cells[C_NOTE], NOTE_PIPE); /* '|' escaped */
	assert_non_null(strstr(md, "Trung tâm \\| đợt 2"));

	/* 2-5 enterprises, one reported late */
	t = plan_find_target(f->plan, "II.1-dn-ket-noi-cung-cau");
	assert_int_equal(md_row(md, t, cells), C_N);
	assert_string_equal(cells[C_DVT], "doanh nghiệp");
	assert_string_equal(cells[C_PLAN], "2–5");
	assert_string_equal(cells[C_PERIOD], "1");
	assert_string_equal(cells[C_CUMUL], "1");
	assert_string_equal(cells[C_RATE], "50");
	assert_string_equal(cells[C_STATUS], "Đúng tiến độ");
	assert_string_equal(cells[C_NOTE], NOTE_FORMULA "; nộp muộn");

	/* ongoing: the assessment in words; the escape sequence neutralised */
	t = plan_find_target(f->plan, "II.1-tuyen-truyen-cnsh");
	assert_int_equal(md_row(md, t, cells), C_N);
	assert_string_equal(cells[C_PLAN], "Thường xuyên");
	assert_string_equal(cells[C_PERIOD], "Đang thực hiện");
	assert_string_equal(cells[C_STATUS], "Đúng tiến độ");
	assert_non_null(strstr(cells[C_NOTE], "đỏ"));
	assert_null(strchr(md, '\x1b'));
	assert_null(strchr(md, '\x07'));

	/* milestones, done and not */
	t = plan_find_target(f->plan, "II.1-cong-nghe-invitro");
	assert_int_equal(md_row(md, t, cells), C_N);
	assert_string_equal(cells[C_PLAN], "Hoàn thành trước 31/12/2024");
	assert_string_equal(cells[C_PERIOD], "Hoàn thành");
	assert_string_equal(cells[C_CUMUL], "Hoàn thành");
	assert_string_equal(cells[C_RATE], "100");
	assert_string_equal(cells[C_STATUS], "Hoàn thành");
	t = plan_find_target(f->plan, "II.1-cong-nghe-vi-sinh");
	assert_int_equal(md_row(md, t, cells), C_N);
	assert_string_equal(cells[C_CUMUL], "Chưa hoàn thành");
	assert_string_equal(cells[C_RATE], "0");
	assert_string_equal(cells[C_STATUS], "Chưa đến hạn");
	assert_string_equal(cells[C_NOTE], "chưa báo cáo");

	/* flagged figures */
	t = plan_find_target(f->plan, "II.1-dao-tao-can-bo");
	assert_int_equal(md_row(md, t, cells), C_N);
	assert_string_equal(cells[C_CUMUL], "2");
	assert_string_equal(cells[C_RATE], "67");
	assert_string_equal(cells[C_NOTE],
			    "Đếm lại; (*) thấp hơn số liệu trước");
	t = plan_find_target(f->plan, "II.2-dn-khcn");
	assert_int_equal(md_row(md, t, cells), C_N);
	assert_string_equal(cells[C_RATE], "700");
	assert_string_equal(cells[C_STATUS], "Vượt kế hoạch");
	assert_string_equal(cells[C_NOTE], "(**) gấp hơn 3 lần kế hoạch");

	/* nothing reported */
	t = plan_find_target(f->plan, "II.2-du-an-doi-moi-cn");
	assert_int_equal(md_row(md, t, cells), C_N);
	assert_string_equal(cells[C_PLAN], "5–6");
	assert_string_equal(cells[C_PERIOD], "–");
	assert_string_equal(cells[C_CUMUL], "–");
	assert_string_equal(cells[C_RATE], "–");
	assert_string_equal(cells[C_STATUS], "Chậm tiến độ");
	assert_string_equal(cells[C_NOTE], "chưa báo cáo");
	assert_non_null(strstr(md, "- II.2-du-an-doi-moi-cn (Phòng QLCN&ĐMST, "
				   "Chậm tiến độ): chưa có số liệu, kế hoạch "
				   "đến 14/06/2024 là 2 dự án\n"));

	/* the summary: behind by how much, with decimal commas */
	assert_non_null(strstr(md, "### Các chỉ tiêu chậm tiến độ\n"));
	assert_non_null(strstr(md, "- II.1-che-pham-vi-sinh (Phòng QLCN&ĐMST, "
				   "Có nguy cơ chậm): đạt 13/30 tấn, kế hoạch "
				   "đến 14/06/2024 là 13,56 tấn, thiếu 0,56 "
				   "tấn\n"));
	assert_non_null(strstr(md, "### Tổng hợp theo tình trạng\n"));
	assert_non_null(strstr(md, "- Tổng số chỉ tiêu: "));
	assert_non_null(strstr(md, "- Có nguy cơ chậm: 1\n"));
	assert_non_null(strstr(md, "- Vượt kế hoạch: 1\n"));

	/* who owes what, past the deadline: qlcn leads six of ours, one of
	 * them late (reported, so not owed) */
	assert_non_null(strstr(md, "### Đơn vị chưa báo cáo\n"));
	expect_owed(f, md, "qlcn", 6);
	expect_owed(f, md, "vp", 0);
	char *owed = line_with(md, "Phòng Quản lý công nghệ và Đổi mới sáng "
				   "tạo: chưa báo cáo");
	assert_non_null(owed);
	assert_non_null(strstr(owed, "II.1-cong-nghe-vi-sinh"));
	assert_null(strstr(owed, "II.1-che-pham-vi-sinh"));
	assert_null(strstr(owed, "II.1-dn-ket-noi-cung-cau")); /* late, not missing */
	free(owed);

	/* late and flagged lists, no reopening */
	assert_non_null(strstr(md, "- II.1-dn-ket-noi-cung-cau (Phòng QLCN&ĐMST): "
				   "nhập lần đầu lúc 25/06/2024 08:00 UTC, hạn "
				   "20/06/2024\n"));
	assert_non_null(strstr(md, "- II.1-dao-tao-can-bo (Phòng QLCN&ĐMST): lũy "
				   "kế 2 cán bộ; (*) thấp hơn số liệu trước; "
				   "ghi chú: \"Đếm lại\"\n"));
	assert_non_null(strstr(md, "- II.2-dn-khcn ("));
	assert_non_null(strstr(md, "### Mở lại kỳ báo cáo\n\n- Không có.\n"));
	free(md);
}

static void test_missing_before_deadline(void **state)
{
	struct fixture *f = *state;
	fill_h1(f);
	char *md = render(f, "H1", "2024-06-18", KH_REPORT_MD, false);
	assert_non_null(strstr(md, "### Đơn vị chưa báo cáo\n\n- Chưa đến hạn "
				   "nộp báo cáo (hạn 20/06/2024).\n"));
	assert_null(strstr(md, ": chưa báo cáo "));
	char cells[C_N + 2][512];
	const kh_target *t = plan_find_target(f->plan, "II.1-cong-nghe-vi-sinh");
	assert_int_equal(md_row(md, t, cells), C_N);
	assert_string_equal(cells[C_NOTE], ""); /* not owed yet */
	free(md);

	/* on the deadline itself nothing is missing either; the day after
	 * it is */
	md = render(f, "H1", "2024-06-20", KH_REPORT_MD, false);
	assert_null(strstr(md, ": chưa báo cáo "));
	free(md);
	md = render(f, "H1", "2024-06-21", KH_REPORT_MD, false);
	expect_owed(f, md, "qlcn", 6);
	free(md);
}

static void test_full_year(void **state)
{
	struct fixture *f = *state;
	fill_h1(f);
	add(f, "II.1-che-pham-vi-sinh", "20,5", "2024-12-01", NULL,
	    "2024-12-02T01:00:00Z", 0);
	char *md = render(f, "FY", "2024-12-25", KH_REPORT_MD, false);
	char cells[C_N + 2][512];
	const kh_target *t = plan_find_target(f->plan, "II.1-che-pham-vi-sinh");
	/* FY starts 15/12/2023 too: nothing before it, so all of it counts */
	assert_int_equal(md_row(md, t, cells), C_N);
	assert_string_equal(cells[C_PERIOD], "20,5");
	assert_string_equal(cells[C_CUMUL], "20,5");
	assert_string_equal(cells[C_RATE], "68");
	assert_string_equal(cells[C_NOTE], "");
	assert_non_null(strstr(md, "Cả năm (FY)"));
	assert_non_null(strstr(md, "Số liệu từ 15/12/2023 đến 14/12/2024"));
	/* reported for H1 only: owed for the year */
	t = plan_find_target(f->plan, "II.1-dn-ket-noi-cung-cau");
	assert_int_equal(md_row(md, t, cells), C_N);
	assert_string_equal(cells[C_CUMUL], "1");
	assert_string_equal(cells[C_NOTE], NOTE_FORMULA "; chưa báo cáo");
	free(md);
}

static void test_csv(void **state)
{
	struct fixture *f = *state;
	fill_h1(f);
	char *csv = render(f, "H1", "2024-06-25", KH_REPORT_CSV, false);
	assert_non_null(strstr(csv, "\r\n\r\nBÁO CÁO KẾT QUẢ THỰC HIỆN KẾ HOẠCH\r\n"));
	assert_null(strchr(csv, '\x1b'));

	kh_csv *doc = parse_report_csv(csv, ';', columns);
	assert_true(doc->n_rows > 60);
	const kh_target *che = plan_find_target(f->plan, "II.1-che-pham-vi-sinh");
	const kh_target *dn = plan_find_target(f->plan, "II.1-dn-ket-noi-cung-cau");
	bool seen_che = false, seen_dn = false, seen_section = false;
	bool seen_summary = false;
	for (size_t i = 1; i < doc->n_rows; i++) {
		const kh_csv_row *r = &doc->rows[i];
		if (r->n == 1 && strstr(r->fields[0], "II.1-che-pham-vi-sinh ("))
			seen_summary = strstr(r->fields[0], "13,56 tấn") != NULL;
		if (r->n != C_N)
			continue;
		if (strcmp(r->fields[C_TT], "II.1") == 0)
			seen_section = strcmp(r->fields[C_TEXT],
					      f->plan->sections[0].title) == 0;
		if (strcmp(r->fields[C_TEXT], che->text) == 0) {
			seen_che = true;
			assert_string_equal(r->fields[C_PERIOD], "13");
			assert_string_equal(r->fields[C_CUMUL], "13");
			assert_string_equal(r->fields[C_RATE], "43");
			assert_string_equal(r->fields[C_STATUS], "Có nguy cơ chậm");
			assert_string_equal(r->fields[C_NOTE], NOTE_PIPE);
		}
		if (strcmp(r->fields[C_TEXT], dn->text) == 0) {
			seen_dn = true;
			assert_string_equal(r->fields[C_PLAN], "2–5");
			/* a spreadsheet must not run it as a formula */
			assert_string_equal(r->fields[C_NOTE],
					    "'" NOTE_FORMULA "; nộp muộn");
		}
	}
	assert_true(seen_che);
	assert_true(seen_dn);
	assert_true(seen_section);
	assert_true(seen_summary);
	csv_free(doc);
	free(csv);
}

static void test_text(void **state)
{
	struct fixture *f = *state;
	fill_h1(f);
	char *txt = render(f, "H1", "2024-06-25", KH_REPORT_TXT, false);
	assert_non_null(strstr(txt, "BÁO CÁO KẾT QUẢ THỰC HIỆN KẾ HOẠCH\n"));
	assert_non_null(strstr(txt, "Kế hoạch: 30 tấn; Thực hiện kỳ: 13 tấn; "
				    "Lũy kế: 13 tấn; Tỷ lệ: 43 %\n"));
	assert_non_null(strstr(txt, "Chủ trì: Phòng QLCN&ĐMST; Đánh giá: Có "
				    "nguy cơ chậm\n"));
	assert_non_null(strstr(txt, "Ghi chú: " NOTE_PIPE "\n"));
	assert_non_null(strstr(txt, "\nII.1  Tổ chức triển khai"));
	assert_null(strchr(txt, '\x1b'));
	/* every line fits the terminal */
	char *save = NULL;
	size_t lines = 0;
	for (char *l = strtok_r(txt, "\n", &save); l;
	     l = strtok_r(NULL, "\n", &save)) {
		assert_true(text_width(l) <= 76);
		lines++;
	}
	assert_true(lines > 100);
	free(txt);

	txt = render(f, "H1", "2024-06-25", KH_REPORT_TXT, true);
	for (const unsigned char *p = (const unsigned char *)txt; *p; p++)
		assert_true(*p < 0x80);
	assert_non_null(strstr(txt, "BAO CAO KET QUA THUC HIEN KE HOACH\n"));
	assert_non_null(strstr(txt, "Luy ke: 13 tan; Ty le: 43 %"));
	assert_non_null(strstr(txt, "Co nguy co cham"));
	free(txt);

	char *md = render(f, "H1", "2024-06-25", KH_REPORT_MD, true);
	for (const unsigned char *p = (const unsigned char *)md; *p; p++)
		assert_true(*p < 0x80);
	assert_non_null(strstr(md, "| 30 | 13 | 13 | 43 |"));
	free(md);
}

static void test_reopened(void **state)
{
	struct fixture *f = *state;
	fill_h1(f);
	kh_error err;
	const kh_period *h1 = period(f, "H1");
	char *md = report_markdown(f->plan, f->store, h1, day("2024-06-25"),
				   &err);
	assert_non_null(md);
	assert_int_equal(store_close_period(f->store, "H1", h1->from, h1->cutoff,
					    "lan", md, &err), KH_OK);
	free(md);
	md = render(f, "H1", "2024-06-25", KH_REPORT_MD, false);
	assert_non_null(strstr(md, "Tình trạng báo cáo:** Đã chốt số liệu lúc "));
	assert_non_null(strstr(md, "(người chốt: lan)"));
	assert_non_null(strstr(md, "### Mở lại kỳ báo cáo\n\n- Không có.\n"));
	free(md);

	assert_int_equal(store_reopen_period(f->store, "H1", "minh",
					     "Sửa số liệu | Trung tâm", &err),
			 KH_OK);
	add(f, "II.2-dn-khcn", "2", "2024-06-10", "bổ sung", NULL, 0);
	md = render(f, "H1", "2024-06-25", KH_REPORT_MD, false);
	assert_non_null(strstr(md, "Dự thảo: kỳ đã mở lại lúc "));
	char *line = line_with(md, "- Mở lại lúc ");
	assert_non_null(line);
	assert_non_null(strstr(line, ", người mở: minh, lý do: Sửa số liệu | "
				     "Trung tâm"));
	free(line);
	assert_non_null(strstr(md, "- Số liệu của kỳ nhập sau lần chốt đầu "
				   "tiên ("));
	line = line_with(md, "- II.2-dn-khcn: 2 doanh nghiệp (số liệu tính "
			     "đến 10/06/2024), nhập lúc ");
	assert_non_null(line);
	assert_non_null(strstr(line, " bởi tester; ghi chú: \"bổ sung\""));
	free(line);
	/* entries from before the close are not listed again */
	assert_null(strstr(md, "- II.1-che-pham-vi-sinh: 13 tấn"));
	free(md);
}

static void test_no_database(void **state)
{
	struct fixture *f = *state;
	kh_error err;
	char *md = report_markdown(f->plan, NULL, period(f, "H1"),
				   day("2024-06-25"), &err);
	assert_non_null(md);
	assert_non_null(strstr(md, "| tấn | 30 | – | – | – |"));
	expect_owed(f, md, "qlcn", 0);
	free(md);
	char *buf = NULL;
	size_t len = 0;
	FILE *fp = open_memstream(&buf, &len);
	assert_non_null(fp);
	assert_int_equal(report_write(fp, f->plan, NULL, period(f, "H1"),
				      day("2024-06-25"), KH_REPORT_MD, false,
				      &err), KH_OK);
	fclose(fp);
	assert_non_null(strstr(buf, "- **Tình trạng báo cáo:** Dự thảo (kỳ "
				    "chưa chốt số liệu)\n"));
	free(buf);
	assert_int_equal(report_write(stdout, f->plan, f->store,
				      period(f, "H1"), day("2024-06-25"),
				      KH_REPORT_XLSX, false, &err),
			 KH_EUSAGE);
}

/* Run a command and return what it printed (new string); it must
 * succeed, or an empty output would pass every "not in it" check. */
static char *command_output(const char *cmd)
{
	FILE *p = popen(cmd, "r");
	assert_non_null(p);
	char *buf = NULL;
	size_t len = 0;
	FILE *out = open_memstream(&buf, &len);
	assert_non_null(out);
	char chunk[4096];
	size_t n;
	while ((n = fread(chunk, 1, sizeof chunk, p)) > 0)
		fwrite(chunk, 1, n, out);
	int status = pclose(p);
	fclose(out);
	if (status != 0)
		fail_msg("%s: status %d", cmd, status);
	return buf;
}

/* Write H1's report as the XLSX file name in the fixture's folder (its
 * path in path): false in a build without XLSX, which must refuse. */
static bool write_h1_xlsx(struct fixture *f, const char *name, char *path,
			  size_t size)
{
	snprintf(path, size, "%s/%s", f->dir, name);
	kh_error err;
	kh_rc rc = report_write_xlsx(path, f->plan, f->store, period(f, "H1"),
				     day("2024-06-25"), &err);
#ifndef KH_HAVE_XLSX
	assert_int_equal(rc, KH_EUSAGE);
	return false;
#else
	if (rc != KH_OK)
		fprintf(stderr, "xlsx: %s\n", err.msg);
	assert_int_equal(rc, KH_OK);
	return true;
#endif
}

/* One part of an XLSX file (a zip) as text (new string). */
static char *xlsx_part(const char *path, const char *part)
{
	char cmd[600];
	snprintf(cmd, sizeof cmd, "unzip -p '%s' %s", path, part);
	return command_output(cmd);
}

static void test_xlsx(void **state)
{
	struct fixture *f = *state;
	fill_h1(f);
	char path[400];
	if (!write_h1_xlsx(f, "h1.xlsx", path, sizeof path))
		return;
	FILE *fp = fopen(path, "rb");
	assert_non_null(fp);
	char magic[2] = {0};
	assert_int_equal(fread(magic, 1, 2, fp), 2);
	fclose(fp);
	assert_memory_equal(magic, "PK", 2);

	char *strings = xlsx_part(path, "xl/sharedStrings.xml");
	assert_non_null(strstr(strings, "Lũy kế"));
	assert_non_null(strstr(strings, "Sản xuất chế phẩm vi sinh vật các loại"));
	assert_non_null(strstr(strings, "Có nguy cơ chậm"));
	/* the formula stays a string; the escape sequence does not get in */
	assert_non_null(strstr(strings, "=cmd|"));
	assert_null(strstr(strings, "\x1b"));
	assert_null(strstr(strings, "_x001B_"));
	free(strings);

	char *sheet = xlsx_part(path, "xl/worksheets/sheet1.xml");
	assert_null(strstr(sheet, "<f>"));
	assert_non_null(strstr(sheet, "orientation=\"landscape\""));
	assert_non_null(strstr(sheet, "paperSize=\"9\""));
	assert_non_null(strstr(sheet, "fitToHeight=\"0\""));
	assert_non_null(strstr(sheet, "<v>43</v>")); /* Tỷ lệ as a number */
	free(sheet);
	char *book = xlsx_part(path, "xl/workbook.xml");
	assert_non_null(strstr(book, "name=\"Báo cáo\""));
	assert_non_null(strstr(book, "_xlnm.Print_Titles")); /* header row repeated */
	free(book);

	/* a folder that does not exist */
	kh_error err;
	snprintf(path, sizeof path, "%s/no/such/h1.xlsx", f->dir);
	assert_int_equal(report_write_xlsx(path, f->plan, f->store,
					   period(f, "H1"), day("2024-06-25"),
					   &err), KH_EIO);
	assert_non_null(strstr(err.msg, "h1.xlsx"));
}

/* ---- English ---- */

static void test_english_markdown(void **state)
{
	struct fixture *f = *state;
	fill_h1(f);
	add(f, "II.1-che-pham-vi-sinh", "20,5", "2024-12-01", NULL,
	    "2024-12-02T01:00:00Z", 0);
	lang_use(KH_LANG_EN);
	char *md = render(f, "H1", "2024-06-25", KH_REPORT_MD, false);
	char cells[C_N + 2][512];
	assert_non_null(strstr(md, "# PLAN IMPLEMENTATION REPORT\n"));
	expect_md_header(md, "| No. |", columns_en);
	/* the plan's own words stay as written; dates stay dd/mm/yyyy */
	assert_non_null(strstr(md, "- **Plan:** Thực hiện Cam kết"));
	assert_non_null(strstr(md, "- **Reporting period:** 6 tháng đầu năm "
				   "(H1)\n"));
	assert_non_null(strstr(md, "Figures from 15/12/2023 to 14/06/2024"));
	assert_non_null(strstr(md, "- **Report date:** 25/06/2024\n"));
	assert_non_null(strstr(md, "\n## Summary\n"));
	const kh_target *t = plan_find_target(f->plan, "II.1-che-pham-vi-sinh");
	assert_int_equal(md_row(md, t, cells), C_N);
	assert_string_equal(cells[C_PLAN], "30");
	assert_string_equal(cells[C_PERIOD], "13");
	assert_string_equal(cells[C_CUMUL], "13");
	assert_string_equal(cells[C_RATE], "43");
	/* a decimal point in the summary, never a comma */
	assert_non_null(strstr(md, ": achieved 13/30 tấn, planned by "
				   "14/06/2024: 13.56 tấn, short by 0.56 "
				   "tấn\n"));
	assert_null(strstr(md, "13,56"));
	t = plan_find_target(f->plan, "II.1-cong-nghe-invitro");
	assert_int_equal(md_row(md, t, cells), C_N);
	assert_string_equal(cells[C_PLAN], "Done by 31/12/2024");
	assert_string_equal(cells[C_CUMUL], "Done");
	t = plan_find_target(f->plan, "II.1-dao-tao-can-bo");
	assert_int_equal(md_row(md, t, cells), C_N);
	assert_string_equal(cells[C_NOTE],
			    "Đếm lại; (*) lower than the previous figure");
	t = plan_find_target(f->plan, "II.1-dn-ket-noi-cung-cau");
	assert_int_equal(md_row(md, t, cells), C_N);
	assert_string_equal(cells[C_NOTE], NOTE_FORMULA "; reported late");
	assert_non_null(strstr(md, "- II.1-dao-tao-can-bo (Phòng QLCN&ĐMST): "
				   "cumulative 2 cán bộ; (*) lower than the "
				   "previous figure; note: \"Đếm lại\"\n"));
	assert_non_null(strstr(md, "### Reopenings\n\n- None.\n"));
	/* no Vietnamese of the report's own */
	assert_null(strstr(md, "BÁO CÁO"));
	assert_null(strstr(md, "Lũy kế"));
	assert_null(strstr(md, "Không có"));
	assert_null(strstr(md, "chưa báo cáo"));
	free(md);

	md = render(f, "FY", "2024-12-25", KH_REPORT_MD, false);
	assert_int_equal(md_row(md, plan_find_target(f->plan,
						     "II.1-che-pham-vi-sinh"),
			        cells), C_N);
	assert_string_equal(cells[C_PERIOD], "20.5");
	assert_string_equal(cells[C_CUMUL], "20.5");
	assert_string_equal(cells[C_RATE], "68");
	free(md);
}

static void test_english_text(void **state)
{
	struct fixture *f = *state;
	fill_h1(f);
	lang_use(KH_LANG_EN);
	char *txt = render(f, "H1", "2024-06-25", KH_REPORT_TXT, false);
	assert_non_null(strstr(txt, "PLAN IMPLEMENTATION REPORT\n"));
	assert_non_null(strstr(txt, "Plan: 30 tấn; In period: 13 tấn; "
				    "Cumulative: 13 tấn; Progress: 43 %\n"));
	assert_non_null(strstr(txt, "Lead: Phòng QLCN&ĐMST; Assessment: "));
	assert_non_null(strstr(txt, "Note: " NOTE_PIPE "\n"));
	assert_non_null(strstr(txt, "\nSUMMARY\n=======\n"));
	assert_non_null(strstr(txt, "13.56 tấn"));
	assert_null(strstr(txt, "13,56"));
	free(txt);
}

static void test_english_csv(void **state)
{
	struct fixture *f = *state;
	fill_h1(f);
	add(f, "II.1-che-pham-vi-sinh", "20,5", "2024-12-01", NULL,
	    "2024-12-02T01:00:00Z", 0);
	lang_use(KH_LANG_EN);
	char *csv = render(f, "FY", "2024-12-25", KH_REPORT_CSV, false);
	assert_memory_equal(csv + 3, "No.,Task / target,Measure,", 26);
	assert_non_null(strstr(csv, "\r\n\r\nPLAN IMPLEMENTATION REPORT\r\n"));
	kh_csv *doc = parse_report_csv(csv, ',', columns_en);
	const kh_target *che = plan_find_target(f->plan, "II.1-che-pham-vi-sinh");
	const kh_target *dn = plan_find_target(f->plan, "II.2-dn-trung-bay");
	bool seen_che = false, seen_dn = false;
	for (size_t i = 1; i < doc->n_rows; i++) {
		const kh_csv_row *r = &doc->rows[i];
		if (r->n != C_N)
			continue;
		if (strcmp(r->fields[C_TEXT], che->text) == 0) {
			seen_che = true;
			assert_string_equal(r->fields[C_PERIOD], "20.5");
			assert_string_equal(r->fields[C_CUMUL], "20.5");
			assert_string_equal(r->fields[C_RATE], "68");
		}
		/* a measure holding ',' stays one field */
		if (strcmp(r->fields[C_TEXT], dn->text) == 0) {
			seen_dn = true;
			assert_string_equal(r->fields[C_DVT], dn->measure);
			assert_string_equal(r->fields[C_PLAN], "4–5");
		}
	}
	assert_true(seen_che);
	assert_true(seen_dn);
	csv_free(doc);
	free(csv);
}

static void test_english_xlsx(void **state)
{
	struct fixture *f = *state;
	fill_h1(f);
	lang_use(KH_LANG_EN);
	char path[400];
	if (!write_h1_xlsx(f, "h1-en.xlsx", path, sizeof path))
		return;
	char *strings = xlsx_part(path, "xl/sharedStrings.xml");
	assert_non_null(strstr(strings, "PLAN IMPLEMENTATION REPORT"));
	assert_non_null(strstr(strings, "Cumulative"));
	assert_non_null(strstr(strings, "SUMMARY"));
	assert_null(strstr(strings, "Lũy kế"));
	free(strings);
	char *book = xlsx_part(path, "xl/workbook.xml");
	assert_non_null(strstr(book, "name=\"Report\""));
	free(book);
}

int main(void)
{
	/* The build's catalogue, whatever is installed. */
	lang_init(KH_LOCALEDIR_BUILD);
	lang_use(KH_LANG_VI);
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_format_names),
		cmocka_unit_test_setup_teardown(test_markdown_h1, setup, teardown),
		cmocka_unit_test_setup_teardown(test_missing_before_deadline, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_full_year, setup, teardown),
		cmocka_unit_test_setup_teardown(test_csv, setup, teardown),
		cmocka_unit_test_setup_teardown(test_text, setup, teardown),
		cmocka_unit_test_setup_teardown(test_reopened, setup, teardown),
		cmocka_unit_test_setup_teardown(test_no_database, setup, teardown),
		cmocka_unit_test_setup_teardown(test_xlsx, setup, teardown),
		cmocka_unit_test_setup_teardown(test_english_markdown, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_english_text, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_english_csv, setup, teardown),
		cmocka_unit_test_setup_teardown(test_english_xlsx, setup,
						teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
