/*
 * fifo.c - FIFO: evict the page that has been resident longest.
 *
 *   insert ─► [ newest ... oldest ] ─► victim
 *
 * References to resident pages change nothing, so FIFO needs no hit hook and
 * runs unchanged in hardware visibility. It is not a stack algorithm: more
 * frames can give more faults (Belady, Nelson and Shedler, "An anomaly in
 * space-time characteristics of certain programs running in a paging
 * machine", CACM 12(6), 1969: 1,2,3,4,1,2,5,1,2,3,4,5 faults 9 times with 3
 * frames and 10 times with 4).
 *
 * Parameters: none.
 */
#include <config.h>

#include <stdlib.h>

#include <vmlab/policy.h>

#include "lib/dlist.h"

struct fifo {
    struct dlist list;  /* one list: front newest, back oldest */
};

static int fifo_init(void **state, const struct vmlab_policy_env *env,
                     const struct vmlab_params *params, struct vmlab_error *err)
{
    struct fifo *s = malloc(sizeof *s);
    if (!s || dlist_init(&s->list, env->nframes, 1)) {
        free(s);
        return vmlab_error_set(err, VMLAB_ESYSTEM, "out of memory");
    }
    *state = s;
    return 0;
}

static uint32_t fifo_victim(void *state, const struct vmlab_access *a)
{
    struct fifo *s = state;
    return dlist_pop_back(&s->list, 0);
}

static void fifo_insert(void *state, uint32_t frame, const struct vmlab_access *a)
{
    struct fifo *s = state;
    dlist_push_front(&s->list, 0, frame);
}

static void fifo_remove(void *state, uint32_t frame)
{
    struct fifo *s = state;
    dlist_unlink(&s->list, frame);
}

static void fifo_fini(void *state)
{
    struct fifo *s = state;
    dlist_free(&s->list);
    free(s);
}

const struct vmlab_policy vmlab_policy_fifo = {
    .abi = VMLAB_POLICY_ABI,
    .name = "fifo",
    .summary = "first in, first out: evict the page resident longest",
    .source = "Belady, IBM Systems Journal 5(2), 1966",
    .init = fifo_init,
    .victim = fifo_victim,
    .insert = fifo_insert,
    .remove = fifo_remove,
    .fini = fifo_fini,
};
