/* The plan tree as the screen shows it: which rows exist, which are open,
 * which are visible under the behind-only filter, and moving between
 * them.  Pure data: no curses, so it is tested on its own. */
#ifndef KEHOACH_UI_OUTLINE_H
#define KEHOACH_UI_OUTLINE_H

#include <stdbool.h>
#include <stddef.h>

#include "kehoach/plan.h"
#include "kehoach/search.h"
#include "kehoach/status.h"

#define OUTLINE_NONE ((size_t)-1)

typedef enum node_kind { NODE_SECTION, NODE_TASK, NODE_TARGET } node_kind;

typedef struct outline_node {
	node_kind kind;
	int depth;                 /* 0 section, 1 task, 2 target */
	size_t parent;             /* OUTLINE_NONE for sections */
	bool open;                 /* sections and tasks */
	const kh_section *section; /* always set */
	const kh_task *task;       /* tasks and targets */
	const kh_target *target;   /* targets */
	const char *measure;       /* targets: the measure as the row shows
				      it (rowfmt_measure), found once */
	char *search_key;          /* built on first search */
} outline_node;

typedef struct outline {
	const kh_plan *plan;
	const kh_snapshot *snap;   /* not owned; may be NULL */
	outline_node *nodes;       /* every node, in document order */
	size_t n_nodes;
	size_t *visible;           /* node indexes shown, in order */
	size_t n_visible;
	bool behind_only;
	kh_searcher *searcher;     /* folds the plan's short forms once */
} outline;

/* Build the tree of a plan: sections open (their tasks shown), tasks
 * closed.  False when out of memory. */
bool outline_init(outline *o, const kh_plan *plan);
void outline_free(outline *o);

/* Use a new snapshot (statuses); recomputes what is visible. */
void outline_set_snapshot(outline *o, const kh_snapshot *snap);

/* The status of a node: its target's, or its task's/section's worst. */
kh_state outline_state(const outline *o, size_t node);

/* Does the node, or anything under it, need attention? */
bool outline_needs_attention(const outline *o, size_t node);

/* Recompute the visible rows after opening/closing or filtering. */
void outline_refresh(outline *o);

/* Position of a node among the visible rows, or OUTLINE_NONE. */
size_t outline_row_of(const outline *o, size_t node);

/* Open every ancestor of node (and, under the behind-only filter, turn the
 * filter off if the node would stay hidden) so it is visible. */
void outline_reveal(outline *o, size_t node);

/* Open/close a section or task; no effect on targets.  Returns whether
 * anything changed. */
bool outline_set_open(outline *o, size_t node, bool open);

/* Open every section and task (open true), or go back to the starting
 * layout: sections open, tasks closed.  Returns whether anything changed. */
bool outline_set_all_open(outline *o, bool open);

/* Is every section and task open? */
bool outline_all_open(const outline *o);

/* The next (dir > 0) or previous target after/before node, in document
 * order, wrapping around, that needs attention; OUTLINE_NONE if none. */
size_t outline_next_behind(const outline *o, size_t node, int dir);

/* The next/previous node after/before `from` (wrapping; from itself last)
 * matching the query over its id, text, and lead unit's names;
 * OUTLINE_NONE if none. */
size_t outline_search(outline *o, const kh_query *q, size_t from, int dir);

#endif
