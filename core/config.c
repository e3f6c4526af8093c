/*
 * config.c - experiment files (config.h): JSON in, validated sweep out.
 *
 * Validation happens here, before any cell runs: every key is known, every
 * policy and workload exists with valid parameters, every size is positive,
 * so that a typo in the last cell of a long sweep is reported in a second,
 * not after an hour.
 */
#include <config.h>

#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <vmlab/frames.h>
#include <vmlab/mrc.h>

#include "alloc.h"
#include "config.h"
#include "mmu/desc.h"

#define MAX_SAMPLE_PAGES (UINT64_C(1) << 30) /* one-pass curves (issue 8) */

/* ---- small helpers ---- */

static void known_names(int is_policy, char *buf, size_t len, char *hint, size_t hlen,
                        const char *name)
{
    const char *names[256];
    size_t n = is_policy ? vmlab_policy_count() : vmlab_workload_count(), used = 0;
    if (n > 256)
        n = 256;
    buf[0] = '\0';
    for (size_t i = 0; i < n; i++) {
        names[i] = is_policy ? vmlab_policy_at(i)->name : vmlab_workload_at(i)->name;
        if (used < len)
            used += (size_t)snprintf(buf + used, len - used, "%s%s", i ? ", " : "", names[i]);
    }
    vmlab_suggest(name, names, n, hint, hlen);
}

/* An allocation by name ("fixed", "ws", "pff"); its parameters are vmlab_allocation_params. */
static int lookup_allocation(struct vmlab_spec *s, const char *name, const char *where,
                             struct vmlab_error *err)
{
    static const char *const names[] = {"fixed", "ws", "pff"};
    for (int a = 0; a < 3; a++)
        if (!strcmp(name, names[a])) {
            s->allocation = a;
            vmlab_params_init(&s->params, vmlab_allocation_params(a));
            return 0;
        }
    char hint[64];
    vmlab_suggest(name, names, 3, hint, sizeof hint);
    return vmlab_error_set(err, VMLAB_EINPUT, "%s: unknown allocation '%s'%s (known: fixed, ws, pff)",
                           where, name, hint);
}

static int lookup(struct vmlab_spec *s, const char *name, int is_policy, const char *where,
                  struct vmlab_error *err)
{
    const struct vmlab_param_desc *desc;
    if (is_policy == VMLAB_SPEC_ALLOCATION)
        return lookup_allocation(s, name, where, err);
    if (is_policy) {
        s->policy = vmlab_policy_find(name);
        desc = s->policy ? s->policy->params : NULL;
    } else {
        s->workload = vmlab_workload_find(name);
        desc = s->workload ? s->workload->params : NULL;
    }
    if (!s->policy && !s->workload) {
        char known[1024], hint[64];
        known_names(is_policy, known, sizeof known, hint, sizeof hint, name);
        return vmlab_error_set(err, VMLAB_EINPUT, "%s: unknown %s '%s'%s (known: %s)", where,
                               is_policy ? "policy" : "workload", name, hint, known);
    }
    vmlab_params_init(&s->params, desc);
    return 0;
}

int vmlab_spec_parse(struct vmlab_spec *s, const char *text, int is_policy, const char *where,
                     struct vmlab_error *err)
{
    memset(s, 0, sizeof *s);
    char name[64];
    const char *ptext;
    int rc = vmlab_spec_split(text, name, sizeof name, &ptext, where, err);
    if (!rc)
        rc = lookup(s, name, is_policy, where, err);
    if (!rc)
        rc = vmlab_params_parse(&s->params, s->params.desc, ptext, where, err);
    if (!rc && !(s->where = strdup(where)))
        rc = vmlab_error_set(err, VMLAB_ESYSTEM, "out of memory");
    if (rc)
        vmlab_spec_free(s);
    return rc;
}

void vmlab_spec_free(struct vmlab_spec *s)
{
    vmlab_params_free(&s->params);
    free(s->where);
    s->where = NULL;
}

int vmlab_json_param_text(const json_t *v, char *buf, size_t len)
{
    switch (json_typeof(v)) {
    case JSON_STRING: snprintf(buf, len, "%s", json_string_value(v)); return 0;
    case JSON_INTEGER: snprintf(buf, len, "%" JSON_INTEGER_FORMAT, json_integer_value(v)); return 0;
    case JSON_REAL: snprintf(buf, len, "%.17g", json_real_value(v)); return 0;
    case JSON_TRUE: snprintf(buf, len, "true"); return 0;
    case JSON_FALSE: snprintf(buf, len, "false"); return 0;
    default: return -1;
    }
}

/* Write a scalar parameter value as spec text, quoted when it holds , = ; or a quote. */
static int put_spec_value(FILE *f, const json_t *v)
{
    char num[64];
    const char *text = json_string_value(v);
    if (!text) {
        if (vmlab_json_param_text(v, num, sizeof num))
            return -1;
        text = num;
    }
    char q = strchr(text, '\'') ? '"' : '\'';
    if (strpbrk(text, ",=;'\"") || !*text)
        fprintf(f, "%c%s%c", q, text, q);
    else
        fputs(text, f);
    return 0;
}

/*
 * The text of a list parameter value (a mix's procs): its items joined by
 * ';', a string item as it is, an object item {"name": ..., params} (or
 * {"trace": PATH, ...}) spelled as a spec "name:k=v,...".
 * Return: malloc'd text, or NULL with @err filled.
 */
static char *json_list_text(const json_t *v, const char *path, struct vmlab_error *err)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    if (!f) {
        vmlab_error_set(err, VMLAB_ESYSTEM, "out of memory");
        return NULL;
    }
    int rc = 0;
    size_t i;
    const json_t *item;
    json_array_foreach(v, i, item) {
        if (i)
            fputc(';', f);
        if (json_is_string(item)) {
            fputs(json_string_value(item), f);
            continue;
        }
        const json_t *name = json_object_get(item, "name");
        const json_t *trace = json_object_get(item, "trace");
        if (!json_is_object(item) || (name && !json_is_string(name)) || (!name && !trace)) {
            rc = vmlab_error_set(err, VMLAB_EINPUT,
                                 "%s[%zu]: expected a spec: a string \"name:key=value,...\" or "
                                 "an object {\"name\": ..., params}",
                                 path, i);
            break;
        }
        fputs(name ? json_string_value(name) : "trace", f);
        const char *key;
        const json_t *val;
        char sep = ':';
        json_object_foreach((json_t *)item, key, val) {
            if (!strcmp(key, "name"))
                continue;
            fprintf(f, "%c%s=", sep, !strcmp(key, "trace") && !name ? "path" : key);
            sep = ',';
            if (put_spec_value(f, val)) {
                rc = vmlab_error_set(err, VMLAB_EINPUT,
                                     "%s[%zu].%s: expected a string, number or boolean", path, i,
                                     key);
                break;
            }
        }
        if (rc)
            break;
    }
    if (fclose(f) && !rc)
        rc = vmlab_error_set(err, VMLAB_ESYSTEM, "out of memory");
    if (rc) {
        free(buf);
        return NULL;
    }
    return buf;
}

