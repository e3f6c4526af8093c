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
 * The choice is drawn from the run's seed. The timer is the policy's tick
 * hook: the engine calls it between references at k * interval (k >= 1),
 * fault or no fault, so a page used after a tick and before the next fault
 * is in class 2 or 3 at that fault, as the interrupt leaves it.
 *
 * Finding the lowest class without visiting every frame at every fault.
 * Between two ticks a frame's class only rises: the MMU sets R and M and
 * nothing clears them but the timer, and a loaded page enters with R set
 * (class 2 or 3). So after one pass has found the lowest class c and listed
 * its frames, the frames of class c at any later fault before the next tick
 * are those of the list still in class c, plus the pages loaded since in
 * class c (insert adds them). A victim is a uniform draw from the list;
 * a drawn frame that has left class c is struck off and the draw repeated.
 * When the list runs dry the lowest class has risen: another pass. A pass
 * follows each tick, so the cost is O(frames) per interval plus O(1)
 * amortised per fault, whatever the mix of reads and writes.
 *
 *   after the pass:  c = 1   list = [f7 f2 f9 f4]
 *   fault:           draw f2: still (0,1)?  yes -> victim, struck off
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

struct nru {
    struct vmlab_frames *fr;
    struct vmlab_rng rng; /* victim draws, from the run's seed */
    uint64_t interval;    /* references between two ticks (R-clearings) */
    bool flush;
    int cls;        /* class of the frames listed, -1: none (a pass is due) */
    uint32_t *cand; /* frames that were (or were loaded) in class cls */
    uint32_t ncand;
    uint8_t *listed; /* per frame: in cand */
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

static void nru_unlist_all(struct nru *s)
{
    for (uint32_t i = 0; i < s->ncand; i++)
        s->listed[s->cand[i]] = 0;
    s->ncand = 0;
    s->cls = -1;
}

static void nru_list(struct nru *s, uint32_t f)
{
    if (!s->listed[f]) {
        s->listed[f] = 1;
        s->cand[s->ncand++] = f;
    }
}

/* The timer interrupt (tick hook): R cleared on every frame, classes fall. */
static uint64_t nru_tick(void *state, uint64_t time)
{
    struct nru *s = state;
    for (uint32_t f = 0; f < s->fr->n; f++)
        if (vmlab_frame_used(s->fr, f))
            sweep_harvest(s->fr, f, s->flush);
    nru_unlist_all(s);
    return time + s->interval; /* the first call, at 0, finds nothing resident */
}

/* One pass: the lowest class present, and its frames listed. */
static void nru_pass(struct nru *s)
{
    const struct vmlab_frames *fr = s->fr;
    nru_unlist_all(s);
    unsigned lowest = 4;
    for (uint32_t f = 0; f < fr->n; f++)
        if (vmlab_frame_used(fr, f) && nru_class(fr, f) < lowest)
            lowest = nru_class(fr, f);
    if (lowest == 4)
        return;
    s->cls = (int)lowest;
    for (uint32_t f = 0; f < fr->n; f++)
        if (vmlab_frame_used(fr, f) && nru_class(fr, f) == lowest)
            nru_list(s, f);
}

static int nru_init(void **state, const struct vmlab_policy_env *env,
                    const struct vmlab_params *params, struct vmlab_error *err)
{
    struct nru *s = calloc(1, sizeof *s);
    if (!s)
        return vmlab_error_set(err, VMLAB_ESYSTEM, "out of memory");
    s->cand = malloc((env->nframes ? env->nframes : 1) * sizeof *s->cand);
    s->listed = calloc(env->nframes ? env->nframes : 1, 1);
    if (!s->cand || !s->listed) {
        free(s->cand);
        free(s->listed);
        free(s);
        return vmlab_error_set(err, VMLAB_ESYSTEM, "out of memory");
    }
    s->fr = env->frames;
    vmlab_rng_seed(&s->rng, env->seed, 0x4e5255 /* "NRU" */);
    s->interval = sweep_param_or_frames(params, "interval", env->nframes);
    s->flush = vmlab_param_bool(params, "flush");
    s->cls = -1;
    *state = s;
    return 0;
}

static uint32_t nru_victim(void *state, const struct vmlab_access *a)
{
    struct nru *s = state;
    const struct vmlab_frames *fr = s->fr;
    (void)a;
    for (int passes = 0; passes < 5;) {
        if (!s->ncand) {
            nru_pass(s); /* the lowest class rose (or a tick fell): look again */
            passes++;
            if (s->cls < 0)
                return VMLAB_NO_FRAME; /* no used frame: the engine reports it */
        }
        uint32_t i = (uint32_t)vmlab_rng_below(&s->rng, s->ncand);
        uint32_t f = s->cand[i];
        s->cand[i] = s->cand[--s->ncand];
        s->listed[f] = 0;
        if (vmlab_frame_used(fr, f) && nru_class(fr, f) == (unsigned)s->cls)
            return f;
    }
    return VMLAB_NO_FRAME; /* not reached: a pass lists only frames of its class */
}

static void nru_insert(void *state, uint32_t frame, const struct vmlab_access *a)
{
    struct nru *s = state;
    (void)a;
    if (s->cls >= 0 && nru_class(s->fr, frame) == (unsigned)s->cls)
        nru_list(s, frame);
}

static void nru_remove(void *state, uint32_t frame)
{
    /* a listed frame that was freed is struck off when drawn */
}

static void nru_fini(void *state)
{
    struct nru *s = state;
    free(s->cand);
    free(s->listed);
    free(s);
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
    .tick = nru_tick,
};
