/* Fuzz `kehoach import` past the CSV reader: the rows checked against the
 * real plan (plan.yaml) and a small database holding a few figures and a
 * closed period, then the diff printed.  Nothing is written: this is the
 * part that reads what a unit sends. */
#include <math.h>
#include <stdbool.h>
#include <unistd.h>

#include "kehoach/import.h"
#include "kehoach/store.h"
#include "kehoach/text.h"

#include "fuzz.h"

#ifndef KH_FUZZ_PLAN
#error "KH_FUZZ_PLAN must name plan.yaml"
#endif

/* Set up once per process and freed at exit: opening SQLite per input
 * would cost more than the import itself. */
struct ctx {
	kh_plan *plan;
	kh_store *store;
	char dir[64];
	char csv[96];
	FILE *null;
	kh_date as_of;
};

static void add(kh_store *s, const char *target, double v, kh_date date)
{
	kh_entry e = {0};
	kh_error err;

	/* Owned copies: the store fills in more (entered_at, note) and
	 * entry_clear() frees it all. */
	e.target_id = strdup(target);
	e.entered_by = strdup("fuzz");
	e.source = strdup("fuzz");
	FUZZ_CHECK(e.target_id && e.entered_by && e.source);
	e.kind = KH_KIND_QUANTITY;
	e.value = v;
	e.as_of = date;
	FUZZ_CHECK(store_add_entry(s, &e, &err) == KH_OK);
	entry_clear(&e);
}

static struct ctx c;

static void cleanup(void)
{
	static const char *const files[] = {"f.db", "f.db-wal", "f.db-shm",
					    "in.csv"};
	char path[128];

	store_close(c.store);
	plan_free(c.plan);
	if (c.null)
		fclose(c.null);
	for (size_t i = 0; i < sizeof files / sizeof files[0]; i++) {
		snprintf(path, sizeof path, "%s/%s", c.dir, files[i]);
		unlink(path);
	}
	rmdir(c.dir);
}

static struct ctx *setup(void)
{
	kh_error err;
	char db[96];
	const char *qty = NULL;

	if (c.plan)
		return &c;
	c.plan = plan_load(KH_FUZZ_PLAN, &err);
	FUZZ_CHECK(c.plan != NULL);
	snprintf(c.dir, sizeof c.dir, "%s/kh-fuzz-XXXXXX",
		 access("/tmp", W_OK) == 0 ? "/tmp" : ".");
	FUZZ_CHECK(mkdtemp(c.dir) != NULL);
	snprintf(db, sizeof db, "%s/f.db", c.dir);
	snprintf(c.csv, sizeof c.csv, "%s/in.csv", c.dir);
	c.store = store_open(db, true, &err);
	FUZZ_CHECK(c.store != NULL);
	atexit(cleanup);
	/* Figures for the first quantity target, so rows can be new, an
	 * update, the same, or lower than the last one. */
	for (size_t i = 0; i < c.plan->n_targets && !qty; i++)
		if (c.plan->targets[i]->kind == KH_KIND_QUANTITY)
			qty = c.plan->targets[i]->id;
	FUZZ_CHECK(qty != NULL);
	add(c.store, qty, 13, c.plan->periods[0].cutoff - 4);
	add(c.store, qty, 20, c.plan->periods[0].cutoff + 90);
	FUZZ_CHECK(store_close_period(c.store, c.plan->periods[0].id,
				      c.plan->periods[0].from,
				      c.plan->periods[0].cutoff, "fuzz",
				      "closed", &err) == KH_OK);
	c.null = fopen("/dev/null", "w");
	FUZZ_CHECK(c.null != NULL);
	c.as_of = c.plan->periods[0].cutoff + 100;
	return &c;
}

static void check_import(const struct ctx *c, const kh_import *imp)
{
	FUZZ_CHECK(imp->n_new + imp->n_update + imp->n_same == imp->n_rows);
	for (size_t i = 0; i < imp->n_rows; i++) {
		const kh_import_row *r = &imp->rows[i];

		FUZZ_CHECK(r->line >= 2);
		FUZZ_CHECK(r->target != NULL);
		FUZZ_CHECK(plan_find_target(c->plan, r->target->id) == r->target);
		FUZZ_CHECK(r->entry.kind == r->target->kind);
		FUZZ_CHECK(strcmp(r->entry.target_id, r->target->id) == 0);
		FUZZ_CHECK(r->entry.as_of >= c->plan->start &&
			   r->entry.as_of <= c->plan->end);
		if (r->entry.kind == KH_KIND_QUANTITY)
			FUZZ_CHECK(isfinite(r->entry.value) &&
				   r->entry.value >= 0);
		FUZZ_CHECK(strnlen(r->old_text, sizeof r->old_text) <
			   sizeof r->old_text);
		FUZZ_CHECK(text_valid_utf8(r->old_text, strlen(r->old_text)));
		FUZZ_CHECK(text_valid_utf8(r->new_text, strlen(r->new_text)));
		if (r->entry.note)
			FUZZ_CHECK(text_valid_utf8(r->entry.note,
						   strlen(r->entry.note)));
	}
	import_print_diff(imp, c->null, false);
	import_print_diff(imp, c->null, true);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct ctx *c = setup();
	kh_error err;
	char msg[2048];
	FILE *fp;
	kh_import *imp;

	if (size > 256 * 1024)
		return 0;
	fp = fopen(c->csv, "wb");
	FUZZ_CHECK(fp != NULL);
	FUZZ_CHECK(fwrite(data, 1, size, fp) == size);
	FUZZ_CHECK(fclose(fp) == 0);
	/* The last byte picks force, so both ways are reached. */
	imp = import_prepare(c->plan, c->store, c->csv, c->as_of, "fuzz",
			     size > 0 && (data[size - 1] & 1), &err);
	if (imp) {
		FUZZ_CHECK(err.code == KH_OK);
		check_import(c, imp);
		import_free(imp);
	} else {
		FUZZ_CHECK(err.code == KH_EINPUT);
		FUZZ_CHECK(err.msg[0] != '\0');
		kh_error_format(&err, msg, sizeof msg);
		FUZZ_CHECK(text_valid_utf8(msg, strlen(msg)));
	}
	return 0;
}
