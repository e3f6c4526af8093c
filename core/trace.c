/*
 * trace.c - trace metadata (an ordered key/value list) and the filter
 * stream that keeps part of another stream (vmlab/trace.h).
 *
 * The filter is a pipeline over the references of its input, each stage
 * counting what the previous one let through:
 *
 *   input ─► op kept? ─► past the first `skip`? ─► inside a window? ─► every N-th? ─► under limit?
 */
#include <config.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <vmlab/trace.h>

/* ---- metadata ---- */

struct vmlab_meta *vmlab_meta_new(void)
{
    return calloc(1, sizeof(struct vmlab_meta));
}

void vmlab_meta_free(struct vmlab_meta *m)
{
    if (!m)
        return;
    for (size_t i = 0; i < m->n; i++) {
        free(m->keys[i]);
        free(m->values[i]);
    }
    free(m->keys);
    free(m->values);
    free(m);
}

const char *vmlab_meta_get(const struct vmlab_meta *m, const char *key)
{
    for (size_t i = 0; m && i < m->n; i++)
        if (!strcmp(m->keys[i], key))
            return m->values[i];
    return NULL;
}

int vmlab_meta_set(struct vmlab_meta *m, const char *key, const char *value)
{
    char *v = strdup(value);
    if (!v)
        return VMLAB_ESYSTEM;
    for (size_t i = 0; i < m->n; i++) {
        if (!strcmp(m->keys[i], key)) {
            free(m->values[i]);
            m->values[i] = v;
            return 0;
        }
    }
    if (m->n == m->cap) {
        size_t nc = m->cap ? 2 * m->cap : 8;
        char **nk = realloc(m->keys, nc * sizeof *nk);
        if (nk)
            m->keys = nk;
        char **nv = nk ? realloc(m->values, nc * sizeof *nv) : NULL;
        if (!nv) {
            free(v);
            return VMLAB_ESYSTEM;
        }
        m->values = nv;
        m->cap = nc;
    }
    if (!(m->keys[m->n] = strdup(key))) {
        free(v);
        return VMLAB_ESYSTEM;
    }
    m->values[m->n++] = v;
    return 0;
}

struct vmlab_meta *vmlab_meta_copy(const struct vmlab_meta *m)
{
    struct vmlab_meta *c = vmlab_meta_new();
    for (size_t i = 0; c && m && i < m->n; i++) {
        if (vmlab_meta_set(c, m->keys[i], m->values[i])) {
            vmlab_meta_free(c);
            return NULL;
        }
    }
    return c;
}

const struct vmlab_meta *vmlab_stream_meta(const struct vmlab_stream *s)
{
    return s->meta;
}

/* ---- filters ---- */

struct filter {
    struct vmlab_stream *in;
    struct vmlab_filter f;
    uint64_t seen;   /* references past the op stage */
    uint64_t passed; /* references past the window stage */
    uint64_t kept;   /* references handed out */
    bool limited;    /* stopped at the limit */
    struct vmlab_ref *buf;
};

bool vmlab_filter_is_identity(const struct vmlab_filter *f)
{
    return f->keep == VMLAB_KEEP_ALL && !f->skip && !f->window_keep && f->every <= 1 && !f->limit;
}

void vmlab_filter_describe(const struct vmlab_filter *f, char *buf, size_t len)
{
    size_t used = 0;
    buf[0] = '\0';
#define PUT(...)                                                                                   \
    do {                                                                                           \
        if (used < len)                                                                            \
            used += (size_t)snprintf(buf + used, len - used, "%s", used ? ", " : "");              \
        if (used < len)                                                                            \
            used += (size_t)snprintf(buf + used, len - used, __VA_ARGS__);                         \
    } while (0)
    if (f->keep == VMLAB_KEEP_DATA)
        PUT("data references only");
    else if (f->keep == VMLAB_KEEP_IFETCH)
        PUT("instruction fetches only");
    if (f->skip)
        PUT("first %llu skipped", (unsigned long long)f->skip);
    if (f->window_keep)
        PUT("windows of %llu kept every %llu", (unsigned long long)f->window_keep,
            (unsigned long long)(f->window_keep + f->window_skip));
    if (f->every > 1)
        PUT("every %llu-th", (unsigned long long)f->every);
    if (f->limit)
        PUT("at most %llu", (unsigned long long)f->limit);
    if (!used)
        PUT("all references");
#undef PUT
}

