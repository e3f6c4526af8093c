/*
 * strided.c - a strided scan over an array: elements 0, s, 2s, ... of an
 * array of `elems` elements of `elem` bytes at `base`, each reference the
 * size of one element. The access pattern of a column walk over a row-major
 * matrix, of a struct-of-arrays field read, and of the stride benchmarks
 * that find cache-line and page sizes (Saavedra and Smith 1995):
 *
 *   stride 1:  │x│x│x│x│x│x│x│x│ ...   every element, 4096/elem per page
 *   stride 3:  │x│ │ │x│ │ │x│ │ ...   s*elem >= page size: one reference per page
 *
 * One pass makes n = ceil(elems / stride) references, the last at
 * base + (n-1) * stride * elem. With page size P it touches every page from
 * base's to the last reference's when stride * elem <= P (no page skipped),
 * and n distinct pages when stride * elem >= P (one per reference).
 * `sequential` is the same pattern at page granularity.
 *
 * Parameters: elems (required), elem (8 bytes), stride (1 element), base (0),
 * and the common ones (refs = 0: one pass; more wraps to element 0).
 * Memory held: none beyond the position.
 */
#include <config.h>

#include <stdlib.h>

#include <vmlab/workload.h>

#include "gen.h"

struct strided {
    struct gen g;
    uint64_t base; /* byte address of element 0 */
    uint64_t step; /* stride * elem, bytes */
    uint64_t n;    /* references in one pass */
    uint64_t i;    /* position in the pass */
    uint16_t size; /* elem */
};

static void strided_next(struct gen *g, struct vmlab_ref *r)
{
    struct strided *s = (struct strided *)g;
    gen_data(r, s->base + s->i * s->step, gen_draw_op(g), s->size);
    s->i = s->i + 1 == s->n ? 0 : s->i + 1;
}

static void strided_restart(struct gen *g)
{
    ((struct strided *)g)->i = 0;
}

GEN_STREAM_REFS(strided, strided_next);

static const struct vmlab_param_desc strided_params[] = {
    {"elems", VMLAB_PARAM_COUNT, NULL, VMLAB_RANGE(1, 1e15), NULL, "elements in the array"},
    GEN_ELEM_PARAM("8"),
    {"stride", VMLAB_PARAM_COUNT, "1", VMLAB_RANGE(1, 1e15), NULL,
     "distance between consecutive references, in elements"},
    GEN_BASE_PARAM,
    GEN_COMMON_PARAMS("0"),
    {0},
};

static int strided_open(struct vmlab_stream **out, const struct vmlab_params *p,
                        const struct vmlab_workload_env *env, struct vmlab_error *err)
{
    struct strided *s = calloc(1, sizeof *s);
    if (!s)
        return vmlab_error_set(err, VMLAB_ESYSTEM, "out of memory");
    uint64_t elems = vmlab_param_u64(p, "elems"), stride = vmlab_param_u64(p, "stride");
    s->size = (uint16_t)vmlab_param_u64(p, "elem");
    s->base = (uint64_t)vmlab_param_int(p, "base");
    s->step = gen_mul(stride, s->size);
    s->n = (elems - 1) / stride + 1;
    s->g.run = s->n;
    s->g.restart = strided_restart;
    uint64_t bytes = gen_mul(elems, s->size);
    int rc = gen_place(&s->g, p, env, &bytes, 1, &s->base, "strided", err);
    if (rc) {
        free(s);
        return rc;
    }
    return gen_open(out, &strided_ops, &s->g, p, env, err);
}

const struct vmlab_workload vmlab_workload_strided = {
    .abi = VMLAB_WORKLOAD_ABI,
    .name = "strided",
    .summary = "strided scan over an array of elem-byte elements (byte addresses, sized refs)",
    .params = strided_params,
    .open = strided_open,
};
