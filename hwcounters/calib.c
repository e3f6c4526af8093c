/*
 * calib.c - the TLB hierarchy from a latency curve (calib.h explains the
 * method).
 */
#include <config.h>

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "hwcounters/calib.h"

#define CANDIDATES_MAX 4096 /* capacities tried per step (a stride beyond) */

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

static int cmp_u64(const void *a, const void *b)
{
    uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
    return (x > y) - (x < y);
}

double calib_median(double *v, size_t n)
{
    qsort(v, n, sizeof *v, cmp_double);
    return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

/* median of v[0..n) (copied into tmp; n >= 1) */
static double median(const double *v, size_t n, double *tmp)
{
    memcpy(tmp, v, n * sizeof *v);
    return calib_median(tmp, n);
}

double calib_rise(uint64_t n, uint64_t entries, uint64_t ways)
{
    if (!n || n <= entries)
        return 0;
    uint64_t sets = entries / ways, q = n / sets, r = n % sets;
    /* r sets hold q + 1 pages, the others q; a set holding more than its ways misses always */
    uint64_t misses = (q + 1 > ways ? r * (q + 1) : 0) + (q > ways ? (sets - r) * q : 0);
    return (double)misses / (double)n;
}

double calib_fit_ns(const struct calib_fit *fit, uint64_t pages)
{
    double v = fit->base_ns;
    for (unsigned k = 0; k < fit->nsteps; k++)
        v += fit->step[k].miss_ns * calib_rise(pages, fit->step[k].entries, fit->step[k].ways);
    return v;
}

/* one candidate's squared error over points [lo, hi) */
static double sse_of(const uint64_t *pages, const double *ns, size_t lo, size_t hi, double a,
                     double h, uint64_t c, uint64_t w)
{
    double s = 0;
    for (size_t i = lo; i < hi; i++) {
        double e = ns[i] - a - h * calib_rise(pages[i], c, w);
        s += e * e;
    }
    return s;
}

struct cand {
    double sse;
    uint64_t c, w;
    bool set;
};

/* ways as a rank: fully associative above every finite count */
static uint64_t ways_rank(uint64_t c, uint64_t w)
{
    return w == c ? UINT64_MAX : w;
}

/* is (c, w) with error @sse better than @b: lower by more than @tol, else more ways, else smaller c
 */
static bool better(double sse, uint64_t c, uint64_t w, const struct cand *b, double tol)
{
    if (!b->set || sse < b->sse - tol)
        return true;
    if (sse > b->sse + tol)
        return false;
    uint64_t r = ways_rank(c, w), rb = ways_rank(b->c, b->w);
    return r > rb || (r == rb && c < b->c);
}

/*
 * Fit (C, W) of the step from plateau level @a up by @h over points [lo, hi);
 * the rise was first seen at point @s. Fills @st (not miss_ns).
 */
static void fit_step(const uint64_t *pages, const double *ns, size_t lo, size_t s, size_t hi,
                     double a, double h, double noise, struct calib_step *st)
{
    uint64_t cmax = pages[s] > 1 ? pages[s] - 1 : 1;
    uint64_t cmin = (pages[s] + 1) / 2;
    if (cmin < pages[lo])
        cmin = pages[lo];
    if (cmin > cmax)
        cmin = cmax;
    uint64_t stride = (cmax - cmin) / CANDIDATES_MAX + 1;
    /* points at or below cmin miss no candidate, points from 2 cmax on miss every one: only
       those between tell candidates apart (their error is a constant for the others) */
    double scale = 0, fixed = 0;
    size_t vlo = hi, vhi = lo;
    for (size_t i = lo; i < hi; i++) {
        scale += (ns[i] - a) * (ns[i] - a);
        if (pages[i] <= cmin || pages[i] >= 2 * cmax) {
            double e = ns[i] - a - (pages[i] <= cmin ? 0 : h);
            fixed += e * e;
        } else {
            if (i < vlo)
                vlo = i;
            vhi = i + 1;
        }
    }
    if (vlo > vhi)
        vlo = vhi;
    double tol = 1e-9 * scale + 1e-18;
    struct cand full = {0}, finite = {0};
    /* the stride's grid, and every measured N in the range (so a capacity on the grid is tried) */
    size_t next = lo;
    for (uint64_t c = cmin; c <= cmax;) {
        if (c > 0) {
            double e = fixed + sse_of(pages, ns, vlo, vhi, a, h, c, c);
            if (better(e, c, c, &full, tol))
                full = (struct cand){e, c, c, true};
            for (uint64_t w = 1; w <= CALIB_WAYS_MAX && w < c; w++) {
                if (c % w)
                    continue;
                e = fixed + sse_of(pages, ns, vlo, vhi, a, h, c, w);
                if (better(e, c, w, &finite, tol))
                    finite = (struct cand){e, c, w, true};
            }
        }
        uint64_t step = c + stride;
        while (next < hi && pages[next] <= c)
            next++;
        if (stride > 1 && next < hi && pages[next] < step && pages[next] <= cmax)
            step = pages[next];
        c = step;
    }
    /* a finite associativity must explain the points better than the noise does */
    const struct cand *b =
        !finite.set || (full.set && full.sse <= finite.sse + 2 * noise * noise + tol) ? &full
                                                                                      : &finite;
    st->entries = b->c;
    st->ways = b->w;
    st->rise_end = b->c + b->c / b->w;
    st->rms_ns = hi > lo ? sqrt(b->sse / (double)(hi - lo)) : 0;
    st->ways_shown = false;
    for (size_t i = lo; i < hi; i++)
        if ((pages[i] > st->entries && pages[i] < st->rise_end) ||
            (st->ways == st->entries && pages[i] == st->entries + 1))
            st->ways_shown = true;
}

/*
 * Base and heights by least squares, the fitted rises fixed (the plateaus'
 * medians use only the flat points; this uses all of them):
 * y = base + sum_k h_k rise_k(N), over the points within 4 noise of the
 * medians' fit (interference makes outliers either way), then within 4 noise
 * of that solution; kept when it fits those points better than the medians
 * (on an exact curve they fit to the last bit, and no rounding is added).
 * Normal equations, Gauss-Jordan with partial pivoting (at most 9 unknowns).
 */
static void solve_heights(const uint64_t *pages, const double *ns, size_t n, bool *keep,
                          struct calib_fit *fit)
{
    enum { M = CALIB_STEPS_MAX + 1 };
    unsigned m = fit->nsteps + 1;
    double lim = 4 * fit->noise_ns;
    struct calib_fit cur = *fit;
    for (int pass = 0; pass < 2; pass++) {
        double a[M][M + 1] = {{0}};
        for (size_t i = 0; i < n; i++) {
            keep[i] = fabs(ns[i] - calib_fit_ns(&cur, pages[i])) <= lim;
            if (!keep[i])
                continue;
            double x[M];
            x[0] = 1;
            for (unsigned k = 0; k + 1 < m; k++)
                x[k + 1] = calib_rise(pages[i], cur.step[k].entries, cur.step[k].ways);
            for (unsigned r = 0; r < m; r++) {
                for (unsigned c = 0; c < m; c++)
                    a[r][c] += x[r] * x[c];
                a[r][m] += x[r] * ns[i];
            }
        }
        for (unsigned c = 0; c < m; c++) {
            unsigned piv = c;
            for (unsigned r = c + 1; r < m; r++)
                if (fabs(a[r][c]) > fabs(a[piv][c]))
                    piv = r;
            if (fabs(a[piv][c]) < 1e-12)
                return; /* a level no kept point tells apart: keep the medians */
            for (unsigned k = 0; k <= m; k++) {
                double t = a[c][k];
                a[c][k] = a[piv][k];
                a[piv][k] = t;
            }
            for (unsigned r = 0; r < m; r++) {
                if (r == c)
                    continue;
                double q = a[r][c] / a[c][c];
                for (unsigned k = c; k <= m; k++)
                    a[r][k] -= q * a[c][k];
            }
        }
        cur.base_ns = a[0][m] / a[0][0];
        for (unsigned k = 0; k + 1 < m; k++)
            cur.step[k].miss_ns = a[k + 1][m] / a[k + 1][k + 1];
    }
    double e_fit = 0, e_cur = 0;
    for (size_t i = 0; i < n; i++) {
        if (!keep[i])
            continue;
        double d = ns[i] - calib_fit_ns(fit, pages[i]), dc = ns[i] - calib_fit_ns(&cur, pages[i]);
        e_fit += d * d;
        e_cur += dc * dc;
    }
    if (e_cur < e_fit * (1 - 1e-9))
        *fit = cur;
}

unsigned calib_infer(const uint64_t *pages, const double *ns, size_t n, double min_step_ns,
                     struct calib_fit *fit)
{
    memset(fit, 0, sizeof *fit);
    if (n < 2) {
        fit->base_ns = n ? ns[0] : 0;
        return 0;
    }
    double *tmp = malloc(n * sizeof *tmp), *d = malloc(n * sizeof *d), *v = NULL;
    size_t *start = malloc((n + 1) * sizeof *start);
    bool *inside = calloc(n, sizeof *inside);
    if (!tmp || !d || !start || !inside)
        goto out;
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
        if (up && np <= CALIB_STEPS_MAX)
            start[np++] = i;
    }
    /* rises that start within half an octave of the one before are one step */
    size_t m = 1;
    for (size_t k = 1; k < np; k++)
        if (m > 1 && pages[start[k]] * 2 < pages[start[m - 1]] * 3)
            continue;
        else
            start[m++] = start[k];
    np = m;
    start[np] = n;
    if (!(v = malloc(np * sizeof *v)))
        goto out;
    /* twice: the first fit tells which points lie inside rises, left out of the levels */
    for (int pass = 0; pass < 2; pass++) {
        for (size_t k = 0; k < np; k++) {
            size_t c = 0;
            for (size_t i = start[k]; i < start[k + 1]; i++)
                if (!inside[i])
                    d[c++] = ns[i];
            v[k] = c ? median(d, c, tmp) : median(ns + start[k], start[k + 1] - start[k], tmp);
        }
        fit->base_ns = v[0];
        fit->nsteps = 0;
        uint64_t prev_end = 0;
        for (size_t k = 1; k < np; k++) {
            struct calib_step *st = &fit->step[fit->nsteps++];
            size_t lo = start[k - 1];
            while (pass && lo + 1 < start[k] && pages[lo] < prev_end)
                lo++;
            st->miss_ns = v[k] - v[k - 1];
            fit_step(pages, ns, lo, start[k], start[k + 1], v[k - 1], st->miss_ns, fit->noise_ns,
                     st);
            prev_end = st->rise_end;
        }
        for (size_t i = 0; i < n; i++) {
            inside[i] = false;
            for (unsigned k = 0; k < fit->nsteps; k++)
                if (pages[i] > fit->step[k].entries && pages[i] < fit->step[k].rise_end)
                    inside[i] = true;
        }
    }
    solve_heights(pages, ns, n, inside, fit);
out:
    free(tmp);
    free(d);
    free(v);
    free(start);
    free(inside);
    return fit->nsteps;
}

