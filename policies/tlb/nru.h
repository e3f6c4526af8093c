/*
 * nru.h - not recently used (bit-PLRU, "MRU bits"): one bit per way, set
 * when the way is used; when the last clear bit would be set, every other
 * bit is cleared. The victim is the lowest way whose bit is clear.
 *
 *   bits  1 0 1 0   touch(w3) ─► 1 0 1 1   touch(w1) ─► 0 1 0 0  (all set: reset)
 *                                victim w1                victim w0
 *
 * Parameters: none.
 * Source: Al-Zoubi, Milenkovic and Milenkovic, "Performance evaluation of
 * cache replacement policies for the SPEC CPU2000 benchmark suite", ACM
 * Southeast Conference 2004 (PLRUm, the MRU-bit scheme).
 */
#ifndef VMLAB_POLICIES_TLB_NRU_H
#define VMLAB_POLICIES_TLB_NRU_H

#include "common.h"

struct tlbp_nru {
    uint32_t ways;
    uint8_t *bit;   /* [set * ways + way]: used since the last reset */
    uint32_t *nset; /* [set]: bits set in the set */
};

static inline int tlbp_nru_init(struct tlbp_nru *s, const struct vmlab_tlb_policy_env *env,
                                const struct vmlab_params *p, struct vmlab_error *err)
{
    s->ways = env->ways;
    s->bit = tlbp_alloc((size_t)env->sets * env->ways, 1, err);
    s->nset = s->bit ? tlbp_alloc(env->sets, sizeof *s->nset, err) : NULL;
    if (!s->nset) {
        free(s->bit);
        return VMLAB_ESYSTEM;
    }
    return 0;
}

static inline void tlbp_nru_touch(struct tlbp_nru *s, uint32_t set, uint32_t way)
{
    uint8_t *b = s->bit + (size_t)set * s->ways;
    if (b[way])
        return;
    if (s->nset[set] + 1 == s->ways) {
        for (uint32_t w = 0; w < s->ways; w++)
            b[w] = 0;
        s->nset[set] = 0;
    }
    b[way] = 1;
    s->nset[set]++;
}

static inline void tlbp_nru_insert(struct tlbp_nru *s, uint32_t set, uint32_t way)
{
    tlbp_nru_touch(s, set, way);
}

static inline uint32_t tlbp_nru_victim(struct tlbp_nru *s, uint32_t set)
{
    const uint8_t *b = s->bit + (size_t)set * s->ways;
    for (uint32_t w = 0; w < s->ways; w++)
        if (!b[w])
            return w;
    return 0; /* one way: its bit is always set */
}

static inline void tlbp_nru_invalidate(struct tlbp_nru *s, uint32_t set, uint32_t way)
{
    uint8_t *b = s->bit + (size_t)set * s->ways;
    if (b[way]) {
        b[way] = 0;
        s->nset[set]--;
    }
}

static inline void tlbp_nru_fini(struct tlbp_nru *s)
{
    free(s->bit);
    free(s->nset);
}

#define TLBP_INFO_nru                                                                              \
    "nru", "not recently used (bit-PLRU): lowest way whose use bit is clear",                      \
        "Al-Zoubi, Milenkovic and Milenkovic, ACM-SE 2004 (PLRUm)", NULL

#endif /* VMLAB_POLICIES_TLB_NRU_H */
