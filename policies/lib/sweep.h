/*
 * sweep.h - what the bit-driven policies share: reading a frame's accessed
 * bit as an operating system does, a clock hand over the frames, and a
 * periodic timer run lazily from the reference count. Used by NRU, enhanced
 * CLOCK, second chance, GCLOCK, Aging and WSClock.
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
 * The lazy timer (struct tick). An OS samples accessed bits from a timer
 * interrupt. vmlab's policy interface has no tick hook: a bit-driven policy
 * is called only on faults (victim, insert), in both visibilities alike. So
 * ticks fall at times k * interval (k >= 1, time in references,
 * vmlab_access.time) and the work of every tick that fell since the last call
 * is done at the next call, at or after it, as one catch-up told how many
 * ticks passed. Sampling is then exact when faults come at least once an
 * interval; when they are rarer, pages used between the last tick and the
 * fault are seen as used in the last interval. A tick visits every frame:
 * O(frames), which an interval of at least the number of frames amortises
 * to O(1) per reference.
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

struct tick {
    uint64_t interval; /* references between ticks, >= 1 */
    uint64_t done;     /* ticks handled so far: the last fell at done * interval */
    uint64_t next;     /* time of the first tick not handled: (done + 1) * interval */
};

static inline struct tick tick_every(uint64_t interval)
{
    return (struct tick){.interval = interval, .done = 0, .next = interval};
}

/* How many ticks fell at or before time @now since the last call; they count as handled. */
static inline uint64_t tick_due(struct tick *t, uint64_t now)
{
    if (now < t->next)
        return 0;
    uint64_t k = now / t->interval;
    uint64_t due = k - t->done;
    t->done = k;
    t->next = (k + 1) * t->interval;
    return due;
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
