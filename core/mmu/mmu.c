/*
 * mmu.c - the translation pipeline: TLB levels, context switches,
 * shoot-downs, huge-page mappings, and the metrics of a run.
 *
 *   ref ─► level 1: the structures serving its class (data / instruction),
 *          one per page size (looked up together, as hardware does in parallel)
 *      ─miss─► level 2 (unified STLB) ─► ... ─miss─► the OS makes the page
 *          resident (core/vm.c) ─► walker_walk ─► fill
 *
 *   fill, by inclusion:  non-inclusive  every level holding the page size
 *                        inclusive      every level; an eviction from level
 *                                       n+1 invalidates the entry above it
 *                        exclusive      level 1 only; its victims move down
 *   a hit below level 1 fills the levels above it (exclusive: moves it up)
 *
 * Tags carry the ASID (PCID). Without PCID a context switch flushes every
 * TLB and walk cache; with a limited number of PCIDs (Linux uses 6 per CPU)
 * an address space that gets a PCID back from another flushes the
 * previous owner's entries; with one PCID per address space nothing is
 * flushed.
 *
 * The OS side: a page loaded into a frame is mapped (page-table entry
 * present); an evicted page is unmapped, which invalidates its translations
 * in every TLB (one shoot-down); so does clearing an accessed bit with a
 * flush. With huge pages, a region of 512 (or 262,144) base pages that is
 * wholly resident is mapped by one 2 MiB (1 GiB) entry; evicting any page of
 * it splits the mapping again (Linux splits a transparent huge page before
 * swapping it out).
 *
 * Counters are plain fields; the cycle breakdown is computed once, at the
 * end (mmu_result), from counts and the cost model: nothing is priced per
 * reference on the hot path.
 */
#include <config.h>

#include <assert.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <vmlab/frames.h>

#include "mmu.h"
#include "translate.h"
#include "walker.h"

static const unsigned size_shift[MMU_NSIZES] = {12, 21, 30};

/* Page-size codes of a VMLAB_PAGE_* mask. */
static unsigned size_codes(unsigned mask)
{
    unsigned c = 0;
    if (mask & VMLAB_PAGE_4K)
        c |= 1u << MMU_4K;
    if (mask & VMLAB_PAGE_2M)
        c |= 1u << MMU_2M;
    if (mask & VMLAB_PAGE_1G)
        c |= 1u << MMU_1G;
    return c;
}

static int code_of_shift(unsigned shift)
{
    for (int s = 0; s < MMU_NSIZES; s++)
        if (size_shift[s] == shift)
            return s;
    return -1;
}

/* ---- creation ---- */

/* Whether structure @t may hold translations of size code @s in this run. */
static inline bool holds(const struct mmu *m, const struct tlb *t, unsigned s)
{
    unsigned i = (unsigned)(t - m->tlb);
    return (m->sizes[i] & (1u << s)) && s >= m->base && (s == m->base || m->any_huge);
}

/*
 * The probes of every level and class, and the fill targets: what can hold a
 * translation in this run (sizes below the base never; huge sizes once a
 * region was mapped huge). Rebuilt when that changes.
 */
