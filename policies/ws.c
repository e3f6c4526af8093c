/*
 * ws.c - the working-set policy over a shared pool of frames: evict a page
 * that has left its process's working set, else the least recently used.
 *
 * A process's working set W(t, tau) is the set of pages it referenced in its
 * last tau references: its own virtual time, which stands still while other
 * processes run. A page is outside when its process has made tau references
 * or more since the page was last used (the faulting reference itself not
 * yet counted). A fault evicts:
 *
 *   1. of the pages outside their process's working set, the least recently
 *      used (in real time, across processes);
 *   2. when every resident page is inside (the working sets overcommit
 *      memory: Denning would suspend a process), the least recently used.
 *
 *   process 1 ─ LRU list: [ p9 p4 p7 ]──► tail p7: outside? (vt1 - last(p7) >= tau)
 *   process 2 ─ LRU list: [ p3 p1 ]─────► tail p1: outside?
 *                  victim: the least recently used of the tails that are
 *                  outside, or of all tails when none is
 *
 * Each process's least recently used page is outside whenever any of its
 * pages is, so only the tails need looking at: O(processes) per fault. With
 * one process this chooses exactly as LRU whatever tau (the test suite
 * asserts it); with several, an idle process keeps its working set (its
 * virtual clock is stopped) while the running ones give up their stale
 * pages first. Working-set *allocation* (suspending a process whose working
 * set does not fit) is a matter for the allocator, not this policy.
 *
 * ws is a stack algorithm, with any number of processes: it evicts the
 * resident page of least priority (outside first, then least recently used),
 * and that priority is a function of the references alone, not of the
 * memory size, so the pages resident with n frames are resident with n+1
 * (the argument of Mattson et al. 1970; tests/test_policies_a.c checks it).
 *
 * Last-use times are exact, taken at every reference: visibility "exact".
 * WSClock (wsclock.c) is the bit-driven approximation that runs in hardware
 * visibility.
 *
 * Parameters:
 *   tau (default 0 = the number of frames) - the window, in references made
 *     by the page's own process (its virtual time)
 *
 * Source: Denning, "The working set model for program behavior", CACM 11(5),
 * 1968.
 */
#include <config.h>

#include <stdlib.h>

#include <vmlab/policy.h>

#include "lib/dlist.h"
#include "lib/sweep.h"

#define WS_NPROC (VMLAB_ASID_MAX + 1)

struct ws {
    struct dlist lru; /* one list per process; front most recently used */
    uint64_t *vtime;  /* per process: references it made so far (its virtual time) */
    uint32_t *nres;   /* per process: resident pages */
    uint16_t *active; /* processes with resident pages, nactive of them */
    uint16_t *slot;   /* per process: its index in active */
    uint32_t nactive;
    uint64_t *vlast; /* per frame: its process's virtual time at the last use */
    uint64_t *tlast; /* per frame: real time (vmlab_access.time) of the last use */
    uint16_t *owner; /* per frame: the process */
    uint64_t tau;
};

static const struct vmlab_param_desc ws_params[] = {
    {"tau", VMLAB_PARAM_COUNT, "0", VMLAB_RANGE(0, 1e15), NULL,
     "working-set window, in references of the page's own process (0: the number of frames)"},
    {0},
};

static void ws_free(struct ws *s)
{
    dlist_free(&s->lru);
    free(s->vtime);
    free(s->nres);
    free(s->active);
    free(s->slot);
    free(s->vlast);
    free(s->tlast);
    free(s->owner);
    free(s);
}

static int ws_init(void **state, const struct vmlab_policy_env *env,
                   const struct vmlab_params *params, struct vmlab_error *err)
{
    struct ws *s = calloc(1, sizeof *s);
    if (!s)
        return vmlab_error_set(err, VMLAB_ESYSTEM, "out of memory");
    uint32_t n = env->nframes;
    s->vtime = calloc(WS_NPROC, sizeof *s->vtime);
    s->nres = calloc(WS_NPROC, sizeof *s->nres);
    s->active = calloc(WS_NPROC, sizeof *s->active);
    s->slot = calloc(WS_NPROC, sizeof *s->slot);
    s->vlast = calloc(n, sizeof *s->vlast);
    s->tlast = calloc(n, sizeof *s->tlast);
    s->owner = calloc(n, sizeof *s->owner);
    if (dlist_init(&s->lru, n, WS_NPROC) || !s->vtime || !s->nres || !s->active || !s->slot ||
        !s->vlast || !s->tlast || !s->owner) {
        ws_free(s);
        return vmlab_error_set(err, VMLAB_ESYSTEM, "out of memory");
    }
    s->tau = sweep_param_or_frames(params, "tau", n);
    *state = s;
    return 0;
}

/* Frame @f was used now by its owner. */
static void ws_touch(struct ws *s, uint32_t f, const struct vmlab_access *a)
{
    s->vlast[f] = ++s->vtime[a->asid];
    s->tlast[f] = a->time;
}

static void ws_hit(void *state, uint32_t frame, const struct vmlab_access *a)
{
    struct ws *s = state;
    ws_touch(s, frame, a);
    dlist_move_front(&s->lru, a->asid, frame);
}

/* Take frame @f out of its process's list. */
static void ws_unlink(struct ws *s, uint32_t f)
{
    uint16_t p = s->owner[f];
    dlist_unlink(&s->lru, f);
    if (--s->nres[p] == 0) {
        uint16_t last = s->active[--s->nactive];
        s->active[s->slot[p]] = last;
        s->slot[last] = s->slot[p];
    }
}

static uint32_t ws_victim(void *state, const struct vmlab_access *a)
{
    struct ws *s = state;
    uint32_t best = VMLAB_NO_FRAME;
    bool best_out = false;
    for (uint32_t i = 0; i < s->nactive; i++) {
        uint16_t p = s->active[i];
        uint32_t f = dlist_back(&s->lru, p);
        bool out = s->vtime[p] - s->vlast[f] >= s->tau;
        if (best == VMLAB_NO_FRAME || (out && !best_out) ||
            (out == best_out && s->tlast[f] < s->tlast[best])) {
            best = f;
            best_out = out;
        }
    }
    if (best != VMLAB_NO_FRAME)
        ws_unlink(s, best);
    return best;
}

static void ws_insert(void *state, uint32_t frame, const struct vmlab_access *a)
{
    struct ws *s = state;
    uint16_t p = (uint16_t)a->asid;
    s->owner[frame] = p;
    ws_touch(s, frame, a);
    dlist_push_front(&s->lru, p, frame);
    if (s->nres[p]++ == 0) {
        s->slot[p] = (uint16_t)s->nactive;
        s->active[s->nactive++] = p;
    }
}

static void ws_remove(void *state, uint32_t frame)
{
    ws_unlink(state, frame);
}

static void ws_fini(void *state)
{
    ws_free(state);
}

const struct vmlab_policy vmlab_policy_ws = {
    .abi = VMLAB_POLICY_ABI,
    .name = "ws",
    .summary = "working set: evict a page outside its process's window of tau references, else "
               "the LRU page (needs exact visibility)",
    .source = "Denning, CACM 11(5), 1968",
    .params = ws_params,
    .flags = VMLAB_POLICY_NEEDS_EXACT,
    .init = ws_init,
    .hit = ws_hit,
    .victim = ws_victim,
    .insert = ws_insert,
    .remove = ws_remove,
    .fini = ws_fini,
};
