/* Data for the benchmark (tests/bench/run.sh): a plan of N targets in the
 * real plan.yaml format, a database of M entries over it, and a filled-in
 * import CSV.  Everything is deterministic (a fixed seed), so two runs on
 * two machines measure the same files.
 *
 *   bench_gen plan N OUT.yaml
 *   bench_gen db PLAN.yaml M OUT.db
 *   bench_gen csv PLAN.yaml ROWS OUT.csv
 *   bench_gen empty OUT.db
 *   bench_gen schema          (the store's schema version)
 *
 * The database is created by store_open (the real schema), then filled
 * with raw SQLite in one transaction: entries look like real ones, in the
 * order clerks would have entered them (by date), with periods, units,
 * notes, sources and a few retractions. */
#include <math.h>
#include <sqlite3.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kehoach/date.h"
#include "kehoach/entry.h"
#include "kehoach/error.h"
#include "kehoach/plan.h"
#include "kehoach/store.h"

/* ---- randomness: splitmix64, fixed seed ---- */

typedef struct rng {
	uint64_t s;
} rng;

static uint64_t rng_next(rng *r)
{
	uint64_t z = (r->s += 0x9e3779b97f4a7c15u);
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9u;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebu;
	return z ^ (z >> 31);
}

/* Uniform in [0, n). */
static size_t rng_below(rng *r, size_t n)
{
	return n ? (size_t)(rng_next(r) % n) : 0;
}

/* Uniform in [lo, hi]. */
static long rng_range(rng *r, long lo, long hi)
{
	return lo + (long)rng_below(r, (size_t)(hi - lo + 1));
}

static bool rng_chance(rng *r, int percent)
{
	return (int)rng_below(r, 100) < percent;
}

#define PICK(r, arr) ((arr)[rng_below((r), sizeof(arr) / sizeof((arr)[0]))])

static void die(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	fprintf(stderr, "bench_gen: ");
	vfprintf(stderr, fmt, ap);
	fprintf(stderr, "\n");
	va_end(ap);
	exit(1);
}

static void *xmalloc(size_t n)
{
	void *p = malloc(n ? n : 1);
	if (!p)
		die("out of memory");
	return p;
}

/* ---- Vietnamese text of realistic length ---- */

static const char *const verbs[] = {
	"Tuyên truyền, nâng cao nhận thức về",
	"Hỗ trợ doanh nghiệp tham gia",
	"Đẩy mạnh hợp tác trong nghiên cứu, ứng dụng",
	"Tăng cường đầu tư cơ sở vật chất đáp ứng yêu cầu",
	"Triển khai thực hiện cơ chế, chính sách hỗ trợ",
	"Rà soát, lựa chọn, định hướng, ban hành các cơ chế về",
	"Tổ chức các hội thảo, tập huấn, diễn đàn về",
	"Phát triển nguồn cầu và nguồn cung của",
	"Ứng dụng các công cụ phân tích, thống kê, số hóa cho",
	"Chủ trì, phối hợp với các cơ quan, đơn vị liên quan xây dựng",
	"Khảo sát, đánh giá và hướng dẫn thủ tục về",
	"Nâng cao chất lượng công tác quản lý nhà nước đối với",
};

static const char *const objects[] = {
	"công nghệ sinh học phục vụ phát triển nông nghiệp bền vững",
	"thị trường khoa học và công nghệ trên địa bàn tỉnh",
	"doanh nghiệp khoa học và công nghệ",
	"hoạt động đổi mới sáng tạo và khởi nghiệp",
	"tiêu chuẩn, đo lường, chất lượng sản phẩm, hàng hóa",
	"sở hữu trí tuệ và phát triển tài sản trí tuệ",
	"chuyển đổi số trong cơ quan nhà nước",
	"an toàn bức xạ và hạt nhân",
	"cải cách hành chính và thủ tục hành chính",
	"chuyển giao công nghệ cho các tổ chức, cá nhân",
	"nhiệm vụ khoa học và công nghệ cấp tỉnh, cấp cơ sở",
	"mã số, mã vạch và truy xuất nguồn gốc sản phẩm",
};

