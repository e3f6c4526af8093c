/*
 * ghost.h - bounded tables of non-resident page history ("ghosts"), shared by
 * every policy that remembers pages it evicted: 2Q's A1out, ARC's and CAR's
 * B1 and B2, LIRS's non-resident HIR blocks, CLOCK-Pro's non-resident cold
 * pages, S3-FIFO's ghost FIFO, LRU-K's retained histories, and the shadow
 * entries of Linux's refault distance and of MGLRU.
 *
 * A table holds at most `cap` ghosts, each in a slot 0..cap-1. Slots are
 * dense ids: a policy may link `nframes + slot` as a node of its own dlist
 * (CLOCK-Pro's clock; LIRS's stack, below), and keeps its per-ghost data (an
 * eviction time, a history, a tier) in the slot's record, beside what the
 * table keeps, so that a ghost found is one cache line:
 *
 *   present page id ─► bit      "has a ghost": 1 bit a page, small enough to stay
 *                               in cache, so most lookups (of pages without a
 *                               ghost) never touch the index
 *   index   page id ─► slot     one uint32 per page the run has touched; read
 *                               only when the bit is set (a removal clears the
 *                               bit alone: one cache miss fewer, the stale
 *                               entry is never read)
 *   records slot ─► [ page id | class | prev | next | policy's data ]
 *           prev/next chain one age list per class (B1, B2, ...), front =
 *           newest, through the records of cap + class (the heads); free
 *           slots are chained through next
 *   frames  frame ─► page id of its page (noted by the policy on insert)
 *
 * Pages are named by the engine's dense page id (vmlab_access.page_id: one
 * per page and process, numbered in order of first touch), so finding a
 * ghost is one array read, where a hash of page keys would probe a table
 * several times a fault; find, add and remove are O(1). Aging is FIFO (drop
 * the oldest of a class) or LRU when the policy refreshes a ghost with
 * ghost_touch.
 *
 * Memory: the ghosts are bounded by `cap` as each policy's paper bounds
 * them, at 16 bytes a slot plus the policy's data, and 4 bytes a frame; the
 * index and bitmap cost 4 bytes and 1 bit a page touched, about a quarter of
 * what the engine's own page table spends on each page. They grow (doubling)
 * when an eviction names a page beyond them: amortised, on the fault path
 * only.
 *
 * A policy that links frames and ghosts into one list (LIRS's stack S) may
 * ask ghost_init_lead for `lead` bytes of its own just before slot 0's record
 * (per-frame nodes, the list's head), so that frames' and ghosts' links lie
 * in one array and one address formula finds any node's, without a branch
 * on which kind of node it is.
 *
 * A removed slot keeps the policy's data until the next ghost_add reuses it
 * (freed slots are reused last-freed first), so a policy may read what it
 * stored after taking a ghost out.
 */
#ifndef VMLAB_POLICIES_GHOST_H
#define VMLAB_POLICIES_GHOST_H

#include <assert.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#define GHOST_NONE UINT32_MAX

/* What the table keeps of a slot; the policy's data follows it in the record. */
struct ghost_slot {
    uint32_t page;       /* page id; GHOST_NONE when free */
    uint32_t cls;        /* class (age list) */
    uint32_t prev, next; /* age list (free list: next only) */
};

struct ghost {
    uint64_t *present;    /* per page id: one bit, set when it has a ghost */
    uint32_t *index;      /* per page id: its slot (meaningful only while its bit is set) */
    uint32_t nindex;      /* page ids the index and the bitmap cover */
    unsigned char *rec;   /* cap + nclass records of `stride` bytes */
    size_t stride;        /* bytes a record: the slot, then the policy's data */
    uint32_t *count;      /* per class: ghosts held */
    uint32_t free;        /* first free slot, or GHOST_NONE */
    uint32_t used;        /* ghosts held in all classes */
    uint32_t *frame_page; /* per frame: page id of the resident page */
    uint32_t cap;         /* slots */
    uint32_t nclass;      /* age lists */
    size_t lead;          /* bytes before slot 0's record, the policy's (ghost_init_lead) */
};

static inline struct ghost_slot *ghost_rec(const struct ghost *g, uint32_t slot)
{
    return (struct ghost_slot *)(g->rec + (size_t)slot * g->stride);
}

