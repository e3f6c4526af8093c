/*
 * arc.c - ARC, the Adaptive Replacement Cache: two LRU lists, one for pages
 * seen once recently and one for pages seen at least twice, each followed by
 * a ghost list of keys, and a target size p for the first that learns from
 * which ghost list misses come.
 *
 *           recency                          frequency
 *   B1 [ keys ] ◄─ T1 [ pages ]  |  T2 [ pages ] ─► B2 [ keys ]
 *   LRU ...  MRU   MRU ... LRU   |  LRU ... MRU    MRU ... LRU
 *                  ◄───── p ─────┼───── c - p ────►
 *
 * A hit moves the page to T2's MRU end. A miss whose key is in B1 says T1
 * was too small: p grows by max(1, |B2|/|B1|); a miss in B2 shrinks p by
 * max(1, |B1|/|B2|); either way the page joins T2. Any other miss joins T1.
 * REPLACE frees a frame from T1 (its key to B1) when |T1| > p, or |T1| = p
 * and the miss was in B2; otherwise from T2 (its key to B2). Directory sizes
 * stay bounded: |T1| + |B1| <= c and |T1| + |T2| + |B1| + |B2| <= 2c, so at
 * most c keys are remembered (c = frames).
 *
 * Every hit reorders T2, so ARC needs visibility "exact". p is a real number
 * as in the paper's formulas (no rounding).
 *
 * Parameters: none (ARC has none to tune; p starts at 0).
 *
 * Source: Megiddo and Modha, "ARC: a self-tuning, low overhead replacement
 * cache", FAST 2003 (figure 4).
 */
#include <config.h>

#include <stdlib.h>

#include <vmlab/policy.h>

#include "lib/dlist.h"
#include "lib/ghost.h"

enum { ARC_T1, ARC_T2 };          /* resident lists (heads of q) */
enum { ARC_B1, ARC_B2, ARC_NEW }; /* ghost classes, and "in neither" */

struct arc {
    struct vmlab_frames *fr;
    struct dlist q;      /* heads ARC_T1, ARC_T2; front = MRU */
    uint8_t *list;       /* per frame: ARC_T1 or ARC_T2 */
    uint32_t n[2];       /* |T1|, |T2| */
    uint32_t c;          /* frames */
    double p;            /* target size of T1, 0..c */
    struct ghost b;      /* classes ARC_B1, ARC_B2; capacity c + 1 */
    uint64_t class_time; /* time of the fault victim() handled, or UINT64_MAX */
};

/*
 * The paper's directory bounds, |T1| + |B1| <= c and |T1| + |T2| + |B1| + |B2|
 * <= 2c, hold while victims are asked of a full memory. Per-process
 * allocation also asks below that (a process at its allocation) and takes
 * frames away (remove), so the tests below use >= where the paper has =
 * (the same when memory is full), and arc_remember keeps the ghost table's
 * own bound.
 */

static void arc_fini(void *state)
{
    struct arc *s = state;
    dlist_free(&s->q);
    ghost_free(&s->b);
    free(s->list);
    free(s);
}

static int arc_init(void **state, const struct vmlab_policy_env *env,
                    const struct vmlab_params *params, struct vmlab_error *err)
{
    struct arc *s = calloc(1, sizeof *s);
    if (!s)
        return vmlab_error_set(err, VMLAB_ESYSTEM, "out of memory");
    s->fr = env->frames;
    s->c = env->nframes;
    s->class_time = UINT64_MAX;
    s->list = calloc(s->c, 1);
    if (!s->list || dlist_init(&s->q, s->c, 2) || ghost_init(&s->b, s->c + 1, 2, 0, s->c)) {
        arc_fini(s);
        return vmlab_error_set(err, VMLAB_ESYSTEM, "out of memory for %u frames", env->nframes);
    }
    *state = s;
    return 0;
}

static void arc_hit(void *state, uint32_t frame, const struct vmlab_access *a)
{
    struct arc *s = state;
    if (s->list[frame] == ARC_T1) {
        s->list[frame] = ARC_T2;
        s->n[ARC_T1]--;
        s->n[ARC_T2]++;
        dlist_unlink(&s->q, frame);
        dlist_push_front(&s->q, ARC_T2, frame);
    } else {
        dlist_move_front(&s->q, ARC_T2, frame);
    }
}