static void build_probes(struct mmu *m)
{
    for (unsigned c = 0; c < 2; c++) {
        m->nprobe[c] = 0;
        m->probed[c] = 0;
    }
    for (unsigned l = 0; l < m->nlevels; l++) {
        struct mmu_level *lv = &m->level[l];
        for (unsigned c = 0; c < 2; c++) {
            struct mmu_probe *p = m->probe[c];
            unsigned n0 = m->nprobe[c];
            for (unsigned s = 0; s < MMU_NSIZES; s++)
                lv->home[c][s] = NULL;
            /* level 1's base-size structure first: mmu_fast probed it already */
            if (l == 0 && m->fast[c])
                p[m->nprobe[c]++] = (struct mmu_probe){m->fast[c], (uint8_t)m->base, 0, 0};
            for (unsigned i = 0; i < lv->n[c]; i++) {
                struct tlb *t = lv->t[c][i];
                unsigned held = m->sizes[t - m->tlb];
                for (unsigned s = m->base; s < MMU_NSIZES; s++) {
                    if (!(held & (1u << s)))
                        continue;
                    if (!lv->home[c][s])
                        lv->home[c][s] = t;
                    if ((s != m->base && !m->any_huge) ||
                        (l == 0 && t == m->fast[c] && s == m->base))
                        continue;
                    p[m->nprobe[c]++] = (struct mmu_probe){
                        t, (uint8_t)s, (uint8_t)(size_shift[s] - m->base_shift), (uint8_t)l};
                }
            }
            if (m->nprobe[c] > n0)
                m->probed[c] |= 1u << l;
        }
    }
    m->nholders = 0;
    for (unsigned i = 0; i < m->ntlb; i++)
        for (unsigned s = m->base; s < MMU_NSIZES; s++)
            if (holds(m, &m->tlb[i], s))
                m->holders[m->nholders++] = (struct mmu_probe){
                    &m->tlb[i], (uint8_t)s, (uint8_t)(size_shift[s] - m->base_shift), 0};
}

/* Which classes' translations take the pipeline specialised for the common shape (mmu.h). */
static void choose_pipeline(struct mmu *m)
{
    for (unsigned c = 0; c < 2; c++) {
        const struct mmu_probe *p = m->probe[c];
        m->pair[c] = m->nlevels == 2 && m->nprobe[c] == 2 && m->probed[c] == 3 && m->fast[c] &&
                     p[0].t == m->fast[c] && p[1].level == 1 && p[1].size == m->base &&
                     m->level[0].home[c][m->base] == m->fast[c] &&
                     m->level[1].home[c][m->base] == p[1].t && !m->any_huge &&
                     m->inclusion != VMLAB_EXCLUSIVE && m->pt_kind == VMLAB_PT_RADIX &&
                     !m->nested && m->pwc.kind == VMLAB_PWC_PSC && m->pwc.simple &&
                     tlb_simple(m->fast[c]) && tlb_simple(p[1].t);
        m->pair_l2[c] = m->pair[c] ? p[1].t : NULL;
    }
}

static int build_tlbs(struct mmu *m, const struct vmlab_mmu_desc *d, uint64_t seed,
                      struct vmlab_error *err)
{
    unsigned maxlevel = 0;
    for (unsigned i = 0; i < d->ntlb; i++) {
        int rc = tlb_init(&m->tlb[i], &d->tlb[i].c, seed + 7919 * (i + 1), err);
        if (rc)
            return rc;
        m->ntlb = i + 1;
        m->sizes[i] = size_codes(d->tlb[i].sizes);
        if (d->tlb[i].level > maxlevel)
            maxlevel = d->tlb[i].level;
    }
    m->nlevels = maxlevel;
    for (unsigned i = 0; i < d->ntlb; i++) {
        struct mmu_level *lv = &m->level[d->tlb[i].level - 1];
        for (unsigned c = 0; c < 2; c++) {
            if (!(d->tlb[i].serves & (c == MMU_DATA ? VMLAB_TLB_DATA : VMLAB_TLB_INSTR)))
                continue;
            lv->t[c][lv->n[c]++] = &m->tlb[i];
            if (m->tlb[i].latency > lv->latency[c])
                lv->latency[c] = m->tlb[i].latency;
            if (lv == &m->level[0] && !m->fast[c] && (m->sizes[i] & (1u << m->base)))
                m->fast[c] = &m->tlb[i];
        }
    }
    build_probes(m);
    return 0;
}

