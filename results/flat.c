/*
 * flat.c - runs as flat keys, cells and run identities (flat.h).
 */
#include <config.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <vmlab/params.h>

#include "results/flat.h"

void vmlab_real_text(double x, char *buf, size_t len)
{
    for (int prec = 15; prec <= 17; prec++) {
        snprintf(buf, len, "%.*g", prec, x);
        if (strtod(buf, NULL) == x)
            return;
    }
}

const char *vmlab_scalar_text(const json_t *v, char *buf, size_t len)
{
    if (!v) {
        buf[0] = '\0';
        return buf;
    }
    switch (json_typeof(v)) {
    case JSON_STRING: return json_string_value(v);
    case JSON_INTEGER: snprintf(buf, len, "%" JSON_INTEGER_FORMAT, json_integer_value(v)); break;
    case JSON_REAL: vmlab_real_text(json_real_value(v), buf, len); break;
    case JSON_TRUE: snprintf(buf, len, "true"); break;
    case JSON_FALSE: snprintf(buf, len, "false"); break;
    default: buf[0] = '\0'; break;
    }
    return buf;
}

bool vmlab_number(const json_t *v, double *x)
{
    if (!json_is_number(v))
        return false;
    *x = json_number_value(v);
    return true;
}

json_t *vmlab_label_items(const char *label)
{
    json_t *a = json_array();
    const char *colon = strchr(label, ':');
    json_array_append_new(a, json_stringn(label, colon ? (size_t)(colon - label) : strlen(label)));
    for (const char *s = colon ? colon + 1 : ""; *s;) {
        /* one "k=v" item: up to a comma outside quotes */
        const char *e = s;
        char quote = 0;
        for (; *e && (quote || *e != ','); e++) {
            if (quote && *e == quote)
                quote = 0;
            else if (!quote && (*e == '\'' || *e == '"'))
                quote = *e;
        }
        json_array_append_new(a, json_stringn(s, (size_t)(e - s)));
        s = *e ? e + 1 : e;
    }
    return a;
}

char *vmlab_label_join(const json_t *items)
{
    size_t len = 1;
    size_t i;
    json_t *it;
    json_array_foreach(items, i, it)
        len += json_string_length(it) + 1;
    char *out = malloc(len);
    if (!out)
        return NULL;
    size_t used = 0;
    json_array_foreach(items, i, it) {
        if (i)
            out[used++] = i == 1 ? ':' : ',';
        memcpy(out + used, json_string_value(it), json_string_length(it));
        used += json_string_length(it);
    }
    out[used] = '\0';
    return out;
}

char *vmlab_label_without_seed(const char *label)
{
    json_t *items = vmlab_label_items(label);
    for (size_t i = json_array_size(items); i-- > 1;)
        if (!strncmp(json_string_value(json_array_get(items, i)), "seed=", 5))
            json_array_remove(items, i);
    char *out = vmlab_label_join(items);
    json_decref(items);
    return out;
}

/* Is @name in the run's "seeded" list? */
static bool is_seeded(const json_t *run, const char *name)
{
    size_t i;
    const json_t *v;
    json_array_foreach(json_object_get(run, "seeded"), i, v)
        if (json_is_string(v) && !strcmp(json_string_value(v), name))
            return true;
    return false;
}

json_t *vmlab_run_cell(const json_t *run)
{
    json_t *cell = json_object();
    const char *key;
    json_t *v;
    json_object_foreach(json_object_get(run, "params"), key, v) {
        if (!strcmp(key, "seed"))
            continue;
        if (json_is_string(v) && is_seeded(run, key)) {
            char *s = vmlab_label_without_seed(json_string_value(v));
            json_object_set_new(cell, key, json_string(s ? s : ""));
            free(s);
        } else {
            json_object_set(cell, key, v);
        }
    }
    return cell;
}

char *vmlab_run_identity(const json_t *run)
{
    json_t *id = json_pack("{s:o, s:O?}", "cell", vmlab_run_cell(run), "seed",
                           json_object_get(json_object_get(run, "params"), "seed"));
    char *s = id ? json_dumps(id, JSON_COMPACT | JSON_SORT_KEYS) : NULL;
    json_decref(id);
    return s;
}

