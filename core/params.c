/*
 * params.c - typed parameters described by tables (see vmlab/params.h).
 *
 * A parameter set holds, for each entry of its description table, the value
 * as given (text, owned) and its parsed form. Parsing happens once, when a
 * cell is set up; the typed getters are for init functions, never hot paths.
 */
#include <config.h>

#include <assert.h>
#include <ctype.h>
#include <errno.h>
#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <vmlab/params.h>

/* ---- value parsers ---- */

int vmlab_parse_int(const char *text, int64_t *value)
{
    if (!text || !*text || isspace((unsigned char)text[0]))
        return -1;
    errno = 0;
    char *end;
    long long v = strtoll(text, &end, 0);
    if (errno || *end)
        return -1;
    *value = v;
    return 0;
}

int vmlab_parse_count(const char *text, uint64_t *count)
{
    if (!text || !*text || text[0] == '-' || text[0] == '+' || isspace((unsigned char)text[0]))
        return -1;
    errno = 0;
    char *end;
    unsigned long long v = strtoull(text, &end, 10);
    if (!errno && !*end) {
        *count = v;
        return 0;
    }
    /* e-notation such as 1e7 or 2.5e6: accepted when the value is an exact integer */
    errno = 0;
    double d = strtod(text, &end);
    if (errno || *end || !(d >= 0) || d > 18446744073709549568.0 || d != floor(d))
        return -1;
    *count = (uint64_t)d;
    return 0;
}

int vmlab_parse_size(const char *text, uint64_t *bytes)
{
    if (!text || !*text || !isdigit((unsigned char)text[0]))
        return -1;
    errno = 0;
    char *end;
    unsigned long long v = strtoull(text, &end, 10);
    if (errno)
        return -1;
    unsigned shift = 0;
    switch (toupper((unsigned char)*end)) {
    case '\0': break;
    case 'K': shift = 10; break;
    case 'M': shift = 20; break;
    case 'G': shift = 30; break;
    case 'T': shift = 40; break;
    default: return -1;
    }
    if (shift) {
        end++;
        if (*end == 'i' || *end == 'I')
            end++;
        if (*end == 'B' || *end == 'b')
            end++;
    } else if (*end == 'B' || *end == 'b') {
        end++;
    }
    if (*end)
        return -1;
    if (shift && v > (UINT64_MAX >> shift))
        return -1;
    *bytes = (uint64_t)v << shift;
    return 0;
}

int vmlab_parse_real(const char *text, double *value)
{
    if (!text || !*text || isspace((unsigned char)text[0]))
        return -1;
    errno = 0;
    char *end;
    double d = strtod(text, &end);
    if (errno || *end || !isfinite(d))
        return -1;
    *value = d;
    return 0;
}

int vmlab_parse_bool(const char *text, bool *value)
{
    static const char *const yes[] = {"true", "yes", "on", "1"};
    static const char *const no[] = {"false", "no", "off", "0"};
    for (size_t i = 0; i < 4; i++) {
        if (!strcasecmp(text, yes[i])) {
            *value = true;
            return 0;
        }
        if (!strcasecmp(text, no[i])) {
            *value = false;
            return 0;
        }
    }
    return -1;
}

void vmlab_format_size(uint64_t bytes, char *buf, size_t len)
{
    static const char suffix[] = "KMGT";
    int i = -1;
    uint64_t v = bytes;
    while (v && (v & 1023) == 0 && i < 3) {
        v >>= 10;
        i++;
    }
    if (i < 0)
        snprintf(buf, len, "%" PRIu64, bytes);
    else
        snprintf(buf, len, "%" PRIu64 "%c", v, suffix[i]);
}

const char *vmlab_param_type_name(enum vmlab_param_type type)
{
    switch (type) {
    case VMLAB_PARAM_INT: return "int";
    case VMLAB_PARAM_COUNT: return "count";
    case VMLAB_PARAM_SIZE: return "size";
    case VMLAB_PARAM_REAL: return "real";
    case VMLAB_PARAM_BOOL: return "bool";
    case VMLAB_PARAM_STRING: return "string";
    }
    return "?";
}

