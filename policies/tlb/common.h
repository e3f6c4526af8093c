/*
 * common.h - what the in-tree TLB policies share (module-internal).
 *
 * Each in-tree policy is a header of static inline functions over its own
 * state struct, so that the translation model can call them without an
 * indirect call (core/mmu/tlb.h switches on the policy's index in list.h):
 *
 *   int  tlbp_NAME_init(struct tlbp_NAME *s, const struct vmlab_tlb_policy_env *env,
 *                       const struct vmlab_params *p, struct vmlab_error *err);
 *   void tlbp_NAME_insert(struct tlbp_NAME *s, uint32_t set, uint32_t way);
 *   void tlbp_NAME_touch(struct tlbp_NAME *s, uint32_t set, uint32_t way);
 *   uint32_t tlbp_NAME_victim(struct tlbp_NAME *s, uint32_t set);
 *   void tlbp_NAME_invalidate(struct tlbp_NAME *s, uint32_t set, uint32_t way);
 *   void tlbp_NAME_fini(struct tlbp_NAME *s);
 *
 * and TLBP_INFO_NAME: its name, summary, source and parameter table.
 * policies/tlb/registry.c wraps each into a struct vmlab_tlb_policy.
 */
#ifndef VMLAB_POLICIES_TLB_COMMON_H
#define VMLAB_POLICIES_TLB_COMMON_H

#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>

#include <vmlab/tlb_policy.h>

/* Zeroed per-way (or per-set) state of @n elements of @size bytes. */
static inline void *tlbp_alloc(size_t n, size_t size, struct vmlab_error *err)
{
    void *p = calloc(n ? n : 1, size);
    if (!p)
        vmlab_error_set(err, VMLAB_ESYSTEM, "out of memory for a TLB policy's state");
    return p;
}

/*
 * The ways of each set ordered by their last event, oldest last: what LRU
 * marks at every use and FIFO at every fill. The victim is the way marked
 * longest ago.
 *
 * A set of up to 16 ways keeps the order itself, in one word: 4-bit fields
 * of way numbers, most recent first (ways = 4):
 *
 *   order 0x...2031    field 0: way 1 (most recent), then 3, 0, 2   victim: field 3 = way 2
 *   mark(way 0)  ─►    0x...2310   way 0's field found by a SWAR search, moved to the front
 *
 * so a victim is one shift, and a mark a dozen operations (none when the
 * way is the most recent already). Larger sets (fully associative TLBs of
 * 32-72 entries) stamp each way with a per-structure counter instead and
 * scan the set for the smallest stamp.
 *
 * Both give the same victims: the structure asks for one only when every
 * way of the set is valid, so every way was marked since it was last
 * filled, and the order of those marks is what both keep (distinct
 * stamps). An invalidated way keeps its place in the order word: it is
 * invalid, and filled (marked) again before the set is full.
 */
#define TLBP_ORDER_WAYS 16 /* ways an order word holds */

struct tlbp_recency {
    uint32_t ways;
    unsigned last;   /* order words: the shift of the last field, 4 * (ways - 1) */
    uint64_t *order; /* ways <= TLBP_ORDER_WAYS: [set], way numbers most recent first, the
                        fields beyond the ways zero */
    uint64_t clock;  /* else: the last stamp handed out */
    uint64_t *stamp; /* else: [set * ways + way]; 0: never */
};

static inline int tlbp_recency_init(struct tlbp_recency *r, const struct vmlab_tlb_policy_env *env,
                                    struct vmlab_error *err)
{
    r->ways = env->ways;
    r->last = 4 * (env->ways - 1);
    if (env->ways > TLBP_ORDER_WAYS) {
        r->stamp = tlbp_alloc((size_t)env->sets * env->ways, sizeof *r->stamp, err);
        return r->stamp ? 0 : VMLAB_ESYSTEM;
    }
    r->order = tlbp_alloc(env->sets, sizeof *r->order, err);
    if (!r->order)
        return VMLAB_ESYSTEM;
    uint64_t identity = 0; /* way w in field w: any order does before the set fills */
    for (uint32_t w = env->ways; w-- > 0;)
        identity = identity << 4 | w;
    for (uint32_t s = 0; s < env->sets; s++)
        r->order[s] = identity;
    return 0;
}

/* Move way @way to the front of order word *@ow (@last: the shift of its last field). */
static inline void tlbp_order_mark(uint64_t *ow, unsigned last, uint32_t way)
{
    uint64_t o = *ow;
    if ((o & 0xf) == way)
        return;
    if (o >> last == way) {
        /* the oldest (a victim being filled): every field moves back one */
        *ow = (o ^ (uint64_t)way << last) << 4 | way;
        return;
    }
    /* the field holding @way: the lowest zero field of o ^ way...way (the lowest is exact) */
    uint64_t x = o ^ (way * UINT64_C(0x1111111111111111));
    uint64_t z = (x - UINT64_C(0x1111111111111111)) & ~x & UINT64_C(0x8888888888888888);
    unsigned sh = (unsigned)__builtin_ctzll(z) & ~3u;
    uint64_t below = (UINT64_C(1) << sh) - 1;       /* the fields before it */
    uint64_t upto = ((UINT64_C(1) << sh) << 4) - 1; /* those and its own (all ones at 15) */
    *ow = (o & ~upto) | (o & below) << 4 | way;
}

/* The oldest way of order word *@ow, moved to the front (a fill replacing it). */
static inline uint32_t tlbp_order_replace(uint64_t *ow, unsigned last)
{
    uint64_t o = *ow;
    uint32_t v = (uint32_t)(o >> last);
    *ow = (o ^ (uint64_t)v << last) << 4 | v;
    return v;
}

/* Move way @way of @set to the front of the order (the most recent). */
static inline void tlbp_recency_mark(struct tlbp_recency *r, uint32_t set, uint32_t way)
{
    if (r->order)
        tlbp_order_mark(r->order + set, r->last, way);
    else
        r->stamp[(size_t)set * r->ways + way] = ++r->clock;
}

/* The way of @set marked longest ago (ties, possible only with stamps: the lowest way). */
static inline uint32_t tlbp_recency_oldest(const struct tlbp_recency *r, uint32_t set)
{
    if (r->order)
        return (uint32_t)(r->order[set] >> r->last);
    const uint64_t *st = r->stamp + (size_t)set * r->ways;
    uint64_t oldest = st[0];
    uint32_t v = 0;
    for (uint32_t w = 1; w < r->ways; w++) {
        /* branch-free: which way is oldest is data, not a pattern the predictor learns */
        bool older = st[w] < oldest;
        oldest = older ? st[w] : oldest;
        v = older ? w : v;
    }
    return v;
}

/* Way @way of @set was invalidated: it is filled (marked) again before it can be a victim. */
static inline void tlbp_recency_clear(struct tlbp_recency *r, uint32_t set, uint32_t way)
{
    if (!r->order)
        r->stamp[(size_t)set * r->ways + way] = 0;
}

static inline void tlbp_recency_fini(struct tlbp_recency *r)
{
    free(r->order);
    free(r->stamp);
}

#endif /* VMLAB_POLICIES_TLB_COMMON_H */
