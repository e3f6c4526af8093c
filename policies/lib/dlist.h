/*
 * dlist.h - intrusive doubly-linked lists over small integer node ids, shared
 * by every list-ordered policy (FIFO, LRU and their many descendants).
 *
 * Nodes are 0..nnodes-1 (frames, or slots of a ghost table); lists are heads
 * nnodes..nnodes+nheads-1, each a sentinel of a circular list. A node is in at
 * most one list. prev and next sit side by side, so moving a node touches one
 * cache line of it.
 *
 *   head ⇄ first ⇄ ... ⇄ last ⇄ head        link[2x] = prev(x), link[2x+1] = next(x)
 *
 * Convention in vmlab: the front of a list is its most recent end (MRU), the
 * back its oldest (LRU, or FIFO's next victim).
 */
#ifndef VMLAB_POLICIES_DLIST_H
#define VMLAB_POLICIES_DLIST_H

#include <assert.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>

#define DLIST_NONE UINT32_MAX

struct dlist {
    uint32_t *link;   /* 2 per node and head: prev, next; DLIST_NONE when unlinked */
    uint32_t nnodes;
    uint32_t nheads;
};

#define DLIST_PREV(d, x) ((d)->link[2 * (size_t)(x)])
#define DLIST_NEXT(d, x) ((d)->link[2 * (size_t)(x) + 1])

/* Return: 0, or -1 when out of memory. */
static inline int dlist_init(struct dlist *d, uint32_t nnodes, uint32_t nheads)
{
    size_t n = (size_t)nnodes + nheads;
    d->link = malloc(2 * n * sizeof *d->link);
    if (!d->link)
        return -1;
    d->nnodes = nnodes;
    d->nheads = nheads;
    for (size_t x = 0; x < nnodes; x++)
        d->link[2 * x] = d->link[2 * x + 1] = DLIST_NONE;
    for (uint32_t h = 0; h < nheads; h++) {
        uint32_t s = nnodes + h;
        DLIST_PREV(d, s) = DLIST_NEXT(d, s) = s;
    }
    return 0;
}

static inline void dlist_free(struct dlist *d)
{
    free(d->link);
    d->link = NULL;
}

static inline uint32_t dlist_head(const struct dlist *d, uint32_t h)
{
    assert(h < d->nheads);
    return d->nnodes + h;
}

static inline bool dlist_linked(const struct dlist *d, uint32_t x)
{
    return DLIST_NEXT(d, x) != DLIST_NONE;
}

static inline bool dlist_empty(const struct dlist *d, uint32_t h)
{
    uint32_t s = dlist_head(d, h);
    return DLIST_NEXT(d, s) == s;
}

/* The front (most recent) node of list @h, or DLIST_NONE when empty. */
static inline uint32_t dlist_front(const struct dlist *d, uint32_t h)
{
    uint32_t s = dlist_head(d, h), x = DLIST_NEXT(d, s);
    return x == s ? DLIST_NONE : x;
}

/* The back (oldest) node of list @h, or DLIST_NONE when empty. */
static inline uint32_t dlist_back(const struct dlist *d, uint32_t h)
{
    uint32_t s = dlist_head(d, h), x = DLIST_PREV(d, s);
    return x == s ? DLIST_NONE : x;
}

/* The node after @x towards the back of list @h, or DLIST_NONE at the end. */
static inline uint32_t dlist_next(const struct dlist *d, uint32_t h, uint32_t x)
{
    uint32_t y = DLIST_NEXT(d, x);
    return y == dlist_head(d, h) ? DLIST_NONE : y;
}

/* The node before @x towards the front of list @h, or DLIST_NONE at the start. */
static inline uint32_t dlist_prev(const struct dlist *d, uint32_t h, uint32_t x)
{
    uint32_t y = DLIST_PREV(d, x);
    return y == dlist_head(d, h) ? DLIST_NONE : y;
}

static inline void dlist_link_between(struct dlist *d, uint32_t x, uint32_t a, uint32_t b)
{
    assert(!dlist_linked(d, x));
    DLIST_PREV(d, x) = a;
    DLIST_NEXT(d, x) = b;
    DLIST_NEXT(d, a) = x;
    DLIST_PREV(d, b) = x;
}

static inline void dlist_push_front(struct dlist *d, uint32_t h, uint32_t x)
{
    uint32_t s = dlist_head(d, h);
    dlist_link_between(d, x, s, DLIST_NEXT(d, s));
}

static inline void dlist_push_back(struct dlist *d, uint32_t h, uint32_t x)
{
    uint32_t s = dlist_head(d, h);
    dlist_link_between(d, x, DLIST_PREV(d, s), s);
}

static inline void dlist_unlink(struct dlist *d, uint32_t x)
{
    assert(dlist_linked(d, x));
    uint32_t a = DLIST_PREV(d, x), b = DLIST_NEXT(d, x);
    DLIST_NEXT(d, a) = b;
    DLIST_PREV(d, b) = a;
    DLIST_PREV(d, x) = DLIST_NEXT(d, x) = DLIST_NONE;
}

/* Move linked node @x to the front of list @h (LRU's every hit: no detour through unlinked). */
static inline void dlist_move_front(struct dlist *d, uint32_t h, uint32_t x)
{
    assert(dlist_linked(d, x));
    uint32_t s = dlist_head(d, h), a = DLIST_PREV(d, x), b = DLIST_NEXT(d, x);
    DLIST_NEXT(d, a) = b;
    DLIST_PREV(d, b) = a;
    uint32_t first = DLIST_NEXT(d, s); /* after the unlink: x itself is never first here */
    DLIST_PREV(d, x) = s;
    DLIST_NEXT(d, x) = first;
    DLIST_NEXT(d, s) = x;
    DLIST_PREV(d, first) = x;
}

/* Put unlinked node @y where linked node @x is, and unlink @x. */
static inline void dlist_replace(struct dlist *d, uint32_t x, uint32_t y)
{
    assert(dlist_linked(d, x) && !dlist_linked(d, y));
    uint32_t a = DLIST_PREV(d, x), b = DLIST_NEXT(d, x);
    DLIST_PREV(d, y) = a;
    DLIST_NEXT(d, y) = b;
    DLIST_NEXT(d, a) = y;
    DLIST_PREV(d, b) = y;
    DLIST_PREV(d, x) = DLIST_NEXT(d, x) = DLIST_NONE;
}

/* Unlink and return the back node of @h, or DLIST_NONE when empty. */
static inline uint32_t dlist_pop_back(struct dlist *d, uint32_t h)
{
    uint32_t x = dlist_back(d, h);
    if (x != DLIST_NONE)
        dlist_unlink(d, x);
    return x;
}

#endif /* VMLAB_POLICIES_DLIST_H */