static int build_page_table(struct mmu *m, const struct vmlab_mmu_desc *d,
                            const struct mmu_env *env, struct vmlab_error *err)
{
    m->pt_kind = d->pt.kind;
    m->has_cwc = false;
    int rc = 0;
    switch (d->pt.kind) {
    case VMLAB_PT_HASHED:
        if (pt_hashed_init(&m->hashed, env->nframes, d->pt.buckets, d->pt.modulo_hash))
            rc = vmlab_error_set(err, VMLAB_ESYSTEM, "out of memory for the hashed page table");
        m->va_limit = UINT64_C(1) << 57;
        return rc;
    case VMLAB_PT_CUCKOO:
        if (pt_cuckoo_init(&m->cuckoo, d->pt.ways, d->pt.slots, d->pt.resize_at, d->pt.cluster,
                           env->seed))
            return vmlab_error_set(err, VMLAB_ESYSTEM, "out of memory for the cuckoo page table");
        m->va_limit = UINT64_C(1) << 57;
        if (d->pt.has_cwc) {
            if ((rc = tlb_init(&m->cwc, &d->pt.cwc, env->seed + 31, err)))
                return rc;
            m->has_cwc = true;
        }
        return 0;
    default: break;
    }
    if (pt_radix_init(&m->radix, d->pt.levels))
        return vmlab_error_set(err, VMLAB_ESYSTEM, "out of memory for the page table");
    m->va_limit = UINT64_C(1) << (12 + 9 * d->pt.levels);
    if ((rc = pwc_init(&m->pwc, &d->pwc, d->pt.levels, env->seed + 17, err)))
        return rc;
    if (!d->nested.on)
        return 0;
    m->nested = true;
    m->host_levels = d->nested.levels;
    m->host_code = (unsigned)code_of_shift((unsigned)__builtin_ctzll(d->nested.page_size));
    m->host_leaf = 1 + m->host_code;
    m->guest_pt_base = (uint64_t)env->nframes << (env->page_shift - 12);
    if (pt_radix_init(&m->host, d->nested.levels))
        return vmlab_error_set(err, VMLAB_ESYSTEM, "out of memory for the host page table");
    if ((rc = pwc_init(&m->host_pwc, &d->nested.pwc, d->nested.levels, env->seed + 23, err)))
        return rc;
    if (d->nested.has_ntlb) {
        if ((rc = tlb_init(&m->nest_tlb, &d->nested.ntlb, env->seed + 29, err)))
            return rc;
        m->has_ntlb = true;
    }
    return 0;
}

int mmu_new(struct mmu **out, const struct vmlab_mmu_desc *d, const struct mmu_env *env,
            struct vmlab_error *err)
{
    int base = code_of_shift(env->page_shift);
    if (base < 0)
        return vmlab_error_set(err, VMLAB_EINPUT,
                               "the translation model maps pages of 4K, 2M or 1G; the page size "
                               "is 2^%u bytes",
                               env->page_shift);
    if (env->huge.policy != VMLAB_HUGE_NEVER && base != MMU_4K)
        return vmlab_error_set(err, VMLAB_EINPUT,
                               "huge-page promotion needs 4K base pages (the page size is 2^%u)",
                               env->page_shift);
    if (env->huge.policy != VMLAB_HUGE_NEVER && d->pt.kind != VMLAB_PT_RADIX)
        return vmlab_error_set(err, VMLAB_EINPUT,
                               "huge-page promotion is modelled for radix page tables only");
    struct mmu *m = calloc(1, sizeof *m);
    if (!m)
        return vmlab_error_set(err, VMLAB_ESYSTEM, "out of memory");
    m->d = d;
    m->base = (unsigned)base;
    m->base_shift = env->page_shift;
    m->inclusion = d->inclusion;
    m->visibility = env->visibility;
    m->pcid = env->pcid;
    m->huge = env->huge;
    m->pt_kind = VMLAB_PT_RADIX;
    int rc = build_tlbs(m, d, env->seed, err);
    if (!rc)
        rc = build_page_table(m, d, env, err);
    if (!rc && !(m->held = calloc(env->nframes ? env->nframes : 1, sizeof *m->held)))
        rc = vmlab_error_set(err, VMLAB_ESYSTEM, "out of memory");
    for (unsigned i = 0; !rc && i < m->ntlb; i++)
        m->tlb[i].held = m->held;
    if (!rc && m->pcid > 0) {
        m->pcid_owner = malloc((size_t)m->pcid * sizeof *m->pcid_owner);
        m->pcid_used = calloc((size_t)m->pcid, sizeof *m->pcid_used);
        if (!m->pcid_owner || !m->pcid_used)
            rc = vmlab_error_set(err, VMLAB_ESYSTEM, "out of memory");
        for (int32_t i = 0; !rc && i < m->pcid; i++)
            m->pcid_owner[i] = UINT32_MAX;
    }
    if (!rc && m->huge.policy != VMLAB_HUGE_NEVER) {
        m->huge_code = m->huge.size == (UINT64_C(1) << 30) ? MMU_1G : MMU_2M;
        m->region_bits = size_shift[m->huge_code] - 12;
        if (pagemap_init(&m->regions, 0))
            rc = vmlab_error_set(err, VMLAB_ESYSTEM, "out of memory");
    }
    if (rc) {
        mmu_free(m);
        return rc;
    }
    choose_pipeline(m);
    *out = m;
    return 0;
}

