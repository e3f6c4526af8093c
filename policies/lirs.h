/*
 * lirs.h - the in-tree LIRS's state (lirs.c) and its hit on a LIR page, for
 * the engine's page loop: nearly every hit is one (a LIR page moves to S's
 * top), and the loop does it inline (core/vm.c, HOOK_LIRS), calling the
 * policy through its table only for the others. A plugin's LIRS, or any
 * other policy, is called through its table.
 */
#ifndef VMLAB_POLICIES_LIRS_H
#define VMLAB_POLICIES_LIRS_H

#include <stdbool.h>
#include <stdint.h>

#include <vmlab/policy.h>

#include "lib/dlist.h"
#include "lib/ghost.h"

struct lirs {
    struct vmlab_frames *fr;
    struct dlist s;      /* stack S over frames 0..c-1 and non-resident entries (LIRS_NODE) */
    struct dlist q;      /* list Q over frames: resident HIR; front = end (newest) */
    uint8_t *lir;        /* per frame: 1 when LIR (never with one frame: lir_max 0) */
    uint32_t c;          /* frames */
    uint32_t lir_max;    /* Llirs = c - Lhirs */
    uint32_t nlir;       /* LIR pages */
    struct ghost nonres; /* non-resident HIR entries of S */
    uint64_t class_time; /* time of the fault whose S entry victim() consumed */
    bool class_in_s;     /* that fault's page had a non-resident entry in S */
};

/*
 * The policy's hit when @frame holds a LIR page other than S's bottom: it
 * moves to S's top (at the top already, nothing moves). Return: false for
 * any other hit (a HIR page; S's bottom, whose move prunes S), which the
 * policy's hit hook takes whole.
 */
static inline bool lirs_touch_lir(struct lirs *s, uint32_t frame)
{
    uint32_t head = dlist_head(&s->s, 0);
    if (!s->lir[frame] || DLIST_PREV(&s->s, head) == frame)
        return false;
    if (DLIST_NEXT(&s->s, head) != frame)
        dlist_move_front(&s->s, 0, frame);
    return true;
}

extern const struct vmlab_policy vmlab_policy_lirs;

#endif /* VMLAB_POLICIES_LIRS_H */
