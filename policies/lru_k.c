/*
 * lru_k.c - LRU-K: evict the page whose K-th most recent reference is oldest
 * (the largest backward K-distance), so that one reference is not enough to
 * look popular.
 *
 *   page p:  HIST(p) = [ t1 (latest) | t2 | ... | tK ]    LAST(p) = its very last reference
 *   victim:  among pages with now - LAST > CRP, the smallest tK
 *            (pages with fewer than K references have tK = -infinity: they go
 *            first, the least recently used of them first)
 *
 *   heap of resident frames, top = largest backward K-distance ─► victim
 *   retained histories of evicted pages [ key | HIST | evicted at ] FIFO, bounded
 *
 * References within the correlated reference period (CRP) of LAST(p) are
 * correlated (one burst): they move LAST(p) only. An uncorrelated reference
 * shifts HIST(p), first closing the gap of the burst that ended (each older
 * entry moves forward by LAST(p) - HIST(p,1)), and pages referenced within
 * the CRP may not be evicted (if all are, the best of them is); among equal
 * K-th references the least recently used goes first. The history
 * of an evicted page is retained for the retained information period (RIP);
 * a page faulting back within it resumes its history.
 *
 * LRU-1 is exactly LRU. Every reference updates the history, so LRU-K needs
 * visibility "exact". LRU-K is not a stack algorithm for K >= 2.
 *
 * Parameters:
 *   k (2)       - K, references of history (1..8).
 *   crp (0)     - correlated reference period, in references; 0: every
 *                 reference counts (the paper leaves it to the application).
 *   rip (0)     - retained information period, in references; 0: histories
 *                 are kept until the bound below pushes them out.
 *   history (1) - histories of evicted pages retained, as a multiple of
 *                 frames (oldest eviction dropped first).
 *
 * Source: O'Neil, O'Neil and Weikum, "The LRU-K page replacement algorithm
 * for database disk buffering", SIGMOD 1993 (section 2, figure 2.1; the
 * shift of HIST runs from K down to 2).
 */
#include <config.h>

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <vmlab/policy.h>

#include "lib/ghost.h"
#include "lib/heap.h"

#define LRUK_MAX_K 8
#define LRUK_INF (UINT64_C(1) << 63) /* key bit: fewer than K references */

struct lru_k {
    struct vmlab_frames *fr;
    struct heap heap;  /* resident frames keyed by backward K-distance */
    uint64_t *hist;    /* per frame: K times, [0] latest; 0 = none (times count from 1) */
    uint64_t *last;    /* per frame: LAST */
    uint64_t *ghist;   /* per retained history: K times */
    uint64_t *gtime;   /* per retained history: when it was evicted */
    uint32_t *stash;   /* frames set aside by victim() while within the CRP */
    struct ghost kept; /* retained histories */
    unsigned k;
    uint64_t crp, rip;
};

static const struct vmlab_param_desc lru_k_params[] = {
    {"k", VMLAB_PARAM_COUNT, "2", VMLAB_RANGE(1, LRUK_MAX_K), NULL,
     "K: references of history that rank a page"},
    {"crp", VMLAB_PARAM_COUNT, "0", VMLAB_RANGE(0, 1e15), NULL,
     "correlated reference period, references (0: none)"},
    {"rip", VMLAB_PARAM_COUNT, "0", VMLAB_RANGE(0, 1e15), NULL,
     "retained information period of evicted pages' histories, references (0: unbounded)"},
    {"history", VMLAB_PARAM_REAL, "1", VMLAB_RANGE(0, 64), NULL,
     "histories of evicted pages retained, as a multiple of frames"},
    {0},
};

/* Heap key: larger = evicted sooner. */
static uint64_t lruk_key(const struct lru_k *s, uint32_t f)
{
    const uint64_t *h = &s->hist[(size_t)f * s->k];
    if (h[s->k - 1] == 0)
        return LRUK_INF | (LRUK_INF - 1 - h[0]); /* infinite distance; LRU among these */
    return LRUK_INF - 1 - h[s->k - 1];
}

static void lru_k_fini(void *state)
{
    struct lru_k *s = state;
    heap_free(&s->heap);
    ghost_free(&s->kept);
    free(s->hist);
    free(s->last);
    free(s->ghist);
    free(s->gtime);
    free(s->stash);
    free(s);
}

static int lru_k_init(void **state, const struct vmlab_policy_env *env,
                      const struct vmlab_params *params, struct vmlab_error *err)
{
    struct lru_k *s = calloc(1, sizeof *s);
    if (!s)
        return vmlab_error_set(err, VMLAB_ESYSTEM, "out of memory");
    uint32_t n = env->nframes;
    s->fr = env->frames;
    s->k = (unsigned)vmlab_param_u64(params, "k");
    s->crp = vmlab_param_u64(params, "crp");
    s->rip = vmlab_param_u64(params, "rip");
    uint32_t gcap = (uint32_t)floor(vmlab_param_real(params, "history") * n);
    size_t gn = gcap ? gcap : 1;
    s->hist = calloc((size_t)n * s->k, sizeof *s->hist);
    s->last = calloc(n, sizeof *s->last);
    s->ghist = malloc(gn * s->k * sizeof *s->ghist);
    s->gtime = malloc(gn * sizeof *s->gtime);
    s->stash = malloc((size_t)n * sizeof *s->stash);
    if (!s->hist || !s->last || !s->ghist || !s->gtime || !s->stash || heap_init(&s->heap, n) ||
        ghost_init(&s->kept, gcap, 1, n)) {
        lru_k_fini(s);
        return vmlab_error_set(err, VMLAB_ESYSTEM, "out of memory for %u frames", n);
    }
    *state = s;
    return 0;
}

