/*
 * clock_pro.c - CLOCK-Pro: LIRS's reuse-distance idea run with a clock and
 * reference bits. Resident pages are hot (small reuse distance) or cold; a
 * cold page is in its "test period" while its recency is still within that of
 * the hot pages, and stays in the clock as a non-resident page after eviction
 * until the test period ends. Three hands sweep one circular list:
 *
 *              ┌─► H ─► c ─► n ─► C ─► c ─► H ─► n ─► c ─┐     H hot, c cold resident,
 *              │   ▲hot        ▲test        ▲cold          │     n cold non-resident
 *              └─── new and promoted pages enter here ◄────┘     (behind HAND_hot: the head)
 *
 *   HAND_cold  looks for a resident cold page to evict. Bit set: clear it and
 *              move the page to the head; if it was in its test period it turns
 *              hot (and m_c grows by one), else it starts a new test period.
 *              Bit clear: evict it; in its test period it stays as non-resident.
 *   HAND_hot   runs when hot pages exceed m - m_c: a hot page with its bit set
 *              is spared (bit cleared), the first without turns cold. The cold
 *              pages it passes end their test periods (non-resident ones leave).
 *              Passing a page is moving it to the head, so a hand HAND_hot
 *              meets moves on with it rather than fall behind the list tail.
 *   HAND_test  runs when non-resident pages exceed m: it ends the test period of
 *              the cold pages it passes, removing non-resident ones.
 *
 * A fault on a page still in the clock (non-resident, in its test period)
 * makes it hot at the head, and m_c grows by one; any other fault makes a cold
 * page at the head, in its test period. A test period that ends without a
 * re-access shrinks m_c by one. m_c (the target of resident cold pages) stays
 * within [1, m]; at most m non-resident pages are remembered. The paper does
 * not fix m_c's initial value: it starts here at its minimum, 1, and adapts.
 * (Starting at m instead, every early promotion sends HAND_hot round the
 * clock, ending the test periods of pages before they could prove hot.)
 *
 * The reference bit is the page's accessed bit, so CLOCK-Pro needs no hit
 * hook and runs in both visibilities; insert clears the bit the fault set
 * (see docs/policies-modern.md for its cost in hardware visibility). Reading
 * "no status change" for a cold page found referenced outside its test
 * period as "not turned hot", such a page starts a new test period at the
 * head.
 *
 * Parameters:
 *   flush (default true) - clear accessed bits with a TLB invalidation.
 *
 * Source: Jiang, Chen and Zhang, "CLOCK-Pro: an effective improvement of the
 * CLOCK replacement", USENIX ATC 2005 (section 3).
 */
#include <config.h>

#include <stdlib.h>

#include <vmlab/policy.h>

#include "lib/dlist.h"
#include "lib/ghost.h"
#include "lib/sweep.h"

#define CP_HOT 0x01u  /* resident hot page */
#define CP_TEST 0x02u /* cold page (resident or not) in its test period */

struct clock_pro {
    struct vmlab_frames *fr;
    struct dlist ring; /* one list: nodes 0..m-1 frames, m + slot non-resident pages */
    uint8_t *state;    /* per node: CP_HOT, CP_TEST */
    uint32_t m;        /* frames */
    uint32_t mc;       /* m_c: target of resident cold pages, 1..m */
    uint32_t nhot;     /* resident hot pages */
    uint32_t nres;     /* resident pages */
    uint32_t hand_hot, hand_cold, hand_test; /* nodes, DLIST_NONE while the ring is empty */
    struct ghost nonres; /* non-resident pages in their test period; capacity m + 1 */
    bool flush;
};

#define CP_RESIDENT(s, x) ((x) < (s)->m)

static const struct vmlab_param_desc clock_pro_params[] = {
    SWEEP_PARAM_FLUSH,
    {0},
};

static void clock_pro_fini(void *state)
{
    struct clock_pro *s = state;
    dlist_free(&s->ring);
    ghost_free(&s->nonres);
    free(s->state);
    free(s);
}

static int clock_pro_init(void **state, const struct vmlab_policy_env *env,
                          const struct vmlab_params *params, struct vmlab_error *err)
{
    struct clock_pro *s = calloc(1, sizeof *s);
    if (!s)
        return vmlab_error_set(err, VMLAB_ESYSTEM, "out of memory");
    s->fr = env->frames;
    s->m = env->nframes;
    s->mc = 1;
    s->flush = vmlab_param_bool(params, "flush");
    s->hand_hot = s->hand_cold = s->hand_test = DLIST_NONE;
    s->state = calloc(2 * (size_t)s->m + 1, 1);
    if (!s->state || dlist_init(&s->ring, 2 * s->m + 1, 1) ||
        ghost_init(&s->nonres, s->m + 1, 1, 0, s->m)) {
        clock_pro_fini(s);
        return vmlab_error_set(err, VMLAB_ESYSTEM, "out of memory for %u frames", env->nframes);
    }
    *state = s;
    return 0;
}

/* The node after @x in the sweep, wrapping past the list head. */
static uint32_t cp_next(const struct clock_pro *s, uint32_t x)
{
    uint32_t y = dlist_next(&s->ring, 0, x);
    return y != DLIST_NONE ? y : dlist_front(&s->ring, 0);
}

/* Take @x out of the ring, moving any hand that points at it to the next node. */
static void cp_unlink(struct clock_pro *s, uint32_t x)
{
    uint32_t next = cp_next(s, x);
    if (next == x)
        next = DLIST_NONE; /* the only node */
    if (s->hand_hot == x)
        s->hand_hot = next;
    if (s->hand_cold == x)
        s->hand_cold = next;
    if (s->hand_test == x)
        s->hand_test = next;
    dlist_unlink(&s->ring, x);
}