static int spec_from_json(struct vmlab_spec *s, const json_t *v, int is_policy, const char *where,
                          struct vmlab_error *err)
{
    const char *what = is_policy == VMLAB_SPEC_ALLOCATION ? "an allocation"
                       : is_policy                        ? "a policy"
                                                          : "a workload";
    if (json_is_string(v))
        return vmlab_spec_parse(s, json_string_value(v), is_policy, where, err);
    if (!json_is_object(v))
        return vmlab_error_set(err, VMLAB_EINPUT,
                               "%s: expected %s: a string \"name:key=value,...\" or an object "
                               "{\"name\": ..., params}",
                               where, what);
    memset(s, 0, sizeof *s);
    const json_t *name = json_object_get(v, "name");
    const json_t *trace = is_policy ? NULL : json_object_get(v, "trace");
    int rc;
    if (name && !json_is_string(name))
        return vmlab_error_set(err, VMLAB_EINPUT, "%s.name: expected a string", where);
    if (!name && !trace)
        return vmlab_error_set(err, VMLAB_EINPUT, "%s: expected a \"name\" member%s", where,
                               is_policy ? "" : " (or \"trace\": PATH)");
    rc = lookup(s, name ? json_string_value(name) : "trace", is_policy, where, err);
    const char *key;
    const json_t *val;
    char path[512];
    size_t cap = 4096;
    char *text = malloc(cap);
    if (!rc && !text)
        rc = vmlab_error_set(err, VMLAB_ESYSTEM, "out of memory");
    json_object_foreach((json_t *)v, key, val) {
        if (rc)
            break;
        if (!strcmp(key, "name"))
            continue;
        const char *pname = !strcmp(key, "trace") && !name ? "path" : key;
        snprintf(path, sizeof path, "%s.%s", where, key);
        if (json_is_string(val) && strlen(json_string_value(val)) >= cap) {
            cap = strlen(json_string_value(val)) + 1;
            char *nt = realloc(text, cap);
            if (!nt) {
                rc = vmlab_error_set(err, VMLAB_ESYSTEM, "out of memory");
                break;
            }
            text = nt;
        }
        if (json_is_array(val)) { /* a list: a mix's procs */
            char *list = json_list_text(val, path, err);
            rc = list ? vmlab_params_set(&s->params, pname, list, where, err) : err->code;
            free(list);
        } else if (vmlab_json_param_text(val, text, cap)) {
            rc = vmlab_error_set(err, VMLAB_EINPUT,
                                 "%s: expected a string, number, boolean or list parameter value",
                                 path);
        } else {
            rc = vmlab_params_set(&s->params, pname, text, where, err);
        }
    }
    free(text);
    if (!rc)
        rc = vmlab_params_finish(&s->params, where, err);
    if (!rc && !(s->where = strdup(where)))
        rc = vmlab_error_set(err, VMLAB_ESYSTEM, "out of memory");
    if (rc)
        vmlab_spec_free(s);
    return rc;
}

/* ---- axes ---- */

/* The elements of a scalar-or-list value: (*items, *n) borrowed; *is_list tells which. */
static int axis_items(const json_t *v, const char *key, const json_t ***items, size_t *n,
                      int *is_list, struct vmlab_error *err)
{
    if (json_is_array(v)) {
        *n = json_array_size(v);
        if (!*n)
            return vmlab_error_set(err, VMLAB_EINPUT, "$.%s: expected a value or a non-empty list",
                                   key);
        *items = malloc(*n * sizeof **items);
        if (!*items)
            return vmlab_error_set(err, VMLAB_ESYSTEM, "out of memory");
        for (size_t i = 0; i < *n; i++)
            (*items)[i] = json_array_get(v, i);
        *is_list = 1;
    } else {
        *n = 1;
        *items = malloc(sizeof **items);
        if (!*items)
            return vmlab_error_set(err, VMLAB_ESYSTEM, "out of memory");
        (*items)[0] = v;
        *is_list = 0;
    }
    return 0;
}

static void item_path(char *buf, size_t len, const char *key, size_t i, int is_list)
{
    if (is_list)
        snprintf(buf, len, "$.%s[%zu]", key, i);
    else
        snprintf(buf, len, "$.%s", key);
}

static int parse_specs(const json_t *v, const char *key, int is_policy, struct vmlab_spec **out,
                       size_t *nout, struct vmlab_error *err)
{
    const json_t **items;
    size_t n;
    int is_list;
    int rc = axis_items(v, key, &items, &n, &is_list, err);
    if (rc)
        return rc;
    *out = calloc(n, sizeof **out);
    if (!*out) {
        free(items);
        return vmlab_error_set(err, VMLAB_ESYSTEM, "out of memory");
    }
    for (size_t i = 0; i < n && !rc; i++) {
        char where[64];
        item_path(where, sizeof where, key, i, is_list);
        rc = spec_from_json(&(*out)[i], items[i], is_policy, where, err);
        if (!rc)
            *nout = i + 1;
    }
    free(items);
    return rc;
}

enum num_kind { NUM_COUNT, NUM_SIZE, NUM_SEED };

static int parse_numbers(const json_t *v, const char *key, enum num_kind kind, uint64_t min,
                         uint64_t max, uint64_t **out, size_t *nout, struct vmlab_error *err)
{
    const json_t **items;
    size_t n;
    int is_list;
    int rc = axis_items(v, key, &items, &n, &is_list, err);
    if (rc)
        return rc;
    *out = malloc(n * sizeof **out);
    if (!*out) {
        free(items);
        return vmlab_error_set(err, VMLAB_ESYSTEM, "out of memory");
    }
    for (size_t i = 0; i < n && !rc; i++) {
        char where[64];
        item_path(where, sizeof where, key, i, is_list);
        const json_t *x = items[i];
        uint64_t val = 0;
        int ok = 0;
        if (json_is_integer(x) && json_integer_value(x) >= 0) {
            val = (uint64_t)json_integer_value(x);
            ok = 1;
        } else if (json_is_string(x) && kind == NUM_SIZE) {
            ok = !vmlab_parse_size(json_string_value(x), &val);
        }
        const char *expected = kind == NUM_SIZE   ? "a size (bytes, or a string such as \"4K\", \"64M\")"
                               : kind == NUM_SEED ? "a non-negative integer seed"
                                                  : "a positive integer";
        if (!ok) {
            char *got = json_dumps(x, JSON_ENCODE_ANY | JSON_COMPACT);
            rc = vmlab_error_set(err, VMLAB_EINPUT, "%s: expected %s, got %s", where, expected,
                                 got ? got : "?");
            free(got);
        } else if (val < min || val > max) {
            rc = vmlab_error_set(err, VMLAB_EINPUT, "%s: must be in [%" PRIu64 ", %" PRIu64
                                 "], got %" PRIu64, where, min, max, val);
        } else {
            (*out)[i] = val;
            *nout = i + 1;
        }
    }
    free(items);
    return rc;
}

