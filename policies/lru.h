/*
 * lru.h - the in-tree LRU's state and its hit (lru.c), for the engine's page
 * loop: a hit on the in-tree LRU moves the page to the front there, inline,
 * instead of calling the policy through its table (core/vm.c, HOOK_LRU).
 * A plugin's LRU, or any other policy, is called through its table.
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

extern const struct vmlab_policy vmlab_policy_lru;

#endif /* VMLAB_POLICIES_LRU_H */
