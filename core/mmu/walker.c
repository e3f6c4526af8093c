/*
 * walker.c - one page walk, whatever the page-table organisation: what it
 * reads, level by level, and what that costs.
 *
 *   radix   walk caches (pwc.c) decide the first level read; every level
 *           from there down to the leaf is one dependent memory reference:
 *           refs = levels - skipped, cycles = sum of walk_mem[level]
 *   hashed  the anchor, then the chain up to the page's entry (pt_hashed.c):
 *           walk_refs = [anchors read, entries read], dependent
 *   cuckoo  d parallel probes, one per way (pt_cuckoo.c), or one when the
 *           cuckoo walk cache knows the way: walk_refs = [probes], and one
 *           memory step of latency either way
 *   nested  guest radix × host radix (nested.c)
 *
 * Walks are counted one per reference that missed every TLB, after any
 * fault it raised was handled: the aborted walk that discovers a
 * non-present entry is part of the fault's cost, not counted again.
 * walk_refs is indexed root first: walk_refs[0] is the top level. A radix
 * walk without nesting (walker.h, inline) counts only which levels it read;
 * mmu_result turns those counts into references and cycles per level.
 */
#include <config.h>

#include "walker.h"

unsigned walker_levels(const struct mmu *m)
{
    switch (m->pt_kind) {
    case VMLAB_PT_HASHED: return 2;
    case VMLAB_PT_CUCKOO: return 1;
    default: return m->radix.levels;
    }
}

static void cuckoo_walk(struct mmu *m, uint64_t key, uint64_t vpn)
{
    uint64_t refs = m->cuckoo.d;
    if (m->has_cwc) {
        /* the walk cache remembers, per 2 MiB region, the way holding it */
        uint64_t tag = tlb_tag(vpn >> 9, 0, vmlab_page_key_asid(key));
        m->cwc.lookups++;
        if (tlb_find(&m->cwc, tag) >= 0) {
            m->cwc.hits++;
            refs = 1;
        } else {
            tlb_fill_new(&m->cwc, tag, false);
        }
    }
    m->walk_refs[0] += refs;
    m->mem_cycles += m->d->cost.walk_mem[0]; /* the probes go out in parallel */
}

void walker_walk_other(struct mmu *m, uint64_t key, unsigned size, uint32_t frame)
{
    uint64_t vpn = vmlab_page_key_page(key) << (m->base_shift - 12);
    const uint64_t *cost = m->d->cost.walk_mem;
    m->walks++;
    switch (m->pt_kind) {
    case VMLAB_PT_HASHED: {
        unsigned n = pt_hashed_probe(&m->hashed, key, frame);
        m->walk_refs[0] += 1;
        m->walk_refs[1] += n;
        m->mem_cycles += cost[0] + n * cost[1];
        return;
    }
    case VMLAB_PT_CUCKOO: cuckoo_walk(m, key, vpn); return;
    default: nested_walk(m, vmlab_page_key_asid(key), vpn, 1 + size, frame); return;
    }
}