/*
 * A scalar-or-list of names: (*out)[i] = the index in @names (@nnames of
 * them, @expected spells them for errors) of each item.
 */
static int parse_choice(const json_t *v, const char *key, const char *const *names,
                        size_t nnames, const char *expected, int **out, size_t *nout,
                        struct vmlab_error *err)
{
    const json_t **items;
    size_t n;
    int is_list;
    int rc = axis_items(v, key, &items, &n, &is_list, err);
    if (rc)
        return rc;
    *out = malloc(n * sizeof **out);
    if (!*out)
        rc = vmlab_error_set(err, VMLAB_ESYSTEM, "out of memory");
    for (size_t i = 0; i < n && !rc; i++) {
        char where[64];
        item_path(where, sizeof where, key, i, is_list);
        const char *s = json_string_value(items[i]);
        size_t k = 0;
        while (s && k < nnames && strcmp(s, names[k]))
            k++;
        if (!s || k == nnames) {
            char *got = json_dumps(items[i], JSON_ENCODE_ANY | JSON_COMPACT);
            rc = vmlab_error_set(err, VMLAB_EINPUT, "%s: expected %s, got %s", where, expected,
                                 got ? got : "?");
            free(got);
        } else {
            (*out)[i] = (int)k;
            *nout = i + 1;
        }
    }
    free(items);
    return rc;
}

static int parse_visibility(const json_t *v, struct vmlab_experiment *e, struct vmlab_error *err)
{
    /* by enum vmlab_visibility */
    static const char *const names[] = {"exact", "hardware"};
    return parse_choice(v, "visibility", names, 2, "\"exact\" or \"hardware\"",
                        &e->visibilities, &e->nvisibilities, err);
}

/* ---- processes and allocation (alloc): scope x allocation x quota, fault_cost ---- */

/* One item of "quota": a name, or a list of shares (positive integers). */
struct quota_item {
    int quota;         /* enum vmlab_quota */
    uint32_t *shares;  /* VMLAB_QUOTA_SHARES (owned until moved into a manager) */
    size_t nshares;
};

static bool all_integers(const json_t *a)
{
    size_t i;
    const json_t *x;
    if (!json_array_size(a))
        return false;
    json_array_foreach(a, i, x) if (!json_is_integer(x)) return false;
    return true;
}

static int quota_item(const json_t *v, const char *where, struct quota_item *q,
                      struct vmlab_error *err)
{
    memset(q, 0, sizeof *q);
    const char *s = json_string_value(v);
    if (s && !strcmp(s, "equal"))
        return 0;
    if (s && !strcmp(s, "proportional")) {
        q->quota = VMLAB_QUOTA_PROPORTIONAL;
        return 0;
    }
    if (!all_integers(v)) {
        char *got = json_dumps(v, JSON_ENCODE_ANY | JSON_COMPACT);
        int rc = vmlab_error_set(err, VMLAB_EINPUT,
                                 "%s: expected \"equal\", \"proportional\" or a list of shares "
                                 "such as [1, 2, 1], got %s",
                                 where, got ? got : "?");
        free(got);
        return rc;
    }
    q->quota = VMLAB_QUOTA_SHARES;
    q->nshares = json_array_size(v);
    q->shares = malloc(q->nshares * sizeof *q->shares);
    if (!q->shares)
        return vmlab_error_set(err, VMLAB_ESYSTEM, "out of memory");
    for (size_t i = 0; i < q->nshares; i++) {
        json_int_t x = json_integer_value(json_array_get(v, i));
        if (x < 1 || x > UINT32_MAX) {
            free(q->shares);
            q->shares = NULL;
            return vmlab_error_set(err, VMLAB_EINPUT,
                                   "%s[%zu]: a share must be an integer in [1, 4294967295], got %"
                                   JSON_INTEGER_FORMAT, where, i, x);
        }
        q->shares[i] = (uint32_t)x;
    }
    return 0;
}

/* "quota": one item, a list of shares, or a list (an axis) of items. */
static int parse_quotas(const json_t *v, struct quota_item **out, size_t *nout,
                        struct vmlab_error *err)
{
    bool one = !json_is_array(v) || all_integers(v);
    size_t n = one ? 1 : json_array_size(v);
    if (!n)
        return vmlab_error_set(err, VMLAB_EINPUT, "$.quota: expected a value or a non-empty list");
    *out = calloc(n, sizeof **out);
    if (!*out)
        return vmlab_error_set(err, VMLAB_ESYSTEM, "out of memory");
    for (size_t i = 0; i < n; i++) {
        char where[64];
        item_path(where, sizeof where, "quota", i, !one);
        int rc = quota_item(one ? v : json_array_get(v, i), where, &(*out)[i], err);
        if (rc)
            return rc;
        *nout = i + 1;
    }
    return 0;
}

/*
 * The manager axis: for each allocation, each scope (given, or the
 * allocation's own: global for fixed, local for ws and pff), and for local
 * fixed allocation each quota.
 */
