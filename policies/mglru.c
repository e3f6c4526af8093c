/*
 * mglru.c - Linux's multi-generational LRU (MGLRU): pages grouped into
 * generations of similar recency, made by aging (walking accessed bits) and
 * consumed by eviction (from the oldest), with tiers by access frequency and a
 * feedback loop that protects tiers whose evicted pages come back.
 *
 *   max_seq (youngest)                                  min_seq (oldest)
 *   [ gen 5: new, promoted ] [ gen 4 ] [ gen 3 ] ◄─ eviction scans its tail
 *        ▲ aging: a page found accessed is promoted here (lazily: its gen
 *          counter changes, and eviction moves it when it meets it)
 *
 *   generations: between min_gens (2) and max_gens (4); the aging adds one
 *     when only min_gens are left (it walks every frame, clears each set
 *     accessed bit and promotes the page to the current youngest
 *     generation, then opens a new one); the eviction drops the oldest
 *     when its list is empty.
 *   eviction, at the oldest generation's tail: a page whose generation was
 *     promoted moves to its list; a page in a protected tier moves to the
 *     next generation (min_seq + 1); a mapped page found accessed is promoted
 *     to the youngest (the rmap walk); any other page is evicted, leaving a
 *     shadow (min_seq at eviction, tier).
 *   tiers: a page accessed N times through file descriptors is in tier
 *     order_base_2(N) (N counts accesses since it entered its generation);
 *     a page refaulting from a recent shadow (evicted within max_gens
 *     generations) comes back marked workingset, counted as one more access.
 *   feedback (the PID controller's P and I terms): per tier, refaults over
 *     evicted + protected pages of the generation being evicted, plus the
 *     halved sums of earlier ones. Tier 0 is the set point; each higher tier
 *     is protected from the first whose refault rate exceeds tier 0's by the
 *     gain 3:2 (and that has at least 64 refaults, MIN_LRU_BATCH).
 *
 * Two access channels, parameter `access`:
 *   mapped (default) - memory mapped through page tables: the policy reads
 *     accessed bits only and runs in both visibilities. Faulted pages join
 *     the youngest generation. Tiers stay 0 except for workingset refaults.
 *   fd - page cache accessed through read/write: every hit is
 *     mark_page_accessed (N += 1), so it needs visibility "exact"; accessed
 *     bits are not used (the aging only opens generations), and new pages
 *     join the oldest generation, or the second oldest when there are more
 *     than min_gens + 1.
 * In hardware visibility the policy is called only on faults; MGLRU's
 * aging is driven by eviction (it runs when eviction finds only min_gens
 * generations), so no periodic work is missed.
 *
 * Simplifications: one node, memcg and zone, one page type; no look-around
 * of neighbouring PTEs, no Bloom filters (the walk visits every frame); no
 * lru_gen_min_ttl, no swappiness balancing between anon and file; a page
 * found accessed is promoted at its first look (kernels before 6.14; later
 * ones need a second look, PG_referenced then PG_workingset); refaulting
 * pages restore only the workingset mark, not the refs counter; dirty pages
 * are evicted at once; shadows are kept for the last c evictions (c = frames).
 *
 * Parameters:
 *   min_gens (2), max_gens (4) - MIN_NR_GENS and MAX_NR_GENS.
 *   tiers (4)                  - MAX_NR_TIERS.
 *   access (mapped)            - mapped | fd, above.
 *   flush (true)               - clear accessed bits with a TLB invalidation.
 *
 * Source: Linux mm/vmscan.c (the lru_gen code) and
 * Documentation/mm/multigen_lru.rst, Yu Zhao et al., merged in Linux 6.1.
 */
#include <config.h>

#include <stdlib.h>
#include <string.h>

#include <vmlab/policy.h>

#include "lib/dlist.h"
#include "lib/ghost.h"
#include "lib/sweep.h"

#define MG_MAX_TIERS 4
#define MG_MIN_LRU_BATCH 64 /* BITS_PER_LONG */

struct mglru {
    struct vmlab_frames *fr;
    struct dlist lists;  /* one list per generation index (seq % max_gens); front = head */
    uint8_t *gen;        /* per frame: its generation index (may differ from its list) */
    uint8_t *list;       /* per frame: the list it is on */
    uint8_t *nacc;       /* per frame: N, accesses in its generation (>= 1) */
    uint8_t *workingset; /* per frame: refaulted from a recent shadow */
    uint64_t min_seq, max_seq;
    unsigned min_gens, max_gens, tiers;
    uint8_t nacc_max; /* 2^(tiers - 1): N beyond it stays in the top tier */
    bool fd, flush;
    /* the feedback loop, per tier */
    uint64_t refaulted[MG_MAX_TIERS], evicted[MG_MAX_TIERS], protected_[MG_MAX_TIERS];
    uint64_t avg_refaulted[MG_MAX_TIERS], avg_total[MG_MAX_TIERS];
    struct ghost shadows; /* capacity c; data: struct mg_shadow */
};

/* A shadow entry: when and from which tier its page was evicted. */
struct mg_shadow {
    uint64_t seq;  /* min_seq at eviction */
    uint32_t tier; /* its tier then */
};