/* is @x among the @n ascending @pages? */
static bool measured(const uint64_t *pages, size_t n, uint64_t x)
{
    return bsearch(&x, pages, n, sizeof *pages, cmp_u64) != NULL;
}

/* the measured points just below and above @x (0 and UINT64_MAX when none) */
static void neighbours(const uint64_t *pages, size_t n, uint64_t x, uint64_t *below,
                       uint64_t *above)
{
    *below = 0;
    *above = UINT64_MAX;
    for (size_t i = 0; i < n; i++) {
        if (pages[i] < x)
            *below = pages[i];
        else if (pages[i] > x) {
            *above = pages[i];
            break;
        }
    }
}

size_t calib_proposals(const struct calib_fit *fit, const uint64_t *pages, size_t n, uint64_t max,
                       uint64_t *out, size_t cap)
{
    size_t k = 0;
#define PROPOSE(x)                                                                                 \
    do {                                                                                           \
        uint64_t x_ = (x);                                                                         \
        if (k < cap && x_ >= 1 && x_ <= max && !measured(pages, n, x_)) {                          \
            size_t j_ = 0;                                                                         \
            while (j_ < k && out[j_] != x_)                                                        \
                j_++;                                                                              \
            if (j_ == k)                                                                           \
                out[k++] = x_;                                                                     \
        }                                                                                          \
    } while (0)
    for (unsigned s = 0; s < fit->nsteps; s++) {
        const struct calib_step *st = &fit->step[s];
        uint64_t c = st->entries, e = st->rise_end;
        uint64_t edge[] = {c, c + 1, e - 1, e, c + (e - c) / 2};
        for (size_t i = 0; i < sizeof edge / sizeof edge[0]; i++)
            PROPOSE(edge[i]);
        /* halfway to the nearest measured points: converges when the fit is off */
        uint64_t at[] = {c, e};
        for (size_t i = 0; i < 2; i++) {
            uint64_t lo, hi;
            neighbours(pages, n, at[i], &lo, &hi);
            if (lo && at[i] - lo > 1)
                PROPOSE(lo + (at[i] - lo) / 2);
            if (hi != UINT64_MAX && hi - at[i] > 1)
                PROPOSE(at[i] + (hi - at[i]) / 2);
        }
    }
#undef PROPOSE
    qsort(out, k, sizeof *out, cmp_u64);
    return k;
}
