/*
 * lfu.c - LFU (least frequently used) and two aging variants: evict the page
 * with the fewest references counted. Three policies share this file because
 * they share everything but the count's rule:
 *
 *   lfu        count = references since the page was loaded (counts=resident,
 *              the LFU of page replacement), or since the run began
 *              (counts=all, "perfect" LFU: a count survives eviction)
 *   lfu_aging  counts since loaded, and every `interval` references (a
 *              timer: the tick hook) every count is halved, so that
 *              popularity long past fades
 *   lfu_da     dynamic aging: priority = count + L, the cache age L being
 *              raised to the priority of each victim; a page loaded now
 *              starts level with the weakest resident one, and a page that
 *              stops being used is overtaken
 *
 * The victim is the resident page of least priority (the count, or lfu_da's
 * count + L); ties go to the least recently used page (tie=lru) or to the
 * page loaded earliest (tie=fifo). Every reference changes a count, so all
 * three need visibility "exact".
 *
 * Two structures hold the order, chosen by the parameters.
 *
 * Priority buckets (tie=lru with counts since load: the defaults of all
 * three). One list of frames per priority present, most recently used
 * first; the buckets in a list of their own, least priority first:
 *
 *   [p=1: f4 f9 f2] ⇄ [p=2: f7] ⇄ [p=5: f1 f3] ⇄ ...
 *                 ▲ victim: oldest of the least bucket
 *
 * A hit moves its frame to the front of the bucket of its new priority,
 * found by walking forward from its old one: one step for lfu (priority + 1),
 * a few for lfu_da (L may have risen since). A load joins the bucket of
 * priority 1 (or L + 1), at or next to the front. So every step is O(1)
 * (Shah, Mitra and Matani, "An O(1) algorithm for implementing the LFU cache
 * eviction scheme", 2010). A halving of lfu_aging merges neighbouring
 * buckets, keeping each in order of last use: O(frames), once per interval.
 *
 * A heap (tie=fifo, or counts=all, whose reloaded pages come back with any
 * count), keyed by (priority, stamp) packed in 64 bits: priorities up to
 * 2^24 - 1 (larger ones tie and fall to the stamp), stamps (time of last use
 * or of load) up to 2^40 references. A hit only makes a page less evictable,
 * so it just records the key the page now wants; the heap keeps the older
 * key, which overstates how evictable the page is, and a fault brings a
 * stale top up to date (one O(log frames) sift) before trusting it: a fresh
 * top is the true minimum, and pages used often seldom reach the top.
 *
 * lfu_da subtracts L from every priority when L reaches 2^23, which keeps
 * their order.
 *
 * Stack property: lfu with counts=all and tie=lru is a stack algorithm. A
 * page's priority (its count over the whole run, then its last use) does not
 * depend on the memory size, and a policy that always evicts the resident
 * page of least such priority keeps the pages resident with n frames resident
 * with n+1 (Mattson, Gecsei, Slutz and Traiger 1970). The others are not:
 * counts since load, tie=fifo's load times and lfu_da's L all depend on the
 * memory size.
 *
 * Parameters:
 *   tie (default lru; all three) - lru | fifo: who goes among equal counts
 *   counts (default resident; lfu) - resident | all: counts restart when a
 *     page is loaded, or persist for the whole run (4 bytes per distinct page)
 *   interval (default 0 = the number of frames; lfu_aging) - references
 *     between two halvings of every count
 *
 * Sources: LFU and its stack property in Mattson et al., "Evaluation
 * techniques for storage hierarchies", IBM Systems Journal 9(2), 1970; aging
 * by periodic halving as in LFU-Aging and dynamic aging (LFU-DA) in Arlitt,
 * Cherkasova, Dilley, Friedrich and Jin, "Evaluating content management
 * techniques for Web proxy caches", ACM SIGMETRICS PER 27(4), 2000 (LFU-Aging
 * there halves when the mean count passes a threshold; vmlab halves on a
 * timer, the interval being the one parameter).
 */
#include <config.h>

#include <stdlib.h>
#include <string.h>

#include <vmlab/policy.h>

#include "lib/dlist.h"
#include "lib/heap.h"
#include "lib/sweep.h"

#define LFU_STAMP_BITS 40
#define LFU_STAMP_MASK ((UINT64_C(1) << LFU_STAMP_BITS) - 1)
#define LFU_PRIO_MAX ((UINT64_C(1) << (64 - LFU_STAMP_BITS)) - 1)

