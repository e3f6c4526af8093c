/*
 * summary.c - grouping runs and summarising each group's metrics
 * (summary.h). Groups are found through a JSON object used as a hash map
 * from the group's key (its params, dumped compactly with sorted keys) to
 * its index, so grouping is linear in the runs.
 */
#include <config.h>

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "results/flat.h"
#include "results/stats.h"
#include "results/summary.h"

struct group {
    json_t *params; /* the group's key values (owned) */
    json_t *seeds;  /* distinct seeds, in run order (owned) */
    json_t *runs;   /* run indices (owned) */
    json_t **flats; /* flattened runs (borrowed from the flats array) */
    size_t n, cap;
};

/* Is flat key @k a statistic (not a param, timing or provenance)? */
static bool is_stat_key(const char *k)
{
    return strncmp(k, "params.", 7) && strncmp(k, "timing.", 7) && strcmp(k, "source") &&
           strncmp(k, "source.", 7);
}

static json_t *num_or_null(double x)
{
    return isfinite(x) ? json_real(x) : json_null();
}

/* Statistics of every stat key of the group's runs, in order of first appearance. */
static json_t *group_stats(const struct group *g, double tq[2])
{
    json_t *stats = json_object();
    double *x = malloc((g->n ? g->n : 1) * sizeof *x);
    if (!stats || !x) {
        free(x);
        json_decref(stats);
        return NULL;
    }
    for (size_t r = 0; r < g->n; r++) {
        const char *key;
        json_t *v;
        json_object_foreach(g->flats[r], key, v) {
            if (!json_is_number(v) || !is_stat_key(key) || json_object_get(stats, key))
                continue;
            size_t n = 0;
            bool counts = true; /* every value an integer: min and max are too */
            for (size_t q = 0; q < g->n; q++) {
                const json_t *y = json_object_get(g->flats[q], key);
                if (vmlab_number(y, &x[n])) {
                    counts &= json_is_integer(y);
                    n++;
                }
            }
            struct vmlab_stats s;
            vmlab_stats_compute(x, n, VMLAB_CONFIDENCE, tq, &s);
            json_object_set_new(
                stats, key,
                json_pack("{s:I, s:o, s:o, s:o, s:o, s:o}", "n", (json_int_t)s.n, "mean",
                          num_or_null(s.mean), "sd", num_or_null(s.sd), "ci95", num_or_null(s.ci),
                          "min", counts ? json_integer((json_int_t)s.min) : num_or_null(s.min),
                          "max", counts ? json_integer((json_int_t)s.max) : num_or_null(s.max)));
        }
    }
    free(x);
    return stats;
}

static json_t *by_params(const json_t *flat, const char *const *by, size_t nby)
{
    json_t *p = json_object();
    for (size_t k = 0; k < nby; k++) {
        json_t *v = vmlab_flat_get(flat, by[k], NULL);
        json_object_set(p, by[k], v ? v : json_null());
    }
    return p;
}

json_t *vmlab_summarize(const json_t *runs, const char *const *by, size_t nby,
                        struct vmlab_error *err)
{
    size_t nruns = json_array_size(runs);
    json_t *flats = json_array(), *seen = json_object(), *index = json_object();
    struct group *groups = calloc(nruns ? nruns : 1, sizeof *groups);
    size_t ngroups = 0;
    int rc = !flats || !seen || !index || !groups;
    for (size_t i = 0; i < nruns && !rc; i++) {
        const json_t *run = json_array_get(runs, i);
        char *id = vmlab_run_identity(run);
        if (!id) {
            rc = 1;
            break;
        }
        bool dup = json_object_get(seen, id) != NULL;
        json_object_set_new(seen, id, json_true());
        free(id);
        if (dup)
            continue;
        json_t *flat = vmlab_run_flatten(run, VMLAB_FLAT_SEED_FREE);
        json_array_append_new(flats, flat);
        json_t *key = nby ? by_params(flat, by, nby) : vmlab_run_cell(run);
        char *ks = json_dumps(key, JSON_COMPACT | JSON_SORT_KEYS);
        json_t *gi = ks ? json_object_get(index, ks) : NULL;
        struct group *g;
        if (gi) {
            g = &groups[json_integer_value(gi)];
            json_decref(key);
        } else {
            g = &groups[ngroups];
            *g = (struct group){.params = key, .seeds = json_array(), .runs = json_array()};
            if (ks)
                json_object_set_new(index, ks, json_integer((json_int_t)ngroups));
            ngroups++;
        }
        free(ks);
        if (g->n == g->cap) {
            g->cap = g->cap ? 2 * g->cap : 4;
            json_t **nf = realloc(g->flats, g->cap * sizeof *nf);
            if (!nf) {
                rc = 1;
                break;
            }
            g->flats = nf;
        }
        g->flats[g->n++] = flat;
        json_array_append_new(g->runs, json_integer((json_int_t)i));
        json_t *seed = json_object_get(json_object_get(run, "params"), "seed");
        bool have = false;
        size_t j;
        json_t *s;
        json_array_foreach(g->seeds, j, s)
            have |= json_equal(s, seed);
        if (seed && !have)
            json_array_append(g->seeds, seed);
    }
    /* a --by key that names nothing in any run is a typo, not a group of nulls */
    for (size_t k = 0; k < nby && !rc; k++) {
        bool found = false;
        for (size_t i = 0; i < json_array_size(flats) && !found; i++)
            found = vmlab_flat_get(json_array_get(flats, i), by[k], NULL) != NULL;
        if (!found && nruns) {
            vmlab_error_set(err, VMLAB_EINPUT, "no run has a param or metric '%s'", by[k]);
            rc = 2;
        }
    }
    json_t *out = rc ? NULL : json_array();
    double tq[2] = {0, 0};
    for (size_t i = 0; i < ngroups; i++) {
        struct group *g = &groups[i];
        if (out)
            json_array_append_new(out, json_pack("{s:O, s:O, s:O, s:o}", "params", g->params,
                                                 "seeds", g->seeds, "runs", g->runs, "stats",
                                                 group_stats(g, tq)));
        json_decref(g->params);
        json_decref(g->seeds);
        json_decref(g->runs);
        free(g->flats);
    }
    free(groups);
    json_decref(flats);
    json_decref(seen);
    json_decref(index);
    if (rc == 1)
        vmlab_error_set(err, VMLAB_ESYSTEM, "out of memory");
    return out;
}

int vmlab_results_summarize(json_t *doc, struct vmlab_error *err)
{
    json_t *cells = vmlab_summarize(json_object_get(doc, "runs"), NULL, 0, err);
    if (!cells)
        return VMLAB_ESYSTEM;
    bool repeated = false;
    size_t i;
    json_t *c;
    json_array_foreach(cells, i, c)
        repeated |= json_array_size(json_object_get(c, "seeds")) >= 2;
    if (!repeated) {
        json_decref(cells);
        json_object_del(doc, "summary");
        return 0;
    }
    json_t *summary = json_pack("{s:f, s:o}", "confidence", VMLAB_CONFIDENCE, "cells", cells);
    if (!summary || json_object_set_new(doc, "summary", summary))
        return vmlab_error_set(err, VMLAB_ESYSTEM, "out of memory");
    return 0;
}
