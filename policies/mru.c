/*
 * mru.c - MRU: evict the page used most recently.
 *
 *   hit/insert ─► [ MRU ... LRU ]
 *                    │
 *                    └─► victim (the most recently used resident page)
 *
 * The opposite of LRU, and the right choice for a loop over more pages than
 * frames, where the page just used is the one needed last (a cyclic scan of
 * N+1 pages in N frames faults about once per N references, as OPT does,
 * where LRU faults every time). Every reference moves its page to the front,
 * so MRU needs visibility "exact".
 *
 * MRU is a stack algorithm: its priority (the time of last use, the most
 * recent going first) does not depend on the memory size, and evicting the
 * resident page of least priority keeps the pages resident with n frames
 * resident with n+1 (Mattson, Gecsei, Slutz and Traiger 1970).
 *
 * Parameters: none.
 *
 * Source: Chou and DeWitt, "An evaluation of buffer management strategies
 * for relational database systems", VLDB 1985 (MRU for looping access).
 */
#include <config.h>

#include <stdlib.h>

#include <vmlab/policy.h>

#include "lib/dlist.h"

struct mru {
    struct dlist list; /* front: most recently used */
};

static int mru_init(void **state, const struct vmlab_policy_env *env,
                    const struct vmlab_params *params, struct vmlab_error *err)
{
    struct mru *s = malloc(sizeof *s);
    if (!s || dlist_init(&s->list, env->nframes, 1)) {
        free(s);
        return vmlab_error_set(err, VMLAB_ESYSTEM, "out of memory");
    }
    *state = s;
    return 0;
}

static void mru_hit(void *state, uint32_t frame, const struct vmlab_access *a)
{
    struct mru *s = state;
    dlist_move_front(&s->list, 0, frame);
}

static uint32_t mru_victim(void *state, const struct vmlab_access *a)
{
    struct mru *s = state;
    uint32_t f = dlist_front(&s->list, 0);
    if (f != DLIST_NONE)
        dlist_unlink(&s->list, f);
    return f;
}

static void mru_insert(void *state, uint32_t frame, const struct vmlab_access *a)
{
    struct mru *s = state;
    dlist_push_front(&s->list, 0, frame);
}

static void mru_remove(void *state, uint32_t frame)
{
    struct mru *s = state;
    dlist_unlink(&s->list, frame);
}

static void mru_fini(void *state)
{
    struct mru *s = state;
    dlist_free(&s->list);
    free(s);
}

const struct vmlab_policy vmlab_policy_mru = {
    .abi = VMLAB_POLICY_ABI,
    .name = "mru",
    .summary = "most recently used: evict the page used last (loops larger than memory; needs "
               "exact visibility)",
    .source = "Chou and DeWitt, VLDB 1985",
    .flags = VMLAB_POLICY_NEEDS_EXACT,
    .init = mru_init,
    .hit = mru_hit,
    .victim = mru_victim,
    .insert = mru_insert,
    .remove = mru_remove,
    .fini = mru_fini,
};
