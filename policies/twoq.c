/*
 * twoq.c - 2Q (the full version): a FIFO for pages seen once, an LRU for
 * pages that proved themselves, and a ghost FIFO in between.
 *
 *   miss, not in A1out ─► A1in [ FIFO, Kin ] ─ tail ─► A1out [ keys, Kout ] ─ tail ─► forgotten
 *   miss, in A1out ─────────────────────────────────► Am [ LRU ] ─ tail ─► evicted
 *   hit in Am: to Am's front            hit in A1in: nothing (a correlated reference)
 *
 * A page enters A1in; re-references while it is there are taken as
 * correlated (one burst of use) and change nothing. If it comes back after it
 * left A1in while its key is still remembered in A1out, it has a reuse
 * distance worth keeping and joins Am, an ordinary LRU. A one-time scan thus
 * flows through A1in and never disturbs Am. To free a frame, A1in gives up
 * its tail (its key goes to A1out) when it holds more than Kin pages;
 * otherwise Am evicts its LRU page, which is not remembered.
 *
 * Am is an LRU, so 2Q needs visibility "exact".
 *
 * Parameters (the paper's recommended tuning):
 *   kin (0.25)  - Kin, A1in's share of frames (frames rounded down).
 *   kout (0.5)  - Kout, keys remembered in A1out, as a share of frames.
 *
 * Source: Johnson and Shasha, "2Q: a low overhead high performance buffer
 * management replacement algorithm", VLDB 1994 (section 2, "full 2Q").
 */
#include <config.h>

#include <math.h>
#include <stdlib.h>

#include <vmlab/policy.h>

#include "lib/dlist.h"
#include "lib/ghost.h"

enum { Q_A1IN, Q_AM };

struct twoq {
    struct vmlab_frames *fr;
    struct dlist q;      /* heads Q_A1IN (FIFO) and Q_AM (LRU); front = newest */
    uint8_t *queue;      /* per frame: Q_A1IN or Q_AM */
    uint32_t n_in;       /* frames in A1in */
    uint32_t kin;        /* A1in gives up its tail when it holds more than this */
    uint32_t kout;       /* A1out holds at most this many keys */
    struct ghost a1out;  /* one class; capacity kout + 1 (add, then trim) */
    uint64_t class_time; /* time of the fault classified by victim(), or UINT64_MAX */
    bool class_am;       /* that fault's page was in A1out: it joins Am */
};

static const struct vmlab_param_desc twoq_params[] = {
    {"kin", VMLAB_PARAM_REAL, "0.25", VMLAB_RANGE(0, 1), NULL,
     "Kin: share of frames A1in may hold before it gives up its tail"},
    {"kout", VMLAB_PARAM_REAL, "0.5", VMLAB_RANGE(0, 4), NULL,
     "Kout: page keys A1out remembers, as a share of frames"},
    {0},
};

static void twoq_fini(void *state)
{
    struct twoq *s = state;
    dlist_free(&s->q);
    ghost_free(&s->a1out);
    free(s->queue);
    free(s);
}

static int twoq_init(void **state, const struct vmlab_policy_env *env,
                     const struct vmlab_params *params, struct vmlab_error *err)
{
    struct twoq *s = calloc(1, sizeof *s);
    if (!s)
        return vmlab_error_set(err, VMLAB_ESYSTEM, "out of memory");
    uint32_t n = env->nframes;
    s->fr = env->frames;
    s->kin = (uint32_t)floor(vmlab_param_real(params, "kin") * n);
    s->kout = (uint32_t)floor(vmlab_param_real(params, "kout") * n);
    s->class_time = UINT64_MAX;
    s->queue = calloc(n, 1);
    if (!s->queue || dlist_init(&s->q, n, 2) || ghost_init(&s->a1out, s->kout + 1, 1, 0, n)) {
        twoq_fini(s);
        return vmlab_error_set(err, VMLAB_ESYSTEM, "out of memory for %u frames", n);
    }
    *state = s;
    return 0;
}

static void twoq_hit(void *state, uint32_t frame, const struct vmlab_access *a)
{
    struct twoq *s = state;
    if (s->queue[frame] == Q_AM)
        dlist_move_front(&s->q, Q_AM, frame);
}

static uint32_t twoq_victim(void *state, const struct vmlab_access *a)
{
    struct twoq *s = state;
    /* where the faulting page goes is decided before reclaiming changes A1out */
    s->class_time = a->time;
    s->class_am = ghost_find(&s->a1out, a->page_id) != GHOST_NONE;
    if (s->n_in > s->kin || dlist_empty(&s->q, Q_AM)) {
        uint32_t y = dlist_pop_back(&s->q, Q_A1IN);
        s->n_in--;
        ghost_add(&s->a1out, 0, y);
        if (ghost_used(&s->a1out) > s->kout)
            ghost_drop_oldest(&s->a1out, 0);
        return y;
    }
    return dlist_pop_back(&s->q, Q_AM); /* not remembered: unused for a while */
}

static void twoq_insert(void *state, uint32_t frame, const struct vmlab_access *a)
{
    struct twoq *s = state;
    uint32_t slot = ghost_take(&s->a1out, a->page_id); /* gone if reclaiming aged it out */
    bool am = s->class_time == a->time ? s->class_am : slot != GHOST_NONE;
    s->class_time = UINT64_MAX;
    ghost_note(&s->a1out, frame, a->page_id);
    s->queue[frame] = am ? Q_AM : Q_A1IN;
    dlist_push_front(&s->q, s->queue[frame], frame);
    s->n_in += !am;
}

static void twoq_remove(void *state, uint32_t frame)
{
    struct twoq *s = state;
    dlist_unlink(&s->q, frame);
    s->n_in -= s->queue[frame] == Q_A1IN;
}

const struct vmlab_policy vmlab_policy_twoq = {
    .abi = VMLAB_POLICY_ABI,
    .name = "2q",
    .summary = "2Q: A1in FIFO for new pages, A1out ghost keys, Am LRU for pages re-used after A1in",
    .source = "Johnson and Shasha, VLDB 1994",
    .params = twoq_params,
    .flags = VMLAB_POLICY_NEEDS_EXACT,
    .init = twoq_init,
    .hit = twoq_hit,
    .victim = twoq_victim,
    .insert = twoq_insert,
    .remove = twoq_remove,
    .fini = twoq_fini,
};
