/*
 * mru_plugin.c - an out-of-tree policy as a user would write one: MRU (evict
 * the most recently used page), built as a shared object against the public
 * headers only and loaded with --plugin or VMLAB_PLUGIN_PATH.
 *
 * On 1,2,3,4,1,2,5,1,2,3,4,5 with 3 frames MRU evicts 3 (the page used last
 * before 4), then 2, 1, 2: 7 faults (worked on paper in tests/e2e/plugin.sh).
 */
#include <stdlib.h>

#include <vmlab/policy.h>

struct mru {
    uint32_t last;  /* frame used most recently */
};

static int mru_init(void **state, const struct vmlab_policy_env *env,
                    const struct vmlab_params *params, struct vmlab_error *err)
{
    (void)env;
    (void)params;
    struct mru *m = calloc(1, sizeof *m);
    if (!m)
        return vmlab_error_set(err, VMLAB_ESYSTEM, "mru-plugin: out of memory");
    *state = m;
    return 0;
}

static void mru_hit(void *state, uint32_t frame, const struct vmlab_access *a)
{
    (void)a;
    ((struct mru *)state)->last = frame;
}

static uint32_t mru_victim(void *state, const struct vmlab_access *a)
{
    (void)a;
    return ((struct mru *)state)->last;
}

static void mru_remove(void *state, uint32_t frame)
{
    (void)state;
    (void)frame;
}

static const struct vmlab_policy mru_plugin = {
    .abi = VMLAB_POLICY_ABI,
    .name = "mru-plugin",
    .summary = "most recently used (test plugin)",
    .source = "Chou and DeWitt, VLDB 1985",
    .flags = VMLAB_POLICY_NEEDS_EXACT,
    .init = mru_init,
    .hit = mru_hit,
    .victim = mru_victim,
    .insert = mru_hit,
    .remove = mru_remove,
    .fini = free,
};

VMLAB_PLUGIN_POLICIES(&mru_plugin);
