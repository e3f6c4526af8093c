/*
 * pagemap.h - the engine's page table: page key -> (dense id, frame).
 *
 * Open addressing with linear probing over a power-of-two array of 16-byte
 * slots, at most half full. The hash keeps neighbours together: a group of
 * PAGEMAP_GROUP consecutive pages of one process shares one cache line (the
 * group number is Fibonacci-hashed, the page's place in the group is kept),
 * so a program's spatial locality survives in the table, as it does in a
 * radix page table.
 *
 *   slot: | key (64) | id (32) | frame (32) |      key == PAGEMAP_EMPTY: free
 *
 * frame is the frame that last held the page. The page is resident only if
 * that frame still holds it (the frame table's key says so): evicting a page
 * then never touches its slot, which saves a cache miss per fault.
 * Pages are never deleted (a page's id and history live for the whole run).
 *
 * Direct mode: when the keys are known to lie below a bound that is not
 * much larger than the pages a run touches (a generator's dense page space),
 * the table is an array indexed by the key itself: no hash, no probe, no
 * growth, neighbours side by side. A key beyond the bound turns the table
 * into a hashed one (once), so the bound is a hint, never a promise the
 * engine relies on.
 */
#ifndef VMLAB_PAGEMAP_H
#define VMLAB_PAGEMAP_H

#include <assert.h>
#include <stdbool.h>
#include <stdint.h>

#include <vmlab/frames.h>

#define PAGEMAP_EMPTY UINT64_MAX  /* no valid key: pages are below VMLAB_PAGE_LIMIT */

struct pagemap_slot {
    uint64_t key;    /* vmlab_page_key(page, asid), or PAGEMAP_EMPTY */
    uint32_t id;     /* dense id, in order of first touch */
    uint32_t frame;  /* frame that last held the page, or VMLAB_NO_FRAME */
};

#define PAGEMAP_GROUP_BITS 2  /* 4 slots of 16 bytes: one 64-byte line */

struct pagemap {
    struct pagemap_slot *slots;
    uint64_t mask;      /* slots - 1 */
    unsigned shift;     /* 64 - log2(slots) */
    uint32_t count;     /* keys held (= next id) */
    uint32_t grow_at;   /* count that triggers doubling */
    uint64_t direct;    /* direct mode: keys below this are their slot's index; 0: hashed */
};

/* Keys a direct table may cover: 2^24 (256 MiB of slots). */
#define PAGEMAP_DIRECT_MAX (UINT64_C(1) << 24)

/* Return: 0, or -1 when out of memory. @expect: a hint of distinct pages (0: unknown). */
int pagemap_init(struct pagemap *pm, uint64_t expect);
void pagemap_free(struct pagemap *pm);
/* Double the table. Return: 0, or -1 when out of memory or past 2^32 - 1 pages. */
int pagemap_grow(struct pagemap *pm);

/*
 * A direct table for keys below @bound (1..PAGEMAP_DIRECT_MAX). Return: 0, or
 * -1 when out of memory or @bound is out of range.
 */
int pagemap_init_direct(struct pagemap *pm, uint64_t bound);

/* Turn a direct table into a hashed one holding the same keys. Return: 0 or -1 (memory). */
int pagemap_undirect(struct pagemap *pm);

static inline uint64_t pagemap_hash(const struct pagemap *pm, uint64_t key)
{
    if (key < pm->direct)
        return key;
    uint64_t group = key >> PAGEMAP_GROUP_BITS;
    uint64_t h = (group * UINT64_C(0x9E3779B97F4A7C15)) >> (pm->shift + PAGEMAP_GROUP_BITS);
    return (h << PAGEMAP_GROUP_BITS) | (key & ((1u << PAGEMAP_GROUP_BITS) - 1));
}

/*
 * Start fetching @key's slot into the cache (the hot loop runs ahead of
 * itself). always_inline: GCC otherwise finds the out-of-line function
 * "pure" (a prefetch has no side effect) and drops every call to it.
 */
__attribute__((always_inline)) static inline void pagemap_prefetch(const struct pagemap *pm,
                                                                   uint64_t key)
{
    __builtin_prefetch(&pm->slots[pagemap_hash(pm, key)]);
}

/* The slot of @key, or NULL when the page was never touched. */
static inline struct pagemap_slot *pagemap_find(const struct pagemap *pm, uint64_t key)
{
    if (__builtin_expect(pm->direct && key >= pm->direct, 0))
        return NULL; /* a direct table holds no key beyond its bound */
    for (uint64_t h = pagemap_hash(pm, key);; h = (h + 1) & pm->mask) {
        struct pagemap_slot *s = &pm->slots[h];
        if (s->key == key)
            return s;
        if (s->key == PAGEMAP_EMPTY)
            return NULL;
    }
}

/*
 * The slot of @key, created (with the next id, not resident) when new; *fresh
 * tells which. Slot pointers die when the table grows. Return: NULL when out
 * of memory.
 */
static inline struct pagemap_slot *pagemap_intern(struct pagemap *pm, uint64_t key, bool *fresh)
{
    if (__builtin_expect(pm->direct && key >= pm->direct, 0) && pagemap_undirect(pm))
        return NULL;
    for (uint64_t h = pagemap_hash(pm, key);; h = (h + 1) & pm->mask) {
        struct pagemap_slot *s = &pm->slots[h];
        if (s->key == key) {
            *fresh = false;
            return s;
        }
        if (s->key == PAGEMAP_EMPTY) {
            if (__builtin_expect(pm->count >= pm->grow_at, 0)) {
                if (pagemap_grow(pm))
                    return NULL;
                return pagemap_intern(pm, key, fresh);
            }
            s->key = key;
            s->id = pm->count++;
            s->frame = VMLAB_NO_FRAME;
            *fresh = true;
            return s;
        }
    }
}

/*
 * pagemap_intern for a key known to lie below a direct table's bound: its own
 * slot, no probe, no growth (the hot loop's case when a whole block is below
 * it). Never NULL.
 */
static inline struct pagemap_slot *pagemap_intern_direct(struct pagemap *pm, uint64_t key,
                                                         bool *fresh)
{
    assert(key < pm->direct);
    struct pagemap_slot *s = &pm->slots[key];
    *fresh = s->key != key; /* a direct slot holds its own key or none */
    if (*fresh) {
        s->key = key;
        s->id = pm->count++;
        s->frame = VMLAB_NO_FRAME;
    }
    return s;
}

#endif /* VMLAB_PAGEMAP_H */
