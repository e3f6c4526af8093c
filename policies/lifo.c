/*
 * lifo.c - LIFO: evict the page loaded most recently.
 *
 *   insert ─► [ newest ... oldest ]
 *                 │
 *                 └─► victim
 *
 * Once memory is full the first n-1 pages loaded stay for good and every
 * later fault replaces the page in the last frame: the pages a program
 * touches first are kept whatever it does next. A baseline, good only for
 * loops slightly larger than memory. References to resident pages change
 * nothing, so LIFO needs no hit hook and runs in both visibilities.
 *
 * LIFO is a stack algorithm. With n frames (memory full) the resident set is
 * P(n-1), the first n-1 distinct pages, plus the page most recently
 * referenced outside P(n-1). That page is either in P(n), or it is also the
 * page most recently referenced outside P(n), which n+1 frames hold: so the
 * pages resident with n frames are resident with n+1.
 *
 * Parameters: none.
 *
 * Source: a textbook baseline with no paper of its own; the stack property
 * is derived above and checked on random traces by tests/test_policies_a.c.
 */
#include <config.h>

#include <stdlib.h>

#include <vmlab/policy.h>

#include "lib/dlist.h"

struct lifo {
    struct dlist list; /* front newest loaded: the next victim */
};

static int lifo_init(void **state, const struct vmlab_policy_env *env,
                     const struct vmlab_params *params, struct vmlab_error *err)
{
    struct lifo *s = malloc(sizeof *s);
    if (!s || dlist_init(&s->list, env->nframes, 1)) {
        free(s);
        return vmlab_error_set(err, VMLAB_ESYSTEM, "out of memory");
    }
    *state = s;
    return 0;
}

static uint32_t lifo_victim(void *state, const struct vmlab_access *a)
{
    struct lifo *s = state;
    uint32_t f = dlist_front(&s->list, 0);
    if (f != DLIST_NONE)
        dlist_unlink(&s->list, f);
    return f;
}

static void lifo_insert(void *state, uint32_t frame, const struct vmlab_access *a)
{
    struct lifo *s = state;
    dlist_push_front(&s->list, 0, frame);
}

static void lifo_remove(void *state, uint32_t frame)
{
    struct lifo *s = state;
    dlist_unlink(&s->list, frame);
}

static void lifo_fini(void *state)
{
    struct lifo *s = state;
    dlist_free(&s->list);
    free(s);
}

const struct vmlab_policy vmlab_policy_lifo = {
    .abi = VMLAB_POLICY_ABI,
    .name = "lifo",
    .summary = "last in, first out: evict the page loaded most recently",
    .source = "textbook baseline (stack property derived in policies/lifo.c)",
    .init = lifo_init,
    .victim = lifo_victim,
    .insert = lifo_insert,
    .remove = lifo_remove,
    .fini = lifo_fini,
};