/* The policy's data of @slot (the @data_bytes given to ghost_init), 8-byte aligned. */
static inline void *ghost_data(const struct ghost *g, uint32_t slot)
{
    return ghost_rec(g, slot) + 1;
}

/* Whether @slot holds a ghost, and bit and index agree (the invariant find relies on). */
#define GHOST_SLOT_OK(g, slot)                                                                     \
    (ghost_rec(g, slot)->page != GHOST_NONE && ghost_rec(g, slot)->page < (g)->nindex &&           \
     GHOST_BIT((g)->present, ghost_rec(g, slot)->page) &&                                          \
     (g)->index[ghost_rec(g, slot)->page] == (slot))

/*
 * Make a table of @cap slots (0 is allowed: a table that never holds a
 * ghost) with @nclass age lists (1..255) and @data_bytes of the policy's data
 * a slot, for a pool of @nframes frames, preceded by @lead bytes (a multiple
 * of 8) that the table never touches: the policy's, uninitialised, from
 * g->rec - @lead. Return: 0, or -1 when out of memory (then @g is zeroed, so
 * ghost_free on it is harmless, as on a zeroed struct).
 */
static inline int ghost_init_lead(struct ghost *g, uint32_t cap, uint32_t nclass, size_t data_bytes,
                                  uint32_t nframes, size_t lead)
{
    assert(nclass >= 1 && nclass <= 255 && lead % 8 == 0);
    *g = (struct ghost){0};
    g->stride = sizeof(struct ghost_slot) + (data_bytes + 7) / 8 * 8;
    unsigned char *mem = malloc(lead + ((size_t)cap + nclass) * g->stride);
    g->count = calloc(nclass, sizeof *g->count);
    g->frame_page = calloc(nframes ? nframes : 1, sizeof *g->frame_page);
    if (!mem || !g->count || !g->frame_page) {
        free(mem);
        free(g->count);
        free(g->frame_page);
        *g = (struct ghost){0};
        return -1;
    }
    g->rec = mem + lead;
    g->lead = lead;
    g->cap = cap;
    g->nclass = nclass;
    for (uint32_t i = 0; i < cap; i++) {
        struct ghost_slot *r = ghost_rec(g, i);
        r->page = GHOST_NONE;
        r->next = i + 1 < cap ? i + 1 : GHOST_NONE; /* slot 0 first */
    }
    g->free = cap ? 0 : GHOST_NONE;
    for (uint32_t c = 0; c < nclass; c++) {
        struct ghost_slot *h = ghost_rec(g, cap + c);
        h->page = GHOST_NONE;
        h->prev = h->next = cap + c;
    }
    return 0;
}

/* ghost_init_lead with no bytes of the policy's before slot 0. */
static inline int ghost_init(struct ghost *g, uint32_t cap, uint32_t nclass, size_t data_bytes,
                             uint32_t nframes)
{
    return ghost_init_lead(g, cap, nclass, data_bytes, nframes, 0);
}

static inline void ghost_free(struct ghost *g)
{
    free(g->present);
    free(g->index);
    free(g->rec ? g->rec - g->lead : NULL);
    free(g->count);
    free(g->frame_page);
}

/* Frame @frame now holds page @page_id (call from insert). */
static inline void ghost_note(struct ghost *g, uint32_t frame, uint32_t page_id)
{
    g->frame_page[frame] = page_id;
}

static inline bool ghost_full(const struct ghost *g)
{
    return g->used == g->cap;
}

/* Ghosts held in all classes. */
static inline uint32_t ghost_used(const struct ghost *g)
{
    return g->used;
}

static inline uint32_t ghost_count(const struct ghost *g, uint32_t cls)
{
    return g->count[cls];
}

static inline uint32_t ghost_class(const struct ghost *g, uint32_t slot)
{
    return ghost_rec(g, slot)->cls;
}

#define GHOST_BIT(bits, id) (((bits)[(id) >> 6] >> ((id)&63)) & 1)
#define GHOST_BIT_SET(bits, id) ((bits)[(id) >> 6] |= UINT64_C(1) << ((id)&63))
#define GHOST_BIT_CLEAR(bits, id) ((bits)[(id) >> 6] &= ~(UINT64_C(1) << ((id)&63)))