void mmu_free(struct mmu *m)
{
    if (!m)
        return;
    for (unsigned i = 0; i < m->ntlb; i++)
        tlb_fini(&m->tlb[i]);
    switch (m->pt_kind) {
    case VMLAB_PT_HASHED: pt_hashed_fini(&m->hashed); break;
    case VMLAB_PT_CUCKOO: pt_cuckoo_fini(&m->cuckoo); break;
    default:
        pt_radix_fini(&m->radix);
        pwc_fini(&m->pwc);
        break;
    }
    if (m->has_cwc)
        tlb_fini(&m->cwc);
    if (m->nested) {
        pt_radix_fini(&m->host);
        pwc_fini(&m->host_pwc);
    }
    if (m->has_ntlb)
        tlb_fini(&m->nest_tlb);
    if (m->huge.policy != VMLAB_HUGE_NEVER)
        pagemap_free(&m->regions);
    free(m->pcid_owner);
    free(m->pcid_used);
    free(m->held);
    free(m);
}

/* ---- the TLB hierarchy ---- */

/* Remove @tag from every structure of the levels above level @l (inclusion). */
static void back_invalidate(struct mmu *m, unsigned l, uint64_t tag)
{
    for (unsigned j = 0; j < l; j++)
        for (unsigned c = 0; c < 2; c++)
            for (unsigned i = 0; i < m->level[j].n[c]; i++)
                tlb_invalidate(m->level[j].t[c][i], tag);
}

/* A fill of level @l evicted @old: inclusive, it leaves the levels above; exclusive, it moves down.
 */
void mmu_evicted(struct mmu *m, unsigned l, unsigned cls, uint64_t old, struct tlb_payload opay)
{
    if (m->inclusion == VMLAB_INCLUSIVE) {
        back_invalidate(m, l, old);
    } else if (l + 1 < m->nlevels) {
        unsigned os = (unsigned)((old >> TLB_INDEX_BITS) & 0xf);
        struct tlb *next = m->level[l + 1].home[cls][os];
        if (next && tlb_peek(next, old) < 0)
            mmu_fill_level(m, l + 1, cls, os, old, opay);
    }
}

/* The size code of page @key's mapping when some region was mapped huge. */
unsigned mmu_region_size(struct mmu *m, uint64_t key)
{
    uint64_t region =
        vmlab_page_key(vmlab_page_key_page(key) >> m->region_bits, vmlab_page_key_asid(key));
    const struct pagemap_slot *s = pagemap_find(&m->regions, region);
    return s && (s->frame & MMU_REGION_HUGE) ? m->huge_code : m->base;
}

/* ---- address spaces ---- */

