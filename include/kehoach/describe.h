/* Words for a target's figures and status, shared by the command line, the
 * TUI and the reports so they say the same thing the same way. */
#ifndef KEHOACH_DESCRIBE_H
#define KEHOACH_DESCRIBE_H

#include <stdbool.h>
#include <stddef.h>

#include "kehoach/plan.h"
#include "kehoach/schedule.h"

/* A number for people: at most two decimals, no trailing zeros
 * (14.876 -> "14.88", 30 -> "30"; "14,88" in Vietnamese).  Returns buf. */
char *kh_describe_number(double v, char *buf, size_t size);

/* An entry's value for people, in the language in use, without the unit
 * of measure: "12.5" ("12,5" in Vietnamese), "done", "not done", "in
 * progress" ...  (kh_entry_value_text is the machine form.)  Returns buf. */
char *kh_describe_value(const kh_entry *e, char *buf, size_t size);

/* A kind of target for people: "quantity", "milestone", "ongoing". */
const char *kh_describe_kind(kh_kind k);

/* The plan's range: "30", "2–5" (en dash).  Returns buf. */
char *kh_describe_range(const kh_target *t, char *buf, size_t size);

/* The figure against the plan: "13 / 30 tấn", "– / 2–5 doanh nghiệp"
 * (nothing reported), "done", "not done", "in progress", "no report".
 * Returns buf. */
char *kh_describe_figure(const kh_target *t, const kh_eval *e, char *buf,
			 size_t size);

/* The same with another word for the unit of measure (a short form). */
char *kh_describe_figure_as(const kh_target *t, const kh_eval *e,
			    const char *measure, char *buf, size_t size);

/* By how much, for statuses that need attention, else the due date:
 * "expected 14.88 by 2024-06-30, short 0.88", "short 15 of 30, due
 * 2024-12-31", "not done, due 2024-12-31", "no report for H1 (due
 * 2024-06-20)".  Dates are DD/MM/YYYY when dmy is true, else ISO.
 * Returns buf. */
char *kh_describe_gap(const kh_target *t, const kh_eval *e, kh_date as_of,
		      bool dmy, char *buf, size_t size);

#endif