/*
 * Grow the bitmap *@bits (and, when @index is not NULL, the index *@index,
 * filled with GHOST_NONE) from *@n page ids to cover @page_id, doubling.
 * Return: 0, or -1 when out of memory (nothing changed).
 */
static inline int ghost_grow_ids(uint64_t **bits, uint32_t **index, uint32_t *n, uint32_t page_id)
{
    if (page_id < *n)
        return 0;
    uint64_t want = *n ? 2 * (uint64_t)*n : 4096;
    while (want <= page_id)
        want *= 2;
    if (want > (UINT64_C(1) << 32) - 64)
        want = (UINT64_C(1) << 32) - 64; /* a multiple of 64 */
    uint64_t *b = realloc(*bits, want / 8);
    if (!b)
        return -1;
    *bits = b;
    for (uint64_t w = *n / 64; w < want / 64; w++)
        b[w] = 0;
    if (index) {
        uint32_t *x = realloc(*index, want * sizeof *x);
        if (!x)
            return -1; /* the bitmap grew, harmlessly */
        for (uint64_t i = *n; i < want; i++)
            x[i] = GHOST_NONE;
        *index = x;
    }
    *n = (uint32_t)want;
    return 0;
}

/* The slot holding page @page_id's ghost, or GHOST_NONE. */
static inline uint32_t ghost_find(const struct ghost *g, uint32_t page_id)
{
    if (page_id >= g->nindex || !GHOST_BIT(g->present, page_id))
        return GHOST_NONE;
    return g->index[page_id];
}

/* Cover page ids up to @page_id. Return: 0, or -1 when out of memory. */
static inline int ghost_reserve(struct ghost *g, uint32_t page_id)
{
    return ghost_grow_ids(&g->present, &g->index, &g->nindex, page_id);
}

/* Link @slot at the front (newest end) of its class. */
static inline void ghost_link_front(struct ghost *g, uint32_t slot)
{
    struct ghost_slot *r = ghost_rec(g, slot);
    uint32_t h = g->cap + r->cls;
    struct ghost_slot *hr = ghost_rec(g, h);
    r->prev = h;
    r->next = hr->next;
    ghost_rec(g, hr->next)->prev = slot;
    hr->next = slot;
}

static inline void ghost_unlink(struct ghost *g, uint32_t slot)
{
    struct ghost_slot *r = ghost_rec(g, slot);
    ghost_rec(g, r->prev)->next = r->next;
    ghost_rec(g, r->next)->prev = r->prev;
}

/*
 * Remember the page now in frame @frame (not held, table not full) as the
 * newest ghost of class @cls. Return: its slot, or GHOST_NONE when the index
 * could not grow (out of memory: the page is not remembered).
 */
static inline uint32_t ghost_add(struct ghost *g, uint32_t cls, uint32_t frame)
{
    uint32_t page_id = g->frame_page[frame];
    assert(!ghost_full(g) && cls < g->nclass);
    if (ghost_reserve(g, page_id))
        return GHOST_NONE;
    assert(!GHOST_BIT(g->present, page_id));
    uint32_t slot = g->free;
    struct ghost_slot *r = ghost_rec(g, slot);
    g->free = r->next;
    r->page = page_id;
    r->cls = cls;
    ghost_link_front(g, slot);
    g->index[page_id] = slot;
    GHOST_BIT_SET(g->present, page_id);
    g->count[cls]++;
    g->used++;
    return slot;
}

/* Forget the ghost in @slot. The policy's data for it stays until the next add. */
static inline void ghost_remove(struct ghost *g, uint32_t slot)
{
    assert(slot < g->cap && GHOST_SLOT_OK(g, slot));
    struct ghost_slot *r = ghost_rec(g, slot);
    GHOST_BIT_CLEAR(g->present, r->page); /* the index entry goes stale, never read */
    r->page = GHOST_NONE;
    ghost_unlink(g, slot);
    g->count[r->cls]--;
    g->used--;
    r->next = g->free;
    g->free = slot;
}

/* Find and forget @page_id's ghost. Return: the slot it held (data readable until the next add), or
 * GHOST_NONE. */