/* ---- parameter sets ---- */

static int param_index(const struct vmlab_params *p, const char *name)
{
    for (unsigned i = 0; i < p->n; i++)
        if (!strcmp(p->desc[i].name, name))
            return (int)i;
    return -1;
}

void vmlab_params_init(struct vmlab_params *p, const struct vmlab_param_desc *desc)
{
    memset(p, 0, sizeof *p);
    p->desc = desc;
    if (desc)
        while (desc[p->n].name)
            p->n++;
    assert(p->n <= VMLAB_PARAMS_MAX);
}

static bool choice_ok(const char *choices, const char *value)
{
    size_t vlen = strlen(value);
    for (const char *c = choices; *c;) {
        const char *bar = strchr(c, '|');
        size_t clen = bar ? (size_t)(bar - c) : strlen(c);
        if (clen == vlen && !strncmp(c, value, vlen))
            return true;
        if (!bar)
            break;
        c = bar + 1;
    }
    return false;
}

static void names_list(const struct vmlab_params *p, char *buf, size_t len)
{
    size_t used = 0;
    buf[0] = '\0';
    for (unsigned i = 0; i < p->n && used < len; i++)
        used += (size_t)snprintf(buf + used, len - used, "%s%s", i ? ", " : "", p->desc[i].name);
}

static int parse_value(const struct vmlab_param_desc *d, struct vmlab_param_value *v,
                       const char *text, const char *where, struct vmlab_error *err)
{
    double num = 0;
    int bad = 0;
    const char *expected = "";
    switch (d->type) {
    case VMLAB_PARAM_INT:
        bad = vmlab_parse_int(text, &v->i);
        num = (double)v->i;
        expected = "an integer";
        break;
    case VMLAB_PARAM_COUNT:
        bad = vmlab_parse_count(text, &v->u);
        num = (double)v->u;
        expected = "a non-negative integer (e.g. 1000 or 1e7)";
        break;
    case VMLAB_PARAM_SIZE:
        bad = vmlab_parse_size(text, &v->u);
        num = (double)v->u;
        expected = "a size in bytes (e.g. 4096, 4K, 2M, 1G)";
        break;
    case VMLAB_PARAM_REAL:
        bad = vmlab_parse_real(text, &v->d);
        num = v->d;
        expected = "a number";
        break;
    case VMLAB_PARAM_BOOL:
        bad = vmlab_parse_bool(text, &v->b);
        expected = "true or false";
        break;
    case VMLAB_PARAM_STRING:
        if (d->choices && !choice_ok(d->choices, text))
            return vmlab_error_set(err, VMLAB_EINPUT, "%s: %s must be one of %s, got '%s'",
                                   where, d->name, d->choices, text);
        break;
    }
    if (bad)
        return vmlab_error_set(err, VMLAB_EINPUT, "%s: %s expects %s, got '%s'", where, d->name,
                               expected, text);
    if (d->type != VMLAB_PARAM_BOOL && d->type != VMLAB_PARAM_STRING && d->min <= d->max &&
        (num < d->min || num > d->max))
        return vmlab_error_set(err, VMLAB_EINPUT, "%s: %s must be in [%g, %g], got %s", where,
                               d->name, d->min, d->max, text);
    return 0;
}

