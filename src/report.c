/* The consolidated report in Markdown, plain text and CSV; the XLSX writer
 * is report_xlsx.c.  What the report says is decided once, in
 * report_model.c: the writers here only lay it out. */
#include "kehoach/report.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "config.h"
#include "kehoach/i18n.h"
#include "kehoach/lang.h"
#include "kehoach/out.h"
#include "kehoach/text.h"
#include "report_impl.h"
#include "strbuf.h"

/* Fits an 80-column terminal and the preview dialog inside it. */
#define TXT_WIDTH 76

bool kh_report_format_parse(const char *name, kh_report_format *out)
{
	static const struct {
		const char *name;
		kh_report_format format;
	} names[] = {
		{"md", KH_REPORT_MD},
		{"txt", KH_REPORT_TXT},
		{"csv", KH_REPORT_CSV},
		{"xlsx", KH_REPORT_XLSX},
	};
	if (!name)
		return false;
	for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
		if (strcasecmp(name, names[i].name) == 0) {
			*out = names[i].format;
			return true;
		}
	return false;
}

bool report_xlsx_available(void)
{
#ifdef KH_HAVE_XLSX
	return true;
#else
	return false;
#endif
}

#ifndef KH_HAVE_XLSX
kh_rc report_write_xlsx(const char *path, const kh_plan *plan, kh_store *store,
			const kh_period *period, kh_date today, kh_error *err)
{
	(void)path;
	(void)plan;
	(void)store;
	(void)period;
	(void)today;
	return kh_error_set(err, KH_EUSAGE, "%s",
			    _("this kehoach was built without XLSX support "
			      "(libxlsxwriter); use CSV instead"));
}
#endif

/* ---- Markdown ------------------------------------------------------------ */

/* A table cell: '|' and '\' escaped so a cell never splits, optionally
 * bold. */
static void md_cell(FILE *fp, const char *s, bool bold, bool ascii)
{
	kh_strbuf b = {0};
	bool strong = bold && s[0];
	if (strong)
		strbuf_add(&b, "**", 2);
	for (const char *p = s; *p; p++) {
		if (*p == '|' || *p == '\\')
			strbuf_add(&b, "\\", 1);
		strbuf_add(&b, p, 1);
	}
	if (strong)
		strbuf_add(&b, "**", 2);
	char *cell = strbuf_done(&b);
	fputc(' ', fp);
	out_text(fp, cell ? cell : "", false, ascii);
	fputs(" |", fp);
	free(cell);
}

static void write_md(FILE *fp, const rpt_model *m, bool ascii)
{
	fputs("# ", fp);
	out_text(fp, m->title, false, ascii);
	fputs("\n\n", fp);
	for (size_t i = 0; i < m->n_head; i++) {
		fputs("- ", fp);
		if (m->head[i].label) {
			fputs("**", fp);
			out_text(fp, m->head[i].label, false, ascii);
			fputs(":** ", fp);
		}
		out_text(fp, m->head[i].value, false, ascii);
		fputc('\n', fp);
	}
	fputs("\n|", fp);
	for (int c = 0; c < RPT_NCOLS; c++)
		md_cell(fp, rpt_col_name(c), false, ascii);
	fputs("\n|", fp);
	for (int c = 0; c < RPT_NCOLS; c++) {
		bool right = c == RPT_PERIOD || c == RPT_CUMUL || c == RPT_RATE;
		fputs(right ? "--:|" : ":--|", fp);
	}
	fputc('\n', fp);
	for (size_t i = 0; i < m->n_rows; i++) {
		const rpt_row *r = &m->rows[i];
		fputc('|', fp);
		for (int c = 0; c < RPT_NCOLS; c++)
			md_cell(fp, r->cell[c], r->level == RPT_SECTION, ascii);
		fputc('\n', fp);
	}
	fputs("\n## ", fp);
	out_text(fp, _("Summary"), false, ascii);
	fputc('\n', fp);
	for (size_t i = 0; i < m->n_blocks; i++) {
		const rpt_block *k = &m->blocks[i];
		fputs("\n### ", fp);
		out_text(fp, k->title, false, ascii);
		fputs("\n\n", fp);
		for (size_t j = 0; j < k->n_items; j++) {
			fputs("- ", fp);
			out_text(fp, k->items[j], false, ascii);
			fputc('\n', fp);
		}
	}
}

/* ---- plain text ---------------------------------------------------------- */

static void spaces(FILE *fp, int n)
{
	for (int i = 0; i < n; i++)
		fputc(' ', fp);
}

/* label and text wrapped to TXT_WIDTH: the first line starts at indent
 * with the label, the others hang under the text. */
