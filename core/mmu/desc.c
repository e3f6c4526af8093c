/*
 * desc.c - MMU descriptions: JSON in (an experiment's "mmu", a file, a
 * profile), validated, into struct vmlab_mmu_desc; and back out in
 * canonical form for the results. docs/mmu.md documents every member.
 *
 *   "mmu": "profile:skylake"                  a shipped or user profile
 *   "mmu": "my-core.json"                     a file (relative to the experiment)
 *   "mmu": {"profile": "skylake", "cost": {...}}   a profile with members replaced
 *   "mmu": {"tlb": [...], "page_table": ..., "pwc": ..., "cost": ...}
 *   "mmu": "none"                             no translation model (in a sweep)
 *
 * A member given over a profile replaces the profile's member whole, except
 * "cost", whose members replace the profile's one by one. Every error names
 * the JSON path and what was expected; for a file, the path inside it.
 */
#include <config.h>

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/config.h"
#include "desc.h"
#include "pt.h"

#define MAX_DEPTH 4  /* profiles based on profiles */
#define PATHLEN 1536 /* a JSON path, with the file it is in */

/* ---- helpers ---- */

/* @buf = the JSON path @fmt..., cut to fit. Return: @buf. */
static char *pathf(char *buf, size_t len, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
static char *pathf(char *buf, size_t len, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(buf, len, fmt, ap);
    va_end(ap);
    return buf;
}

static void json_text(const json_t *v, char *buf, size_t len)
{
    char *s = json_dumps(v, JSON_ENCODE_ANY | JSON_COMPACT);
    snprintf(buf, len, "%s", s ? s : "?");
    free(s);
}

/* Fail at @where with "expected ..., got V". */
static int expected(struct vmlab_error *err, const char *where, const json_t *got, const char *fmt,
                    ...) __attribute__((format(printf, 4, 5)));
static int expected(struct vmlab_error *err, const char *where, const json_t *got, const char *fmt,
                    ...)
{
    char what[256], g[128];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(what, sizeof what, fmt, ap);
    va_end(ap);
    json_text(got, g, sizeof g);
    return vmlab_error_set(err, VMLAB_EINPUT, "%s: expected %s, got %s", where, what, g);
}

/* Every member of @o is one of @known (NULL-ended). */
static int check_members(const json_t *o, const char *where, const char *const *known,
                         struct vmlab_error *err)
{
    const char *key;
    const json_t *val;
    size_t n = 0;
    while (known[n])
        n++;
    json_object_foreach((json_t *)o, key, val)
    {
        size_t i = 0;
        while (i < n && strcmp(key, known[i]))
            i++;
        if (i < n)
            continue;
        char hint[96], list[512];
        vmlab_suggest(key, known, n, hint, sizeof hint);
        size_t used = 0;
        for (size_t j = 0; j < n && used < sizeof list; j++)
            used +=
                (size_t)snprintf(list + used, sizeof list - used, "%s%s", j ? ", " : "", known[j]);
        return vmlab_error_set(err, VMLAB_EINPUT, "%s.%s: unknown key%s (known: %s)", where, key,
                               hint, list);
    }
    return 0;
}

/* An integer in [@min, @max] (or a count string "1e3"). */
static int count_of(const json_t *v, const char *where, uint64_t min, uint64_t max, uint64_t *out,
                    struct vmlab_error *err)
{
    uint64_t x;
    if (json_is_integer(v) && json_integer_value(v) >= 0)
        x = (uint64_t)json_integer_value(v);
    else if (!json_is_string(v) || vmlab_parse_count(json_string_value(v), &x))
        return expected(err, where, v, "an integer in [%llu, %llu]", (unsigned long long)min,
                        (unsigned long long)max);
    if (x < min || x > max)
        return expected(err, where, v, "an integer in [%llu, %llu]", (unsigned long long)min,
                        (unsigned long long)max);
    *out = x;
    return 0;
}

/* Member @key of @o, if present, as a count into *@out. */
static int member_count(const json_t *o, const char *key, const char *where, uint64_t min,
                        uint64_t max, uint64_t *out, struct vmlab_error *err)
{
    const json_t *v = json_object_get(o, key);
    if (!v)
        return 0;
    char path[PATHLEN];
    pathf(path, sizeof path, "%s.%s", where, key);
    return count_of(v, path, min, max, out, err);
}

static int member_u32(const json_t *o, const char *key, const char *where, uint64_t min,
                      uint64_t max, uint32_t *out, struct vmlab_error *err)
{
    uint64_t x = *out;
    int rc = member_count(o, key, where, min, max, &x, err);
    *out = (uint32_t)x;
    return rc;
}

/* A page size: 4K, 2M or 1G (bytes or a string). Return its VMLAB_PAGE_* bit. */
static int page_size_of(const json_t *v, const char *where, unsigned *bit, uint64_t *bytes,
                        struct vmlab_error *err)
{
    uint64_t b = 0;
    int ok = json_is_integer(v) ? (b = (uint64_t)json_integer_value(v), 1)
                                : json_is_string(v) && !vmlab_parse_size(json_string_value(v), &b);
    static const struct {
        uint64_t bytes;
        unsigned bit;
    } sizes[] = {{4096, VMLAB_PAGE_4K},
                 {UINT64_C(1) << 21, VMLAB_PAGE_2M},
                 {UINT64_C(1) << 30, VMLAB_PAGE_1G}};
    for (size_t i = 0; ok && i < 3; i++)
        if (sizes[i].bytes == b) {
            *bit = sizes[i].bit;
            if (bytes)
                *bytes = b;
            return 0;
        }
    return expected(err, where, v, "a page size: \"4K\", \"2M\" or \"1G\"");
}

static int string_choice(const json_t *v, const char *where, const char *const *choices, int *out,
                         struct vmlab_error *err)
{
    const char *s = json_string_value(v);
    for (int i = 0; s && choices[i]; i++)
        if (!strcmp(s, choices[i])) {
            *out = i;
            return 0;
        }
    char list[256];
    size_t used = 0;
    for (int i = 0; choices[i]; i++)
        used += (size_t)snprintf(list + used, sizeof list - used, "%s\"%s\"", i ? " or " : "",
                                 choices[i]);
    return expected(err, where, v, "%s", list);
}

/* ---- a TLB replacement policy: "name[:k=v]" or {"name": ..., params} ---- */

static int parse_policy(const json_t *v, const char *where, struct vmlab_cache_desc *c,
                        struct vmlab_error *err)
{
    char name[64];
    const char *ptext = NULL;
    const json_t *obj = NULL;
    if (json_is_string(v)) {
        int rc = vmlab_spec_split(json_string_value(v), name, sizeof name, &ptext, where, err);
        if (rc)
            return rc;
    } else if (json_is_object(v) && json_is_string(json_object_get(v, "name"))) {
        snprintf(name, sizeof name, "%s", json_string_value(json_object_get(v, "name")));
        obj = v;
    } else {
        return expected(err, where, v,
                        "a TLB policy: \"lru\", \"srrip:bits=3\" or "
                        "{\"name\": ..., parameters}");
    }
    const struct vmlab_tlb_policy *p = vmlab_tlb_policy_find(name);
    if (!p) {
        const char *names[64];
        char known[512] = "", hint[96];
        size_t n = vmlab_tlb_policy_count(), used = 0;
        if (n > 64)
            n = 64;
        for (size_t i = 0; i < n; i++) {
            names[i] = vmlab_tlb_policy_at(i)->name;
            used += (size_t)snprintf(known + used, sizeof known - used, "%s%s", i ? ", " : "",
                                     names[i]);
        }
        vmlab_suggest(name, names, n, hint, sizeof hint);
        return vmlab_error_set(err, VMLAB_EINPUT, "%s: unknown TLB policy '%s'%s (known: %s)",
                               where, name, hint, known);
    }
    vmlab_params_free(&c->params);
    c->policy = p;
    if (!obj)
        return vmlab_params_parse(&c->params, p->params, ptext, where, err);
    vmlab_params_init(&c->params, p->params);
    const char *key;
    const json_t *val;
    json_object_foreach((json_t *)obj, key, val)
    {
        if (!strcmp(key, "name"))
            continue;
        char text[256];
        if (vmlab_json_param_text(val, text, sizeof text)) {
            char path[PATHLEN];
            pathf(path, sizeof path, "%s.%s", where, key);
            return expected(err, path, val, "a string, number or boolean parameter value");
        }
        int rc = vmlab_params_set(&c->params, key, text, where, err);
        if (rc)
            return rc;
    }
    return vmlab_params_finish(&c->params, where, err);
}

/* ---- a set-associative structure ---- */

static const char *const cache_keys[] = {"name", "entries", "ways", "latency", "policy", NULL};

/*
 * The members of a cache description in @o (besides those of @extra, which
 * the caller parses). @dflt_latency when "latency" is absent.
 */
static int parse_cache(const json_t *o, const char *where, struct vmlab_cache_desc *c,
                       const char *dflt_name, uint32_t dflt_latency, const char *const *extra,
                       struct vmlab_error *err)
{
    if (!json_is_object(o))
        return expected(err, where, o, "an object {\"entries\": N, \"ways\": W, ...}");
    const char *keys[16];
    size_t n = 0;
    for (size_t i = 0; cache_keys[i]; i++)
        keys[n++] = cache_keys[i];
    for (size_t i = 0; extra && extra[i]; i++)
        keys[n++] = extra[i];
    keys[n] = NULL;
    int rc = check_members(o, where, keys, err);
    if (rc)
        return rc;
    const json_t *name = json_object_get(o, "name");
    if (name && (!json_is_string(name) || !json_string_length(name) ||
                 json_string_length(name) >= sizeof c->name)) {
        char path[PATHLEN];
        pathf(path, sizeof path, "%s.name", where);
        return expected(err, path, name, "a name of 1 to %zu characters", sizeof c->name - 1);
    }
    snprintf(c->name, sizeof c->name, "%s", name ? json_string_value(name) : dflt_name);
    if (!json_object_get(o, "entries"))
        return vmlab_error_set(err, VMLAB_EINPUT, "%s.entries: missing (the structure's entries)",
                               where);
    uint64_t entries = 0, ways = 0;
    if ((rc = member_count(o, "entries", where, 1, 1u << 24, &entries, err)))
        return rc;
    const json_t *w = json_object_get(o, "ways");
    char path[PATHLEN];
    pathf(path, sizeof path, "%s.ways", where);
    if (!w || (json_is_string(w) && !strcmp(json_string_value(w), "full")))
        ways = entries;
    else if ((rc = count_of(w, path, 1, entries, &ways, err)))
        return expected(err, path, w, "a way count in [1, %llu] (the entries) or \"full\"",
                        (unsigned long long)entries);
    if (entries % ways)
        return expected(err, path, w, "a way count that divides the %llu entries",
                        (unsigned long long)entries);
    c->entries = (uint32_t)entries;
    c->ways = (uint32_t)ways;
    c->latency = dflt_latency;
    if ((rc = member_u32(o, "latency", where, 0, 1000000, &c->latency, err)))
        return rc;
    const json_t *pol = json_object_get(o, "policy");
    pathf(path, sizeof path, "%s.policy", where);
    json_t *lru = pol ? NULL : json_string("lru");
    rc = parse_policy(pol ? pol : lru, path, c, err);
    json_decref(lru);
    return rc;
}

static void cache_free(struct vmlab_cache_desc *c)
{
    vmlab_params_free(&c->params);
    memset(&c->params, 0, sizeof c->params);
}

/* ---- TLBs ---- */

static const char *const tlb_extra[] = {"level", "type", "page_sizes", NULL};
static const char *const tlb_types[] = {"data", "instruction", "unified", NULL};

static int parse_tlb(const json_t *o, const char *where, struct vmlab_tlb_desc *t,
                     struct vmlab_error *err)
{
    if (!json_is_object(o))
        return expected(err, where, o,
                        "a TLB: {\"level\": 1, \"type\": \"data\", "
                        "\"page_sizes\": [\"4K\"], \"entries\": 64, \"ways\": 4}");
    uint64_t level = 1;
    int rc = member_count(o, "level", where, 1, VMLAB_MMU_MAX_TLBS, &level, err);
    if (rc)
        return rc;
    t->level = (unsigned)level;
    int type = 2;
    const json_t *v = json_object_get(o, "type");
    char path[PATHLEN];
    pathf(path, sizeof path, "%s.type", where);
    if (v && (rc = string_choice(v, path, tlb_types, &type, err)))
        return rc;
    t->serves = type == 0 ? VMLAB_TLB_DATA : type == 1 ? VMLAB_TLB_INSTR : VMLAB_TLB_UNIFIED;
    t->sizes = 0;
    v = json_object_get(o, "page_sizes");
    pathf(path, sizeof path, "%s.page_sizes", where);
    if (!v) {
        t->sizes = VMLAB_PAGE_4K;
    } else if (json_is_array(v) && json_array_size(v)) {
        size_t i;
        const json_t *x;
        json_array_foreach(v, i, x)
        {
            char ipath[PATHLEN];
            unsigned bit;
            pathf(ipath, sizeof ipath, "%s[%zu]", path, i);
            if ((rc = page_size_of(x, ipath, &bit, NULL, err)))
                return rc;
            t->sizes |= bit;
        }
    } else if (json_is_string(v)) {
        unsigned bit;
        if ((rc = page_size_of(v, path, &bit, NULL, err)))
            return rc;
        t->sizes = bit;
    } else {
        return expected(err, path, v, "a page size or a list of them: [\"4K\", \"2M\"]");
    }
    char dflt[VMLAB_MMU_NAME_MAX];
    snprintf(dflt, sizeof dflt, "L%u%s", t->level, type == 0 ? "d" : type == 1 ? "i" : "");
    return parse_cache(o, where, &t->c, dflt, t->level == 1 ? 1 : 8, tlb_extra, err);
}

static void free_tlbs(struct vmlab_mmu_desc *d)
{
    for (unsigned i = 0; i < d->ntlb; i++)
        cache_free(&d->tlb[i].c);
    d->ntlb = 0;
}

static int parse_tlbs(const json_t *v, const char *where, struct vmlab_mmu_desc *d,
                      struct vmlab_error *err)
{
    free_tlbs(d);
    if (!json_is_array(v) || !json_array_size(v) || json_array_size(v) > VMLAB_MMU_MAX_TLBS)
        return expected(err, where, v, "a list of 1 to %d TLB structures", VMLAB_MMU_MAX_TLBS);
    size_t i;
    const json_t *x;
    json_array_foreach(v, i, x)
    {
        char path[PATHLEN];
        pathf(path, sizeof path, "%s[%zu]", where, i);
        memset(&d->tlb[i], 0, sizeof d->tlb[i]);
        int rc = parse_tlb(x, path, &d->tlb[i], err);
        d->ntlb = (unsigned)i + 1;
        if (rc)
            return rc;
        for (size_t j = 0; j < i; j++)
            if (!strcmp(d->tlb[j].c.name, d->tlb[i].c.name))
                return vmlab_error_set(err, VMLAB_EINPUT,
                                       "%s.name: '%s' names %s[%zu] already (give each TLB its "
                                       "own \"name\")",
                                       path, d->tlb[i].c.name, where, j);
    }
    /* levels are numbered from 1 without gaps */
    unsigned maxlevel = 0;
    for (unsigned k = 0; k < d->ntlb; k++)
        if (d->tlb[k].level > maxlevel)
            maxlevel = d->tlb[k].level;
    for (unsigned l = 1; l <= maxlevel; l++) {
        unsigned k = 0;
        while (k < d->ntlb && d->tlb[k].level != l)
            k++;
        if (k == d->ntlb)
            return vmlab_error_set(err, VMLAB_EINPUT,
                                   "%s: no TLB has level %u, but one has level %u (number the "
                                   "levels 1, 2, ... from the core outwards)",
                                   where, l, maxlevel);
    }
    return 0;
}

/* ---- walk caches ---- */

static const char *const pwc_types[] = {"none", "psc", "utc", "uptc", NULL};
static const char *const psc_level_names[] = {"", "", "PDE", "PDPTE", "PML4E", "PML5E"};

static void walk_caches_free(struct vmlab_walk_caches *w)
{
    for (unsigned i = 0; i < w->n; i++)
        cache_free(&w->cache[i]);
    w->n = 0;
    w->kind = VMLAB_PWC_NONE;
}

static int psc_level_of(const json_t *v, const char *where, unsigned *level,
                        struct vmlab_error *err)
{
    if (json_is_integer(v) && json_integer_value(v) >= 2 && json_integer_value(v) <= 5) {
        *level = (unsigned)json_integer_value(v);
        return 0;
    }
    const char *s = json_string_value(v);
    for (unsigned l = 2; s && l <= 5; l++)
        if (!strcmp(s, psc_level_names[l])) {
            *level = l;
            return 0;
        }
    return expected(err, where, v,
                    "a page-table level: \"PDE\", \"PDPTE\", \"PML4E\", \"PML5E\" "
                    "(or 2..5)");
}

/* @prefix names the caches ("" or "host-"). */
static int parse_walk_caches(const json_t *v, const char *where, const char *prefix,
                             struct vmlab_walk_caches *w, struct vmlab_error *err)
{
    walk_caches_free(w);
    if (!v || json_is_null(v) || json_is_false(v) ||
        (json_is_string(v) && !strcmp(json_string_value(v), "none")))
        return 0;
    if (!json_is_object(v))
        return expected(err, where, v,
                        "\"none\" or an object {\"type\": \"psc\" | \"utc\" | "
                        "\"uptc\", ...}");
    char path[PATHLEN];
    pathf(path, sizeof path, "%s.type", where);
    const json_t *type = json_object_get(v, "type");
    int kind;
    int rc = string_choice(type ? type : json_null(), path, pwc_types, &kind, err);
    if (rc)
        return rc;
    w->kind = kind;
    if (kind == VMLAB_PWC_NONE)
        return check_members(v, where, (const char *const[]){"type", NULL}, err);
    if (kind == VMLAB_PWC_PSC) {
        if ((rc = check_members(v, where, (const char *const[]){"type", "caches", NULL}, err)))
            return rc;
        const json_t *caches = json_object_get(v, "caches");
        pathf(path, sizeof path, "%s.caches", where);
        if (!json_is_array(caches) || !json_array_size(caches) || json_array_size(caches) > 4)
            return expected(err, path, caches ? caches : json_null(),
                            "a list of 1 to 4 caches, one per level: [{\"level\": \"PDE\", "
                            "\"entries\": 32, \"ways\": 4}, ...]");
        size_t i;
        const json_t *x;
        json_array_foreach(caches, i, x)
        {
            char ipath[PATHLEN], lpath[PATHLEN], dflt[VMLAB_MMU_NAME_MAX];
            pathf(ipath, sizeof ipath, "%s[%zu]", path, i);
            pathf(lpath, sizeof lpath, "%s.level", ipath);
            const json_t *lv = json_is_object(x) ? json_object_get(x, "level") : NULL;
            if (json_is_object(x) && !lv)
                return vmlab_error_set(err, VMLAB_EINPUT,
                                       "%s: missing (the level whose entries it caches: PDE, "
                                       "PDPTE, PML4E or PML5E)",
                                       lpath);
            unsigned level = 0;
            if (lv && (rc = psc_level_of(lv, lpath, &level, err)))
                return rc;
            snprintf(dflt, sizeof dflt, "%s%s", prefix, psc_level_names[level]);
            w->level[i] = level;
            memset(&w->cache[i], 0, sizeof w->cache[i]);
            rc = parse_cache(x, ipath, &w->cache[i], dflt, 1, (const char *const[]){"level", NULL},
                             err);
            w->n = (unsigned)i + 1;
            if (rc)
                return rc;
            for (size_t j = 0; j < i; j++)
                if (w->level[j] == level)
                    return vmlab_error_set(err, VMLAB_EINPUT,
                                           "%s: a second cache for level %s (one per level)", lpath,
                                           psc_level_names[level]);
        }
        return 0;
    }
    char dflt[VMLAB_MMU_NAME_MAX];
    snprintf(dflt, sizeof dflt, "%s%s", prefix, kind == VMLAB_PWC_UTC ? "UTC" : "UPTC");
    memset(&w->cache[0], 0, sizeof w->cache[0]);
    rc = parse_cache(v, where, &w->cache[0], dflt, 1, (const char *const[]){"type", NULL}, err);
    w->n = 1;
    return rc;
}

/* ---- page table ---- */

static const char *const pt_types[] = {"radix", "hashed", "cuckoo", NULL};
static const char *const hash_kinds[] = {"mix", "modulo", NULL};

static int parse_page_table(const json_t *v, const char *where, struct vmlab_mmu_desc *d,
                            struct vmlab_error *err)
{
    const json_t *type = json_is_object(v) ? json_object_get(v, "type") : v;
    char path[PATHLEN];
    pathf(path, sizeof path, json_is_object(v) ? "%s.type" : "%s", where);
    int kind;
    int rc = string_choice(type ? type : json_null(), path, pt_types, &kind, err);
    if (rc)
        return rc;
    if (d->pt.has_cwc)
        cache_free(&d->pt.cwc);
    d->pt.kind = kind;
    d->pt.levels = 4;
    d->pt.buckets = 0;
    d->pt.modulo_hash = false;
    d->pt.ways = 3;
    d->pt.slots = 1024;
    d->pt.resize_at = 0.6;
    d->pt.cluster = 8;
    d->pt.has_cwc = false;
    if (!json_is_object(v))
        return 0;
    static const char *const radix_keys[] = {"type", "levels", NULL};
    static const char *const hashed_keys[] = {"type", "buckets", "hash", NULL};
    static const char *const cuckoo_keys[] = {"type",    "ways", "slots", "resize_at",
                                              "cluster", "cwc",  NULL};
    const char *const *keys = kind == VMLAB_PT_RADIX    ? radix_keys
                              : kind == VMLAB_PT_HASHED ? hashed_keys
                                                        : cuckoo_keys;
    if ((rc = check_members(v, where, keys, err)))
        return rc;
    if (kind == VMLAB_PT_RADIX) {
        uint64_t levels = 4;
        if ((rc = member_count(v, "levels", where, 4, 5, &levels, err)))
            return rc;
        d->pt.levels = (unsigned)levels;
        return 0;
    }
    if (kind == VMLAB_PT_HASHED) {
        if ((rc = member_count(v, "buckets", where, 1, UINT64_C(1) << 32, &d->pt.buckets, err)))
            return rc;
        const json_t *h = json_object_get(v, "hash");
        int hk = 0;
        pathf(path, sizeof path, "%s.hash", where);
        if (h && (rc = string_choice(h, path, hash_kinds, &hk, err)))
            return rc;
        d->pt.modulo_hash = hk == 1;
        return 0;
    }
    uint64_t ways = 3, cluster = 8;
    if ((rc = member_count(v, "ways", where, 2, PT_CUCKOO_MAX_WAYS, &ways, err)) ||
        (rc = member_count(v, "slots", where, 2, UINT64_C(1) << 30, &d->pt.slots, err)) ||
        (rc = member_count(v, "cluster", where, 1, 64, &cluster, err)))
        return rc;
    if (cluster & (cluster - 1)) {
        pathf(path, sizeof path, "%s.cluster", where);
        return expected(err, path, json_object_get(v, "cluster"), "a power of two up to 64");
    }
    d->pt.ways = (unsigned)ways;
    d->pt.cluster = (unsigned)cluster;
    const json_t *r = json_object_get(v, "resize_at");
    if (r) {
        pathf(path, sizeof path, "%s.resize_at", where);
        if (!json_is_number(r) || json_number_value(r) <= 0 || json_number_value(r) >= 1)
            return expected(err, path, r, "an occupancy in (0, 1), such as 0.6");
        d->pt.resize_at = json_number_value(r);
    }
    const json_t *cwc = json_object_get(v, "cwc");
    if (cwc && !json_is_null(cwc) && !json_is_false(cwc)) {
        pathf(path, sizeof path, "%s.cwc", where);
        memset(&d->pt.cwc, 0, sizeof d->pt.cwc);
        d->pt.has_cwc = true;
        if ((rc = parse_cache(cwc, path, &d->pt.cwc, "CWC", 1, NULL, err)))
            return rc;
    }
    return 0;
}

/* ---- nested paging ---- */

static void nested_free(struct vmlab_mmu_desc *d)
{
    walk_caches_free(&d->nested.pwc);
    if (d->nested.has_ntlb)
        cache_free(&d->nested.ntlb);
    d->nested.has_ntlb = false;
    d->nested.on = false;
}

static int parse_nested(const json_t *v, const char *where, struct vmlab_mmu_desc *d,
                        struct vmlab_error *err)
{
    nested_free(d);
    if (json_is_null(v) || json_is_false(v))
        return 0;
    if (!json_is_true(v) && !json_is_object(v))
        return expected(err, where, v,
                        "false, true or an object {\"levels\": 4, "
                        "\"page_size\": \"4K\", \"pwc\": ..., \"ntlb\": ...}");
    d->nested.on = true;
    d->nested.levels = 4;
    d->nested.page_size = 4096;
    if (json_is_true(v))
        return 0;
    int rc = check_members(v, where,
                           (const char *const[]){"levels", "page_size", "pwc", "ntlb", NULL}, err);
    uint64_t levels = 4;
    if (!rc)
        rc = member_count(v, "levels", where, 4, 5, &levels, err);
    d->nested.levels = (unsigned)levels;
    char path[PATHLEN];
    const json_t *ps = json_object_get(v, "page_size");
    unsigned bit;
    pathf(path, sizeof path, "%s.page_size", where);
    if (!rc && ps)
        rc = page_size_of(ps, path, &bit, &d->nested.page_size, err);
    pathf(path, sizeof path, "%s.pwc", where);
    if (!rc)
        rc = parse_walk_caches(json_object_get(v, "pwc"), path, "host-", &d->nested.pwc, err);
    const json_t *nt = json_object_get(v, "ntlb");
    if (!rc && nt && !json_is_null(nt) && !json_is_false(nt)) {
        pathf(path, sizeof path, "%s.ntlb", where);
        memset(&d->nested.ntlb, 0, sizeof d->nested.ntlb);
        d->nested.has_ntlb = true;
        rc = parse_cache(nt, path, &d->nested.ntlb, "nTLB", 1, NULL, err);
    }
    return rc;
}

/* ---- the cost model ---- */

void mmu_cost_defaults(struct vmlab_mmu_cost *c)
{
    /* docs/mmu.md, "The cost model", gives the reasoning and sources of each */
    for (unsigned l = 0; l < VMLAB_MMU_MAX_LEVELS; l++)
        c->walk_mem[l] = 20;
    c->minor_fault = 2500;
    c->major_fault = 60000;
    c->writeback = 60000;
    c->shootdown = 200;
    c->context_switch = 0;
}

static int parse_cost(const json_t *v, const char *where, struct vmlab_mmu_cost *c,
                      struct vmlab_error *err)
{
    if (!json_is_object(v))
        return expected(err, where, v, "an object of cycles per event {\"walk_mem\": 20, ...}");
    static const char *const keys[] = {"walk_mem",  "minor_fault",    "major_fault", "writeback",
                                       "shootdown", "context_switch", NULL};
    int rc = check_members(v, where, keys, err);
    if (rc)
        return rc;
    const json_t *w = json_object_get(v, "walk_mem");
    char path[PATHLEN];
    pathf(path, sizeof path, "%s.walk_mem", where);
    if (json_is_array(w)) {
        if (!json_array_size(w) || json_array_size(w) > VMLAB_MMU_MAX_LEVELS)
            return expected(err, path, w,
                            "cycles, or a list of 1 to %d cycles by level (root "
                            "first)",
                            VMLAB_MMU_MAX_LEVELS);
        size_t i;
        const json_t *x;
        json_array_foreach(w, i, x)
        {
            char ipath[PATHLEN];
            pathf(ipath, sizeof ipath, "%s[%zu]", path, i);
            if ((rc = count_of(x, ipath, 0, UINT32_MAX, &c->walk_mem[i], err)))
                return rc;
        }
        /* the last given holds for the levels below */
        for (size_t l = json_array_size(w); l < VMLAB_MMU_MAX_LEVELS; l++)
            c->walk_mem[l] = c->walk_mem[l - 1];
    } else if (w) {
        uint64_t x;
        if ((rc = count_of(w, path, 0, UINT32_MAX, &x, err)))
            return rc;
        for (unsigned l = 0; l < VMLAB_MMU_MAX_LEVELS; l++)
            c->walk_mem[l] = x;
    }
    uint64_t max = UINT64_C(1) << 40;
    if ((rc = member_count(v, "minor_fault", where, 0, max, &c->minor_fault, err)) ||
        (rc = member_count(v, "major_fault", where, 0, max, &c->major_fault, err)) ||
        (rc = member_count(v, "writeback", where, 0, max, &c->writeback, err)) ||
        (rc = member_count(v, "shootdown", where, 0, max, &c->shootdown, err)) ||
        (rc = member_count(v, "context_switch", where, 0, max, &c->context_switch, err)))
        return rc;
    return 0;
}

/* ---- the whole description ---- */

static const char *const desc_keys[] = {"name",       "profile", "source", "tlb",  "inclusion",
                                        "page_table", "pwc",     "nested", "cost", NULL};
static const char *const inclusions[] = {"non-inclusive", "inclusive", "exclusive", NULL};

static int apply(struct vmlab_mmu_desc *d, const json_t *o, const char *where, const char *base_dir,
                 int depth, struct vmlab_error *err);

/* The JSON document of file @path. */
static json_t *load_file(const char *path, const char *where, struct vmlab_error *err)
{
    json_error_t jerr;
    json_t *doc = json_load_file(path, JSON_REJECT_DUPLICATES, &jerr);
    if (!doc) {
        if (jerr.position == 0)
            vmlab_error_set(err, VMLAB_EINPUT, "%s: %s: %s", where, path, jerr.text);
        else
            vmlab_error_set(err, VMLAB_EINPUT, "%s: %s:%d:%d: malformed JSON: %s", where, path,
                            jerr.line, jerr.column, jerr.text);
    }
    return doc;
}

/* Apply file @path (a profile or a user's file) to @d. */
static int apply_file(struct vmlab_mmu_desc *d, const char *path, const char *name,
                      const char *where, int depth, struct vmlab_error *err)
{
    if (depth >= MAX_DEPTH)
        return vmlab_error_set(err, VMLAB_EINPUT,
                               "%s: profiles based on profiles more than %d "
                               "deep (a cycle?)",
                               where, MAX_DEPTH);
    json_t *doc = load_file(path, where, err);
    if (!doc)
        return VMLAB_EINPUT;
    char fwhere[PATHLEN], dir[1024];
    pathf(fwhere, sizeof fwhere, "%s: %s: $", where, path);
    const char *slash = strrchr(path, '/');
    snprintf(dir, sizeof dir, "%.*s", slash ? (int)(slash - path) : 0, path);
    snprintf(d->name, sizeof d->name, "%s", name);
    int rc = json_is_object(doc) ? apply(d, doc, fwhere, dir, depth + 1, err)
                                 : expected(err, fwhere, doc, "an object describing an MMU");
    json_decref(doc);
    return rc;
}

/* The base name of @path without a .json suffix. */
static void base_name(const char *path, char *buf, size_t len)
{
    const char *slash = strrchr(path, '/');
    snprintf(buf, len, "%s", slash ? slash + 1 : path);
    char *dot = strrchr(buf, '.');
    if (dot && !strcmp(dot, ".json"))
        *dot = '\0';
}

static int apply_spec(struct vmlab_mmu_desc *d, const char *spec, const char *where,
                      const char *base_dir, int depth, struct vmlab_error *err)
{
    char path[PATHLEN], name[64];
    if (!strncmp(spec, "profile:", 8)) {
        int rc = mmu_profile_find(spec + 8, path, sizeof path, where, err);
        if (rc)
            return rc;
        return apply_file(d, path, spec + 8, where, depth, err);
    }
    if (spec[0] != '/' && base_dir && base_dir[0])
        pathf(path, sizeof path, "%s/%s", base_dir, spec);
    else
        pathf(path, sizeof path, "%s", spec);
    base_name(spec, name, sizeof name);
    return apply_file(d, path, name, where, depth, err);
}

static int apply(struct vmlab_mmu_desc *d, const json_t *o, const char *where, const char *base_dir,
                 int depth, struct vmlab_error *err)
{
    int rc = check_members(o, where, desc_keys, err);
    if (rc)
        return rc;
    char path[PATHLEN];
    const json_t *v;
    if ((v = json_object_get(o, "profile"))) {
        pathf(path, sizeof path, "%s.profile", where);
        if (!json_is_string(v))
            return expected(err, path, v, "a profile name (see `vmlab list mmu`)");
        char spec[128];
        snprintf(spec, sizeof spec, "profile:%s", json_string_value(v));
        if ((rc = apply_spec(d, spec, path, base_dir, depth, err)))
            return rc;
    }
    if ((v = json_object_get(o, "name"))) {
        pathf(path, sizeof path, "%s.name", where);
        if (!json_is_string(v) || !json_string_length(v) || json_string_length(v) >= sizeof d->name)
            return expected(err, path, v, "a name of 1 to %zu characters", sizeof d->name - 1);
        snprintf(d->name, sizeof d->name, "%s", json_string_value(v));
    }
    if ((v = json_object_get(o, "source"))) {
        pathf(path, sizeof path, "%s.source", where);
        if (!json_is_string(v))
            return expected(err, path, v, "a string naming where the numbers come from");
        free(d->source);
        d->source = strdup(json_string_value(v));
    }
    if ((v = json_object_get(o, "tlb"))) {
        pathf(path, sizeof path, "%s.tlb", where);
        if ((rc = parse_tlbs(v, path, d, err)))
            return rc;
    }
    if ((v = json_object_get(o, "inclusion"))) {
        pathf(path, sizeof path, "%s.inclusion", where);
        if ((rc = string_choice(v, path, inclusions, &d->inclusion, err)))
            return rc;
    }
    if ((v = json_object_get(o, "page_table"))) {
        pathf(path, sizeof path, "%s.page_table", where);
        if ((rc = parse_page_table(v, path, d, err)))
            return rc;
    }
    if ((v = json_object_get(o, "pwc"))) {
        pathf(path, sizeof path, "%s.pwc", where);
        if ((rc = parse_walk_caches(v, path, "", &d->pwc, err)))
            return rc;
    }
    if ((v = json_object_get(o, "nested"))) {
        pathf(path, sizeof path, "%s.nested", where);
        if ((rc = parse_nested(v, path, d, err)))
            return rc;
    }
    if ((v = json_object_get(o, "cost"))) {
        pathf(path, sizeof path, "%s.cost", where);
        if ((rc = parse_cost(v, path, &d->cost, err)))
            return rc;
    }
    return 0;
}

/* What no single member can check: the members together. */
static int validate(const struct vmlab_mmu_desc *d, const char *where, struct vmlab_error *err)
{
    if (!d->ntlb)
        return vmlab_error_set(err, VMLAB_EINPUT,
                               "%s.tlb: missing (a list of TLB structures, or a \"profile\" to "
                               "start from)",
                               where);
    if (d->pt.kind != VMLAB_PT_RADIX && d->pwc.kind != VMLAB_PWC_NONE)
        return vmlab_error_set(err, VMLAB_EINPUT,
                               "%s.pwc: walk caches skip levels of a radix page table; this one "
                               "is %s (give \"pwc\": \"none\")",
                               where, pt_types[d->pt.kind]);
    if (d->nested.on && d->pt.kind != VMLAB_PT_RADIX)
        return vmlab_error_set(err, VMLAB_EINPUT,
                               "%s.nested: nested paging is modelled over radix page tables",
                               where);
    for (unsigned i = 0; i < d->pwc.n && d->pwc.kind == VMLAB_PWC_PSC; i++)
        if (d->pwc.level[i] > d->pt.levels)
            return vmlab_error_set(err, VMLAB_EINPUT,
                                   "%s.pwc.caches[%u].level: %s caches a level a %u-level page "
                                   "table does not have",
                                   where, i, psc_level_names[d->pwc.level[i]], d->pt.levels);
    for (unsigned i = 0; d->nested.on && i < d->nested.pwc.n && d->nested.pwc.kind == VMLAB_PWC_PSC;
         i++)
        if (d->nested.pwc.level[i] > d->nested.levels)
            return vmlab_error_set(err, VMLAB_EINPUT,
                                   "%s.nested.pwc.caches[%u].level: %s is beyond the host's %u "
                                   "levels",
                                   where, i, psc_level_names[d->nested.pwc.level[i]],
                                   d->nested.levels);
    return 0;
}

static struct vmlab_mmu_desc *desc_new(void)
{
    struct vmlab_mmu_desc *d = calloc(1, sizeof *d);
    if (!d)
        return NULL;
    snprintf(d->name, sizeof d->name, "inline");
    d->pt.kind = VMLAB_PT_RADIX;
    d->pt.levels = 4;
    d->pt.ways = 3;
    d->pt.slots = 1024;
    d->pt.resize_at = 0.6;
    d->pt.cluster = 8;
    mmu_cost_defaults(&d->cost);
    return d;
}

void vmlab_mmu_desc_free(struct vmlab_mmu_desc *d)
{
    if (!d)
        return;
    free_tlbs(d);
    walk_caches_free(&d->pwc);
    nested_free(d);
    if (d->pt.has_cwc)
        cache_free(&d->pt.cwc);
    free(d->source);
    free(d);
}

int mmu_desc_from_json(const json_t *v, const char *where, const char *base_dir,
                       struct vmlab_mmu_desc **out, struct vmlab_error *err)
{
    *out = NULL;
    if (json_is_string(v) && !strcmp(json_string_value(v), "none"))
        return 0;
    if (!json_is_string(v) && !json_is_object(v))
        return expected(err, where, v,
                        "\"profile:NAME\", a JSON file, an object describing "
                        "the MMU, or \"none\"");
    struct vmlab_mmu_desc *d = desc_new();
    if (!d)
        return vmlab_error_set(err, VMLAB_ESYSTEM, "out of memory");
    int rc = json_is_string(v) ? apply_spec(d, json_string_value(v), where, base_dir, 0, err)
                               : apply(d, v, where, base_dir, 0, err);
    if (!rc)
        rc = validate(d, where, err);
    if (rc) {
        vmlab_mmu_desc_free(d);
        return rc;
    }
    *out = d;
    return 0;
}

int vmlab_mmu_desc_load(struct vmlab_mmu_desc **out, const char *spec, const char *base_dir,
                        const char *where, struct vmlab_error *err)
{
    json_t *v;
    if (spec[0] == '{') {
        json_error_t jerr;
        v = json_loads(spec, JSON_REJECT_DUPLICATES, &jerr);
        if (!v)
            return vmlab_error_set(err, VMLAB_EINPUT, "%s: malformed JSON at %d: %s", where,
                                   jerr.position, jerr.text);
    } else {
        v = json_string(spec);
    }
    int rc = v ? mmu_desc_from_json(v, where, base_dir, out, err)
               : vmlab_error_set(err, VMLAB_ESYSTEM, "out of memory");
    json_decref(v);
    return rc;
}

/* ---- canonical JSON ---- */

static json_t *policy_json(const struct vmlab_cache_desc *c)
{
    const char *name = c->policy ? c->policy->name : "lru";
    size_t n = c->params.desc ? vmlab_params_format(&c->params, NULL, 0) : 0;
    char *s = malloc(strlen(name) + n + 2);
    if (!s)
        return NULL;
    strcpy(s, name);
    if (n) {
        strcat(s, ":");
        vmlab_params_format(&c->params, s + strlen(s), n + 1);
    }
    json_t *j = json_string(s);
    free(s);
    return j;
}

static json_t *cache_json(const struct vmlab_cache_desc *c)
{
    return json_pack("{s:s, s:I, s:I, s:I, s:o}", "name", c->name, "entries",
                     (json_int_t)c->entries, "ways", (json_int_t)c->ways, "latency",
                     (json_int_t)c->latency, "policy", policy_json(c));
}

static json_t *sizes_json(unsigned mask)
{
    json_t *a = json_array();
    static const char *const names[] = {"4K", "2M", "1G"};
    for (unsigned i = 0; i < 3; i++)
        if (mask & (1u << i))
            json_array_append_new(a, json_string(names[i]));
    return a;
}

static json_t *walk_caches_json(const struct vmlab_walk_caches *w)
{
    if (w->kind == VMLAB_PWC_NONE)
        return json_string("none");
    if (w->kind != VMLAB_PWC_PSC) {
        json_t *o = cache_json(&w->cache[0]);
        json_object_set_new(o, "type", json_string(pwc_types[w->kind]));
        return o;
    }
    json_t *a = json_array();
    for (unsigned i = 0; i < w->n; i++) {
        json_t *o = cache_json(&w->cache[i]);
        json_object_set_new(o, "level", json_string(psc_level_names[w->level[i]]));
        json_array_append_new(a, o);
    }
    return json_pack("{s:s, s:o}", "type", "psc", "caches", a);
}

json_t *mmu_desc_json(const struct vmlab_mmu_desc *d)
{
    json_t *tlbs = json_array();
    for (unsigned i = 0; i < d->ntlb; i++) {
        const struct vmlab_tlb_desc *t = &d->tlb[i];
        json_t *o = cache_json(&t->c);
        json_object_set_new(o, "level", json_integer(t->level));
        json_object_set_new(o, "type",
                            json_string(t->serves == VMLAB_TLB_DATA    ? "data"
                                        : t->serves == VMLAB_TLB_INSTR ? "instruction"
                                                                       : "unified"));
        json_object_set_new(o, "page_sizes", sizes_json(t->sizes));
        json_array_append_new(tlbs, o);
    }
    json_t *pt;
    switch (d->pt.kind) {
    case VMLAB_PT_HASHED:
        pt = json_pack("{s:s, s:I, s:s}", "type", "hashed", "buckets", (json_int_t)d->pt.buckets,
                       "hash", d->pt.modulo_hash ? "modulo" : "mix");
        break;
    case VMLAB_PT_CUCKOO:
        pt = json_pack("{s:s, s:i, s:I, s:f, s:i, s:o}", "type", "cuckoo", "ways", d->pt.ways,
                       "slots", (json_int_t)d->pt.slots, "resize_at", d->pt.resize_at, "cluster",
                       d->pt.cluster, "cwc", d->pt.has_cwc ? cache_json(&d->pt.cwc) : json_false());
        break;
    default: pt = json_pack("{s:s, s:i}", "type", "radix", "levels", d->pt.levels); break;
    }
    json_t *nested = json_false();
    if (d->nested.on) {
        json_decref(nested);
        char ps[32];
        vmlab_format_size(d->nested.page_size, ps, sizeof ps);
        nested = json_pack("{s:i, s:s, s:o, s:o}", "levels", d->nested.levels, "page_size", ps,
                           "pwc", walk_caches_json(&d->nested.pwc), "ntlb",
                           d->nested.has_ntlb ? cache_json(&d->nested.ntlb) : json_false());
    }
    json_t *walk = json_array();
    for (unsigned l = 0; l < VMLAB_MMU_MAX_LEVELS; l++)
        json_array_append_new(walk, json_integer((json_int_t)d->cost.walk_mem[l]));
    const struct vmlab_mmu_cost *c = &d->cost;
    json_t *cost =
        json_pack("{s:o, s:I, s:I, s:I, s:I, s:I}", "walk_mem", walk, "minor_fault",
                  (json_int_t)c->minor_fault, "major_fault", (json_int_t)c->major_fault,
                  "writeback", (json_int_t)c->writeback, "shootdown", (json_int_t)c->shootdown,
                  "context_switch", (json_int_t)c->context_switch);
    json_t *o = json_pack("{s:s}", "name", d->name);
    if (d->source)
        json_object_set_new(o, "source", json_string(d->source));
    json_object_set_new(o, "tlb", tlbs);
    json_object_set_new(o, "inclusion", json_string(inclusions[d->inclusion]));
    json_object_set_new(o, "page_table", pt);
    json_object_set_new(o, "pwc", walk_caches_json(&d->pwc));
    json_object_set_new(o, "nested", nested);
    json_object_set_new(o, "cost", cost);
    return o;
}
