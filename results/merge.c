/*
 * merge.c - merging results documents (merge.h).
 */
#include <config.h>

#include <stdlib.h>
#include <string.h>

#include <vmlab/vmlab.h>

#include "results/flat.h"
#include "results/merge.h"
#include "results/results.h"
#include "results/summary.h"

/* The first flat key where runs @a and @b differ, outside timing and provenance. */
static void first_difference(const json_t *a, const json_t *b, char *buf, size_t len)
{
    json_t *fa = vmlab_run_flatten(a, 0), *fb = vmlab_run_flatten(b, 0);
    snprintf(buf, len, "processes");
    for (int pass = 0; pass < 2; pass++) {
        const json_t *x = pass ? fb : fa, *y = pass ? fa : fb;
        const char *key;
        json_t *v;
        json_object_foreach((json_t *)x, key, v) {
            if (!strncmp(key, "timing.", 7) || !strcmp(key, "source"))
                continue;
            const json_t *w = json_object_get(y, key);
            if (w && json_equal(v, w))
                continue;
            char t1[64], t2[64];
            const char *s1 = vmlab_scalar_text(pass ? w : v, t1, sizeof t1);
            const char *s2 = vmlab_scalar_text(pass ? v : w, t2, sizeof t2);
            snprintf(buf, len, "%s: %s vs %s", key, pass ? (w ? s1 : "absent") : s1,
                     pass ? s2 : (w ? s2 : "absent"));
            pass = 2;
            break;
        }
    }
    json_decref(fa);
    json_decref(fb);
}

/* @run without timing and provenance: what two runs of one cell and seed must share. */
static json_t *results_of(const json_t *run)
{
    json_t *r = json_copy((json_t *)run);
    json_object_del(r, "timing");
    json_object_del(r, "source");
    return r;
}

static int merge_units(json_t *units, const json_t *doc, const char *name, json_t *owner,
                       struct vmlab_error *err)
{
    const char *key;
    json_t *u;
    json_object_foreach(json_object_get(doc, "units"), key, u) {
        const json_t *have = json_object_get(units, key);
        if (have && !json_equal(have, u))
            return vmlab_error_set(err, VMLAB_EINPUT,
                                   "%s: $.units.%s: is \"%s\" but %s says \"%s\": the documents "
                                   "measure %s differently and cannot be merged",
                                   name, key, json_string_value(u) ? json_string_value(u) : "?",
                                   json_string_value(json_object_get(owner, key)),
                                   json_string_value(have) ? json_string_value(have) : "?", key);
        if (!have) {
            json_object_set(units, key, u);
            json_object_set_new(owner, key, json_string(name));
        }
    }
    return 0;
}

/* The value every source agrees on for @member, or NULL. */
static json_t *agreed(const json_t *sources, const char *member)
{
    json_t *first = json_object_get(json_array_get(sources, 0), member);
    size_t i;
    json_t *s;
    json_array_foreach(sources, i, s)
        if (!first || !json_equal(first, json_object_get(s, member)))
            return NULL;
    return first;
}

int vmlab_results_merge(const json_t *const *docs, const char *const *names, size_t n, json_t **out,
                        struct vmlab_merge_report *rep, struct vmlab_error *err)
{
    *out = NULL;
    memset(rep, 0, sizeof *rep);
    json_t *units = json_object(), *unit_owner = json_object(), *sources = json_array();
    json_t *runs = json_array(), *seen = json_object(), *origin = json_array();
    int rc = !units || !unit_owner || !sources || !runs || !seen || !origin
                 ? vmlab_error_set(err, VMLAB_ESYSTEM, "out of memory")
                 : 0;
    for (size_t d = 0; d < n && !rc; d++) {
        rc = merge_units(units, docs[d], names[d], unit_owner, err);
        size_t offset = json_array_size(sources);
        const json_t *own = json_object_get(docs[d], "sources");
        if (!rc && own) {
            size_t i;
            json_t *s;
            json_array_foreach(own, i, s)
                json_array_append_new(sources, json_deep_copy(s));
        } else if (!rc) {
            json_t *s = json_pack("{s:s, s:O?, s:O?, s:O?}", "file", names[d], "vmlab",
                                  json_object_get(docs[d], "vmlab"), "host",
                                  json_object_get(docs[d], "host"), "experiment",
                                  json_object_get(docs[d], "experiment"));
            json_array_append_new(sources, s);
        }
        size_t i;
        json_t *run;
        json_array_foreach(json_object_get(docs[d], "runs"), i, run) {
            if (rc)
                break;
            char *id = vmlab_run_identity(run);
            if (!id) {
                rc = vmlab_error_set(err, VMLAB_ESYSTEM, "out of memory");
                break;
            }
            json_t *prev = json_object_get(seen, id);
            if (prev) {
                const json_t *where = json_array_get(origin, json_integer_value(prev));
                const json_t *earlier = json_array_get(runs, json_integer_value(prev));
                json_t *a = results_of(earlier), *b = results_of(run);
                bool same = json_equal(a, b);
                json_decref(a);
                json_decref(b);
                if (same) {
                    rep->duplicates++;
                } else {
                    char diff[256];
                    first_difference(earlier, run, diff, sizeof diff);
                    rc = vmlab_error_set(
                        err, VMLAB_EINPUT,
                        "%s: $.runs[%zu]: the same cell and seed as %s $.runs[%" JSON_INTEGER_FORMAT
                        "] but different results (%s)",
                        names[d], i, names[json_integer_value(json_array_get(where, 0))],
                        json_integer_value(json_array_get(where, 1)), diff);
                }
                free(id);
                continue;
            }
            json_object_set_new(seen, id, json_integer((json_int_t)json_array_size(runs)));
            free(id);
            json_t *copy = json_deep_copy(run);
            const json_t *src = json_object_get(run, "source");
            size_t index = offset + (own && src ? (size_t)json_integer_value(src) : 0);
            json_object_set_new(copy, "source", json_integer((json_int_t)index));
            json_array_append_new(runs, copy);
            json_array_append_new(origin, json_pack("[I, I]", (json_int_t)d, (json_int_t)i));
        }
    }
    json_t *doc = NULL;
    if (!rc) {
        doc = json_pack("{s:s, s:s}", "schema", VMLAB_RESULTS_SCHEMA, "vmlab", vmlab_version());
        json_t *host = agreed(sources, "host"), *exp = agreed(sources, "experiment");
        if (host)
            json_object_set(doc, "host", host);
        if (exp)
            json_object_set(doc, "experiment", exp);
        json_object_set(doc, "units", units);
        json_object_set(doc, "sources", sources);
        json_object_set(doc, "runs", runs);
        rc = vmlab_results_summarize(doc, err);
        rep->runs = json_array_size(runs);
        rep->sources = json_array_size(sources);
        rep->versions_differ = !agreed(sources, "vmlab");
    }
    json_decref(units);
    json_decref(unit_owner);
    json_decref(sources);
    json_decref(runs);
    json_decref(seen);
    json_decref(origin);
    if (rc) {
        json_decref(doc);
        return rc;
    }
    *out = doc;
    return 0;
}
