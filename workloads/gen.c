/*
 * gen.c - what every synthetic generator shares (gen.h): seeding, rewind,
 * close and opening the stream.
 */
#include <config.h>

#include <stdlib.h>

#include "gen.h"

static void gen_seed(struct gen *g)
{
    vmlab_rng_seed(&g->rng, g->seed, 1);
    vmlab_rng_seed(&g->oprng, g->seed, 2);
}

int gen_rewind(void *state, struct vmlab_error *err)
{
    struct gen *g = state;
    g->t = 0;
    gen_seed(g);
    if (g->restart)
        g->restart(g);
    return 0;
}

void gen_close(void *state)
{
    free(state);
}

int gen_open(struct vmlab_stream **out, const struct vmlab_stream_ops *ops, struct gen *g,
             const struct vmlab_params *p, const struct vmlab_workload_env *env,
             struct vmlab_error *err)
{
    g->refs = vmlab_param_u64(p, "refs");
    g->writes = vmlab_param_real(p, "writes");
    g->asid = (uint32_t)vmlab_param_int(p, "asid");
    g->seed = vmlab_param_u64(p, "seed");
    g->shift = 0;
    while (((uint64_t)1 << g->shift) < env->page_size)
        g->shift++;
    if (g->max_page > (UINT64_MAX >> g->shift) || g->max_page >= VMLAB_PAGE_LIMIT) {
        unsigned long long page = g->max_page;
        free(g);
        return vmlab_error_set(err, VMLAB_EINPUT,
                               "page %llu does not fit a 64-bit address space with %llu-byte pages",
                               page, (unsigned long long)env->page_size);
    }
    gen_rewind(g, err);
    *out = vmlab_stream_new(ops, g, VMLAB_UNIT_BYTE, g->refs);
    if (!*out) {
        free(g);
        return vmlab_error_set(err, VMLAB_ESYSTEM, "out of memory");
    }
    return 0;
}
