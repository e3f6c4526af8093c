/*
 * mmu.h - the modelled MMU of one run (module-internal; the memory manager,
 * core/vm.c, drives it). mmu.c describes the pipeline.
 *
 * The memory manager's hot loop calls mmu_fast() for every reference: one
 * probe of the first-level TLB of the reference's kind (data or instruction)
 * for the base page size, inline. Its miss handler inlines mmu_lookup()
 * (the other structures and levels) and mmu_walk() (after the memory
 * manager made the page resident) from translate.h. The OS events
 * mmu_map(), mmu_unmap(), mmu_invalidate(), mmu_switch() are out of line.
 */
#ifndef VMLAB_MMU_MMU_H
#define VMLAB_MMU_MMU_H

#include <stdbool.h>
#include <stdint.h>

#include <vmlab/mmu.h>
#include <vmlab/ref.h>

#include "core/pagemap.h"
#include "pt.h"
#include "pwc.h"
#include "tlb.h"

/* Page-size codes (the kind field of a TLB tag). */
enum { MMU_4K = 0, MMU_2M = 1, MMU_1G = 2, MMU_NSIZES = 3 };

/* Reference classes: which first-level TLBs serve it. */
enum { MMU_DATA = 0, MMU_INSTR = 1 };

/* One probe of a lookup: a structure, for one page size. */
struct mmu_probe {
    struct tlb *t;
    uint8_t size;  /* page-size code */
    uint8_t shift; /* memory-manager page number >> shift = page number at this size */
    uint8_t level; /* of the structure, from 0 */
};

#define MMU_MAX_PROBES (VMLAB_MMU_MAX_TLBS * MMU_NSIZES)

/*
 * One TLB level: the structures a reference of each class looks up together,
 * and, precomputed, the probes a lookup makes (the structure and page sizes
 * that can hold a translation in this run; level 1's base-size probe first)
 * and the structure a fill of each page size goes to.
 */
struct mmu_level {
    unsigned n[2]; /* structures per class */
    struct tlb *t[2][VMLAB_MMU_MAX_TLBS];
    struct tlb *home[2][MMU_NSIZES];      /* where a fill of each size goes, or NULL */
    uint64_t lookups[2];                  /* references of the class that reached it */
    uint64_t huge_lookups[2][MMU_NSIZES]; /* of those, translations of each size above the
                                             base page's (attributing lookups by page size) */
    uint32_t latency[2];                  /* the slowest of the level's structures */
};

struct mmu_env {
    uint32_t nframes;             /* the memory manager's frames (guest-physical memory) */
    unsigned page_shift;          /* log2 of the memory manager's page size: 12, 21 or 30 */
    int visibility;               /* enum vmlab_visibility */
    struct vmlab_huge_pages huge; /* promotion policy (base pages of 4 KiB only) */
    int32_t pcid;                 /* -1: none, 0: one per address space, N: N recycled */
    uint64_t seed;
};

_Static_assert(VMLAB_MMU_MAX_TLBS <= UINT8_MAX, "struct mmu's held counts fit a byte");

struct mmu {
    const struct vmlab_mmu_desc *d;
    unsigned ntlb;
    struct tlb tlb[VMLAB_MMU_MAX_TLBS];
    unsigned sizes[VMLAB_MMU_MAX_TLBS]; /* page-size codes each holds, as a mask */
    unsigned nlevels;
    struct mmu_level level[VMLAB_MMU_MAX_TLBS];
    /* the probes of a lookup of each class, every level's in turn (level 1's base-size probe,
       mmu_fast's, first); the levels that have probes (bit l: level l + 1) */
    unsigned nprobe[2];
    struct mmu_probe probe[2][MMU_MAX_PROBES];
    unsigned probed[2];
    /* the structures that may hold a translation of each page, with its size: a shoot-down */
    unsigned nholders;
    struct mmu_probe holders[MMU_MAX_PROBES];
    struct tlb *fast[2]; /* first-level structure of the base size, per class */
    /* the common shape for a class (translate.h, mmu_lookup_pair): its first-level TLB
       (fast) and one second-level structure (pair_l2) hold its base-size translations, nothing
       else does in this run, inclusive or not, a radix table with split walk caches (PSC), and
       every one of those structures simple (tlb.h, tlb_simple); its references then take the
       pipeline specialised for it (chosen once, and again when a region is mapped huge) */
    bool pair[2];
    struct tlb *pair_l2[2];
    unsigned base;       /* page-size code of the memory manager's pages */
    unsigned base_shift; /* log2 of its bytes */
    uint64_t va_limit;   /* byte addresses must be below it */
    int inclusion;
    int visibility;

    /* address spaces */
    int32_t pcid;
    bool started; /* a reference was seen (cur_asid is valid) */
    uint32_t cur_asid;
    uint32_t *pcid_owner; /* [pcid]: ASID holding it, or UINT32_MAX */
    uint64_t *pcid_used;  /* [pcid]: last use, for LRU reuse */
    uint64_t pcid_clock;

    /* the page table and its walk caches */
    int pt_kind;
    struct pt_radix radix;
    struct pt_hashed hashed;
    struct pt_cuckoo cuckoo;
    struct pwc pwc;
    bool has_cwc;
    struct tlb cwc;

