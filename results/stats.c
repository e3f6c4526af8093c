/*
 * stats.c - mean, standard deviation and Student-t confidence intervals
 * (stats.h). Two passes over the values (the mean, then the squared
 * deviations from it), so the result does not suffer the cancellation of
 * the one-pass sum-of-squares formula.
 */
#include <config.h>

#include <math.h>

#include "results/stats.h"

double vmlab_t_two_sided(double t, unsigned long df)
{
    if (df < 1 || !(t >= 0))
        return NAN;
    double v = (double)df;
    double theta = atan2(t, sqrt(v));
    double c = cos(theta), s = sin(theta), c2 = c * c;
    if (df == 1)
        return 2.0 * theta / M_PI;
    double sum = 0, term;
    if (df % 2 == 0) {
        /* 1 + (1/2) c^2 + (1.3)/(2.4) c^4 + ... up to c^(v-2) */
        term = 1.0;
        for (unsigned long k = 1; k <= (df - 2) / 2; k++) {
            sum += term;
            term *= c2 * (double)(2 * k - 1) / (double)(2 * k);
        }
        sum += term;
        return s * sum;
    }
    /* c + (2/3) c^3 + (2.4)/(3.5) c^5 + ... up to c^(v-2) */
    term = c;
    for (unsigned long k = 1; k <= (df - 3) / 2; k++) {
        sum += term;
        term *= c2 * (double)(2 * k) / (double)(2 * k + 1);
    }
    sum += term;
    return 2.0 / M_PI * (theta + s * sum);
}

double vmlab_t_quantile(double p, unsigned long df)
{
    if (df < 1 || !(p >= 0.5 && p < 1))
        return NAN;
    double target = 2 * p - 1; /* P(|T| < t) */
    if (target == 0)
        return 0;
    double lo = 0, hi = 1;
    while (vmlab_t_two_sided(hi, df) < target) {
        lo = hi;
        hi *= 2;
        if (hi > 1e300)
            return INFINITY;
    }
    for (;;) {
        double mid = lo + (hi - lo) / 2;
        if (mid <= lo || mid >= hi)
            break;
        if (vmlab_t_two_sided(mid, df) < target)
            lo = mid;
        else
            hi = mid;
    }
    return hi;
}

void vmlab_stats_compute(const double *x, size_t n, double confidence, double tq[2],
                         struct vmlab_stats *s)
{
    s->n = n;
    s->sd = s->ci = NAN;
    s->mean = s->min = s->max = n ? x[0] : NAN;
    if (!n)
        return;
    double sum = 0;
    for (size_t i = 0; i < n; i++) {
        sum += x[i];
        if (x[i] < s->min)
            s->min = x[i];
        if (x[i] > s->max)
            s->max = x[i];
    }
    /* identical values (every seed gave the same count): exactly that, no rounding residue */
    s->mean = s->min == s->max ? s->min : sum / (double)n;
    if (n < 2)
        return;
    if (s->min == s->max) {
        s->sd = s->ci = 0;
        return;
    }
    double ss = 0;
    for (size_t i = 0; i < n; i++)
        ss += (x[i] - s->mean) * (x[i] - s->mean);
    s->sd = sqrt(ss / (double)(n - 1));
    double p = 1 - (1 - confidence) / 2, t;
    if (tq && tq[0] == (double)(n - 1)) {
        t = tq[1];
    } else {
        t = vmlab_t_quantile(p, n - 1);
        if (tq) {
            tq[0] = (double)(n - 1);
            tq[1] = t;
        }
    }
    s->ci = t * s->sd / sqrt((double)n);
}
