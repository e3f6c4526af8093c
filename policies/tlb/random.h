/*
 * random.h - random replacement: a uniformly random way of the full set,
 * drawn from xoshiro256** seeded from the run's seed (and the structure's
 * place in the model), so a run is repeatable. Hits change nothing. Arm
 * cores offer it for their caches and TLBs; it is the baseline every
 * replacement study compares against.
 *
 * Parameters: none.
 * Source: Smith and Goodman, "Instruction cache replacement policies and
 * organizations", IEEE Transactions on Computers C-34(3), 1985.
 */
#ifndef VMLAB_POLICIES_TLB_RANDOM_H
#define VMLAB_POLICIES_TLB_RANDOM_H

#include <vmlab/rng.h>

#include "common.h"

struct tlbp_random {
    uint32_t ways;
    struct vmlab_rng rng;
};

static inline int tlbp_random_init(struct tlbp_random *s, const struct vmlab_tlb_policy_env *env,
                                   const struct vmlab_params *p, struct vmlab_error *err)
{
    s->ways = env->ways;
    vmlab_rng_seed(&s->rng, env->seed, 0x7e1b);
    return 0;
}

static inline void tlbp_random_insert(struct tlbp_random *s, uint32_t set, uint32_t way)
{
    (void)s, (void)set, (void)way;
}

static inline void tlbp_random_touch(struct tlbp_random *s, uint32_t set, uint32_t way)
{
    (void)s, (void)set, (void)way;
}

static inline uint32_t tlbp_random_victim(struct tlbp_random *s, uint32_t set)
{
    return (uint32_t)vmlab_rng_below(&s->rng, s->ways);
}

static inline void tlbp_random_invalidate(struct tlbp_random *s, uint32_t set, uint32_t way)
{
    (void)s, (void)set, (void)way;
}

static inline void tlbp_random_fini(struct tlbp_random *s)
{
    (void)s;
}

#define TLBP_INFO_random                                                                           \
    "random", "a uniformly random way of the set (seeded)",                                        \
        "Smith and Goodman, IEEE Trans. Computers C-34(3), 1985", NULL

#endif /* VMLAB_POLICIES_TLB_RANDOM_H */
