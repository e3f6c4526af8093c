/*
 * gclock.c - GCLOCK (generalised CLOCK): a reference count per frame instead
 * of CLOCK's one bit, so that pages used often survive more sweeps.
 *
 *   reference:  count := min(count + 1, max)       load: count := init
 *   sweep:      hand ─► count > 0 ? count-- and move on : victim
 *
 *        ┌─► f0 [3] ─► f1 [0] ─► f2 [1] ─┐    the hand at f0: f0 drops to 2,
 *        └─────────── f3 [2] ◄───────────┘    f1 has 0: victim
 *
 * In exact visibility every hit increments the count (the algorithm as
 * published). In hardware visibility the OS sees no individual hits: the
 * hand reads the frame's accessed bit first and, when set, counts it as one
 * reference (and clears it), then decrements. The bit set by the faulting
 * access itself is counted this way too, so in hardware visibility a page
 * gets one reference more than init for its load. With init=1 and max=1,
 * GCLOCK chooses exactly as CLOCK in both visibilities.
 *
 * Each decrement is paid by an earlier increment or load, so a sweep costs
 * O(1) per reference amortised; a single fault may sweep up to max+1 turns.
 *
 * Parameters:
 *   init (default 1) - count given to a page when it is loaded
 *   max (default 15) - ceiling of the count (a 4-bit counter)
 *   flush (default true) - in hardware visibility, clear accessed bits with
 *     a TLB invalidation
 *
 * Source: Smith, "Sequentiality and prefetching in database systems", ACM
 * TODS 3(3), 1978 (CLOCK with counts); Nicola, Dan and Dias, "Analysis of the
 * generalized clock buffer replacement scheme for database transaction
 * processing", SIGMETRICS 1992. The defaults are vmlab's: the sources leave
 * the weights to the workload.
 */
#include <config.h>

#include <stdlib.h>

#include <vmlab/policy.h>

#include "lib/sweep.h"

struct gclock {
    struct vmlab_frames *fr;
    struct hand hand;
    uint16_t *count; /* per frame: references counted, 0..max */
    uint16_t init, max;
    bool harvest; /* hardware visibility: count accessed bits as references */
    bool flush;
};

static const struct vmlab_param_desc gclock_params[] = {
    {"init", VMLAB_PARAM_COUNT, "1", VMLAB_RANGE(0, 65535), NULL,
     "count given to a page when it is loaded"},
    {"max", VMLAB_PARAM_COUNT, "15", VMLAB_RANGE(1, 65535), NULL,
     "ceiling of a frame's reference count"},
    SWEEP_PARAM_FLUSH,
    {0},
};

static int gclock_init(void **state, const struct vmlab_policy_env *env,
                       const struct vmlab_params *params, struct vmlab_error *err)
{
    uint64_t init = vmlab_param_u64(params, "init"), max = vmlab_param_u64(params, "max");
    if (init > max)
        return vmlab_error_set(err, VMLAB_EINPUT, "init (%llu) must not exceed max (%llu)",
                               (unsigned long long)init, (unsigned long long)max);
    struct gclock *s = malloc(sizeof *s);
    uint16_t *count = calloc(env->nframes, sizeof *count);
    if (!s || !count) {
        free(s);
        free(count);
        return vmlab_error_set(err, VMLAB_ESYSTEM, "out of memory");
    }
    *s = (struct gclock){
        .fr = env->frames,
        .hand = {.pos = 0, .n = env->nframes},
        .count = count,
        .init = (uint16_t)init,
        .max = (uint16_t)max,
        .harvest = env->visibility == VMLAB_VIS_HARDWARE,
        .flush = vmlab_param_bool(params, "flush"),
    };
    *state = s;
    return 0;
}

static void gclock_hit(void *state, uint32_t frame, const struct vmlab_access *a)
{
    struct gclock *s = state;
    if (s->count[frame] < s->max)
        s->count[frame]++;
}

static uint32_t gclock_victim(void *state, const struct vmlab_access *a)
{
    struct gclock *s = state;
    struct vmlab_frames *fr = s->fr;
    /* every turn lowers every count: at most max + 1 turns find a zero */
    for (uint64_t steps = 0; steps < ((uint64_t)s->max + 2) * fr->n; steps++) {
        uint32_t f = hand_step(&s->hand);
        if (!vmlab_frame_used(fr, f))
            continue;
        if (s->harvest && sweep_harvest(fr, f, s->flush) && s->count[f] < s->max)
            s->count[f]++;
        if (!s->count[f])
            return f;
        s->count[f]--;
    }
    return VMLAB_NO_FRAME; /* no used frame: the engine reports it */
}

static void gclock_insert(void *state, uint32_t frame, const struct vmlab_access *a)
{
    struct gclock *s = state;
    s->count[frame] = s->init;
}

static void gclock_remove(void *state, uint32_t frame)
{
}

static void gclock_fini(void *state)
{
    struct gclock *s = state;
    free(s->count);
    free(s);
}

const struct vmlab_policy vmlab_policy_gclock = {
    .abi = VMLAB_POLICY_ABI,
    .name = "gclock",
    .summary = "generalised CLOCK: a count per frame, raised by references, lowered by the hand",
    .source = "Smith, ACM TODS 3(3), 1978; Nicola, Dan and Dias, SIGMETRICS 1992",
    .params = gclock_params,
    .init = gclock_init,
    .hit = gclock_hit,
    .victim = gclock_victim,
    .insert = gclock_insert,
    .remove = gclock_remove,
    .fini = gclock_fini,
};
