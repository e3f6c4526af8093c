/*
 * heap.h - an indexed max-heap of node ids keyed by uint64_t, shared by
 * policies that evict the node with the largest (or, keyed by complement,
 * smallest) key: OPT's farthest next use, LFU's fewest uses, LRU-K's oldest
 * K-th reference. Every operation is O(log n); a node's key can change in
 * place.
 *
 *   heap[0] = node with the largest key;  pos[node] = its index, or HEAP_NONE
 *
 * The heap is 4-ary (the children of i are 4i+1 .. 4i+4) and keeps each
 * key twice: per node in key[], and in heap order in hkey[]. A sift then
 * reads a level's four children keys from one cache line instead of four
 * scattered ones, and is half as deep as a binary heap: what makes the
 * per-reference updates of LFU cheap at 64K frames and more.
 */
#ifndef VMLAB_POLICIES_HEAP_H
#define VMLAB_POLICIES_HEAP_H

#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>

#define HEAP_NONE UINT32_MAX
#define HEAP_ARITY 4

struct heap {
    uint32_t *heap;  /* node ids, heap-ordered by key */
    uint64_t *hkey;  /* hkey[i] = key[heap[i]]: the keys in heap order */
    uint32_t *pos;   /* per node: index in heap, HEAP_NONE when absent */
    uint64_t *key;   /* per node */
    uint32_t len;
};

static inline int heap_init(struct heap *h, uint32_t nnodes)
{
    size_t n = nnodes ? nnodes : 1;
    h->heap = malloc(n * sizeof *h->heap);
    h->hkey = malloc(n * sizeof *h->hkey);
    h->pos = malloc(n * sizeof *h->pos);
    h->key = calloc(n, sizeof *h->key);
    h->len = 0;
    if (!h->heap || !h->hkey || !h->pos || !h->key) {
        free(h->heap);
        free(h->hkey);
        free(h->pos);
        free(h->key);
        *h = (struct heap){0}; /* heap_free on it (a fini after a failed init): harmless */
        return -1;
    }
    for (size_t i = 0; i < n; i++)
        h->pos[i] = HEAP_NONE;
    return 0;
}

static inline void heap_free(struct heap *h)
{
    free(h->heap);
    free(h->hkey);
    free(h->pos);
    free(h->key);
}

static inline bool heap_contains(const struct heap *h, uint32_t x)
{
    return h->pos[x] != HEAP_NONE;
}

static inline void heap_place(struct heap *h, uint32_t i, uint32_t x, uint64_t k)
{
    h->heap[i] = x;
    h->hkey[i] = k;
    h->pos[x] = i;
}

static inline void heap_sift_up(struct heap *h, uint32_t i)
{
    uint32_t x = h->heap[i];
    uint64_t k = h->hkey[i];
    while (i > 0) {
        uint32_t p = (i - 1) / HEAP_ARITY;
        if (h->hkey[p] >= k)
            break;
        heap_place(h, i, h->heap[p], h->hkey[p]);
        i = p;
    }
    heap_place(h, i, x, k);
}

static inline void heap_sift_down(struct heap *h, uint32_t i)
{
    uint32_t x = h->heap[i];
    uint64_t k = h->hkey[i];
    for (;;) {
        uint32_t c = HEAP_ARITY * i + 1;
        if (c >= h->len)
            break;
        uint32_t end = c + HEAP_ARITY < h->len ? c + HEAP_ARITY : h->len, best = c;
        for (uint32_t j = c + 1; j < end; j++)
            if (h->hkey[j] > h->hkey[best])
                best = j;
        if (h->hkey[best] <= k)
            break;
        heap_place(h, i, h->heap[best], h->hkey[best]);
        i = best;
    }
    heap_place(h, i, x, k);
}

static inline void heap_push(struct heap *h, uint32_t x, uint64_t key)
{
    h->key[x] = key;
    heap_place(h, h->len++, x, key);
    heap_sift_up(h, h->len - 1);
}

/* Change @x's key (x in the heap). */
static inline void heap_update(struct heap *h, uint32_t x, uint64_t key)
{
    uint64_t old = h->key[x];
    uint32_t i = h->pos[x];
    h->key[x] = key;
    h->hkey[i] = key;
    if (key > old)
        heap_sift_up(h, i);
    else if (key < old)
        heap_sift_down(h, i);
}

static inline void heap_remove(struct heap *h, uint32_t x)
{
    uint32_t i = h->pos[x];
    h->pos[x] = HEAP_NONE;
    uint32_t last = h->heap[--h->len];
    if (i == h->len)
        return;
    heap_place(h, i, last, h->hkey[h->len]);
    heap_sift_up(h, i);
    heap_sift_down(h, h->pos[last]);
}

/*
 * Put @x with @key in @old's place (old in the heap, x not, or x == old):
 * one sift where a remove and a push would make two. What a policy does
 * when a victim's frame takes the faulting page (OPT: the top replaced).
 */
static inline void heap_replace(struct heap *h, uint32_t old, uint32_t x, uint64_t key)
{
    uint32_t i = h->pos[old];
    h->pos[old] = HEAP_NONE;
    h->key[x] = key;
    heap_place(h, i, x, key);
    heap_sift_up(h, i);
    heap_sift_down(h, h->pos[x]);
}

/* The node with the largest key, or HEAP_NONE when empty. */
static inline uint32_t heap_top(const struct heap *h)
{
    return h->len ? h->heap[0] : HEAP_NONE;
}

/*
 * Restore the heap order after many keys were written directly into h->key
 * (an aging step that changes every key): O(n), cheaper than n updates.
 */
static inline void heap_rebuild(struct heap *h)
{
    for (uint32_t i = 0; i < h->len; i++)
        h->hkey[i] = h->key[h->heap[i]];
    for (uint32_t i = h->len / HEAP_ARITY + 1; i-- > 0;)
        if (i < h->len)
            heap_sift_down(h, i);
}

#endif /* VMLAB_POLICIES_HEAP_H */