static void txt_para(FILE *fp, int indent, const char *label, const char *text,
		     bool ascii)
{
	char *l = ascii ? text_ascii(label) : text_sanitize(label, false);
	char *t = ascii ? text_ascii(text) : text_sanitize(text, false);
	if (!l || !t) {
		free(l);
		free(t);
		return;
	}
	int hang = indent + text_width(l);
	int cols = TXT_WIDTH - hang < 20 ? 20 : TXT_WIDTH - hang;
	size_t *start = NULL, *len = NULL;
	size_t n = text_wrap(t, cols, &start, &len);
	for (size_t i = 0; i < (n ? n : 1); i++) {
		if (i == 0) {
			spaces(fp, indent);
			out_text(fp, l, false, false);
		} else {
			spaces(fp, hang);
		}
		if (n) {
			char *line = strndup(t + start[i], len[i]);
			out_text(fp, line, false, false);
			free(line);
		}
		fputc('\n', fp);
	}
	free(start);
	free(len);
	free(l);
	free(t);
}

static void add_str(kh_strbuf *b, const char *s)
{
	strbuf_add(b, s, strlen(s));
}

/* "Name: value" into b, with "; " between parts; measure after figures. */
static void add_part(kh_strbuf *b, const char *name, const char *value,
		     const char *measure)
{
	if (!value[0])
		return;
	if (b->len)
		add_str(b, "; ");
	add_str(b, name);
	add_str(b, ": ");
	add_str(b, value);
	if (measure && measure[0] && strcmp(value, "–") != 0) {
		add_str(b, " ");
		add_str(b, measure);
	}
}

static void txt_line(FILE *fp, int indent, kh_strbuf *b, bool ascii)
{
	char *s = strbuf_done(b);
	if (s && s[0])
		txt_para(fp, indent, "", s, ascii);
	free(s);
	memset(b, 0, sizeof *b);
}

static void txt_row(FILE *fp, const rpt_row *r, bool ascii)
{
	static const int indent[] = {
		[RPT_SECTION] = 0,
		[RPT_TASK] = 2,
		[RPT_TARGET] = 4,
	};
	static const char *const after[] = {
		[RPT_SECTION] = "  ",
		[RPT_TASK] = ". ",
		[RPT_TARGET] = ") ",
	};
	char label[64];
	snprintf(label, sizeof label, "%s%s", r->cell[RPT_TT], after[r->level]);
	if (r->level == RPT_SECTION)
		fputc('\n', fp);
	txt_para(fp, indent[r->level], label, r->cell[RPT_TEXT], ascii);
	char *l = ascii ? text_ascii(label) : text_sanitize(label, false);
	int hang = indent[r->level] + (l ? text_width(l) : 0);
	free(l);
	kh_strbuf b = {0};
	if (r->level == RPT_TARGET) {
		const char *m = r->cell[RPT_MEASURE];
		add_part(&b, _("Plan"), r->cell[RPT_PLAN], m);
		add_part(&b, _("In period"), r->cell[RPT_PERIOD],
			 r->numeric[RPT_PERIOD] ? m : NULL);
		add_part(&b, _("Cumulative"), r->cell[RPT_CUMUL],
			 r->numeric[RPT_CUMUL] ? m : NULL);
		/* TRANSLATORS: "Progress: 43 %" in the text report */
		add_part(&b, _("Progress"), r->cell[RPT_RATE],
			 r->numeric[RPT_RATE] ? "%" : NULL);
		txt_line(fp, hang, &b, ascii);
	}
	/* TRANSLATORS: the unit leading a row, in the text report */
	add_part(&b, _("Lead"), r->cell[RPT_LEAD], NULL);
	add_part(&b, _("Assessment"), r->cell[RPT_STATUS], NULL);
	txt_line(fp, hang, &b, ascii);
	add_part(&b, _("Note"), r->cell[RPT_NOTE], NULL);
	txt_line(fp, hang, &b, ascii);
}

/* A title and a rule of its width under it. */
static void txt_title(FILE *fp, const char *title, char rule, bool ascii)
{
	char *t = ascii ? text_ascii(title) : text_sanitize(title, false);
	if (!t)
		return;
	out_text(fp, t, false, false);
	fputc('\n', fp);
	int w = text_width(t);
	for (int i = 0; i < w && i < TXT_WIDTH; i++)
		fputc(rule, fp);
	fputc('\n', fp);
	free(t);
}

