/*
 * s3fifo.c - S3-FIFO: three FIFO queues, a small one that filters one-hit
 * wonders, a main one with lazy reinsertion, and a ghost one of page keys.
 *
 *   miss, not in G ─► S [ small FIFO, 10% ] ─ tail: freq >= 2 ─► M (head)
 *                                           └ tail: else ─► G (key only), evicted
 *   miss, in G ───────────────────────────────────────────────► M (head)
 *   M [ main FIFO, 90% ] ─ tail: freq > 0 ─► freq - 1, back to M's head
 *                        └ tail: freq = 0 ─► evicted (not remembered)
 *   G [ ghost FIFO of keys, as many as M holds ]: the oldest falls out
 *     (as in Algorithm 1 a key stays in G when its page comes back, and ages
 *     out with the others: ghost.h's ghost_fifo)
 *
 * Every page carries a 2-bit counter of hits (capped at 3, zero on insert);
 * nothing moves on a hit. When memory is full: if S holds at least its share
 * it gives up its tail (moving to M every tail page hit at least twice since
 * it came in, until one is evicted or M overflows), otherwise M evicts. Most
 * pages of real workloads are used once and leave through S quickly; pages
 * that return while their key is in G go straight to M.
 *
 * The counter needs every hit: an accessed bit says only "one or more since
 * cleared", so S3-FIFO needs visibility "exact".
 *
 * Parameters (defaults of the paper):
 *   small (0.1) - share of frames for S (at least one frame).
 *   ghost (0.9) - keys remembered by G, as a share of frames (M's size).
 *   promote (2) - hits in S that move a page to M (Algorithm 1: freq > 1).
 *
 * Simplification: when moving a page into M overflows it (M holds more than
 * its share), M evicts one of its pages and that is this fault's victim; the
 * paper's loop would go on with S and free a second frame for one fault.
 *
 * Source: Yang, Zhang, Qiu, Yue and Rashmi, "FIFO queues are all you need
 * for cache eviction", SOSP 2023.
 */
#include <config.h>

#include <math.h>
#include <stdlib.h>

#include <vmlab/policy.h>

#include "lib/dlist.h"
#include "lib/ghost.h"

enum { S3_SMALL, S3_MAIN };

#define S3_FREQ_MAX 3

/* What S3-FIFO keeps of a frame, packed so that an eviction reads one line. */
struct s3_frame {
    uint32_t page; /* page id of its page (for G) */
    uint8_t freq;  /* hits since insert, capped at 3 */
    uint8_t queue; /* S3_SMALL or S3_MAIN */
};

struct s3fifo {
    struct vmlab_frames *fr;
    struct dlist q;      /* heads S3_SMALL (front = newest), S3_MAIN (a clock, below) */
    uint32_t mhand;      /* M's oldest page, or DLIST_NONE: M's pages in NEXT order from
                            the hand's successor are newest ... oldest (= the hand) */
    uint32_t n[2];       /* frames in S, in M */
    uint32_t small_max;  /* S's share: S gives up its tail when it holds this many */
    uint32_t main_max;   /* M's share: frames - small_max */
    uint8_t promote;     /* hits in S that earn M */
    struct s3_frame *f;  /* per frame */
    struct ghost_fifo g; /* G: page ids of pages evicted from S */
};

static const struct vmlab_param_desc s3fifo_params[] = {
    {"small", VMLAB_PARAM_REAL, "0.1", VMLAB_RANGE(0, 1), NULL,
     "share of frames for the small FIFO S (at least one frame)"},
    {"ghost", VMLAB_PARAM_REAL, "0.9", VMLAB_RANGE(0, 4), NULL,
     "page keys the ghost FIFO G remembers, as a share of frames"},
    {"promote", VMLAB_PARAM_COUNT, "2", VMLAB_RANGE(1, 3), NULL,
     "hits while in S that move a page to the main FIFO M"},
    {0},
};

static void s3fifo_fini(void *state)
{
    struct s3fifo *s = state;
    dlist_free(&s->q);
    ghost_fifo_free(&s->g);
    free(s->f);
    free(s);
}

static int s3fifo_init(void **state, const struct vmlab_policy_env *env,
                       const struct vmlab_params *params, struct vmlab_error *err)
{
    struct s3fifo *s = calloc(1, sizeof *s);
    if (!s)
        return vmlab_error_set(err, VMLAB_ESYSTEM, "out of memory");
    uint32_t n = env->nframes;
    uint32_t small = (uint32_t)floor(vmlab_param_real(params, "small") * n);
    s->small_max = small < 1 ? 1 : small > n ? n : small;
    s->main_max = n - s->small_max;
    s->promote = (uint8_t)vmlab_param_u64(params, "promote");
    uint32_t gcap = (uint32_t)floor(vmlab_param_real(params, "ghost") * n);
    s->fr = env->frames;
    s->mhand = DLIST_NONE;
    s->f = calloc(n, sizeof *s->f);
    if (!s->f || dlist_init(&s->q, n, 2) || ghost_fifo_init(&s->g, gcap)) {
        s3fifo_fini(s);
        return vmlab_error_set(err, VMLAB_ESYSTEM, "out of memory for %u frames", n);
    }
    *state = s;
    return 0;
}

