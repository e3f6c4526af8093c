/*
 * nru.c - NRU (not recently used): four classes by the accessed (R) and
 * dirty (M) bits, a timer that clears R, and a random victim from the
 * lowest class.
 *
 *   class 0: R=0 M=0   not referenced, clean      ◄── victims come from here first
 *   class 1: R=0 M=1   not referenced, modified       (a page whose R was cleared
 *   class 2: R=1 M=0   referenced, clean               by the timer after a write)
 *   class 3: R=1 M=1   referenced, modified
 *
 *   timer, every `interval` references:  R := 0 on every frame (M is kept)
 *
 * A fault evicts a page chosen uniformly at random from the lowest-numbered
 * class that is not empty: a page not referenced since the last tick is
 * preferred, and of those a clean one, whose eviction needs no write-back.
 * The choice is drawn from the run's seed. Up to NRU_PROBES random frames are
 * tried for class 0 first (each a uniform draw, so the page found is uniform
 * among class 0); when none is, one pass counts the classes and a second
 * takes a uniformly drawn page of the lowest one. The timer runs lazily at
 * faults (lib/sweep.h): its clearing happens at the first fault at or after
 * each tick, which is what the interrupt would have left behind as long as
 * faults come at least once an interval.
 *
 * NRU reads only PTE bits, so it runs in both visibilities. In hardware
 * visibility clearing R without a TLB flush (flush=false) leaves TLB-resident
 * pages looking unreferenced until their entry is evicted.
 *
 * Parameters:
 *   interval (default 0 = the number of frames) - references between two
 *     clearings of the R bits (the clock interrupt); each clearing visits
 *     every frame
 *   flush (default true) - clear R with a TLB invalidation
 *
 * Source: Tanenbaum, Modern Operating Systems, section 3.4.2 ("The Not
 * Recently Used page replacement algorithm").
 */
#include <config.h>

#include <stdlib.h>

#include <vmlab/policy.h>
#include <vmlab/rng.h>

#include "lib/sweep.h"

#define NRU_PROBES 32 /* random draws for a class-0 frame before counting classes */

struct nru {
    struct vmlab_frames *fr;
    struct vmlab_rng rng; /* victim draws, from the run's seed */
    struct tick tick;     /* the R-clearing timer */
    bool flush;
};

static const struct vmlab_param_desc nru_params[] = {
    {"interval", VMLAB_PARAM_COUNT, "0", VMLAB_RANGE(0, 1e15), NULL,
     "references between clearings of every accessed bit (0: the number of frames)"},
    SWEEP_PARAM_FLUSH,
    {0},
};

/* 0..3: R*2 + M */
static unsigned nru_class(const struct vmlab_frames *fr, uint32_t f)
{
    return (vmlab_frame_accessed(fr, f) ? 2u : 0u) + (vmlab_frame_dirty(fr, f) ? 1u : 0u);
}

/* The timer's work for the ticks that fell since the last call. */
static void nru_catch_up(struct nru *s, uint64_t now)
{
    if (!tick_due(&s->tick, now))
        return;
    for (uint32_t f = 0; f < s->fr->n; f++)
        if (vmlab_frame_used(s->fr, f))
            sweep_harvest(s->fr, f, s->flush);
}

static int nru_init(void **state, const struct vmlab_policy_env *env,
                    const struct vmlab_params *params, struct vmlab_error *err)
{
    struct nru *s = malloc(sizeof *s);
    if (!s)
        return vmlab_error_set(err, VMLAB_ESYSTEM, "out of memory");
    s->fr = env->frames;
    vmlab_rng_seed(&s->rng, env->seed, 0x4e5255 /* "NRU" */);
    s->tick = tick_every(sweep_param_or_frames(params, "interval", env->nframes));
    s->flush = vmlab_param_bool(params, "flush");
    *state = s;
    return 0;
}

static uint32_t nru_victim(void *state, const struct vmlab_access *a)
{
    struct nru *s = state;
    const struct vmlab_frames *fr = s->fr;
    nru_catch_up(s, a->time);
    for (int i = 0; i < NRU_PROBES; i++) {
        uint32_t f = (uint32_t)vmlab_rng_below(&s->rng, fr->n);
        if (vmlab_frame_used(fr, f) && nru_class(fr, f) == 0)
            return f;
    }
    uint32_t count[4] = {0, 0, 0, 0};
    for (uint32_t f = 0; f < fr->n; f++)
        if (vmlab_frame_used(fr, f))
            count[nru_class(fr, f)]++;
    unsigned c = 0;
    while (c < 4 && !count[c])
        c++;
    if (c == 4)
        return VMLAB_NO_FRAME; /* no used frame: the engine reports it */
    uint64_t j = vmlab_rng_below(&s->rng, count[c]);
    for (uint32_t f = 0; f < fr->n; f++)
        if (vmlab_frame_used(fr, f) && nru_class(fr, f) == c && j-- == 0)
            return f;
    return VMLAB_NO_FRAME;
}

static void nru_insert(void *state, uint32_t frame, const struct vmlab_access *a)
{
    nru_catch_up(state, a->time);
}

static void nru_remove(void *state, uint32_t frame)
{
}

static void nru_fini(void *state)
{
    free(state);
}

const struct vmlab_policy vmlab_policy_nru = {
    .abi = VMLAB_POLICY_ABI,
    .name = "nru",
    .summary = "not recently used: random page of the lowest (referenced, modified) class; "
               "a timer clears referenced bits",
    .source = "Tanenbaum, Modern Operating Systems, section 3.4.2",
    .params = nru_params,
    .init = nru_init,
    .victim = nru_victim,
    .insert = nru_insert,
    .remove = nru_remove,
    .fini = nru_fini,
};
