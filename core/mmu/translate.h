/*
 * translate.h - the miss path of the translation pipeline (module-internal):
 * after mmu_fast() missed, the lookup of the other structures and levels
 * (mmu_lookup) and, once the memory manager has made the page resident, the
 * walk and the fills (mmu_walk). Both are inline in the memory manager's
 * miss handler (core/vm.c), so that a miss makes one call (the walk's, in
 * pwc.c) instead of a chain of them; mmu.c describes the pipeline.
 *
 *   mmu_fast miss ─► mmu_lookup: STLB ... ─hit below level 1─► fill the levels above
 *                       │ miss
 *                       ▼
 *                   (the OS: fault) ─► mmu_walk: walker_walk ─► fill every level
 *
 * Out of line: what a victim does under inclusion (mmu_evicted) and the
 * huge-page region lookup (mmu_region_size).
 *
 * A class of the common shape (m->pair, mmu.h: its base pages in one
 * first-level and one second-level structure, radix with split walk caches,
 * every structure simple) takes mmu_lookup_pair and mmu_walk_pair instead:
 * the same model with what the shape makes constant folded in, the second
 * level's set found once, and its search skipped for a page known to be in
 * no TLB.
 */
#ifndef VMLAB_MMU_TRANSLATE_H
#define VMLAB_MMU_TRANSLATE_H

#include "mmu.h"
#include "walker.h"

/* A fill of level @l evicted @old (inclusive or exclusive hierarchies: mmu.c). */
void mmu_evicted(struct mmu *m, unsigned l, unsigned cls, uint64_t old, struct tlb_payload opay);

/* The size code of page @key's mapping once some region was mapped huge (mmu.c). */
unsigned mmu_region_size(struct mmu *m, uint64_t key);

/*
 * Fill @tag (absent from the structure) into level @l's home for (@cls, @s),
 * handling its victim by inclusion (out of line: a non-inclusive hierarchy
 * does nothing with it).
 */
TLB_INLINE void mmu_fill_level(struct mmu *m, unsigned l, unsigned cls, unsigned s, uint64_t tag,
                               struct tlb_payload pay)
{
    struct tlb *t = m->level[l].home[cls][s];
    if (!t)
        return;
    uint64_t old;
    struct tlb_payload opay;
    tlb_insert(t, tag, pay, &old, &opay);
    if (__builtin_expect(old != TLB_INVALID && m->inclusion != VMLAB_NON_INCLUSIVE, 0))
        mmu_evicted(m, l, cls, old, opay);
}

TLB_INLINE void mmu_fill_from(struct mmu *m, unsigned from, unsigned to, unsigned cls, unsigned s,
                              uint64_t tag, struct tlb_payload pay)
{
    for (unsigned l = from; l < to; l++)
        mmu_fill_level(m, l, cls, s, tag, pay);
}

/*
 * The levels in @levels looked up a translation of page-size code @s: a
 * lookup is attributed to the structures holding the translation's size
 * (mmu_result), as hardware counters attribute TLB misses by the page size
 * of the walk that served them. Base-size lookups are the rest.
 */
static inline void mmu_count_sized(struct mmu *m, unsigned levels, unsigned cls, unsigned s)
{
    if (s == m->base)
        return;
    for (; levels; levels &= levels - 1)
        m->level[__builtin_ctz(levels)].huge_lookups[cls][s]++;
}

/* Count a lookup in each level of @levels (bit l: level l + 1). */
static inline void mmu_count_lookups(struct mmu *m, unsigned levels, unsigned cls)
{
    for (; levels; levels &= levels - 1)
        m->level[__builtin_ctz(levels)].lookups[cls]++;
}

/*
 * After mmu_fast missed (@fast_missed; false when it was not called): the
 * other structures, level by level; a hit below the first level fills the
 * levels above (exclusive: moves the entry up). Return: MMU_MISS, MMU_HIT
 * (*pay set) or MMU_HIT_HUGE.
 */
