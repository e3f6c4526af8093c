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
 * Per-way stamps from a per-structure counter, and the way with the smallest
 * (the oldest; ties: the lowest way): what LRU stamps at every use and FIFO
 * at every fill.
 */
struct tlbp_stamps {
    uint32_t ways;
    uint64_t clock;  /* last stamp handed out */
    uint64_t *stamp; /* [set * ways + way]; 0: never */
};

static inline int tlbp_stamps_init(struct tlbp_stamps *s, const struct vmlab_tlb_policy_env *env,
                                   struct vmlab_error *err)
{
    s->ways = env->ways;
    s->stamp = tlbp_alloc((size_t)env->sets * env->ways, sizeof *s->stamp, err);
    return s->stamp ? 0 : VMLAB_ESYSTEM;
}

static inline void tlbp_stamps_set(struct tlbp_stamps *s, uint32_t set, uint32_t way)
{
    s->stamp[(size_t)set * s->ways + way] = ++s->clock;
}

static inline uint32_t tlbp_stamps_oldest(const struct tlbp_stamps *s, uint32_t set)
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

static inline void tlbp_stamps_clear(struct tlbp_stamps *s, uint32_t set, uint32_t way)
{
    s->stamp[(size_t)set * s->ways + way] = 0;
}

#endif /* VMLAB_POLICIES_TLB_COMMON_H */
