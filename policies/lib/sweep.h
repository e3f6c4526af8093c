/*
 * sweep.h - what the bit-driven policies share: reading a frame's accessed
 * bit as an operating system does, a clock hand over the frames, and the
 * default of their timer intervals. Used by NRU, enhanced CLOCK, second
 * chance, GCLOCK, Aging and WSClock, and by the modern policies that read
 * only bits.
 *
 * Harvesting an accessed bit (sweep_harvest):
 *
 *   A=1 ─► clear it; with flush the page's TLB entry is invalidated too (a
 *          shoot-down in hardware visibility), so its next use sets A again
 *   A=0 ─► left alone: after a flushed clear no TLB holds the translation, so
 *          there is nothing to invalidate; after an unflushed one the TLB keeps
 *          hitting and the bit stays clear, which is the point of flush=false
 *
 * The clock hand (struct hand) walks frames 0, 1, ..., n-1, 0, ...:
 *
 *        ┌─► f0 ─► f1 ─► f2 ─► ... ─► f(n-1) ─┐     hand_step: the frame under
 *        └────────────────────────────────────┘     the hand, hand moves on
 *
 * Timers. An OS samples accessed bits from a timer interrupt; a policy does
 * it in its tick hook (vmlab/policy.h), which the engine calls between
 * references at the times the policy asks for: NRU's clearing, Aging's
 * shifts and lfu_aging's halvings fall at k * interval, k >= 1, whether or
 * not a fault comes. A tick that visits every frame costs O(frames), which
 * an interval of at least the number of frames (the default,
 * sweep_param_or_frames) amortises to O(1) per reference. WSClock needs no
 * timer: its hand, at faults, is its sampling, by design.
 */
#ifndef VMLAB_POLICIES_SWEEP_H
#define VMLAB_POLICIES_SWEEP_H

#include <stdbool.h>
#include <stdint.h>

#include <vmlab/frames.h>
#include <vmlab/params.h>

/* The parameter table entry of every bit-clearing policy. */
#define SWEEP_PARAM_FLUSH                                                                          \
    {                                                                                              \
        "flush", VMLAB_PARAM_BOOL, "true", VMLAB_ANY, NULL,                                        \
            "clear accessed bits with a TLB invalidation (counted as a shoot-down in hardware "    \
            "mode)"                                                                                \
    }

/* Read frame @f's accessed bit and clear it when set. Return: whether it was set. */
static inline bool sweep_harvest(struct vmlab_frames *fr, uint32_t f, bool flush)
{
    if (!vmlab_frame_accessed(fr, f))
        return false;
    vmlab_frame_clear_accessed(fr, f, flush);
    return true;
}

struct hand {
    uint32_t pos; /* the frame the sweep looks at next */
    uint32_t n;   /* frames on the circle */
};

/* The frame under the hand; the hand moves to the next. */
static inline uint32_t hand_step(struct hand *h)
{
    uint32_t f = h->pos;
    h->pos = f + 1 == h->n ? 0 : f + 1;
    return f;
}

/*
 * The value of count parameter @name, or @nframes when it is 0: the default
 * of the timer intervals and windows, which scale with memory.
 */
static inline uint64_t sweep_param_or_frames(const struct vmlab_params *p, const char *name,
                                             uint32_t nframes)
{
    uint64_t v = vmlab_param_u64(p, name);
    return v ? v : nframes;
}

#endif /* VMLAB_POLICIES_SWEEP_H */
