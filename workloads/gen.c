/*
 * gen.c - what every synthetic generator shares (gen.h): seeding, rewind,
 * close, opening the stream, and placing a kernel's arrays.
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
    (void)err;
    g->t = 0;
    gen_seed(g);
    if (g->restart)
        g->restart(g);
    return 0;
}

void gen_close(void *state)
{
    struct gen *g = state;
    if (g && g->fini)
        g->fini(g);
    free(state);
}

int gen_open(struct vmlab_stream **out, const struct vmlab_stream_ops *ops, struct gen *g,
             const struct vmlab_params *p, const struct vmlab_workload_env *env,
             struct vmlab_error *err)
{
    g->refs = vmlab_param_u64(p, "refs");
    if (!g->refs)
        g->refs = g->run;
    g->writes = vmlab_param_has(p, "writes") ? vmlab_param_real(p, "writes") : 0;
    g->asid = (uint32_t)vmlab_param_int(p, "asid");
    g->seed = vmlab_param_u64(p, "seed");
    g->shift = 0;
    while (((uint64_t)1 << g->shift) < env->page_size)
        g->shift++;
    if (vmlab_param_has(p, "ifetch")) {
        g->ifetch = vmlab_param_bool(p, "ifetch");
        g->code = (uint64_t)vmlab_param_int(p, "code");
        uint64_t code_page = (g->code + GEN_MAX_LOOPS * GEN_BODY_BYTES - 1) >> g->shift;
        if (g->ifetch && code_page > g->max_page)
            g->max_page = code_page;
    }
    if (g->max_page > (UINT64_MAX >> g->shift) || g->max_page >= VMLAB_PAGE_LIMIT) {
        unsigned long long page = g->max_page;
        gen_close(g);
        return vmlab_error_set(err, VMLAB_EINPUT,
                               "page %llu does not fit a 64-bit address space with %llu-byte pages",
                               page, (unsigned long long)env->page_size);
    }
    gen_rewind(g, err);
    *out = vmlab_stream_new(ops, g, VMLAB_UNIT_BYTE, g->refs);
    if (!*out) {
        gen_close(g);
        return vmlab_error_set(err, VMLAB_ESYSTEM, "out of memory");
    }
    (*out)->addr_bound = (g->max_page + 1) << g->shift; /* 0 (unknown) if it wraps */
    (*out)->asid_bound = g->asid + 1;
    return 0;
}

int gen_place(struct gen *g, const struct vmlab_params *p, const struct vmlab_workload_env *env,
              const uint64_t *bytes, size_t n, uint64_t *start, const char *name,
              struct vmlab_error *err)
{
    uint64_t at = (uint64_t)vmlab_param_int(p, "base");
    uint64_t pad = vmlab_param_has(p, "pad") ? vmlab_param_u64(p, "pad") : 0;
    uint64_t align = vmlab_param_has(p, "align") ? vmlab_param_u64(p, "align") : 1;
    if (align & (align - 1))
        return vmlab_error_set(err, VMLAB_EINPUT, "%s: align must be a power of two, got %llu",
                               name, (unsigned long long)align);
    uint64_t end = at;
    for (size_t i = 0; i < n; i++) {
        if (__builtin_add_overflow(at, align - 1, &at) ||
            __builtin_add_overflow(at & ~(align - 1), bytes[i], &end))
            return vmlab_error_set(err, VMLAB_EINPUT,
                                   "%s: the arrays do not fit a 64-bit address space", name);
        start[i] = at & ~(align - 1);
        if (__builtin_add_overflow(end, pad, &at))
            at = UINT64_MAX; /* only a following array would overflow */
    }
    uint64_t last = (end ? end - 1 : 0) / env->page_size;
    if (last > g->max_page)
        g->max_page = last;
    return 0;
}
