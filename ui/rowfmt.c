/* Row words. */
#include "rowfmt.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kehoach/describe.h"
#include "kehoach/i18n.h"
#include "kehoach/text.h"

const char *rowfmt_measure(const kh_plan *plan, const char *measure)
{
	if (!measure)
		return "";
	char *want = text_fold(measure);
	const char *found = measure;
	for (size_t i = 0; want && i < plan->n_abbrevs; i++) {
		char *f = text_fold(plan->abbrevs[i].long_form);
		bool same = f && strcmp(f, want) == 0;
		free(f);
		if (same) {
			found = plan->abbrevs[i].short_form;
			break;
		}
	}
	free(want);
	return found;
}

/* "3 behind", "2 overdue · 1 behind", or "12 targets". */
static void rollup_figure(const kh_rollup *r, char *buf, size_t size)
{
	size_t attention = 0;
	for (int s = 0; s < KH_STATE_COUNT; s++)
		if (sched_state_is_behind((kh_state)s))
			attention += r->counts[s];
	if (attention)
		snprintf(buf, size, _("%zu/%zu need attention"), attention,
			 r->n);
	else
		snprintf(buf, size, ngettext("%zu target", "%zu targets", r->n),
			 r->n);
}

void rowfmt_parts(const outline *o, size_t node, bool ascii, row_parts *out)
{
	const outline_node *n = &o->nodes[node];
	memset(out, 0, sizeof *out);
	out->state = outline_state(o, node);
	out->mark = sched_state_mark(out->state);
	out->progress = -1;
	if (n->kind == NODE_TARGET) {
		out->sign = "";
		out->label = n->target->text;
		if (o->snap) {
			const kh_eval *e = &o->snap->evals[n->target->index];
			kh_describe_figure_as(n->target, e, n->measure,
					      out->figure, sizeof out->figure);
			out->progress = e->progress;
		}
		return;
	}
	out->sign = n->open ? (ascii ? "-" : "▾") : (ascii ? "+" : "▸");
	if (n->kind == NODE_TASK) {
		out->id = n->task->id;
		out->label = n->task->title;
	} else {
		out->id = n->section->id;
		out->label = n->section->title;
	}
	if (o->snap) {
		const kh_rollup *r = n->kind == NODE_TASK
					     ? &o->snap->tasks[n->task->index]
					     : &o->snap->sections[n->section->index];
		rollup_figure(r, out->figure, sizeof out->figure);
		out->progress = r->progress;
	}
}

char *rowfmt_bar(double percent, int cols, bool ascii, char *buf, size_t size)
{
	if (!size)
		return buf;
	buf[0] = '\0';
	if (cols <= 0)
		return buf;
	if (percent < 0)
		percent = 0;
	if (percent > 100)
		percent = 100;
	int filled = (int)(percent * cols / 100.0 + 0.5);
	const char *full = ascii ? "#" : "█";
	const char *empty = ascii ? "." : "░";
	size_t used = 0;
	for (int i = 0; i < cols; i++) {
		const char *cell = i < filled ? full : empty;
		size_t len = strlen(cell);
		if (used + len + 1 > size)
			break;
		memcpy(buf + used, cell, len);
		used += len;
	}
	buf[used] = '\0';
	return buf;
}
