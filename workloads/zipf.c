/*
 * zipf.c - Zipf-distributed page references: page of rank k (k = 1..N) is
 * drawn with probability k^-alpha / sum_{j=1..N} j^-alpha. Rank 1 is page 0.
 *
 * Draws are exact and O(1) for any N by rejection-inversion (Hörmann and
 * Derflinger, "Rejection-inversion to generate variates from monotone
 * discrete distributions", ACM TOMACS 6(3), 1996). With h(x) = x^-alpha and
 * H its antiderivative, a point u uniform on [H(N+1/2), H(3/2) - h(1)] maps
 * to x = H^-1(u) and to the rank k = round(x); k is accepted when it falls in
 * the part of the hat that lies under the histogram, which for a decreasing h
 * fails rarely (the loop runs about once per draw):
 *
 *     h(x) │▇▇╲
 *          │▇▇▇▇╲__        hat: h on [k-1/2, k+1/2] ─ bar: h(k) = the pmf, unnormalised
 *          │▇▇▇▇▇▇▇▇╲___
 *          └─┴───┴───┴──── x
 *            1   2   3
 *
 * H and H^-1 are written through log1p/expm1 so that alpha = 1 (where H is
 * the logarithm) and alpha near 1 stay accurate.
 *
 * Parameters: pages (N), alpha (>= 0; 0 is uniform), and the common ones.
 */
#include <config.h>

#include <math.h>
#include <stdlib.h>

#include <vmlab/workload.h>

#include "gen.h"

struct zipf {
    struct gen g;        /* first: the common generator state */
    uint64_t n;          /* pages */
    double alpha;
    double h_x1;         /* H(3/2) - h(1) */
    double h_n;          /* H(N + 1/2) */
    double s;            /* 2 - H^-1(H(5/2) - h(2)): the quick-accept width */
};

/* log1p(x)/x, continuous at 0 */
static double helper1(double x)
{
    return fabs(x) > 1e-8 ? log1p(x) / x : 1 - x / 2 + x * x / 3;
}

/* expm1(x)/x, continuous at 0 */
static double helper2(double x)
{
    return fabs(x) > 1e-8 ? expm1(x) / x : 1 + x / 2 + x * x / 6;
}

static double zipf_h(const struct zipf *z, double x)
{
    return exp(-z->alpha * log(x));
}

/* H(x) = (x^(1-alpha) - 1) / (1 - alpha), or log(x) when alpha = 1 */
static double zipf_H(const struct zipf *z, double x)
{
    double lx = log(x);
    return helper2((1 - z->alpha) * lx) * lx;
}

static double zipf_Hinv(const struct zipf *z, double y)
{
    double t = (1 - z->alpha) * y;
    if (t < -1)
        t = -1; /* rounding at the far end of the support */
    return exp(helper1(t) * y);
}

static uint64_t zipf_next(struct gen *g)
{
    struct zipf *z = (struct zipf *)g;
    for (;;) {
        double u = z->h_n + vmlab_rng_double(&g->rng) * (z->h_x1 - z->h_n);
        double x = zipf_Hinv(z, u);
        double kd = floor(x + 0.5);
        if (kd < 1)
            kd = 1;
        else if (kd > (double)z->n)
            kd = (double)z->n;
        if (kd - x <= z->s || u >= zipf_H(z, kd + 0.5) - zipf_h(z, kd))
            return (uint64_t)kd - 1;
    }
}

GEN_STREAM(zipf, zipf_next);

static const struct vmlab_param_desc zipf_params[] = {
    {"pages", VMLAB_PARAM_COUNT, NULL, VMLAB_RANGE(1, 4503599627370495.0), NULL,
     "distinct pages N (page 0 is the most popular)"},
    {"alpha", VMLAB_PARAM_REAL, "0.9", VMLAB_RANGE(0, 100), NULL,
     "Zipf exponent: P(rank k) is proportional to k^-alpha (0 = uniform)"},
    GEN_COMMON_PARAMS("1000000"),
    {0},
};

static int zipf_open(struct vmlab_stream **out, const struct vmlab_params *p,
                     const struct vmlab_workload_env *env, struct vmlab_error *err)
{
    struct zipf *z = calloc(1, sizeof *z);
    if (!z)
        return vmlab_error_set(err, VMLAB_ESYSTEM, "out of memory");
    z->n = vmlab_param_u64(p, "pages");
    z->alpha = vmlab_param_real(p, "alpha");
    z->h_x1 = zipf_H(z, 1.5) - 1;
    z->h_n = zipf_H(z, (double)z->n + 0.5);
    z->s = 2 - zipf_Hinv(z, zipf_H(z, 2.5) - zipf_h(z, 2));
    z->g.max_page = z->n - 1;
    return gen_open(out, &zipf_ops, &z->g, p, env, err);
}

const struct vmlab_workload vmlab_workload_zipf = {
    .abi = VMLAB_WORKLOAD_ABI,
    .name = "zipf",
    .summary = "Zipf-popular pages, exact O(1) draws (rejection-inversion)",
    .params = zipf_params,
    .open = zipf_open,
};
