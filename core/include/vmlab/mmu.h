/*
 * vmlab/mmu.h - the translation model: what an MMU is made of, what it
 * costs, and what a run measures of it (docs/mmu.md describes all three).
 *
 * A byte-address run with an MMU description translates every reference
 * before the memory manager sees it:
 *
 *   ref ─► L1 TLBs (per op, per page size) ─miss─► L2 TLB ─► ... ─miss─► walker
 *   walker ─► walk caches (PSC / UTC / UPTC) ─► page table (radix 4/5 levels,
 *             hashed, cuckoo; nested: guest × host dimensions) ─► memory refs
 *   fault (page not resident) ─► memory manager ─► walk ─► fill the TLBs
 *
 * A description comes from a profile ("profile:zen4", a JSON file installed
 * in $(pkgdatadir)/mmu), a JSON file of the same format, or an object in the
 * experiment (key "mmu", docs/config.md). Everything here is plain data:
 * the model itself is private to the engine.
 */
#ifndef VMLAB_MMU_H
#define VMLAB_MMU_H

#include <stdbool.h>
#include <stdint.h>

#include <vmlab/error.h>
#include <vmlab/params.h>
#include <vmlab/tlb_policy.h>

#ifdef __cplusplus
extern "C" {
#endif

#define VMLAB_MMU_MAX_TLBS 16  /* TLB structures of one model */
#define VMLAB_MMU_MAX_PWCS 6   /* walk caches of one dimension */
#define VMLAB_MMU_MAX_LEVELS 5 /* page-table levels (x86-64 5-level paging) */
#define VMLAB_MMU_NAME_MAX 32

/* Page sizes, as a bit mask. */
enum {
    VMLAB_PAGE_4K = 1u << 0,
    VMLAB_PAGE_2M = 1u << 1,
    VMLAB_PAGE_1G = 1u << 2,
};

/* What a TLB serves, as a bit mask. */
enum {
    VMLAB_TLB_DATA = 1u << 0,  /* loads and stores */
    VMLAB_TLB_INSTR = 1u << 1, /* instruction fetches */
    VMLAB_TLB_UNIFIED = VMLAB_TLB_DATA | VMLAB_TLB_INSTR,
};

/* Between a TLB level and the next. */
enum vmlab_inclusion {
    VMLAB_NON_INCLUSIVE = 0, /* fills go to every level; evictions are independent */
    VMLAB_INCLUSIVE = 1,     /* an eviction from level n+1 invalidates level n too */
    VMLAB_EXCLUSIVE = 2,     /* level n+1 holds what level n evicted (a victim TLB) */
};

enum vmlab_pt_kind {
    VMLAB_PT_RADIX = 0,  /* x86-64 radix tree, 4 or 5 levels */
    VMLAB_PT_HASHED = 1, /* inverted page table: hash anchor table + one entry per frame */
    VMLAB_PT_CUCKOO = 2, /* elastic cuckoo page table (Skarlatos et al., ASPLOS 2020) */
};

/* Walk caches of one radix dimension (Barr, Cox and Rixner, ISCA 2010). */
enum vmlab_pwc_kind {
    VMLAB_PWC_NONE = 0,
    VMLAB_PWC_PSC = 1,  /* split paging-structure caches, one per level, tagged by VA prefix */
    VMLAB_PWC_UTC = 2,  /* one unified translation cache, tagged by (level, VA prefix): skip */
    VMLAB_PWC_UPTC = 3, /* one unified page-table-entry cache: each level looked up in turn */
};

/* Huge-page promotion of anonymous memory (an OS policy; key "huge_pages"). */
enum vmlab_huge_policy {
    VMLAB_HUGE_NEVER = 0,
    VMLAB_HUGE_ALWAYS = 1,     /* the first fault in a region maps all of it huge */
    VMLAB_HUGE_KHUGEPAGED = 2, /* collapse a region once `threshold` of its pages are resident */
};

struct vmlab_huge_pages {
    int policy;         /* enum vmlab_huge_policy */
    uint64_t size;      /* bytes of a huge page: 2 MiB or 1 GiB */
    uint32_t threshold; /* khugepaged: resident base pages that trigger a collapse */
};

/* A set-associative structure: a TLB, a walk cache, a nested TLB. */
struct vmlab_cache_desc {
    char name[VMLAB_MMU_NAME_MAX];
    uint32_t entries;                      /* >= 1 */
    uint32_t ways;                         /* 1..entries, dividing entries; entries: fully assoc. */
    uint32_t latency;                      /* cycles of a lookup that hits */
    const struct vmlab_tlb_policy *policy; /* replacement (default LRU) */
    struct vmlab_params params;            /* its parameters, finished (owned) */
};

struct vmlab_tlb_desc {
    struct vmlab_cache_desc c;
    unsigned level;  /* 1 = looked up first */
    unsigned serves; /* VMLAB_TLB_DATA / INSTR / UNIFIED */
    unsigned sizes;  /* VMLAB_PAGE_* it holds */
};

struct vmlab_walk_caches {
    int kind;   /* enum vmlab_pwc_kind */
    unsigned n; /* caches (PSC: one per level) */
    struct vmlab_cache_desc cache[VMLAB_MMU_MAX_PWCS];
    unsigned level[VMLAB_MMU_MAX_PWCS]; /* PSC: page-table level it caches
                                           (2 = PDE, 3 = PDPTE, 4 = PML4E, 5 = PML5E) */
};

/* Cycles charged per event (docs/mmu.md gives the defaults and their sources). */
struct vmlab_mmu_cost {
    uint64_t walk_mem[VMLAB_MMU_MAX_LEVELS]; /* a walk memory step, by level, root first */
    uint64_t minor_fault;                    /* a compulsory (zero-fill) fault */
    uint64_t major_fault;                    /* a swap-in */
    uint64_t writeback;                      /* writing a dirty evicted page to swap */
    uint64_t shootdown;      /* one TLB invalidation (INVLPG, or a flush of a cleared A bit) */
    uint64_t context_switch; /* the address-space switch itself (not its refills) */
};

struct vmlab_mmu_desc {
    char name[64]; /* the profile's name, or the file's base name, or "inline" */
    char *source;  /* where its numbers come from (owned; may be NULL) */
    unsigned ntlb;
    struct vmlab_tlb_desc tlb[VMLAB_MMU_MAX_TLBS];
    int inclusion; /* enum vmlab_inclusion */
    struct {
        int kind;         /* enum vmlab_pt_kind */
        unsigned levels;  /* radix: 4 or 5 */
        uint64_t buckets; /* hashed: hash anchor table entries (0: frames rounded up) */
        bool modulo_hash; /* hashed, cuckoo: index = page mod size (hand-worked cases) */
        unsigned ways;    /* cuckoo: d hash tables probed in parallel */
        uint64_t slots;   /* cuckoo: initial slots per way */
        double resize_at; /* cuckoo: occupancy that starts a doubling */
        unsigned cluster; /* cuckoo: PTEs of consecutive pages per entry (a 64 B line) */
        bool has_cwc;     /* cuckoo: a cuckoo walk cache */
        struct vmlab_cache_desc cwc;
    } pt;
    struct vmlab_walk_caches pwc; /* of the (guest) page table */
    struct {
        bool on;                      /* two-dimensional walks */
        unsigned levels;              /* host radix levels */
        uint64_t page_size;           /* host page size: 4K, 2M or 1G */
        struct vmlab_walk_caches pwc; /* host-dimension walk caches */
        bool has_ntlb;
        struct vmlab_cache_desc ntlb; /* nested TLB: guest-physical -> host-physical */
    } nested;
    struct vmlab_mmu_cost cost;
};

/*
 * Load a description from @spec: "profile:NAME" (searched in the folders of
 * VMLAB_MMU_PATH, colon-separated, then $(pkgdatadir)/mmu), a path to a JSON
 * file (relative to @base_dir), or JSON text "{...}"; profiles not in those
 * folders are looked for in the source tree last. @where names it in
 * errors. Return: 0 with *out set (free with vmlab_mmu_desc_free), or < 0.
 */
int vmlab_mmu_desc_load(struct vmlab_mmu_desc **out, const char *spec, const char *base_dir,
                        const char *where, struct vmlab_error *err);
void vmlab_mmu_desc_free(struct vmlab_mmu_desc *d);

/* ---- what a run measures ---- */

struct vmlab_tlb_metrics {
    char name[VMLAB_MMU_NAME_MAX];
    unsigned level;
    uint64_t lookups;       /* references that looked it up */
    uint64_t hits;          /* lookups that found the translation */
    uint64_t evictions;     /* valid entries replaced by a fill */
    uint64_t invalidations; /* entries removed by shoot-downs and flushes */
};

struct vmlab_pwc_metrics {
    char name[VMLAB_MMU_NAME_MAX];
    uint64_t lookups, hits;
};

#define VMLAB_MMU_MAX_PWC_METRICS (2 * VMLAB_MMU_MAX_PWCS + 2)

struct vmlab_translation {
    char model[64]; /* the description's name */
    uint64_t refs;  /* references translated */
    unsigned ntlb;
    struct vmlab_tlb_metrics tlb[VMLAB_MMU_MAX_TLBS];
    uint64_t walks;       /* page walks (one per reference that missed every TLB) */
    unsigned walk_levels; /* entries of walk_refs */
    uint64_t walk_refs[VMLAB_MMU_MAX_LEVELS];      /* walk memory refs by level, root first */
    unsigned host_levels;                          /* nested: entries of host_walk_refs */
    uint64_t host_walk_refs[VMLAB_MMU_MAX_LEVELS]; /* nested: host-dimension refs by level */
    unsigned npwc;
    struct vmlab_pwc_metrics pwc[VMLAB_MMU_MAX_PWC_METRICS];
    uint64_t walk_cycles;      /* cycles of walks: walk-cache hits and memory steps */
    uint64_t pt_bytes;         /* page-table memory at the end (bytes) */
    uint64_t host_pt_bytes;    /* nested: the host page table's bytes */
    uint64_t shootdowns;       /* TLB invalidations issued by the OS */
    uint64_t context_switches; /* changes of address space */
    uint64_t flushes;          /* whole-TLB flushes (switches without PCID, PCID reuse) */
    uint64_t dirty_sets;       /* writes that set a clear dirty bit through a TLB hit */
    uint64_t promotions;       /* regions mapped huge */
    uint64_t demotions;        /* huge mappings split (a page of them evicted) */
    uint64_t prefaulted;       /* pages loaded by a promotion, without a reference */
    struct {
        uint64_t tlb_hit;  /* TLB lookups: each level's latency, for every lookup of it */
        uint64_t pwc_hit;  /* walk-cache hits, at their latency */
        uint64_t walk_mem; /* walk memory steps */
        uint64_t minor_fault, major_fault, writeback, shootdown, context_switch;
        uint64_t total;
    } cycles;
};

#ifdef __cplusplus
}
#endif

#endif /* VMLAB_MMU_H */
