/*
 * car.c - CAR, Clock with Adaptive Replacement: ARC's lists and its adaptive
 * target p, with the two LRU lists of resident pages replaced by clocks, so
 * that a hit only sets a reference bit.
 *
 *   B1 [ keys, LRU ]      T1 clock: head ─► page page page ─► tail (newest)
 *   B2 [ keys, LRU ]      T2 clock: head ─► page page page ─► tail (newest)
 *
 *   replace: while T1 holds at least max(1, p):  T1's head, bit 0 ─► evicted, key to B1
 *                                                T1's head, bit 1 ─► bit 0, tail of T2
 *            otherwise:                          T2's head, bit 0 ─► evicted, key to B2
 *                                                T2's head, bit 1 ─► bit 0, tail of T2
 *
 * A miss not in B1 or B2 joins T1's tail; a miss in B1 grows p by
 * max(1, |B2|/|B1|), one in B2 shrinks it by max(1, |B1|/|B2|), and the page
 * joins T2's tail. Either way the new page's bit is clear. When memory is
 * full, after replace, a miss in neither list trims the directory: B1's LRU
 * key goes if |T1| + |B1| = c, else B2's if all four lists hold 2c. At most
 * c keys are remembered (c = frames).
 *
 * The reference bit is the page's accessed bit, so CAR needs no hit hook and
 * runs in both visibilities; insert clears the bit the fault set (see
 * docs/policies-modern.md for the cost in hardware visibility).
 *
 * Parameters:
 *   flush (default true) - clear accessed bits with a TLB invalidation.
 *
 * Source: Bansal and Modha, "CAR: Clock with Adaptive Replacement", FAST
 * 2004 (figure 2).
 */
#include <config.h>

#include <stdlib.h>

#include <vmlab/policy.h>

#include "lib/dlist.h"
#include "lib/ghost.h"
#include "lib/sweep.h"

enum { CAR_T1, CAR_T2 }; /* clocks (heads of q): back = clock head, front = tail */
enum { CAR_B1, CAR_B2 }; /* ghost classes */

struct car {
    struct vmlab_frames *fr;
    struct dlist q; /* heads CAR_T1, CAR_T2 */
    uint8_t *list;  /* per frame: CAR_T1 or CAR_T2 */
    uint32_t n[2];  /* |T1|, |T2| */
    uint32_t c;     /* frames */
    double p;       /* target size of T1, 0..c */
    struct ghost b; /* classes CAR_B1, CAR_B2; capacity c + 1 */
    bool flush;
};

static const struct vmlab_param_desc car_params[] = {
    SWEEP_PARAM_FLUSH,
    {0},
};

static void car_fini(void *state)
{
    struct car *s = state;
    dlist_free(&s->q);
    ghost_free(&s->b);
    free(s->list);
    free(s);
}

static int car_init(void **state, const struct vmlab_policy_env *env,
                    const struct vmlab_params *params, struct vmlab_error *err)
{
    struct car *s = calloc(1, sizeof *s);
    if (!s)
        return vmlab_error_set(err, VMLAB_ESYSTEM, "out of memory");
    s->fr = env->frames;
    s->c = env->nframes;
    s->flush = vmlab_param_bool(params, "flush");
    s->list = calloc(s->c, 1);
    if (!s->list || dlist_init(&s->q, s->c, 2) || ghost_init(&s->b, s->c + 1, 2, 0, s->c)) {
        car_fini(s);
        return vmlab_error_set(err, VMLAB_ESYSTEM, "out of memory for %u frames", env->nframes);
    }
    *state = s;
    return 0;
}

static uint32_t car_replace(struct car *s)
{
    for (;;) {
        uint32_t t = s->n[CAR_T1] >= 1 && (double)s->n[CAR_T1] >= s->p ? CAR_T1 : CAR_T2;
        if (!s->n[t]) /* only after remove() emptied the chosen clock */
            t = !t;
        uint32_t x = dlist_back(&s->q, t);
        if (!sweep_harvest(s->fr, x, s->flush)) {
            dlist_unlink(&s->q, x);
            s->n[t]--;
            /* the paper's sizes keep the directory within bounds; only remove()
               can break them, and then the longer ghost list's oldest key goes */
            if (ghost_full(&s->b))
                ghost_drop_oldest(&s->b, ghost_count(&s->b, CAR_B1) >= ghost_count(&s->b, CAR_B2)
                                             ? CAR_B1
                                             : CAR_B2);
            ghost_add(&s->b, t == CAR_T1 ? CAR_B1 : CAR_B2, x);
            return x;
        }
        dlist_unlink(&s->q, x); /* referenced: a second chance at T2's tail */
        dlist_push_front(&s->q, CAR_T2, x);
        s->n[t]--;
        s->n[CAR_T2]++;
        s->list[x] = CAR_T2;
    }
}

static uint32_t car_victim(void *state, const struct vmlab_access *a)
{
    struct car *s = state;
    uint32_t x = car_replace(s);
    if (ghost_find(&s->b, a->page_id) == GHOST_NONE) {
        if (s->n[CAR_T1] + ghost_count(&s->b, CAR_B1) >= s->c) /* = when memory is full */
            ghost_drop_oldest(&s->b, CAR_B1);
        else if (s->n[CAR_T1] + s->n[CAR_T2] + ghost_used(&s->b) >= 2 * s->c)
            ghost_drop_oldest(&s->b, CAR_B2);
    }
    return x;
}

static void car_insert(void *state, uint32_t frame, const struct vmlab_access *a)
{
    struct car *s = state;
    uint32_t slot = ghost_find(&s->b, a->page_id);
    uint32_t t = CAR_T1;
    if (slot != GHOST_NONE) {
        double b1 = ghost_count(&s->b, CAR_B1), b2 = ghost_count(&s->b, CAR_B2);
        if (ghost_class(&s->b, slot) == CAR_B1) {
            s->p += b2 > b1 ? b2 / b1 : 1;
            if (s->p > s->c)
                s->p = s->c;
        } else {
            s->p -= b1 > b2 ? b1 / b2 : 1;
            if (s->p < 0)
                s->p = 0;
        }
        ghost_remove(&s->b, slot);
        t = CAR_T2;
    }
    s->list[frame] = (uint8_t)t;
    s->n[t]++;
    dlist_push_front(&s->q, t, frame);
    ghost_note(&s->b, frame, a->page_id);
    vmlab_frame_clear_accessed(s->fr, frame,
                               s->flush); /* the fault\'s own access is no re-reference */
}

static void car_remove(void *state, uint32_t frame)
{
    struct car *s = state;
    dlist_unlink(&s->q, frame);
    s->n[s->list[frame]]--;
}

const struct vmlab_policy vmlab_policy_car = {
    .abi = VMLAB_POLICY_ABI,
    .name = "car",
    .summary = "CAR: ARC's adaptive lists kept as two clocks, so hits only set a reference bit",
    .source = "Bansal and Modha, FAST 2004",
    .params = car_params,
    .init = car_init,
    .victim = car_victim,
    .insert = car_insert,
    .remove = car_remove,
    .fini = car_fini,
};
