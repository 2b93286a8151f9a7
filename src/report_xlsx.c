/* The consolidated report as an XLSX workbook (libxlsxwriter), laid out to
 * print: A4 landscape, one page wide, the header row on every page.  Built
 * only when libxlsxwriter is found (KH_HAVE_XLSX). */
#include "kehoach/report.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <xlsxwriter.h>

#include "kehoach/i18n.h"
#include "kehoach/text.h"
#include "report_impl.h"
#include "utf8_cut.h"

#define PAPER_A4 9
#define LINE_HEIGHT 15.0 /* points per line of the default 11 pt font */
#define MAX_CELL 32000	 /* Excel refuses strings over 32767 characters */
#define LAST_COL (RPT_NCOLS - 1)

/* Column widths in characters: TT narrow, the text wide, the rest 10-18. */
static const double col_width[RPT_NCOLS] = {
	[RPT_TT] = 6,	 [RPT_TEXT] = 60,   [RPT_MEASURE] = 10,
	[RPT_PLAN] = 18, [RPT_PERIOD] = 14, [RPT_CUMUL] = 12,
	[RPT_RATE] = 10, [RPT_LEAD] = 18,   [RPT_STATUS] = 16,
	[RPT_NOTE] = 18,
};

struct xl {
	lxw_workbook *wb;
	lxw_worksheet *ws;
	lxw_format *title, *line, *bold_line, *head, *cell, *number, *section,
		*section_number;
	lxw_row_t row;
};

/* Lines s takes wrapped in a column cols characters wide (at least 1). */
static size_t lines_in(const char *s, double cols)
{
	size_t n = text_wrap(s, (int)cols - 1, NULL, NULL);
	return n ? n : 1;
}

static double total_width(void)
{
	double w = 0;
	for (int c = 0; c < RPT_NCOLS; c++)
		w += col_width[c];
	return w;
}

/* A copy of s short enough for a cell, cut at a character boundary. */
static const char *fit_cell(const char *s, char **copy)
{
	*copy = NULL;
	if (strlen(s) <= MAX_CELL)
		return s;
	*copy = strndup(s, utf8_prefix(s, MAX_CELL));
	return *copy ? *copy : "";
}

static void put_string(struct xl *x, lxw_col_t col, const char *s,
		       lxw_format *f)
{
	char *copy;
	/* A string cell is never a formula: "=cmd" stays text. */
	worksheet_write_string(x->ws, x->row, col, fit_cell(s, &copy), f);
	free(copy);
}

/* One line across the whole width of the table. */
static void put_line(struct xl *x, const char *s, lxw_format *f)
{
	char *copy;
	worksheet_merge_range(x->ws, x->row, 0, x->row, LAST_COL,
			      fit_cell(s, &copy), f);
	free(copy);
	size_t n = lines_in(s, total_width() * 0.9);
	worksheet_set_row(x->ws, x->row, LINE_HEIGHT * (double)n, NULL);
	x->row++;
}

static bool make_formats(struct xl *x)
{
	lxw_workbook *wb = x->wb;
	x->title = workbook_add_format(wb);
	x->line = workbook_add_format(wb);
	x->bold_line = workbook_add_format(wb);
	x->head = workbook_add_format(wb);
	x->cell = workbook_add_format(wb);
	x->number = workbook_add_format(wb);
	x->section = workbook_add_format(wb);
	x->section_number = workbook_add_format(wb);
	if (!x->title || !x->line || !x->bold_line || !x->head || !x->cell ||
	    !x->number || !x->section || !x->section_number)
		return false;
	format_set_bold(x->title);
	format_set_font_size(x->title, 14);
	format_set_align(x->title, LXW_ALIGN_CENTER);
	format_set_text_wrap(x->line);
	format_set_align(x->line, LXW_ALIGN_VERTICAL_TOP);
	format_set_bold(x->bold_line);
	format_set_text_wrap(x->bold_line);
	lxw_format *boxed[] = {x->head, x->cell, x->number, x->section,
			       x->section_number};
	for (size_t i = 0; i < sizeof boxed / sizeof boxed[0]; i++) {
		format_set_border(boxed[i], LXW_BORDER_THIN);
		format_set_text_wrap(boxed[i]);
		format_set_align(boxed[i], LXW_ALIGN_VERTICAL_TOP);
	}
	format_set_bold(x->head);
	format_set_align(x->head, LXW_ALIGN_CENTER);
	format_set_align(x->head, LXW_ALIGN_VERTICAL_CENTER);
	format_set_bg_color(x->head, 0xD9D9D9);
	format_set_bold(x->section);
	format_set_bold(x->section_number);
	format_set_bg_color(x->section, 0xF2F2F2);
	format_set_bg_color(x->section_number, 0xF2F2F2);
	format_set_align(x->number, LXW_ALIGN_RIGHT);
	format_set_align(x->section_number, LXW_ALIGN_RIGHT);
	return true;
}

