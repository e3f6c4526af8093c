/*
 * pt.h - the page-table organisations behind the walker (module-internal):
 * x86-64 radix trees, a hashed (inverted) page table, an elastic cuckoo page
 * table. Each keeps what the model needs of the OS's page table: which pages
 * are mapped, how the table is laid out (what a walk reads), its bytes.
 * Mappings follow the memory manager: a page is mapped when it is loaded
 * into a frame and unmapped when evicted (the radix tree keeps its table
 * pages, as Linux does; the inverted and cuckoo tables drop the entry).
 *
 * Page numbers here are in 4 KiB units; keys are vmlab_page_key(page, asid)
 * of the memory manager's page size.
 */
#ifndef VMLAB_MMU_PT_H
#define VMLAB_MMU_PT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <vmlab/rng.h>

#include "core/pagemap.h"

/* ---- radix (pt_radix.c) ---- */

#define PT_RADIX_BITS 9    /* index bits per level: 512 entries of 8 bytes */
#define PT_NODE_BYTES 4096 /* one table page */

struct pt_radix {
    struct pagemap nodes; /* table pages: key (asid, level, prefix) -> dense id */
    unsigned levels;      /* 4 or 5 */
};

int pt_radix_init(struct pt_radix *r, unsigned levels);
void pt_radix_fini(struct pt_radix *r);
/* The table pages on the path to @vpn down to level @leaf exist. Return: 0, or -1 (memory). */
int pt_radix_map(struct pt_radix *r, uint32_t asid, uint64_t vpn, unsigned leaf);
/* Dense id (allocation order) of the table page at @level on @vpn's path, which must exist. */
uint32_t pt_radix_node(const struct pt_radix *r, uint32_t asid, uint64_t vpn, unsigned level);
uint64_t pt_radix_bytes(const struct pt_radix *r);

/* ---- hashed, inverted (pt_hashed.c) ---- */

struct pt_hashed {
    uint64_t buckets; /* hash anchor table entries, a power of two */
    unsigned bits;    /* log2(buckets) */
    bool modulo;      /* bucket = page mod buckets (else a multiplicative hash) */
    uint32_t nframes;
    uint32_t *head; /* [bucket]: first frame of its chain, or UINT32_MAX */
    uint32_t *next; /* [frame]: next frame of the chain, or UINT32_MAX */
    uint64_t *key;  /* [frame]: key of the page the frame's entry maps */
};

int pt_hashed_init(struct pt_hashed *h, uint32_t nframes, uint64_t buckets, bool modulo);
void pt_hashed_fini(struct pt_hashed *h);
void pt_hashed_map(struct pt_hashed *h, uint64_t key, uint32_t frame);
void pt_hashed_unmap(struct pt_hashed *h, uint64_t key, uint32_t frame);
/* Entries read before @frame's entry is found in its chain, itself included (>= 1). */
unsigned pt_hashed_probe(const struct pt_hashed *h, uint64_t key, uint32_t frame);
uint64_t pt_hashed_bytes(const struct pt_hashed *h);

/* ---- elastic cuckoo (pt_cuckoo.c) ---- */

#define PT_CUCKOO_MAX_WAYS 8
#define PT_CUCKOO_ENTRY_BYTES 64 /* a tag and a cluster of PTEs: one cache line */

struct pt_cuckoo {
    unsigned d;                          /* ways (hash tables) */
    unsigned bits;                       /* log2(slots per way) */
    unsigned cluster_shift;              /* log2(PTEs per entry) */
    double resize_at;                    /* occupancy that doubles the ways */
    uint64_t *slot[PT_CUCKOO_MAX_WAYS];  /* [slot]: cluster key, or PAGEMAP_EMPTY */
    uint32_t *count[PT_CUCKOO_MAX_WAYS]; /* [slot]: PTEs present in the cluster */
    uint64_t entries;                    /* clusters held */
    uint64_t kicks;                      /* displacements made by insertions */
    uint64_t resizes;                    /* doublings */
    struct vmlab_rng rng;                /* which way an insertion displaces */
};

int pt_cuckoo_init(struct pt_cuckoo *c, unsigned ways, uint64_t slots, double resize_at,
                   unsigned cluster, uint64_t seed);
void pt_cuckoo_fini(struct pt_cuckoo *c);
/* Return: 0, or -1 when out of memory. */
int pt_cuckoo_map(struct pt_cuckoo *c, uint64_t key);
void pt_cuckoo_unmap(struct pt_cuckoo *c, uint64_t key);
uint64_t pt_cuckoo_bytes(const struct pt_cuckoo *c);
/* The cluster key of a page key (what the cuckoo walk cache's region tags derive from). */
static inline uint64_t pt_cuckoo_cluster(const struct pt_cuckoo *c, uint64_t key)
{
    uint64_t asid = key >> 52, page = key & ((UINT64_C(1) << 52) - 1);
    return (page >> c->cluster_shift) | (asid << 52);
}

#endif /* VMLAB_MMU_PT_H */