static const char *const tails[] = {
	"trong tình hình mới",
	"giai đoạn 2021-2025, định hướng đến năm 2030",
	"theo Nghị quyết số 36-NQ/TW ngày 30/01/2023 của Bộ Chính trị",
	"gắn với chế biến sâu, có sức cạnh tranh và giá trị gia tăng cao",
	"cho các tổ chức, cá nhân trên địa bàn tỉnh",
	"khu vực miền Trung và Tây Nguyên",
	"theo quyết định 324/QĐ-UBND ngày 05/02/2021 của UBND tỉnh",
	"nhằm nâng cao năng suất, chất lượng trong sản xuất nông lâm thủy sản",
	"",
};

static const char *const slugs[] = {
	"tuyen-truyen", "ho-tro-dn", "hop-tac", "co-so-vat-chat",
	"co-che-chinh-sach", "hoi-thao", "nguon-cau", "so-hoa",
	"bao-cao-so-ket", "khao-sat", "quan-ly-nha-nuoc", "chuyen-giao",
};

static const char *const measures[] = {
	"doanh nghiệp", "tấn", "cán bộ", "dự án", "hồ sơ", "sản phẩm",
	"nhiệm vụ", "lượt người", "ha", "đơn vị",
};

static const char *const notes[] = {
	"Số liệu theo báo cáo của Trung tâm",
	"Đã đối chiếu với biên bản nghiệm thu",
	"Cập nhật sau cuộc họp giao ban tháng",
	"Theo báo cáo của các phòng, đơn vị thuộc Sở",
	"Bổ sung số liệu còn thiếu của kỳ trước",
	"Đang chờ xác nhận của Ủy ban nhân dân huyện",
};

static const char *const users[] = {
	"nguyenvana", "tranthib", "lethic", "phamvand", "hoangthie",
	"vuvanf", "dangthig", "buivanh",
};

static const struct {
	const char *id, *name, *short_name;
} units[] = {
	{"vp", "Văn phòng Sở", "Văn phòng"},
	{"qlcn", "Phòng Quản lý công nghệ và Đổi mới sáng tạo",
	 "Phòng QLCN&ĐMST"},
	{"qlkh", "Phòng Quản lý khoa học", "Phòng QLKH"},
	{"tdc", "Chi cục Tiêu chuẩn Đo lường Chất lượng", "Chi cục TĐC"},
	{"ttnc", "Trung tâm Nghiên cứu, Chuyển giao Công nghệ và Đổi mới sáng"
		 " tạo", "Trung tâm NC,CGCN&ĐMST"},
	{"ttkt", "Trung tâm Kỹ thuật Tiêu chuẩn Đo lường Chất lượng",
	 "Trung tâm KT"},
	{"thanhtra", "Thanh tra Sở", "Thanh tra"},
	{"khac", "Các phòng, đơn vị thuộc Sở", "Các phòng, đơn vị"},
};
#define N_UNITS (sizeof units / sizeof units[0])

/* A growing string. */
typedef struct sbuf {
	char *s;
	size_t n, cap;
} sbuf;

static void sb_add(sbuf *b, const char *text)
{
	size_t len = strlen(text);
	if (b->n + len + 1 > b->cap) {
		size_t cap = b->cap ? b->cap * 2 : 256;
		while (cap < b->n + len + 1)
			cap *= 2;
		char *p = realloc(b->s, cap);
		if (!p)
			die("out of memory");
		b->s = p;
		b->cap = cap;
	}
	memcpy(b->s + b->n, text, len + 1);
	b->n += len;
}

/* One clause: verb, object, maybe a tail. */
static void clause(rng *r, sbuf *b)
{
	sb_add(b, PICK(r, verbs));
	sb_add(b, " ");
	sb_add(b, PICK(r, objects));
	const char *tail = PICK(r, tails);
	if (*tail) {
		sb_add(b, " ");
		sb_add(b, tail);
	}
}

/* A text of `sentences` sentences of one or two clauses each. */
static char *sentences(rng *r, int n)
{
	sbuf b = {0};
	for (int i = 0; i < n; i++) {
		if (i)
			sb_add(&b, " ");
		clause(r, &b);
		if (rng_chance(r, 40)) {
			sb_add(&b, "; ");
			/* Lower-case continuation reads like the plan's lists. */
			sbuf c = {0};
			clause(r, &c);
			sb_add(&b, c.s);
			free(c.s);
		}
		sb_add(&b, ".");
	}
	return b.s;
}

