/*
 * view.c - what `vmlab results show` and `vmlab plot` share to present a
 * results document: short labels, the params that vary, filtering runs.
 *
 * Short labels: a canonical spec spells out every parameter
 * ("clock:flush=true"); a table column or a legend needs only what tells
 * the items apart. Each label is cut to its name, plus the parameters whose
 * values differ among the labels of the same name:
 *
 *   lru, clock:flush=true, clock:flush=false   ->  lru, clock:flush=true, clock:flush=false
 *   lru, clock:flush=true                      ->  lru, clock
 *   zipf:pages=10,alpha=0.9  zipf:pages=10,alpha=1.2  ->  zipf:alpha=0.9, zipf:alpha=1.2
 */
#include <config.h>

#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "results/flat.h"
#include "results/summary.h"

/* The key of item "k=v" (its length up to '='). */
static size_t item_key_len(const char *item)
{
    return strcspn(item, "=");
}

/* The value of key @key (length @klen) among @items, or NULL. */
static const char *item_value(const json_t *items, const char *key, size_t klen)
{
    for (size_t i = 1; i < json_array_size(items); i++) {
        const char *it = json_string_value(json_array_get(items, i));
        if (item_key_len(it) == klen && !strncmp(it, key, klen))
            return it + klen;
    }
    return NULL;
}

void cli_short_labels(const char *const *labels, size_t n, char **out)
{
    json_t **items = cli_need(malloc((n ? n : 1) * sizeof *items));
    for (size_t i = 0; i < n; i++)
        items[i] = vmlab_label_items(labels[i]);
    for (size_t i = 0; i < n; i++) {
        const char *name = json_string_value(json_array_get(items[i], 0));
        json_t *keep = json_pack("[s]", name);
        for (size_t k = 1; k < json_array_size(items[i]); k++) {
            const char *it = json_string_value(json_array_get(items[i], k));
            size_t klen = item_key_len(it);
            bool differs = false;
            for (size_t j = 0; j < n && !differs; j++) {
                if (strcmp(json_string_value(json_array_get(items[j], 0)), name))
                    continue;
                const char *other = item_value(items[j], it, klen);
                differs = !other || strcmp(other, it + klen);
            }
            if (differs)
                json_array_append_new(keep, json_string(it));
        }
        out[i] = vmlab_label_join(keep);
        json_decref(keep);
    }
    for (size_t i = 0; i < n; i++)
        json_decref(items[i]);
    free(items);
}

bool cli_by_memory(const json_t *doc)
{
    const json_t *exp = json_object_get(doc, "experiment");
    if (exp)
        return json_object_get(exp, "memory") != NULL;
    const json_t *sources = json_object_get(doc, "sources");
    size_t i;
    const json_t *s;
    json_array_foreach(sources, i, s)
        if (!json_object_get(json_object_get(s, "experiment"), "memory"))
            return false;
    return json_array_size(sources) > 0;
}

json_t *cli_varying_params(const json_t *runs, bool by_memory)
{
    json_t *cells = json_array();
    size_t i;
    json_t *run;
    json_array_foreach(runs, i, run)
        json_array_append_new(cells, vmlab_run_cell(run));
    /* every key of any cell, in order of first appearance */
    json_t *keys = json_object();
    json_t *c;
    json_array_foreach(cells, i, c) {
        const char *k;
        json_t *v;
        json_object_foreach(c, k, v)
            json_object_set_new(keys, k, json_false());
    }
    const char *k;
    json_t *flag;
    json_object_foreach(keys, k, flag) {
        const json_t *first = json_object_get(json_array_get(cells, 0), k);
        json_array_foreach(cells, i, c)
            if (!json_equal(first, json_object_get(c, k)) &&
                !(first == NULL && json_object_get(c, k) == NULL)) {
                json_object_set_new(keys, k, json_true());
                break;
            }
    }
    json_t *out = json_array();
    json_object_foreach(keys, k, flag) {
        if (!json_is_true(flag))
            continue;
        size_t len = strlen(k);
        /* X_name beside a varying X says nothing more */
        if (len > 5 && !strcmp(k + len - 5, "_name")) {
            char base[256];
            snprintf(base, sizeof base, "%.*s", (int)(len - 5), k);
            if (json_is_true(json_object_get(keys, base)))
                continue;
        }
        /* memory is frames x page size: the one the experiment gave says it all */
        if (!strcmp(k, by_memory ? "frames" : "memory_bytes"))
            continue;
        json_array_append_new(out, json_string(k));
    }
    json_decref(keys);
    json_decref(cells);
    return out;
}

int cli_filter_runs(const char *cmd, json_t *doc, const char *where)
{
    if (!where)
        return 0;
    json_t *runs = json_object_get(doc, "runs");
    char *copy = cli_need(strdup(where)), *save = NULL;
    int rc = 0;
    for (char *t = strtok_r(copy, ",", &save); t && !rc; t = strtok_r(NULL, ",", &save)) {
        char *eq = strchr(t, '=');
        if (!eq || eq == t) {
            rc = cli_usage(cmd, "--where: expected KEY=VALUE, got '%s'", t);
            break;
        }
        *eq = '\0';
        json_t *kept = json_array();
        bool known = false;
        size_t i;
        json_t *run;
        json_array_foreach(runs, i, run) {
            int m = vmlab_run_matches(run, t, eq + 1);
            known |= m >= 0;
            if (m == 1)
                json_array_append(kept, run);
        }
        if (!known && json_array_size(runs))
            rc = cli_usage(cmd, "--where: no run has a param or metric '%s'", t);
        else if (!json_array_size(kept))
            rc = cli_usage(cmd, "--where: no run has %s = %s", t, eq + 1);
        else
            json_object_set(doc, "runs", kept);
        runs = json_object_get(doc, "runs");
        json_decref(kept);
    }
    free(copy);
    if (!rc)
        rc = vmlab_results_summarize(doc, NULL) ? EXIT_RUNTIME : 0;
    return rc;
}