static void flush_all(struct mmu *m, uint32_t asid)
{
    for (unsigned i = 0; i < m->ntlb; i++)
        tlb_flush(&m->tlb[i], asid);
    if (m->pt_kind == VMLAB_PT_RADIX)
        pwc_flush(&m->pwc, asid);
    if (m->has_cwc)
        tlb_flush(&m->cwc, asid);
    m->flushes++;
}

/* Give @asid a PCID (limited PCIDs): the least recently used one, flushing its owner's entries. */
static void take_pcid(struct mmu *m, uint32_t asid)
{
    int32_t lru = 0;
    for (int32_t i = 0; i < m->pcid; i++) {
        if (m->pcid_owner[i] == asid) {
            m->pcid_used[i] = ++m->pcid_clock;
            return;
        }
        if (m->pcid_used[i] < m->pcid_used[lru])
            lru = i;
    }
    if (m->pcid_owner[lru] != UINT32_MAX)
        flush_all(m, m->pcid_owner[lru]);
    m->pcid_owner[lru] = asid;
    m->pcid_used[lru] = ++m->pcid_clock;
}

void mmu_switch(struct mmu *m, uint32_t asid)
{
    if (m->started)
        m->context_switches++;
    m->started = true;
    m->cur_asid = asid;
    if (m->pcid < 0) {
        if (m->context_switches)
            flush_all(m, UINT32_MAX);
    } else if (m->pcid > 0) {
        take_pcid(m, asid);
    }
}

/* ---- the OS side ---- */

static uint64_t region_key(const struct mmu *m, uint64_t key)
{
    return vmlab_page_key(vmlab_page_key_page(key) >> m->region_bits, vmlab_page_key_asid(key));
}

int mmu_map(struct mmu *m, uint64_t key, uint32_t frame, bool again)
{
    switch (m->pt_kind) {
    case VMLAB_PT_HASHED: pt_hashed_map(&m->hashed, key, frame); break;
    case VMLAB_PT_CUCKOO:
        if (pt_cuckoo_map(&m->cuckoo, key))
            return -1;
        break;
    default:
        /* a page mapped before has its path: table pages are never freed */
        if (!again && pt_radix_map(&m->radix, vmlab_page_key_asid(key),
                                   vmlab_page_key_page(key) << (m->base_shift - 12), 1 + m->base))
            return -1;
        break;
    }
    if (m->huge.policy != VMLAB_HUGE_NEVER) {
        bool fresh;
        struct pagemap_slot *s = pagemap_intern(&m->regions, region_key(m, key), &fresh);
        if (!s)
            return -1;
        if (fresh)
            s->frame = 0;
        s->frame++;
    }
    return 0;
}

static void invalidate_page(struct mmu *m, uint64_t key)
{
    uint64_t page = vmlab_page_key_page(key), asid = key & ~((UINT64_C(1) << 52) - 1);
    for (const struct mmu_probe *h = m->holders; h < m->holders + m->nholders; h++)
        tlb_invalidate(h->t, (page >> h->shift) | ((uint64_t)h->size << TLB_INDEX_BITS) | asid);
}

void mmu_invalidate(struct mmu *m, uint64_t key)
{
    invalidate_page(m, key);
    m->shootdowns++;
}

void mmu_unmap(struct mmu *m, uint64_t key, uint32_t frame)
{
    /* no TLB entry translates to the frame: nothing to look up (huge entries name no frame) */
    if (m->held[frame] || m->any_huge)
        invalidate_page(m, key);
    assert(m->held[frame] == 0);
    m->shootdowns++;
    switch (m->pt_kind) {
    case VMLAB_PT_HASHED: pt_hashed_unmap(&m->hashed, key, frame); break;
    case VMLAB_PT_CUCKOO: pt_cuckoo_unmap(&m->cuckoo, key); break;
    default: break;
    }
    if (m->huge.policy != VMLAB_HUGE_NEVER) {
        struct pagemap_slot *s = pagemap_find(&m->regions, region_key(m, key));
        if (s) {
            if (s->frame & MMU_REGION_HUGE)
                m->demotions++; /* split: the huge entry went with the shoot-down above */
            s->frame = (s->frame & ~MMU_REGION_HUGE) - 1;
        }
    }
}

