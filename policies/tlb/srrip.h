/*
 * srrip.h - static re-reference interval prediction: each way holds an
 * M-bit prediction of how far its next use is (RRPV, 0 = near,
 * 2^M - 1 = distant). A fill predicts "long" (2^M - 2), a hit "near" (0);
 * the victim is the first way predicted distant, after ageing every way of
 * the set until one is.
 *
 *   RRPV  0 2 1 2   no way at 3: age all by 1 ─► 1 3 2 3   victim = way 1
 *
 * Inserting at "long" rather than "distant" lets a translation that is
 * reused soon stay, while a scan of once-used pages cannot flush the set.
 *
 * Parameters: bits (M, default 2).
 * Source: Jaleel, Theobald, Steely and Emer, "High performance cache
 * replacement using re-reference interval prediction (RRIP)", ISCA 2010
 * (SRRIP with hit priority).
 */
#ifndef VMLAB_POLICIES_TLB_SRRIP_H
#define VMLAB_POLICIES_TLB_SRRIP_H

#include <vmlab/params.h>

#include "common.h"

struct tlbp_srrip {
    uint32_t ways;
    uint8_t max;   /* 2^M - 1: distant */
    uint8_t *rrpv; /* [set * ways + way] */
};

static const struct vmlab_param_desc tlbp_srrip_params[] __attribute__((unused)) = {
    {"bits", VMLAB_PARAM_INT, "2", VMLAB_RANGE(1, 7), NULL,
     "bits of the re-reference prediction per way (M)"},
    {0},
};

static inline int tlbp_srrip_init(struct tlbp_srrip *s, const struct vmlab_tlb_policy_env *env,
                                  const struct vmlab_params *p, struct vmlab_error *err)
{
    s->ways = env->ways;
    s->max = (uint8_t)((1u << vmlab_param_int(p, "bits")) - 1);
    s->rrpv = tlbp_alloc((size_t)env->sets * env->ways, 1, err);
    return s->rrpv ? 0 : VMLAB_ESYSTEM;
}

static inline void tlbp_srrip_insert(struct tlbp_srrip *s, uint32_t set, uint32_t way)
{
    s->rrpv[(size_t)set * s->ways + way] = s->max ? (uint8_t)(s->max - 1) : 0;
}

static inline void tlbp_srrip_touch(struct tlbp_srrip *s, uint32_t set, uint32_t way)
{
    s->rrpv[(size_t)set * s->ways + way] = 0;
}

static inline uint32_t tlbp_srrip_victim(struct tlbp_srrip *s, uint32_t set)
{
    uint8_t *r = s->rrpv + (size_t)set * s->ways;
    uint8_t top = 0;
    for (uint32_t w = 0; w < s->ways; w++)
        if (r[w] > top)
            top = r[w];
    /* ageing until a way is distant adds (max - top) to every way at once */
    uint8_t age = (uint8_t)(s->max - top);
    uint32_t v = s->ways;
    for (uint32_t w = 0; w < s->ways; w++) {
        r[w] = (uint8_t)(r[w] + age);
        if (r[w] == s->max && v == s->ways)
            v = w;
    }
    return v;
}

static inline void tlbp_srrip_invalidate(struct tlbp_srrip *s, uint32_t set, uint32_t way)
{
    s->rrpv[(size_t)set * s->ways + way] = s->max;
}

static inline void tlbp_srrip_fini(struct tlbp_srrip *s)
{
    free(s->rrpv);
}

#define TLBP_INFO_srrip                                                                            \
    "srrip", "static re-reference interval prediction: fill at long, hit at near, evict distant",  \
        "Jaleel, Theobald, Steely and Emer, ISCA 2010", tlbp_srrip_params

#endif /* VMLAB_POLICIES_TLB_SRRIP_H */
