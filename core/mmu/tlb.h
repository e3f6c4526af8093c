/*
 * tlb.h - a set-associative translation structure: a TLB, a walk cache, a
 * nested TLB (module-internal).
 *
 * Tags are 64-bit words that say everything the structure matches on; the
 * set index is the tag's low field (the page number in the structure's page
 * size, or the walk cache's address prefix), taken modulo the sets (a mask
 * when the set count is a power of two, as in every real design):
 *
 *   tag:  | asid (12) | kind (4): page-size code or level | page number or prefix (48) |
 *          63       52  51                             48  47                         0
 *
 *   sets × ways:  tag[s * ways + w]  (TLB_INVALID: empty)   pay[s * ways + w] = {frame, id}
 *
 * Tags are kept apart from the payloads so that the lookup's scan over a
 * set's tags reads as few cache lines as possible. Sets of TLB_FP_WAYS ways
 * or more are not scanned at all: each way also has a one-byte fingerprint
 * of its tag (a multiplicative hash's top byte), eight to a word, and a
 * lookup compares the fingerprints of a whole word at once (a SWAR search
 * for equal bytes), reading a tag only where its fingerprint matches
 * (about one way in 256 on a miss):
 *
 *   fp:   | f0 f1 f2 f3 f4 f5 f6 f7 | f8 f9 f10 f11 -- -- -- -- |   (12 ways: 2 words)
 *           ^ equal bytes of fp ^ (h h h h h h h h) ─► candidate ways ─► tag compared
 *
 * so a 12-way set costs two word compares, not twelve tag compares. A hit
 * touches the way in the replacement policy: LRU, the default, inlined;
 * the other in-tree policies through one direct call and a switch on their
 * index in policies/tlb/list.h; plugins through their table. Fills use an
 * invalid way first (lowest first), else the policy's victim.
 *
 * Counters are plain fields; callers decide what counts as a lookup (a TLB
 * level counts its lookups once for all its structures). The TLBs of a
 * model also count, per frame, the entries that translate to it (held):
 * a shoot-down of a page whose frame no entry holds has nothing to look up.
 */
#ifndef VMLAB_MMU_TLB_H
#define VMLAB_MMU_TLB_H

#include <stdbool.h>
#include <stdint.h>
#include <string.h>

#include <vmlab/error.h>
#include <vmlab/frames.h>
#include <vmlab/mmu.h>

#include "policies/tlb/builtin.h"

#define TLB_INVALID UINT64_MAX
#define TLB_INDEX_BITS 48
#define TLB_INDEX_MASK ((UINT64_C(1) << TLB_INDEX_BITS) - 1)

/* The lookups and fills: small, and on every miss path, so inlined wherever used. */
#define TLB_INLINE __attribute__((always_inline)) static inline

/* A tag from its parts: @index < 2^48, @kind < 16 (page-size code or level), @asid < 4096. */
static inline uint64_t tlb_tag(uint64_t index, unsigned kind, uint32_t asid)
{
    return index | ((uint64_t)kind << TLB_INDEX_BITS) | ((uint64_t)asid << 52);
}

static inline uint32_t tlb_tag_asid(uint64_t tag)
{
    return (uint32_t)(tag >> 52);
}

/* The in-tree policies by index, then plugins. */
enum tlb_pol {
#define TLB_POLICY(n) TLBP_##n,
#include "policies/tlb/list.h"
#undef TLB_POLICY
    TLBP_PLUGIN,
};

struct tlb_payload {
    uint32_t frame; /* frame of the translation (TLBs), or unused */
    uint32_t id;    /* dense page id (TLBs), or unused */
};

/* Sets of this many ways or more are searched by fingerprints; smaller ones by a scan. */
#define TLB_FP_WAYS 8