static void lru_k_hit(void *state, uint32_t frame, const struct vmlab_access *a)
{
    struct lru_k *s = state;
    uint64_t t = a->time + 1;
    uint64_t *h = &s->hist[(size_t)frame * s->k];
    if (t - s->last[frame] > s->crp) {
        uint64_t correl = s->last[frame] - h[0]; /* the burst that just ended */
        for (unsigned i = s->k - 1; i >= 1; i--)
            h[i] = h[i - 1] ? h[i - 1] + correl : 0;
        h[0] = t;
        heap_update(&s->heap, frame, lruk_key(s, frame));
    }
    s->last[frame] = t;
}

/* Whether frame @a should be evicted before frame @b of the same key: the LRU of them. */
static bool lruk_older(const struct lru_k *s, uint32_t a, uint32_t b)
{
    return s->hist[(size_t)a * s->k] < s->hist[(size_t)b * s->k];
}

static uint32_t lru_k_victim(void *state, const struct vmlab_access *a)
{
    struct lru_k *s = state;
    uint64_t t = a->time + 1;
    /*
     * Pop frames in order of backward K-distance until the first eligible one
     * (now - LAST > CRP) and every frame tied with it are out: pages within
     * the CRP are set aside, ties (possible only with a CRP, whose gap
     * closing can make histories meet) go to the least recently used.
     */
    uint32_t n = 0, best = HEAP_NONE, v;
    while ((v = heap_top(&s->heap)) != HEAP_NONE) {
        if (best != HEAP_NONE && s->heap.key[v] != s->heap.key[best])
            break;
        heap_remove(&s->heap, v);
        s->stash[n++] = v;
        if (t - s->last[v] > s->crp && (best == HEAP_NONE || lruk_older(s, v, best)))
            best = v;
    }
    if (best == HEAP_NONE && n) { /* every page is within the CRP: the best of them */
        best = s->stash[0];
        for (uint32_t i = 1; i < n && s->heap.key[s->stash[i]] == s->heap.key[best]; i++)
            if (lruk_older(s, s->stash[i], best))
                best = s->stash[i];
    }
    for (uint32_t i = 0; i < n; i++)
        if (s->stash[i] != best)
            heap_push(&s->heap, s->stash[i], s->heap.key[s->stash[i]]);
    if (best == HEAP_NONE)
        return VMLAB_NO_FRAME;
    if (s->kept.cap) {
        if (ghost_full(&s->kept))
            ghost_drop_oldest(&s->kept, 0);
        uint32_t g = ghost_add(&s->kept, 0, best);
        if (g != GHOST_NONE) {
            memcpy(&s->ghist[(size_t)g * s->k], &s->hist[(size_t)best * s->k],
                   s->k * sizeof *s->hist);
            s->gtime[g] = t;
        }
    }
    return best;
}

static void lru_k_insert(void *state, uint32_t frame, const struct vmlab_access *a)
{
    struct lru_k *s = state;
    uint64_t t = a->time + 1;
    uint64_t *h = &s->hist[(size_t)frame * s->k];
    uint32_t g = ghost_take(&s->kept, a->page_id);
    ghost_note(&s->kept, frame, a->page_id);
    if (g != GHOST_NONE && (s->rip == 0 || t - s->gtime[g] <= s->rip)) {
        const uint64_t *old = &s->ghist[(size_t)g * s->k];
        for (unsigned i = s->k - 1; i >= 1; i--)
            h[i] = old[i - 1];
    } else {
        for (unsigned i = 1; i < s->k; i++)
            h[i] = 0;
    }
    h[0] = t;
    s->last[frame] = t;
    heap_push(&s->heap, frame, lruk_key(s, frame));
}

static void lru_k_remove(void *state, uint32_t frame)
{
    struct lru_k *s = state;
    heap_remove(&s->heap, frame);
}

const struct vmlab_policy vmlab_policy_lru_k = {
    .abi = VMLAB_POLICY_ABI,
    .name = "lru-k",
    .summary = "LRU-K: evict the page whose K-th most recent reference is oldest",
    .source = "O'Neil, O'Neil and Weikum, SIGMOD 1993",
    .params = lru_k_params,
    .flags = VMLAB_POLICY_NEEDS_EXACT,
    .init = lru_k_init,
    .hit = lru_k_hit,
    .victim = lru_k_victim,
    .insert = lru_k_insert,
    .remove = lru_k_remove,
    .fini = lru_k_fini,
};
