/*
 * tracestat.c - trace statistics, and LRU stack distances in O(log D) per
 * reference (Bennett and Kruskal's method, "LRU stack processing", IBM J.
 * R&D 19(4), 1975, with a Fenwick tree):
 *
 *   time stamps  0  1  2  3  4  5  ...
 *   marks        .  1  .  1  1  .      a mark at the stamp of every page's last reference
 *                   a     c  b
 *
 * A reference to page p last referenced at stamp s has stack distance =
 * the marks at stamps >= s (the distinct pages referenced since, p
 * included): a prefix sum over the tree. Then p's mark moves from s to
 * now. Stamps only grow, so when they reach the tree's capacity the live
 * marks (one per page) are renumbered 0..D-1 in order and the tree rebuilt
 * in linear time; the capacity stays at least twice D, so renumbering costs
 * O(1) amortised per reference and memory stays proportional to D.
 *
 * Distances go into a histogram indexed by distance (at most D + 1
 * entries), from which the exact percentiles are read.
 */
#include <config.h>

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "core/pagemap.h"
#include "core/tracestat.h"

#define NONE UINT32_MAX

struct lru_stack {
    struct pagemap pm; /* page key -> dense id */
    uint32_t *last;    /* per id: stamp of its last reference */
    size_t lastcap;
    uint32_t *tree; /* Fenwick tree over stamps 1..cap (stamp s at index s + 1) */
    uint32_t *who;  /* per stamp: the id marked there, or NONE */
    uint64_t cap;   /* stamps the tree holds */
    uint64_t now;   /* next stamp */
    uint64_t marks; /* = distinct pages */
    uint64_t *hist; /* reuses per distance */
    size_t histcap;
};

static void tree_add(uint32_t *t, uint64_t cap, uint64_t s, int32_t v)
{
    for (uint64_t i = s + 1; i <= cap; i += i & (0 - i))
        t[i - 1] += (uint32_t)v;
}

/* Marks at stamps < @s. */
static uint64_t tree_prefix(const uint32_t *t, uint64_t s)
{
    uint64_t sum = 0;
    for (uint64_t i = s; i > 0; i -= i & (0 - i))
        sum += t[i - 1];
    return sum;
}

/* Renumber the live marks 0..marks-1 and rebuild the tree with room for 2 x marks more. */
static int compact(struct lru_stack *l)
{
    uint64_t ncap = l->cap;
    while (ncap < 4 * l->marks + 1024)
        ncap *= 2;
    if (ncap > UINT32_MAX)
        return -1;
    uint32_t *nwho = malloc(ncap * sizeof *nwho), *ntree = calloc(ncap, sizeof *ntree);
    if (!nwho || !ntree) {
        free(nwho);
        free(ntree);
        return -1;
    }
    uint64_t k = 0;
    for (uint64_t s = 0; s < l->now; s++) {
        uint32_t id = l->who[s];
        if (id == NONE)
            continue;
        nwho[k] = id;
        l->last[id] = (uint32_t)k;
        ntree[k] = 1; /* leaves, then the linear-time Fenwick build below */
        k++;
    }
    for (uint64_t s = k; s < ncap; s++)
        nwho[s] = NONE;
    for (uint64_t i = 1; i <= ncap; i++) {
        uint64_t parent = i + (i & (0 - i));
        if (parent <= ncap)
            ntree[parent - 1] += ntree[i - 1];
    }
    free(l->who);
    free(l->tree);
    l->who = nwho;
    l->tree = ntree;
    l->cap = ncap;
    l->now = k;
    return 0;
}

/* The stack distance of a reference to @key (0: a first touch). Return: < 0 out of memory. */
static int64_t lru_touch(struct lru_stack *l, uint64_t key)
{
    bool fresh;
    struct pagemap_slot *slot = pagemap_intern(&l->pm, key, &fresh);
    if (!slot)
        return -1;
    uint32_t id = slot->id;
    if (l->now == l->cap && compact(l))
        return -1;
    int64_t d = 0;
    if (fresh) {
        if (id >= l->lastcap) {
            size_t nc = l->lastcap ? 2 * l->lastcap : 1024;
            uint32_t *nl = realloc(l->last, nc * sizeof *nl);
            if (!nl)
                return -1;
            l->last = nl;
            l->lastcap = nc;
        }
        l->marks++;
    } else {
        uint64_t s = l->last[id];
        d = (int64_t)(l->marks - tree_prefix(l->tree, s));
        tree_add(l->tree, l->cap, s, -1);
        l->who[s] = NONE;
    }
    tree_add(l->tree, l->cap, l->now, 1);
    l->who[l->now] = id;
    l->last[id] = (uint32_t)l->now;
    l->now++;
    return d;
}