static int parse_managers(const json_t *doc, struct vmlab_experiment *e, struct vmlab_error *err)
{
    static const char *const scope_names[] = {"global", "local"};  /* by enum vmlab_scope */
    const json_t *v = json_object_get(doc, "allocation");
    json_t *dflt = json_string("fixed");
    int rc = parse_specs(v ? v : dflt, "allocation", VMLAB_SPEC_ALLOCATION, &e->allocations,
                         &e->nallocations, err);
    json_decref(dflt);
    for (size_t i = 0; !rc && i < e->nallocations; i++)
        rc = alloc_params_check(e->allocations[i].allocation, &e->allocations[i].params,
                                e->allocations[i].where, err);
    int *scopes = NULL;
    size_t nscopes = 0, nquotas = 0;
    struct quota_item *quotas = NULL;
    const json_t *sv = json_object_get(doc, "scope"), *qv = json_object_get(doc, "quota");
    if (!rc && sv)
        rc = parse_choice(sv, "scope", scope_names, 2, "\"global\" or \"local\"", &scopes,
                          &nscopes, err);
    if (!rc && qv)
        rc = parse_quotas(qv, &quotas, &nquotas, err);
    struct quota_item equal = {VMLAB_QUOTA_EQUAL, NULL, 0};
    size_t cap = e->nallocations * (nscopes ? nscopes : 1) * (nquotas ? nquotas : 1);
    bool quota_used = false;
    if (!rc && !(e->managers = calloc(cap, sizeof *e->managers)))
        rc = vmlab_error_set(err, VMLAB_ESYSTEM, "out of memory");
    for (size_t a = 0; !rc && a < e->nallocations; a++) {
        const struct vmlab_spec *as = &e->allocations[a];
        int fixed = as->allocation == VMLAB_ALLOC_FIXED;
        int own = fixed ? VMLAB_SCOPE_GLOBAL : VMLAB_SCOPE_LOCAL;
        for (size_t si = 0; !rc && si < (nscopes ? nscopes : 1); si++) {
            int scope = nscopes ? scopes[si] : own;
            if (!fixed && scope == VMLAB_SCOPE_GLOBAL) {
                rc = vmlab_error_set(err, VMLAB_EINPUT,
                                     "$.scope: allocation \"%s\" (%s) sizes each process's own "
                                     "pool: it needs scope \"local\" (leave scope out for it)",
                                     vmlab_allocation_name(as->allocation), as->where);
                break;
            }
            bool q = fixed && scope == VMLAB_SCOPE_LOCAL;
            for (size_t qi = 0; !rc && qi < (q && nquotas ? nquotas : 1); qi++) {
                const struct quota_item *qu = q && nquotas ? &quotas[qi] : &equal;
                struct vmlab_manager *m = &e->managers[e->nmanagers++];
                m->scope = scope;
                m->allocation = as;
                m->has_quota = q;
                m->quota = qu->quota;
                quota_used |= q;
                if (qu->nshares && !(m->shares = malloc(qu->nshares * sizeof *m->shares))) {
                    rc = vmlab_error_set(err, VMLAB_ESYSTEM, "out of memory");
                    break;
                }
                if (qu->nshares)
                    memcpy(m->shares, qu->shares, qu->nshares * sizeof *m->shares);
                m->nshares = qu->nshares;
            }
        }
    }
    if (!rc && qv && !quota_used)
        rc = vmlab_error_set(err, VMLAB_EINPUT,
                             "$.quota: applies to scope \"local\" with allocation \"fixed\", "
                             "and no run here has both");
    for (size_t i = 0; i < nquotas; i++)
        free(quotas[i].shares);
    free(quotas);
    free(scopes);
    return rc;
}

static int parse_fault_cost(const json_t *v, struct vmlab_experiment *e, struct vmlab_error *err)
{
    e->fault_cost = VMLAB_DEFAULT_FAULT_COST;
    if (!v)
        return 0;
    if (!json_is_integer(v) || json_integer_value(v) < 0) {
        char *got = json_dumps(v, JSON_ENCODE_ANY | JSON_COMPACT);
        int rc = vmlab_error_set(err, VMLAB_EINPUT,
                                 "$.fault_cost: expected a non-negative integer (references a "
                                 "fault costs in modelled time), got %s",
                                 got ? got : "?");
        free(got);
        return rc;
    }
    e->fault_cost = (uint64_t)json_integer_value(v);
    return 0;
}

/* results and plots (issue 7): repetitions over seeds */

/*
 * "seed": N or [N, ...], or "seeds": [N, ...] or {"count": C, "first": F}
 * (C seeds F, F+1, ...; F defaults to 1). A seed given twice is refused: its
 * runs would be the same runs twice.
 */
static int parse_seeds(const json_t *doc, const json_t *dflt, struct vmlab_experiment *e,
                       struct vmlab_error *err)
{
    const json_t *seed = json_object_get(doc, "seed"), *seeds = json_object_get(doc, "seeds");
    const char *key = seeds ? "seeds" : "seed";
    int rc;
    if (seed && seeds)
        return vmlab_error_set(err, VMLAB_EINPUT, "$.seeds: give either seed or seeds, not both");
    if (json_is_object(seeds)) {
        const char *k;
        const json_t *v;
        json_object_foreach((json_t *)seeds, k, v)
            if (strcmp(k, "count") && strcmp(k, "first"))
                return vmlab_error_set(err, VMLAB_EINPUT,
                                       "$.seeds.%s: unknown key (known: count, first)", k);
        const json_t *count = json_object_get(seeds, "count");
        const json_t *first = json_object_get(seeds, "first");
        if (!json_is_integer(count) || json_integer_value(count) < 1 ||
            json_integer_value(count) > 1000000)
            return vmlab_error_set(err, VMLAB_EINPUT,
                                   "$.seeds.count: expected an integer in [1, 1000000]");
        if (first && (!json_is_integer(first) || json_integer_value(first) < 0))
            return vmlab_error_set(err, VMLAB_EINPUT,
                                   "$.seeds.first: expected a non-negative integer seed");
        e->nseeds = (size_t)json_integer_value(count);
        uint64_t f = first ? (uint64_t)json_integer_value(first) : 1;
        if (f > UINT64_MAX - e->nseeds)
            return vmlab_error_set(err, VMLAB_EINPUT, "$.seeds.first: too large");
        e->seeds = malloc(e->nseeds * sizeof *e->seeds);
        if (!e->seeds)
            return vmlab_error_set(err, VMLAB_ESYSTEM, "out of memory");
        for (size_t i = 0; i < e->nseeds; i++)
            e->seeds[i] = f + i;
        return 0;
    }
    rc = parse_numbers(seeds ? seeds : seed ? seed : dflt, key, NUM_SEED, 0, UINT64_MAX,
                       &e->seeds, &e->nseeds, err);
    for (size_t i = 0; !rc && i < e->nseeds; i++)
        for (size_t j = 0; j < i; j++)
            if (e->seeds[i] == e->seeds[j])
                return vmlab_error_set(err, VMLAB_EINPUT,
                                       "$.%s[%zu]: seed %" PRIu64 " repeats $.%s[%zu]", key, i,
                                       e->seeds[i], key, j);
    return rc;
}