    /* nested paging: the host dimension */
    bool nested;
    unsigned host_levels, host_leaf, host_code;
    struct pt_radix host;
    struct pwc host_pwc;
    bool has_ntlb;
    struct tlb nest_tlb;
    uint64_t guest_pt_base; /* guest-physical 4 KiB page of guest table page 0 */

    /* huge pages: regions of the base page size, resident counts */
    struct vmlab_huge_pages huge;
    unsigned huge_code;     /* page-size code of a huge mapping */
    unsigned region_bits;   /* log2(base pages per region) */
    struct pagemap regions; /* region key -> resident count (| MMU_REGION_HUGE) */
    bool any_huge;          /* some region was ever mapped huge */
    unsigned missed_levels; /* levels a missing mmu_lookup looked up (bit i: level i + 1) */

    uint8_t *held; /* [frame]: TLB entries translating to it (struct tlb's held); one page maps
                      a frame, one entry per structure (huge entries name no frame): at most
                      VMLAB_MMU_MAX_TLBS */

    /* counters (docs/mmu.md, struct vmlab_translation) */
    uint64_t walks, walk_refs[VMLAB_MMU_MAX_LEVELS], host_refs[VMLAB_MMU_MAX_LEVELS];
    uint64_t mem_cycles; /* of the walks not in radix_reads */
    /* walks of a radix table (not nested) by the levels they read (bit l: level l), whose
       references and cycles mmu_result derives: one count per walk */
    uint64_t radix_reads[2u << VMLAB_MMU_MAX_LEVELS];
    uint64_t shootdowns, context_switches, flushes, dirty_sets;
    uint64_t promotions, demotions, prefaulted;
};

#define MMU_REGION_HUGE (UINT32_C(1) << 31)

int mmu_new(struct mmu **out, const struct vmlab_mmu_desc *d, const struct mmu_env *env,
            struct vmlab_error *err);
void mmu_free(struct mmu *m);

/* The TLB tag of page @key (memory-manager page number and ASID) at page-size code @size. */
static inline uint64_t mmu_tag(const struct mmu *m, uint64_t key, unsigned size)
{
    static const unsigned shift[MMU_NSIZES] = {12, 21, 30};
    uint64_t page = vmlab_page_key_page(key) >> (shift[size] - m->base_shift);
    return tlb_tag(page, size, vmlab_page_key_asid(key));
}

/* Reference class of operation @op. */
static inline unsigned mmu_class(uint8_t op)
{
    return op == VMLAB_OP_IFETCH ? MMU_INSTR : MMU_DATA;
}

/*
 * The hot path: probe the first-level TLB of class @cls for the base page
 * size. Return: the translation's payload on a hit, or NULL. @pair: the
 * class is of the common shape (m->pair[cls]), where known.
 */
TLB_INLINE const struct tlb_payload *mmu_fast_as(struct mmu *m, uint64_t key, unsigned cls,
                                                 bool pair)
{
    struct tlb *t = m->fast[cls];
    if (!pair && !t)
        return NULL;
    long slot = tlb_find_as(t, key | ((uint64_t)m->base << TLB_INDEX_BITS), pair);
    if (slot < 0)
        return NULL;
    t->hits++;
    m->level[0].lookups[cls]++;
    return &t->pay[slot];
}

/* mmu_fast, a class of any shape. */
static inline const struct tlb_payload *mmu_fast(struct mmu *m, uint64_t key, unsigned cls)
{
    return mmu_fast_as(m, key, cls, false);
}

/* What mmu_lookup found. */
enum {
    MMU_MISS = 0,
    MMU_HIT = 1,
    MMU_HIT_HUGE = 2 /* a huge entry: the frame is the OS's to find */
};

/* mmu_lookup() and mmu_walk(), the miss path: translate.h. */

/* The reference stream moved to address space @asid (a context switch). */
void mmu_switch(struct mmu *m, uint32_t asid);

/* The memory manager loaded page @key into @frame (@again: it was mapped before, since the
   run began) / evicted it from @frame. */
int mmu_map(struct mmu *m, uint64_t key, uint32_t frame, bool again);
void mmu_unmap(struct mmu *m, uint64_t key, uint32_t frame);

/* The OS invalidates page @key's translations (a cleared accessed bit, with flush). */
void mmu_invalidate(struct mmu *m, uint64_t key);

/*
 * Huge pages: before the fault that loads @key, whether the OS maps its
 * region huge now (policy "always" on the region's first fault, or at the
 * collapse threshold), and if so the region's first page key, its pages,
 * and whether some were resident already (*partial: a collapse of live
 * mappings, which flushes their translations).
 */
bool mmu_collapse_due(struct mmu *m, uint64_t key, uint64_t *first, uint32_t *npages,
                      bool *partial);
/* After the region's pages were loaded: map it huge if all are resident. */
void mmu_collapse(struct mmu *m, uint64_t key, bool flush);

/* Counters of the run as the results report them (@refs etc. from the memory manager). */
struct mmu_os_counts {
    uint64_t refs, compulsory, major, writebacks;
};
void mmu_result(const struct mmu *m, const struct mmu_os_counts *os, struct vmlab_translation *t);

/* Byte-address bound of the modelled virtual address space: 2^48 or 2^57. */
static inline uint64_t mmu_va_limit(const struct mmu *m)
{
    return m->va_limit;
}

#endif /* VMLAB_MMU_MMU_H */
