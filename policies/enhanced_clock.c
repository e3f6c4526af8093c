/*
 * enhanced_clock.c - enhanced CLOCK (enhanced second chance): a clock hand
 * that looks for the best of four classes by accessed (R) and dirty (M) bits,
 * so that clean pages go before dirty ones and no write-back is spent while
 * an unreferenced clean page exists.
 *
 *   (R,M) = (0,0) best victim: not used lately, clean
 *           (0,1) not used lately, but must be written back
 *           (1,0) used lately: spared
 *           (1,1) used lately and dirty: spared longest
 *
 * A fault sweeps from the hand at most four times around the circle:
 *
 *   pass 1: the first frame with (0,0) is the victim; no bit is changed
 *   pass 2: the first frame with (0,1) is the victim; the R bit of every
 *           frame passed over is cleared (its second chance)
 *   then pass 1 and pass 2 again: every R is now clear, so one of them finds
 *   a victim
 *
 *         hand ─► (1,1) ─► (1,0) ─► (0,1) ─► (0,0) ─► ...    pass 1 stops at (0,0)
 *
 * Each pass starts where the hand stands; the hand stops just past the
 * victim. With a write-heavy mix where no (0,0) page exists, pass 1 visits
 * every frame at each fault (O(frames)), the known cost of this algorithm.
 *
 * Only PTE bits are read: runs in both visibilities. In hardware visibility
 * clearing R without a TLB flush (flush=false) leaves TLB-resident pages
 * looking unreferenced.
 *
 * Parameters:
 *   flush (default true) - clear R with a TLB invalidation
 *
 * Source: Stallings, Operating Systems: Internals and Design Principles,
 * chapter 8 (the clock policy with use and modify bits, after the early
 * Macintosh virtual memory); Silberschatz, Galvin and Gagne, Operating System
 * Concepts, "enhanced second-chance algorithm".
 */
#include <config.h>

#include <stdlib.h>

#include <vmlab/policy.h>

#include "lib/sweep.h"

struct enhanced_clock {
    struct vmlab_frames *fr;
    struct hand hand;
    bool flush;
};

static const struct vmlab_param_desc enhanced_clock_params[] = {
    SWEEP_PARAM_FLUSH,
    {0},
};

static int enhanced_clock_init(void **state, const struct vmlab_policy_env *env,
                               const struct vmlab_params *params, struct vmlab_error *err)
{
    struct enhanced_clock *s = malloc(sizeof *s);
    if (!s)
        return vmlab_error_set(err, VMLAB_ESYSTEM, "out of memory");
    s->fr = env->frames;
    s->hand = (struct hand){.pos = 0, .n = env->nframes};
    s->flush = vmlab_param_bool(params, "flush");
    *state = s;
    return 0;
}

/* One turn from the hand looking for R=0 and M=@dirty; @clear: clear R of frames passed. */
static uint32_t enhanced_clock_pass(struct enhanced_clock *s, bool dirty, bool clear)
{
    struct vmlab_frames *fr = s->fr;
    for (uint32_t i = 0; i < fr->n; i++) {
        uint32_t f = hand_step(&s->hand);
        if (!vmlab_frame_used(fr, f))
            continue;
        if (!vmlab_frame_accessed(fr, f) && vmlab_frame_dirty(fr, f) == dirty)
            return f;
        if (clear)
            sweep_harvest(fr, f, s->flush);
    }
    return VMLAB_NO_FRAME;
}

static uint32_t enhanced_clock_victim(void *state, const struct vmlab_access *a)
{
    struct enhanced_clock *s = state;
    for (int round = 0; round < 2; round++) {
        uint32_t f = enhanced_clock_pass(s, false, false);
        if (f == VMLAB_NO_FRAME)
            f = enhanced_clock_pass(s, true, true);
        if (f != VMLAB_NO_FRAME)
            return f;
    }
    return VMLAB_NO_FRAME; /* no used frame: the engine reports it */
}

static void enhanced_clock_insert(void *state, uint32_t frame, const struct vmlab_access *a)
{
    /* the frame keeps its place on the circle; the hand has already passed it */
}

static void enhanced_clock_remove(void *state, uint32_t frame)
{
}

static void enhanced_clock_fini(void *state)
{
    free(state);
}

const struct vmlab_policy vmlab_policy_enhanced_clock = {
    .abi = VMLAB_POLICY_ABI,
    .name = "enhanced_clock",
    .summary = "enhanced CLOCK: sweep for (referenced, modified) = (0,0), then (0,1) clearing "
               "referenced bits",
    .source = "Stallings, Operating Systems: Internals and Design Principles, ch. 8",
    .params = enhanced_clock_params,
    .init = enhanced_clock_init,
    .victim = enhanced_clock_victim,
    .insert = enhanced_clock_insert,
    .remove = enhanced_clock_remove,
    .fini = enhanced_clock_fini,
};
