/* The consolidated report of a period ("báo cáo kết quả thực hiện kế
 * hoạch"): one row per section, task and target — No. (TT), task / target,
 * measure, plan, in period, cumulative, progress %, lead unit, assessment,
 * note — then a summary: counts by status, what is behind and by how
 * much, who has not reported, flagged and late figures, reopenings.
 *
 * It is written in the language in use (lang.h): headings and sentences
 * translated, numbers with a decimal comma in Vietnamese, dates dd/mm/yyyy
 * in both. */
#ifndef KEHOACH_REPORT_H
#define KEHOACH_REPORT_H

#include <stdbool.h>
#include <stdio.h>

#include "kehoach/date.h"
#include "kehoach/error.h"
#include "kehoach/plan.h"
#include "kehoach/store.h"

typedef enum kh_report_format {
	KH_REPORT_MD,   /* Markdown */
	KH_REPORT_TXT,  /* plain text for a terminal (80 columns wide) */
	KH_REPORT_CSV,  /* for Excel/LibreOffice: BOM, CRLF; ';' and a decimal
			 * comma in Vietnamese, ',' and '.' in English */
	KH_REPORT_XLSX, /* libxlsxwriter, when built with it */
} kh_report_format;

/* "md", "txt", "csv", "xlsx" -> format; false if unknown. */
bool kh_report_format_parse(const char *name, kh_report_format *out);

/* Was this build made with libxlsxwriter? */
bool report_xlsx_available(void);

/* Write the report of `period` (judged as of its cut-off; reports missing
 * when their deadline is before `today`) in md, txt or csv to out.  ascii:
 * fold the text to ASCII (txt to a non-UTF-8 terminal).  KH_EUSAGE for
 * xlsx (use report_write_xlsx). */
kh_rc report_write(FILE *out, const kh_plan *plan, kh_store *store,
		   const kh_period *period, kh_date today,
		   kh_report_format format, bool ascii, kh_error *err);

/* Write the report as an XLSX workbook at path (A4 landscape, repeated
 * header row, wrapped text, bold section rows).  KH_EUSAGE when built
 * without libxlsxwriter; KH_EIO when the file cannot be written. */
kh_rc report_write_xlsx(const char *path, const kh_plan *plan,
			kh_store *store, const kh_period *period,
			kh_date today, kh_error *err);

/* The Markdown report as a new string (kept in the database when the
 * period is closed); NULL with err on failure. */
char *report_markdown(const kh_plan *plan, kh_store *store,
		      const kh_period *period, kh_date today, kh_error *err);

#endif
