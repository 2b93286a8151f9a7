/* The plan tree's rows. */
#include "outline.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "rowfmt.h"

bool outline_init(outline *o, const kh_plan *plan)
{
	memset(o, 0, sizeof *o);
	o->plan = plan;
	size_t total = plan->n_sections + plan->n_tasks + plan->n_targets;
	o->nodes = calloc(total + 1, sizeof *o->nodes);
	o->visible = calloc(total + 1, sizeof *o->visible);
	o->searcher = kh_searcher_new(plan);
	if (!o->nodes || !o->visible || !o->searcher) {
		outline_free(o);
		return false;
	}
	for (size_t s = 0; s < plan->n_sections; s++) {
		const kh_section *sec = &plan->sections[s];
		size_t sec_node = o->n_nodes;
		o->nodes[o->n_nodes++] = (outline_node){
			.kind = NODE_SECTION, .depth = 0, .parent = OUTLINE_NONE,
			.open = true, .section = sec};
		for (size_t k = 0; k < sec->n_tasks; k++) {
			const kh_task *task = &sec->tasks[k];
			size_t task_node = o->n_nodes;
			o->nodes[o->n_nodes++] = (outline_node){
				.kind = NODE_TASK, .depth = 1, .parent = sec_node,
				.section = sec, .task = task};
			for (size_t j = 0; j < task->n_targets; j++)
				o->nodes[o->n_nodes++] = (outline_node){
					.kind = NODE_TARGET, .depth = 2,
					.parent = task_node, .section = sec,
					.task = task, .target = &task->targets[j],
					.measure = rowfmt_measure(
						plan, task->targets[j].measure)};
		}
	}
	outline_refresh(o);
	return true;
}

void outline_free(outline *o)
{
	if (o->nodes)
		for (size_t i = 0; i < o->n_nodes; i++)
			free(o->nodes[i].search_key);
	free(o->nodes);
	free(o->visible);
	kh_searcher_free(o->searcher);
	memset(o, 0, sizeof *o);
}

void outline_set_snapshot(outline *o, const kh_snapshot *snap)
{
	o->snap = snap;
	outline_refresh(o);
}

static const kh_rollup *rollup_of(const outline *o, const outline_node *n)
{
	if (!o->snap)
		return NULL;
	if (n->kind == NODE_SECTION)
		return &o->snap->sections[n->section->index];
	if (n->kind == NODE_TASK)
		return &o->snap->tasks[n->task->index];
	return NULL;
}

kh_state outline_state(const outline *o, size_t node)
{
	const outline_node *n = &o->nodes[node];
	if (!o->snap)
		return KH_STATE_NOT_DUE;
	if (n->kind == NODE_TARGET)
		return o->snap->evals[n->target->index].state;
	const kh_rollup *r = rollup_of(o, n);
	return r->worst < KH_STATE_COUNT ? r->worst : KH_STATE_NOT_DUE;
}

bool outline_needs_attention(const outline *o, size_t node)
{
	return sched_state_is_behind(outline_state(o, node));
}

static bool shown_by_filter(const outline *o, size_t node)
{
	return !o->behind_only || outline_needs_attention(o, node);
}

void outline_refresh(outline *o)
{
	o->n_visible = 0;
	for (size_t i = 0; i < o->n_nodes; i++) {
		const outline_node *n = &o->nodes[i];
		bool shown = shown_by_filter(o, i);
		for (size_t p = n->parent; shown && p != OUTLINE_NONE;
		     p = o->nodes[p].parent)
			shown = o->nodes[p].open;
		if (shown)
			o->visible[o->n_visible++] = i;
	}
}

size_t outline_row_of(const outline *o, size_t node)
{
	/* Visible rows are in node order: binary search. */
	size_t lo = 0, hi = o->n_visible;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (o->visible[mid] < node)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < o->n_visible && o->visible[lo] == node ? lo : OUTLINE_NONE;
}

void outline_reveal(outline *o, size_t node)
{
	if (node >= o->n_nodes)
		return;
	for (size_t p = o->nodes[node].parent; p != OUTLINE_NONE;
	     p = o->nodes[p].parent)
		o->nodes[p].open = true;
	if (o->behind_only && !shown_by_filter(o, node))
		o->behind_only = false;
	outline_refresh(o);
}

bool outline_set_open(outline *o, size_t node, bool open)
{
	outline_node *n = &o->nodes[node];
	if (n->kind == NODE_TARGET || n->open == open)
		return false;
	n->open = open;
	outline_refresh(o);
	return true;
}

bool outline_set_all_open(outline *o, bool open)
{
	bool changed = false;
	for (size_t i = 0; i < o->n_nodes; i++) {
		outline_node *n = &o->nodes[i];
		bool want = n->kind == NODE_SECTION || open;
		if (n->kind == NODE_TARGET || n->open == want)
			continue;
		n->open = want;
		changed = true;
	}
	if (changed)
		outline_refresh(o);
	return changed;
}

bool outline_all_open(const outline *o)
{
	for (size_t i = 0; i < o->n_nodes; i++)
		if (o->nodes[i].kind != NODE_TARGET && !o->nodes[i].open)
			return false;
	return true;
}

size_t outline_next_behind(const outline *o, size_t node, int dir)
{
	if (!o->n_nodes)
		return OUTLINE_NONE;
	size_t i = node < o->n_nodes ? node : (dir > 0 ? o->n_nodes - 1 : 0);
	for (size_t step = 0; step < o->n_nodes; step++) {
		i = dir > 0 ? (i + 1) % o->n_nodes
			    : (i + o->n_nodes - 1) % o->n_nodes;
		if (o->nodes[i].kind == NODE_TARGET &&
		    outline_needs_attention(o, i))
			return i;
	}
	return OUTLINE_NONE;
}

/* What a node is found by: its id, its text, its lead unit's names. */
static const char *node_key(outline *o, size_t i)
{
	outline_node *n = &o->nodes[i];
	if (n->search_key)
		return n->search_key;
	const char *id, *text, *extra = "";
	const kh_unit *lead;
	if (n->kind == NODE_TARGET) {
		id = n->target->id;
		text = n->target->text;
		lead = n->target->lead;
		extra = n->target->measure ? n->target->measure : "";
	} else if (n->kind == NODE_TASK) {
		id = n->task->id;
		text = n->task->text;
		lead = n->task->lead;
	} else {
		id = n->section->id;
		text = n->section->title;
		lead = n->section->lead;
		extra = n->section->basis ? n->section->basis : "";
	}
	size_t len = strlen(id) + strlen(text) + strlen(extra) +
		     strlen(lead->name) + strlen(lead->short_name) + 8;
	char *all = malloc(len);
	if (!all)
		return "";
	snprintf(all, len, "%s\n%s\n%s\n%s\n%s", id, text, extra, lead->name,
		 lead->short_name);
	n->search_key = kh_searcher_key(o->searcher, all);
	free(all);
	return n->search_key ? n->search_key : "";
}

size_t outline_search(outline *o, const kh_query *q, size_t from, int dir)
{
	if (!o->n_nodes || !q->n_words)
		return OUTLINE_NONE;
	size_t i = from < o->n_nodes ? from : (dir > 0 ? o->n_nodes - 1 : 0);
	for (size_t step = 0; step < o->n_nodes; step++) {
		i = dir > 0 ? (i + 1) % o->n_nodes
			    : (i + o->n_nodes - 1) % o->n_nodes;
		if (kh_query_match(q, node_key(o, i)))
			return i;
	}
	return OUTLINE_NONE;
}
