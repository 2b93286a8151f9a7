/* The words of one tree row, apart from drawing them: status mark, the
 * open/closed sign, the label, the figure against the plan, the progress.
 * Pure functions, tested without a terminal. */
#ifndef KEHOACH_UI_ROWFMT_H
#define KEHOACH_UI_ROWFMT_H

#include <stdbool.h>
#include <stddef.h>

#include "outline.h"

typedef struct row_parts {
	kh_state state;
	const char *mark;   /* sched_state_mark() */
	const char *sign;   /* "▾" open, "▸" closed ("-"/"+" in ASCII), "" */
	const char *id;     /* section/task id; NULL for targets */
	const char *label;  /* title or target text (plan text: draw safely) */
	char figure[96];    /* "13 / 30 tấn", "1 / 2–5 DN", "done", "2 behind" */
	double progress;    /* percent (may pass 100); < 0: no bar */
} row_parts;

/* Fill the parts of a node's row. */
void rowfmt_parts(const outline *o, size_t node, bool ascii, row_parts *out);

/* A measure shortened by the plan's abbreviations ("doanh nghiệp" ->
 * "DN"), else the measure itself.  Not a copy: points into the plan. */
const char *rowfmt_measure(const kh_plan *plan, const char *measure);

/* A progress bar of exactly cols columns: filled cells for percent (capped
 * at 100), "█"/"░" or "#"/"." in ASCII.  Returns buf. */
char *rowfmt_bar(double percent, int cols, bool ascii, char *buf,
		 size_t size);

#endif
