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
    int by_level[VMLAB_MMU_MAX_LEVELS + 1]; /* PSC: cache of level l, or -1 */
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

/* Invalidate every entry (@asid == UINT32_MAX) or those of @asid. */
void pwc_flush(struct pwc *p, uint32_t asid);

#endif /* VMLAB_MMU_PWC_H */
