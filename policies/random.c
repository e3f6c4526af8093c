/*
 * random.c - RANDOM: evict a frame chosen uniformly at random.
 *
 * The baseline every other policy must beat on workloads with locality, and
 * the best one can do with no information (Belady 1966 used it as such). The
 * choice is drawn from the run's seed through vmlab's generator (rng.h), so a
 * run is reproduced exactly by its seed. RANDOM needs no hit hook.
 *
 * Parameters: none (the run's seed).
 */
#include <config.h>

#include <stdlib.h>

#include <vmlab/policy.h>
#include <vmlab/rng.h>

struct random_policy {
    struct vmlab_rng rng;
    struct vmlab_frames *fr;
};

static int random_init(void **state, const struct vmlab_policy_env *env,
                       const struct vmlab_params *params, struct vmlab_error *err)
{
    struct random_policy *s = malloc(sizeof *s);
    if (!s)
        return vmlab_error_set(err, VMLAB_ESYSTEM, "out of memory");
    vmlab_rng_seed(&s->rng, env->seed, 0x52414e44 /* "RAND" */);
    s->fr = env->frames;
    *state = s;
    return 0;
}

static uint32_t random_victim(void *state, const struct vmlab_access *a)
{
    struct random_policy *s = state;
    /* the engine fills free frames first, so every frame is in use; a pool
       with frames freed by remove() redraws until it finds a used one */
    uint32_t f;
    do
        f = (uint32_t)vmlab_rng_below(&s->rng, s->fr->n);
    while (!vmlab_frame_used(s->fr, f));
    return f;
}

static void random_insert(void *state, uint32_t frame, const struct vmlab_access *a)
{
}

static void random_remove(void *state, uint32_t frame)
{
}

static void random_fini(void *state)
{
    free(state);
}

const struct vmlab_policy vmlab_policy_random = {
    .abi = VMLAB_POLICY_ABI,
    .name = "random",
    .summary = "evict a uniformly random frame (seeded by the run's seed)",
    .source = "Belady, IBM Systems Journal 5(2), 1966",
    .init = random_init,
    .victim = random_victim,
    .insert = random_insert,
    .remove = random_remove,
    .fini = random_fini,
};
