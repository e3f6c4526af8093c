/*
 * lirs.c - LIRS, Low Inter-reference Recency Set: keep resident the pages
 * whose last two references were closest (LIR), and give only a small share
 * of memory to the rest (HIR).
 *
 *   stack S (recency order, LIR and HIR, resident or not)    list Q (resident HIR)
 *   top ─► a(LIR) x(HIR) b(LIR) y(HIR, non-resident) c(LIR) ◄─ bottom: always LIR
 *                                                            end ─► x  z ─► front: evicted
 *
 * LIR pages fill c - Lhirs frames and are never evicted while LIR; resident
 * HIR pages live in Q (Lhirs frames) and its front is the victim. S holds the
 * recency of every page whose last reference is more recent than the oldest
 * LIR page's (the bottom); "pruning" removes HIR entries that sink to the
 * bottom. On a reference:
 *
 *   LIR page            to S's top (prune if it was the bottom)
 *   resident HIR in S   turns LIR, leaves Q, to S's top; the bottom LIR page
 *                       turns HIR and goes to Q's end; prune
 *   resident HIR not in S   to S's top and Q's end (stays HIR)
 *   miss                Q's front is evicted (its entry stays in S, non-resident);
 *                       a page still in S turns LIR as above, any other becomes
 *                       resident HIR at S's top and Q's end
 *
 * While fewer than c - Lhirs pages are LIR, every new page becomes LIR. A
 * loop over c + 1 pages, LRU's worst case, faults on few references: the LIR
 * set stays resident and only the HIR frames churn.
 *
 * Every reference reorders S, so LIRS needs visibility "exact".
 *
 * Parameters:
 *   hir (0.01)   - Lhirs, the share of frames for resident HIR pages (at least
 *                  one frame, and at least one frame left for LIR; with a
 *                  single frame there is no LIR set and Q alone holds it).
 *   ghosts (2.0) - non-resident entries S may hold, as a multiple of frames.
 *                  The paper leaves S unbounded (its authors' simulator lets S
 *                  grow to 2500 times memory and suggests 3 as a limit); here S
 *                  holds at most c resident + 2c non-resident entries, and when
 *                  full the entry evicted longest ago leaves S.
 *
 * Source: Jiang and Zhang, "LIRS: an efficient low inter-reference recency
 * set replacement policy to improve buffer cache performance", SIGMETRICS
 * 2002 (section 3.3).
 */
#include <config.h>

#include <math.h>
#include <stdlib.h>

#include <vmlab/policy.h>

#include "lirs.h"

/*
 * Layout. S's links are 8-byte cells of one array that the ghost table
 * allocates (ghost_init_lead): the frames' cells and S's head lead, and each
 * ghost record keeps its entry's cell in the record, after the table's page
 * id and age links. So S is a dlist whose node x is simply cell x, frame or
 * ghost (no branch on the kind: S's neighbours are either at random), a
 * frame's links stay 8 bytes (the LIR hits' working set), and taking,
 * pruning or dropping a ghost touches one record, not a record and a node:
 *
 *   cell  0 .. c-1 | c    | c+1 c+2 c+3      | c+4 c+5 c+6      | ...
 *         frames   | head | slot 0: page cls | slot 1: page cls |
 *                  |      |  age prev next S |  age prev next S |
 *
 * Slot g's entry is node c + 1 + 3 g + 2 (LIRS_NODE). S's dlist has nnodes = c
 * (its head is node c) and nodes beyond its head: dlist_* never looks at
 * a node's number, only at its links.
 */
struct lirs_ghost {
    struct ghost_slot slot; /* the table's */
    uint32_t s[2];          /* the entry's cell of S: prev, next */
};

#define LIRS_CELLS (sizeof(struct lirs_ghost) / (2 * sizeof(uint32_t))) /* cells a record */
#define LIRS_NODE(s, slot) ((s)->c + 1 + LIRS_CELLS * (slot) + LIRS_CELLS - 1)
#define LIRS_SLOT(s, x) (((x) - (s)->c - 1) / LIRS_CELLS)

/* S's bottom is a LIR page whenever S holds any (pruning keeps it so). */
#define LIRS_BOTTOM_IS_LIR(s)                                                                      \
    (dlist_empty(&(s)->s, 0) ||                                                                    \
     (dlist_back(&(s)->s, 0) < (s)->c && (s)->lir[dlist_back(&(s)->s, 0)]))