static void s3fifo_hit(void *state, uint32_t frame, const struct vmlab_access *a)
{
    struct s3fifo *s = state;
    uint8_t f = s->f[frame].freq;
    s->f[frame].freq = f < S3_FREQ_MAX ? f + 1 : f;
}

/* M gives up one page: reinsert while the counter says it was used. */
/*
 * M is a FIFO with reinsertion at the head, kept as a clock: the list is a
 * circle, the hand is the tail, and the hand's successor is the head, so
 * moving the tail to the head is moving the hand back one node (no list
 * writes), and a new page enters right after the hand.
 */
static uint32_t s3_main_older(const struct s3fifo *s, uint32_t x)
{
    uint32_t y = dlist_prev(&s->q, S3_MAIN, x);
    return y != DLIST_NONE ? y : dlist_back(&s->q, S3_MAIN);
}

static void s3_main_push(struct s3fifo *s, uint32_t f)
{
    if (s->mhand == DLIST_NONE) {
        dlist_push_front(&s->q, S3_MAIN, f);
        s->mhand = f;
    } else {
        dlist_link_between(&s->q, f, s->mhand, DLIST_NEXT(&s->q, s->mhand));
    }
    s->f[f].queue = S3_MAIN;
    s->n[S3_MAIN]++;
}

static void s3_main_unlink(struct s3fifo *s, uint32_t f)
{
    if (s->mhand == f)
        s->mhand = s->n[S3_MAIN] > 1 ? s3_main_older(s, f) : DLIST_NONE;
    dlist_unlink(&s->q, f);
    s->n[S3_MAIN]--;
}

/* M gives up one page: reinsert while the counter says it was used. */
static uint32_t s3fifo_evict_main(struct s3fifo *s)
{
    for (;;) {
        uint32_t t = s->mhand;
        if (s->f[t].freq == 0) {
            s3_main_unlink(s, t);
            return t;
        }
        s->f[t].freq--;
        s->mhand = s3_main_older(s, t); /* t is now the head */
    }
}

static uint32_t s3fifo_pick(struct s3fifo *s)
{
    if (s->n[S3_SMALL] < s->small_max && s->n[S3_MAIN] > 0)
        return s3fifo_evict_main(s);
    while (s->n[S3_SMALL] > 0) {
        uint32_t t = dlist_back(&s->q, S3_SMALL);
        dlist_unlink(&s->q, t);
        s->n[S3_SMALL]--;
        if (s->f[t].freq >= s->promote) {
            s3_main_push(s, t);
            if (s->n[S3_MAIN] > s->main_max)
                return s3fifo_evict_main(s);
            continue;
        }
        ghost_fifo_push(&s->g, s->f[t].page);
        return t;
    }
    return s->n[S3_MAIN] ? s3fifo_evict_main(s) : VMLAB_NO_FRAME;
}

static uint32_t s3fifo_victim(void *state, const struct vmlab_access *a)
{
    struct s3fifo *s = state;
    ghost_fifo_prefetch(&s->g, a->page_id); /* insert asks about it */
    return s3fifo_pick(s);
}

static void s3fifo_insert(void *state, uint32_t frame, const struct vmlab_access *a)
{
    struct s3fifo *s = state;
    s->f[frame] = (struct s3_frame){.page = a->page_id, .freq = 0, .queue = S3_SMALL};
    if (ghost_fifo_has(&s->g, a->page_id)) {
        s3_main_push(s, frame);
    } else {
        dlist_push_front(&s->q, S3_SMALL, frame);
        s->n[S3_SMALL]++;
    }
}

static void s3fifo_remove(void *state, uint32_t frame)
{
    struct s3fifo *s = state;
    if (s->f[frame].queue == S3_MAIN) {
        s3_main_unlink(s, frame);
    } else {
        dlist_unlink(&s->q, frame);
        s->n[S3_SMALL]--;
    }
}

const struct vmlab_policy vmlab_policy_s3fifo = {
    .abi = VMLAB_POLICY_ABI,
    .name = "s3-fifo",
    .summary =
        "S3-FIFO: small FIFO filtering one-hit wonders, main FIFO with 2-bit counters, ghost FIFO",
    .source = "Yang et al., SOSP 2023",
    .params = s3fifo_params,
    .flags = VMLAB_POLICY_NEEDS_EXACT,
    .init = s3fifo_init,
    .hit = s3fifo_hit,
    .victim = s3fifo_victim,
    .insert = s3fifo_insert,
    .remove = s3fifo_remove,
    .fini = s3fifo_fini,
};