/* A target's text: one clause, no full stop. */
static char *target_text(rng *r)
{
	sbuf b = {0};
	clause(r, &b);
	return b.s;
}

/* Write a folded block scalar (">-") at the given indent, wrapped near 78
 * columns, as plan.yaml is written by hand. */
static void put_folded(FILE *fp, int indent, const char *key, const char *text)
{
	fprintf(fp, "%*s%s: >-\n", indent, "", key);
	int col = 0;
	const char *p = text;
	while (*p) {
		const char *sp = strchr(p, ' ');
		size_t w = sp ? (size_t)(sp - p) : strlen(p);
		if (col == 0) {
			fprintf(fp, "%*s", indent + 2, "");
			col = indent + 2;
		} else if (col + 1 + (int)w > 78) {
			fprintf(fp, "\n%*s", indent + 2, "");
			col = indent + 2;
		} else {
			fputc(' ', fp);
			col++;
		}
		fwrite(p, 1, w, fp);
		col += (int)w;
		p += w;
		while (*p == ' ')
			p++;
	}
	fputc('\n', fp);
}

/* ---- the plan ---- */

static const char *const month_ends[] = {
	"2024-03-31", "2024-04-30", "2024-05-31", "2024-06-30", "2024-07-31",
	"2024-08-31", "2024-09-30", "2024-10-31", "2024-11-30", "2024-12-31",
};

static void support_list(FILE *fp, rng *r, int indent, size_t lead)
{
	size_t a = rng_below(r, N_UNITS), b = rng_below(r, N_UNITS);
	if (a == lead)
		a = (a + 1) % N_UNITS;
	fprintf(fp, "%*ssupport: [%s", indent, "", units[a].id);
	if (b != lead && b != a)
		fprintf(fp, ", %s", units[b].id);
	fprintf(fp, "]\n");
}

static void write_target(FILE *fp, rng *r, size_t sec, size_t serial)
{
	char *text = target_text(r);
	fprintf(fp, "          - id: II.%zu-%s-%zu\n", sec, PICK(r, slugs),
		serial);
	int k = (int)rng_below(r, 10);
	/* Three in ten quantities, two milestones, five ongoing duties. */
	const char *kind = k < 3 ? "quantity" : k < 5 ? "milestone" : "ongoing";
	fprintf(fp, "            kind: %s\n", kind);
	put_folded(fp, 12, "text", text);
	free(text);
	if (rng_chance(r, 10))
		fprintf(fp, "            lead: %s\n",
			units[rng_below(r, N_UNITS)].id);
	if (k < 3) {
		const char *m = PICK(r, measures);
		bool whole = strcmp(m, "tấn") != 0 && strcmp(m, "ha") != 0;
		long min = rng_chance(r, 20) ? rng_range(r, 100, 5000)
					     : rng_range(r, 1, 30);
		long max = rng_chance(r, 50) ? min : min + rng_range(r, 1, 10);
		bool early = rng_chance(r, 20);
		if (early)
			fprintf(fp, "            due: 2024-11-30\n");
		fprintf(fp, "            measure: \"%s\"\n", m);
		fprintf(fp, "            min: %ld\n", min);
		if (max != min)
			fprintf(fp, "            max: %ld\n", max);
		if (!whole)
			fprintf(fp, "            whole: false\n");
		if (rng_chance(r, 35)) {
			fprintf(fp, "            checkpoints:\n");
			fprintf(fp, "              - date: 2024-06-30\n"
				    "                percent: %ld\n",
				rng_range(r, 30, 50));
			/* The second by value, when that is a whole number
			 * above the first. */
			if (min >= 10 && rng_chance(r, 50))
				fprintf(fp, "              - date: 2024-09-30\n"
					    "                value: %ld\n",
					min * rng_range(r, 60, 80) / 100);
			else if (rng_chance(r, 50))
				fprintf(fp, "              - date: 2024-09-30\n"
					    "                percent: %ld\n",
					rng_range(r, 60, 80));
		}
	} else if (k < 5) {
		fprintf(fp, "            due: %s\n", PICK(r, month_ends));
	}
}

