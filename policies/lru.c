/*
 * lru.c - LRU: evict the page whose last reference is oldest.
 *
 *   hit/insert ─► [ MRU ... LRU ] ─► victim
 *
 * Every reference moves its page to the front of one list, so LRU must be
 * told of every access (visibility "exact"); an OS that sees only accessed
 * bits approximates it with CLOCK. LRU is a stack algorithm (Mattson, Gecsei,
 * Slutz and Traiger, "Evaluation techniques for storage hierarchies", IBM
 * Systems Journal 9(2), 1970): the pages resident with n frames are always
 * resident with n+1, so faults never rise with memory.
 *
 * Parameters: none.
 */
#include <config.h>

#include <stdlib.h>

#include <vmlab/policy.h>

#include "lru.h"

static int lru_init(void **state, const struct vmlab_policy_env *env,
                    const struct vmlab_params *params, struct vmlab_error *err)
{
    struct lru *s = malloc(sizeof *s);
    if (!s || dlist_init(&s->list, env->nframes, 1)) {
        free(s);
        return vmlab_error_set(err, VMLAB_ESYSTEM, "out of memory");
    }
    *state = s;
    return 0;
}

static void lru_hit(void *state, uint32_t frame, const struct vmlab_access *a)
{
    lru_touch(state, frame);
}

static uint32_t lru_victim(void *state, const struct vmlab_access *a)
{
    return lru_take_oldest(state);
}

static void lru_insert(void *state, uint32_t frame, const struct vmlab_access *a)
{
    lru_push(state, frame);
}

static void lru_remove(void *state, uint32_t frame)
{
    struct lru *s = state;
    dlist_unlink(&s->list, frame);
}

static void lru_fini(void *state)
{
    struct lru *s = state;
    dlist_free(&s->list);
    free(s);
}

const struct vmlab_policy vmlab_policy_lru = {
    .abi = VMLAB_POLICY_ABI,
    .name = "lru",
    .summary = "least recently used: evict the page whose last use is oldest",
    .source = "Mattson et al., IBM Systems Journal 9(2), 1970",
    .flags = VMLAB_POLICY_NEEDS_EXACT | VMLAB_POLICY_STACK_LRU,
    .init = lru_init,
    .hit = lru_hit,
    .victim = lru_victim,
    .insert = lru_insert,
    .remove = lru_remove,
    .fini = lru_fini,
};
