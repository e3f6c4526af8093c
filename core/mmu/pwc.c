/*
 * pwc.c - page-walk caches of a radix page table: what lets a walk skip the
 * upper levels of the tree. The three designs compared by Barr, Cox and
 * Rixner, "Translation caching: skip, don't walk (the page table)", ISCA
 * 2010:
 *
 *   PSC  split translation caches (Intel's paging-structure caches): one
 *        cache per level, PML5E / PML4E / PDPTE / PDE, each tagged by the
 *        address bits its entry translates. A walk uses the deepest level
 *        that hits and reads only the levels below it:
 *
 *          PDE cache hit  (tag = VA[47:21]) ─► read the PTE only: 1 reference
 *          PDPTE hit      (tag = VA[47:30]) ─► read PDE, PTE: 2
 *          PML4E hit      (tag = VA[47:39]) ─► read PDPTE, PDE, PTE: 3
 *          none           ─► 4 (5 with 5-level paging)
 *
 *   UTC  one unified translation cache holding entries of every level,
 *        tagged by (level, prefix): the same skip, one shared capacity.
 *
 *   UPTC one unified page-table-entry cache (AMD's page walk cache): the
 *        walk still visits every level from the root, looking each entry up
 *        in turn; a hit saves that level's memory reference only.
 *
 * The leaf entry is always read from memory (the TLBs cache leaves). A PDE
 * cache holds PDEs that point to page tables; a 2 MiB leaf in a PDE is not
 * cached there. Lookups stop at the first (deepest) hit, so a walk has at
 * most one walk-cache hit under PSC and UTC; its latency is charged (at
 * the end of the run: every hit of a cache costs its latency). Walk
 * caches are tagged by address space (PCID) and flushed with the TLBs by a
 * switch without PCID.
 *
 * Parameters (mmu.pwc): type, and per cache entries, ways, latency, policy.
 */
#include <config.h>

#include <string.h>

#include "pwc.h"

int pwc_init(struct pwc *p, const struct vmlab_walk_caches *d, unsigned levels, uint64_t seed,
             struct vmlab_error *err)
{
    memset(p, 0, sizeof *p);
    p->kind = d->kind;
    p->simple = true;
    for (unsigned i = 0; i < d->n; i++) {
        int rc = tlb_init(&p->cache[i], &d->cache[i], seed + 101 * (i + 1), err);
        if (rc) {
            pwc_fini(p);
            return rc;
        }
        p->n = i + 1;
        p->simple = p->simple && tlb_simple(&p->cache[i]);
        if (d->kind == VMLAB_PWC_PSC && d->level[i] <= levels)
            p->psc[d->level[i]] = &p->cache[i];
    }
    p->levels = levels;
    for (unsigned leaf = 1; leaf <= PWC_LEAVES; leaf++) {
        unsigned n = 0;
        for (unsigned k = leaf + 1; k <= levels; k++)
            if (p->psc[k])
                p->chain[leaf - 1][n++] =
                    (struct pwc_step){p->psc[k], k, 9 * (k - 1), pwc_levels_mask(leaf, k - 1)};
        p->nchain[leaf - 1] = n;
        p->read_all[leaf - 1] = pwc_levels_mask(leaf, levels);
    }
    return 0;
}

void pwc_fini(struct pwc *p)
{
    for (unsigned i = 0; i < p->n; i++)
        tlb_fini(&p->cache[i]);
    p->n = 0;
}

unsigned pwc_walk(struct pwc *p, unsigned levels, uint32_t asid, uint64_t vpn, unsigned leaf)
{
    unsigned start = levels; /* the first level read from memory */
    switch (p->kind) {
    case VMLAB_PWC_PSC: return pwc_walk_psc(p, levels, asid, vpn, leaf, false);
    case VMLAB_PWC_UTC: {
        struct tlb *t = &p->cache[0];
        t->lookups++;
        for (unsigned k = leaf + 1; k <= levels; k++)
            if (tlb_find(t, pwc_entry_tag(asid, vpn, k)) >= 0) {
                t->hits++;
                start = k - 1;
                break;
            }
        for (unsigned l = leaf + 1; l <= start; l++)
            tlb_fill_new(t, pwc_entry_tag(asid, vpn, l), false);
        break;
    }
    case VMLAB_PWC_UPTC: {
        struct tlb *t = &p->cache[0];
        unsigned read = 1u << leaf;
        for (unsigned k = levels; k > leaf; k--) {
            t->lookups++;
            if (tlb_find(t, pwc_entry_tag(asid, vpn, k)) >= 0) {
                t->hits++;
            } else {
                read |= 1u << k;
                tlb_fill_new(t, pwc_entry_tag(asid, vpn, k), false);
            }
        }
        return read;
    }
    default: break;
    }
    return pwc_levels_mask(leaf, start);
}

void pwc_flush(struct pwc *p, uint32_t asid)
{
    for (unsigned i = 0; i < p->n; i++)
        tlb_flush(&p->cache[i], asid);
}
