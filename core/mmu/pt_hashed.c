/*
 * pt_hashed.c - a hashed, inverted page table: one entry per physical frame
 * (so its size follows memory, not the address space), found through a hash
 * anchor table of chain heads.
 *
 *   key (page, asid) ─hash─► anchor[b] ─► entry[f1] ─► entry[f2] ─► ...
 *                            1 reference   +1 per entry read until the key matches
 *
 * A walk reads the anchor, then the chain's entries up to the page's own:
 * 1 + (its place in the chain) memory references. A page mapped into frame
 * f is pushed at the head of its bucket's chain; its eviction unlinks it.
 * Table bytes: 8 per anchor + 16 per frame (tag and chain link). With
 * "hash": "modulo" the bucket is the page number mod the anchor count, so
 * collisions can be worked out by hand.
 *
 * Parameters (mmu.page_table): buckets (default: the frame count rounded up
 * to a power of two), hash ("mix" or "modulo").
 * Source: the inverted page table of the IBM System/38 and RT PC, as in
 * Jacob and Mudge, "Virtual memory: issues of implementation", IEEE Computer
 * 31(6), 1998; Huck and Hays, "Architectural support for translation table
 * management in large address space machines", ISCA 1993.
 */
#include <config.h>

#include <stdlib.h>

#include "pt.h"

#define NONE UINT32_MAX

static uint64_t bucket_of(const struct pt_hashed *h, uint64_t key)
{
    if (h->modulo)
        return (key ^ (key >> 52)) & (h->buckets - 1);
    return h->bits ? (key * UINT64_C(0x9E3779B97F4A7C15)) >> (64 - h->bits) : 0;
}

int pt_hashed_init(struct pt_hashed *h, uint32_t nframes, uint64_t buckets, bool modulo)
{
    if (!buckets)
        buckets = nframes;
    uint64_t b = 1;
    unsigned bits = 0;
    while (b < buckets)
        b <<= 1, bits++;
    h->buckets = b;
    h->bits = bits;
    h->modulo = modulo;
    h->nframes = nframes;
    h->head = malloc(b * sizeof *h->head);
    h->next = malloc((size_t)nframes * sizeof *h->next);
    h->key = malloc((size_t)nframes * sizeof *h->key);
    if (!h->head || !h->next || !h->key) {
        pt_hashed_fini(h);
        return -1;
    }
    for (uint64_t i = 0; i < b; i++)
        h->head[i] = NONE;
    return 0;
}

void pt_hashed_fini(struct pt_hashed *h)
{
    free(h->head);
    free(h->next);
    free(h->key);
    h->head = h->next = NULL;
    h->key = NULL;
}

void pt_hashed_map(struct pt_hashed *h, uint64_t key, uint32_t frame)
{
    uint64_t b = bucket_of(h, key);
    h->key[frame] = key;
    h->next[frame] = h->head[b];
    h->head[b] = frame;
}

void pt_hashed_unmap(struct pt_hashed *h, uint64_t key, uint32_t frame)
{
    uint32_t *link = &h->head[bucket_of(h, key)];
    while (*link != NONE && *link != frame)
        link = &h->next[*link];
    if (*link == frame)
        *link = h->next[frame];
}

unsigned pt_hashed_probe(const struct pt_hashed *h, uint64_t key, uint32_t frame)
{
    unsigned n = 1;
    for (uint32_t f = h->head[bucket_of(h, key)]; f != NONE && f != frame; f = h->next[f])
        n++;
    return n;
}

uint64_t pt_hashed_bytes(const struct pt_hashed *h)
{
    return h->buckets * 8 + (uint64_t)h->nframes * 16;
}
