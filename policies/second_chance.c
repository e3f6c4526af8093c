/*
 * second_chance.c - second chance: FIFO that gives a referenced page another
 * turn, as a list rather than a circle.
 *
 *   insert ─► [ newest ... oldest ] ─► oldest has R=0: victim
 *                  ▲            │
 *                  └────────────┘  oldest has R=1: clear R, move it to the
 *                                  newest end (as if just loaded), look again
 *
 * The victim is the oldest page whose accessed bit is clear; every older page
 * passed over on the way loses its bit and goes to the tail of the list.
 * When every page is referenced the first look clears them all and the
 * oldest goes: FIFO. CLOCK (clock.c) is the same algorithm on a circle of
 * frames, where the hand replaces the list moves; the two choose the same
 * victims as long as frames are only ever freed by eviction. They part when
 * frames are freed otherwise (remove): a refilled frame joins this list at
 * its newest end, but keeps its fixed place on CLOCK's circle.
 *
 * Only the accessed bit is read: runs in both visibilities.
 *
 * Parameters:
 *   flush (default true) - clear R with a TLB invalidation
 *
 * Source: Tanenbaum, Modern Operating Systems, section 3.4.4 ("The Second
 * Chance page replacement algorithm").
 */
#include <config.h>

#include <stdlib.h>

#include <vmlab/policy.h>

#include "lib/dlist.h"
#include "lib/sweep.h"

struct second_chance {
    struct vmlab_frames *fr;
    struct dlist list; /* front newest, back oldest (next to be looked at) */
    bool flush;
};

static const struct vmlab_param_desc second_chance_params[] = {
    SWEEP_PARAM_FLUSH,
    {0},
};

static int second_chance_init(void **state, const struct vmlab_policy_env *env,
                              const struct vmlab_params *params, struct vmlab_error *err)
{
    struct second_chance *s = malloc(sizeof *s);
    if (!s || dlist_init(&s->list, env->nframes, 1)) {
        free(s);
        return vmlab_error_set(err, VMLAB_ESYSTEM, "out of memory");
    }
    s->fr = env->frames;
    s->flush = vmlab_param_bool(params, "flush");
    *state = s;
    return 0;
}

static uint32_t second_chance_victim(void *state, const struct vmlab_access *a)
{
    struct second_chance *s = state;
    /* terminates: no bit is set during a fault, and each turn clears one */
    for (;;) {
        uint32_t f = dlist_back(&s->list, 0);
        if (f == DLIST_NONE)
            return VMLAB_NO_FRAME; /* no used frame: the engine reports it */
        if (!sweep_harvest(s->fr, f, s->flush)) {
            dlist_unlink(&s->list, f);
            return f;
        }
        dlist_move_front(&s->list, 0, f);
    }
}

static void second_chance_insert(void *state, uint32_t frame, const struct vmlab_access *a)
{
    struct second_chance *s = state;
    dlist_push_front(&s->list, 0, frame);
}

static void second_chance_remove(void *state, uint32_t frame)
{
    struct second_chance *s = state;
    dlist_unlink(&s->list, frame);
}

static void second_chance_fini(void *state)
{
    struct second_chance *s = state;
    dlist_free(&s->list);
    free(s);
}

const struct vmlab_policy vmlab_policy_second_chance = {
    .abi = VMLAB_POLICY_ABI,
    .name = "second_chance",
    .summary = "second chance: FIFO list; a referenced oldest page loses its bit and moves to "
               "the tail",
    .source = "Tanenbaum, Modern Operating Systems, section 3.4.4",
    .params = second_chance_params,
    .init = second_chance_init,
    .victim = second_chance_victim,
    .insert = second_chance_insert,
    .remove = second_chance_remove,
    .fini = second_chance_fini,
};
