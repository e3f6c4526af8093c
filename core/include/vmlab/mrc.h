/*
 * vmlab/mrc.h - miss-ratio curves in one pass: the faults of a stack
 * algorithm at every memory size at once.
 *
 * LRU and OPT are stack algorithms (Mattson, Gecsei, Slutz and Traiger,
 * "Evaluation techniques for storage hierarchies", IBM Systems Journal 9(2),
 * 1970): the pages resident with C frames are always resident with C + 1, so
 * the pages can be kept in one stack whose top C entries are the memory of
 * size C. A reference's stack distance d is its page's depth in that stack
 * before the reference: it hits with every C >= d and faults with every
 * C < d; a first touch has infinite distance (VMLAB_MRC_COLD). So
 *
 *   faults(C) = first touches + #{references with finite d > C}
 *
 * for every C at once, from the histogram of distances. core/mrc.c explains
 * the algorithms (a Fenwick tree over last-access times for LRU, the
 * next-use-priority stack update for OPT, SHARDS sampling) and the memory
 * they take; docs/mrc.md is the user's account.
 *
 * The counters of vmlab_mrc_result are those vmlab_simulate gives with
 * @frames frames, to the bit, except those vmlab_mrc_absent names (which a
 * stack pass cannot give exactly) and, for a sampled curve, those
 * vmlab_mrc_estimated names.
 */
#ifndef VMLAB_MRC_H
#define VMLAB_MRC_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <vmlab/error.h>
#include <vmlab/sim.h>
#include <vmlab/stream.h>

#ifdef __cplusplus
extern "C" {
#endif

enum vmlab_mrc_algo {
    VMLAB_MRC_LRU = 0, /* priority: recency */
    VMLAB_MRC_OPT = 1, /* priority: next use (Belady's MIN); needs a rewindable stream */
};

enum vmlab_mrc_sampling {
    VMLAB_MRC_EXACT = 0,      /* every reference */
    VMLAB_MRC_FIXED_RATE = 1, /* SHARDS: pages whose hash is below rate R; distances / R */
    VMLAB_MRC_FIXED_SIZE = 2, /* SHARDS: at most max_pages pages, the rate lowered to fit (LRU) */
};

#define VMLAB_MRC_COLD 0u /* the stack distance of a first touch (infinite) */

struct vmlab_mrc_config {
    int algo;           /* enum vmlab_mrc_algo */
    uint64_t page_size; /* bytes, a power of two: byte-unit streams are shifted by it */
    int sampling;       /* enum vmlab_mrc_sampling */
    double rate;        /* FIXED_RATE: R in (0, 1] */
    uint32_t max_pages; /* FIXED_SIZE: pages kept in the sample, >= 1 */
    uint64_t seed;      /* salt of the sampling hash (the run's seed) */
    /*
     * Optional (exact curves only): each reference's stack distance is
     * written to distances[t] (VMLAB_MRC_COLD for a first touch), for the
     * first ndistances references. NULL: not recorded.
     */
    uint64_t *distances;
    size_t ndistances;
};

struct vmlab_mrc;

/*
 * Read @in to its end and build the curve of @cfg into *out (free it with
 * vmlab_mrc_free). Return: 0 or < 0 with @err filled (a bad reference, no
 * memory, a stream that cannot be rewound for OPT).
 */
int vmlab_mrc_compute(struct vmlab_mrc **out, const struct vmlab_mrc_config *cfg,
                      struct vmlab_stream *in, struct vmlab_error *err);

/*
 * The same fed block by block, for a caller that reads the references
 * itself (LRU curves only: OPT needs every reference's next use first):
 * begin, add every block in order, end; then read it as a computed curve.
 * Return: 0 or < 0 with @err filled (OPT refused, a bad reference, no memory).
 */
int vmlab_mrc_begin(struct vmlab_mrc **out, const struct vmlab_mrc_config *cfg,
                    enum vmlab_unit unit, struct vmlab_error *err);
int vmlab_mrc_add(struct vmlab_mrc *m, const struct vmlab_ref *refs, size_t n,
                  struct vmlab_error *err);
int vmlab_mrc_end(struct vmlab_mrc *m, struct vmlab_error *err);

void vmlab_mrc_free(struct vmlab_mrc *m);

/* References read (all of them, sampled or not). */
uint64_t vmlab_mrc_refs(const struct vmlab_mrc *m);

/* Distinct pages: exact, or the estimate of a sampled curve. */
uint64_t vmlab_mrc_pages(const struct vmlab_mrc *m);

/*
 * References at stack distance @d (>= 1), or first touches with
 * d = VMLAB_MRC_COLD; for a sampled curve the scaled, weighted histogram
 * rounded to the nearest integer.
 */
uint64_t vmlab_mrc_histogram(const struct vmlab_mrc *m, uint64_t d);

/*
 * The whole histogram of an exact curve: (*hist)[d] references at stack
 * distance d, for d from 1 to the returned length - 1 ((*hist)[0] is 0;
 * first touches are not in it). *hist is malloc'd (NULL and 0 when out of
 * memory).
 */
size_t vmlab_mrc_distances(const struct vmlab_mrc *m, uint64_t **hist);

/* The fault ratio with @frames frames (an estimate for a sampled curve). */
double vmlab_mrc_miss_ratio(const struct vmlab_mrc *m, uint64_t frames);

/*
 * The counters a simulation of the same references with @frames frames
 * gives (totals and, unless sampled, per process by ascending ASID; procs
 * malloc'd: vmlab_sim_result_free). wall_s is 0. Return: 0 or VMLAB_ESYSTEM.
 */
int vmlab_mrc_result(const struct vmlab_mrc *m, uint32_t frames, struct vmlab_sim_result *out);

/*
 * Names (as in the results' metric table) of the counters of
 * vmlab_mrc_result that this curve does not give, in the totals
 * (@per_process false) or in the per-process counters: NULL-ended, static.
 *   OPT with writes: writebacks (which never-used-again page goes first is a
 *   tie the engine breaks by frame number, and it decides which dirty page
 *   is written back); OPT with several processes: per-process evictions and
 *   writebacks (the same tie decides whose page leaves). Sampled curves:
 *   writebacks; per process, everything (no per-process counters).
 */
const char *const *vmlab_mrc_absent(const struct vmlab_mrc *m, bool per_process);

/* Names of the counters that are estimates (sampled curves), NULL-ended, static. */
const char *const *vmlab_mrc_estimated(const struct vmlab_mrc *m);

/*
 * Sampled curves: references sampled, pages that entered the sample (fixed
 * size: more than max_pages, as pages leave), the final rate. Exact curves:
 * references, distinct pages, 1.
 */
uint64_t vmlab_mrc_sampled_refs(const struct vmlab_mrc *m);
uint64_t vmlab_mrc_sampled_pages(const struct vmlab_mrc *m);
double vmlab_mrc_rate(const struct vmlab_mrc *m);

/*
 * Mean absolute difference of the fault ratios of @a and @b over the @n
 * sizes @frames: the error of a sampled curve against the exact one.
 */
double vmlab_mrc_mae(const struct vmlab_mrc *a, const struct vmlab_mrc *b, const uint64_t *frames,
                     size_t n);

/* Peak bytes the computation held (tables, histograms, next-use times). */
size_t vmlab_mrc_bytes(const struct vmlab_mrc *m);

#ifdef __cplusplus
}
#endif

#endif /* VMLAB_MRC_H */
