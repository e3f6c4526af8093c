/*
 * pwc.h - the walk caches of one radix dimension and the walk through it
 * (module-internal). See pwc.c for the three designs.
 */
#ifndef VMLAB_MMU_PWC_H
#define VMLAB_MMU_PWC_H

#include <assert.h>
#include <stdbool.h>
#include <stdint.h>

#include <vmlab/mmu.h>

#include "tlb.h"

/* One cache a PSC walk looks up, in the order it does (pwc_walk_psc). */
struct pwc_step {
    struct tlb *t;  /* the cache, of level level */
    unsigned level; /* its level: its entries translate vpn >> shift */
    unsigned shift; /* 9 * (level - 1) */
    unsigned read;  /* the levels a walk reads when this cache hits */
};

#define PWC_LEAVES 3 /* a leaf at level 1 (4 KiB), 2 (2 MiB) or 3 (1 GiB) */

struct pwc {
    int kind;        /* enum vmlab_pwc_kind */
    unsigned n;      /* caches */
    unsigned levels; /* of the table */
    struct tlb cache[VMLAB_MMU_MAX_PWCS];
    struct tlb *psc[VMLAB_MMU_MAX_LEVELS + 1]; /* PSC: the cache of level l (in cache[]), or
                                                  NULL */
    /* PSC, by leaf level - 1: the caches above the leaf, deepest first, and the levels a walk
       reads when none hits */
    struct pwc_step chain[PWC_LEAVES][VMLAB_MMU_MAX_LEVELS];
    unsigned nchain[PWC_LEAVES];
    unsigned read_all[PWC_LEAVES];
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
    assert(levels == p->levels && leaf >= 1 && leaf <= PWC_LEAVES);
    const struct pwc_step *c = p->chain[leaf - 1], *end = c + p->nchain[leaf - 1];
    for (; c < end; c++) {
        struct tlb *t = c->t;
        uint64_t tag = tlb_tag(vpn >> c->shift, c->level, asid);
        uint32_t set = tlb_set_as(t, tag, simple);
        long slot = tlb_slot(t, set, tag);
        t->lookups++;
        if (slot >= 0) {
            tlb_touch_as(t, set, (uint32_t)((size_t)slot - (size_t)set * t->ways), simple);
            t->hits++;
            return c->read;
        }
        tlb_fill_at(t, set, tag, simple);
    }
    return p->read_all[leaf - 1];
}

/* Invalidate every entry (@asid == UINT32_MAX) or those of @asid. */
void pwc_flush(struct pwc *p, uint32_t asid);

#endif /* VMLAB_MMU_PWC_H */
