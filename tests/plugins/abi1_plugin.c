/*
 * abi1_plugin.c - a plugin as vmlab's policy ABI 1 headers built it: CLOCK,
 * calling the two frame verbs that ABI 1 exported out of line
 * (vmlab_frame_test_clear_accessed, vmlab_frame_clear_accessed; ABI 2 made
 * them static inline in vmlab/frames.h). vmlab must load it far enough to
 * refuse it by its ABI number with its usual message, not fail on an
 * undefined symbol (tests/e2e/plugin.sh).
 *
 * It includes no vmlab header: the ABI 1 declarations it was built with are
 * spelled out below as those headers had them (struct vmlab_policy had no
 * tick hook).
 */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

/* ---- from the ABI 1 headers ---- */

struct vmlab_frames;
struct vmlab_params;
struct vmlab_error;
struct vmlab_access;
struct vmlab_param_desc;

struct vmlab_policy_env {
    uint32_t nframes;
    uint64_t seed;
    int visibility;
    struct vmlab_frames *frames;
};

struct vmlab_policy {
    uint32_t abi;
    const char *name;
    const char *summary;
    const char *source;
    const struct vmlab_param_desc *params;
    uint32_t flags;
    int (*init)(void **state, const struct vmlab_policy_env *env, const struct vmlab_params *params,
                struct vmlab_error *err);
    void (*hit)(void *state, uint32_t frame, const struct vmlab_access *a);
    uint32_t (*victim)(void *state, const struct vmlab_access *a);
    void (*insert)(void *state, uint32_t frame, const struct vmlab_access *a);
    void (*remove)(void *state, uint32_t frame);
    void (*fini)(void *state);
};

void vmlab_frame_clear_accessed(struct vmlab_frames *fr, uint32_t f, bool flush);
bool vmlab_frame_test_clear_accessed(struct vmlab_frames *fr, uint32_t f, bool flush);

/* ---- the plugin ---- */

struct clock1 {
    struct vmlab_frames *fr;
    uint32_t n, hand;
};

static int clock1_init(void **state, const struct vmlab_policy_env *env,
                       const struct vmlab_params *params, struct vmlab_error *err)
{
    (void)params;
    (void)err;
    struct clock1 *s = calloc(1, sizeof *s);
    if (!s)
        return -1;
    s->fr = env->frames;
    s->n = env->nframes;
    *state = s;
    return 0;
}

static uint32_t clock1_victim(void *state, const struct vmlab_access *a)
{
    struct clock1 *s = state;
    (void)a;
    for (;;) {
        uint32_t f = s->hand;
        s->hand = (s->hand + 1) % s->n;
        if (!vmlab_frame_test_clear_accessed(s->fr, f, true))
            return f;
    }
}

static void clock1_insert(void *state, uint32_t frame, const struct vmlab_access *a)
{
    struct clock1 *s = state;
    (void)a;
    vmlab_frame_clear_accessed(s->fr, frame, false); /* a use of the other verb */
}

static void clock1_fini(void *state)
{
    free(state);
}

static const struct vmlab_policy clock1 = {
    .abi = 1,
    .name = "clock-abi1",
    .summary = "CLOCK built for policy ABI 1 (test plugin, refused)",
    .source = "test",
    .init = clock1_init,
    .victim = clock1_victim,
    .insert = clock1_insert,
    .fini = clock1_fini,
};

/* what ABI 1's VMLAB_PLUGIN_POLICIES(&clock1) expanded to */
const uint32_t vmlab_plugin_abi = 1;
const struct vmlab_policy *const vmlab_plugin_policies[] = {&clock1, NULL};
