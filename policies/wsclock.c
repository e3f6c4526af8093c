/*
 * wsclock.c - WSClock: the working-set policy run by a clock hand over the
 * frames, with dirty pages written back ahead of eviction rather than on the
 * fault's critical path.
 *
 * Every frame keeps an estimated time of last use, L, refreshed whenever the
 * hand finds the accessed bit set. At a fault at time t the hand sweeps:
 *
 *   R=1                       used since the hand last came: R := 0, L := t
 *   R=0, t - L > tau, clean   outside the working set, a copy on disk: victim
 *   R=0, t - L > tau, dirty   outside, but no valid copy: schedule its write-back
 *                             (the page is cleaned), move on
 *   R=0, t - L <= tau         in the working set: move on
 *
 *        ┌─► f0 R=1 ─► f1 old,dirty ─► f2 young ─► f3 old,clean ─┐
 *        │    L:=t      write back      skip         victim      │
 *        └───────────────────────────────────────────────────────┘
 *
 * If the hand comes all the way round without a victim, there are two cases
 * (Tanenbaum). Write-backs were scheduled: the hand goes on looking for an
 * old clean page, and the first page whose write has completed is it. None
 * were: then no page is old, every page is in the working set, and the first
 * clean page the hand meets goes; when every page is dirty, the page under
 * the hand, paying its write-back at eviction.
 *
 * Write-back scheduling as modelled. A scheduled write clears the page's
 * dirty bit at once (vmlab_frame_clear_dirty): the page stays resident and
 * is counted in the metric `cleanings` (a write to swap off the fault's
 * path; in hardware visibility the page's TLB entry is invalidated with it,
 * one shoot-down, so that a later write sets the dirty bit again). The
 * write is taken to complete before the hand next reaches the page, i.e.
 * within one turn of the clock. A page written again before it is evicted
 * has cost a cleaning and will cost a write-back too: `cleanings +
 * writebacks` is the algorithm's whole write traffic. max_writes bounds the
 * write-backs one fault may schedule (Tanenbaum's limit on disk traffic).
 *
 * Time is references (vmlab_access.time), one clock for all processes: in
 * hardware visibility the policy cannot see a process's own reference count,
 * which Carr and Hennessy's virtual time would be (ws.c, in exact visibility,
 * uses it). The hand refreshes L only when it passes, at faults: the
 * accessed bits stand in for the timer of the working-set algorithm.
 *
 * When the hand comes all the way round, memory is overcommitted in
 * WSClock's eyes: every page looks in its working set (Carr and Hennessy
 * would deactivate a process here; one pool cannot), and every such fault
 * costs a whole turn, O(frames). Last-use times lag real use by up to one
 * turn of the hand, so the window must stay well below the time a turn
 * takes for this to be rare; right after memory first fills, every page's
 * time is set by the same sweep and memory looks overcommitted for tau
 * references. Hence a default window of a sixteenth of the frames, shorter
 * than ws.c's.
 *
 * Only PTE bits are read: runs in both visibilities; in hardware visibility
 * with flush=false, pages the TLB keeps hitting look unused and age out.
 *
 * Parameters:
 *   tau (default 0 = a sixteenth of the number of frames, at least 1) -
 *     working-set window, references
 *   max_writes (default 0 = no limit) - write-backs one fault may schedule
 *   flush (default true) - clear R with a TLB invalidation
 *
 * Source: Carr and Hennessy, "WSCLOCK - a simple and effective algorithm for
 * virtual memory management", SOSP 1981; Tanenbaum, Modern Operating
 * Systems, section 3.4.9.
 */
#include <config.h>

#include <stdlib.h>

#include <vmlab/policy.h>

#include "lib/sweep.h"

struct wsclock {
    struct vmlab_frames *fr;
    struct hand hand;
    uint64_t *last; /* per frame: estimated time of last use */
    uint64_t tau;
    uint64_t max_writes; /* 0: no limit */
    bool flush;
};

static const struct vmlab_param_desc wsclock_params[] = {
    {"tau", VMLAB_PARAM_COUNT, "0", VMLAB_RANGE(0, 1e15), NULL,
     "working-set window in references: older unreferenced pages may go (0: frames / 16)"},
    {"max_writes", VMLAB_PARAM_COUNT, "0", VMLAB_RANGE(0, 1e15), NULL,
     "write-backs a single fault may schedule (0: no limit)"},
    SWEEP_PARAM_FLUSH,
    {0},
};

static int wsclock_init(void **state, const struct vmlab_policy_env *env,
                        const struct vmlab_params *params, struct vmlab_error *err)
{
    struct wsclock *s = malloc(sizeof *s);
    uint64_t *last = calloc(env->nframes, sizeof *last);
    if (!s || !last) {
        free(s);
        free(last);
        return vmlab_error_set(err, VMLAB_ESYSTEM, "out of memory");
    }
    *s = (struct wsclock){
        .fr = env->frames,
        .hand = {.pos = 0, .n = env->nframes},
        .last = last,
        .tau = sweep_param_or_frames(params, "tau", env->nframes / 16 ? env->nframes / 16 : 1),
        .max_writes = vmlab_param_u64(params, "max_writes"),
        .flush = vmlab_param_bool(params, "flush"),
    };
    *state = s;
    return 0;
}

static uint32_t wsclock_victim(void *state, const struct vmlab_access *a)
{
    struct wsclock *s = state;
    struct vmlab_frames *fr = s->fr;
    uint64_t t = a->time, scheduled = 0;
    for (uint32_t i = 0; i < fr->n; i++) {
        uint32_t f = hand_step(&s->hand);
        if (!vmlab_frame_used(fr, f))
            continue;
        if (sweep_harvest(fr, f, s->flush)) {
            s->last[f] = t;
            continue;
        }
        if (t - s->last[f] <= s->tau)
            continue;
        if (!vmlab_frame_dirty(fr, f))
            return f;
        if (!s->max_writes || scheduled < s->max_writes) {
            vmlab_frame_clear_dirty(fr, f);
            scheduled++;
        }
    }
    /* a whole turn without an old clean page; no bit changes during a fault,
       so on this second turn the old pages are those cleaned on the first */
    for (uint32_t i = 0; i < fr->n; i++) {
        uint32_t f = hand_step(&s->hand);
        if (vmlab_frame_used(fr, f) && !vmlab_frame_dirty(fr, f) &&
            (!scheduled || t - s->last[f] > s->tau))
            return f;
    }
    /* every page dirty: the one under the hand, written back as it goes */
    for (uint32_t i = 0; i < fr->n; i++) {
        uint32_t f = hand_step(&s->hand);
        if (vmlab_frame_used(fr, f))
            return f;
    }
    return VMLAB_NO_FRAME; /* no used frame: the engine reports it */
}

static void wsclock_insert(void *state, uint32_t frame, const struct vmlab_access *a)
{
    struct wsclock *s = state;
    s->last[frame] = a->time;
}

static void wsclock_remove(void *state, uint32_t frame)
{
}

static void wsclock_fini(void *state)
{
    struct wsclock *s = state;
    free(s->last);
    free(s);
}

const struct vmlab_policy vmlab_policy_wsclock = {
    .abi = VMLAB_POLICY_ABI,
    .name = "wsclock",
    .summary = "WSClock: clock over frames with last-use times; old clean pages go, old dirty "
               "ones are written back first",
    .source = "Carr and Hennessy, SOSP 1981",
    .params = wsclock_params,
    .init = wsclock_init,
    .victim = wsclock_victim,
    .insert = wsclock_insert,
    .remove = wsclock_remove,
    .fini = wsclock_fini,
};