static void put_table(struct xl *x, const rpt_model *m)
{
	lxw_row_t head = x->row;
	size_t n = 1;
	for (int c = 0; c < RPT_NCOLS; c++) {
		const char *name = rpt_col_name(c);
		put_string(x, (lxw_col_t)c, name, x->head);
		size_t k = lines_in(name, col_width[c]);
		n = k > n ? k : n;
	}
	worksheet_set_row(x->ws, x->row++, LINE_HEIGHT * (double)n, NULL);
	worksheet_repeat_rows(x->ws, head, head);
	worksheet_freeze_panes(x->ws, head + 1, 0);
	for (size_t i = 0; i < m->n_rows; i++) {
		const rpt_row *r = &m->rows[i];
		bool sec = r->level == RPT_SECTION;
		n = 1;
		for (int c = 0; c < RPT_NCOLS; c++) {
			lxw_col_t col = (lxw_col_t)c;
			if (r->numeric[c])
				worksheet_write_number(
					x->ws, x->row, col, r->num[c],
					sec ? x->section_number : x->number);
			else
				put_string(x, col, r->cell[c],
					   sec ? x->section : x->cell);
			size_t k = lines_in(r->cell[c], col_width[c]);
			n = k > n ? k : n;
		}
		/* Set the height: not every program sizes wrapped rows. */
		worksheet_set_row(x->ws, x->row++, LINE_HEIGHT * (double)n,
				  NULL);
	}
}

static void put_summary(struct xl *x, const rpt_model *m)
{
	x->row++;
	put_line(x, _("SUMMARY"), x->bold_line);
	for (size_t i = 0; i < m->n_blocks; i++) {
		const rpt_block *k = &m->blocks[i];
		x->row++;
		put_line(x, k->title, x->bold_line);
		for (size_t j = 0; j < k->n_items; j++)
			put_line(x, k->items[j], x->line);
	}
}

static void page_setup(lxw_worksheet *ws)
{
	for (int c = 0; c < RPT_NCOLS; c++)
		worksheet_set_column(ws, (lxw_col_t)c, (lxw_col_t)c,
				     col_width[c], NULL);
	worksheet_set_landscape(ws);
	worksheet_set_paper(ws, PAPER_A4);
	worksheet_fit_to_pages(ws, 1, 0);
	worksheet_set_margins(ws, 0.4, 0.4, 0.6, 0.6);
	/* TRANSLATORS: the printed page's footer: "&C" centres it, "&P" is
	 * the page number and "&N" the number of pages; keep all three. */
	worksheet_set_footer(ws, _("&CPage &P/&N"));
}

kh_rc report_write_xlsx(const char *path, const kh_plan *plan, kh_store *store,
			const kh_period *period, kh_date today, kh_error *err)
{
	if (!period)
		return kh_error_set(err, KH_EUSAGE, "%s",
				    _("no period to report on"));
	/* Find out now, with a clear message, whether the file can be made:
	 * libxlsxwriter only opens it at the end, and prints its errors. */
	FILE *probe = fopen(path, "wb");
	if (!probe)
		return kh_error_set(err, KH_EIO, _("cannot create %s: %s"),
				    path, strerror(errno));
	fclose(probe);
	rpt_model *m = rpt_model_build(plan, store, period, today, false, err);
	if (!m) {
		remove(path);
		return err ? err->code : KH_ENOMEM;
	}
	struct xl x = {0};
	/* Its scratch files go where the user keeps temporary files. */
	char *tmpdir = getenv("TMPDIR");
	lxw_workbook_options opts = {.tmpdir =
					     tmpdir && *tmpdir ? tmpdir : NULL};
	x.wb = workbook_new_opt(path, &opts);
	/* TRANSLATORS: the worksheet's name (at most 31 characters, none of
	 * []:*?/\) */
	x.ws = x.wb ? workbook_add_worksheet(x.wb, _("Report")) : NULL;
	if (!x.ws || !make_formats(&x)) {
		if (x.wb)
			workbook_close(x.wb);
		rpt_model_free(m);
		remove(path);
		return kh_error_set(err, KH_ENOMEM, "%s", _("out of memory"));
	}
	page_setup(x.ws);
	put_line(&x, m->title, x.title);
	worksheet_set_row(x.ws, 0, 22, NULL); /* the 14 pt title */
	for (size_t i = 0; i < m->n_head; i++) {
		const rpt_field *h = &m->head[i];
		size_t need = (h->label ? strlen(h->label) + 2 : 0) +
			      strlen(h->value) + 1;
		char *s = malloc(need);
		if (s) {
			snprintf(s, need, "%s%s%s", h->label ? h->label : "",
				 h->label ? ": " : "", h->value);
			put_line(&x, s, x.line);
		}
		free(s);
	}
	x.row++;
	put_table(&x, m);
	put_summary(&x, m);
	rpt_model_free(m);
	lxw_error rc = workbook_close(x.wb);
	if (rc != LXW_NO_ERROR) {
		remove(path);
		return kh_error_set(err, KH_EIO, _("could not write %s: %s"),
				    path, lxw_strerror(rc));
	}
	return KH_OK;
}
