/*
 * linux_lru.c - Linux's split LRU for anonymous pages: an inactive and an
 * active list, promotion by a second look at the accessed bit, and
 * workingset detection by refault distance (mm/vmscan.c, mm/workingset.c).
 *
 *   new page ──► inactive [ head ... tail ] ──► its tail is examined:
 *                  ▲    ▲                        bit clear          ─► evicted, shadow = age
 *                  │    └─────────────────────── bit set, unmarked  ─► marked, to the head
 *                  │                             bit set, marked    ─► to active's head
 *                  └── deactivated ◄── active [ head ... tail ] ◄── refault, R - E <= |active|
 *                      (its tail, while |active| > ratio x |inactive|)
 *
 * Reclaim looks at the inactive list's tail (folio_check_references): the
 * page's accessed bit is read and cleared; a page found referenced is marked
 * (PG_referenced) and rotated to the head, and found referenced again while
 * marked it is activated; a page found unreferenced is evicted. Mapped pages
 * start with the bit their fault set, so a new page needs two later looks to
 * be activated: "look twice". Before each eviction the active list is aged
 * while it outgrows the inactive one (inactive_is_low): its tail page's bit
 * is cleared and the page moves to the inactive head, keeping its mark, so a
 * deactivated page used again is reactivated at its first look.
 *
 * Refault distance (mm/workingset.c): a counter ages with every eviction and
 * every activation. An evicted page leaves a shadow entry holding the counter
 * E; when it faults back at counter R, R - E is the least number of accesses
 * it lost the race to. If R - E <= |active| the page could have stayed had
 * the active pages been used less, so it is activated at once (and the
 * counter ages). Shadows are remembered for at most c + 1 evictions (c =
 * frames): an older one has R - E > c >= |active|, so the bound loses nothing.
 *
 * The model's simplifications, exactly: one LRU type (anonymous pages, swap
 * assumed), so the refault test compares with |active| only; one node, one
 * memory cgroup, no zones or watermarks; balancing and reclaim handle one
 * page at a time, where Linux scans batches (SWAP_CLUSTER_MAX = 32) in
 * proportion to list sizes; the active list is aged only when the inactive
 * list is low (no "refaults since last cycle" deactivation, no file/anon
 * cost balancing); shadows keep the full 64-bit counter (no EVICTION_MASK
 * truncation) and are kept FIFO (no shadow-node shrinker); dirty pages are
 * evicted at once (the engine counts the write-back), not deferred to the
 * end of writeback; no VM_EXEC exception, no PG_workingset/PSI accounting,
 * no mark_page_accessed (accesses through file descriptors).
 *
 * Only accessed bits are read, so the policy runs in both visibilities.
 *
 * Parameters:
 *   ratio (0)     - inactive_ratio: the active list is aged while
 *                   |active| > ratio * |inactive|; 0 computes it as Linux does
 *                   for the memory size with 4 KiB pages: int_sqrt(10 * GiB),
 *                   1 below 1 GiB.
 *   flush (true)  - clear accessed bits with a TLB invalidation (x86 Linux's
 *                   ptep_clear_flush_young does not flush: flush=false).
 *
 * Source: Linux mm/vmscan.c (shrink_active_list, folio_check_references,
 * inactive_is_low) and mm/workingset.c (the refault-distance derivation in
 * its header comment), kernels 5.9 and later (anonymous workingset).
 */
#include <config.h>

#include <stdlib.h>

#include <vmlab/policy.h>

#include "lib/dlist.h"
#include "lib/ghost.h"
#include "lib/sweep.h"

enum { LX_INACTIVE, LX_ACTIVE };

struct linux_lru {
    struct vmlab_frames *fr;
    struct dlist lru;     /* heads LX_INACTIVE, LX_ACTIVE; front = head (newest) */
    uint8_t *active;      /* per frame: on the active list */
    uint8_t *referenced;  /* per frame: PG_referenced */
    uint32_t n[2];        /* pages on each list */
    uint64_t ratio;       /* inactive_ratio */
    uint64_t age;         /* nonresident_age: evictions + activations */
    struct ghost shadows; /* capacity c + 1; data: the age at eviction */
    bool flush;
};

static const struct vmlab_param_desc linux_lru_params[] = {
    {"ratio", VMLAB_PARAM_COUNT, "0", VMLAB_RANGE(0, 1000), NULL,
     "inactive_ratio: age the active list while it exceeds ratio x inactive (0: as Linux)"},
    SWEEP_PARAM_FLUSH,
    {0},
};

/* int_sqrt, as lib/math/int_sqrt.c computes it: the floor of the square root. */
static uint64_t lx_isqrt(uint64_t x)
{
    uint64_t r = 0;
    while ((r + 1) * (r + 1) <= x)
        r++;
    return r;
}