static int load_plugins(const json_t *v, const char *base_dir, struct vmlab_error *err)
{
    const json_t **items;
    size_t n;
    int is_list;
    int rc = axis_items(v, "plugins", &items, &n, &is_list, err);
    for (size_t i = 0; i < n && !rc; i++) {
        char where[64], path[4096];
        item_path(where, sizeof where, "plugins", i, is_list);
        const char *p = json_string_value(items[i]);
        if (!p) {
            rc = vmlab_error_set(err, VMLAB_EINPUT, "%s: expected a plugin path", where);
            break;
        }
        if (p[0] != '/' && base_dir && base_dir[0])
            snprintf(path, sizeof path, "%s/%s", base_dir, p);
        else
            snprintf(path, sizeof path, "%s", p);
        rc = vmlab_policy_load_plugin(path, err);
        if (rc)
            vmlab_error_prefix(err, "%s", where);
    }
    if (n)
        free(items);
    return rc;
}

/* ---- one-pass curves (issue 8) ---- */

#define CURVE_MAX_SIZES (UINT64_C(1) << 24)

int vmlab_curve_sizes(uint64_t from, uint64_t to, uint64_t step, double factor, uint64_t **out,
                      size_t *n, struct vmlab_error *err)
{
    *out = NULL;
    *n = 0;
    size_t cap = 64;
    uint64_t *v = malloc(cap * sizeof *v);
    if (!v)
        return vmlab_error_set(err, VMLAB_ESYSTEM, "out of memory");
    for (uint64_t x = from; x <= to;) {
        if (*n == cap) {
            uint64_t *nv = cap < CURVE_MAX_SIZES ? realloc(v, 2 * cap * sizeof *v) : NULL;
            if (!nv) {
                free(v);
                return vmlab_error_set(err, VMLAB_EINPUT, "more than %llu sizes",
                                       (unsigned long long)CURVE_MAX_SIZES);
            }
            v = nv;
            cap *= 2;
        }
        v[(*n)++] = x;
        double next = step ? (double)x + (double)step : ceil((double)x * factor);
        if (next > (double)to || next >= 18446744073709551615.0)
            break;
        x = (uint64_t)next > x ? (uint64_t)next : x + 1;
    }
    if (!*n || v[*n - 1] != to) { /* the range always ends at @to */
        if (*n == cap) {
            uint64_t *nv = realloc(v, (cap + 1) * sizeof *v);
            if (!nv) {
                free(v);
                return vmlab_error_set(err, VMLAB_ESYSTEM, "out of memory");
            }
            v = nv;
        }
        v[(*n)++] = to;
    }
    *out = v;
    return 0;
}

/* "frames": "all" or {"from": A, "to": B | "all", "step": S | "xK"}. */
static int parse_frame_range(const json_t *v, struct vmlab_experiment *e, struct vmlab_error *err)
{
    struct vmlab_curve_spec *c = &e->curve;
    c->from = 1;
    c->step = 1;
    const json_t *to = v;
    if (!json_is_string(v)) { /* else "all" */
        const char *key;
        const json_t *val;
        json_object_foreach((json_t *)v, key, val) {
            if (strcmp(key, "from") && strcmp(key, "to") && strcmp(key, "step"))
                return vmlab_error_set(err, VMLAB_EINPUT,
                                       "$.frames.%s: unknown key (known: from, to, step)", key);
        }
        const json_t *from = json_object_get(v, "from"), *step = json_object_get(v, "step");
        to = json_object_get(v, "to");
        if (from && !(json_is_integer(from) && json_integer_value(from) >= 1 &&
                      json_integer_value(from) < UINT32_MAX))
            return vmlab_error_set(err, VMLAB_EINPUT, "$.frames.from: expected a frame count >= 1");
        if (from)
            c->from = (uint64_t)json_integer_value(from);
        if (!to)
            return vmlab_error_set(err, VMLAB_EINPUT,
                                   "$.frames.to: missing (a frame count, or \"all\": the "
                                   "workload's distinct pages)");
        if (step && json_is_integer(step) && json_integer_value(step) >= 1) {
            c->step = (uint64_t)json_integer_value(step);
        } else if (step) {
            const char *t = json_string_value(step);
            char *end = NULL;
            double f = t && (t[0] == 'x' || t[0] == '*') ? strtod(t + 1, &end) : 0;
            if (!end || *end || !(f > 1) || f > 1e6)
                return vmlab_error_set(err, VMLAB_EINPUT,
                                       "$.frames.step: expected a step >= 1 or a factor \"xK\" "
                                       "with K > 1 (\"x2\": doubling)");
            c->step = 0;
            c->factor = f;
        }
    }
    if (json_is_string(to) && !strcmp(json_string_value(to), "all")) {
        c->to_all = 1;
        e->sizes = calloc(1, sizeof *e->sizes); /* the placeholder: resolved when it runs */
        e->nsizes = 1;
        return e->sizes ? 0 : vmlab_error_set(err, VMLAB_ESYSTEM, "out of memory");
    }
    if (!json_is_integer(to) || json_integer_value(to) < (json_int_t)c->from ||
        json_integer_value(to) >= UINT32_MAX)
        return vmlab_error_set(err, VMLAB_EINPUT,
                               "$.frames.to: expected a frame count >= from (%llu), or \"all\"",
                               (unsigned long long)c->from);
    int rc = vmlab_curve_sizes(c->from, (uint64_t)json_integer_value(to), c->step, c->factor,
                               &e->sizes, &e->nsizes, err);
    return rc ? vmlab_error_prefix(err, "$.frames") : 0;
}

/* "one_pass", "sample" ("rate:R" or "size:N"), "sample_error". */
static int parse_curve_options(const json_t *doc, struct vmlab_experiment *e,
                               struct vmlab_error *err)
{
    struct vmlab_curve_spec *c = &e->curve;
    const json_t *v = json_object_get(doc, "one_pass");
    if (v && !json_is_boolean(v))
        return vmlab_error_set(err, VMLAB_EINPUT, "$.one_pass: expected true or false");
    if (v)
        c->one_pass = json_is_true(v);
    v = json_object_get(doc, "sample_error");
    if (v && !json_is_boolean(v))
        return vmlab_error_set(err, VMLAB_EINPUT, "$.sample_error: expected true or false");
    c->sample_error = v && json_is_true(v);
    v = json_object_get(doc, "sample");
    if (!v) {
        if (c->sample_error)
            return vmlab_error_set(err, VMLAB_EINPUT, "$.sample_error: needs \"sample\"");
        return 0;
    }
    const char *t = json_string_value(v);
    char *end = NULL;
    if (t && !strncmp(t, "rate:", 5)) {
        c->rate = strtod(t + 5, &end);
        c->sampling = VMLAB_MRC_FIXED_RATE;
        if (end == t + 5 || *end || !(c->rate > 0 && c->rate <= 1))
            end = NULL;
    } else if (t && !strncmp(t, "size:", 5)) {
        uint64_t n;
        c->sampling = VMLAB_MRC_FIXED_SIZE;
        if (!vmlab_parse_count(t + 5, &n) && n >= 1 && n < MAX_SAMPLE_PAGES) {
            c->max_pages = (uint32_t)n;
            end = (char *)"";
        }
    }
    if (!end)
        return vmlab_error_set(err, VMLAB_EINPUT,
                               "$.sample: expected \"rate:R\" (SHARDS at a fixed rate, 0 < R <= "
                               "1) or \"size:N\" (at most N sampled pages)");
    if (!c->one_pass)
        return vmlab_error_set(err, VMLAB_EINPUT, "$.sample: sampling needs \"one_pass\": true");
    for (size_t i = 0; i < e->npolicies; i++)
        if (c->sampling == VMLAB_MRC_FIXED_SIZE &&
            (e->policies[i].policy->flags & VMLAB_POLICY_STACK_OPT))
            return vmlab_error_set(err, VMLAB_EINPUT,
                                   "$.sample: fixed-size sampling applies to LRU curves; policy "
                                   "'%s' is OPT-like (use \"rate:R\")",
                                   e->policies[i].policy->name);
    return 0;
}