static int hist_add(struct lru_stack *l, uint64_t d)
{
    if (d >= l->histcap) {
        size_t nc = l->histcap ? l->histcap : 1024;
        while (nc <= d)
            nc *= 2;
        uint64_t *nh = realloc(l->hist, nc * sizeof *nh);
        if (!nh)
            return -1;
        memset(nh + l->histcap, 0, (nc - l->histcap) * sizeof *nh);
        l->hist = nh;
        l->histcap = nc;
    }
    l->hist[d]++;
    return 0;
}

/* Nearest-rank percentile @p (0 < p <= 100) of the histogram's @n values. */
static uint64_t percentile(const struct lru_stack *l, uint64_t n, unsigned p)
{
    uint64_t rank = (n * p + 99) / 100, seen = 0;
    for (size_t d = 0; d < l->histcap; d++) {
        seen += l->hist[d];
        if (seen >= rank && l->hist[d])
            return d;
    }
    return 0;
}

int vmlab_trace_stats(struct vmlab_stream *s, uint64_t page_size, struct vmlab_trace_stats *st,
                      struct vmlab_error *err)
{
    memset(st, 0, sizeof *st);
    unsigned shift = 0;
    if (s->unit == VMLAB_UNIT_BYTE)
        while ((UINT64_C(1) << shift) < page_size)
            shift++;
    struct lru_stack l = {.cap = 1024};
    struct vmlab_ref *buf = malloc(VMLAB_BLOCK_REFS * sizeof *buf);
    l.who = malloc(l.cap * sizeof *l.who);
    l.tree = calloc(l.cap, sizeof *l.tree);
    uint64_t asid_seen[(VMLAB_ASID_MAX + 1) / 64] = {0};
    int rc = 0;
    if (!buf || !l.who || !l.tree || pagemap_init(&l.pm, 0))
        rc = vmlab_error_set(err, VMLAB_ESYSTEM, "out of memory");
    for (uint64_t i = 0; !rc && i < l.cap; i++)
        l.who[i] = NONE;
    st->page_min = UINT64_MAX;
    st->asid_min = UINT32_MAX;
    double sum = 0;
    while (!rc) {
        long k = vmlab_stream_read(s, buf, VMLAB_BLOCK_REFS, err);
        if (k <= 0) {
            rc = (int)k;
            break;
        }
        for (long i = 0; i < k && !rc; i++) {
            const struct vmlab_ref *r = &buf[i];
            uint64_t page = r->addr >> shift;
            st->reads += r->op == VMLAB_OP_READ;
            st->writes += r->op == VMLAB_OP_WRITE;
            st->ifetches += r->op == VMLAB_OP_IFETCH;
            st->page_min = page < st->page_min ? page : st->page_min;
            st->page_max = page > st->page_max ? page : st->page_max;
            uint32_t a = r->asid & VMLAB_ASID_MAX;
            asid_seen[a / 64] |= UINT64_C(1) << (a % 64);
            int64_t d = lru_touch(&l, vmlab_page_key(page, a));
            if (d < 0 || (d > 0 && hist_add(&l, (uint64_t)d))) {
                rc = vmlab_error_set(err, VMLAB_ESYSTEM, "out of memory (%llu distinct pages)",
                                     (unsigned long long)l.marks);
                break;
            }
            if (d > 0) {
                sum += (double)d;
                unsigned b = 63 - (unsigned)__builtin_clzll((uint64_t)d);
                st->rd_log2[b < TRACESTAT_LOG2_BUCKETS ? b : TRACESTAT_LOG2_BUCKETS - 1]++;
            }
        }
        st->refs += (uint64_t)k;
    }
    if (!rc) {
        st->pages = l.marks;
        st->reuses = st->refs - st->pages;
        st->footprint = st->pages * page_size;
        for (uint32_t a = 0; a <= VMLAB_ASID_MAX; a++) {
            if (asid_seen[a / 64] >> (a % 64) & 1) {
                st->asids++;
                st->asid_min = a < st->asid_min ? a : st->asid_min;
                st->asid_max = a;
            }
        }
        if (!st->refs)
            st->page_min = 0, st->asid_min = 0;
        if (st->reuses) {
            st->rd_mean = sum / (double)st->reuses;
            st->rd_p50 = percentile(&l, st->reuses, 50);
            st->rd_p90 = percentile(&l, st->reuses, 90);
            st->rd_p99 = percentile(&l, st->reuses, 99);
            for (size_t d = 0; d < l.histcap; d++) {
                if (l.hist[d]) {
                    st->rd_min = st->rd_min ? st->rd_min : d;
                    st->rd_max = d;
                }
            }
        }
    }
    if (l.pm.slots)
        pagemap_free(&l.pm);
    free(l.last);
    free(l.tree);
    free(l.who);
    free(l.hist);
    free(buf);
    return rc;
}