int vmlab_params_set(struct vmlab_params *p, const char *name, const char *value,
                     const char *where, struct vmlab_error *err)
{
    int i = param_index(p, name);
    if (i < 0) {
        char names[512];
        names_list(p, names, sizeof names);
        if (!p->n)
            return vmlab_error_set(err, VMLAB_EINPUT, "%s: unknown parameter '%s' (this takes none)",
                                   where, name);
        const char *cand[VMLAB_PARAMS_MAX];
        for (unsigned k = 0; k < p->n; k++)
            cand[k] = p->desc[k].name;
        char hint[80];
        vmlab_suggest(name, cand, p->n, hint, sizeof hint);
        return vmlab_error_set(err, VMLAB_EINPUT, "%s: unknown parameter '%s'%s (known: %s)",
                               where, name, hint, names);
    }
    struct vmlab_param_value nv = {0};
    int rc = parse_value(&p->desc[i], &nv, value, where, err);
    if (rc)
        return rc;
    nv.s = strdup(value);
    if (!nv.s)
        return vmlab_error_set(err, VMLAB_ESYSTEM, "out of memory");
    free(p->v[i].s);
    nv.set = true;
    p->v[i] = nv;
    return 0;
}

int vmlab_params_finish(struct vmlab_params *p, const char *where, struct vmlab_error *err)
{
    for (unsigned i = 0; i < p->n; i++) {
        if (p->v[i].s)
            continue;
        const struct vmlab_param_desc *d = &p->desc[i];
        if (!d->def)
            return vmlab_error_set(err, VMLAB_EINPUT, "%s: parameter '%s' is required (%s)", where,
                                   d->name, d->doc);
        int rc = parse_value(d, &p->v[i], d->def, where, err);
        assert(rc == 0 && "a default value must parse");
        if (rc)
            return rc;
        p->v[i].s = strdup(d->def);
        if (!p->v[i].s)
            return vmlab_error_set(err, VMLAB_ESYSTEM, "out of memory");
        p->v[i].set = false;
    }
    return 0;
}

/* Next "k=v" item of @s (quotes '...' or "..." protect commas); return its end. */
static const char *next_item(const char *s, char *key, size_t klen, char *val, size_t vlen,
                             bool *has_eq)
{
    size_t k = 0, v = 0;
    bool in_val = false;
    char quote = 0;
    *has_eq = false;
    for (; *s; s++) {
        char c = *s;
        if (quote) {
            if (c == quote)
                quote = 0;
            else if (v + 1 < vlen)
                val[v++] = c;
            continue;
        }
        if (c == ',')
            break;
        if (!in_val && c == '=') {
            in_val = true;
            *has_eq = true;
            continue;
        }
        if (in_val && (c == '\'' || c == '"')) {
            quote = c;
            continue;
        }
        if (in_val) {
            if (v + 1 < vlen)
                val[v++] = c;
        } else if (k + 1 < klen) {
            key[k++] = c;
        }
    }
    key[k] = '\0';
    val[v] = '\0';
    return s;
}

int vmlab_params_parse(struct vmlab_params *p, const struct vmlab_param_desc *desc,
                       const char *text, const char *where, struct vmlab_error *err)
{
    vmlab_params_init(p, desc);
    if (text && *text) {
        size_t cap = strlen(text) + 1;
        char *key = malloc(cap), *val = malloc(cap);
        if (!key || !val) {
            free(key);
            free(val);
            return vmlab_error_set(err, VMLAB_ESYSTEM, "out of memory");
        }
        const char *s = text;
        int rc = 0;
        while (!rc) {
            bool has_eq;
            s = next_item(s, key, cap, val, cap, &has_eq);
            if (!has_eq || !key[0])
                rc = vmlab_error_set(err, VMLAB_EINPUT, "%s: expected name=value, got '%s'", where,
                                     key[0] ? key : text);
            else if (vmlab_param_is_set(p, key))
                rc = vmlab_error_set(err, VMLAB_EINPUT, "%s.%s: given twice", where, key);
            else
                rc = vmlab_params_set(p, key, val, where, err);
            if (!*s)
                break;
            s++;
        }
        free(key);
        free(val);
        if (rc) {
            vmlab_params_free(p);
            return rc;
        }
    }
    int rc = vmlab_params_finish(p, where, err);
    if (rc)
        vmlab_params_free(p);
    return rc;
}

