/* The plan model: what plan.yaml describes, once loaded.
 *
 * A plan is a tree  section -> task -> target,  plus the units that do the
 * work and the reporting periods.  Everything is owned by the kh_plan and
 * freed by plan_free(); all strings are UTF-8 in NFC.  Arrays are final after
 * loading, so pointers into them (target->task, task->section, lead units)
 * stay valid for the plan's lifetime.  See doc/plan-format.md for the file. */
#ifndef KEHOACH_PLAN_H
#define KEHOACH_PLAN_H

#include <stdbool.h>
#include <stddef.h>

#include "kehoach/date.h"
#include "kehoach/error.h"

typedef enum kh_kind {
	KH_KIND_QUANTITY,  /* a figure with a range: "02-05 doanh nghiệp" */
	KH_KIND_MILESTONE, /* done once, by a due date */
	KH_KIND_ONGOING,   /* a standing duty judged by periodic assessment */
} kh_kind;

/* "quantity", "milestone", "ongoing". */
const char *kh_kind_name(kh_kind kind);

typedef struct kh_unit {
	char *id;         /* "vp" */
	char *name;       /* "Văn phòng Sở" */
	char *short_name; /* "VP"; never NULL (defaults to id) */
} kh_unit;

typedef struct kh_period {
	char *id;        /* "H1" */
	char *label;     /* "6 tháng đầu năm" */
	kh_date from;    /* first day whose data counts */
	kh_date cutoff;  /* ngày chốt số liệu: last day whose data counts */
	kh_date deadline;/* the units' reports are due by this day */
} kh_period;

typedef struct kh_checkpoint {
	kh_date date;
	double value; /* expected cumulative value on that date (a plan's
			 "percent" is already converted: percent/100 * min) */
} kh_checkpoint;

/* A short form the plan uses ("DN" for "doanh nghiệp"); search expands it. */
typedef struct kh_abbrev {
	char *short_form;
	char *long_form;
} kh_abbrev;

struct kh_task;
struct kh_section;

typedef struct kh_target {
	char *id;        /* stable key: "II.1-che-pham-vi-sinh" */
	char *text;      /* what is measured, Vietnamese */
	kh_kind kind;
	char *measure;   /* unit of measure ("tấn"); NULL unless quantity */
	double min, max; /* quantity range; 0 otherwise */
	bool whole;      /* counts of whole things: expected is floored */
	kh_date start;   /* resolved: the target's, else the plan's start */
	kh_date due;     /* resolved: the target's, else the plan's end */
	kh_checkpoint *checkpoints; /* sorted, strictly between start and due */
	size_t n_checkpoints;
	const kh_unit *lead;        /* resolved: target's, task's or section's */
	const kh_unit **support;    /* phối hợp; resolved like lead */
	size_t n_support;
	struct kh_task *task;       /* the task it belongs to */
	size_t index;               /* position in kh_plan.targets */
	int line;                   /* line in the plan file, for messages */
} kh_target;

typedef struct kh_task {
	char *id;      /* "II.1.2" */
	char *title;   /* short heading; never NULL (first sentence of text) */
	char *text;    /* the bullet's full text */
	const kh_unit *lead;     /* resolved: task's, else section's */
	const kh_unit **support;
	size_t n_support;
	kh_target *targets;
	size_t n_targets;
	struct kh_section *section;
	size_t index;  /* position among all tasks of the plan */
} kh_task;

typedef struct kh_section {
	char *id;      /* "II.1" */
	char *title;   /* the section heading, full text */
	char *basis;   /* legal basis it implements; may be NULL */
	const kh_unit *lead;
	const kh_unit **support;
	size_t n_support;
	kh_task *tasks;
	size_t n_tasks;
	size_t index;
} kh_section;

typedef struct kh_plan {
	char *file;            /* path it was loaded from */
	char *id;              /* "skhcn-quangtri-2024": names the database */
	char *number;          /* "Số: /KH-SKHCN"; may be NULL */
	char *title;
	char *issuer;          /* issuing body */
	char *place;           /* may be NULL */
	char *issued;          /* issue date as written; may be NULL */
	char *signatory;       /* may be NULL */
	char *signatory_title; /* may be NULL */
	char *language;        /* "vi" */
	int year;
	kh_date start, end;
	double tolerance;      /* fraction, 0.10 for 10 % */
	kh_unit *units;
	size_t n_units;
	kh_period *periods;    /* sorted by cutoff */
	size_t n_periods;
	kh_abbrev *abbrevs;
	size_t n_abbrevs;
	kh_section *sections;
	size_t n_sections;
	kh_target **targets;   /* every target, in file order */
	size_t n_targets;
	size_t n_tasks;
	void *index;  /* private lookup tables */
} kh_plan;

/* Load and validate a plan file.  On any problem returns NULL and fills err
 * with the file, line and column (KH_EINPUT) or KH_EIO if it cannot be read;
 * nothing is half-loaded.  The caller frees the plan with plan_free(). */
kh_plan *plan_load(const char *path, kh_error *err);

/* Same from memory; name is used in messages and as plan->file. */
kh_plan *plan_load_buffer(const char *name, const char *data, size_t len,
			  kh_error *err);

void plan_free(kh_plan *plan);

/* Lookups by exact id; NULL when absent. */
const kh_target *plan_find_target(const kh_plan *plan, const char *id);
const kh_unit *plan_find_unit(const kh_plan *plan, const char *id);
const kh_period *plan_find_period(const kh_plan *plan, const char *id);

/* The period a figure dated d belongs to: the first period (by cutoff) whose
 * cutoff is on or after d, else the last one.  NULL if the plan has none. */
const kh_period *plan_period_for_date(const kh_plan *plan, kh_date d);

/* The period being reported on as of d: the latest one whose cut-off is
 * on or before d, else the first one.  NULL if the plan has none. */
const kh_period *plan_period_reporting(const kh_plan *plan, kh_date d);

/* The latest period whose deadline is before d (its reports are overdue if
 * absent), or NULL. */
const kh_period *plan_period_due(const kh_plan *plan, kh_date d);

/* The date the plan is judged at when the user names none: today, or the
 * plan's end once the plan is over (or its start before it began). */
kh_date plan_default_as_of(const kh_plan *plan, kh_date today);

#endif