/* Put @x at the list head: just behind HAND_hot, the last place its sweep reaches. */
static void cp_link_head(struct clock_pro *s, uint32_t x)
{
    if (s->hand_hot == DLIST_NONE) {
        dlist_push_front(&s->ring, 0, x);
        s->hand_hot = s->hand_cold = s->hand_test = x;
        return;
    }
    dlist_link_between(&s->ring, x, DLIST_PREV(&s->ring, s->hand_hot), s->hand_hot);
}

static void cp_move_head(struct clock_pro *s, uint32_t x)
{
    cp_unlink(s, x);
    cp_link_head(s, x);
}

/* End the test period of cold node @x (resident or not) that a hand passes. */
static void cp_end_test(struct clock_pro *s, uint32_t x)
{
    s->state[x] &= (uint8_t)~CP_TEST;
    if (s->mc > 1)
        s->mc--;
    if (!CP_RESIDENT(s, x)) {
        cp_unlink(s, x);
        ghost_remove(&s->nonres, x - s->m);
    }
}

static void cp_run_test(struct clock_pro *s)
{
    while (ghost_used(&s->nonres) > s->m) {
        uint32_t x = s->hand_test;
        s->hand_test = cp_next(s, x);
        if (!(s->state[x] & CP_HOT) && (s->state[x] & CP_TEST))
            cp_end_test(s, x);
    }
}

/* HAND_hot moves one node. Return: whether it turned a hot page cold. */
static bool cp_hot_step(struct clock_pro *s)
{
    uint32_t x = s->hand_hot, next = cp_next(s, x);
    /* passing x leaves it at the head: the other hands may not fall behind */
    s->hand_hot = next;
    if (s->hand_cold == x)
        s->hand_cold = next;
    if (s->hand_test == x)
        s->hand_test = next;
    if (s->state[x] & CP_HOT) {
        if (!sweep_harvest(s->fr, x, s->flush)) {
            s->state[x] = 0; /* cold, not in a test period */
            s->nhot--;
            return true;
        }
    } else if (s->state[x] & CP_TEST) {
        cp_end_test(s, x);
    }
    return false;
}

/* Turn hot pages cold until there are at most m - m_c of them. */
static void cp_run_hot(struct clock_pro *s)
{
    while (s->nhot > s->m - s->mc)
        cp_hot_step(s);
}

static uint32_t clock_pro_victim(void *state, const struct vmlab_access *a)
{
    struct clock_pro *s = state;
    if (s->hand_cold == DLIST_NONE || !s->nres)
        return VMLAB_NO_FRAME;
    /*
     * With every frame used there is a cold page (at most m - m_c <= m - 1
     * are hot); a process whose allocation shrank below its frames may have
     * only hot ones left: HAND_hot then turns one cold.
     */
    while (s->nhot == s->nres)
        cp_hot_step(s);
    for (;;) {
        uint32_t x = s->hand_cold;
        s->hand_cold = cp_next(s, x);
        if (!CP_RESIDENT(s, x) || (s->state[x] & CP_HOT))
            continue;
        if (sweep_harvest(s->fr, x, s->flush)) {
            if (s->state[x] & CP_TEST) { /* re-accessed in its test period */
                s->state[x] = CP_HOT;
                s->nhot++;
                if (s->mc < s->m)
                    s->mc++;
            } else {
                s->state[x] = CP_TEST;
            }
            cp_move_head(s, x);
            cp_run_hot(s);
            while (s->nhot == s->nres)
                cp_hot_step(s);
            continue;
        }
        uint32_t slot = s->state[x] & CP_TEST ? ghost_add(&s->nonres, 0, x) : GHOST_NONE;
        if (slot != GHOST_NONE) { /* in its test period: stays in the clock, non-resident */
            uint32_t g = s->m + slot;
            s->state[g] = CP_TEST;
            dlist_link_between(&s->ring, g, DLIST_PREV(&s->ring, x), x);
            if (s->hand_hot == x)
                s->hand_hot = g;
            if (s->hand_test == x)
                s->hand_test = g;
        }
        cp_unlink(s, x);
        s->nres--;
        cp_run_test(s);
        return x;
    }
}

static void clock_pro_insert(void *state, uint32_t frame, const struct vmlab_access *a)
{
    struct clock_pro *s = state;
    uint32_t slot = ghost_find(&s->nonres, a->page_id);
    if (slot != GHOST_NONE) { /* re-accessed in its test period: hot */
        cp_unlink(s, s->m + slot);
        ghost_remove(&s->nonres, slot);
        if (s->mc < s->m)
            s->mc++;
        s->state[frame] = CP_HOT;
        s->nhot++;
    } else {
        s->state[frame] = CP_TEST;
    }
    s->nres++;
    cp_link_head(s, frame);
    ghost_note(&s->nonres, frame, a->page_id);
    vmlab_frame_clear_accessed(s->fr, frame,
                               s->flush); /* the fault\'s own access is no re-reference */
    cp_run_hot(s);
}

static void clock_pro_remove(void *state, uint32_t frame)
{
    struct clock_pro *s = state;
    s->nhot -= (s->state[frame] & CP_HOT) != 0;
    s->nres--;
    s->state[frame] = 0;
    cp_unlink(s, frame);
}

const struct vmlab_policy vmlab_policy_clock_pro = {
    .abi = VMLAB_POLICY_ABI,
    .name = "clock-pro",
    .summary = "CLOCK-Pro: hot/cold pages with test periods on one clock swept by three hands",
    .source = "Jiang, Chen and Zhang, USENIX ATC 2005",
    .params = clock_pro_params,
    .init = clock_pro_init,
    .victim = clock_pro_victim,
    .insert = clock_pro_insert,
    .remove = clock_pro_remove,
    .fini = clock_pro_fini,
};