bool mmu_collapse_due(struct mmu *m, uint64_t key, uint64_t *first, uint32_t *npages, bool *partial)
{
    if (m->huge.policy == VMLAB_HUGE_NEVER)
        return false;
    const struct pagemap_slot *s = pagemap_find(&m->regions, region_key(m, key));
    uint32_t resident = s ? s->frame : 0;
    if (resident & MMU_REGION_HUGE)
        return false;
    uint32_t pages = UINT32_C(1) << m->region_bits;
    /* "always" maps an untouched region huge at its first fault; both policies collapse a
       region whose resident pages reach the threshold */
    bool due =
        (m->huge.policy == VMLAB_HUGE_ALWAYS && resident == 0) || resident + 1 >= m->huge.threshold;
    if (!due)
        return false;
    *partial = resident > 0;
    uint64_t page = vmlab_page_key_page(key) & ~(uint64_t)(pages - 1);
    *first = vmlab_page_key(page, vmlab_page_key_asid(key));
    *npages = pages;
    return true;
}

void mmu_collapse(struct mmu *m, uint64_t key, bool flush)
{
    struct pagemap_slot *s = pagemap_find(&m->regions, region_key(m, key));
    uint32_t pages = UINT32_C(1) << m->region_bits;
    if (!s || s->frame != pages)
        return; /* a page of the region was evicted meanwhile: stay with base pages */
    s->frame |= MMU_REGION_HUGE;
    if (!m->any_huge) {
        m->any_huge = true;
        build_probes(m);
        choose_pipeline(m);
    }
    m->promotions++;
    if (flush) {
        /* khugepaged replaces live base mappings: their translations go (one range flush) */
        uint64_t first = vmlab_page_key(vmlab_page_key_page(key) & ~(uint64_t)(pages - 1),
                                        vmlab_page_key_asid(key));
        for (uint32_t i = 0; i < pages; i++)
            for (unsigned t = 0; t < m->ntlb; t++)
                if (holds(m, &m->tlb[t], m->base))
                    tlb_invalidate(&m->tlb[t], mmu_tag(m, first + i, m->base));
        m->shootdowns++;
    }
}

/* ---- results ---- */

