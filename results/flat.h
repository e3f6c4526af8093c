/*
 * flat.h - a run of the results document as flat keys (module-internal),
 * the one view that CSV export, `vmlab results show`, the seed summary and
 * the plots share:
 *
 *   {"params": {"policy": "lru", "frames": 4}, "metrics": {"faults": 9},
 *    "translation": {"tlb": [{"name": "L1d-4K", "mpki": 1.5}], "walk_refs": [3, 1],
 *                    "cycles": {"total": 120}}}
 *
 *   params.policy = "lru"   params.frames = 4   metrics.faults = 9
 *   translation.tlb.L1d-4K.mpki = 1.5   translation.walk_refs.0 = 3
 *   translation.walk_refs.1 = 1   translation.cycles.total = 120
 *
 * Objects join their keys with '.'; an array of objects that all carry a
 * distinct string "name" is keyed by name (an array of objects with "asid"
 * by ASID), any other array by index. "processes" (per-ASID records) and
 * "seeded" are left out: CSV gives processes rows of their own.
 *
 * A run's cell is its params without the seed: the `seed` param, and the
 * `seed=N` parameter of every spec label the run's seed filled in (named in
 * the run's "seeded" list). Runs with the same cell differ only in seed; a
 * run is identified by its cell and its seed.
 */
#ifndef VMLAB_RESULTS_FLAT_H
#define VMLAB_RESULTS_FLAT_H

#include <stdbool.h>
#include <stddef.h>

#include <jansson.h>

/* flatten flags */
#define VMLAB_FLAT_SEED_FREE 1u /* the params of the cell: no seed (vmlab_run_cell) */

/*
 * @run's members flattened into a new object ("params.policy", ...), in the
 * order of the document. Values are borrowed from @run (their references
 * taken), except the seed-free labels. Return: new reference, or NULL.
 */
json_t *vmlab_run_flatten(const json_t *run, unsigned flags);

/*
 * @flat[@key], or failing that @flat["metrics." @key], @flat["params." @key] or
 * @flat["translation." @key] (so "faults" names metrics.faults, "policy"
 * params.policy, "cycles_per_ref" translation.cycles_per_ref). @full, when not
 * NULL, receives the key found (borrowed from @flat). Return: borrowed or NULL.
 */
json_t *vmlab_flat_get(const json_t *flat, const char *key, const char **full);

/* The cell of @run: its params without the seed (see above). Return: new reference. */
json_t *vmlab_run_cell(const json_t *run);

/* The cell of @run and its seed as one string, equal for the same run. Return: malloc'd. */
char *vmlab_run_identity(const json_t *run);

/*
 * A spec label split into its name and its "k=v" items (commas inside
 * quotes kept): "clock:flush=true,k='a,b'" -> ["clock", "flush=true",
 * "k='a,b'"]. Return: new array.
 */
json_t *vmlab_label_items(const char *label);

/* The label of @items (vmlab_label_items' inverse). Return: malloc'd. */
char *vmlab_label_join(const json_t *items);

/* @label without its seed=... parameter ("zipf:n=1,seed=3" -> "zipf:n=1"). Return: malloc'd. */
char *vmlab_label_without_seed(const char *label);

/*
 * Does @run's flat key @key (found as vmlab_flat_get finds it) hold @value?
 * A string matches whole, without its seed, or by its spec name ("clock"
 * matches "clock:flush=true"); a number numerically, sizes with a suffix
 * allowed ("64M"); a boolean as true/false. Return: 1 it matches, 0 it
 * does not, -1 the run has no such key.
 */
int vmlab_run_matches(const json_t *run, const char *key, const char *value);

/* Text of @x that reads back as the same double: the shortest of %.15g, %.16g, %.17g. */
void vmlab_real_text(double x, char *buf, size_t len);

/*
 * The text of a scalar: a string itself, an integer exactly, a real as
 * vmlab_real_text, true/false, "" for null or a container. Return: @buf, or
 * the string's own text (borrowed).
 */
const char *vmlab_scalar_text(const json_t *v, char *buf, size_t len);

/* A number's value as a double (false when @v is not a number). */
bool vmlab_number(const json_t *v, double *x);

#endif /* VMLAB_RESULTS_FLAT_H */
