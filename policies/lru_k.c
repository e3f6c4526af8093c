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
 *   once: frames with fewer than K references, by t1 [ newest ... oldest ] ─► victim
 *   heap: the other frames, top = largest backward K-distance ─► victim when once
 *         holds no eligible page
 *   retained histories of evicted pages [ page | HIST | evicted at ] FIFO, bounded
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
 * Pages with fewer than K references are ordered by their latest reference
 * alone, so they wait in an LRU list (O(1)); only the others need the heap.
 * A hit can only make a page's K-th reference more recent (its key smaller),
 * so the heap is refreshed lazily: hits leave it alone, and the victim search
 * re-files a top whose key went stale. Most faults of a skewed workload bring
 * in a page with one reference, and most hits touch one line of history.
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

#include "lib/dlist.h"
#include "lib/ghost.h"
#include "lib/heap.h"

#define LRUK_MAX_K 8

struct lru_k {
    struct vmlab_frames *fr;
    struct dlist once; /* frames with fewer than K references; front = latest t1 */
    struct heap heap;  /* the other frames, keyed by backward K-distance */
    uint64_t *rec;     /* per frame, K + 1 words: LAST, then HIST latest first (0: none;
                          times count from 1) */
    uint32_t *stash;   /* frames set aside by victim() while within the CRP */
    uint32_t pending;  /* the victim left in the heap for insert to re-key, or HEAP_NONE */
    struct ghost kept; /* retained histories; data: evicted at, then K times */
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

static uint64_t *lruk_last(const struct lru_k *s, uint32_t f)
{
    return &s->rec[(size_t)f * (s->k + 1)];
}

static uint64_t *lruk_hist(const struct lru_k *s, uint32_t f)
{
    return lruk_last(s, f) + 1;
}

/* Whether frame @f's page has K references (a finite backward K-distance). */
static bool lruk_finite(const struct lru_k *s, uint32_t f)
{
    return lruk_hist(s, f)[s->k - 1] != 0;
}

/* Heap key of a frame with K references: larger = evicted sooner. */
static uint64_t lruk_key(const struct lru_k *s, uint32_t f)
{
    return UINT64_MAX - lruk_hist(s, f)[s->k - 1];
}

/* File frame @f where its history says: the once list or the heap. */
static void lruk_place(struct lru_k *s, uint32_t f)
{
    if (lruk_finite(s, f))
        heap_push(&s->heap, f, lruk_key(s, f));
    else
        dlist_push_front(&s->once, 0, f);
}

static void lru_k_fini(void *state)
{
    struct lru_k *s = state;
    dlist_free(&s->once);
    heap_free(&s->heap);
    ghost_free(&s->kept);
    free(s->rec);
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
    s->pending = HEAP_NONE;
    uint32_t gcap = (uint32_t)floor(vmlab_param_real(params, "history") * n);
    s->rec = calloc((size_t)n * (s->k + 1), sizeof *s->rec);
    s->stash = malloc((size_t)n * sizeof *s->stash);
    if (!s->rec || !s->stash || dlist_init(&s->once, n, 1) || heap_init(&s->heap, n) ||
        ghost_init(&s->kept, gcap, 1, (s->k + 1) * sizeof(uint64_t), n)) {
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
    uint64_t *last = lruk_last(s, frame), *h = last + 1;
    if (t - *last > s->crp) {
        bool was_finite = h[s->k - 1] != 0;
        uint64_t correl = *last - h[0]; /* the burst that just ended */
        for (unsigned i = s->k - 1; i >= 1; i--)
            h[i] = h[i - 1] ? h[i - 1] + correl : 0;
        h[0] = t;
        if (!was_finite) { /* the heap's key of a finite one is refreshed lazily */
            dlist_unlink(&s->once, frame);
            lruk_place(s, frame);
        }
    }
    *last = t;
}

/* Whether frame @a should be evicted before frame @b of the same key: the LRU of them. */
static bool lruk_older(const struct lru_k *s, uint32_t a, uint32_t b)
{
    return lruk_hist(s, a)[0] < lruk_hist(s, b)[0];
}

/*
 * The best eligible frame (now - LAST > CRP) of the heap, ties to the least
 * recently used; or, when @fallback and none is eligible, the best of all.
 * Return: it (taken out of the heap), or HEAP_NONE.
 */
static uint32_t lruk_heap_victim(struct lru_k *s, uint64_t t, bool fallback)
{
    /*
     * Pop frames in key order until the first eligible one and every frame
     * tied with it are out; ties are possible only with a CRP, whose gap
     * closing can make two histories meet. A stored key is never below the
     * true one (hits only lower keys), so a stale top is re-filed with its
     * true key, and a fresh top is the true maximum.
     */
    uint32_t n = 0, best = HEAP_NONE, v;
    while ((v = heap_top(&s->heap)) != HEAP_NONE) {
        if (best != HEAP_NONE && s->heap.key[v] != s->heap.key[best])
            break;
        uint64_t key = lruk_key(s, v);
        if (key != s->heap.key[v]) {
            heap_update(&s->heap, v, key);
            continue;
        }
        heap_remove(&s->heap, v);
        s->stash[n++] = v;
        if (t - *lruk_last(s, v) > s->crp && (best == HEAP_NONE || lruk_older(s, v, best)))
            best = v;
    }
    if (best == HEAP_NONE && n && fallback) {
        best = s->stash[0];
        for (uint32_t i = 1; i < n && s->heap.key[s->stash[i]] == s->heap.key[best]; i++)
            if (lruk_older(s, s->stash[i], best))
                best = s->stash[i];
    }
    for (uint32_t i = 0; i < n; i++)
        if (s->stash[i] != best)
            heap_push(&s->heap, s->stash[i], s->heap.key[s->stash[i]]);
    return best;
}

static uint32_t lru_k_victim(void *state, const struct vmlab_access *a)
{
    struct lru_k *s = state;
    uint64_t t = a->time + 1;
    /* infinite distances first, the least recently used eligible one */
    uint32_t v = dlist_back(&s->once, 0);
    while (v != DLIST_NONE && t - *lruk_last(s, v) <= s->crp)
        v = dlist_prev(&s->once, 0, v);
    if (v == DLIST_NONE && s->crp == 0) {
        /*
         * Without a CRP every page is eligible and keys are distinct times:
         * the victim is the fresh top, left in place for insert to re-key
         * (one sift instead of a pop and a push).
         */
        while ((v = heap_top(&s->heap)) != HEAP_NONE && lruk_key(s, v) != s->heap.key[v])
            heap_update(&s->heap, v, lruk_key(s, v));
        s->pending = v;
    } else if (v == DLIST_NONE) {
        v = lruk_heap_victim(s, t, dlist_empty(&s->once, 0));
    }
    if (v == HEAP_NONE)
        v = dlist_back(&s->once, 0); /* every page is within the CRP: the best of them */
    if (v == DLIST_NONE)
        return VMLAB_NO_FRAME;
    if (dlist_linked(&s->once, v))
        dlist_unlink(&s->once, v);
    if (s->kept.cap) {
        if (ghost_full(&s->kept))
            ghost_drop_oldest(&s->kept, 0);
        uint32_t g = ghost_add(&s->kept, 0, v);
        if (g != GHOST_NONE) {
            uint64_t *kept = ghost_data(&s->kept, g); /* evicted at, then HIST */
            kept[0] = t;
            memcpy(kept + 1, lruk_hist(s, v), s->k * sizeof *kept);
        }
    }
    return v;
}

static void lru_k_insert(void *state, uint32_t frame, const struct vmlab_access *a)
{
    struct lru_k *s = state;
    uint64_t t = a->time + 1;
    uint64_t *h = lruk_hist(s, frame);
    uint32_t g = ghost_take(&s->kept, a->page_id);
    ghost_note(&s->kept, frame, a->page_id);
    const uint64_t *kept = g != GHOST_NONE ? ghost_data(&s->kept, g) : NULL;
    if (kept && (s->rip == 0 || t - kept[0] <= s->rip)) {
        const uint64_t *old = kept + 1;
        for (unsigned i = s->k - 1; i >= 1; i--)
            h[i] = old[i - 1];
    } else {
        for (unsigned i = 1; i < s->k; i++)
            h[i] = 0;
    }
    h[0] = t;
    *lruk_last(s, frame) = t;
    if (s->pending == frame) {
        s->pending = HEAP_NONE;
        if (lruk_finite(s, frame)) {
            heap_update(&s->heap, frame, lruk_key(s, frame));
            return;
        }
        heap_remove(&s->heap, frame);
    }
    lruk_place(s, frame);
}

static void lru_k_remove(void *state, uint32_t frame)
{
    struct lru_k *s = state;
    if (s->pending == frame)
        s->pending = HEAP_NONE;
    if (dlist_linked(&s->once, frame))
        dlist_unlink(&s->once, frame);
    else
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