static inline bool op_kept(enum vmlab_keep keep, uint8_t op)
{
    return keep == VMLAB_KEEP_ALL || (keep == VMLAB_KEEP_IFETCH) == (op == VMLAB_OP_IFETCH);
}

static long filter_read(void *state, struct vmlab_ref *out, size_t cap, struct vmlab_error *err)
{
    struct filter *x = state;
    const struct vmlab_filter *f = &x->f;
    size_t n = 0;
    while (n == 0) {
        if (f->limit && x->kept >= f->limit) {
            x->limited = true;
            return 0;
        }
        size_t want = cap < VMLAB_BLOCK_REFS ? cap : VMLAB_BLOCK_REFS;
        if (f->limit && f->limit - x->kept < want && f->keep == VMLAB_KEEP_ALL && !f->skip &&
            !f->window_keep && f->every <= 1)
            want = (size_t)(f->limit - x->kept); /* never read past the limit */
        long k = vmlab_stream_read(x->in, x->buf, want, err);
        if (k <= 0)
            return k;
        for (long i = 0; i < k; i++) {
            const struct vmlab_ref *r = &x->buf[i];
            if (!op_kept(f->keep, r->op))
                continue;
            uint64_t t = x->seen++;
            if (t < f->skip)
                continue;
            t -= f->skip;
            if (f->window_keep && t % (f->window_keep + f->window_skip) >= f->window_keep)
                continue;
            uint64_t u = x->passed++;
            if (f->every > 1 && u % f->every)
                continue;
            if (f->limit && x->kept >= f->limit) {
                x->limited = true;
                break;
            }
            out[n++] = *r;
            x->kept++;
        }
    }
    return (long)n;
}

static int filter_rewind(void *state, struct vmlab_error *err)
{
    struct filter *x = state;
    int rc = vmlab_stream_rewind(x->in, err);
    if (!rc)
        x->seen = x->passed = x->kept = 0, x->limited = false;
    return rc;
}

static void filter_close(void *state)
{
    struct filter *x = state;
    x->in->meta = NULL; /* shared with the filter stream, freed with it */
    vmlab_stream_close(x->in);
    free(x->buf);
    free(x);
}

static const struct vmlab_stream_ops filter_ops = {
    .read = filter_read,
    .rewind = filter_rewind,
    .close = filter_close,
};

int vmlab_stream_filter(struct vmlab_stream **out, struct vmlab_stream *in,
                        const struct vmlab_filter *f, struct vmlab_error *err)
{
    struct filter *x = calloc(1, sizeof *x);
    struct vmlab_stream *s = NULL;
    if (x)
        x->buf = malloc(VMLAB_BLOCK_REFS * sizeof *x->buf);
    if (x && x->buf)
        s = vmlab_stream_new(&filter_ops, x, in->unit,
                             vmlab_filter_is_identity(f) ? in->length : 0);
    if (!s) {
        if (x)
            free(x->buf);
        free(x);
        vmlab_stream_close(in);
        return vmlab_error_set(err, VMLAB_ESYSTEM, "out of memory");
    }
    x->in = in;
    x->f = *f;
    s->meta = in->meta;
    s->format = in->format;
    s->compression = in->compression;
    *out = s;
    return 0;
}

bool vmlab_stream_filter_limited(const struct vmlab_stream *s)
{
    return s->ops == &filter_ops && ((const struct filter *)s->state)->limited;
}