struct tlb {
    uint64_t *tag;           /* [sets * ways] */
    struct tlb_payload *pay; /* [sets * ways] */
    uint32_t *valid;         /* [sets]: valid ways (a full set skips the scan) */
    uint8_t *fp;             /* [sets * 8 * fpw]: the ways' tag fingerprints, read 8 at a time
                                (stale for invalid ways: a candidate's tag is compared) */
    uint32_t fpw;            /* fingerprint words per set; 0: sets are scanned */
    uint64_t fp_last;        /* 0x80 in the bytes of a set's last word that are ways */
    uint8_t *held;           /* TLBs of a model: [frame] its entries (of every TLB) that
                                translate to the frame, shared; NULL for other structures */
    uint64_t *order;         /* the in-tree LRU on sets of up to 16 ways: its order words
                                (borrowed from its state), for the inlined lookups; else NULL */
    unsigned order_last;     /* their last field's shift */
    uint32_t sets, ways;
    uint32_t set_mask; /* sets - 1 (power-of-two set counts) */
    bool pow2;
    uint8_t pol;      /* enum tlb_pol */
    uint32_t latency; /* cycles of a hit */
    void *pstate;     /* the policy's state */
    const struct vmlab_tlb_policy *policy;
    uint64_t lookups, hits, evictions, invalidations;
    char name[VMLAB_MMU_NAME_MAX];
};

/* Build @t from @d; @seed feeds randomised policies. Return: 0 or < 0 with @err. */
int tlb_init(struct tlb *t, const struct vmlab_cache_desc *d, uint64_t seed,
             struct vmlab_error *err);
void tlb_fini(struct tlb *t);

static inline uint32_t tlb_set_of(const struct tlb *t, uint64_t tag)
{
    uint64_t idx = tag & TLB_INDEX_MASK;
    return t->pow2 ? (uint32_t)(idx & t->set_mask) : (uint32_t)(idx % t->sets);
}

/*
 * The replacement policy's verbs. LRU, the default, is inlined here; the
 * other in-tree policies are one direct call away (tlb.c: a switch on
 * their index, their inline functions), plugins behind their table.
 */
void tlb_other_touch(struct tlb *t, uint32_t set, uint32_t way);
void tlb_other_insert(struct tlb *t, uint32_t set, uint32_t way);
uint32_t tlb_other_victim(struct tlb *t, uint32_t set);

static inline void tlb_policy_touch(struct tlb *t, uint32_t set, uint32_t way)
{
    if (__builtin_expect(t->order != NULL, 1))
        tlbp_order_mark(t->order + set, t->order_last, way);
    else
        tlb_other_touch(t, set, way);
}

/* The fingerprint of @tag: the top byte of a multiplicative hash (every bit of the tag). */
static inline uint8_t tlb_fp(uint64_t tag)
{
    return (uint8_t)((tag * UINT64_C(0x9E3779B97F4A7C15)) >> 56);
}

/*
 * 0x80 in every byte of @y that is zero; also in a byte 0x01 that a borrow
 * from a zero byte below it reaches. Candidates, not answers: a lookup
 * compares each candidate way's tag, so a false one costs a compare.
 */
static inline uint64_t tlb_zero_bytes(uint64_t y)
{
    return (y - UINT64_C(0x0101010101010101)) & ~y & UINT64_C(0x8080808080808080);
}

/* The byte (way) of a word's first flagged byte, and the flags without it: memory order. */
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
#define TLB_FP_FIRST(z) ((unsigned)__builtin_clzll(z) >> 3)
#define TLB_FP_DROP(z) ((z) & ~(UINT64_C(0x8000000000000000) >> __builtin_clzll(z)))
#else
#define TLB_FP_FIRST(z) ((unsigned)__builtin_ctzll(z) >> 3)
#define TLB_FP_DROP(z) ((z) & ((z)-1))
#endif