static int gen_plan(size_t n_targets, const char *out)
{
	FILE *fp = fopen(out, "w");
	if (!fp)
		die("cannot write %s", out);
	rng r = {20240101};
	fprintf(fp,
		"# A generated plan for the benchmark: %zu targets.\n"
		"plan:\n"
		"  id: bench-%zu\n"
		"  number: \"Số: /KH-SKHCN\"\n"
		"  title: >-\n"
		"    Thực hiện Cam kết trách nhiệm của tập thể lãnh đạo và Giám"
		" đốc Sở khoa\n"
		"    học và Công nghệ với Ban Thường vụ Tỉnh ủy năm 2024\n"
		"  issuer: \"Sở Khoa học và Công nghệ tỉnh Quảng Trị\"\n"
		"  place: Quảng Trị\n"
		"  issued: \"tháng 02 năm 2024\"\n"
		"  signatory: Trần Ngọc Lâm\n"
		"  signatory_title: Giám đốc\n"
		"  year: 2024\n"
		"  start: 2024-01-01\n"
		"  end: 2024-12-31\n"
		"  language: vi\n"
		"  tolerance: 10\n\n"
		"abbreviations:\n"
		"  KH&CN: khoa học và công nghệ\n"
		"  DN: doanh nghiệp\n"
		"  ĐMST: đổi mới sáng tạo\n"
		"  CNSH: công nghệ sinh học\n"
		"  UBND: Ủy ban nhân dân\n\n"
		"units:\n",
		n_targets, n_targets);
	for (size_t i = 0; i < N_UNITS; i++)
		fprintf(fp, "  - id: %s\n    name: \"%s\"\n    short: \"%s\"\n",
			units[i].id, units[i].name, units[i].short_name);
	fprintf(fp,
		"\nperiods:\n"
		"  - id: Q1\n    label: Quý I\n    from: 2023-12-15\n"
		"    cutoff: 2024-03-14\n    deadline: 2024-03-20\n"
		"  - id: H1\n    label: 6 tháng đầu năm\n    from: 2023-12-15\n"
		"    cutoff: 2024-06-14\n    deadline: 2024-06-20\n"
		"  - id: 9T\n    label: 9 tháng\n    from: 2023-12-15\n"
		"    cutoff: 2024-09-14\n    deadline: 2024-09-20\n"
		"  - id: FY\n    label: Cả năm\n    from: 2023-12-15\n"
		"    cutoff: 2024-12-14\n    deadline: 2024-12-20\n"
		"\nsections:\n");

	/* Sections of about 20 tasks, tasks of 1 to 5 targets (3 on
	 * average), as a department's plan grows. */
	size_t made = 0, sec = 0;
	while (made < n_targets) {
		sec++;
		size_t lead = rng_below(&r, N_UNITS);
		char *title = sentences(&r, 1);
		title[strlen(title) - 1] = '\0'; /* a heading: no full stop */
		fprintf(fp, "\n  - id: II.%zu\n", sec);
		put_folded(fp, 4, "title", title);
		free(title);
		if (rng_chance(&r, 60)) {
			char *basis = sentences(&r, 1);
			put_folded(fp, 4, "basis", basis);
			free(basis);
		}
		fprintf(fp, "    lead: %s\n", units[lead].id);
		support_list(fp, &r, 4, lead);
		fprintf(fp, "    tasks:\n");
		size_t n_tasks = (size_t)rng_range(&r, 10, 30);
		for (size_t k = 1; k <= n_tasks && made < n_targets; k++) {
			fprintf(fp, "      - id: II.%zu.%zu\n", sec, k);
			if (rng_chance(&r, 50)) {
				char *t = target_text(&r);
				put_folded(fp, 8, "title", t);
				free(t);
			}
			char *text = sentences(&r, (int)rng_range(&r, 1, 4));
			put_folded(fp, 8, "text", text);
			free(text);
			if (rng_chance(&r, 15)) {
				size_t l = rng_below(&r, N_UNITS);
				fprintf(fp, "        lead: %s\n", units[l].id);
				support_list(fp, &r, 8, l);
			}
			fprintf(fp, "        targets:\n");
			size_t n = (size_t)rng_range(&r, 1, 5);
			for (size_t j = 0; j < n && made < n_targets; j++)
				write_target(fp, &r, sec, ++made);
		}
	}
	if (fclose(fp) != 0)
		die("cannot write %s", out);
	return 0;
}

