/*
 * loop.c - a cyclic scan: pages 0, 1, ..., N-1, 0, 1, ... The pattern LRU
 * and FIFO handle worst: with F < N frames each evicts exactly the page
 * needed soonest, so after the first pass every reference faults, while OPT
 * faults only about (N - F) / (N - 1) of the time.
 *
 * Parameters: pages (N), and the common ones.
 */
#include <config.h>

#include <stdlib.h>

#include <vmlab/workload.h>

#include "gen.h"

struct loop {
    struct gen g;
    uint64_t n;
    uint64_t cur;  /* next page */
};

static uint64_t loop_next(struct gen *g)
{
    struct loop *l = (struct loop *)g;
    uint64_t p = l->cur;
    l->cur = p + 1 == l->n ? 0 : p + 1;
    return p;
}

static void loop_restart(struct gen *g)
{
    ((struct loop *)g)->cur = 0;
}

GEN_STREAM(loop, loop_next);

static const struct vmlab_param_desc loop_params[] = {
    {"pages", VMLAB_PARAM_COUNT, NULL, VMLAB_RANGE(1, 4503599627370495.0), NULL,
     "pages in the cycle N"},
    GEN_COMMON_PARAMS("1000000"),
    {0},
};

static int loop_open(struct vmlab_stream **out, const struct vmlab_params *p,
                     const struct vmlab_workload_env *env, struct vmlab_error *err)
{
    struct loop *l = calloc(1, sizeof *l);
    if (!l)
        return vmlab_error_set(err, VMLAB_ESYSTEM, "out of memory");
    l->n = vmlab_param_u64(p, "pages");
    l->g.restart = loop_restart;
    l->g.max_page = l->n - 1;
    return gen_open(out, &loop_ops, &l->g, p, env, err);
}

const struct vmlab_workload vmlab_workload_loop = {
    .abi = VMLAB_WORKLOAD_ABI,
    .name = "loop",
    .summary = "cyclic scan over N pages (0, 1, ..., N-1, 0, 1, ...)",
    .params = loop_params,
    .open = loop_open,
};
