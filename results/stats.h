/*
 * stats.h - summary statistics of repeated runs (module-internal): mean,
 * sample standard deviation and the Student-t confidence interval of the
 * mean, with the t quantile computed exactly for any number of degrees of
 * freedom (no table, no normal approximation).
 *
 * For n values x_1..x_n (n >= 2):
 *
 *   mean = (1/n) sum x_i
 *   sd   = sqrt( sum (x_i - mean)^2 / (n - 1) )          (Bessel's correction)
 *   ci   = t(1 - (1 - c)/2, n - 1) * sd / sqrt(n)          half-width: mean +- ci
 *
 * The quantile inverts the Student-t distribution function in closed form
 * for integer degrees of freedom v (Abramowitz and Stegun, Handbook of
 * Mathematical Functions, 26.7.3 and 26.7.4): with theta = atan(t / sqrt(v)),
 * the probability that |T| < t is
 *
 *   v = 1:     2 theta / pi
 *   v odd:     (2/pi) (theta + sin theta (cos theta + (2/3) cos^3 theta + ...
 *                      + (2.4...(v-3)) / (1.3...(v-2)) cos^(v-2) theta))
 *   v even:    sin theta (1 + (1/2) cos^2 theta + (1.3)/(2.4) cos^4 theta + ...
 *                      + (1.3...(v-3)) / (2.4...(v-2)) cos^(v-2) theta)
 *
 * which is monotone in t, so bisection finds the quantile to the last bit.
 */
#ifndef VMLAB_RESULTS_STATS_H
#define VMLAB_RESULTS_STATS_H

#include <stddef.h>

/* The confidence level of every interval vmlab reports. */
#define VMLAB_CONFIDENCE 0.95

struct vmlab_stats {
    size_t n;        /* values summarised */
    double mean;     /* arithmetic mean */
    double sd;       /* sample standard deviation (n - 1); NaN when n < 2 */
    double ci;       /* half-width of the confidence interval of the mean; NaN when n < 2 */
    double min, max; /* extremes */
};

/* P(|T| < @t) for Student's t with @df >= 1 degrees of freedom (@t >= 0). */
double vmlab_t_two_sided(double t, unsigned long df);

/*
 * The quantile t(@p, @df): P(T < t) = @p, for 0.5 <= @p < 1 and @df >= 1
 * (t(0.975, 2) = 4.302653). Return: the quantile, or NaN for other arguments.
 */
double vmlab_t_quantile(double p, unsigned long df);

/*
 * Summarise the @n values @x (n >= 1) at confidence @confidence (0 < c < 1;
 * VMLAB_CONFIDENCE). @tq, when not NULL, caches the last quantile computed
 * (tq[0] degrees of freedom, tq[1] the quantile; start with tq[0] = 0)
 * across calls that pass the same @confidence.
 */
void vmlab_stats_compute(const double *x, size_t n, double confidence, double tq[2],
                         struct vmlab_stats *s);

#endif /* VMLAB_RESULTS_STATS_H */
