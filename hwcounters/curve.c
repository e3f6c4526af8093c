/*
 * curve.c - the points of a latency curve (curve.h).
 */
#include <config.h>

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "hwcounters/curve.h"

#define GRID_MAX 1024
#define PROPOSALS_MAX (CALIB_STEPS_MAX * 16)

size_t calib_grid(uint64_t max, unsigned per_octave, uint64_t *out, size_t cap)
{
    size_t n = 0;
    uint64_t last = 0;
    for (unsigned k = 0; n < cap; k++) {
        uint64_t v = (uint64_t)llround(pow(2.0, (double)k / per_octave));
        if (v > max)
            break;
        if (v != last)
            out[n++] = last = v;
    }
    if (n < cap && last != max)
        out[n++] = max;
    return n;
}

/* Measure @pages and insert it in order (a point measured again takes the source's value). */
static int add_point(struct calib_curve *c, const struct calib_source *src, uint64_t pages,
                     struct vmlab_error *err)
{
    double ns;
    int rc = src->measure(src->arg, pages, &ns, err);
    if (rc)
        return rc;
    size_t i = 0;
    while (i < c->n && c->pages[i] < pages)
        i++;
    if (i < c->n && c->pages[i] == pages) {
        c->ns[i] = ns;
        c->times[i]++;
        return 0;
    }
    if (c->n == c->cap) {
        size_t cap = c->cap ? 2 * c->cap : 64;
        uint64_t *p = realloc(c->pages, cap * sizeof *p);
        if (p)
            c->pages = p;
        double *v = realloc(c->ns, cap * sizeof *v);
        if (v)
            c->ns = v;
        unsigned *t = realloc(c->times, cap * sizeof *t);
        if (t)
            c->times = t;
        if (!p || !v || !t)
            return vmlab_error_set(err, VMLAB_ESYSTEM, "out of memory");
        c->cap = cap;
    }
    memmove(c->pages + i + 1, c->pages + i, (c->n - i) * sizeof *c->pages);
    memmove(c->ns + i + 1, c->ns + i, (c->n - i) * sizeof *c->ns);
    memmove(c->times + i + 1, c->times + i, (c->n - i) * sizeof *c->times);
    c->pages[i] = pages;
    c->ns[i] = ns;
    c->times[i] = 1;
    c->n++;
    return 0;
}

/* Measure the spikes again until none is left or each was measured 1 + remeasure times. */
static int spikes(struct calib_curve *c, const struct calib_plan *plan,
                  const struct calib_source *src, struct vmlab_error *err)
{
    for (bool again = true; again;) {
        again = false;
        struct calib_fit f;
        calib_infer(c->pages, c->ns, c->n, plan->min_step_ns, &f);
        for (size_t i = 1; i + 1 < c->n; i++) {
            double hi = fmax(c->ns[i - 1], c->ns[i + 1]), lo = fmin(c->ns[i - 1], c->ns[i + 1]);
            bool spike = c->ns[i] - hi > f.threshold_ns || lo - c->ns[i] > f.threshold_ns;
            if (spike && c->times[i] <= plan->remeasure) {
                int rc = add_point(c, src, c->pages[i], err);
                if (rc)
                    return rc;
                c->remeasured++;
                again = true;
            }
        }
    }
    return 0;
}

int calib_curve_measure(struct calib_curve *c, const struct calib_plan *plan,
                        const struct calib_source *src, struct calib_fit *fit,
                        struct vmlab_error *err)
{
    memset(c, 0, sizeof *c);
    uint64_t g[GRID_MAX];
    size_t ng = calib_grid(plan->max_pages, plan->per_octave, g, GRID_MAX);
    int rc = 0;
    for (size_t i = 0; i < ng && !rc; i++)
        rc = add_point(c, src, g[i], err);
    c->grid = c->n;
    if (!rc)
        rc = spikes(c, plan, src, err);
    for (unsigned r = 0; r < plan->rounds && !rc; r++) {
        calib_infer(c->pages, c->ns, c->n, plan->min_step_ns, fit);
        uint64_t p[PROPOSALS_MAX];
        size_t np = calib_proposals(fit, c->pages, c->n, plan->max_pages, p, PROPOSALS_MAX);
        if (!np)
            break;
        for (size_t i = 0; i < np && !rc; i++)
            rc = add_point(c, src, p[i], err);
        c->refined += np;
        if (!rc)
            rc = spikes(c, plan, src, err);
    }
    if (!rc)
        calib_infer(c->pages, c->ns, c->n, plan->min_step_ns, fit);
    return rc;
}

void calib_curve_free(struct calib_curve *c)
{
    free(c->pages);
    free(c->ns);
    free(c->times);
    memset(c, 0, sizeof *c);
}
