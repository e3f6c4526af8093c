/*
 * pwc.h - the walk caches of one radix dimension and the walk through it
 * (module-internal). See pwc.c for the three designs.
 */
#ifndef VMLAB_MMU_PWC_H
#define VMLAB_MMU_PWC_H

#include <stdbool.h>
#include <stdint.h>

#include <vmlab/mmu.h>

#include "tlb.h"

struct pwc {
    int kind;   /* enum vmlab_pwc_kind */
    unsigned n; /* caches */
    struct tlb cache[VMLAB_MMU_MAX_PWCS];
    struct tlb *psc[VMLAB_MMU_MAX_LEVELS + 1]; /* PSC: the cache of level l (in cache[]), or
                                                  NULL */
    bool simple; /* every cache is simple (tlb_simple()) */
};

/* Build the caches of @d for a table of @levels levels. Return: 0 or < 0 with @err. */
int pwc_init(struct pwc *p, const struct vmlab_walk_caches *d, unsigned levels, uint64_t seed,
             struct vmlab_error *err);
void pwc_fini(struct pwc *p);

/*
 * Walk a table of @levels levels to the entry of 4 KiB page @vpn of @asid,
 * which is a leaf at level @leaf (1: a 4 KiB PTE, 2: a 2 MiB PDE, 3: a 1 GiB
 * PDPTE). Bit l of the result is set for every level l whose entry the walk
 * reads from memory (the others were found in a walk cache); the caches are
 * looked up and filled (their hits' cycles are their hits times their
 * latency, counted at the end).
 */
unsigned pwc_walk(struct pwc *p, unsigned levels, uint32_t asid, uint64_t vpn, unsigned leaf);

/* The tag of the entry at @level on @vpn's path: the address bits it translates. */
static inline uint64_t pwc_entry_tag(uint32_t asid, uint64_t vpn, unsigned level)
{
    return tlb_tag(vpn >> (9 * (level - 1)), level, asid);
}

/* Bits @lo..@hi set. */
static inline unsigned pwc_levels_mask(unsigned lo, unsigned hi)
{
    return hi < lo ? 0 : ((2u << hi) - 1) & ~((1u << lo) - 1);
}

/*
 * pwc_walk of split caches (PSC), inline where the walk of a radix table
 * without nesting is (walker.h): the caches are looked up from the level
 * above the leaf up; the first (deepest) that hits decides the first level
 * read, and every one that missed below it caches its entry, which the
 * walk reads. @simple: every cache is simple (tlb_simple()), where known.
 */
TLB_INLINE unsigned pwc_walk_psc(struct pwc *p, unsigned levels, uint32_t asid, uint64_t vpn,
                                 unsigned leaf, bool simple)
{
    for (unsigned k = leaf + 1; k <= levels; k++) {
        struct tlb *t = p->psc[k];
        if (!t)
            continue;
        uint64_t tag = pwc_entry_tag(asid, vpn, k);
        uint32_t set = tlb_set_as(t, tag, simple);
        long slot = tlb_slot(t, set, tag);
        t->lookups++;
        if (slot >= 0) {
            tlb_touch_as(t, set, (uint32_t)((size_t)slot - (size_t)set * t->ways), simple);
            t->hits++;
            return pwc_levels_mask(leaf, k - 1);
        }
        tlb_fill_at(t, set, tag, simple);
    }
    return pwc_levels_mask(leaf, levels);
}

/* Invalidate every entry (@asid == UINT32_MAX) or those of @asid. */
void pwc_flush(struct pwc *p, uint32_t asid);

#endif /* VMLAB_MMU_PWC_H */