/* The slot (set * ways + way) of @set holding @tag, or -1. */
TLB_INLINE long tlb_slot(const struct tlb *t, uint32_t set, uint64_t tag)
{
    size_t base = (size_t)set * t->ways;
    const uint64_t *tg = t->tag + base;
    if (!t->fpw) {
        for (uint32_t w = 0; w < t->ways; w++)
            if (tg[w] == tag)
                return (long)(base + w);
        return -1;
    }
    const uint8_t *fp = t->fp + (size_t)set * 8 * t->fpw;
    uint64_t h = tlb_fp(tag) * UINT64_C(0x0101010101010101);
    for (uint32_t k = 0; k < t->fpw; k++) {
        uint64_t word;
        memcpy(&word, fp + 8 * k, sizeof word);
        uint64_t z = tlb_zero_bytes(word ^ h);
        if (k + 1 == t->fpw)
            z &= t->fp_last;
        for (; z; z = TLB_FP_DROP(z)) {
            uint32_t w = 8 * k + TLB_FP_FIRST(z);
            if (tg[w] == tag)
                return (long)(base + w);
        }
    }
    return -1;
}

/*
 * A simple structure: a power-of-two number of sets and the inlined LRU.
 * Callers that know a structure is simple pass it as a constant (the
 * *_as functions' @simple), which drops those two tests.
 */
static inline bool tlb_simple(const struct tlb *t)
{
    return t->pow2 && t->order;
}

/* tlb_set_of; @simple: as tlb_simple(), where known. */
static inline uint32_t tlb_set_as(const struct tlb *t, uint64_t tag, bool simple)
{
    return simple ? (uint32_t)(tag & t->set_mask) : tlb_set_of(t, tag);
}

/* tlb_policy_touch; @simple: as tlb_simple(), where known. */
static inline void tlb_touch_as(struct tlb *t, uint32_t set, uint32_t way, bool simple)
{
    if (simple)
        tlbp_order_mark(t->order + set, t->order_last, way);
    else
        tlb_policy_touch(t, set, way);
}

/*
 * The slot (set * ways + way) holding @tag, touched in the replacement
 * policy, or -1. Counts nothing. @simple: as tlb_simple(), where known.
 */
TLB_INLINE long tlb_find_as(struct tlb *t, uint64_t tag, bool simple)
{
    uint32_t set = tlb_set_as(t, tag, simple);
    long slot = tlb_slot(t, set, tag);
    if (slot >= 0)
        tlb_touch_as(t, set, (uint32_t)((size_t)slot - (size_t)set * t->ways), simple);
    return slot;
}

TLB_INLINE long tlb_find(struct tlb *t, uint64_t tag)
{
    return tlb_find_as(t, tag, false);
}

/* The slot holding @tag, or -1, without touching the policy. */
static inline long tlb_peek(const struct tlb *t, uint64_t tag)
{
    return tlb_slot(t, tlb_set_of(t, tag), tag);
}

/*
 * Put @tag, absent from @set, in @set: an invalid way if the set has one,
 * else the policy's victim. The entry it replaced, if any, is copied to
 * *@old_tag and *@old_pay (else *@old_tag is TLB_INVALID); counts an
 * eviction then. @lru: the policy is the inlined LRU (t->order), a
 * constant where the caller knows it. The held counts are the caller's
 * (tlb_place_as); the fingerprint's byte store, which may alias anything,
 * comes last.
 */
TLB_INLINE void tlb_put(struct tlb *t, uint32_t set, uint64_t tag, struct tlb_payload pay,
                        uint64_t *old_tag, struct tlb_payload *old_pay, bool lru)
{
    const uint32_t ways = t->ways;
    uint64_t *tg = t->tag + (size_t)set * ways;
    struct tlb_payload *py = t->pay + (size_t)set * ways;
    uint32_t way;
    uint64_t old = TLB_INVALID;
    if (t->valid[set] < ways) {
        for (way = 0; tg[way] != TLB_INVALID; way++)
            ;
        t->valid[set]++;
        if (lru)
            tlbp_order_mark(t->order + set, t->order_last, way);
        else
            tlb_other_insert(t, set, way);
    } else {
        if (lru) {
            way = tlbp_order_replace(t->order + set, t->order_last); /* victim and insert */
        } else {
            way = tlb_other_victim(t, set);
            tlb_other_insert(t, set, way);
        }
        old = tg[way];
        *old_pay = py[way];
        t->evictions++;
    }
    *old_tag = old;
    tg[way] = tag;
    py[way] = pay;
    if (t->fpw)
        t->fp[(size_t)set * 8 * t->fpw + way] = tlb_fp(tag);
}

