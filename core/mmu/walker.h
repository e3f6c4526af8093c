/*
 * walker.h - the page walker behind the TLBs (module-internal): one walk of
 * whichever page-table organisation the model has (walker.c), including the
 * two-dimensional walks of nested paging (nested.c).
 */
#ifndef VMLAB_MMU_WALKER_H
#define VMLAB_MMU_WALKER_H

#include <stdint.h>

#include "mmu.h"

/* The walks of walker_walk other than through a radix table without nesting (walker.c). */
void walker_walk_other(struct mmu *m, uint64_t key, unsigned size, uint32_t frame);

/*
 * walker_walk of a radix table without nesting (below; @psc: its walk caches
 * are split, PSC; @simple: and simple, pwc.h).
 */
TLB_INLINE void walker_walk_radix(struct mmu *m, uint64_t key, unsigned size, bool psc, bool simple)
{
    m->walks++;
    uint64_t vpn = vmlab_page_key_page(key) << (m->base_shift - 12);
    /* 4K: the PTE (level 1) is the leaf, 2M: the PDE, 1G: the PDPTE */
    uint32_t asid = vmlab_page_key_asid(key);
    unsigned read = psc ? pwc_walk_psc(&m->pwc, m->radix.levels, asid, vpn, 1 + size, simple)
                        : pwc_walk(&m->pwc, m->radix.levels, asid, vpn, 1 + size);
    m->radix_reads[read]++;
}

/*
 * Walk to the translation of page @key, resident in @frame, mapped with a
 * page of size code @size. A radix walk (the common kind, inline) counts
 * itself in m->radix_reads by the levels it read; the others add their
 * references per level to m->walk_refs (and m->host_refs) and their cycles
 * to m->mem_cycles. Walk caches count their hits.
 */
static inline void walker_walk(struct mmu *m, uint64_t key, unsigned size, uint32_t frame)
{
    if (__builtin_expect(m->pt_kind != VMLAB_PT_RADIX || m->nested, 0))
        walker_walk_other(m, key, size, frame);
    else
        walker_walk_radix(m, key, size, m->pwc.kind == VMLAB_PWC_PSC, false);
}

/* Nested paging: the 2-D walk of a guest radix table (nested.c). */
void nested_walk(struct mmu *m, uint32_t asid, uint64_t vpn, unsigned leaf, uint32_t frame);

/* Guest levels of the walk_refs array: what mmu_result reports. */
unsigned walker_levels(const struct mmu *m);

#endif /* VMLAB_MMU_WALKER_H */
