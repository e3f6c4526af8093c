/*
 * tlb_mru_plugin.c - an out-of-tree TLB replacement policy as a user would
 * write one: MRU over the ways of a set (replace the way used last), built as
 * a shared object against the public headers only, loaded with --plugin.
 *
 * On one fully associative set of 2 ways and the loop 0 1 2 0 1 2 0 1 2, MRU
 * keeps one page and cycles the other: 0 1 fill; 2 evicts 1; 0 hits; 1
 * evicts 0; 2 hits; 0 evicts 2; 1 hits; 2 evicts 1: 3 hits, 6 misses, where
 * LRU misses all 9 (worked on paper in tests/e2e/mmu.sh).
 */
#include <stdlib.h>

#include <vmlab/tlb_policy.h>

struct mru {
    uint32_t *last; /* [set]: the way used last */
};

static int mru_init(void **state, const struct vmlab_tlb_policy_env *env,
                    const struct vmlab_params *params, struct vmlab_error *err)
{
    (void)params;
    struct mru *m = malloc(sizeof *m);
    if (m)
        m->last = calloc(env->sets, sizeof *m->last);
    if (!m || !m->last) {
        free(m);
        return vmlab_error_set(err, VMLAB_ESYSTEM, "tlb-mru: out of memory");
    }
    *state = m;
    return 0;
}

static void mru_touch(void *state, uint32_t set, uint32_t way)
{
    ((struct mru *)state)->last[set] = way;
}

static uint32_t mru_victim(void *state, uint32_t set)
{
    return ((struct mru *)state)->last[set];
}

static void mru_fini(void *state)
{
    struct mru *m = state;
    free(m->last);
    free(m);
}

static const struct vmlab_tlb_policy tlb_mru = {
    .abi = VMLAB_TLB_POLICY_ABI,
    .name = "tlb-mru",
    .summary = "most recently used way (a test plugin)",
    .init = mru_init,
    .insert = mru_touch,
    .touch = mru_touch,
    .victim = mru_victim,
    .fini = mru_fini,
};

VMLAB_PLUGIN_TLB_POLICIES(&tlb_mru);
