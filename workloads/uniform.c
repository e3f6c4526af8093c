/*
 * uniform.c - independent references, each page equally likely: the
 * independent reference model with no locality, where every policy that
 * does not know the future does as well as RANDOM (fault ratio 1 - F/N in
 * steady state with F frames over N pages).
 *
 * Parameters: pages, and the common ones.
 */
#include <config.h>

#include <stdlib.h>

#include <vmlab/workload.h>

#include "gen.h"

struct uniform {
    struct gen g;
    uint64_t n;
};

static uint64_t uniform_next(struct gen *g)
{
    return vmlab_rng_below(&g->rng, ((struct uniform *)g)->n);
}

GEN_STREAM(uniform, uniform_next);

static const struct vmlab_param_desc uniform_params[] = {
    {"pages", VMLAB_PARAM_COUNT, NULL, VMLAB_RANGE(1, 4503599627370495.0), NULL,
     "distinct pages N"},
    GEN_COMMON_PARAMS("1000000"),
    {0},
};

static int uniform_open(struct vmlab_stream **out, const struct vmlab_params *p,
                        const struct vmlab_workload_env *env, struct vmlab_error *err)
{
    struct uniform *u = calloc(1, sizeof *u);
    if (!u)
        return vmlab_error_set(err, VMLAB_ESYSTEM, "out of memory");
    u->n = vmlab_param_u64(p, "pages");
    u->g.max_page = u->n - 1;
    return gen_open(out, &uniform_ops, &u->g, p, env, err);
}

const struct vmlab_workload vmlab_workload_uniform = {
    .abi = VMLAB_WORKLOAD_ABI,
    .name = "uniform",
    .summary = "every page equally likely, independent references",
    .params = uniform_params,
    .open = uniform_open,
};
