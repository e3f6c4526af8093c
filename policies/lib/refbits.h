/*
 * refbits.h - what the policies that read PTE accessed bits share (CAR,
 * CLOCK-Pro, SIEVE, Linux's active/inactive lists, MGLRU): the `flush`
 * parameter, test-and-clear that flushes only a set bit, and forgetting the
 * access of the fault that loaded a page.
 *
 * The engine loads a page with its accessed bit set: the faulting access
 * walked the page table. Policies whose bit means "referenced again since
 * loaded" (a clock's reference bit, SIEVE's visited bit) clear it on insert.
 * In exact visibility that is free; in hardware visibility, clearing with a
 * flush invalidates the translation the fault just cached, one counted
 * shoot-down a fault, the price an OS pays for that bit's meaning. Clearing
 * without a flush leaves the TLB hitting and the bit clear, so the page looks
 * unreferenced until something else invalidates it.
 *
 * With a translation model (an "mmu") the faulting access walks the page
 * table after the fault is handled, as on real hardware: the bit is set again
 * after insert, and these policies take a new page as referenced once.
 */
#ifndef VMLAB_POLICIES_REFBITS_H
#define VMLAB_POLICIES_REFBITS_H

#include <vmlab/frames.h>

/* The parameter table row of `flush`, default true (as clock.c). */
#define REFBITS_FLUSH_PARAM                                                                        \
    {                                                                                              \
        "flush", VMLAB_PARAM_BOOL, "true", VMLAB_ANY, NULL,                                        \
            "clear accessed bits with a TLB invalidation (counted as a shoot-down in hardware "    \
            "mode)"                                                                                \
    }

/*
 * Read and clear frame @f's accessed bit, flushing (with @flush) only when it
 * was set, as Linux's ptep_clear_flush_young does. A policy that always
 * flushes never leaves a clear bit with a cached translation behind, so
 * there is nothing to invalidate then. Return: whether the bit was set.
 */
static inline bool refbits_test_clear(struct vmlab_frames *fr, uint32_t f, bool flush)
{
    if (!vmlab_frame_accessed(fr, f))
        return false;
    vmlab_frame_clear_accessed(fr, f, flush);
    return true;
}

/* Forget the fault's own access of frame @f's new page (see above). */
static inline void refbits_forget_fault(struct vmlab_frames *fr, uint32_t f, bool flush)
{
    vmlab_frame_clear_accessed(fr, f, flush);
}

#endif /* VMLAB_POLICIES_REFBITS_H */
