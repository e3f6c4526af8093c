/*
 * calib.h - inferring the TLB hierarchy from a latency curve (module-internal).
 *
 * The curve is the translation's share of a pointer chase's latency (chase.h)
 * against N, the pages one lap of the chase touches (consecutive pages in a
 * random cyclic order). A hierarchy of TLB levels with capacities
 * C1 < C2 < ... gives a staircase: flat while N fits a level, rising by that
 * level's miss cost past it, by the walk's cost past the last:
 *
 *   ns |                         ___________  walk past the last level
 *      |              ..--''''''              (a rise: set-associative)
 *      |    _________'
 *      | __'         level 2 hits
 *      |_ level 1 hits
 *      +----:--:-----------:-----:---------- N (pages)
 *           C1  C1+S1      C2    C2+S2       S = C / W sets
 *
 * Why a rise and not a cliff: a W-way TLB of C entries in S = C/W sets,
 * indexed by the page number modulo S, gives each set floor(N/S) or
 * ceil(N/S) of N consecutive pages. Under a cyclic order LRU keeps a set
 * that holds at most W of them and misses on every access to a set that
 * holds more, so with N = C + r (0 < r < S) the r sets of W + 1 pages miss:
 * a fraction r (W + 1) / N of the accesses; all do from N = C + S. A fully
 * associative TLB (W = C) steps at once. The width of the rise shows W
 * (calib_rise gives the fraction for any N).
 *
 * The inference: (1) the noise, robustly from successive differences
 * (1.4826 x MAD / sqrt 2); (2) plateaus: a rise of more than
 * max(min_step, 4 x noise) over the current plateau's median, confirmed by
 * the next point, starts one; rises beginning within half an octave of the
 * previous belong to it; (3) each step's height: the difference of the
 * plateaus' medians, without the points inside a rise; (4) each step's
 * capacity C and ways W: least squares of height x calib_rise(N; C, W) over
 * the step's points, for every C from half the N where the rise was seen
 * up to it and every W dividing C (up to 64) or full; a fully associative
 * fit is kept unless a finite W explains the points better by more than two
 * noise variances; ties go to the smaller C. (3) and (4) are done twice
 * (the first fit tells which points are inside rises).
 */
#ifndef VMLAB_HWCOUNTERS_CALIB_H
#define VMLAB_HWCOUNTERS_CALIB_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define CALIB_STEPS_MAX 8
#define CALIB_WAYS_MAX 64 /* the largest finite associativity tried */

struct calib_step {
    uint64_t entries;  /* capacity C in pages: the largest N with no miss */
    uint64_t ways;     /* W: the associativity the rise shows (W == entries: fully assoc.) */
    bool ways_shown;   /* a point inside the rise was measured (or C + 1, for a cliff) */
    uint64_t rise_end; /* C + C / W: the smallest N at which every access misses */
    double miss_ns;    /* the step's height: what missing this level adds per access */
    double rms_ns;     /* root mean square error of the fit over the step's points */
};

struct calib_fit {
    unsigned nsteps;
    struct calib_step step[CALIB_STEPS_MAX];
    double base_ns;      /* the first plateau */
    double noise_ns;     /* robust estimate of the point-to-point noise */
    double threshold_ns; /* the smallest rise taken as a step */
};

/*
 * The fraction of the accesses of a cyclic chase over @n consecutive pages
 * that miss an LRU structure of @entries entries and @ways ways (modulo
 * indexing; @ways == @entries: fully associative).
 */
double calib_rise(uint64_t n, uint64_t entries, uint64_t ways);

/*
 * Infer from @n points (@pages strictly ascending, @ns the latency at each);
 * a rise must exceed max(@min_step_ns, 4 x noise) to count.
 * Return: the steps found.
 */
unsigned calib_infer(const uint64_t *pages, const double *ns, size_t n, double min_step_ns,
                     struct calib_fit *fit);

/* The median of @v[0..@n) (n >= 1), sorting @v: what every figure of calibration takes. */
double calib_median(double *v, size_t n);

/* The fitted curve at @pages: base + the sum of every step's height x its rise. */
double calib_fit_ns(const struct calib_fit *fit, uint64_t pages);

/*
 * The points worth measuring next to pin down the capacities and ways of
 * @fit: around each step's transitions (C, C + 1, C + S - 1, C + S, a point
 * inside the rise) and halfway to the nearest measured neighbours, when not
 * among the @n measured @pages (ascending) and within [1, @max]. Return: how
 * many were written to @out (at most @cap), ascending.
 */
size_t calib_proposals(const struct calib_fit *fit, const uint64_t *pages, size_t n, uint64_t max,
                       uint64_t *out, size_t cap);

#endif /* VMLAB_HWCOUNTERS_CALIB_H */