void mmu_result(const struct mmu *m, const struct mmu_os_counts *os, struct vmlab_translation *t)
{
    memset(t, 0, sizeof *t);
    const struct vmlab_mmu_cost *c = &m->d->cost;
    snprintf(t->model, sizeof t->model, "%s", m->d->name);
    t->refs = os->refs;
    t->ntlb = m->ntlb;
    uint64_t tlb_cycles = 0;
    for (unsigned l = 0; l < m->nlevels; l++)
        for (unsigned k = 0; k < 2; k++)
            tlb_cycles += m->level[l].lookups[k] * m->level[l].latency[k];
    for (unsigned i = 0; i < m->ntlb; i++) {
        struct vmlab_tlb_metrics *x = &t->tlb[i];
        const struct tlb *tl = &m->tlb[i];
        unsigned l = m->d->tlb[i].level - 1;
        snprintf(x->name, sizeof x->name, "%s", tl->name);
        x->level = l + 1;
        /* the lookups of its level for translations of the sizes it holds */
        for (unsigned k = 0; k < 2; k++) {
            if (!(m->d->tlb[i].serves & (k == MMU_DATA ? VMLAB_TLB_DATA : VMLAB_TLB_INSTR)))
                continue;
            uint64_t base = m->level[l].lookups[k];
            for (unsigned s = m->base + 1; s < MMU_NSIZES; s++) {
                base -= m->level[l].huge_lookups[k][s];
                if (m->sizes[i] & (1u << s))
                    x->lookups += m->level[l].huge_lookups[k][s];
            }
            if (m->sizes[i] & (1u << m->base))
                x->lookups += base;
        }
        x->hits = tl->hits;
        x->evictions = tl->evictions;
        x->invalidations = tl->invalidations;
    }
    t->walks = m->walks;
    t->walk_levels = walker_levels(m);
    for (unsigned l = 0; l < t->walk_levels; l++)
        t->walk_refs[l] = m->walk_refs[l];
    /* radix walks by the levels they read: a reference and its cycles per level read */
    uint64_t mem_cycles = m->mem_cycles;
    for (unsigned read = 1; read < sizeof m->radix_reads / sizeof m->radix_reads[0]; read++)
        for (unsigned b = read; b && m->radix_reads[read]; b &= b - 1) {
            unsigned l = t->walk_levels - (unsigned)__builtin_ctz(b); /* root first */
            t->walk_refs[l] += m->radix_reads[read];
            mem_cycles += m->radix_reads[read] * c->walk_mem[l];
        }
    const struct tlb *caches[VMLAB_MMU_MAX_PWC_METRICS];
    unsigned n = 0;
    if (m->pt_kind == VMLAB_PT_RADIX)
        for (unsigned i = 0; i < m->pwc.n; i++)
            caches[n++] = &m->pwc.cache[i];
    if (m->has_cwc)
        caches[n++] = &m->cwc;
    if (m->nested) {
        t->host_levels = m->host_levels;
        for (unsigned l = 0; l < m->host_levels; l++)
            t->host_walk_refs[l] = m->host_refs[l];
        for (unsigned i = 0; i < m->host_pwc.n; i++)
            caches[n++] = &m->host_pwc.cache[i];
        t->host_pt_bytes = pt_radix_bytes(&m->host);
    }
    if (m->has_ntlb)
        caches[n++] = &m->nest_tlb;
    uint64_t pwc_cycles = 0; /* every hit of a walk cache, nested TLB or cuckoo walk cache */
    for (unsigned i = 0; i < n; i++) {
        snprintf(t->pwc[i].name, sizeof t->pwc[i].name, "%s", caches[i]->name);
        t->pwc[i].lookups = caches[i]->lookups;
        t->pwc[i].hits = caches[i]->hits;
        pwc_cycles += caches[i]->hits * caches[i]->latency;
    }
    t->npwc = n;
    switch (m->pt_kind) {
    case VMLAB_PT_HASHED: t->pt_bytes = pt_hashed_bytes(&m->hashed); break;
    case VMLAB_PT_CUCKOO: t->pt_bytes = pt_cuckoo_bytes(&m->cuckoo); break;
    default: t->pt_bytes = pt_radix_bytes(&m->radix); break;
    }
    t->shootdowns = m->shootdowns;
    t->context_switches = m->context_switches;
    t->flushes = m->flushes;
    t->dirty_sets = m->dirty_sets;
    t->promotions = m->promotions;
    t->demotions = m->demotions;
    t->prefaulted = m->prefaulted;
    /* a dirty-bit update through a TLB hit is one locked write of the leaf entry */
    uint64_t leaf_cost = c->walk_mem[t->walk_levels ? t->walk_levels - 1 : 0];
    t->cycles.tlb_hit = tlb_cycles;
    t->cycles.pwc_hit = pwc_cycles;
    t->cycles.walk_mem = mem_cycles + m->dirty_sets * leaf_cost;
    t->cycles.minor_fault = os->compulsory * c->minor_fault;
    t->cycles.major_fault = os->major * c->major_fault;
    t->cycles.writeback = os->writebacks * c->writeback;
    t->cycles.shootdown = m->shootdowns * c->shootdown;
    t->cycles.context_switch = m->context_switches * c->context_switch;
    t->cycles.total = t->cycles.tlb_hit + t->cycles.pwc_hit + t->cycles.walk_mem +
                      t->cycles.minor_fault + t->cycles.major_fault + t->cycles.writeback +
                      t->cycles.shootdown + t->cycles.context_switch;
    t->walk_cycles = t->cycles.pwc_hit + t->cycles.walk_mem;
}
