/* Consolidating a period from the full-screen view: who has reported
 * (unit × period, jump to what is owed), the report preview and saving
 * it, importing a unit's CSV with its diff, closing and reopening. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "draw.h"
#include "kehoach/i18n.h"
#include "kehoach/import.h"
#include "kehoach/period.h"
#include "kehoach/report.h"
#include "kehoach/text.h"
#include "tui_impl.h"
#include "viewer.h"

#define UNIT_COLS 22

/* Append text padded with blanks to exactly cols display columns. */
static void put_cell(FILE *fp, const char *s, int cols)
{
	char *clean = draw_displayable(s);
	char *cut = clean ? text_truncate(clean, cols, draw_ascii()) : NULL;
	int w = cut ? text_width(cut) : 0;
	fputs(cut ? cut : "", fp);
	for (; w < cols; w++)
		fputc(' ', fp);
	free(cut);
	free(clean);
}

/* The period the consolidation keys work on; NULL (said in the footer)
 * when the plan has none. */
static const kh_period *period_or_say(tui *t)
{
	const kh_period *period = tui_period(t);
	if (!period)
		tui_message(t, false, "%s",
			    _("The plan defines no reporting period."));
	return period;
}

/* Node of a target in the tree. */
static size_t node_of_target(const tui *t, const kh_target *target)
{
	for (size_t i = 0; i < t->tree.n_nodes; i++)
		if (t->tree.nodes[i].target == target)
			return i;
	return OUTLINE_NONE;
}

void consolidate_who_reported(tui *t)
{
	const kh_plan *plan = t->args->plan;
	const kh_period *current = period_or_say(t);
	if (!current)
		return;
	kh_date today = tui_today(t);
	kh_period_view **views = calloc(plan->n_periods, sizeof *views);
	const kh_target **line_target = NULL;
	char *text = NULL;
	size_t text_len = 0, n_lines = 0;
	FILE *fp = views ? open_memstream(&text, &text_len) : NULL;
	if (!fp)
		goto done;
	kh_error err;
	for (size_t p = 0; p < plan->n_periods; p++) {
		views[p] = period_view_take(plan, t->store, &plan->periods[p],
					    today, &err);
		if (!views[p]) {
			tui_message(t, true, "%s", err.msg);
			fclose(fp);
			goto done;
		}
	}
	size_t cur = (size_t)(current - plan->periods);
	line_target = calloc(plan->n_targets + plan->n_units * 2 + 16,
			     sizeof *line_target);
	if (!line_target) {
		fclose(fp);
		goto done;
	}
	/* The viewer's box is the screen's width, with margins. */
	int cell_cols = (COLS - 5 - UNIT_COLS) / (int)plan->n_periods;
	if (cell_cols < 12)
		cell_cols = 12;
	char day[KH_DATE_ISO_LEN], cell[96];
	put_cell(fp, _("Unit"), UNIT_COLS);
	for (size_t p = 0; p < plan->n_periods; p++) {
		snprintf(cell, sizeof cell, _("%s (due %s)"), plan->periods[p].id,
			 kh_date_dmy(plan->periods[p].deadline, day));
		put_cell(fp, cell, cell_cols);
	}
	fputc('\n', fp);
	n_lines++;
	for (size_t u = 0; u < plan->n_units; u++) {
		if (!views[0]->units[u].owed)
			continue;
		put_cell(fp, plan->units[u].short_name, UNIT_COLS);
		for (size_t p = 0; p < plan->n_periods; p++) {
			const kh_unit_completeness *c = &views[p]->units[u];
			size_t got = c->counts[KH_REPORT_ON_TIME] +
				     c->counts[KH_REPORT_LATE];
			int len = snprintf(cell, sizeof cell, "%zu/%zu", got, c->owed);
			if (c->counts[KH_REPORT_LATE] && len < (int)sizeof cell)
				len += snprintf(cell + len, sizeof cell - (size_t)len,
						_(" %zu late"),
						c->counts[KH_REPORT_LATE]);
			if (c->counts[KH_REPORT_MISSING] && len < (int)sizeof cell)
				snprintf(cell + len, sizeof cell - (size_t)len,
					 _(" %zu missing"),
					 c->counts[KH_REPORT_MISSING]);
			put_cell(fp, cell, cell_cols);
		}
		fputc('\n', fp);
		n_lines++;
	}
	fputc('\n', fp);
	fprintf(fp, _("Owed for %s — Enter goes to the target:"),
		plan->periods[cur].id);
	fputc('\n', fp);
	n_lines += 2;
	size_t owed = 0;
	/* The words line up by display width, whatever the language. */
	const char *w_missing = _("missing"), *w_owed = _("owed");
	int word_cols = draw_width(w_missing);
	if (draw_width(w_owed) > word_cols)
		word_cols = draw_width(w_owed);
	for (size_t i = 0; i < plan->n_targets; i++) {
		kh_report_state r = views[cur]->figures[i].report;
		if (r != KH_REPORT_MISSING && r != KH_REPORT_NOT_DUE)
			continue;
		const kh_target *tg = plan->targets[i];
		put_cell(fp, r == KH_REPORT_MISSING ? w_missing : w_owed,
			 word_cols);
		fputc(' ', fp);
		put_cell(fp, tg->lead->short_name, UNIT_COLS - 9);
		fputc(' ', fp);
		put_cell(fp, tg->id, 32);
		fputc('\n', fp);
		line_target[n_lines++] = tg;
		owed++;
	}
	if (!owed)
		fprintf(fp, "%s\n", _("Nothing: every unit has reported."));
	fclose(fp);

	size_t line = 0;
	int key = viewer_run(&t->host, _(" Who has reported "),
			     _(" Enter go to target · Esc close "), text, true,
			     &line, NULL);
	if (key == '\n' && line < n_lines && line_target[line])
		tui_go_to(t, node_of_target(t, line_target[line]));
done:
	if (views)
		for (size_t p = 0; p < plan->n_periods; p++)
			period_view_free(views[p]);
	free(views);
	free(line_target);
	free(text);
}

