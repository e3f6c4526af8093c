/*
 * sequential.c - a one-time scan: pages start, start + stride,
 * start + 2*stride, ... each touched once. Every reference is a compulsory
 * fault whatever the policy: the scan that pollutes LRU caches, and the
 * building block of scan-resistance experiments.
 *
 * Parameters: pages (how many pages the scan visits), start, stride (in
 * pages), and the common ones; refs = 0 (the default) means one pass, refs >
 * pages wraps. A scan over an array of elements smaller than a page, at a
 * byte stride, is `strided` (strided.c).
 */
#include <config.h>

#include <stdlib.h>

#include <vmlab/workload.h>

#include "gen.h"

struct sequential {
    struct gen g;
    uint64_t n, start, stride;
    uint64_t i;  /* position in the scan */
};

static uint64_t sequential_next(struct gen *g)
{
    struct sequential *s = (struct sequential *)g;
    uint64_t p = s->start + s->i * s->stride;
    s->i = s->i + 1 == s->n ? 0 : s->i + 1;
    return p;
}

static void sequential_restart(struct gen *g)
{
    ((struct sequential *)g)->i = 0;
}

GEN_STREAM(sequential, sequential_next);

static const struct vmlab_param_desc sequential_params[] = {
    {"pages", VMLAB_PARAM_COUNT, NULL, VMLAB_RANGE(1, 4503599627370495.0), NULL,
     "pages the scan visits"},
    {"start", VMLAB_PARAM_COUNT, "0", VMLAB_ANY, NULL, "first page"},
    {"stride", VMLAB_PARAM_COUNT, "1", VMLAB_RANGE(1, 4503599627370495.0), NULL,
     "distance between consecutive pages, in pages"},
    GEN_COMMON_PARAMS("0"),
    {0},
};

static int sequential_open(struct vmlab_stream **out, const struct vmlab_params *p,
                           const struct vmlab_workload_env *env, struct vmlab_error *err)
{
    struct sequential *s = calloc(1, sizeof *s);
    if (!s)
        return vmlab_error_set(err, VMLAB_ESYSTEM, "out of memory");
    s->n = vmlab_param_u64(p, "pages");
    s->start = vmlab_param_u64(p, "start");
    s->stride = vmlab_param_u64(p, "stride");
    s->g.restart = sequential_restart;
    uint64_t last = s->start + (s->n - 1) * s->stride;
    if ((s->n - 1) > (VMLAB_PAGE_LIMIT - 1) / s->stride || last >= VMLAB_PAGE_LIMIT) {
        free(s);
        return vmlab_error_set(err, VMLAB_EINPUT,
                               "sequential: start + (pages - 1) * stride must stay below 2^52 - 1");
    }
    s->g.max_page = last;
    s->g.run = s->n;
    return gen_open(out, &sequential_ops, &s->g, p, env, err);
}

const struct vmlab_workload vmlab_workload_sequential = {
    .abi = VMLAB_WORKLOAD_ABI,
    .name = "sequential",
    .summary = "one-time scan of pages start, start+stride, ... (each touched once)",
    .params = sequential_params,
    .open = sequential_open,
};
