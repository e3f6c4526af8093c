/*
 * plru.h - tree pseudo-LRU: a binary tree of one bit per node over the ways
 * of a set; each bit points at the half that holds the older ways.
 *
 *                 [1]             a bit of 0 points left, 1 right
 *              0 /   \ 1
 *             [2]     [3]         touch(way 2): root := 0 (points away, left),
 *            /   \   /   \                      node 3 := 1 (away from way 2)
 *          w0   w1  w2   w3       victim: follow the bits from the root
 *
 * A touch sets the bits on the way's path to point away from it; the victim
 * is the leaf the bits lead to. For a way count that is not a power of two
 * (6, 12, 24-way TLBs) the tree has the next power of two of leaves and the
 * walk never enters a subtree holding no real way. Nodes are numbered as a
 * heap (root 1, children 2n and 2n+1; leaf P+w is way w, P leaves).
 *
 * Parameters: none.
 * Source: the tree-PLRU of the Intel 486 cache, as described by Al-Zoubi,
 * Milenkovic and Milenkovic, "Performance evaluation of cache replacement
 * policies for the SPEC CPU2000 benchmark suite", ACM Southeast Conference 2004
 * (PLRUt).
 */
#ifndef VMLAB_POLICIES_TLB_PLRU_H
#define VMLAB_POLICIES_TLB_PLRU_H

#include "common.h"

struct tlbp_plru {
    uint32_t ways;
    uint32_t leaves; /* P: the next power of two >= ways */
    uint8_t *bit;    /* [set * leaves + node], node 1..P-1 */
};

static inline int tlbp_plru_init(struct tlbp_plru *s, const struct vmlab_tlb_policy_env *env,
                                 const struct vmlab_params *p, struct vmlab_error *err)
{
    s->ways = env->ways;
    s->leaves = 1;
    while (s->leaves < env->ways)
        s->leaves <<= 1;
    s->bit = tlbp_alloc((size_t)env->sets * s->leaves, 1, err);
    return s->bit ? 0 : VMLAB_ESYSTEM;
}

static inline void tlbp_plru_touch(struct tlbp_plru *s, uint32_t set, uint32_t way)
{
    uint8_t *b = s->bit + (size_t)set * s->leaves;
    for (uint32_t n = s->leaves + way; n > 1; n >>= 1)
        b[n >> 1] = !(n & 1); /* came from the left child (even): point right */
}

static inline void tlbp_plru_insert(struct tlbp_plru *s, uint32_t set, uint32_t way)
{
    tlbp_plru_touch(s, set, way);
}

static inline uint32_t tlbp_plru_victim(struct tlbp_plru *s, uint32_t set)
{
    const uint8_t *b = s->bit + (size_t)set * s->leaves;
    uint32_t n = 1, span = s->leaves; /* span: leaves under node n */
    while (n < s->leaves) {
        span >>= 1;
        uint32_t c = 2 * n + b[n];
        /* the first way under c: c's index at its depth times its span, less P */
        if ((uint64_t)c * span - s->leaves >= s->ways)
            c = 2 * n; /* the right subtree holds no real way */
        n = c;
    }
    return n - s->leaves;
}

static inline void tlbp_plru_invalidate(struct tlbp_plru *s, uint32_t set, uint32_t way)
{
    (void)s, (void)set, (void)way;
}

static inline void tlbp_plru_fini(struct tlbp_plru *s)
{
    free(s->bit);
}

#define TLBP_INFO_plru                                                                             \
    "plru", "tree pseudo-LRU: one bit per tree node points at the older half",                     \
        "Al-Zoubi, Milenkovic and Milenkovic, ACM-SE 2004 (PLRUt)", NULL

#endif /* VMLAB_POLICIES_TLB_PLRU_H */
