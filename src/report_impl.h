/* The consolidated report as data (private to report*.c): the heading, the
 * rows of the table and the summary, built once from the period's view, in
 * the language in use (lang.h), and written out by each format.  Every string is already sanitised (one line,
 * no control characters, NFC); the writers still pass them through out.h or
 * their own escaping on the way out. */
#ifndef KEHOACH_REPORT_IMPL_H
#define KEHOACH_REPORT_IMPL_H

#include <stdbool.h>
#include <stddef.h>

#include "kehoach/date.h"
#include "kehoach/error.h"
#include "kehoach/plan.h"
#include "kehoach/store.h"

/* The table's columns, in order. */
enum rpt_col {
	RPT_TT,
	RPT_TEXT,
	RPT_MEASURE,
	RPT_PLAN,
	RPT_PERIOD,
	RPT_CUMUL,
	RPT_RATE,
	RPT_LEAD,
	RPT_STATUS,
	RPT_NOTE,
	RPT_NCOLS
};

/* Column headings in English ("No.", "Task / target", ... "Note"), for
 * gettext; rpt_col_name gives the one to show, in the language in use. */
extern const char *const rpt_col_names[RPT_NCOLS];

const char *rpt_col_name(enum rpt_col c);

typedef enum rpt_level {
	RPT_SECTION,
	RPT_TASK,
	RPT_TARGET,
} rpt_level;

typedef struct rpt_row {
	rpt_level level;
	char *cell[RPT_NCOLS];   /* never NULL once built ("" when empty) */
	bool numeric[RPT_NCOLS]; /* the cell shows num[] (for spreadsheets) */
	double num[RPT_NCOLS];
} rpt_row;

/* One line of the heading: "label: value", or the value alone when label
 * is NULL. */
typedef struct rpt_field {
	char *label;
	char *value;
} rpt_field;

/* A part of the summary: a title and its lines. */
typedef struct rpt_block {
	char *title;
	char **items;
	size_t n_items;
} rpt_block;

typedef struct rpt_model {
	const char *title;       /* "PLAN IMPLEMENTATION REPORT", translated */
	rpt_field *head;
	size_t n_head;
	rpt_row *rows;
	size_t n_rows;
	rpt_block *blocks;
	size_t n_blocks;
} rpt_model;

/* Build the report of a period (see report.h for the arguments).  closing:
 * the report is the one kept as the period is closed, and says so rather
 * than "draft".  NULL on failure with err filled. */
rpt_model *rpt_model_build(const kh_plan *plan, kh_store *store,
			   const kh_period *period, kh_date today,
			   bool closing, kh_error *err);

void rpt_model_free(rpt_model *m);

/* A number for people, at most two decimals, in the language in use:
 * "12,5" in Vietnamese, "12.5" in English.  Returns buf. */
char *rpt_number(double v, char *buf, size_t size);

#endif
