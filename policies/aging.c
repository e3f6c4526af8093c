/*
 * aging.c - Aging: an n-bit shift register per frame, fed from the accessed
 * bit at every timer tick; the page with the smallest register goes.
 *
 *   tick:  counter := (counter >> 1) | (R << (bits - 1));  R := 0
 *
 *          R at ticks:  1    0    1    1    0
 *          counter:   1000 0100 1010 1101 0110    (bits = 4)
 *
 *   fault: evict the page with the smallest counter: the one whose last
 *          uses, read as a binary number, lie furthest in the past
 *
 * A page used in the latest interval outranks every page that was not, and
 * the register forgets uses older than `bits` ticks. A loaded page starts at
 * 0 with R set by the faulting access, so it counts from the next tick on.
 * Ties (equal counters) go to the page loaded earliest.
 *
 * Ticks are the policy's tick hook, which the engine calls between
 * references every `interval` references (at k * interval, k >= 1), fault or
 * no fault: each tick shifts every register once and enters the R of that
 * interval alone, as the clock interrupt does. A page used after the last
 * tick has R set but its register does not show it yet: it counts from the
 * next tick on, like a page just loaded.
 *
 * Frames sit in one list per counter value (2^bits lists), each in load
 * order, and in one load-order list: a tick rebuilds the counter lists by
 * walking the load-order list (O(frames), once an interval), a fault takes
 * the oldest frame of the lowest non-empty list (O(2^bits) per interval and
 * O(1) per fault: between ticks only loads enter a list, list 0).
 *
 *   counter lists:  [0]: f7 f2   [1]:    [2]: f5   ...   [2^bits - 1]: f1
 *                    ▲ victim: oldest loaded of the lowest list
 *
 * Only PTE accessed bits are read: runs in both visibilities.
 *
 * Parameters:
 *   bits (default 8) - counter width, 1..16
 *   interval (default 0 = the number of frames) - references between ticks
 *   flush (default true) - clear R with a TLB invalidation
 *
 * Source: Tanenbaum, Modern Operating Systems, section 3.4.7 ("Simulating LRU
 * in software": aging, with 8-bit counters).
 */
#include <config.h>

#include <stdlib.h>

#include <vmlab/policy.h>

#include "lib/dlist.h"
#include "lib/sweep.h"

struct aging {
    struct vmlab_frames *fr;
    struct dlist buckets; /* one list per counter value; front newest loaded */
    struct dlist loaded;  /* every resident frame; front newest loaded */
    uint16_t *counter;    /* per frame: the shift register */
    unsigned bits;
    uint32_t lo;       /* no bucket in 1..lo-1 holds a frame (bucket 0 is looked at first) */
    uint64_t interval; /* references between two ticks */
    bool flush;
};

static const struct vmlab_param_desc aging_params[] = {
    {"bits", VMLAB_PARAM_COUNT, "8", VMLAB_RANGE(1, 16), NULL, "width of each shift register"},
    {"interval", VMLAB_PARAM_COUNT, "0", VMLAB_RANGE(0, 1e15), NULL,
     "references between two samplings of the accessed bits (0: the number of frames)"},
    SWEEP_PARAM_FLUSH,
    {0},
};

/* The timer interrupt (tick hook): shift every register, enter R, re-sort in load order. */
static uint64_t aging_tick(void *state, uint64_t time)
{
    struct aging *s = state;
    uint32_t top = 1u << (s->bits - 1);
    for (uint32_t f = dlist_back(&s->loaded, 0); f != DLIST_NONE;
         f = dlist_prev(&s->loaded, 0, f)) {
        uint32_t c = (uint32_t)s->counter[f] >> 1;
        if (sweep_harvest(s->fr, f, s->flush))
            c |= top;
        s->counter[f] = (uint16_t)c;
        dlist_unlink(&s->buckets, f);
        dlist_push_front(&s->buckets, c, f);
    }
    s->lo = 1;
    return time + s->interval; /* the first call, at 0, finds nothing loaded */
}

static int aging_init(void **state, const struct vmlab_policy_env *env,
                      const struct vmlab_params *params, struct vmlab_error *err)
{
    struct aging *s = malloc(sizeof *s);
    if (!s)
        return vmlab_error_set(err, VMLAB_ESYSTEM, "out of memory");
    s->bits = (unsigned)vmlab_param_u64(params, "bits");
    s->counter = calloc(env->nframes, sizeof *s->counter);
    if (!s->counter || dlist_init(&s->buckets, env->nframes, 1u << s->bits)) {
        free(s->counter);
        free(s);
        return vmlab_error_set(err, VMLAB_ESYSTEM, "out of memory");
    }
    if (dlist_init(&s->loaded, env->nframes, 1)) {
        dlist_free(&s->buckets);
        free(s->counter);
        free(s);
        return vmlab_error_set(err, VMLAB_ESYSTEM, "out of memory");
    }
    s->fr = env->frames;
    s->lo = 1;
    s->interval = sweep_param_or_frames(params, "interval", env->nframes);
    s->flush = vmlab_param_bool(params, "flush");
    *state = s;
    return 0;
}

static uint32_t aging_victim(void *state, const struct vmlab_access *a)
{
    struct aging *s = state;
    (void)a;
    /* loads go to bucket 0 and nothing else enters a bucket between ticks,
       so the lowest non-empty bucket above 0 only rises until the next tick */
    uint32_t nb = 1u << s->bits, k = 0;
    if (dlist_empty(&s->buckets, 0)) {
        while (s->lo < nb && dlist_empty(&s->buckets, s->lo))
            s->lo++;
        if (s->lo == nb)
            return VMLAB_NO_FRAME; /* no used frame: the engine reports it */
        k = s->lo;
    }
    uint32_t f = dlist_pop_back(&s->buckets, k);
    dlist_unlink(&s->loaded, f);
    return f;
}

static void aging_insert(void *state, uint32_t frame, const struct vmlab_access *a)
{
    struct aging *s = state;
    (void)a;
    s->counter[frame] = 0;
    dlist_push_front(&s->loaded, 0, frame);
    dlist_push_front(&s->buckets, 0, frame);
}

static void aging_remove(void *state, uint32_t frame)
{
    struct aging *s = state;
    dlist_unlink(&s->buckets, frame);
    dlist_unlink(&s->loaded, frame);
}

static void aging_fini(void *state)
{
    struct aging *s = state;
    dlist_free(&s->buckets);
    dlist_free(&s->loaded);
    free(s->counter);
    free(s);
}

const struct vmlab_policy vmlab_policy_aging = {
    .abi = VMLAB_POLICY_ABI,
    .name = "aging",
    .summary = "aging: n-bit shift registers fed from accessed bits at each tick; evict the "
               "smallest",
    .source = "Tanenbaum, Modern Operating Systems, section 3.4.7",
    .params = aging_params,
    .init = aging_init,
    .victim = aging_victim,
    .insert = aging_insert,
    .remove = aging_remove,
    .fini = aging_fini,
    .tick = aging_tick,
};
