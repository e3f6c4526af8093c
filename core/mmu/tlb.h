/*
 * tlb.h - a set-associative translation structure: a TLB, a walk cache, a
 * nested TLB (module-internal).
 *
 * Tags are 64-bit words that say everything the structure matches on; the
 * set index is the tag's low field (the page number in the structure's page
 * size, or the walk cache's address prefix), taken modulo the sets (a mask
 * when the set count is a power of two, as in every real design):
 *
 *   tag:  | asid (12) | kind (4): page-size code or level | page number or prefix (48) |
 *          63       52  51                             48  47                         0
 *
 *   sets × ways:  tag[s * ways + w]  (TLB_INVALID: empty)   pay[s * ways + w] = {frame, id}
 *
 * Tags are kept apart from the payloads so that the lookup's scan over a
 * set's tags reads as few cache lines as possible. A hit touches the way in
 * the replacement policy: in-tree policies through an inlined switch (their
 * index in policies/tlb/list.h), plugins through their table. Fills use an
 * invalid way first (lowest first), else the policy's victim.
 *
 * Counters are plain fields; callers decide what counts as a lookup (a TLB
 * level counts its lookups once for all its structures).
 */
#ifndef VMLAB_MMU_TLB_H
#define VMLAB_MMU_TLB_H

#include <stdbool.h>
#include <stdint.h>

#include <vmlab/error.h>
#include <vmlab/mmu.h>

#include "policies/tlb/builtin.h"

#define TLB_INVALID UINT64_MAX
#define TLB_INDEX_BITS 48
#define TLB_INDEX_MASK ((UINT64_C(1) << TLB_INDEX_BITS) - 1)

/* A tag from its parts: @index < 2^48, @kind < 16 (page-size code or level), @asid < 4096. */
static inline uint64_t tlb_tag(uint64_t index, unsigned kind, uint32_t asid)
{
    return index | ((uint64_t)kind << TLB_INDEX_BITS) | ((uint64_t)asid << 52);
}

static inline uint32_t tlb_tag_asid(uint64_t tag)
{
    return (uint32_t)(tag >> 52);
}

/* The in-tree policies by index, then plugins. */
enum tlb_pol {
#define TLB_POLICY(n) TLBP_##n,
#include "policies/tlb/list.h"
#undef TLB_POLICY
    TLBP_PLUGIN,
};

struct tlb_payload {
    uint32_t frame; /* frame of the translation (TLBs), or unused */
    uint32_t id;    /* dense page id (TLBs), or unused */
};

struct tlb {
    uint64_t *tag;           /* [sets * ways] */
    struct tlb_payload *pay; /* [sets * ways] */
    uint32_t *valid;         /* [sets]: valid ways (a full set skips the scan) */
    uint32_t sets, ways;
    uint32_t set_mask; /* sets - 1 (power-of-two set counts) */
    bool pow2;
    uint8_t pol;      /* enum tlb_pol */
    uint32_t latency; /* cycles of a hit */
    void *pstate;     /* the policy's state */
    const struct vmlab_tlb_policy *policy;
    uint64_t lookups, hits, evictions, invalidations;
    char name[VMLAB_MMU_NAME_MAX];
};

/* Build @t from @d; @seed feeds randomised policies. Return: 0 or < 0 with @err. */
int tlb_init(struct tlb *t, const struct vmlab_cache_desc *d, uint64_t seed,
             struct vmlab_error *err);
void tlb_fini(struct tlb *t);

static inline uint32_t tlb_set_of(const struct tlb *t, uint64_t tag)
{
    uint64_t idx = tag & TLB_INDEX_MASK;
    return t->pow2 ? (uint32_t)(idx & t->set_mask) : (uint32_t)(idx % t->sets);
}

static inline void tlb_policy_touch(struct tlb *t, uint32_t set, uint32_t way)
{
    switch (t->pol) {
#define TLB_POLICY(n)                                                                              \
    case TLBP_##n:                                                                                 \
        tlbp_##n##_touch((struct tlbp_##n *)t->pstate, set, way);                                  \
        break;
#include "policies/tlb/list.h"
#undef TLB_POLICY
    default: t->policy->touch(t->pstate, set, way); break;
    }
}

