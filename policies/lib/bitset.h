/*
 * bitset.h - a set of frame numbers as a two-level bitmap, for policies that
 * must find "the next marked frame after the hand" without walking every
 * frame in between (enhanced CLOCK's candidates for its first pass).
 *
 *   sum:   bit j set  <=>  word[j] != 0          (one summary bit per 64 frames)
 *   word:  bit i of word[j]  <=>  frame 64j + i is in the set
 *
 * bitset_next finds the first member at or after a frame by looking at the
 * rest of one word, then the summary, then one word: O(frames / 4096) words
 * at worst, a handful in practice.
 */
#ifndef VMLAB_POLICIES_BITSET_H
#define VMLAB_POLICIES_BITSET_H

#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>

#define BITSET_NONE UINT32_MAX

struct bitset {
    uint64_t *word;  /* members, 64 to a word */
    uint64_t *sum;   /* which words are not zero */
    uint32_t n;      /* capacity: members are 0..n-1 */
    uint32_t nwords; /* words of word[] */
};

/* Return: 0, or -1 when out of memory. */
static inline int bitset_init(struct bitset *b, uint32_t n)
{
    b->n = n;
    b->nwords = (n + 63) / 64;
    b->word = calloc(b->nwords ? b->nwords : 1, sizeof *b->word);
    b->sum = calloc((b->nwords + 63) / 64 + 1, sizeof *b->sum);
    if (!b->word || !b->sum) {
        free(b->word);
        free(b->sum);
        return -1;
    }
    return 0;
}

static inline void bitset_free(struct bitset *b)
{
    free(b->word);
    free(b->sum);
}

static inline bool bitset_test(const struct bitset *b, uint32_t x)
{
    return b->word[x / 64] >> (x % 64) & 1;
}

static inline void bitset_set(struct bitset *b, uint32_t x)
{
    b->word[x / 64] |= UINT64_C(1) << (x % 64);
    b->sum[x / 4096] |= UINT64_C(1) << (x / 64 % 64);
}

static inline void bitset_clear(struct bitset *b, uint32_t x)
{
    uint64_t w = b->word[x / 64] &= ~(UINT64_C(1) << (x % 64));
    if (!w)
        b->sum[x / 4096] &= ~(UINT64_C(1) << (x / 64 % 64));
}

/* The first member >= @from, or BITSET_NONE. */
static inline uint32_t bitset_next(const struct bitset *b, uint32_t from)
{
    if (from >= b->n)
        return BITSET_NONE;
    uint32_t j = from / 64;
    uint64_t w = b->word[j] & (~UINT64_C(0) << (from % 64));
    if (w)
        return j * 64 + (uint32_t)__builtin_ctzll(w);
    /* the summary, from the word after j */
    uint32_t k = (j + 1) / 64, nsum = (b->nwords + 63) / 64;
    uint64_t s = (j + 1) % 64 ? b->sum[k] & (~UINT64_C(0) << ((j + 1) % 64)) : b->sum[k];
    for (;;) {
        if (s) {
            uint32_t wj = k * 64 + (uint32_t)__builtin_ctzll(s);
            return wj * 64 + (uint32_t)__builtin_ctzll(b->word[wj]);
        }
        if (++k >= nsum)
            return BITSET_NONE;
        s = b->sum[k];
    }
}

#endif /* VMLAB_POLICIES_BITSET_H */