enum lfu_kind {
    LFU_PLAIN, /* lfu */
    LFU_AGING, /* lfu_aging: periodic halving */
    LFU_DA,    /* lfu_da: dynamic aging */
};

/* What a frame holds, in one 16-byte record: one cache line is touched per hit. */
struct lfu_frame {
    uint64_t stamp;  /* buckets: time of last use (merges keep this order); heap: the key
                        the frame's count and stamp call for */
    uint32_t count;  /* references counted (saturating) */
    uint32_t bucket; /* buckets: the frame's bucket */
};

/* The priority buckets: frames are nodes 0..n-1 of `members`, buckets its heads. */
struct lfu_buckets {
    struct dlist members; /* per bucket, its frames: front most recently used */
    struct dlist order;   /* the buckets in use (nodes 0..n): front least priority */
    uint64_t *prio;       /* per bucket */
    struct lfu_frame *pf; /* per frame (borrowed from struct lfu) */
    uint32_t *free;       /* stack of unused buckets */
    uint32_t nfree;
};

struct lfu {
    enum lfu_kind kind;
    bool tie_fifo; /* stamp = load time rather than last use */
    bool use_heap; /* the heap, else the buckets */
    struct lfu_buckets b;
    struct heap heap;     /* resident frames; top = least priority, then oldest stamp */
    struct lfu_frame *pf; /* per frame */
    uint32_t pending;     /* heap: victim left on top, rekeyed by the insert that follows */
    uint32_t *hist;       /* counts=all: per page id, references since the run began */
    size_t nhist;         /* entries of hist */
    uint32_t n;           /* frames */
    uint64_t interval;    /* lfu_aging: references between two halvings */
    uint64_t age;         /* lfu_da: L, the priority of the last victim */
    bool oom;             /* hist could not grow: victim() reports failure */
};

static uint64_t lfu_prio(const struct lfu *s, uint32_t f)
{
    return s->kind == LFU_DA ? s->pf[f].count + s->age : s->pf[f].count;
}

/* ---- priority buckets ---- */

static int buckets_init(struct lfu_buckets *b, uint32_t n)
{
    memset(b, 0, sizeof *b);
    /* n frames have at most n priorities, plus one while a frame moves */
    if (dlist_init(&b->members, n, n + 1) || dlist_init(&b->order, n + 1, 1))
        return -1;
    b->prio = calloc((size_t)n + 1, sizeof *b->prio);
    b->free = calloc((size_t)n + 1, sizeof *b->free);
    if (!b->prio || !b->free)
        return -1;
    for (uint32_t i = 0; i <= n; i++)
        b->free[b->nfree++] = n - i;
    return 0;
}

static void buckets_free(struct lfu_buckets *b)
{
    dlist_free(&b->members);
    dlist_free(&b->order);
    free(b->prio);
    free(b->free);
}

/*
 * The bucket of priority @p, made if need be, looking forward from bucket
 * @from (whose priority is at most @p), or from the front when DLIST_NONE.
 */
static uint32_t buckets_find(struct lfu_buckets *b, uint32_t from, uint64_t p)
{
    uint32_t at = from;
    for (;;) {
        uint32_t nx = at == DLIST_NONE ? dlist_front(&b->order, 0) : dlist_next(&b->order, 0, at);
        if (nx == DLIST_NONE || b->prio[nx] > p)
            break;
        at = nx;
    }
    if (at != DLIST_NONE && b->prio[at] == p)
        return at;
    uint32_t nb = b->free[--b->nfree];
    b->prio[nb] = p;
    if (at == DLIST_NONE)
        dlist_push_front(&b->order, 0, nb);
    else
        dlist_link_between(&b->order, nb, at, DLIST_NEXT(&b->order, at));
    return nb;
}

static void buckets_release_if_empty(struct lfu_buckets *b, uint32_t k)
{
    if (dlist_empty(&b->members, k)) {
        dlist_unlink(&b->order, k);
        b->free[b->nfree++] = k;
    }
}

static void buckets_add(struct lfu_buckets *b, uint32_t f, uint64_t p, uint64_t now)
{
    uint32_t k = buckets_find(b, DLIST_NONE, p);
    dlist_push_front(&b->members, k, f);
    b->pf[f].bucket = k;
    b->pf[f].stamp = now;
}

