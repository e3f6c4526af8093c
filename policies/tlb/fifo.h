/*
 * fifo.h - FIFO over the ways of a set: replace the way filled longest ago,
 * whatever its hits (round robin, as many simple TLBs and walk caches do).
 *
 *   fills:  A B C D | E      set after:  E B C D   (A was first in)
 *
 * Fills mark the way as the most recent (common.h, as LRU's uses do); hits
 * change nothing; the victim is the way filled longest ago.
 *
 * Parameters: none.
 * Source: Belady, "A study of replacement algorithms for a virtual-storage
 * computer", IBM Systems Journal 5(2), 1966 (FIFO as a replacement rule).
 */
#ifndef VMLAB_POLICIES_TLB_FIFO_H
#define VMLAB_POLICIES_TLB_FIFO_H

#include "common.h"

struct tlbp_fifo {
    struct tlbp_recency r; /* the ways by their last fill */
};

static inline int tlbp_fifo_init(struct tlbp_fifo *p, const struct vmlab_tlb_policy_env *env,
                                 const struct vmlab_params *params, struct vmlab_error *err)
{
    return tlbp_recency_init(&p->r, env, err);
}

static inline void tlbp_fifo_insert(struct tlbp_fifo *p, uint32_t set, uint32_t way)
{
    tlbp_recency_mark(&p->r, set, way);
}

static inline void tlbp_fifo_touch(struct tlbp_fifo *p, uint32_t set, uint32_t way)
{
    (void)p, (void)set, (void)way; /* hits change nothing */
}

static inline uint32_t tlbp_fifo_victim(struct tlbp_fifo *p, uint32_t set)
{
    return tlbp_recency_oldest(&p->r, set);
}

static inline void tlbp_fifo_invalidate(struct tlbp_fifo *p, uint32_t set, uint32_t way)
{
    tlbp_recency_clear(&p->r, set, way);
}

static inline void tlbp_fifo_fini(struct tlbp_fifo *p)
{
    tlbp_recency_fini(&p->r);
}

#define TLBP_INFO_fifo                                                                             \
    "fifo", "first in, first out: the way filled longest ago",                                     \
        "Belady, IBM Systems Journal 5(2), 1966", NULL

#endif /* VMLAB_POLICIES_TLB_FIFO_H */
