/* Private lookup tables of a loaded plan (kh_plan.index), shared by the
 * loader that fills them and plan.c that reads and frees them. */
#ifndef KEHOACH_PLAN_INDEX_H
#define KEHOACH_PLAN_INDEX_H

#include <stddef.h>

/* A hash table from borrowed NUL-terminated keys to pointers.  Keys are not
 * copied: they must outlive the table (they are the plan's own ids). */
typedef struct kh_idmap kh_idmap;

/* A table sized for about expected keys; NULL when out of memory. */
kh_idmap *kh_idmap_new(size_t expected);
void kh_idmap_free(kh_idmap *map);

/* Insert key -> value.  Returns 0 when inserted, 1 when the key was already
 * there (its value goes to *old if old is not NULL; nothing changes), -1
 * when out of memory. */
int kh_idmap_put(kh_idmap *map, const char *key, void *value, void **old);

/* The value for key, or NULL. */
void *kh_idmap_get(const kh_idmap *map, const char *key);

typedef struct plan_index {
	kh_idmap *units;   /* id -> kh_unit * */
	kh_idmap *periods; /* id -> kh_period * */
	kh_idmap *targets; /* id -> kh_target * */
} plan_index;

#endif
