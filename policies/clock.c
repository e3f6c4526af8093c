/*
 * clock.c - CLOCK (second chance): FIFO that spares referenced pages.
 *
 * Frames form a circle and a hand points at the oldest. To find a victim the
 * hand sweeps: a frame whose accessed bit is set gets a second chance (the
 * bit is cleared, the hand moves on); the first frame found with the bit
 * clear is the victim, and the hand stops just past it.
 *
 *            ┌──► f0 (A=1: clear, skip) ──► f1 (A=0: victim) ──┐
 *            └──────────────── f3 ◄── f2 ◄─────────────────────┘
 *
 * The accessed bit is the page-table entry's, set by the MMU: CLOCK needs no
 * hit hook and runs in both visibilities. A page loaded by a fault has its
 * bit set (the faulting access sets it); when every bit is set the sweep
 * clears them all and CLOCK degenerates to FIFO.
 *
 * Parameters:
 *   flush (default true) - clear accessed bits with a TLB invalidation. In
 *     hardware visibility without it a page whose translation stays cached
 *     looks unreferenced (what x86 Linux accepts to avoid shoot-downs).
 *
 * Source: Corbató, "A paging experiment with the Multics system", MIT
 * Project MAC report MAC-M-384, 1968; second chance in Tanenbaum, Modern
 * Operating Systems, section 3.4.
 */
#include <config.h>

#include <stdlib.h>

#include <vmlab/policy.h>

struct clock {
    struct vmlab_frames *fr;
    uint32_t hand;   /* next frame the sweep looks at */
    bool flush;
};

static const struct vmlab_param_desc clock_params[] = {
    {"flush", VMLAB_PARAM_BOOL, "true", VMLAB_ANY, NULL,
     "clear accessed bits with a TLB invalidation (counted as a shoot-down in hardware mode)"},
    {0},
};

static int clock_init(void **state, const struct vmlab_policy_env *env,
                      const struct vmlab_params *params, struct vmlab_error *err)
{
    struct clock *s = malloc(sizeof *s);
    if (!s)
        return vmlab_error_set(err, VMLAB_ESYSTEM, "out of memory");
    s->fr = env->frames;
    s->hand = 0;
    s->flush = vmlab_param_bool(params, "flush");
    *state = s;
    return 0;
}

static uint32_t clock_victim(void *state, const struct vmlab_access *a)
{
    struct clock *s = state;
    struct vmlab_frames *fr = s->fr;
    /* at most two turns: the first clears every bit it passes */
    for (uint64_t steps = 0; steps <= 2 * (uint64_t)fr->n; steps++) {
        uint32_t f = s->hand;
        s->hand = f + 1 == fr->n ? 0 : f + 1;
        if (!vmlab_frame_used(fr, f))
            continue;
        if (!vmlab_frame_accessed(fr, f))
            return f;
        vmlab_frame_clear_accessed(fr, f, s->flush);
    }
    return VMLAB_NO_FRAME;  /* no used frame: the engine reports it */
}

static void clock_insert(void *state, uint32_t frame, const struct vmlab_access *a)
{
    /* the frame keeps its place on the circle; the hand has already passed it */
}

static void clock_remove(void *state, uint32_t frame)
{
}

static void clock_fini(void *state)
{
    free(state);
}

const struct vmlab_policy vmlab_policy_clock = {
    .abi = VMLAB_POLICY_ABI,
    .name = "clock",
    .summary = "CLOCK / second chance: sweep a hand, sparing pages whose accessed bit is set",
    .source = "Corbato, MIT Project MAC MAC-M-384, 1968",
    .params = clock_params,
    .init = clock_init,
    .victim = clock_victim,
    .insert = clock_insert,
    .remove = clock_remove,
    .fini = clock_fini,
};
