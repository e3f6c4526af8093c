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
 * victim. Done literally, pass 1 visits every frame at each fault of a
 * write-heavy mix where no (0,0) page exists. But a frame becomes (0,0) only
 * when pass 2 clears the R of a clean page (the MMU only sets bits, and a
 * loaded page has R set), so those frames are marked (lib/bitset.h) and
 * pass 1 visits only the marked frames, in the hand's order: the first
 * marked frame still (0,0) is the one a literal pass 1 would stop at. A mark
 * is dropped when pass 1 visits its frame. Every step of a sweep is then paid
 * by a bit the MMU set or a mark pass 2 made: O(1) amortised per reference.
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

#include <assert.h>
#include <stdlib.h>

#include <vmlab/policy.h>

#include "lib/bitset.h"
#include "lib/sweep.h"

struct enhanced_clock {
    struct vmlab_frames *fr;
    struct hand hand;
    bool flush;
    struct bitset marked; /* frames that may be (0,0): R cleared by pass 2 while clean */
    uint32_t nmarked;
};

#define ENHANCED_CLOCK_IS_00(fr, f) (!vmlab_frame_accessed(fr, f) && !vmlab_frame_dirty(fr, f))

static const struct vmlab_param_desc enhanced_clock_params[] = {
    SWEEP_PARAM_FLUSH,
    {0},
};

static int enhanced_clock_init(void **state, const struct vmlab_policy_env *env,
                               const struct vmlab_params *params, struct vmlab_error *err)
{
    struct enhanced_clock *s = malloc(sizeof *s);
    if (!s || bitset_init(&s->marked, env->nframes)) {
        free(s);
        return vmlab_error_set(err, VMLAB_ESYSTEM, "out of memory");
    }
    s->nmarked = 0;
    s->fr = env->frames;
    s->hand = (struct hand){.pos = 0, .n = env->nframes};
    s->flush = vmlab_param_bool(params, "flush");
    *state = s;
    return 0;
}

static void enhanced_clock_unmark(struct enhanced_clock *s, uint32_t f)
{
    if (bitset_test(&s->marked, f)) {
        bitset_clear(&s->marked, f);
        s->nmarked--;
    }
}

/*
 * Pass 1: one turn from the hand for the first (0,0); no bit changes. Only
 * marked frames can be (0,0), so only they are looked at, in the hand's
 * order; a failed turn leaves the hand where it started, as a full turn does.
 */
static uint32_t enhanced_clock_pass1(struct enhanced_clock *s)
{
    struct vmlab_frames *fr = s->fr;
    uint32_t start = s->hand.pos;
    bool wrapped = false;
    uint32_t f = s->nmarked ? bitset_next(&s->marked, start) : BITSET_NONE;
    while (s->nmarked) {
        if (f == BITSET_NONE) {
            if (wrapped)
                break;
            wrapped = true;
            f = bitset_next(&s->marked, 0);
            continue;
        }
        if (wrapped && f >= start)
            break;
        enhanced_clock_unmark(s, f);
        if (vmlab_frame_used(fr, f) && ENHANCED_CLOCK_IS_00(fr, f)) {
            s->hand.pos = f + 1 == fr->n ? 0 : f + 1;
            return f;
        }
        f = bitset_next(&s->marked, f + 1);
    }
    return VMLAB_NO_FRAME;
}

/* Pass 2: one turn for the first (0,1), clearing R of every frame passed. */
static uint32_t enhanced_clock_pass2(struct enhanced_clock *s)
{
    struct vmlab_frames *fr = s->fr;
    for (uint32_t i = 0; i < fr->n; i++) {
        uint32_t f = hand_step(&s->hand);
        if (!vmlab_frame_used(fr, f))
            continue;
        /* pass 1 found no (0,0), and no bit is set during a fault */
        assert(!ENHANCED_CLOCK_IS_00(fr, f));
        if (!vmlab_frame_accessed(fr, f) && vmlab_frame_dirty(fr, f))
            return f;
        if (sweep_harvest(fr, f, s->flush) && !vmlab_frame_dirty(fr, f) &&
            !bitset_test(&s->marked, f)) {
            bitset_set(&s->marked, f);
            s->nmarked++;
        }
    }
    return VMLAB_NO_FRAME;
}

static uint32_t enhanced_clock_victim(void *state, const struct vmlab_access *a)
{
    struct enhanced_clock *s = state;
    for (int round = 0; round < 2; round++) {
        uint32_t f = enhanced_clock_pass1(s);
        if (f == VMLAB_NO_FRAME)
            f = enhanced_clock_pass2(s);
        if (f != VMLAB_NO_FRAME) {
            enhanced_clock_unmark(s, f);
            return f;
        }
    }
    return VMLAB_NO_FRAME; /* no used frame: the engine reports it */
}

static void enhanced_clock_insert(void *state, uint32_t frame, const struct vmlab_access *a)
{
    /* the frame keeps its place on the circle; the hand has already passed it */
}

static void enhanced_clock_remove(void *state, uint32_t frame)
{
    enhanced_clock_unmark(state, frame);
}

static void enhanced_clock_fini(void *state)
{
    struct enhanced_clock *s = state;
    bitset_free(&s->marked);
    free(s);
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