/* Frame @f was used at @now; its priority rose to @p. */
static void buckets_raise(struct lfu_buckets *b, uint32_t f, uint64_t p, uint64_t now)
{
    uint32_t old = b->pf[f].bucket;
    uint32_t k = buckets_find(b, old, p);
    dlist_unlink(&b->members, f);
    dlist_push_front(&b->members, k, f);
    b->pf[f].bucket = k;
    b->pf[f].stamp = now;
    buckets_release_if_empty(b, old);
}

static void buckets_drop(struct lfu_buckets *b, uint32_t f)
{
    dlist_unlink(&b->members, f);
    buckets_release_if_empty(b, b->pf[f].bucket);
}

/* Move the frames of bucket @src into @dst, both most recently used first. */
static void buckets_merge(struct lfu_buckets *b, uint32_t dst, uint32_t src)
{
    uint32_t x = dlist_front(&b->members, dst);
    uint32_t y;
    while ((y = dlist_front(&b->members, src)) != DLIST_NONE) {
        while (x != DLIST_NONE && b->pf[x].stamp > b->pf[y].stamp)
            x = dlist_next(&b->members, dst, x);
        dlist_unlink(&b->members, y);
        if (x == DLIST_NONE)
            dlist_push_back(&b->members, dst, y);
        else
            dlist_link_between(&b->members, y, DLIST_PREV(&b->members, x), x);
        b->pf[y].bucket = dst;
    }
}

/* Every priority p becomes p >> @shift; buckets that meet are merged. */
static void buckets_halve(struct lfu_buckets *b, unsigned shift)
{
    uint32_t keep = DLIST_NONE;
    for (uint32_t k = dlist_front(&b->order, 0); k != DLIST_NONE;) {
        uint32_t next = dlist_next(&b->order, 0, k);
        b->prio[k] >>= shift;
        if (keep != DLIST_NONE && b->prio[keep] == b->prio[k]) {
            buckets_merge(b, keep, k);
            buckets_release_if_empty(b, k);
        } else {
            keep = k;
        }
        k = next;
    }
}

/* ---- the heap ---- */

/* The heap puts the largest key on top: complement (priority, stamp). */
static uint64_t lfu_key(uint64_t prio, uint64_t stamp)
{
    if (prio > LFU_PRIO_MAX)
        prio = LFU_PRIO_MAX;
    return ~((prio << LFU_STAMP_BITS) | (stamp & LFU_STAMP_MASK));
}

static uint64_t lfu_key_prio(uint64_t key)
{
    return ~key >> LFU_STAMP_BITS;
}

static uint64_t lfu_key_stamp(uint64_t key)
{
    return ~key & LFU_STAMP_MASK;
}

/* A victim whose frame was not refilled at once leaves the heap for good. */
static void lfu_drop_pending(struct lfu *s)
{
    if (s->pending != HEAP_NONE) {
        heap_remove(&s->heap, s->pending);
        s->pending = HEAP_NONE;
    }
}

/* ---- what every variant shares ---- */

/* lfu_aging's timer (tick hook): halve every count, at k * interval (k >= 1). */
static uint64_t lfu_aging_tick(void *state, uint64_t time)
{
    struct lfu *s = state;
    for (uint32_t f = 0; f < s->n; f++)
        s->pf[f].count >>= 1;
    if (!s->use_heap) {
        buckets_halve(&s->b, 1);
    } else {
        for (uint32_t i = 0; i < s->heap.len; i++) {
            uint32_t f = s->heap.heap[i];
            s->pf[f].stamp = s->heap.key[f] =
                lfu_key(s->pf[f].count, lfu_key_stamp(s->pf[f].stamp));
        }
        heap_rebuild(&s->heap);
    }
    return time + s->interval; /* the first call, at 0, finds nothing resident */
}

/*
 * lfu_da: bring L back to 0 before priorities outgrow the heap key. Every
 * stored priority (bucket, heap key or wanted key) is at least L, which is
 * the least of them when taken, and the same shift of all keeps their order.
 * A stored priority is then count + L relative to the offset taken off.
 */
static void lfu_renormalise(struct lfu *s)
{
    if (s->age < LFU_PRIO_MAX / 2)
        return;
    if (!s->use_heap) {
        for (uint32_t k = dlist_front(&s->b.order, 0); k != DLIST_NONE;
             k = dlist_next(&s->b.order, 0, k))
            s->b.prio[k] -= s->age;
    } else {
        for (uint32_t i = 0; i < s->heap.len; i++) {
            uint32_t f = s->heap.heap[i];
            uint64_t key = s->heap.key[f];
            s->heap.key[f] = s->heap.hkey[i] =
                lfu_key(lfu_key_prio(key) - s->age, lfu_key_stamp(key));
            uint64_t want = s->pf[f].stamp;
            s->pf[f].stamp = lfu_key(lfu_key_prio(want) - s->age, lfu_key_stamp(want));
        }
    }
    s->age = 0;
}