/* tlb_put, and the model's held counts of the frames in and out (TLBs of a model). */
TLB_INLINE void tlb_place_as(struct tlb *t, uint32_t set, uint64_t tag, struct tlb_payload pay,
                             uint64_t *old_tag, struct tlb_payload *old_pay, bool lru)
{
    uint64_t old;
    struct tlb_payload opay = {VMLAB_NO_FRAME, 0};
    tlb_put(t, set, tag, pay, &old, &opay, lru);
    *old_tag = old;
    if (old != TLB_INVALID)
        *old_pay = opay;
    uint8_t *held = t->held;
    if (held) {
        if (old != TLB_INVALID && opay.frame != VMLAB_NO_FRAME)
            held[opay.frame]--;
        if (pay.frame != VMLAB_NO_FRAME)
            held[pay.frame]++;
    }
}

/* tlb_place_as, whatever the policy. */
TLB_INLINE void tlb_place(struct tlb *t, uint32_t set, uint64_t tag, struct tlb_payload pay,
                          uint64_t *old_tag, struct tlb_payload *old_pay)
{
    tlb_place_as(t, set, tag, pay, old_tag, old_pay, __builtin_expect(t->order != NULL, 1));
}

/* tlb_place in @tag's set. @simple: as tlb_simple(), where known. */
TLB_INLINE void tlb_insert_as(struct tlb *t, uint64_t tag, struct tlb_payload pay,
                              uint64_t *old_tag, struct tlb_payload *old_pay, bool simple)
{
    uint32_t set = tlb_set_as(t, tag, simple);
    if (simple)
        tlb_place_as(t, set, tag, pay, old_tag, old_pay, true);
    else
        tlb_place(t, set, tag, pay, old_tag, old_pay);
}

TLB_INLINE void tlb_insert(struct tlb *t, uint64_t tag, struct tlb_payload pay, uint64_t *old_tag,
                           struct tlb_payload *old_pay)
{
    tlb_insert_as(t, tag, pay, old_tag, old_pay, false);
}

/* Fill @tag, found absent from @set, into a structure whose payloads are unused and whose
   victims go (a walk cache). @simple: as tlb_simple(), where known. */
TLB_INLINE void tlb_fill_at(struct tlb *t, uint32_t set, uint64_t tag, bool simple)
{
    uint64_t old;
    struct tlb_payload op, pay = {0, 0};
    if (simple)
        tlb_place_as(t, set, tag, pay, &old, &op, true);
    else
        tlb_place(t, set, tag, pay, &old, &op);
}

/* tlb_fill_at in @tag's set. */
TLB_INLINE void tlb_fill_new(struct tlb *t, uint64_t tag, bool simple)
{
    tlb_fill_at(t, tlb_set_as(t, tag, simple), tag, simple);
}

/* Empty @slot (a move to another structure: not counted as an invalidation). */
void tlb_remove(struct tlb *t, long slot);

/* Remove @tag if present. Return: whether it was (counted as an invalidation). */
bool tlb_invalidate(struct tlb *t, uint64_t tag);

/* Remove every entry (@asid == UINT32_MAX) or every entry of @asid. Return: entries removed. */
uint64_t tlb_flush(struct tlb *t, uint32_t asid);

#endif /* VMLAB_MMU_TLB_H */
