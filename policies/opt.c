/*
 * opt.c - OPT (Belady's MIN): evict the page whose next use is farthest away.
 *
 * No algorithm that does not know the future faults less (Belady, "A study
 * of replacement algorithms for a virtual-storage computer", IBM Systems
 * Journal 5(2), 1966; optimality proved by Mattson et al. 1970). The engine
 * gives each reference its next-use time from one backward pass over the
 * input; OPT keeps resident frames in a max-heap keyed by it:
 *
 *   heap top = frame whose page is used again last (or never) ─► victim
 *
 * Pages never used again all tie at "never"; the lowest-numbered frame among
 * them goes first, so step-by-step tables are reproducible. Ties change which
 * frame, never how many faults. OPT is a stack algorithm.
 *
 * A victim stays at the top until the next call: the insert that follows
 * it into the same frame (the engine's fault) replaces the top in one sift
 * down (heap_replace), where a removal and a push would sift twice. Any
 * other call first takes the victim out.
 *
 * Parameters: none. Needs visibility "exact" (every reference moves a key).
 */
#include <config.h>

#include <stdlib.h>

#include <vmlab/policy.h>

#include "lib/heap.h"

struct opt {
    struct heap heap;  /* frames by next-use key */
    uint32_t victim;   /* the victim named, still at the top; HEAP_NONE: none */
};

/* Take out a victim still in the heap (any call but its frame's insert). */
static inline void opt_settle(struct opt *s)
{
    if (s->victim != HEAP_NONE) {
        heap_remove(&s->heap, s->victim);
        s->victim = HEAP_NONE;
    }
}

/* Unique keys: a real time, or "never" spread so that lower frames rank higher. */
static uint64_t opt_key(uint32_t frame, const struct vmlab_access *a)
{
    return a->next_use == VMLAB_NEVER ? UINT64_MAX - frame : a->next_use;
}

static int opt_init(void **state, const struct vmlab_policy_env *env,
                    const struct vmlab_params *params, struct vmlab_error *err)
{
    struct opt *s = malloc(sizeof *s);
    if (!s || heap_init(&s->heap, env->nframes)) {
        free(s);
        return vmlab_error_set(err, VMLAB_ESYSTEM, "out of memory");
    }
    s->victim = HEAP_NONE;
    *state = s;
    return 0;
}

static void opt_hit(void *state, uint32_t frame, const struct vmlab_access *a)
{
    struct opt *s = state;
    opt_settle(s);
    heap_update(&s->heap, frame, opt_key(frame, a));
}

static uint32_t opt_victim(void *state, const struct vmlab_access *a)
{
    struct opt *s = state;
    opt_settle(s);
    s->victim = heap_top(&s->heap);
    return s->victim;
}

static void opt_insert(void *state, uint32_t frame, const struct vmlab_access *a)
{
    struct opt *s = state;
    if (s->victim != HEAP_NONE && frame == s->victim) {
        heap_replace(&s->heap, frame, frame, opt_key(frame, a));
        s->victim = HEAP_NONE;
        return;
    }
    opt_settle(s);
    heap_push(&s->heap, frame, opt_key(frame, a));
}

static void opt_remove(void *state, uint32_t frame)
{
    struct opt *s = state;
    opt_settle(s);
    if (heap_contains(&s->heap, frame))
        heap_remove(&s->heap, frame);
}

static void opt_fini(void *state)
{
    struct opt *s = state;
    heap_free(&s->heap);
    free(s);
}

const struct vmlab_policy vmlab_policy_opt = {
    .abi = VMLAB_POLICY_ABI,
    .name = "opt",
    .summary = "Belady's optimal (MIN): evict the page used again farthest in the future",
    .source = "Belady, IBM Systems Journal 5(2), 1966",
    .flags = VMLAB_POLICY_NEEDS_FUTURE | VMLAB_POLICY_NEEDS_EXACT | VMLAB_POLICY_STACK_OPT,
    .init = opt_init,
    .hit = opt_hit,
    .victim = opt_victim,
    .insert = opt_insert,
    .remove = opt_remove,
    .fini = opt_fini,
};
