/*
 * pt_radix.c - the x86-64 radix page table: a tree of 4 KiB table pages of
 * 512 eight-byte entries, 4 levels (48-bit virtual addresses) or 5 (57-bit).
 *
 *   VA:  | PML5 (9) | PML4 (9) | PDPT (9) | PD (9) | PT (9) | offset (12) |
 *   level    5          4          3         2        1
 *
 *   root ─► PML4 page ─► PDPT page ─► PD page ─► PT page ─► 4 KiB frame
 *                                    └─ a 2 MiB leaf in the PD ─┘ (1 GiB: in the PDPT)
 *
 * A table page at level l is named by the address bits above its own index:
 * (asid, l, vpn >> 9l). The tree is built from the modelled process's
 * mappings: the first mapping under a prefix allocates the page that holds
 * its entry, and table pages are never freed (a swapped-out page keeps its
 * PTE as a swap entry). Page-table bytes are table pages × 4 KiB. Walk
 * lengths come from the walk caches (pwc.c), not from here: a mapped page's
 * path always exists. Pages are numbered in allocation order, which gives
 * each table page a guest-physical address for nested walks (nested.c).
 *
 * Source: Intel 64 and IA-32 Architectures Software Developer's Manual,
 * vol. 3A, ch. 4 "Paging" (4-level and 5-level paging).
 */
#include <config.h>

#include <assert.h>

#include "pt.h"

static inline uint64_t node_key(uint32_t asid, uint64_t vpn, unsigned level)
{
    return (vpn >> (PT_RADIX_BITS * level)) | ((uint64_t)level << 48) | ((uint64_t)asid << 52);
}

int pt_radix_init(struct pt_radix *r, unsigned levels)
{
    r->levels = levels;
    return pagemap_init(&r->nodes, 0);
}

void pt_radix_fini(struct pt_radix *r)
{
    pagemap_free(&r->nodes);
}

int pt_radix_map(struct pt_radix *r, uint32_t asid, uint64_t vpn, unsigned leaf)
{
    for (unsigned l = leaf; l <= r->levels; l++) {
        bool fresh;
        if (!pagemap_intern(&r->nodes, node_key(asid, vpn, l), &fresh))
            return -1;
        if (!fresh)
            break; /* the pages above exist too */
    }
    return 0;
}

uint32_t pt_radix_node(const struct pt_radix *r, uint32_t asid, uint64_t vpn, unsigned level)
{
    const struct pagemap_slot *s = pagemap_find(&r->nodes, node_key(asid, vpn, level));
    assert(s);
    return s ? s->id : 0;
}

uint64_t pt_radix_bytes(const struct pt_radix *r)
{
    return (uint64_t)r->nodes.count * PT_NODE_BYTES;
}
