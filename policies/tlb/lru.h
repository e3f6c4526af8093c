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

#include "common.h"

struct tlbp_lru {
    struct tlbp_stamps s; /* when each way was last used */
};

static inline int tlbp_lru_init(struct tlbp_lru *p, const struct vmlab_tlb_policy_env *env,
                                 const struct vmlab_params *params, struct vmlab_error *err)
{
    return tlbp_stamps_init(&p->s, env, err);
}

static inline void tlbp_lru_insert(struct tlbp_lru *p, uint32_t set, uint32_t way)
{
    tlbp_stamps_set(&p->s, set, way);
}

static inline void tlbp_lru_touch(struct tlbp_lru *p, uint32_t set, uint32_t way)
{
    tlbp_stamps_set(&p->s, set, way);
}

static inline uint32_t tlbp_lru_victim(struct tlbp_lru *p, uint32_t set)
{
    return tlbp_stamps_oldest(&p->s, set);
}

static inline void tlbp_lru_invalidate(struct tlbp_lru *p, uint32_t set, uint32_t way)
{
    tlbp_stamps_clear(&p->s, set, way);
}

static inline void tlbp_lru_fini(struct tlbp_lru *p)
{
    free(p->s.stamp);
}

#define TLBP_INFO_lru                                                                              \
    "lru", "least recently used way of the set", "Mattson et al., IBM Systems Journal 9(2), 1970", \
        NULL

#endif /* VMLAB_POLICIES_TLB_LRU_H */
