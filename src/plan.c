/* The plan model: freeing, lookups by id, periods, and the id hash table
 * the loader fills (plan_index.h). */
#include "kehoach/plan.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "plan_index.h"

const char *kh_kind_name(kh_kind kind)
{
	switch (kind) {
	case KH_KIND_QUANTITY:
		return "quantity";
	case KH_KIND_MILESTONE:
		return "milestone";
	case KH_KIND_ONGOING:
		return "ongoing";
	}
	return "?";
}

/* ---- id hash table: open addressing, linear probing, load <= 1/2 ---- */

struct slot {
	const char *key;
	void *value;
	size_t hash;
};

struct kh_idmap {
	struct slot *slots;
	size_t cap; /* a power of two */
	size_t n;
};

/* FNV-1a; ids are short, so a simple byte hash is enough. */
static size_t hash_str(const char *s)
{
	uint64_t h = 14695981039346656037u;
	for (; *s; s++) {
		h ^= (unsigned char)*s;
		h *= 1099511628211u;
	}
	return (size_t)(h ^ (h >> 32));
}

kh_idmap *kh_idmap_new(size_t expected)
{
	kh_idmap *m = malloc(sizeof *m);
	if (!m)
		return NULL;
	size_t cap = 16;
	while (cap / 2 < expected && cap < SIZE_MAX / 4)
		cap *= 2;
	m->slots = calloc(cap, sizeof *m->slots);
	if (!m->slots) {
		free(m);
		return NULL;
	}
	m->cap = cap;
	m->n = 0;
	return m;
}

void kh_idmap_free(kh_idmap *map)
{
	if (!map)
		return;
	free(map->slots);
	free(map);
}

static struct slot *find_slot(const kh_idmap *m, const char *key,
			      size_t hash)
{
	size_t mask = m->cap - 1;
	for (size_t i = hash & mask;; i = (i + 1) & mask) {
		struct slot *s = &m->slots[i];
		if (!s->key || (s->hash == hash && strcmp(s->key, key) == 0))
			return s;
	}
}

static int grow(kh_idmap *m)
{
	if (m->cap > SIZE_MAX / 2 / sizeof *m->slots)
		return -1;
	kh_idmap bigger = {calloc(m->cap * 2, sizeof *m->slots), m->cap * 2,
			   m->n};
	if (!bigger.slots)
		return -1;
	for (size_t i = 0; i < m->cap; i++)
		if (m->slots[i].key)
			*find_slot(&bigger, m->slots[i].key,
				   m->slots[i].hash) = m->slots[i];
	free(m->slots);
	*m = bigger;
	return 0;
}

int kh_idmap_put(kh_idmap *map, const char *key, void *value, void **old)
{
	if ((map->n + 1) * 2 > map->cap && grow(map) < 0)
		return -1;
	size_t h = hash_str(key);
	struct slot *s = find_slot(map, key, h);
	if (s->key) {
		if (old)
			*old = s->value;
		return 1;
	}
	s->key = key;
	s->value = value;
	s->hash = h;
	map->n++;
	return 0;
}

void *kh_idmap_get(const kh_idmap *map, const char *key)
{
	if (!map || !key)
		return NULL;
	struct slot *s = find_slot(map, key, hash_str(key));
	return s->key ? s->value : NULL;
}

/* ---- the plan ---- */

static void free_target(kh_target *t)
{
	free(t->id);
	free(t->text);
	free(t->measure);
	free(t->checkpoints);
	free(t->support);
}

static void free_task(kh_task *k)
{
	free(k->id);
	free(k->title);
	free(k->text);
	free(k->support);
	if (k->targets)
		for (size_t i = 0; i < k->n_targets; i++)
			free_target(&k->targets[i]);
	free(k->targets);
}

static void free_section(kh_section *s)
{
	free(s->id);
	free(s->title);
	free(s->basis);
	free(s->support);
	if (s->tasks)
		for (size_t i = 0; i < s->n_tasks; i++)
			free_task(&s->tasks[i]);
	free(s->tasks);
}

