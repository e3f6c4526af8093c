/*
 * heap.h - an indexed binary max-heap of node ids keyed by uint64_t, shared
 * by policies that evict the node with the largest (or, keyed by complement,
 * smallest) key: OPT's farthest next use, LFU's fewest uses, LRU-K's oldest
 * K-th reference. Every operation is O(log n); a node's key can change in
 * place.
 *
 *   heap[0] = node with the largest key;  pos[node] = its index, or HEAP_NONE
 *   hkey[i] = key[heap[i]]: sifting compares keys side by side, one cache
 *             line a level rather than one a node
 */
#ifndef VMLAB_POLICIES_HEAP_H
#define VMLAB_POLICIES_HEAP_H

#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>

#define HEAP_NONE UINT32_MAX

struct heap {
    uint32_t *heap;  /* node ids, heap-ordered by key */
    uint64_t *hkey;  /* per heap index: the key of heap[i] */
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
        h->heap = h->pos = NULL;
        h->hkey = h->key = NULL;
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

/* Put node @x, of key @k, at index @i. */
static inline void heap_place(struct heap *h, uint32_t i, uint32_t x, uint64_t k)
{
    h->heap[i] = x;
    h->hkey[i] = k;
    h->pos[x] = i;
}

static inline void heap_sift_up(struct heap *h, uint32_t i)
{
    uint32_t x = h->heap[i];
    uint64_t k = h->key[x];
    while (i > 0) {
        uint32_t p = (i - 1) / 2;
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
    uint64_t k = h->key[x];
    for (;;) {
        uint32_t c = 2 * i + 1;
        if (c >= h->len)
            break;
        if (c + 1 < h->len && h->hkey[c + 1] > h->hkey[c])
            c++;
        if (h->hkey[c] <= k)
            break;
        heap_place(h, i, h->heap[c], h->hkey[c]);
        i = c;
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
    h->key[x] = key;
    h->hkey[h->pos[x]] = key;
    if (key > old)
        heap_sift_up(h, h->pos[x]);
    else if (key < old)
        heap_sift_down(h, h->pos[x]);
}

static inline void heap_remove(struct heap *h, uint32_t x)
{
    uint32_t i = h->pos[x];
    h->pos[x] = HEAP_NONE;
    uint32_t last = h->heap[--h->len];
    if (i == h->len)
        return;
    heap_place(h, i, last, h->key[last]);
    heap_sift_up(h, i);
    heap_sift_down(h, h->pos[last]);
}

/* The node with the largest key, or HEAP_NONE when empty. */
static inline uint32_t heap_top(const struct heap *h)
{
    return h->len ? h->heap[0] : HEAP_NONE;
}

#endif /* VMLAB_POLICIES_HEAP_H */
