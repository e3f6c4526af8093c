/*
 * sieve.c - SIEVE: a FIFO queue with a visited bit and a hand that sifts it.
 *
 * New pages enter at the head; nothing moves on a hit, which only sets the
 * page's visited bit. To evict, a hand walks from where it last stopped
 * towards the head (starting at the tail, and wrapping back to the tail):
 * a visited page keeps its place and loses its bit, the first unvisited page
 * is the victim, and the hand stops at the page just newer than it.
 *
 *   insert ─► head [ n  m  l  k  j  i ] tail        hand ◄── moves towards the head
 *                        ▲ hand: i, j visited (cleared, kept), k not: evict k
 *
 * Unlike CLOCK, a survivor stays where it is instead of going to the head, so
 * old popular pages gather near the tail while new ones are sifted out
 * quickly near the head: "lazy promotion, quick demotion".
 *
 * The visited bit is exactly the page's accessed bit, so SIEVE needs no hit
 * hook and runs in both visibilities; insert clears the bit the fault set
 * (see docs/policies-modern.md for its cost in hardware visibility). SIEVE
 * is not a stack algorithm.
 *
 * Parameters:
 *   flush (default true) - clear accessed bits with a TLB invalidation.
 *
 * Source: Zhang, Yang, Yue, Vigfusson and Rashmi, "SIEVE is simpler than
 * LRU: an efficient turn-key eviction algorithm for web caches", NSDI 2024.
 */
#include <config.h>

#include <stdlib.h>

#include <vmlab/policy.h>

#include "lib/dlist.h"
#include "lib/sweep.h"

struct sieve {
    struct vmlab_frames *fr;
    struct dlist queue; /* one list, front = head (newest), back = tail */
    uint32_t hand;      /* next frame the hand examines; DLIST_NONE: start at the tail */
    bool flush;
};

static const struct vmlab_param_desc sieve_params[] = {
    SWEEP_PARAM_FLUSH,
    {0},
};

static int sieve_init(void **state, const struct vmlab_policy_env *env,
                      const struct vmlab_params *params, struct vmlab_error *err)
{
    struct sieve *s = malloc(sizeof *s);
    if (!s || dlist_init(&s->queue, env->nframes, 1)) {
        free(s);
        return vmlab_error_set(err, VMLAB_ESYSTEM, "out of memory");
    }
    s->fr = env->frames;
    s->hand = DLIST_NONE;
    s->flush = vmlab_param_bool(params, "flush");
    *state = s;
    return 0;
}

static uint32_t sieve_victim(void *state, const struct vmlab_access *a)
{
    struct sieve *s = state;
    uint32_t x = s->hand != DLIST_NONE ? s->hand : dlist_back(&s->queue, 0);
    if (x == DLIST_NONE)
        return VMLAB_NO_FRAME;
    /* at most one lap clears every bit, so the walk ends within two */
    while (sweep_harvest(s->fr, x, s->flush)) {
        x = dlist_prev(&s->queue, 0, x);
        if (x == DLIST_NONE)
            x = dlist_back(&s->queue, 0);
    }
    s->hand = dlist_prev(&s->queue, 0, x);
    dlist_unlink(&s->queue, x);
    return x;
}

static void sieve_insert(void *state, uint32_t frame, const struct vmlab_access *a)
{
    struct sieve *s = state;
    dlist_push_front(&s->queue, 0, frame);
    vmlab_frame_clear_accessed(s->fr, frame,
                               s->flush); /* the fault\'s own access is no re-reference */
}

static void sieve_remove(void *state, uint32_t frame)
{
    struct sieve *s = state;
    if (s->hand == frame)
        s->hand = dlist_prev(&s->queue, 0, frame);
    dlist_unlink(&s->queue, frame);
}

static void sieve_fini(void *state)
{
    struct sieve *s = state;
    dlist_free(&s->queue);
    free(s);
}

const struct vmlab_policy vmlab_policy_sieve = {
    .abi = VMLAB_POLICY_ABI,
    .name = "sieve",
    .summary =
        "SIEVE: FIFO with a visited bit; a hand from tail to head evicts the first unvisited",
    .source = "Zhang et al., NSDI 2024",
    .params = sieve_params,
    .init = sieve_init,
    .victim = sieve_victim,
    .insert = sieve_insert,
    .remove = sieve_remove,
    .fini = sieve_fini,
};
