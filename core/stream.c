/*
 * stream.c - the stream wrapper, the in-memory stream, and the small
 * name tables of references (operations, units).
 */
#include <config.h>

#include <stdlib.h>
#include <string.h>

#include <vmlab/stream.h>
#include <vmlab/trace.h>

const char *vmlab_op_name(enum vmlab_op op)
{
    switch (op) {
    case VMLAB_OP_READ: return "R";
    case VMLAB_OP_WRITE: return "W";
    case VMLAB_OP_IFETCH: return "I";
    }
    return "?";
}

const char *vmlab_unit_name(enum vmlab_unit unit)
{
    return unit == VMLAB_UNIT_BYTE ? "byte" : "page";
}

struct vmlab_stream *vmlab_stream_new(const struct vmlab_stream_ops *ops, void *state,
                                      enum vmlab_unit unit, uint64_t length)
{
    struct vmlab_stream *s = malloc(sizeof *s);
    if (!s)
        return NULL;
    s->ops = ops;
    s->state = state;
    s->unit = unit;
    s->length = length;
    s->addr_bound = 0;
    s->asid_bound = 0;
    s->meta = NULL;
    s->format = NULL;
    s->compression = NULL;
    return s;
}

long vmlab_stream_read(struct vmlab_stream *s, struct vmlab_ref *buf, size_t cap,
                       struct vmlab_error *err)
{
    return s->ops->read(s->state, buf, cap, err);
}

long vmlab_stream_next(struct vmlab_stream *s, struct vmlab_ref *buf, size_t cap,
                       const struct vmlab_ref **block, struct vmlab_error *err)
{
    if (s->ops->view)
        return s->ops->view(s->state, block, cap, err);
    *block = buf;
    return s->ops->read(s->state, buf, cap, err);
}

int vmlab_stream_rewind(struct vmlab_stream *s, struct vmlab_error *err)
{
    if (!s->ops->rewind)
        return vmlab_error_set(err, VMLAB_EINPUT,
                               "this input cannot be read twice (a pipe?); "
                               "save it to a file first");
    return s->ops->rewind(s->state, err);
}

int vmlab_stream_seek(struct vmlab_stream *s, uint64_t ref, struct vmlab_error *err)
{
    if (s->ops->seek)
        return s->ops->seek(s->state, ref, err);
    int rc = vmlab_stream_rewind(s, err);
    struct vmlab_ref buf[256];
    while (!rc && ref > 0) {
        long k = vmlab_stream_read(s, buf, ref < 256 ? (size_t)ref : 256, err);
        if (k <= 0)
            return (int)k;
        ref -= (uint64_t)k;
    }
    return rc;
}

void vmlab_stream_close(struct vmlab_stream *s)
{
    if (!s)
        return;
    if (s->ops->close)
        s->ops->close(s->state);
    vmlab_meta_free(s->meta);
    free(s);
}

/* ---- in-memory stream ---- */

struct memory_stream {
    struct vmlab_ref *refs;
    size_t n, pos;
    bool owned;
};

static long memory_read(void *state, struct vmlab_ref *buf, size_t cap, struct vmlab_error *err)
{
    struct memory_stream *m = state;
    size_t k = m->n - m->pos < cap ? m->n - m->pos : cap;
    memcpy(buf, m->refs + m->pos, k * sizeof *buf);
    m->pos += k;
    return (long)k;
}

static long memory_view(void *state, const struct vmlab_ref **block, size_t cap,
                        struct vmlab_error *err)
{
    struct memory_stream *m = state;
    size_t k = m->n - m->pos < cap ? m->n - m->pos : cap;
    *block = m->refs + m->pos;
    m->pos += k;
    return (long)k;
}

static int memory_rewind(void *state, struct vmlab_error *err)
{
    struct memory_stream *m = state;
    m->pos = 0;
    return 0;
}

static int memory_seek(void *state, uint64_t ref, struct vmlab_error *err)
{
    struct memory_stream *m = state;
    m->pos = ref < m->n ? (size_t)ref : m->n;
    return 0;
}

static void memory_close(void *state)
{
    struct memory_stream *m = state;
    if (m->owned)
        free(m->refs);
    free(m);
}

static const struct vmlab_stream_ops memory_ops = {
    .read = memory_read,
    .rewind = memory_rewind,
    .close = memory_close,
    .seek = memory_seek,
    .view = memory_view,
};

struct vmlab_stream *vmlab_stream_memory(struct vmlab_ref *refs, size_t n, enum vmlab_unit unit,
                                         bool owned)
{
    struct memory_stream *m = malloc(sizeof *m);
    if (!m)
        return NULL;
    *m = (struct memory_stream){.refs = refs, .n = n, .owned = owned};
    struct vmlab_stream *s = vmlab_stream_new(&memory_ops, m, unit, n);
    if (!s) {
        free(m);
        return NULL;
    }
    /* the bounds, for the engine's page table: one pass over memory the caller filled */
    uint64_t amax = 0;
    uint32_t smax = 0;
    for (size_t i = 0; i < n; i++) {
        amax = refs[i].addr > amax ? refs[i].addr : amax;
        smax = refs[i].asid > smax ? refs[i].asid : smax;
    }
    if (n && amax < UINT64_MAX) {
        s->addr_bound = amax + 1;
        s->asid_bound = smax + 1;
    }
    return s;
}

int vmlab_stream_slurp(struct vmlab_stream *s, struct vmlab_ref **refs, size_t *n,
                       struct vmlab_error *err)
{
    size_t cap = s->length ? (size_t)s->length : VMLAB_BLOCK_REFS, len = 0;
    struct vmlab_ref *buf = malloc(cap * sizeof *buf);
    if (!buf)
        return vmlab_error_set(err, VMLAB_ESYSTEM, "out of memory reading the input");
    for (;;) {
        if (cap - len < VMLAB_BLOCK_REFS) {
            struct vmlab_ref *nb = realloc(buf, 2 * (cap + VMLAB_BLOCK_REFS) * sizeof *buf);
            if (!nb) {
                free(buf);
                return vmlab_error_set(err, VMLAB_ESYSTEM, "out of memory reading the input");
            }
            buf = nb;
            cap = 2 * (cap + VMLAB_BLOCK_REFS);
        }
        long k = vmlab_stream_read(s, buf + len, VMLAB_BLOCK_REFS, err);
        if (k < 0) {
            free(buf);
            return (int)k;
        }
        if (k == 0)
            break;
        len += (size_t)k;
    }
    *refs = buf;
    *n = len;
    return 0;
}
