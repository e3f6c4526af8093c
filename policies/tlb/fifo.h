/*
 * fifo.h - FIFO over the ways of a set: replace the way filled longest ago,
 * whatever its hits (round robin, as many simple TLBs and walk caches do).
 *
 *   fills:  A B C D | E      set after:  E B C D   (A was first in)
 *
 * Fills stamp the way with a per-structure counter; hits change nothing;
 * the victim is the smallest stamp (ties: the lowest way).
 *
 * Parameters: none.
 * Source: Belady, "A study of replacement algorithms for a virtual-storage
 * computer", IBM Systems Journal 5(2), 1966 (FIFO as a replacement rule).
 */
#ifndef VMLAB_POLICIES_TLB_FIFO_H
#define VMLAB_POLICIES_TLB_FIFO_H

#include <stdbool.h>

#include "common.h"

struct tlbp_fifo {
    uint32_t ways;
    uint64_t clock;  /* last stamp handed out */
    uint64_t *stamp; /* [set * ways + way]: when the way was filled; 0: never */
};

static inline int tlbp_fifo_init(struct tlbp_fifo *s, const struct vmlab_tlb_policy_env *env,
                                 const struct vmlab_params *p, struct vmlab_error *err)
{
    s->ways = env->ways;
    s->stamp = tlbp_alloc((size_t)env->sets * env->ways, sizeof *s->stamp, err);
    return s->stamp ? 0 : VMLAB_ESYSTEM;
}

static inline void tlbp_fifo_insert(struct tlbp_fifo *s, uint32_t set, uint32_t way)
{
    s->stamp[(size_t)set * s->ways + way] = ++s->clock;
}

static inline void tlbp_fifo_touch(struct tlbp_fifo *s, uint32_t set, uint32_t way)
{
    (void)s, (void)set, (void)way;
}

static inline uint32_t tlbp_fifo_victim(struct tlbp_fifo *s, uint32_t set)
{
    const uint64_t *st = s->stamp + (size_t)set * s->ways;
    uint64_t oldest = st[0];
    uint32_t v = 0;
    for (uint32_t w = 1; w < s->ways; w++) {
        /* branch-free: which way is oldest is data, not a pattern the predictor learns */
        bool older = st[w] < oldest;
        oldest = older ? st[w] : oldest;
        v = older ? w : v;
    }
    return v;
}

static inline void tlbp_fifo_invalidate(struct tlbp_fifo *s, uint32_t set, uint32_t way)
{
    s->stamp[(size_t)set * s->ways + way] = 0;
}

static inline void tlbp_fifo_fini(struct tlbp_fifo *s)
{
    free(s->stamp);
}

#define TLBP_INFO_fifo                                                                             \
    "fifo", "first in, first out: the way filled longest ago",                                     \
        "Belady, IBM Systems Journal 5(2), 1966", NULL

#endif /* VMLAB_POLICIES_TLB_FIFO_H */