static void write_txt(FILE *fp, const rpt_model *m, bool ascii)
{
	txt_title(fp, m->title, '=', ascii);
	for (size_t i = 0; i < m->n_head; i++) {
		char label[160] = "";
		if (m->head[i].label)
			snprintf(label, sizeof label, "%s: ", m->head[i].label);
		txt_para(fp, 0, label, m->head[i].value, ascii);
	}
	for (size_t i = 0; i < m->n_rows; i++)
		txt_row(fp, &m->rows[i], ascii);
	fputc('\n', fp);
	txt_title(fp, _("SUMMARY"), '=', ascii);
	for (size_t i = 0; i < m->n_blocks; i++) {
		const rpt_block *k = &m->blocks[i];
		fputc('\n', fp);
		txt_title(fp, k->title, '-', ascii);
		for (size_t j = 0; j < k->n_items; j++)
			txt_para(fp, 2, "- ", k->items[j], ascii);
	}
}

/* ---- CSV ----------------------------------------------------------------- */

/* The separator Excel expects where the report is read: ';' with the
 * decimal comma of a Vietnamese office, ',' with an English decimal
 * point. */
static char csv_sep(void)
{
	return lang_current() == KH_LANG_VI ? ';' : ',';
}

static void csv_line(FILE *fp, const char *s)
{
	out_csv_field(fp, s, csv_sep());
	fputs("\r\n", fp);
}

static void write_csv(FILE *fp, const rpt_model *m)
{
	char sep = csv_sep();
	fputs("\xEF\xBB\xBF", fp); /* so Excel reads UTF-8 */
	for (int c = 0; c < RPT_NCOLS; c++) {
		if (c)
			fputc(sep, fp);
		out_csv_field(fp, rpt_col_name(c), sep);
	}
	fputs("\r\n", fp);
	for (size_t i = 0; i < m->n_rows; i++) {
		for (int c = 0; c < RPT_NCOLS; c++) {
			if (c)
				fputc(sep, fp);
			out_csv_field(fp, m->rows[i].cell[c], sep);
		}
		fputs("\r\n", fp);
	}
	fputs("\r\n", fp);
	csv_line(fp, m->title);
	for (size_t i = 0; i < m->n_head; i++) {
		kh_strbuf b = {0};
		if (m->head[i].label) {
			add_str(&b, m->head[i].label);
			add_str(&b, ": ");
		}
		add_str(&b, m->head[i].value);
		char *line = strbuf_done(&b);
		csv_line(fp, line ? line : "");
		free(line);
	}
	for (size_t i = 0; i < m->n_blocks; i++) {
		fputs("\r\n", fp);
		csv_line(fp, m->blocks[i].title);
		for (size_t j = 0; j < m->blocks[i].n_items; j++)
			csv_line(fp, m->blocks[i].items[j]);
	}
}

/* ---- entry points -------------------------------------------------------- */

/* report_write, or the report kept as the period closes (closing). */
static kh_rc write_report(FILE *out, const kh_plan *plan, kh_store *store,
			  const kh_period *period, kh_date today,
			  kh_report_format format, bool ascii, bool closing,
			  kh_error *err)
{
	if (format == KH_REPORT_XLSX)
		return kh_error_set(err, KH_EUSAGE, "%s",
				    _("an XLSX report is written to a file, "
				      "not a stream"));
	if (!period)
		return kh_error_set(err, KH_EUSAGE, "%s",
				    _("no period to report on"));
	rpt_model *m =
		rpt_model_build(plan, store, period, today, closing, err);
	if (!m)
		return err ? err->code : KH_ENOMEM;
	switch (format) {
	case KH_REPORT_MD: write_md(out, m, ascii); break;
	case KH_REPORT_TXT: write_txt(out, m, ascii); break;
	case KH_REPORT_CSV:
	case KH_REPORT_XLSX: write_csv(out, m); break;
	}
	rpt_model_free(m);
	if (ferror(out))
		return kh_error_set(err, KH_EIO, "%s",
				    _("could not write the report"));
	return KH_OK;
}

kh_rc report_write(FILE *out, const kh_plan *plan, kh_store *store,
		   const kh_period *period, kh_date today,
		   kh_report_format format, bool ascii, kh_error *err)
{
	return write_report(out, plan, store, period, today, format, ascii,
			    false, err);
}

/* Only closing keeps this text: it says it is the closed report. */
char *report_markdown(const kh_plan *plan, kh_store *store,
		      const kh_period *period, kh_date today, kh_error *err)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *fp = open_memstream(&buf, &len);
	if (!fp) {
		kh_error_set(err, KH_ENOMEM, "%s", _("out of memory"));
		return NULL;
	}
	kh_rc rc = write_report(fp, plan, store, period, today, KH_REPORT_MD,
				false, true, err);
	if (fclose(fp) != 0 && rc == KH_OK)
		rc = kh_error_set(err, KH_ENOMEM, "%s", _("out of memory"));
	if (rc != KH_OK) {
		free(buf);
		return NULL;
	}
	return buf;
}