static kh_plan *load(const char *path)
{
	kh_error err;
	kh_plan *plan = plan_load(path, &err);
	if (!plan) {
		char buf[1536];
		die("%s", kh_error_format(&err, buf, sizeof buf));
	}
	return plan;
}

/* ---- the database ---- */

typedef struct gen_entry {
	uint32_t target;
	int32_t as_of; /* kh_date */
	uint32_t order; /* tie-break, random */
} gen_entry;

static int by_date(const void *a, const void *b)
{
	const gen_entry *x = a, *y = b;
	if (x->as_of != y->as_of)
		return x->as_of < y->as_of ? -1 : 1;
	return x->order < y->order ? -1 : x->order > y->order;
}

static void check_sql(sqlite3 *db, int rc, const char *what)
{
	if (rc != SQLITE_OK && rc != SQLITE_DONE && rc != SQLITE_ROW)
		die("%s: %s", what, sqlite3_errmsg(db));
}

static void exec(sqlite3 *db, const char *sql)
{
	check_sql(db, sqlite3_exec(db, sql, NULL, NULL, NULL), sql);
}

/* The unit that reports: mostly the lead, sometimes a supporting one. */
static const char *reporting_unit(rng *r, const kh_target *t)
{
	if (t->n_support && rng_chance(r, 20))
		return t->support[rng_below(r, t->n_support)]->id;
	return t->lead->id;
}

