/*
 * curve.h - which points of a latency curve to measure (module-internal).
 *
 * A source measures the translation's share of one chase over N pages (the
 * host's pointer chase, or the translation model's, for the tests); this
 * module decides the N:
 *
 *   1. a grid: N = round(2^(k / per_octave)) from 1 to max (and max);
 *   2. spikes: a point above (or below) both neighbours by more than the
 *      fit's threshold is measured again, up to `remeasure` times, the
 *      source choosing which measurement to keep: interference (another
 *      process, an interrupt) slows one layout or the other, so the share
 *      may come out high or low;
 *   3. refinement: `rounds` times, infer (calib.h) and measure the points
 *      calib_proposals names around each step's capacity and rise, then the
 *      spikes again. A geometric grid brackets a capacity within 9% (8 points
 *      per octave); a few rounds find it to the page, and the width of the
 *      rise (the ways) with it.
 *
 * The curve is kept sorted by N, one value per N.
 */
#ifndef VMLAB_HWCOUNTERS_CURVE_H
#define VMLAB_HWCOUNTERS_CURVE_H

#include <stddef.h>
#include <stdint.h>

#include <vmlab/error.h>

#include "hwcounters/calib.h"

struct calib_source {
    /*
     * Measure N = @pages: *@ns, the translation's share in ns per access. Asked again for
     * an N, the source gives the value to keep (the host's: its least disturbed
     * measurement). Return: 0 or < 0.
     */
    int (*measure)(void *arg, uint64_t pages, double *ns, struct vmlab_error *err);
    void *arg;
};

struct calib_plan {
    uint64_t max_pages;  /* the grid's last N */
    unsigned per_octave; /* grid points per doubling of N */
    unsigned rounds;     /* refinement rounds */
    unsigned remeasure;  /* measurements more of a spike, at most */
    double min_step_ns;  /* the inference's smallest step */
};

struct calib_curve {
    size_t n, cap;
    uint64_t *pages; /* ascending */
    double *ns;
    unsigned *times;     /* measurements of each point */
    size_t grid;         /* points of the grid */
    size_t refined;      /* points added by refinement */
    unsigned remeasured; /* measurements of spikes */
};

/* Measure the curve by @plan from @src, and infer @fit from it. Return: 0 or < 0 with @err. */
int calib_curve_measure(struct calib_curve *c, const struct calib_plan *plan,
                        const struct calib_source *src, struct calib_fit *fit,
                        struct vmlab_error *err);

void calib_curve_free(struct calib_curve *c);

/* The grid of step 1: N from 1 to @max, @per_octave per doubling. Return: points written. */
size_t calib_grid(uint64_t max, unsigned per_octave, uint64_t *out, size_t cap);

#endif /* VMLAB_HWCOUNTERS_CURVE_H */