static void linux_lru_fini(void *state)
{
    struct linux_lru *s = state;
    dlist_free(&s->lru);
    ghost_free(&s->shadows);
    free(s->active);
    free(s->referenced);
    free(s);
}

static int linux_lru_init(void **state, const struct vmlab_policy_env *env,
                          const struct vmlab_params *params, struct vmlab_error *err)
{
    struct linux_lru *s = calloc(1, sizeof *s);
    if (!s)
        return vmlab_error_set(err, VMLAB_ESYSTEM, "out of memory");
    uint32_t n = env->nframes;
    s->fr = env->frames;
    s->flush = vmlab_param_bool(params, "flush");
    s->ratio = vmlab_param_u64(params, "ratio");
    if (s->ratio == 0) {
        uint64_t gb = (uint64_t)n >> (30 - 12);
        s->ratio = gb ? lx_isqrt(10 * gb) : 1;
    }
    s->active = calloc(n, 1);
    s->referenced = calloc(n, 1);
    if (!s->active || !s->referenced || dlist_init(&s->lru, n, 2) ||
        ghost_init(&s->shadows, n + 1, 1, sizeof(uint64_t), n)) {
        linux_lru_fini(s);
        return vmlab_error_set(err, VMLAB_ESYSTEM, "out of memory for %u frames", n);
    }
    *state = s;
    return 0;
}

static void lx_move(struct linux_lru *s, uint32_t f, int to)
{
    dlist_unlink(&s->lru, f);
    dlist_push_front(&s->lru, to, f);
    s->n[s->active[f]]--;
    s->n[to]++;
    s->active[f] = (uint8_t)to;
}

/* shrink_active_list, one page: the tail loses its young bit and goes inactive. */
static void lx_deactivate(struct linux_lru *s)
{
    uint32_t f = dlist_back(&s->lru, LX_ACTIVE);
    sweep_harvest(s->fr, f, s->flush); /* anon: referenced or not */
    lx_move(s, f, LX_INACTIVE);
}

static uint32_t linux_lru_victim(void *state, const struct vmlab_access *a)
{
    struct linux_lru *s = state;
    while (s->n[LX_ACTIVE] > s->ratio * s->n[LX_INACTIVE])
        lx_deactivate(s);
    for (;;) {
        if (!s->n[LX_INACTIVE]) {
            if (!s->n[LX_ACTIVE])
                return VMLAB_NO_FRAME;
            lx_deactivate(s);
        }
        uint32_t f = dlist_back(&s->lru, LX_INACTIVE);
        bool referenced_ptes = sweep_harvest(s->fr, f, s->flush);
        bool referenced_page = s->referenced[f];
        s->referenced[f] = 0;
        if (referenced_ptes) {
            s->referenced[f] = 1;
            if (referenced_page) {
                lx_move(s, f, LX_ACTIVE); /* FOLIOREF_ACTIVATE */
                s->age++;
            } else {
                lx_move(s, f, LX_INACTIVE); /* FOLIOREF_KEEP: another trip */
            }
            continue;
        }
        dlist_unlink(&s->lru, f); /* FOLIOREF_RECLAIM */
        s->n[LX_INACTIVE]--;
        s->age++; /* workingset_eviction ages, then snapshots */
        if (ghost_full(&s->shadows))
            ghost_drop_oldest(&s->shadows, 0);
        uint32_t g = ghost_add(&s->shadows, 0, f);
        if (g != GHOST_NONE)
            *(uint64_t *)ghost_data(&s->shadows, g) = s->age; /* E */
        return f;
    }
}

static void linux_lru_insert(void *state, uint32_t frame, const struct vmlab_access *a)
{
    struct linux_lru *s = state;
    int to = LX_INACTIVE;
    uint32_t g = ghost_take(&s->shadows, a->page_id);
    ghost_note(&s->shadows, frame, a->page_id);
    if (g != GHOST_NONE &&
        s->age - *(const uint64_t *)ghost_data(&s->shadows, g) <= s->n[LX_ACTIVE]) {
        to = LX_ACTIVE; /* workingset_refault: activate, and age */
        s->age++;
    }
    s->active[frame] = (uint8_t)to;
    s->referenced[frame] = 0;
    s->n[to]++;
    dlist_push_front(&s->lru, to, frame);
}

static void linux_lru_remove(void *state, uint32_t frame)
{
    struct linux_lru *s = state;
    dlist_unlink(&s->lru, frame);
    s->n[s->active[frame]]--;
}

const struct vmlab_policy vmlab_policy_linux_lru = {
    .abi = VMLAB_POLICY_ABI,
    .name = "linux-lru",
    .summary = "Linux active/inactive lists: look-twice promotion, refault-distance activation",
    .source = "Linux mm/vmscan.c and mm/workingset.c",
    .params = linux_lru_params,
    .init = linux_lru_init,
    .victim = linux_lru_victim,
    .insert = linux_lru_insert,
    .remove = linux_lru_remove,
    .fini = linux_lru_fini,
};