static int gen_db(const char *plan_path, size_t m, const char *out)
{
	kh_plan *plan = load(plan_path);
	if (!plan->n_targets)
		die("the plan has no targets");
	remove(out);
	kh_error err;
	kh_store *s = store_open(out, true, &err);
	if (!s)
		die("%s", err.msg);
	store_close(s);

	sqlite3 *db = NULL;
	if (sqlite3_open(out, &db) != SQLITE_OK)
		die("cannot open %s", out);
	exec(db, "PRAGMA synchronous = OFF");
	exec(db, "PRAGMA cache_size = -262144");
	exec(db, "BEGIN IMMEDIATE");

	rng r = {1000003};
	gen_entry *all = xmalloc(m * sizeof *all);
	for (size_t i = 0; i < m; i++) {
		kh_date d = plan->start +
			    (kh_date)rng_below(&r, (size_t)(plan->end -
							   plan->start + 1));
		all[i] = (gen_entry){(uint32_t)rng_below(&r, plan->n_targets),
				     d, (uint32_t)rng_next(&r)};
	}
	qsort(all, m, sizeof *all, by_date);

	/* Progress is paced so that a target reaches about its plan by the
	 * end of the year, whatever the number of entries per target. */
	double per_target = (double)m / (double)plan->n_targets;
	if (per_target < 1)
		per_target = 1;
	size_t done_per_mille = (size_t)(1200 / per_target);
	/* Per target: the running cumulative value, or the stage. */
	double *value = calloc(plan->n_targets, sizeof *value);
	int *stage = calloc(plan->n_targets, sizeof *stage);
	if (!value || !stage)
		die("out of memory");

	sqlite3_stmt *ins = NULL, *ret = NULL;
	check_sql(db, sqlite3_prepare_v2(db,
		"INSERT INTO entry (target_id, kind, value, done, assessment,"
		" as_of, period, unit_id, note, entered_by, entered_at, source,"
		" flags) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11,"
		" ?12, ?13)", -1, &ins, NULL), "prepare");
	check_sql(db, sqlite3_prepare_v2(db,
		"INSERT INTO retraction (entry_id, retracted_at, retracted_by)"
		" VALUES (?1, ?2, ?3)", -1, &ret, NULL), "prepare");

	for (size_t i = 0; i < m; i++) {
		const kh_target *t = plan->targets[all[i].target];
		size_t ti = all[i].target;
		char as_of[KH_DATE_ISO_LEN], at[32], source[96];
		kh_date_iso(all[i].as_of, as_of);
		char entered[KH_DATE_ISO_LEN];
		kh_date_iso(all[i].as_of + (kh_date)rng_below(&r, 8), entered);
		snprintf(at, sizeof at, "%sT%02d:%02d:%02dZ", entered,
			 (int)rng_range(&r, 1, 10), (int)rng_below(&r, 60),
			 (int)rng_below(&r, 60));
		const kh_period *p = plan_period_for_date(plan, all[i].as_of);
		const char *unit = reporting_unit(&r, t);
		int src = (int)rng_below(&r, 10);
		if (src < 5)
			snprintf(source, sizeof source, "tui");
		else if (src < 8)
			snprintf(source, sizeof source, "cli");
		else
			snprintf(source, sizeof source,
				 "import:bao-cao-%s-%s.csv:%d",
				 p ? p->id : "ky", unit,
				 (int)rng_range(&r, 2, 400));

		sqlite3_reset(ins);
		sqlite3_clear_bindings(ins);
		sqlite3_bind_text(ins, 1, t->id, -1, SQLITE_STATIC);
		sqlite3_bind_text(ins, 2, kh_kind_name(t->kind), -1,
				  SQLITE_STATIC);
		if (t->kind == KH_KIND_QUANTITY) {
			/* Cumulative: grows towards a little over the plan. */
			double step = t->max * (double)rng_range(&r, 0, 200) /
				      100 / per_target;
			if (t->whole)
				step = floor(step) + (rng_chance(&r, 30) ? 1 : 0);
			else
				step = round(step * 10) / 10;
			if (value[ti] + step <= t->max * 1.2)
				value[ti] += step;
			sqlite3_bind_double(ins, 3, value[ti]);
		} else if (t->kind == KH_KIND_MILESTONE) {
			if (stage[ti] == 0 && rng_below(&r, 1000) < done_per_mille)
				stage[ti] = 1;
			sqlite3_bind_int(ins, 4, stage[ti]);
		} else {
			if (stage[ti] < 2 &&
			    rng_below(&r, 1000) <
				    (stage[ti] ? done_per_mille : 300))
				stage[ti]++;
			kh_assessment a = stage[ti] == 0   ? KH_ASSESS_NOT_STARTED
					  : stage[ti] == 1 ? KH_ASSESS_IN_PROGRESS
							   : KH_ASSESS_COMPLETED;
			sqlite3_bind_text(ins, 5, kh_assessment_id(a), -1,
					  SQLITE_STATIC);
		}
		sqlite3_bind_text(ins, 6, as_of, -1, SQLITE_TRANSIENT);
		if (p)
			sqlite3_bind_text(ins, 7, p->id, -1, SQLITE_STATIC);
		sqlite3_bind_text(ins, 8, unit, -1, SQLITE_STATIC);
		sqlite3_bind_text(ins, 9, rng_chance(&r, 25) ? PICK(&r, notes)
							     : "",
				  -1, SQLITE_STATIC);
		const char *who = PICK(&r, users);
		sqlite3_bind_text(ins, 10, who, -1, SQLITE_STATIC);
		sqlite3_bind_text(ins, 11, at, -1, SQLITE_TRANSIENT);
		sqlite3_bind_text(ins, 12, source, -1, SQLITE_TRANSIENT);
		sqlite3_bind_int(ins, 13, 0);
		check_sql(db, sqlite3_step(ins), "insert entry");

		/* One in two hundred is taken back the next day. */
		if (rng_chance(&r, 1) && rng_chance(&r, 50)) {
			char rat[32];
			kh_date_iso(all[i].as_of + 8, entered);
			snprintf(rat, sizeof rat, "%sT09:00:00Z", entered);
			sqlite3_reset(ret);
			sqlite3_bind_int64(ret, 1, sqlite3_last_insert_rowid(db));
			sqlite3_bind_text(ret, 2, rat, -1, SQLITE_TRANSIENT);
			sqlite3_bind_text(ret, 3, who, -1, SQLITE_STATIC);
			check_sql(db, sqlite3_step(ret), "insert retraction");
		}
	}
	sqlite3_finalize(ins);
	sqlite3_finalize(ret);
	exec(db, "COMMIT");
	exec(db, "PRAGMA wal_checkpoint(TRUNCATE)");
	sqlite3_close(db);
	free(all);
	free(value);
	free(stage);
	plan_free(plan);
	return 0;
}

/* ---- the import CSV: a unit's template, filled in ---- */