/* ---- translation model (issue 4): mmu, huge_pages, pcid ---- */

static int parse_mmus(const json_t *v, struct vmlab_experiment *e, struct vmlab_error *err)
{
    const json_t **items;
    size_t n;
    int is_list;
    int rc = axis_items(v, "mmu", &items, &n, &is_list, err);
    if (rc)
        return rc;
    e->mmus = calloc(n, sizeof *e->mmus);
    if (!e->mmus)
        rc = vmlab_error_set(err, VMLAB_ESYSTEM, "out of memory");
    for (size_t i = 0; i < n && !rc; i++) {
        char where[64];
        item_path(where, sizeof where, "mmu", i, is_list);
        rc = mmu_desc_from_json(items[i], where, e->base_dir, &e->mmus[i], err);
        e->nmmus = i + 1;
    }
    free(items);
    return rc;
}

static int parse_huge_pages(const json_t *v, struct vmlab_experiment *e, struct vmlab_error *err)
{
    static const char *const policies[] = {"never", "always", "khugepaged"};
    const json_t **items;
    size_t n;
    int is_list;
    int rc = axis_items(v, "huge_pages", &items, &n, &is_list, err);
    if (rc)
        return rc;
    e->huge_pages = calloc(n, sizeof *e->huge_pages);
    if (!e->huge_pages)
        rc = vmlab_error_set(err, VMLAB_ESYSTEM, "out of memory");
    for (size_t i = 0; i < n && !rc; i++) {
        char where[64], path[96];
        item_path(where, sizeof where, "huge_pages", i, is_list);
        const json_t *x = items[i];
        struct vmlab_huge_pages *h = &e->huge_pages[i];
        const json_t *pol = json_is_object(x) ? json_object_get(x, "policy") : x;
        snprintf(path, sizeof path, json_is_object(x) ? "%s.policy" : "%s", where);
        const char *ps = json_string_value(pol);
        int k = 0;
        while (ps && k < 3 && strcmp(ps, policies[k]))
            k++;
        if (!ps || k == 3) {
            char *got = json_dumps(pol ? pol : json_null(), JSON_ENCODE_ANY | JSON_COMPACT);
            rc = vmlab_error_set(err, VMLAB_EINPUT,
                                 "%s: expected \"never\", \"always\" or \"khugepaged\" (or an "
                                 "object {\"policy\": ..., \"size\": \"2M\", \"threshold\": N}), "
                                 "got %s",
                                 path, got ? got : "?");
            free(got);
            break;
        }
        h->policy = k;
        h->size = UINT64_C(1) << 21;
        if (json_is_object(x)) {
            const char *key;
            const json_t *val;
            json_object_foreach((json_t *)x, key, val) {
                if (strcmp(key, "policy") && strcmp(key, "size") && strcmp(key, "threshold")) {
                    rc = vmlab_error_set(err, VMLAB_EINPUT,
                                         "%s.%s: unknown key (known: policy, size, threshold)",
                                         where, key);
                    break;
                }
            }
            const json_t *sz = json_object_get(x, "size");
            uint64_t b = 0;
            if (!rc && sz &&
                (!json_is_string(sz) || vmlab_parse_size(json_string_value(sz), &b) ||
                 (b != (UINT64_C(1) << 21) && b != (UINT64_C(1) << 30))))
                rc = vmlab_error_set(err, VMLAB_EINPUT, "%s.size: expected \"2M\" or \"1G\"",
                                     where);
            if (!rc && sz)
                h->size = b;
        }
        uint64_t region = h->size >> 12;
        h->threshold = (uint32_t)region;
        const json_t *th = json_is_object(x) ? json_object_get(x, "threshold") : NULL;
        if (!rc && th) {
            if (!json_is_integer(th) || json_integer_value(th) < 1 ||
                (uint64_t)json_integer_value(th) > region)
                rc = vmlab_error_set(err, VMLAB_EINPUT,
                                     "%s.threshold: expected resident base pages in [1, %" PRIu64
                                     "] that trigger a collapse",
                                     where, region);
            else
                h->threshold = (uint32_t)json_integer_value(th);
        }
        if (!rc)
            e->nhuge_pages = i + 1;
    }
    free(items);
    return rc;
}

static int parse_pcids(const json_t *v, struct vmlab_experiment *e, struct vmlab_error *err)
{
    const json_t **items;
    size_t n;
    int is_list;
    int rc = axis_items(v, "pcid", &items, &n, &is_list, err);
    if (rc)
        return rc;
    e->pcids = calloc(n, sizeof *e->pcids);
    if (!e->pcids)
        rc = vmlab_error_set(err, VMLAB_ESYSTEM, "out of memory");
    for (size_t i = 0; i < n && !rc; i++) {
        char where[64];
        item_path(where, sizeof where, "pcid", i, is_list);
        const json_t *x = items[i];
        if (json_is_boolean(x))
            e->pcids[i] = json_is_true(x) ? 0 : -1;
        else if (json_is_integer(x) && json_integer_value(x) >= 1 &&
                 json_integer_value(x) <= VMLAB_ASID_MAX + 1)
            e->pcids[i] = (int32_t)json_integer_value(x);
        else
            rc = vmlab_error_set(err, VMLAB_EINPUT,
                                 "%s: expected true, false or a number of PCIDs in [1, 4096]",
                                 where);
        e->npcids = i + 1;
    }
    free(items);
    return rc;
}