void plan_free(kh_plan *plan)
{
	if (!plan)
		return;
	plan_index *ix = plan->index;
	if (ix) {
		kh_idmap_free(ix->units);
		kh_idmap_free(ix->periods);
		kh_idmap_free(ix->targets);
		free(ix);
	}
	char *strings[] = {plan->file, plan->id, plan->number, plan->title,
			   plan->issuer, plan->place, plan->issued,
			   plan->signatory, plan->signatory_title,
			   plan->language};
	for (size_t i = 0; i < sizeof strings / sizeof strings[0]; i++)
		free(strings[i]);
	if (plan->units) {
		for (size_t i = 0; i < plan->n_units; i++) {
			free(plan->units[i].id);
			free(plan->units[i].name);
			free(plan->units[i].short_name);
		}
	}
	free(plan->units);
	if (plan->periods) {
		for (size_t i = 0; i < plan->n_periods; i++) {
			free(plan->periods[i].id);
			free(plan->periods[i].label);
		}
	}
	free(plan->periods);
	if (plan->abbrevs) {
		for (size_t i = 0; i < plan->n_abbrevs; i++) {
			free(plan->abbrevs[i].short_form);
			free(plan->abbrevs[i].long_form);
		}
	}
	free(plan->abbrevs);
	if (plan->sections)
		for (size_t i = 0; i < plan->n_sections; i++)
			free_section(&plan->sections[i]);
	free(plan->sections);
	free(plan->targets);
	free(plan);
}

const kh_target *plan_find_target(const kh_plan *plan, const char *id)
{
	if (!plan || !id)
		return NULL;
	/* A plan built by hand (in a test) has no index: scan it. */
	const plan_index *ix = plan->index;
	if (ix && ix->targets)
		return kh_idmap_get(ix->targets, id);
	for (size_t i = 0; i < plan->n_targets; i++)
		if (plan->targets[i]->id &&
		    strcmp(plan->targets[i]->id, id) == 0)
			return plan->targets[i];
	return NULL;
}

const kh_unit *plan_find_unit(const kh_plan *plan, const char *id)
{
	if (!plan || !id)
		return NULL;
	const plan_index *ix = plan->index;
	if (ix && ix->units)
		return kh_idmap_get(ix->units, id);
	for (size_t i = 0; i < plan->n_units; i++)
		if (plan->units[i].id && strcmp(plan->units[i].id, id) == 0)
			return &plan->units[i];
	return NULL;
}

const kh_period *plan_find_period(const kh_plan *plan, const char *id)
{
	if (!plan || !id)
		return NULL;
	const plan_index *ix = plan->index;
	if (ix && ix->periods)
		return kh_idmap_get(ix->periods, id);
	for (size_t i = 0; i < plan->n_periods; i++)
		if (plan->periods[i].id && strcmp(plan->periods[i].id, id) == 0)
			return &plan->periods[i];
	return NULL;
}

const kh_period *plan_period_for_date(const kh_plan *plan, kh_date d)
{
	if (!plan || plan->n_periods == 0)
		return NULL;
	for (size_t i = 0; i < plan->n_periods; i++)
		if (plan->periods[i].cutoff >= d)
			return &plan->periods[i];
	return &plan->periods[plan->n_periods - 1];
}

const kh_period *plan_period_due(const kh_plan *plan, kh_date d)
{
	if (!plan)
		return NULL;
	const kh_period *best = NULL;
	/* Deadlines need not follow the cut-off order; on a tie the period
	 * with the later cut-off wins (the year over its last half). */
	for (size_t i = 0; i < plan->n_periods; i++) {
		const kh_period *p = &plan->periods[i];
		if (p->deadline < d && (!best || p->deadline >= best->deadline))
			best = p;
	}
	return best;
}

kh_date plan_default_as_of(const kh_plan *plan, kh_date today)
{
	if (!plan)
		return today;
	if (today > plan->end)
		return plan->end;
	if (today < plan->start)
		return plan->start;
	return today;
}

const kh_period *plan_period_reporting(const kh_plan *plan, kh_date d)
{
	if (!plan->n_periods)
		return NULL;
	const kh_period *found = &plan->periods[0];
	for (size_t i = 0; i < plan->n_periods; i++)
		if (plan->periods[i].cutoff <= d)
			found = &plan->periods[i];
	return found;
}
