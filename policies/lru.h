/*
 * lru.h - the in-tree LRU's state and its hooks (lru.c), for the engine's
 * page loop: a hit on the in-tree LRU moves the page to the front there,
 * and a fault takes the back and pushes the new page, inline, instead of
 * calling the policy through its table (core/vm.c, HOOK_LRU). A plugin's
 * LRU, or any other policy, is called through its table.
 */
#ifndef VMLAB_POLICIES_LRU_H
#define VMLAB_POLICIES_LRU_H

#include <vmlab/policy.h>

#include "lib/dlist.h"

struct lru {
    struct dlist list; /* front: most recently used */
};

/* The policy's hit: @frame becomes the most recently used. */
static inline void lru_touch(struct lru *s, uint32_t frame)
{
    dlist_move_front(&s->list, 0, frame);
}

/* The policy's victim: the least recently used frame, off the list (DLIST_NONE: none). */
static inline uint32_t lru_take_oldest(struct lru *s)
{
    return dlist_pop_back(&s->list, 0);
}

/* The policy's insert: @frame, just loaded, is the most recently used. */
static inline void lru_push(struct lru *s, uint32_t frame)
{
    dlist_push_front(&s->list, 0, frame);
}

extern const struct vmlab_policy vmlab_policy_lru;

#endif /* VMLAB_POLICIES_LRU_H */