static bool lfu_hist_fit(struct lfu *s, uint32_t id)
{
    if (id < s->nhist)
        return true;
    size_t n = s->nhist ? s->nhist : 1024;
    while (n <= id)
        n *= 2;
    uint32_t *h = realloc(s->hist, n * sizeof *h);
    if (!h)
        return false;
    memset(h + s->nhist, 0, (n - s->nhist) * sizeof *h);
    s->hist = h;
    s->nhist = n;
    return true;
}

static void lfu_free(struct lfu *s)
{
    buckets_free(&s->b);
    heap_free(&s->heap);
    free(s->pf);
    free(s->hist);
    free(s);
}

static int lfu_open(void **state, const struct vmlab_policy_env *env,
                    const struct vmlab_params *params, enum lfu_kind kind, struct vmlab_error *err)
{
    struct lfu *s = calloc(1, sizeof *s);
    if (!s)
        return vmlab_error_set(err, VMLAB_ESYSTEM, "out of memory");
    s->kind = kind;
    s->n = env->nframes;
    s->pending = HEAP_NONE;
    s->tie_fifo = !strcmp(vmlab_param_string(params, "tie"), "fifo");
    bool all = kind == LFU_PLAIN && !strcmp(vmlab_param_string(params, "counts"), "all");
    s->use_heap = s->tie_fifo || all;
    s->pf = calloc(s->n ? s->n : 1, sizeof *s->pf);
    int bad = !s->pf || (all && !lfu_hist_fit(s, 0));
    if (s->use_heap)
        bad = bad || heap_init(&s->heap, s->n);
    else
        bad = bad || buckets_init(&s->b, s->n);
    s->b.pf = s->pf;
    if (bad) {
        lfu_free(s);
        return vmlab_error_set(err, VMLAB_ESYSTEM, "out of memory");
    }
    if (kind == LFU_AGING)
        s->interval = sweep_param_or_frames(params, "interval", env->nframes);
    *state = s;
    return 0;
}

static void lfu_hit(void *state, uint32_t frame, const struct vmlab_access *a)
{
    struct lfu *s = state;
    if (s->pf[frame].count < UINT32_MAX)
        s->pf[frame].count++;
    if (s->hist && s->hist[a->page_id] < UINT32_MAX)
        s->hist[a->page_id]++;
    if (!s->use_heap) {
        buckets_raise(&s->b, frame, lfu_prio(s, frame), a->time);
        return;
    }
    uint64_t stamp = s->tie_fifo ? lfu_key_stamp(s->pf[frame].stamp) : a->time;
    s->pf[frame].stamp = lfu_key(lfu_prio(s, frame), stamp);
}

static uint32_t lfu_victim(void *state, const struct vmlab_access *a)
{
    struct lfu *s = state;
    if (s->oom)
        return VMLAB_NO_FRAME;
    if (!s->use_heap) {
        uint32_t k = dlist_front(&s->b.order, 0);
        if (k == DLIST_NONE)
            return VMLAB_NO_FRAME;
        uint32_t f = dlist_back(&s->b.members, k);
        if (s->kind == LFU_DA)
            s->age = s->b.prio[k];
        buckets_drop(&s->b, f);
        if (s->kind == LFU_DA)
            lfu_renormalise(s);
        return f;
    }
    uint32_t f;
    /* a stale top only overstates how evictable it is: bring it up to date and look again */
    while ((f = heap_top(&s->heap)) != HEAP_NONE && s->heap.key[f] != s->pf[f].stamp)
        heap_update(&s->heap, f, s->pf[f].stamp);
    if (f == HEAP_NONE)
        return VMLAB_NO_FRAME;
    if (s->kind == LFU_DA) {
        s->age = lfu_key_prio(s->heap.key[f]);
        lfu_renormalise(s);
    }
    /* left on top: the page loaded into f next takes its place with one
       sift-down, where removing and pushing would sift twice */
    s->pending = f;
    return f;
}