/* Save the report of period to path, the format from its extension. */
static void save_report(tui *t, const kh_period *period, const char *path)
{
	kh_report_format format = KH_REPORT_MD;
	const char *dot = strrchr(path, '.');
	if (dot && !kh_report_format_parse(dot + 1, &format))
		format = KH_REPORT_MD;
	kh_error err;
	kh_date today = tui_today(t);
	kh_rc rc;
	if (format == KH_REPORT_XLSX) {
		rc = report_write_xlsx(path, t->args->plan, t->store, period,
				       today, &err);
	} else {
		FILE *fp = fopen(path, "wb");
		if (!fp) {
			tui_message(t, true, _("Cannot create %s."), path);
			return;
		}
		rc = report_write(fp, t->args->plan, t->store, period, today,
				  format, false, &err);
		if (fclose(fp) != 0 && rc == KH_OK)
			rc = kh_error_set(&err, KH_EIO, _("could not write %s"),
					  path);
	}
	if (rc != KH_OK)
		tui_message(t, true, _("Not saved: %s"), err.msg);
	else
		tui_message(t, false, _("Saved the %s report to %s."),
			    period->id, path);
}

void consolidate_report(tui *t)
{
	const kh_period *period = period_or_say(t);
	if (!period)
		return;
	char *text = NULL;
	size_t len = 0;
	FILE *fp = open_memstream(&text, &len);
	if (!fp)
		return;
	kh_error err;
	kh_rc rc = report_write(fp, t->args->plan, t->store, period,
				tui_today(t), KH_REPORT_TXT, draw_ascii(), &err);
	fclose(fp);
	if (rc != KH_OK) {
		tui_message(t, true, "%s", err.msg);
		free(text);
		return;
	}
	char title[128];
	snprintf(title, sizeof title, _(" Report %s "), period->id);
	int key = viewer_run(&t->host, title, _(" s save to a file · Esc close "),
			     text, false, NULL, "s");
	free(text);
	if (key != 's')
		return;
	char path[512];
	snprintf(path, sizeof path, "bao-cao-%s.md", period->id);
	if (!dlg_prompt(&t->host, _("Save as (.md .txt .csv .xlsx): "), path,
			sizeof path, NULL, NULL) || !path[0])
		return;
	save_report(t, period, path);
}

