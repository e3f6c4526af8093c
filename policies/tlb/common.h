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

#endif /* VMLAB_POLICIES_TLB_COMMON_H */
