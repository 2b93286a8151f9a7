/* Calendar dates as day numbers.
 *
 * A kh_date counts days since 1970-01-01 in the proleptic Gregorian
 * calendar, so date arithmetic is integer arithmetic and comparisons are
 * plain comparisons.  No time zone is involved: a date is a civil date. */
#ifndef KEHOACH_DATE_H
#define KEHOACH_DATE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef int32_t kh_date;

#define KH_DATE_NONE INT32_MIN  /* "no date" */
#define KH_DATE_ISO_LEN 11      /* "YYYY-MM-DD" plus NUL */

/* Build a date from year, month (1-12), day (1-31).  Returns false (and
 * leaves *out alone) if the date does not exist, e.g. 2023-02-29, or the
 * year is outside 1..9999. */
bool kh_date_from_ymd(int year, int month, int day, kh_date *out);

/* Split a date into year, month, day.  Any pointer may be NULL. */
void kh_date_to_ymd(kh_date d, int *year, int *month, int *day);

/* Parse "YYYY-MM-DD" (ISO) or "DD/MM/YYYY" (Vietnamese usage; one-digit
 * day and month accepted).  Leading/trailing blanks are ignored; anything
 * else, or a date that does not exist, returns false. */
bool kh_date_parse(const char *text, kh_date *out);

/* Parse only "YYYY-MM-DD" (strict, for machine formats). */
bool kh_date_parse_iso(const char *text, kh_date *out);

/* Format as "YYYY-MM-DD" / "DD/MM/YYYY" into buf (at least
 * KH_DATE_ISO_LEN bytes).  Returns buf. */
char *kh_date_iso(kh_date d, char *buf);
char *kh_date_dmy(kh_date d, char *buf);

/* Today's local date. Only front ends call this: the core takes the date
 * it works on as a parameter. */
kh_date kh_date_today(void);

#endif