/* The translation keys together: defaults, and what needs an MMU. */
static int parse_translation(const json_t *doc, struct vmlab_experiment *e,
                             struct vmlab_error *err)
{
    const json_t *mmu = json_object_get(doc, "mmu"), *huge = json_object_get(doc, "huge_pages"),
                 *pcid = json_object_get(doc, "pcid");
    json_t *none = json_string("none"), *never = json_string("never"), *yes = json_true();
    int rc = parse_mmus(mmu ? mmu : none, e, err);
    if (!rc)
        rc = parse_huge_pages(huge ? huge : never, e, err);
    if (!rc)
        rc = parse_pcids(pcid ? pcid : yes, e, err);
    json_decref(none);
    json_decref(never);
    json_decref(yes);
    bool any = false;
    for (size_t i = 0; !rc && i < e->nmmus; i++)
        any |= e->mmus[i] != NULL;
    if (!rc && !any && (huge || pcid))
        rc = vmlab_error_set(err, VMLAB_EINPUT,
                             "$.%s: has effect only with an \"mmu\" (a translation model)",
                             huge ? "huge_pages" : "pcid");
    for (size_t i = 0; !rc && i < e->nhuge_pages; i++)
        for (size_t j = 0; !rc && j < e->nmmus; j++)
            if (e->huge_pages[i].policy != VMLAB_HUGE_NEVER && e->mmus[j] &&
                e->mmus[j]->pt.kind != VMLAB_PT_RADIX)
                rc = vmlab_error_set(err, VMLAB_EINPUT,
                                     "$.huge_pages: huge-page promotion is modelled for radix "
                                     "page tables, and mmu '%s' has another",
                                     e->mmus[j]->name);
    return rc;
}

/* ---- the experiment ---- */

static const char *const known_keys[] = {
    "name", "description", "workload", "policy", "frames", "memory",
    "page_size", "seed", "visibility", "plugins",
    /* processes and allocation (alloc) */
    "scope", "quota", "allocation", "fault_cost",
    /* results and plots (issue 7) */
    "seeds",
    /* one-pass curves (issue 8) */
    "one_pass", "sample", "sample_error",
    /* translation model (issue 4) */
    "mmu", "huge_pages", "pcid",
};
#define NKEYS (sizeof known_keys / sizeof known_keys[0])

int vmlab_experiment_parse(struct vmlab_experiment *e, const json_t *doc, const char *source,
                           const char *base_dir, const char *default_name,
                           struct vmlab_error *err)
{
    memset(e, 0, sizeof *e);
    int rc = 0;
    if (!json_is_object(doc)) {
        rc = vmlab_error_set(err, VMLAB_EINPUT, "$: expected an object of experiment settings");
        goto out;
    }
    const char *key;
    const json_t *val;
    json_object_foreach((json_t *)doc, key, val) {
        size_t i = 0;
        while (i < NKEYS && strcmp(key, known_keys[i]))
            i++;
        if (i == NKEYS) {
            char hint[64], list[512];
            vmlab_suggest(key, known_keys, NKEYS, hint, sizeof hint);
            size_t used = 0;
            for (size_t j = 0; j < NKEYS; j++)
                used += (size_t)snprintf(list + used, sizeof list - used, "%s%s", j ? ", " : "",
                                         known_keys[j]);
            rc = vmlab_error_set(err, VMLAB_EINPUT, "$.%s: unknown key%s (known: %s)", key, hint,
                                 list);
            goto out;
        }
    }
    e->doc = json_deep_copy(doc);
    e->base_dir = strdup(base_dir ? base_dir : "");
    const json_t *name = json_object_get(doc, "name");
    if (name && !json_is_string(name)) {
        rc = vmlab_error_set(err, VMLAB_EINPUT, "$.name: expected a string");
        goto out;
    }
    e->name = strdup(name ? json_string_value(name) : default_name ? default_name : "experiment");
    if (!e->doc || !e->base_dir || !e->name) {
        rc = vmlab_error_set(err, VMLAB_ESYSTEM, "out of memory");
        goto out;
    }
    const json_t *v;
    if ((v = json_object_get(doc, "plugins")) && (rc = load_plugins(v, e->base_dir, err)))
        goto out;
    if (!(v = json_object_get(doc, "workload"))) {
        rc = vmlab_error_set(err, VMLAB_EINPUT,
                             "$.workload: missing (e.g. \"zipf:pages=10000\" or "
                             "{\"trace\": \"file.txt\"})");
        goto out;
    }
    if ((rc = parse_specs(v, "workload", 0, &e->workloads, &e->nworkloads, err)))
        goto out;
    if (!(v = json_object_get(doc, "policy"))) {
        rc = vmlab_error_set(err, VMLAB_EINPUT, "$.policy: missing (e.g. [\"lru\", \"fifo\"])");
        goto out;
    }
    if ((rc = parse_specs(v, "policy", 1, &e->policies, &e->npolicies, err)))
        goto out;
    const json_t *frames = json_object_get(doc, "frames"), *memory = json_object_get(doc, "memory");
    if (frames && memory) {
        rc = vmlab_error_set(err, VMLAB_EINPUT, "$.memory: give either frames or memory, not both");
        goto out;
    }
    if (!frames && !memory) {
        rc = vmlab_error_set(err, VMLAB_EINPUT,
                             "$.frames: missing (a frame count or a list; or give \"memory\")");
        goto out;
    }
    e->by_memory = memory != NULL;
    e->curve.one_pass = 1;
    if (frames && ((json_is_string(frames) && !strcmp(json_string_value(frames), "all")) ||
                   json_is_object(frames)))
        rc = parse_frame_range(frames, e, err); /* one-pass curves (issue 8) */
    else if (frames)
        rc = parse_numbers(frames, "frames", NUM_COUNT, 1, UINT32_MAX - 1, &e->sizes, &e->nsizes,
                           err);
    else
        rc = parse_numbers(memory, "memory", NUM_SIZE, 1, UINT64_MAX, &e->sizes, &e->nsizes, err);
    if (rc)
        goto out;
    json_t *dflt_page = json_string("4K"), *dflt_seed = json_integer(1),
           *dflt_vis = json_string("exact");
    v = json_object_get(doc, "page_size");
    rc = parse_numbers(v ? v : dflt_page, "page_size", NUM_SIZE, 1, UINT64_C(1) << 40,
                       &e->page_sizes, &e->npage_sizes, err);
    for (size_t i = 0; !rc && i < e->npage_sizes; i++)
        if (e->page_sizes[i] & (e->page_sizes[i] - 1)) {
            char where[64];
            item_path(where, sizeof where, "page_size", i, json_is_array(v));
            rc = vmlab_error_set(err, VMLAB_EINPUT, "%s: a page size must be a power of two, got %"
                                 PRIu64, where, e->page_sizes[i]);
        }
    if (!rc)
        rc = parse_seeds(doc, dflt_seed, e, err);
    if (!rc) {
        v = json_object_get(doc, "visibility");
        rc = parse_visibility(v ? v : dflt_vis, e, err);
    }
    json_decref(dflt_page);
    json_decref(dflt_seed);
    json_decref(dflt_vis);
    if (!rc)
        rc = parse_managers(doc, e, err);
    if (!rc)
        rc = parse_fault_cost(json_object_get(doc, "fault_cost"), e, err);
    if (!rc)
        rc = parse_curve_options(doc, e, err); /* one-pass curves (issue 8) */
    if (!rc)
        rc = parse_translation(doc, e, err); /* translation model (issue 4) */
    /* "all" sizes come from a stack pass, which models no MMU */
    for (size_t i = 0; !rc && e->curve.to_all && i < e->nmmus; i++)
        if (e->mmus[i])
            rc = vmlab_error_set(err, VMLAB_EINPUT,
                                 "$.frames: \"all\" sizes come from a one-pass curve, which "
                                 "models no MMU (mmu '%s'): give the sizes",
                                 e->mmus[i]->name);
    /* a policy that needs every access cannot run where the OS sees only bits */
    for (size_t i = 0; !rc && i < e->nvisibilities; i++)
        for (size_t j = 0; !rc && j < e->npolicies; j++)
            if (e->visibilities[i] == VMLAB_VIS_HARDWARE &&
                (e->policies[j].policy->flags & VMLAB_POLICY_NEEDS_EXACT))
                rc = vmlab_error_set(err, VMLAB_EINPUT,
                                     "%s: policy '%s' needs visibility \"exact\" (it must be told "
                                     "of every access; an OS sees only accessed/dirty bits)",
                                     e->policies[j].where, e->policies[j].policy->name);
out:
    if (rc)
        vmlab_experiment_free(e);
    (void)source;
    return rc;
}

