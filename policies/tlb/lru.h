/*
 * lru.h - LRU over the ways of a set: replace the way used longest ago.
 *
 *   set:  way  0    1    2    3
 *   last use  17   42    9   30     victim = way 2 (used longest ago)
 *
 * Every fill and hit marks the way as the most recent; the victim is the
 * way marked longest ago (common.h: an order word per set of up to 16 ways,
 * so a hit is a few operations and a victim one shift; per-way stamps and
 * a scan for larger sets). True LRU is what small fully associative TLBs
 * approximate and what the textbook analyses assume (a fully associative
 * LRU TLB of E entries hits every access of a loop over K <= E pages and
 * misses every access when K = E + 1).
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
    struct tlbp_recency r; /* the ways by their last use */
};

static inline int tlbp_lru_init(struct tlbp_lru *p, const struct vmlab_tlb_policy_env *env,
                                const struct vmlab_params *params, struct vmlab_error *err)
{
    return tlbp_recency_init(&p->r, env, err);
}

static inline void tlbp_lru_insert(struct tlbp_lru *p, uint32_t set, uint32_t way)
{
    tlbp_recency_mark(&p->r, set, way);
}

static inline void tlbp_lru_touch(struct tlbp_lru *p, uint32_t set, uint32_t way)
{
    tlbp_recency_mark(&p->r, set, way);
}

static inline uint32_t tlbp_lru_victim(struct tlbp_lru *p, uint32_t set)
{
    return tlbp_recency_oldest(&p->r, set);
}

static inline void tlbp_lru_invalidate(struct tlbp_lru *p, uint32_t set, uint32_t way)
{
    tlbp_recency_clear(&p->r, set, way);
}

static inline void tlbp_lru_fini(struct tlbp_lru *p)
{
    tlbp_recency_fini(&p->r);
}

#define TLBP_INFO_lru                                                                              \
    "lru", "least recently used way of the set", "Mattson et al., IBM Systems Journal 9(2), 1970", \
        NULL

#endif /* VMLAB_POLICIES_TLB_LRU_H */