#define MG_NR_GENS(s) ((s)->max_seq - (s)->min_seq + 1)
#define MG_GEN(s, seq) ((uint8_t)((seq) % (s)->max_gens))

static const struct vmlab_param_desc mglru_params[] = {
    {"min_gens", VMLAB_PARAM_COUNT, "2", VMLAB_RANGE(1, 15), NULL,
     "MIN_NR_GENS: eviction leaves at least this many generations"},
    {"max_gens", VMLAB_PARAM_COUNT, "4", VMLAB_RANGE(2, 16), NULL,
     "MAX_NR_GENS: generations at most"},
    {"tiers", VMLAB_PARAM_COUNT, "4", VMLAB_RANGE(1, MG_MAX_TIERS), NULL,
     "MAX_NR_TIERS: tiers of access frequency"},
    {"access", VMLAB_PARAM_STRING, "mapped", VMLAB_ANY, "mapped|fd",
     "access channel: mapped (accessed bits) or fd (every hit counted, exact only)"},
    SWEEP_PARAM_FLUSH,
    {0},
};

static void mglru_fini(void *state)
{
    struct mglru *s = state;
    dlist_free(&s->lists);
    ghost_free(&s->shadows);
    free(s->gen);
    free(s->list);
    free(s->nacc);
    free(s->workingset);
    free(s);
}

static int mglru_init(void **state, const struct vmlab_policy_env *env,
                      const struct vmlab_params *params, struct vmlab_error *err)
{
    unsigned min_gens = (unsigned)vmlab_param_u64(params, "min_gens");
    unsigned max_gens = (unsigned)vmlab_param_u64(params, "max_gens");
    bool fd = !strcmp(vmlab_param_string(params, "access"), "fd");
    if (min_gens >= max_gens)
        return vmlab_error_set(err, VMLAB_EINPUT, "min_gens (%u) must be less than max_gens (%u)",
                               min_gens, max_gens);
    if (fd && env->visibility == VMLAB_VIS_HARDWARE)
        return vmlab_error_set(err, VMLAB_EINPUT,
                               "access=fd needs visibility 'exact': it counts every access "
                               "through file descriptors, which no accessed bit records");
    struct mglru *s = calloc(1, sizeof *s);
    if (!s)
        return vmlab_error_set(err, VMLAB_ESYSTEM, "out of memory");
    uint32_t n = env->nframes;
    s->fr = env->frames;
    s->min_gens = min_gens;
    s->max_gens = max_gens;
    s->tiers = (unsigned)vmlab_param_u64(params, "tiers");
    s->nacc_max = (uint8_t)(1u << (s->tiers - 1));
    s->fd = fd;
    s->flush = vmlab_param_bool(params, "flush");
    s->min_seq = 0;
    s->max_seq = min_gens + 1 < max_gens ? min_gens + 1 : max_gens - 1; /* as lru_gen_init_lruvec */
    s->gen = calloc(n, 1);
    s->list = calloc(n, 1);
    s->nacc = calloc(n, 1);
    s->workingset = calloc(n, 1);
    if (!s->gen || !s->list || !s->nacc || !s->workingset || dlist_init(&s->lists, n, max_gens) ||
        ghost_init(&s->shadows, n, 1, sizeof(struct mg_shadow), n)) {
        mglru_fini(s);
        return vmlab_error_set(err, VMLAB_ESYSTEM, "out of memory for %u frames", n);
    }
    *state = s;
    return 0;
}

/* order_base_2(N + workingset), capped at the top tier. */
static unsigned mg_tier(const struct mglru *s, uint32_t f)
{
    unsigned n = s->nacc[f] + s->workingset[f], t = 0;
    while ((1u << t) < n)
        t++;
    return t < s->tiers ? t : s->tiers - 1;
}

/* Frame @f belongs to generation index @g from now on, with a fresh count (folio_update_gen). */
static void mg_set_gen(struct mglru *s, uint32_t f, uint8_t g)
{
    s->gen[f] = g;
    s->nacc[f] = 1;
    s->workingset[f] = 0;
}

static void mg_move(struct mglru *s, uint32_t f, uint8_t g)
{
    dlist_unlink(&s->lists, f);
    dlist_push_front(&s->lists, g, f);
    s->list[f] = g;
}

/* inc_max_seq: promote every page found accessed, then open a new generation. */
static void mg_age(struct mglru *s)
{
    assert(MG_NR_GENS(s) < s->max_gens);
    if (!s->fd) {
        uint8_t young = MG_GEN(s, s->max_seq);
        for (uint32_t f = 0; f < s->fr->n; f++)
            if (vmlab_frame_used(s->fr, f) && sweep_harvest(s->fr, f, s->flush))
                mg_set_gen(s, f, young);
    }
    s->max_seq++;
    assert(dlist_empty(&s->lists, MG_GEN(s, s->max_seq)));
}