/* Do the objects of array @a all carry a distinct string member @member? */
static bool keyed_by(const json_t *a, const char *member)
{
    size_t n = json_array_size(a);
    if (!n)
        return false;
    for (size_t i = 0; i < n; i++) {
        const json_t *k = json_object_get(json_array_get(a, i), member);
        if (!json_is_string(k) && !json_is_integer(k))
            return false;
        for (size_t j = 0; j < i; j++)
            if (json_equal(k, json_object_get(json_array_get(a, j), member)))
                return false;
    }
    return true;
}

static void flatten(json_t *out, const char *prefix, json_t *v)
{
    char key[512], buf[32];
    if (json_is_object(v)) {
        const char *k;
        json_t *m;
        json_object_foreach(v, k, m) {
            snprintf(key, sizeof key, "%s.%s", prefix, k);
            flatten(out, key, m);
        }
    } else if (json_is_array(v)) {
        const char *member = keyed_by(v, "name") ? "name" : keyed_by(v, "asid") ? "asid" : NULL;
        size_t i;
        json_t *m;
        json_array_foreach(v, i, m) {
            const char *id = buf;
            if (member)
                id = vmlab_scalar_text(json_object_get(m, member), buf, sizeof buf);
            else
                snprintf(buf, sizeof buf, "%zu", i);
            snprintf(key, sizeof key, "%s.%s", prefix, id);
            if (member && json_is_object(m)) {
                const char *k;
                json_t *f;
                json_object_foreach(m, k, f) {
                    if (strcmp(k, member)) {
                        char sub[1024];
                        snprintf(sub, sizeof sub, "%s.%s", key, k);
                        flatten(out, sub, f);
                    }
                }
            } else {
                flatten(out, key, m);
            }
        }
    } else {
        json_object_set(out, prefix, v);
    }
}

json_t *vmlab_run_flatten(const json_t *run, unsigned flags)
{
    json_t *out = json_object();
    if (!out)
        return NULL;
    const char *key;
    json_t *v;
    json_object_foreach((json_t *)run, key, v) {
        if (!strcmp(key, "processes") || !strcmp(key, "seeded"))
            continue;
        if (!strcmp(key, "params") && (flags & VMLAB_FLAT_SEED_FREE)) {
            json_t *cell = vmlab_run_cell(run);
            flatten(out, key, cell);
            json_decref(cell);
        } else {
            flatten(out, key, v);
        }
    }
    return out;
}

json_t *vmlab_flat_get(const json_t *flat, const char *key, const char **full)
{
    static const char *const prefixes[] = {"", "metrics.", "params.", "translation."};
    char buf[512];
    for (size_t i = 0; i < sizeof prefixes / sizeof prefixes[0]; i++) {
        snprintf(buf, sizeof buf, "%s%s", prefixes[i], key);
        void *it = json_object_iter_at((json_t *)flat, buf);
        if (it) {
            if (full)
                *full = json_object_iter_key(it);
            return json_object_iter_value(it);
        }
    }
    return NULL;
}

int vmlab_run_matches(const json_t *run, const char *key, const char *value)
{
    json_t *flat = vmlab_run_flatten(run, 0);
    const json_t *v = vmlab_flat_get(flat, key, NULL);
    int m = -1;
    if (json_is_string(v)) {
        const char *s = json_string_value(v);
        size_t nlen = strcspn(s, ":");
        char *bare = vmlab_label_without_seed(s);
        m = !strcmp(s, value) || (bare && !strcmp(bare, value)) ||
            (strlen(value) == nlen && !strncmp(s, value, nlen));
        free(bare);
    } else if (json_is_number(v)) {
        double x;
        uint64_t size;
        m = (!vmlab_parse_real(value, &x) && x == json_number_value(v)) ||
            (!vmlab_parse_size(value, &size) && (double)size == json_number_value(v));
    } else if (json_is_boolean(v)) {
        bool b;
        m = !vmlab_parse_bool(value, &b) && b == json_is_true(v);
    } else if (v) {
        m = 0;
    }
    json_decref(flat);
    return m;
}
