/*
 * calib.c - TLB hierarchy from a latency curve (calib.h).
 */
#include <config.h>

#include <math.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "hwcounters/calib.h"

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

/* median of v[0..n) (copied; n >= 1) */
static double median(const double *v, size_t n, double *tmp)
{
    memcpy(tmp, v, n * sizeof *v);
    qsort(tmp, n, sizeof *tmp, cmp_double);
    return n % 2 ? tmp[n / 2] : (tmp[n / 2 - 1] + tmp[n / 2]) / 2;
}

unsigned calib_infer(const uint64_t *pages, const double *ns, size_t n, double min_step_ns,
                     struct calib_fit *fit)
{
    memset(fit, 0, sizeof *fit);
    if (n < 2) {
        fit->base_ns = n ? ns[0] : 0;
        return 0;
    }
    double *tmp = malloc(n * sizeof *tmp), *d = malloc(n * sizeof *d);
    size_t *start = malloc((n + 1) * sizeof *start);
    if (!tmp || !d || !start) {
        free(tmp);
        free(d);
        free(start);
        return 0;
    }
    /* noise: 1.4826 x the median absolute successive difference / sqrt 2 */
    for (size_t i = 0; i + 1 < n; i++)
        d[i] = fabs(ns[i + 1] - ns[i]);
    fit->noise_ns = 1.4826 * median(d, n - 1, tmp) / sqrt(2.0);
    double thr = fmax(min_step_ns, 4 * fit->noise_ns);
    fit->threshold_ns = thr;

    /* plateaus: [start[k], start[k+1]) */
    size_t np = 0;
    start[np++] = 0;
    for (size_t i = 1; i < n; i++) {
        size_t s = start[np - 1];
        double level = median(ns + s, i - s, tmp);
        bool up = ns[i] - level > thr && (i + 1 == n || ns[i + 1] - level > thr);
        if (up && np <= CALIB_LEVELS_MAX)
            start[np++] = i;
    }
    start[np] = n;
    /*
     * A set-associative TLB under a random order starts missing before it is
     * full and rises over a few points: rises that start within half an
     * octave of the one before are one step.
     */
    size_t m = 1;
    for (size_t k = 1; k < np; k++)
        if (m > 1 && pages[start[k]] * 2 < pages[start[m - 1]] * 3)
            continue; /* part of the rise that began at start[m - 1] */
        else
            start[m++] = start[k];
    np = m;
    start[np] = n;
    fit->base_ns = median(ns, start[1], tmp);
    double prev = fit->base_ns;
    for (size_t k = 1; k < np && fit->nlevels < CALIB_LEVELS_MAX; k++) {
        double cur = median(ns + start[k], start[k + 1] - start[k], tmp);
        double mid = (prev + cur) / 2;
        /* the largest N, between the two plateaus' starts, still below the midpoint */
        uint64_t cap = pages[start[k] - 1];
        for (size_t j = start[k - 1]; j < start[k + 1]; j++)
            if (ns[j] <= mid)
                cap = pages[j];
        fit->level[fit->nlevels].entries = cap;
        fit->level[fit->nlevels].miss_ns = cur - prev;
        fit->nlevels++;
        prev = cur;
    }
    free(tmp);
    free(d);
    free(start);
    return fit->nlevels;
}

double calib_predict(const struct calib_fit *fit, uint64_t pages)
{
    double v = fit->base_ns;
    for (unsigned k = 0; k < fit->nlevels; k++)
        if (pages > fit->level[k].entries)
            v += fit->level[k].miss_ns;
    return v;
}