static const struct vmlab_param_desc lirs_params[] = {
    {"hir", VMLAB_PARAM_REAL, "0.01", VMLAB_RANGE(0, 1), NULL,
     "Lhirs: share of frames for resident HIR pages (at least one frame)"},
    {"ghosts", VMLAB_PARAM_REAL, "2", VMLAB_RANGE(0, 1000), NULL,
     "non-resident HIR entries stack S may hold, as a multiple of frames"},
    {0},
};

static void lirs_fini(void *state)
{
    struct lirs *s = state;
    dlist_free(&s->q);
    ghost_free(&s->nonres); /* and S's cells */
    free(s->lir);
    free(s);
}

static int lirs_init(void **state, const struct vmlab_policy_env *env,
                     const struct vmlab_params *params, struct vmlab_error *err)
{
    struct lirs *s = calloc(1, sizeof *s);
    if (!s)
        return vmlab_error_set(err, VMLAB_ESYSTEM, "out of memory");
    uint32_t c = env->nframes;
    uint32_t hir = (uint32_t)floor(vmlab_param_real(params, "hir") * c);
    if (hir < 1)
        hir = 1;
    if (c > 1 && hir > c - 1)
        hir = c - 1;
    double g = floor(vmlab_param_real(params, "ghosts") * c);
    uint32_t gcap = g > 1e9 ? 1000000000u : (uint32_t)g;
    s->fr = env->frames;
    s->c = c;
    s->lir_max = c > hir ? c - hir : 0;
    s->class_time = UINT64_MAX;
    s->lir = calloc(c, 1);
    size_t lead = ((size_t)c + 1) * 2 * sizeof(uint32_t);
    if (!s->lir || dlist_init(&s->q, c, 1) ||
        ghost_init_lead(&s->nonres, gcap, 1, sizeof(uint32_t[2]), c, lead)) {
        lirs_fini(s);
        return vmlab_error_set(err, VMLAB_ESYSTEM, "out of memory for %u frames", c);
    }
    assert(s->nonres.stride == sizeof(struct lirs_ghost));
    s->s = (struct dlist){(uint32_t *)(s->nonres.rec - lead), c, 1};
    for (uint32_t x = 0; x < c; x++)
        DLIST_PREV(&s->s, x) = DLIST_NEXT(&s->s, x) = DLIST_NONE;
    DLIST_PREV(&s->s, c) = DLIST_NEXT(&s->s, c) = c;
    for (uint32_t slot = 0; slot < gcap; slot++)
        DLIST_PREV(&s->s, LIRS_NODE(s, slot)) = DLIST_NEXT(&s->s, LIRS_NODE(s, slot)) = DLIST_NONE;
    *state = s;
    return 0;
}

/* Remove HIR entries from S's bottom until a LIR page is there. */
static void lirs_prune(struct lirs *s)
{
    for (;;) {
        uint32_t x = dlist_back(&s->s, 0);
        if (x == DLIST_NONE || (x < s->c && s->lir[x]))
            break;
        dlist_unlink(&s->s, x);
        if (x > s->c)
            ghost_remove(&s->nonres, LIRS_SLOT(s, x));
    }
    assert(LIRS_BOTTOM_IS_LIR(s));
}

/* Frame @f turns LIR at S's top; if LIR pages now exceed Llirs, the bottom one turns HIR. */
static void lirs_make_lir(struct lirs *s, uint32_t f)
{
    s->lir[f] = 1;
    s->nlir++;
    dlist_push_front(&s->s, 0, f);
    if (s->nlir > s->lir_max) {
        uint32_t y = dlist_pop_back(&s->s, 0);
        assert(y < s->c && s->lir[y]);
        s->lir[y] = 0;
        s->nlir--;
        dlist_push_front(&s->q, 0, y);
    }
    lirs_prune(s);
}