TLB_INLINE int mmu_lookup(struct mmu *m, uint64_t key, unsigned cls, bool fast_missed,
                          struct tlb_payload *pay)
{
    uint64_t page = vmlab_page_key_page(key), asid = key & ~((UINT64_C(1) << 52) - 1);
    const struct mmu_probe *end = m->probe[cls] + m->nprobe[cls];
    /* level 1's base-size probe, first, is mmu_fast's: done when it missed */
    for (const struct mmu_probe *p = m->probe[cls] + fast_missed; p < end; p++) {
        uint64_t tag = (page >> p->shift) | ((uint64_t)p->size << TLB_INDEX_BITS) | asid;
        long slot = tlb_find(p->t, tag);
        if (slot < 0)
            continue;
        unsigned looked = m->probed[cls] & ((2u << p->level) - 1); /* the levels reached */
        mmu_count_lookups(m, looked, cls);
        p->t->hits++;
        *pay = p->t->pay[slot];
        mmu_count_sized(m, looked, cls, p->size);
        if (p->level > 0) {
            if (m->inclusion == VMLAB_EXCLUSIVE) {
                tlb_remove(p->t, slot); /* a move up, not an invalidation */
                mmu_fill_from(m, 0, 1, cls, p->size, tag, *pay);
            } else {
                mmu_fill_from(m, 0, p->level, cls, p->size, tag, *pay);
            }
        }
        return p->size == m->base ? MMU_HIT : MMU_HIT_HUGE;
    }
    mmu_count_lookups(m, m->probed[cls], cls);
    m->missed_levels = m->probed[cls];
    return MMU_MISS;
}

/*
 * Every TLB missed and page @key is resident in @pay.frame: walk the page
 * table (counting references and cycles) and fill the TLBs. Return: whether
 * the translation is a huge mapping.
 */
TLB_INLINE bool mmu_walk(struct mmu *m, uint64_t key, unsigned cls, struct tlb_payload pay)
{
    unsigned s = m->any_huge ? mmu_region_size(m, key) : m->base;
    mmu_count_sized(m, m->missed_levels, cls, s);
    walker_walk(m, key, s, pay.frame);
    uint64_t tag = mmu_tag(m, key, s);
    if (s != m->base)
        pay = (struct tlb_payload){VMLAB_NO_FRAME, 0}; /* a huge entry covers many frames */
    mmu_fill_from(m, 0, m->inclusion == VMLAB_EXCLUSIVE ? 1 : m->nlevels, cls, s, tag, pay);
    return s != m->base;
}

/*
 * mmu_lookup for a class of the common shape (m->pair[cls], mmu.h): after
 * mmu_fast missed, the second level's one structure; a hit fills the first
 * level. @absent: the page is known to be in no TLB (its search would miss:
 * not made). *@set: the page's set in the second level, for mmu_walk_pair.
 * A first-level victim has nothing to do: no level above it to leave
 * (inclusive), and the shape is never exclusive. Every entry of the shape
 * names a frame (no huge entries): the held counts need no test.
 */
TLB_INLINE int mmu_lookup_pair(struct mmu *m, uint64_t key, unsigned cls, bool absent,
                               uint32_t *set, struct tlb_payload *pay)
{
    struct tlb *t = m->pair_l2[cls], *l1 = m->fast[cls];
    uint64_t tag = key | ((uint64_t)m->base << TLB_INDEX_BITS), old;
    uint32_t st = tlb_set_as(t, tag, true);
    long slot = absent ? -1 : tlb_slot(t, st, tag);
    m->level[0].lookups[cls]++;
    m->level[1].lookups[cls]++;
    *set = st;
    if (slot < 0) {
        m->missed_levels = 3;
        return MMU_MISS;
    }
    tlb_touch_as(t, st, (uint32_t)((size_t)slot - (size_t)st * t->ways), true);
    t->hits++;
    struct tlb_payload p = t->pay[slot], opay;
    *pay = p;
    tlb_put(l1, tlb_set_as(l1, tag, true), tag, p, &old, &opay, true);
    m->held[p.frame]++;
    if (old != TLB_INVALID)
        m->held[opay.frame]--;
    return MMU_HIT;
}

/* mmu_walk after mmu_lookup_pair missed (@set: as it found). The translation is a base page. */
TLB_INLINE void mmu_walk_pair(struct mmu *m, uint64_t key, unsigned cls, uint32_t set,
                              struct tlb_payload pay)
{
    struct tlb *l1 = m->fast[cls];
    walker_walk_radix(m, key, m->base, true, true);
    uint64_t tag = key | ((uint64_t)m->base << TLB_INDEX_BITS), old1, old2;
    struct tlb_payload opay1, opay2;
    tlb_put(l1, tlb_set_as(l1, tag, true), tag, pay, &old1, &opay1, true);
    tlb_put(m->pair_l2[cls], set, tag, pay, &old2, &opay2, true);
    uint8_t *held = m->held;
    held[pay.frame] += 2;
    if (old1 != TLB_INVALID)
        held[opay1.frame]--;
    if (old2 != TLB_INVALID)
        held[opay2.frame]--;
    if (__builtin_expect(old2 != TLB_INVALID && m->inclusion != VMLAB_NON_INCLUSIVE, 0))
        mmu_evicted(m, 1, cls, old2, opay2);
}

#endif /* VMLAB_MMU_TRANSLATE_H */