void consolidate_import(tui *t)
{
	char path[512] = "";
	if (!dlg_prompt(&t->host, _("Import CSV file: "), path, sizeof path,
			NULL, NULL) || !path[0])
		return;
	const kh_period *period = tui_period(t);
	kh_error err;
	kh_import *imp = import_prepare(t->args->plan, t->store, path,
					period ? period->cutoff : t->as_of,
					t->args->user, false, &err);
	if (!imp) {
		char buf[1536];
		dlg_message(&t->host, _("Not imported"),
			    kh_error_format(&err, buf, sizeof buf));
		tui_message(t, true, "%s", _("Nothing was imported."));
		return;
	}
	char *text = NULL;
	size_t len = 0;
	FILE *fp = open_memstream(&text, &len);
	if (fp) {
		import_print_diff(imp, fp, draw_ascii());
		fclose(fp);
	}
	size_t writes = imp->n_new + imp->n_update;
	int key = viewer_run(&t->host, _(" Import: what would change "),
			     writes ? _(" y write it all · Esc cancel ")
				    : _(" nothing to write · Esc close "),
			     text ? text : "", false, NULL, writes ? "y" : "");
	free(text);
	if (key == 'y' && writes) {
		if (import_apply(imp, t->store, &err) != KH_OK)
			tui_message(t, true, _("Not imported: %s"), err.msg);
		else
			tui_message(t, false,
				    ngettext("Imported %zu entry from %s.",
					     "Imported %zu entries from %s.",
					     writes),
				    writes, path);
		tui_reload(t);
	} else {
		tui_message(t, false, "%s", _("Nothing was imported."));
	}
	import_free(imp);
}

void consolidate_close(tui *t)
{
	const kh_period *period = period_or_say(t);
	if (!period)
		return;
	kh_error err;
	bool closed = false;
	if (store_period_closed(t->store, period->id, &closed, &err) != KH_OK) {
		tui_message(t, true, "%s", err.msg);
		return;
	}
	char question[512], from[KH_DATE_ISO_LEN], cut[KH_DATE_ISO_LEN];
	if (closed) {
		char reason[256] = "";
		snprintf(question, sizeof question,
			 _("Period %s is closed. Reopen it for corrections? The "
			   "reopening is listed in its report."), period->id);
		if (!dlg_confirm(&t->host, _("Reopen"), question) ||
		    !dlg_prompt(&t->host, _("Why reopen: "), reason,
				sizeof reason, NULL, NULL))
			return;
		if (store_reopen_period(t->store, period->id, t->args->user,
					reason, &err) != KH_OK)
			tui_message(t, true, "%s", err.msg);
		else
			tui_message(t, false, _("Reopened %s."), period->id);
		return;
	}
	snprintf(question, sizeof question,
		 _("Close %s? Its report as it stands is kept, and figures "
		   "dated %s to %s are refused until it is reopened."),
		 period->id, kh_date_dmy(period->from, from),
		 kh_date_dmy(period->cutoff, cut));
	if (!dlg_confirm(&t->host, _("Close the period"), question))
		return;
	char *report = report_markdown(t->args->plan, t->store, period,
				       tui_today(t), &err);
	if (!report) {
		tui_message(t, true, "%s", err.msg);
		return;
	}
	if (store_close_period(t->store, period->id, period->from,
			       period->cutoff, t->args->user, report, &err) !=
	    KH_OK)
		tui_message(t, true, "%s", err.msg);
	else
		tui_message(t, false, _("Closed %s; its report is kept."),
			    period->id);
	free(report);
}