static void lirs_hit(void *state, uint32_t frame, const struct vmlab_access *a)
{
    struct lirs *s = state;
    bool in_s = dlist_linked(&s->s, frame);
    if (s->lir_max == 0) { /* one frame: no LIR set, Q alone */
        dlist_move_front(&s->q, 0, frame);
    } else if (s->lir[frame]) {
        if (dlist_front(&s->s, 0) == frame) /* already S's top */
            return;
        bool bottom = dlist_back(&s->s, 0) == frame;
        dlist_move_front(&s->s, 0, frame);
        if (bottom)
            lirs_prune(s);
    } else if (in_s) {
        dlist_unlink(&s->q, frame);
        dlist_unlink(&s->s, frame);
        lirs_make_lir(s, frame);
    } else {
        dlist_push_front(&s->s, 0, frame);
        dlist_move_front(&s->q, 0, frame);
    }
}

static uint32_t lirs_victim(void *state, const struct vmlab_access *a)
{
    struct lirs *s = state;
    /* the faulting page's S entry is consumed first, so aging cannot lose it */
    uint32_t slot = ghost_take(&s->nonres, a->page_id);
    s->class_time = a->time;
    s->class_in_s = slot != GHOST_NONE;
    if (s->class_in_s)
        dlist_unlink(&s->s, LIRS_NODE(s, slot));
    if (dlist_empty(&s->q, 0)) {
        /*
         * With every frame used Q holds at least Lhirs pages; a process whose
         * allocation shrank below its frames may have only LIR pages left:
         * the bottom one (the largest recency) turns HIR.
         */
        uint32_t y = dlist_pop_back(&s->s, 0);
        if (y == DLIST_NONE)
            return VMLAB_NO_FRAME;
        assert(y < s->c && s->lir[y]);
        s->lir[y] = 0;
        s->nlir--;
        dlist_push_front(&s->q, 0, y);
        lirs_prune(s);
    }
    uint32_t z = dlist_pop_back(&s->q, 0);
    if (dlist_linked(&s->s, z)) { /* z's entry stays in S, non-resident */
        if (ghost_full(&s->nonres)) {
            uint32_t old = ghost_drop_oldest(&s->nonres, 0);
            if (old != GHOST_NONE)
                dlist_unlink(&s->s, LIRS_NODE(s, old));
        }
        uint32_t g = s->nonres.cap ? ghost_add(&s->nonres, 0, z) : GHOST_NONE;
        if (g != GHOST_NONE)
            dlist_replace(&s->s, z, LIRS_NODE(s, g));
        else
            dlist_unlink(&s->s, z);
    }
    return z;
}

static void lirs_insert(void *state, uint32_t frame, const struct vmlab_access *a)
{
    struct lirs *s = state;
    bool in_s;
    if (s->class_time == a->time) {
        in_s = s->class_in_s;
    } else {
        uint32_t slot = ghost_take(&s->nonres, a->page_id);
        in_s = slot != GHOST_NONE;
        if (in_s)
            dlist_unlink(&s->s, LIRS_NODE(s, slot));
    }
    s->class_time = UINT64_MAX;
    ghost_note(&s->nonres, frame, a->page_id);
    s->lir[frame] = 0;
    if (s->lir_max == 0) {
        dlist_push_front(&s->q, 0, frame);
    } else if (in_s || s->nlir < s->lir_max) {
        lirs_make_lir(s, frame);
    } else {
        dlist_push_front(&s->s, 0, frame);
        dlist_push_front(&s->q, 0, frame);
    }
}

static void lirs_remove(void *state, uint32_t frame)
{
    struct lirs *s = state;
    if (dlist_linked(&s->s, frame))
        dlist_unlink(&s->s, frame);
    if (dlist_linked(&s->q, frame))
        dlist_unlink(&s->q, frame);
    s->nlir -= s->lir[frame];
    s->lir[frame] = 0;
    lirs_prune(s);
}

const struct vmlab_policy vmlab_policy_lirs = {
    .abi = VMLAB_POLICY_ABI,
    .name = "lirs",
    .summary =
        "LIRS: keep pages of low inter-reference recency (LIR); stack S with pruning, list Q",
    .source = "Jiang and Zhang, SIGMETRICS 2002",
    .params = lirs_params,
    .flags = VMLAB_POLICY_NEEDS_EXACT,
    .init = lirs_init,
    .hit = lirs_hit,
    .victim = lirs_victim,
    .insert = lirs_insert,
    .remove = lirs_remove,
    .fini = lirs_fini,
};
