/*
 * calib.h - inferring the TLB hierarchy from a latency curve (module-internal).
 *
 * The curve is the translation share of a pointer chase's latency (sparse
 * minus dense, chase.h) against N, the pages touched in one cycle. For a
 * hierarchy of TLB levels with capacities C1 < C2 < ... the curve is a
 * staircase: flat while N fits a level, rising by that level's miss cost
 * past it, and by the walk's cost past the last. The inference segments the
 * curve into plateaus (a rise larger than the threshold, confirmed by the
 * next point, starts a new one; rises that begin within half an octave of
 * the previous one belong to it), takes each step's height as the difference
 * of the plateaus' medians, and the capacity as the largest N whose latency
 * is still below the step's midpoint (robust to the gradual rise of
 * set-associative TLBs under random order).
 */
#ifndef VMLAB_HWCOUNTERS_CALIB_H
#define VMLAB_HWCOUNTERS_CALIB_H

#include <stddef.h>
#include <stdint.h>

#define CALIB_LEVELS_MAX 8

struct calib_level {
    uint64_t entries;  /* capacity in pages: the last N before the step */
    double miss_ns;    /* height of the step: what missing this level adds per access */
};

struct calib_fit {
    unsigned nlevels;                /* steps found (the last is the walk past the last TLB) */
    struct calib_level level[CALIB_LEVELS_MAX];
    double base_ns;                  /* the first plateau */
    double noise_ns;                 /* robust estimate of the point-to-point noise */
    double threshold_ns;             /* the smallest rise taken as a step */
};

/*
 * Infer from @n points (@pages ascending, @ns the latency at each); a rise
 * must exceed max(@min_step_ns, 4 x noise) to count. Return: levels found.
 */
unsigned calib_infer(const uint64_t *pages, const double *ns, size_t n, double min_step_ns,
                     struct calib_fit *fit);

/*
 * The staircase @fit predicts at @pages: base + the miss cost of every level
 * whose capacity is below @pages (a cyclic chase through fully associative
 * LRU levels misses every level smaller than its cycle, on every access).
 */
double calib_predict(const struct calib_fit *fit, uint64_t pages);

#endif /* VMLAB_HWCOUNTERS_CALIB_H */
