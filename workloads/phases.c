/*
 * phases.c - working-set phases: a process that dwells in one locality (a
 * set of W pages, referenced uniformly) for a phase of L references, then
 * moves to the next locality, which keeps O pages of the previous one:
 *
 *   phase 0   [s0 .................. s0+W)
 *   phase 1                 [s1 .................. s1+W)        s1 = s0 + W - O
 *   phase 2                                [s2 ..................
 *                           └─ O ──┘  shared by consecutive localities
 *
 * The phase-transition model of program behaviour (Denning, "The working set
 * model for program behavior", CACM 11(5), 1968; Denning and Kahn, "A study
 * of program locality and lifetime functions", SOSP 1975): within a phase
 * the working set is the locality; at a transition W - O new pages fault in.
 * A policy with at least W frames faults about W - O times per phase; the
 * working-set and page-fault-frequency allocators are built for this shape.
 * Localities slide through an address space of N pages and wrap around it
 * (page numbers modulo N); P phases touch min(N, W + (P-1)(W-O)) distinct
 * pages once each phase is long enough to touch all of its locality
 * (L well above W ln W).
 *
 * Parameters: pages (N, required), locality (W, default 1000), overlap (O,
 * default 0, less than W), phase (L, default 100000), and the common ones.
 * Memory held: none.
 */
#include <config.h>

#include <stdlib.h>

#include <vmlab/workload.h>

#include "gen.h"

struct phases {
    struct gen g;
    uint64_t n;     /* pages in the address space */
    uint64_t w;     /* locality size */
    uint64_t shift; /* W - O: how far the locality moves at a transition */
    uint64_t len;   /* references per phase */
    uint64_t start; /* first page of the current locality */
    uint64_t left;  /* references left in the current phase */
};

static uint64_t phases_next(struct gen *g)
{
    struct phases *ph = (struct phases *)g;
    if (!ph->left) {
        ph->start += ph->shift;
        if (ph->start >= ph->n)
            ph->start -= ph->n;
        ph->left = ph->len;
    }
    ph->left--;
    uint64_t p = ph->start + vmlab_rng_below(&g->rng, ph->w);
    return p >= ph->n ? p - ph->n : p;
}

static void phases_restart(struct gen *g)
{
    struct phases *ph = (struct phases *)g;
    ph->start = 0;
    ph->left = ph->len;
}

GEN_STREAM(phases, phases_next);

static const struct vmlab_param_desc phases_params[] = {
    {"pages", VMLAB_PARAM_COUNT, NULL, VMLAB_RANGE(1, 4503599627370495.0), NULL,
     "pages N of the address space the localities slide through (and wrap around)"},
    {"locality", VMLAB_PARAM_COUNT, "1000", VMLAB_RANGE(1, 4503599627370495.0), NULL,
     "pages W of a locality, referenced uniformly during a phase"},
    {"overlap", VMLAB_PARAM_COUNT, "0", VMLAB_RANGE(0, 4503599627370495.0), NULL,
     "pages O that consecutive localities share (less than locality)"},
    {"phase", VMLAB_PARAM_COUNT, "100000", VMLAB_RANGE(1, 1e15), NULL, "references L per phase"},
    GEN_COMMON_PARAMS("1000000"),
    {0},
};

static int phases_open(struct vmlab_stream **out, const struct vmlab_params *p,
                       const struct vmlab_workload_env *env, struct vmlab_error *err)
{
    uint64_t n = vmlab_param_u64(p, "pages"), w = vmlab_param_u64(p, "locality");
    uint64_t o = vmlab_param_u64(p, "overlap");
    if (w > n)
        return vmlab_error_set(err, VMLAB_EINPUT,
                               "phases: locality must be at most pages (%llu), got %llu",
                               (unsigned long long)n, (unsigned long long)w);
    if (o >= w)
        return vmlab_error_set(err, VMLAB_EINPUT,
                               "phases: overlap must be less than locality (%llu), got %llu",
                               (unsigned long long)w, (unsigned long long)o);
    struct phases *ph = calloc(1, sizeof *ph);
    if (!ph)
        return vmlab_error_set(err, VMLAB_ESYSTEM, "out of memory");
    ph->n = n;
    ph->w = w;
    ph->shift = (w - o) % n;
    ph->len = vmlab_param_u64(p, "phase");
    ph->g.restart = phases_restart;
    ph->g.max_page = n - 1;
    return gen_open(out, &phases_ops, &ph->g, p, env, err);
}

const struct vmlab_workload vmlab_workload_phases = {
    .abi = VMLAB_WORKLOAD_ABI,
    .name = "phases",
    .summary = "working-set phases: uniform within a locality, sliding with overlap",
    .params = phases_params,
    .open = phases_open,
};
