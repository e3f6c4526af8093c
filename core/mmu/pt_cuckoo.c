/*
 * pt_cuckoo.c - the elastic cuckoo page table (ECPT): d hash tables ("ways")
 * of page-table entries, each entry a 64-byte line holding the PTEs of a
 * cluster of 8 consecutive pages. A page's cluster lives in exactly one of
 * its d candidate slots, one per way, so a walk probes the d ways in
 * parallel: d memory references, but one memory latency.
 *
 *   cluster c ─h0─► way 0 [ . . c . ]
 *             ─h1─► way 1 [ . x . . ]     a walk reads all d candidates at once
 *             ─h2─► way 2 [ y . . . ]
 *
 * Insertion places a new cluster in a free candidate slot, or displaces the
 * occupant of a random way's candidate slot, which moves to one of its own
 * candidates, and so on (cuckoo hashing, at most 32 displacements). When the
 * occupancy would pass `resize_at`, every way doubles and the entries are
 * rehashed. The paper migrates entries gradually so that no insertion pays
 * the whole rehash; the model rehashes at once, which changes neither a
 * walk's references (d probes, before or during a migration) nor the table's
 * final size. A cuckoo walk cache (mmu.c) remembers, per 2 MiB region, the
 * way that holds it: a hit makes the walk a single reference.
 *
 * Parameters (mmu.page_table): ways (d, default 3), slots (initial slots per
 * way, default 1024), resize_at (default 0.6), cluster (PTEs per entry,
 * default 8), cwc (the walk cache: entries, ways, latency).
 * Source: Skarlatos, Kokolis, Xu and Torrellas, "Elastic cuckoo page tables:
 * rethinking virtual memory translation for parallelism", ASPLOS 2020.
 */
#include <config.h>

#include <stdlib.h>

#include "pt.h"

#define MAX_KICKS 32

static uint64_t hash_of(const struct pt_cuckoo *c, unsigned way, uint64_t cluster)
{
    uint64_t x = cluster * UINT64_C(0x9E3779B97F4A7C15) + (way + 1) * UINT64_C(0xD1B54A32D192ED03);
    x ^= x >> 29;
    x *= UINT64_C(0xBF58476D1CE4E5B9);
    x ^= x >> 32;
    return x >> (64 - c->bits);
}

static int alloc_ways(struct pt_cuckoo *c, unsigned bits)
{
    size_t n = (size_t)1 << bits;
    for (unsigned i = 0; i < c->d; i++) {
        c->slot[i] = malloc(n * sizeof *c->slot[i]);
        c->count[i] = calloc(n, sizeof *c->count[i]);
        if (!c->slot[i] || !c->count[i])
            return -1;
        for (size_t j = 0; j < n; j++)
            c->slot[i][j] = PAGEMAP_EMPTY;
    }
    c->bits = bits;
    return 0;
}

static void free_ways(uint64_t **slot, uint32_t **count, unsigned d)
{
    for (unsigned i = 0; i < d; i++) {
        free(slot[i]);
        free(count[i]);
        slot[i] = NULL;
        count[i] = NULL;
    }
}

int pt_cuckoo_init(struct pt_cuckoo *c, unsigned ways, uint64_t slots, double resize_at,
                   unsigned cluster, uint64_t seed)
{
    c->d = ways;
    c->resize_at = resize_at;
    c->cluster_shift = 0;
    while ((1u << c->cluster_shift) < cluster)
        c->cluster_shift++;
    c->entries = c->kicks = c->resizes = 0;
    vmlab_rng_seed(&c->rng, seed, 0xc0c0);
    unsigned bits = 1;
    while (((uint64_t)1 << bits) < slots)
        bits++;
    for (unsigned i = 0; i < PT_CUCKOO_MAX_WAYS; i++) {
        c->slot[i] = NULL;
        c->count[i] = NULL;
    }
    if (alloc_ways(c, bits)) {
        pt_cuckoo_fini(c);
        return -1;
    }
    return 0;
}

void pt_cuckoo_fini(struct pt_cuckoo *c)
{
    free_ways(c->slot, c->count, c->d);
}

/* The way holding @cluster (its slot in *idx), or -1. */
static int find(const struct pt_cuckoo *c, uint64_t cluster, uint64_t *idx)
{
    for (unsigned i = 0; i < c->d; i++) {
        uint64_t h = hash_of(c, i, cluster);
        if (c->slot[i][h] == cluster) {
            *idx = h;
            return (int)i;
        }
    }
    return -1;
}

static int grow(struct pt_cuckoo *c);

/* Place @cluster with @count PTEs, displacing as needed. Return: 0 or -1 (memory). */
static int place(struct pt_cuckoo *c, uint64_t cluster, uint32_t count)
{
    for (int kick = 0; kick <= MAX_KICKS; kick++) {
        for (unsigned i = 0; i < c->d; i++) {
            uint64_t h = hash_of(c, i, cluster);
            if (c->slot[i][h] == PAGEMAP_EMPTY) {
                c->slot[i][h] = cluster;
                c->count[i][h] = count;
                c->entries++;
                return 0;
            }
        }
        unsigned i = (unsigned)vmlab_rng_below(&c->rng, c->d);
        uint64_t h = hash_of(c, i, cluster);
        uint64_t t = c->slot[i][h];
        uint32_t n = c->count[i][h];
        c->slot[i][h] = cluster;
        c->count[i][h] = count;
        cluster = t;
        count = n;
        c->kicks++;
    }
    /* a cycle of displacements: double, then place the homeless one */
    if (grow(c))
        return -1;
    return place(c, cluster, count);
}

static int grow(struct pt_cuckoo *c)
{
    uint64_t *old_slot[PT_CUCKOO_MAX_WAYS];
    uint32_t *old_count[PT_CUCKOO_MAX_WAYS];
    size_t old_n = (size_t)1 << c->bits;
    for (unsigned i = 0; i < c->d; i++) {
        old_slot[i] = c->slot[i];
        old_count[i] = c->count[i];
        c->slot[i] = NULL;
        c->count[i] = NULL;
    }
    int rc = alloc_ways(c, c->bits + 1);
    c->entries = 0;
    c->resizes++;
    for (unsigned i = 0; !rc && i < c->d; i++)
        for (size_t j = 0; !rc && j < old_n; j++)
            if (old_slot[i][j] != PAGEMAP_EMPTY)
                rc = place(c, old_slot[i][j], old_count[i][j]);
    free_ways(old_slot, old_count, c->d);
    return rc;
}

int pt_cuckoo_map(struct pt_cuckoo *c, uint64_t key)
{
    uint64_t cluster = pt_cuckoo_cluster(c, key), idx;
    int way = find(c, cluster, &idx);
    if (way >= 0) {
        c->count[way][idx]++;
        return 0;
    }
    double cap = (double)c->d * (double)((uint64_t)1 << c->bits);
    if ((double)(c->entries + 1) > c->resize_at * cap && grow(c))
        return -1;
    return place(c, cluster, 1);
}

void pt_cuckoo_unmap(struct pt_cuckoo *c, uint64_t key)
{
    uint64_t cluster = pt_cuckoo_cluster(c, key), idx;
    int way = find(c, cluster, &idx);
    if (way < 0)
        return;
    if (--c->count[way][idx] == 0) {
        c->slot[way][idx] = PAGEMAP_EMPTY;
        c->entries--;
    }
}

uint64_t pt_cuckoo_bytes(const struct pt_cuckoo *c)
{
    return (uint64_t)c->d * ((uint64_t)1 << c->bits) * PT_CUCKOO_ENTRY_BYTES;
}