static void csv_field(FILE *fp, const char *s)
{
	if (!strpbrk(s, ";\"\r\n")) {
		fputs(s, fp);
		return;
	}
	fputc('"', fp);
	for (; *s; s++) {
		if (*s == '"')
			fputc('"', fp);
		fputc(*s, fp);
	}
	fputc('"', fp);
}

static int gen_csv(const char *plan_path, size_t rows, const char *out)
{
	kh_plan *plan = load(plan_path);
	FILE *fp = fopen(out, "w");
	if (!fp)
		die("cannot write %s", out);
	rng r = {77};
	fputs("\xEF\xBB\xBFtarget_id;value;as_of;unit;assessment;note;section;"
	      "task;target;plan;measure;lead\r\n", fp);
	for (size_t i = 0; i < rows && i < plan->n_targets; i++) {
		const kh_target *t = plan->targets[i];
		char value[64] = "", plan_text[64] = "";
		const char *assessment = "";
		if (t->kind == KH_KIND_QUANTITY) {
			/* A little over the plan's maximum: never lower than
			 * a figure the generated database holds (at most 1.2
			 * times it), so the file imports into it as well as
			 * into an empty one. */
			double v = t->max * (double)rng_range(&r, 125, 140) / 100;
			v = t->whole ? ceil(v) : round(v * 10 + 0.5) / 10;
			kh_number_text(v, value, sizeof value);
			/* Spreadsheets in Vietnam write a decimal comma. */
			char *dot = strchr(value, '.');
			if (dot)
				*dot = ',';
			snprintf(plan_text, sizeof plan_text, "%g–%g", t->min,
				 t->max);
		} else if (t->kind == KH_KIND_MILESTONE) {
			snprintf(value, sizeof value, "%s",
				 rng_chance(&r, 40) ? "done" : "not-done");
		} else {
			assessment = rng_chance(&r, 30) ? "Hoàn thành"
							: "Đang thực hiện";
		}
		fprintf(fp, "%s;%s;14/06/2024;%s;%s;", t->id, value,
			t->lead->id, assessment);
		csv_field(fp, rng_chance(&r, 20) ? PICK(&r, notes) : "");
		fputc(';', fp);
		csv_field(fp, t->task->section->id);
		fputc(';', fp);
		csv_field(fp, t->task->id);
		fputc(';', fp);
		csv_field(fp, t->text);
		fprintf(fp, ";%s;", plan_text);
		csv_field(fp, t->measure ? t->measure : "");
		fprintf(fp, ";%s\r\n", t->lead->short_name);
	}
	if (fclose(fp) != 0)
		die("cannot write %s", out);
	plan_free(plan);
	return 0;
}

static size_t count_arg(const char *s)
{
	char *end;
	unsigned long long n = strtoull(s, &end, 10);
	if (!*s || *end || n == 0)
		die("not a count: %s", s);
	return (size_t)n;
}

/* A new database with the schema and nothing in it. */
static int gen_empty(const char *out)
{
	remove(out);
	kh_error err;
	kh_store *s = store_open(out, true, &err);
	if (!s)
		die("%s", err.msg);
	store_close(s);
	return 0;
}

int main(int argc, char **argv)
{
	if (argc == 2 && strcmp(argv[1], "schema") == 0) {
		printf("%d\n", KH_STORE_SCHEMA_VERSION);
		return 0;
	}
	if (argc == 3 && strcmp(argv[1], "empty") == 0)
		return gen_empty(argv[2]);
	if (argc == 4 && strcmp(argv[1], "plan") == 0)
		return gen_plan(count_arg(argv[2]), argv[3]);
	if (argc == 5 && strcmp(argv[1], "db") == 0)
		return gen_db(argv[2], count_arg(argv[3]), argv[4]);
	if (argc == 5 && strcmp(argv[1], "csv") == 0)
		return gen_csv(argv[2], count_arg(argv[3]), argv[4]);
	fprintf(stderr, "usage: bench_gen plan N OUT.yaml\n"
			"       bench_gen db PLAN.yaml M OUT.db\n"
			"       bench_gen csv PLAN.yaml ROWS OUT.csv\n"
			"       bench_gen empty OUT.db\n"
			"       bench_gen schema\n");
	return 2;
}