int vmlab_experiment_load(struct vmlab_experiment *e, const char *path, struct vmlab_error *err)
{
    memset(e, 0, sizeof *e);
    json_error_t jerr;
    json_t *doc = json_load_file(path, JSON_REJECT_DUPLICATES, &jerr);
    if (!doc) {
        if (jerr.line < 0 || jerr.position == 0)
            return vmlab_error_set(err, VMLAB_EINPUT, "%s: %s", path, jerr.text);
        return vmlab_error_set(err, VMLAB_EINPUT, "%s:%d:%d: malformed JSON: %s", path, jerr.line,
                               jerr.column, jerr.text);
    }
    char dir[4096], base[256];
    const char *slash = strrchr(path, '/');
    if (slash)
        snprintf(dir, sizeof dir, "%.*s", (int)(slash - path), path);
    else
        dir[0] = '\0';
    snprintf(base, sizeof base, "%s", slash ? slash + 1 : path);
    char *dot = strrchr(base, '.');
    if (dot && !strcmp(dot, ".json"))
        *dot = '\0';
    int rc = vmlab_experiment_parse(e, doc, path, slash ? (dir[0] ? dir : "/") : "", base, err);
    json_decref(doc);
    if (rc)
        vmlab_error_prefix(err, "%s", path);
    return rc;
}

void vmlab_experiment_free(struct vmlab_experiment *e)
{
    for (size_t i = 0; i < e->nworkloads; i++)
        vmlab_spec_free(&e->workloads[i]);
    for (size_t i = 0; i < e->npolicies; i++)
        vmlab_spec_free(&e->policies[i]);
    free(e->workloads);
    free(e->policies);
    free(e->sizes);
    free(e->page_sizes);
    free(e->seeds);
    free(e->visibilities);
    for (size_t i = 0; i < e->nallocations; i++)
        vmlab_spec_free(&e->allocations[i]);
    free(e->allocations);
    for (size_t i = 0; i < e->nmanagers; i++)
        free(e->managers[i].shares);
    free(e->managers);
    /* translation model (issue 4) */
    for (size_t i = 0; i < e->nmmus; i++)
        vmlab_mmu_desc_free(e->mmus[i]);
    free(e->mmus);
    free(e->huge_pages);
    free(e->pcids);
    free(e->name);
    free(e->base_dir);
    json_decref(e->doc);
    memset(e, 0, sizeof *e);
}

size_t vmlab_experiment_cells(const struct vmlab_experiment *e)
{
    return e->nworkloads * e->nmmus * e->nhuge_pages * e->npcids * e->npage_sizes *
           e->nvisibilities * e->nmanagers * e->nseeds * e->npolicies * e->nsizes;
}

int vmlab_experiment_cell(const struct vmlab_experiment *e, size_t i, struct vmlab_cell *c,
                          struct vmlab_error *err)
{
    memset(c, 0, sizeof *c);
    c->index = i;
    size_t k = i;
    size_t size_i = k % e->nsizes;
    k /= e->nsizes;
    c->policy = &e->policies[k % e->npolicies];
    k /= e->npolicies;
    c->seed = e->seeds[k % e->nseeds];
    k /= e->nseeds;
    c->manager = &e->managers[k % e->nmanagers];
    k /= e->nmanagers;
    c->visibility = e->visibilities[k % e->nvisibilities];
    k /= e->nvisibilities;
    c->page_size = e->page_sizes[k % e->npage_sizes];
    k /= e->npage_sizes;
    /* translation model (issue 4) */
    c->pcid = e->pcids[k % e->npcids];
    k /= e->npcids;
    c->huge_pages = e->huge_pages[k % e->nhuge_pages];
    k /= e->nhuge_pages;
    c->mmu = e->mmus[k % e->nmmus];
    k /= e->nmmus;
    c->workload = &e->workloads[k % e->nworkloads];
    if (!e->by_memory) {
        c->frames = (uint32_t)e->sizes[size_i];
        return 0;
    }
    c->memory = e->sizes[size_i];
    uint64_t frames = c->memory / c->page_size;
    char m[32], p[32];
    vmlab_format_size(c->memory, m, sizeof m);
    vmlab_format_size(c->page_size, p, sizeof p);
    if (frames < 1)
        return vmlab_error_set(err, VMLAB_EINPUT, "$.memory: %s is less than one %s page", m, p);
    if (frames >= UINT32_MAX)
        return vmlab_error_set(err, VMLAB_EINPUT, "$.memory: %s is more than 2^32 - 1 %s frames",
                               m, p);
    c->frames = (uint32_t)frames;
    return 0;
}
