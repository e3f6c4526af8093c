/*
 * vmlab/frames.h - the engine's frame table, as a replacement policy sees it.
 *
 * The engine owns physical memory: which page each frame holds and the bits
 * the MMU keeps in that page's page-table entry. A policy owns only its
 * ordering of frames. It reads the accessed and dirty bits here and may clear
 * the accessed bit, exactly as an operating system does.
 *
 *   frame f:  flags[f]  = USED | ACCESSED | DIRTY | CACHED
 *             key[f]    = vmlab_page_key(page, asid) of the resident page
 *
 * ACCESSED is set by an access unless CACHED says a TLB still holds the
 * translation: hardware sets the accessed bit only on a page walk. Clearing
 * ACCESSED with a flush also invalidates the cached translation (a TLB
 * shoot-down, counted); clearing it without one leaves the TLB hitting and the
 * bit clear, so the page looks unreferenced although it is in use. With
 * visibility "exact" there is no TLB: every access sets ACCESSED and clearing
 * it is free. With a translation model (an "mmu", vmlab/mmu.h) the modelled
 * TLBs decide instead of CACHED: a page walk sets ACCESSED, and a flush
 * invalidates the page's entries in every TLB.
 */
#ifndef VMLAB_FRAMES_H
#define VMLAB_FRAMES_H

#include <stdbool.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#define VMLAB_FRAME_USED 0x01u      /* holds a page */
#define VMLAB_FRAME_ACCESSED 0x02u  /* PTE accessed (referenced) bit */
#define VMLAB_FRAME_DIRTY 0x04u     /* PTE dirty (modified) bit */
#define VMLAB_FRAME_CACHED 0x08u    /* a TLB holds the translation (hardware visibility) */

#define VMLAB_NO_FRAME UINT32_MAX

enum vmlab_visibility {
    VMLAB_VIS_EXACT = 0,     /* the policy is told of every access */
    VMLAB_VIS_HARDWARE = 1,  /* the policy sees only PTE accessed/dirty bits */
};

struct vmlab_frames {
    uint32_t n;            /* frames in the pool the policy manages */
    uint8_t *flags;        /* per frame: VMLAB_FRAME_* bits (engine-owned) */
    const uint64_t *key;   /* per frame: page key of the resident page */
    int visibility;        /* enum vmlab_visibility */
    uint64_t *shootdowns;  /* engine counter of TLB invalidations */
    void *engine;          /* private to the engine */
};

static inline bool vmlab_frame_used(const struct vmlab_frames *fr, uint32_t f)
{
    return fr->flags[f] & VMLAB_FRAME_USED;
}

static inline bool vmlab_frame_accessed(const struct vmlab_frames *fr, uint32_t f)
{
    return fr->flags[f] & VMLAB_FRAME_ACCESSED;
}

static inline bool vmlab_frame_dirty(const struct vmlab_frames *fr, uint32_t f)
{
    return fr->flags[f] & VMLAB_FRAME_DIRTY;
}

/*
 * The engine's half of the two verbs below: what clearing an accessed bit
 * costs in hardware visibility (the TLB invalidation, its shoot-down count,
 * the translation model's entries). Correct in either visibility, but call
 * vmlab_frame_clear_accessed, which comes here only when it must.
 */
void vmlab_frame_clear_accessed_hardware(struct vmlab_frames *fr, uint32_t f, bool flush);

/*
 * Clear frame @f's accessed bit. With @flush (or in exact visibility) the
 * page's cached translations are invalidated too, so its next access sets the
 * bit again; in hardware visibility a flush counts one shoot-down. In exact
 * visibility there is no TLB to invalidate: two bits cleared inline, the
 * common case of every CLOCK-like sweep.
 */
static inline void vmlab_frame_clear_accessed(struct vmlab_frames *fr, uint32_t f, bool flush)
{
    if (fr->visibility == VMLAB_VIS_EXACT)
        fr->flags[f] &= (uint8_t)~(VMLAB_FRAME_ACCESSED | VMLAB_FRAME_CACHED);
    else
        vmlab_frame_clear_accessed_hardware(fr, f, flush);
}

/*
 * Read and clear frame @f's accessed bit (with @flush, a clear bit is
 * flushed too: a shoot-down in hardware visibility). Return: whether it was
 * set.
 */
static inline bool vmlab_frame_test_clear_accessed(struct vmlab_frames *fr, uint32_t f, bool flush)
{
    bool was = vmlab_frame_accessed(fr, f);
    if (was || flush)
        vmlab_frame_clear_accessed(fr, f, flush);
    return was;
}

/*
 * Clean frame @f: the policy has its page written back ahead of eviction (as
 * WSClock schedules writes). When the dirty bit was set it is cleared and the
 * write counted in the metric `cleanings`; in hardware visibility a TLB entry
 * holding the translation is invalidated too (it caches the dirty bit), one
 * shoot-down. A clean frame is left alone.
 */
void vmlab_frame_clear_dirty(struct vmlab_frames *fr, uint32_t f);

const char *vmlab_visibility_name(int visibility);

#ifdef __cplusplus
}
#endif

#endif /* VMLAB_FRAMES_H */