static void lfu_insert(void *state, uint32_t frame, const struct vmlab_access *a)
{
    struct lfu *s = state;
    uint32_t c = 1;
    if (s->hist) {
        if (lfu_hist_fit(s, a->page_id)) {
            if (s->hist[a->page_id] < UINT32_MAX)
                s->hist[a->page_id]++;
            c = s->hist[a->page_id];
        } else {
            s->oom = true;
        }
    }
    s->pf[frame].count = c;
    if (!s->use_heap) {
        buckets_add(&s->b, frame, lfu_prio(s, frame), a->time);
        return;
    }
    uint64_t key = s->pf[frame].stamp = lfu_key(lfu_prio(s, frame), a->time);
    if (s->pending == frame) {
        heap_update(&s->heap, frame, key);
    } else {
        lfu_drop_pending(s);
        heap_push(&s->heap, frame, key);
    }
    s->pending = HEAP_NONE;
}

static void lfu_remove(void *state, uint32_t frame)
{
    struct lfu *s = state;
    if (!s->use_heap) {
        buckets_drop(&s->b, frame);
        return;
    }
    lfu_drop_pending(s);
    if (heap_contains(&s->heap, frame))
        heap_remove(&s->heap, frame);
}

static void lfu_fini(void *state)
{
    lfu_free(state);
}

#define LFU_PARAM_TIE                                                                              \
    {                                                                                              \
        "tie", VMLAB_PARAM_STRING, "lru", VMLAB_ANY, "lru|fifo",                                   \
            "among equal counts evict the least recently used (lru) or the page loaded "           \
            "earliest (fifo)"                                                                      \
    }

static const struct vmlab_param_desc lfu_params[] = {
    LFU_PARAM_TIE,
    {"counts", VMLAB_PARAM_STRING, "resident", VMLAB_ANY, "resident|all",
     "count references since the page was loaded (resident) or since the run began (all: "
     "perfect LFU, a stack algorithm with tie=lru)"},
    {0},
};

static const struct vmlab_param_desc lfu_aging_params[] = {
    LFU_PARAM_TIE,
    {"interval", VMLAB_PARAM_COUNT, "0", VMLAB_RANGE(0, 1e15), NULL,
     "references between two halvings of every count (0: the number of frames)"},
    {0},
};

static const struct vmlab_param_desc lfu_da_params[] = {
    LFU_PARAM_TIE,
    {0},
};

static int lfu_init(void **state, const struct vmlab_policy_env *env,
                    const struct vmlab_params *params, struct vmlab_error *err)
{
    return lfu_open(state, env, params, LFU_PLAIN, err);
}

static int lfu_aging_init(void **state, const struct vmlab_policy_env *env,
                          const struct vmlab_params *params, struct vmlab_error *err)
{
    return lfu_open(state, env, params, LFU_AGING, err);
}

static int lfu_da_init(void **state, const struct vmlab_policy_env *env,
                       const struct vmlab_params *params, struct vmlab_error *err)
{
    return lfu_open(state, env, params, LFU_DA, err);
}

#define LFU_VERBS                                                                                  \
    .abi = VMLAB_POLICY_ABI, .flags = VMLAB_POLICY_NEEDS_EXACT, .hit = lfu_hit,                    \
    .victim = lfu_victim, .insert = lfu_insert, .remove = lfu_remove, .fini = lfu_fini

const struct vmlab_policy vmlab_policy_lfu = {
    LFU_VERBS,
    .name = "lfu",
    .summary = "least frequently used: evict the page with the fewest references (needs exact "
               "visibility)",
    .source = "Mattson et al., IBM Systems Journal 9(2), 1970",
    .params = lfu_params,
    .init = lfu_init,
};

const struct vmlab_policy vmlab_policy_lfu_aging = {
    LFU_VERBS,
    .name = "lfu_aging",
    .summary = "LFU whose counts are halved every interval references (needs exact visibility)",
    .source = "Arlitt et al., ACM SIGMETRICS PER 27(4), 2000 (LFU-Aging)",
    .params = lfu_aging_params,
    .init = lfu_aging_init,
    .tick = lfu_aging_tick,
};

const struct vmlab_policy vmlab_policy_lfu_da = {
    LFU_VERBS,
    .name = "lfu_da",
    .summary = "LFU with dynamic aging: priority = count + priority of the last victim (needs "
               "exact visibility)",
    .source = "Arlitt et al., ACM SIGMETRICS PER 27(4), 2000 (LFU-DA)",
    .params = lfu_da_params,
    .init = lfu_da_init,
};
