/*
 * lru.h - LRU over the ways of a set: replace the way used longest ago.
 *
 *   set:  way  0    1    2    3
 *   stamp     17   42    9   30     victim = way 2 (smallest stamp)
 *
 * Every fill and hit stamps the way with a per-structure counter; the victim
 * is the way with the smallest stamp (ties: the lowest way). A hit costs one
 * store; the O(ways) scan happens only on a replacement. True LRU is what
 * small fully associative TLBs approximate and what the textbook analyses
 * assume (a fully associative LRU TLB of E entries hits every access of a
 * loop over K <= E pages and misses every access when K = E + 1).
 *
 * Parameters: none.
 * Source: the stack-algorithm analysis of Mattson, Gecsei, Slutz and
 * Traiger, "Evaluation techniques for storage hierarchies", IBM Systems
 * Journal 9(2), 1970.
 */
#ifndef VMLAB_POLICIES_TLB_LRU_H
#define VMLAB_POLICIES_TLB_LRU_H

#include <stdbool.h>

#include "common.h"

struct tlbp_lru {
    uint32_t ways;
    uint64_t clock;  /* last stamp handed out */
    uint64_t *stamp; /* [set * ways + way]: when the way was last used; 0: never */
};

static inline int tlbp_lru_init(struct tlbp_lru *s, const struct vmlab_tlb_policy_env *env,
                                const struct vmlab_params *p, struct vmlab_error *err)
{
    s->ways = env->ways;
    s->stamp = tlbp_alloc((size_t)env->sets * env->ways, sizeof *s->stamp, err);
    return s->stamp ? 0 : VMLAB_ESYSTEM;
}

static inline void tlbp_lru_touch(struct tlbp_lru *s, uint32_t set, uint32_t way)
{
    s->stamp[(size_t)set * s->ways + way] = ++s->clock;
}

static inline void tlbp_lru_insert(struct tlbp_lru *s, uint32_t set, uint32_t way)
{
    tlbp_lru_touch(s, set, way);
}

static inline uint32_t tlbp_lru_victim(struct tlbp_lru *s, uint32_t set)
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

static inline void tlbp_lru_invalidate(struct tlbp_lru *s, uint32_t set, uint32_t way)
{
    s->stamp[(size_t)set * s->ways + way] = 0;
}

static inline void tlbp_lru_fini(struct tlbp_lru *s)
{
    free(s->stamp);
}

#define TLBP_INFO_lru                                                                              \
    "lru", "least recently used way of the set", "Mattson et al., IBM Systems Journal 9(2), 1970", \
        NULL

#endif /* VMLAB_POLICIES_TLB_LRU_H */