static inline uint32_t ghost_take(struct ghost *g, uint32_t page_id)
{
    uint32_t slot = ghost_find(g, page_id);
    if (slot != GHOST_NONE)
        ghost_remove(g, slot);
    return slot;
}

/* The oldest ghost of class @cls, or GHOST_NONE. */
static inline uint32_t ghost_oldest(const struct ghost *g, uint32_t cls)
{
    uint32_t s = ghost_rec(g, g->cap + cls)->prev;
    return s == g->cap + cls ? GHOST_NONE : s;
}

/* Forget the oldest ghost of class @cls. Return: its slot, or GHOST_NONE when the class is empty.
 */
static inline uint32_t ghost_drop_oldest(struct ghost *g, uint32_t cls)
{
    uint32_t s = ghost_oldest(g, cls);
    if (s != GHOST_NONE)
        ghost_remove(g, s);
    return s;
}

/* Make @slot the newest of its class (LRU aging). */
static inline void ghost_touch(struct ghost *g, uint32_t slot)
{
    ghost_unlink(g, slot);
    ghost_link_front(g, slot);
}

/*
 * ghost_fifo - the lighter ghost of policies whose paper never takes a key
 * out early (S3-FIFO's G, Algorithm 1): the page ids of the last `cap`
 * pages remembered, FIFO, with no slots, classes or removal.
 *
 *   ring     [ oldest ... newest ]   cap page ids, written in order
 *   present  page id ─► bit          "in the FIFO"
 *
 * A page is in it at most once (a policy remembers only pages it does not
 * hold there), so dropping the oldest clears its bit. Everything a fault
 * touches is sequential (the ring) or small enough to stay in cache (the
 * bitmap: 1 bit a page touched): 4 bytes a remembered key in all.
 */
struct ghost_fifo {
    uint32_t *ring;    /* page ids; the oldest at tail */
    uint64_t *present; /* per page id: in the FIFO */
    uint32_t nids;     /* page ids the bitmap covers */
    uint32_t cap;      /* keys remembered at most */
    uint32_t tail;     /* index of the oldest */
    uint32_t count;    /* keys held */
};

/* Return: 0, or -1 when out of memory (then @f is zeroed). */
static inline int ghost_fifo_init(struct ghost_fifo *f, uint32_t cap)
{
    *f = (struct ghost_fifo){0};
    f->ring = malloc((cap ? cap : 1) * sizeof *f->ring);
    if (!f->ring)
        return -1;
    f->cap = cap;
    return 0;
}

static inline void ghost_fifo_free(struct ghost_fifo *f)
{
    free(f->ring);
    free(f->present);
}

static inline bool ghost_fifo_has(const struct ghost_fifo *f, uint32_t page_id)
{
    return page_id < f->nids && GHOST_BIT(f->present, page_id);
}

/* Start fetching what has(@page_id) and the next push will touch (both bits). */
static inline void ghost_fifo_prefetch(const struct ghost_fifo *f, uint32_t page_id)
{
    if (page_id < f->nids)
        __builtin_prefetch(&f->present[page_id >> 6]);
    if (f->count == f->cap && f->cap && f->ring[f->tail] < f->nids)
        __builtin_prefetch(&f->present[f->ring[f->tail] >> 6], 1);
}

/*
 * Remember page @page_id (not held) as the newest, forgetting the oldest when
 * full. Out of memory for the bitmap: the page is not remembered.
 */
static inline void ghost_fifo_push(struct ghost_fifo *f, uint32_t page_id)
{
    if (!f->cap || (page_id >= f->nids && ghost_grow_ids(&f->present, NULL, &f->nids, page_id)))
        return;
    assert(!ghost_fifo_has(f, page_id));
    if (f->count == f->cap) {
        GHOST_BIT_CLEAR(f->present, f->ring[f->tail]);
        f->tail = f->tail + 1 == f->cap ? 0 : f->tail + 1;
        f->count--;
    }
    uint64_t head = (uint64_t)f->tail + f->count;
    f->ring[head >= f->cap ? head - f->cap : head] = page_id;
    f->count++;
    GHOST_BIT_SET(f->present, page_id);
}

#endif /* VMLAB_POLICIES_GHOST_H */