/*
 * Remember frame @f's page in ghost list @cls. The paper's sizes keep the
 * directory within bounds; only remove() can break them, and then the oldest
 * key of the longer ghost list makes room.
 */
static void arc_remember(struct ghost *b, uint32_t cls, uint32_t f)
{
    if (ghost_full(b))
        ghost_drop_oldest(b, ghost_count(b, ARC_B1) >= ghost_count(b, ARC_B2) ? ARC_B1 : ARC_B2);
    ghost_add(b, cls, f);
}

/* Evict the LRU page of list @t, remembering its key in the matching ghost list. */
static uint32_t arc_demote(struct arc *s, uint32_t t)
{
    uint32_t y = dlist_pop_back(&s->q, t);
    s->n[t]--;
    arc_remember(&s->b, t == ARC_T1 ? ARC_B1 : ARC_B2, y);
    return y;
}

static uint32_t arc_replace(struct arc *s, int cls)
{
    uint32_t t1 = s->n[ARC_T1];
    bool from_t1 = t1 >= 1 && ((cls == ARC_B2 && (double)t1 == s->p) || (double)t1 > s->p);
    if (!s->n[from_t1 ? ARC_T1 : ARC_T2]) /* only after remove() broke the invariants */
        from_t1 = !from_t1;
    return arc_demote(s, from_t1 ? ARC_T1 : ARC_T2);
}

/*
 * The miss on @a: adapt p and trim the directory, then (when @full) REPLACE.
 * Return: the victim, or VMLAB_NO_FRAME when not full.
 */
static uint32_t arc_miss(struct arc *s, const struct vmlab_access *a, bool full)
{
    uint32_t slot = ghost_find(&s->b, a->page_id);
    int cls = slot == GHOST_NONE ? ARC_NEW : (int)ghost_class(&s->b, slot);
    double b1 = ghost_count(&s->b, ARC_B1), b2 = ghost_count(&s->b, ARC_B2);
    if (cls == ARC_B1) {
        s->p += b1 >= b2 ? 1 : b2 / b1;
        if (s->p > s->c)
            s->p = s->c;
    } else if (cls == ARC_B2) {
        s->p -= b2 >= b1 ? 1 : b1 / b2;
        if (s->p < 0)
            s->p = 0;
    } else if (s->n[ARC_T1] + b1 >= s->c) {
        if (s->n[ARC_T1] < s->c) {
            ghost_drop_oldest(&s->b, ARC_B1);
        } else if (full) {
            s->n[ARC_T1]--; /* B1 is empty: T1's LRU page leaves unremembered */
            return dlist_pop_back(&s->q, ARC_T1);
        }
    } else if (s->n[ARC_T1] + s->n[ARC_T2] + b1 + b2 >= 2 * s->c) {
        ghost_drop_oldest(&s->b, ARC_B2);
    }
    return full ? arc_replace(s, cls) : VMLAB_NO_FRAME;
}

static uint32_t arc_victim(void *state, const struct vmlab_access *a)
{
    struct arc *s = state;
    s->class_time = a->time;
    return arc_miss(s, a, true);
}

static void arc_insert(void *state, uint32_t frame, const struct vmlab_access *a)
{
    struct arc *s = state;
    if (s->class_time != a->time)
        arc_miss(s, a, false); /* a free frame: adapt and trim, nothing to replace */
    s->class_time = UINT64_MAX;
    uint32_t t = ghost_take(&s->b, a->page_id) != GHOST_NONE ? ARC_T2 : ARC_T1;
    s->list[frame] = (uint8_t)t;
    s->n[t]++;
    dlist_push_front(&s->q, t, frame);
    ghost_note(&s->b, frame, a->page_id);
}

static void arc_remove(void *state, uint32_t frame)
{
    struct arc *s = state;
    dlist_unlink(&s->q, frame);
    s->n[s->list[frame]]--;
}

const struct vmlab_policy vmlab_policy_arc = {
    .abi = VMLAB_POLICY_ABI,
    .name = "arc",
    .summary = "ARC: recency list T1 and frequency list T2 with ghost lists B1, B2 and adaptive p",
    .source = "Megiddo and Modha, FAST 2003",
    .flags = VMLAB_POLICY_NEEDS_EXACT,
    .init = arc_init,
    .hit = arc_hit,
    .victim = arc_victim,
    .insert = arc_insert,
    .remove = arc_remove,
    .fini = arc_fini,
};