/* inc_min_seq with reset_ctrl_pos(carryover): the I term halves, the P term restarts. */
static void mg_drop_oldest(struct mglru *s)
{
    for (unsigned t = 0; t < s->tiers; t++) {
        s->avg_refaulted[t] = (s->avg_refaulted[t] + s->refaulted[t]) / 2;
        s->avg_total[t] = (s->avg_total[t] + s->evicted[t] + s->protected_[t]) / 2;
        s->refaulted[t] = s->evicted[t] = s->protected_[t] = 0;
    }
    s->min_seq++;
}

/* positive_ctrl_err: the tier's refault rate is not above the set point's (by the gains). */
static bool mg_positive(const struct mglru *s, unsigned tier)
{
    uint64_t sp_ref = s->avg_refaulted[0] + s->refaulted[0];
    uint64_t sp_total = s->avg_total[0] + s->evicted[0] + s->protected_[0];
    uint64_t pv_ref = s->avg_refaulted[tier] + s->refaulted[tier];
    uint64_t pv_total = s->avg_total[tier] + s->evicted[tier] + s->protected_[tier];
    return pv_ref < MG_MIN_LRU_BATCH ||
           pv_ref * (sp_total + MG_MIN_LRU_BATCH) * 2 <= (sp_ref + 1) * pv_total * 3;
}

/* get_tier_idx: tiers above the returned one are protected. */
static unsigned mg_tier_idx(const struct mglru *s)
{
    unsigned t = 1;
    while (t < s->tiers && mg_positive(s, t))
        t++;
    return t - 1;
}

static uint32_t mglru_victim(void *state, const struct vmlab_access *a)
{
    struct mglru *s = state;
    unsigned tier_idx = mg_tier_idx(s);
    for (;;) {
        if (MG_NR_GENS(s) <= s->min_gens) {
            mg_age(s);
            continue;
        }
        uint8_t old = MG_GEN(s, s->min_seq);
        uint32_t f = dlist_back(&s->lists, old);
        if (f == DLIST_NONE) {
            mg_drop_oldest(s);
            continue;
        }
        if (s->gen[f] != old) { /* promoted by the aging: sort it */
            mg_move(s, f, s->gen[f]);
            continue;
        }
        unsigned tier = mg_tier(s, f);
        if (tier > tier_idx) { /* protected: to the next generation */
            s->protected_[tier]++;
            mg_set_gen(s, f, MG_GEN(s, s->min_seq + 1));
            mg_move(s, f, s->gen[f]);
            continue;
        }
        if (!s->fd && sweep_harvest(s->fr, f, s->flush)) {
            mg_set_gen(s, f, MG_GEN(s, s->max_seq)); /* the rmap walk found it young */
            mg_move(s, f, s->gen[f]);
            continue;
        }
        dlist_unlink(&s->lists, f);
        s->evicted[tier]++;
        if (s->shadows.cap) {
            if (ghost_full(&s->shadows))
                ghost_drop_oldest(&s->shadows, 0);
            uint32_t g = ghost_add(&s->shadows, 0, f);
            if (g != GHOST_NONE) {
                *(struct mg_shadow *)ghost_data(&s->shadows, g) =
                    (struct mg_shadow){.seq = s->min_seq, .tier = tier};
            }
        }
        return f;
    }
}

static void mglru_hit(void *state, uint32_t frame, const struct vmlab_access *a)
{
    struct mglru *s = state;
    if (s->fd && s->nacc[frame] < s->nacc_max)
        s->nacc[frame]++; /* mark_page_accessed: lru_gen_inc_refs */
}

static void mglru_insert(void *state, uint32_t frame, const struct vmlab_access *a)
{
    struct mglru *s = state;
    uint64_t seq = s->max_seq; /* faulted in through page tables: the youngest */
    if (s->fd)
        seq = MG_NR_GENS(s) > s->min_gens + 1 ? s->min_seq + 1 : s->min_seq;
    mg_set_gen(s, frame, MG_GEN(s, seq));
    s->list[frame] = s->gen[frame];
    dlist_push_front(&s->lists, s->gen[frame], frame);
    uint32_t g = ghost_take(&s->shadows, a->page_id);
    ghost_note(&s->shadows, frame, a->page_id);
    const struct mg_shadow *sh = g != GHOST_NONE ? ghost_data(&s->shadows, g) : NULL;
    if (sh && s->max_seq - sh->seq < s->max_gens) {
        s->refaulted[sh->tier]++; /* lru_gen_refault, recent */
        s->workingset[frame] = 1;
    }
}

static void mglru_remove(void *state, uint32_t frame)
{
    struct mglru *s = state;
    dlist_unlink(&s->lists, frame);
}

const struct vmlab_policy vmlab_policy_mglru = {
    .abi = VMLAB_POLICY_ABI,
    .name = "mglru",
    .summary = "Linux multi-generational LRU: generations by aging accessed bits, tiers, feedback",
    .source = "Linux mm/vmscan.c (lru_gen), Documentation/mm/multigen_lru.rst, Linux 6.1",
    .params = mglru_params,
    .init = mglru_init,
    .hit = mglru_hit,
    .victim = mglru_victim,
    .insert = mglru_insert,
    .remove = mglru_remove,
    .fini = mglru_fini,
};
