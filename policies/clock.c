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
 * clears them all and CLOCK degenerates to FIFO. In exact visibility the hand
 * tests and clears 8 frames' bits a word (clock_sweep_exact): the same
 * victims, without a mispredicted branch per frame.
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
#include <string.h>

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

/* The hand at frame @f: true if it is the victim (a page, its bit clear); a set bit is cleared. */
static inline bool clock_look(struct vmlab_frames *fr, uint32_t f, bool flush)
{
    if (!vmlab_frame_used(fr, f))
        return false;
    if (!vmlab_frame_accessed(fr, f))
        return true;
    vmlab_frame_clear_accessed(fr, f, flush);
    return false;
}

/* A byte @x in each of the 8 bytes of a word. */
#define CLOCK_BYTES(x) (UINT64_C(0x0101010101010101) * (x))

_Static_assert(VMLAB_FRAME_USED == 1 && VMLAB_FRAME_ACCESSED == 2,
               "clock_sweep_exact finds 'used, not accessed' by shifting ACCESSED onto USED");

/*
 * The sweep in exact visibility, where clearing an accessed bit is two bits
 * of the frame's flag byte (vmlab_frame_clear_accessed): 8 frames a step,
 * a word of their flags tested and cleared at once. The first frame of the
 * word that holds a page with its bit clear is the victim; every frame
 * before it loses its bit. The same victim and bits as frame by frame
 * (which covers the frames where a word does not fit before the wrap), with
 * one predictable branch per 8 frames instead of one unpredictable one per
 * frame.
 */
static uint32_t clock_sweep_exact(struct clock *s, struct vmlab_frames *fr)
{
    uint8_t *flags = fr->flags;
    uint32_t hand = s->hand, n = fr->n;
    uint64_t steps = 0;
    while (steps <= 2 * (uint64_t)n) { /* at most two turns, as clock_victim */
        if (n - hand >= 8) {
            uint64_t w;
            memcpy(&w, flags + hand, sizeof w);
            /* bit 0 of each byte: USED and not ACCESSED */
            uint64_t cand = w & ~(w >> 1) & CLOCK_BYTES(VMLAB_FRAME_USED);
            uint64_t passed = cand ? (cand & -cand) - 1 : UINT64_MAX; /* the bytes before it */
            w &= ~(passed & CLOCK_BYTES(VMLAB_FRAME_ACCESSED | VMLAB_FRAME_CACHED));
            memcpy(flags + hand, &w, sizeof w);
            if (cand) {
                uint32_t f = hand + (uint32_t)__builtin_ctzll(cand) / 8;
                s->hand = f + 1 == n ? 0 : f + 1;
                return f;
            }
            hand = hand + 8 == n ? 0 : hand + 8;
            steps += 8;
        } else {
            uint32_t f = hand;
            hand = f + 1 == n ? 0 : f + 1;
            steps++;
            if (clock_look(fr, f, true)) {
                s->hand = hand;
                return f;
            }
        }
    }
    s->hand = hand;
    return VMLAB_NO_FRAME;
}

static uint32_t clock_victim(void *state, const struct vmlab_access *a)
{
    struct clock *s = state;
    struct vmlab_frames *fr = s->fr;
    if (fr->visibility == VMLAB_VIS_EXACT)
        return clock_sweep_exact(s, fr);
    /* the hand in a local: a write to a frame's flags (bytes) may alias the state */
    uint32_t hand = s->hand, n = fr->n;
    bool flush = s->flush;
    /* at most two turns: the first clears every bit it passes */
    for (uint64_t steps = 0; steps <= 2 * (uint64_t)n; steps++) {
        uint32_t f = hand;
        hand = f + 1 == n ? 0 : f + 1;
        if (clock_look(fr, f, flush)) {
            s->hand = hand;
            return f;
        }
    }
    s->hand = hand;
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