int vmlab_params_copy(struct vmlab_params *dst, const struct vmlab_params *src)
{
    *dst = *src;
    for (unsigned i = 0; i < src->n; i++) {
        if (!src->v[i].s)
            continue;
        dst->v[i].s = strdup(src->v[i].s);
        if (!dst->v[i].s) {
            for (unsigned j = 0; j < i; j++)
                free(dst->v[j].s);
            return VMLAB_ESYSTEM;
        }
    }
    return 0;
}

void vmlab_params_free(struct vmlab_params *p)
{
    for (unsigned i = 0; i < p->n; i++) {
        free(p->v[i].s);
        p->v[i].s = NULL;
    }
}

size_t vmlab_params_format(const struct vmlab_params *p, char *buf, size_t len)
{
    size_t used = 0;
    if (len)
        buf[0] = '\0';
    for (unsigned i = 0; i < p->n; i++) {
        const char *s = p->v[i].s ? p->v[i].s : "";
        bool quote = strpbrk(s, ",='\"") != NULL || !*s;
        char q = strchr(s, '\'') ? '"' : '\'';
        int n = quote ? snprintf(used < len ? buf + used : NULL, used < len ? len - used : 0,
                                 "%s%s=%c%s%c", i ? "," : "", p->desc[i].name, q, s, q)
                      : snprintf(used < len ? buf + used : NULL, used < len ? len - used : 0,
                                 "%s%s=%s", i ? "," : "", p->desc[i].name, s);
        used += (size_t)n;
    }
    return used;
}

static const struct vmlab_param_value *get(const struct vmlab_params *p, const char *name,
                                           enum vmlab_param_type t1, enum vmlab_param_type t2)
{
    int i = param_index(p, name);
    assert(i >= 0 && "parameter not in the table");
    assert((p->desc[i].type == t1 || p->desc[i].type == t2) && "parameter read with the wrong type");
    (void)t1;
    (void)t2;
    return &p->v[i];
}

int64_t vmlab_param_int(const struct vmlab_params *p, const char *name)
{
    return get(p, name, VMLAB_PARAM_INT, VMLAB_PARAM_INT)->i;
}

uint64_t vmlab_param_u64(const struct vmlab_params *p, const char *name)
{
    return get(p, name, VMLAB_PARAM_COUNT, VMLAB_PARAM_SIZE)->u;
}

double vmlab_param_real(const struct vmlab_params *p, const char *name)
{
    return get(p, name, VMLAB_PARAM_REAL, VMLAB_PARAM_REAL)->d;
}

bool vmlab_param_bool(const struct vmlab_params *p, const char *name)
{
    return get(p, name, VMLAB_PARAM_BOOL, VMLAB_PARAM_BOOL)->b;
}

const char *vmlab_param_string(const struct vmlab_params *p, const char *name)
{
    return get(p, name, VMLAB_PARAM_STRING, VMLAB_PARAM_STRING)->s;
}

bool vmlab_param_is_set(const struct vmlab_params *p, const char *name)
{
    int i = param_index(p, name);
    return i >= 0 && p->v[i].set;
}

bool vmlab_param_has(const struct vmlab_params *p, const char *name)
{
    return param_index(p, name) >= 0;
}

int vmlab_spec_split(const char *spec, char *name, size_t name_len, const char **params,
                     const char *where, struct vmlab_error *err)
{
    const char *colon = strchr(spec, ':');
    size_t n = colon ? (size_t)(colon - spec) : strlen(spec);
    if (n == 0)
        return vmlab_error_set(err, VMLAB_EINPUT, "%s: expected NAME[:key=value,...], got '%s'",
                               where, spec);
    if (n >= name_len)
        return vmlab_error_set(err, VMLAB_EINPUT, "%s: name too long in '%s'", where, spec);
    memcpy(name, spec, n);
    name[n] = '\0';
    *params = colon ? colon + 1 : NULL;
    return 0;
}