/*
 * The slot (set * ways + way) holding @tag, touched in the replacement
 * policy, or -1. Counts nothing.
 */
static inline long tlb_find(struct tlb *t, uint64_t tag)
{
    uint32_t set = tlb_set_of(t, tag);
    size_t base = (size_t)set * t->ways;
    const uint64_t *tg = t->tag + base;
    for (uint32_t w = 0; w < t->ways; w++)
        if (tg[w] == tag) {
            tlb_policy_touch(t, set, w);
            return (long)(base + w);
        }
    return -1;
}

/* The slot holding @tag, or -1, without touching the policy. */
static inline long tlb_peek(const struct tlb *t, uint64_t tag)
{
    uint32_t set = tlb_set_of(t, tag);
    size_t base = (size_t)set * t->ways;
    for (uint32_t w = 0; w < t->ways; w++)
        if (t->tag[base + w] == tag)
            return (long)(base + w);
    return -1;
}

/*
 * Fill @tag with @pay (already present: updated and touched). The entry it
 * replaced, if any, is copied to *@old_tag and *@old_pay (else *@old_tag is
 * TLB_INVALID); counts an eviction then.
 */
void tlb_fill(struct tlb *t, uint64_t tag, struct tlb_payload pay, uint64_t *old_tag,
              struct tlb_payload *old_pay);

static inline void tlb_policy_insert(struct tlb *t, uint32_t set, uint32_t way)
{
    switch (t->pol) {
#define TLB_POLICY(n)                                                                              \
    case TLBP_##n:                                                                                 \
        tlbp_##n##_insert((struct tlbp_##n *)t->pstate, set, way);                                 \
        break;
#include "policies/tlb/list.h"
#undef TLB_POLICY
    default: t->policy->insert(t->pstate, set, way); break;
    }
}

static inline uint32_t tlb_policy_victim(struct tlb *t, uint32_t set)
{
    switch (t->pol) {
#define TLB_POLICY(n)                                                                              \
    case TLBP_##n:                                                                                 \
        return tlbp_##n##_victim((struct tlbp_##n *)t->pstate, set);
#include "policies/tlb/list.h"
#undef TLB_POLICY
    default: {
        uint32_t w = t->policy->victim(t->pstate, set);
        return w < t->ways ? w : w % t->ways; /* a plugin's bad answer stays in range */
    }
    }
}

/* tlb_fill for a @tag known to be absent from @set (it just missed): no search for it. */
/* Put @tag in @set: an invalid way if the set has one, else the policy's victim. */
static inline void tlb_place(struct tlb *t, uint32_t set, uint64_t tag, struct tlb_payload pay,
                             uint64_t *old_tag, struct tlb_payload *old_pay)
{
    size_t base = (size_t)set * t->ways;
    uint64_t *tg = t->tag + base;
    uint32_t way;
    *old_tag = TLB_INVALID;
    if (t->valid[set] < t->ways) {
        for (way = 0; tg[way] != TLB_INVALID; way++)
            ;
        t->valid[set]++;
    } else {
        way = tlb_policy_victim(t, set);
        *old_tag = tg[way];
        *old_pay = t->pay[base + way];
        t->evictions++;
    }
    tg[way] = tag;
    t->pay[base + way] = pay;
    tlb_policy_insert(t, set, way);
}

static inline void tlb_insert(struct tlb *t, uint64_t tag, struct tlb_payload pay,
                              uint64_t *old_tag, struct tlb_payload *old_pay)
{
    tlb_place(t, tlb_set_of(t, tag), tag, pay, old_tag, old_pay);
}

/* Empty @slot (a move to another structure: not counted as an invalidation). */
void tlb_remove(struct tlb *t, long slot);

/* Remove @tag if present. Return: whether it was (counted as an invalidation). */
bool tlb_invalidate(struct tlb *t, uint64_t tag);

/* Remove every entry (@asid == UINT32_MAX) or every entry of @asid. Return: entries removed. */
uint64_t tlb_flush(struct tlb *t, uint32_t asid);

#endif /* VMLAB_MMU_TLB_H */
