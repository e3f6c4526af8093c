/*
 * curves.h - a sweep's sizes of one workload and policy run together
 * (module-internal; issue 8, docs/mrc.md). The runner hands over the cells
 * that differ only in memory size (the sweep's innermost axis); curves.c
 * runs them in one of three ways and appends their runs in sweep order:
 *
 *   stack policy, "all", >= VMLAB_CURVE_MIN_SIZES sizes or "sample"
 *       ─► one pass of stack distances (vmlab/mrc.h), every size from it
 *   any other policy, >= 2 sizes
 *       ─► one decode of the workload feeding one memory manager per size
 *          (VMLAB_CURVE_BATCH at a time): the same runs as separate cells
 *   "one_pass": false with "frames": "all"
 *       ─► one simulation per size, the sizes found by a first pass
 *
 * And across tasks: the runner hands over the cells of consecutive tasks
 * that read the same workload (vmlab_curve_shareable), which run from one
 * decode like the sizes of one policy (vmlab_curve_run_shared).
 */
#ifndef VMLAB_CURVES_H
#define VMLAB_CURVES_H

#include <stdbool.h>

#include <jansson.h>

#include <vmlab/error.h>
#include <vmlab/stream.h>

#include "config.h"
#include "runner.h"

/* Memory managers fed from one decoded block at a time (their models add up). */
#define VMLAB_CURVE_BATCH 16

/* The cells of one curve, as the runner prepared them (all borrowed). */
struct vmlab_curve_cells {
    const struct vmlab_experiment *e;
    const struct vmlab_cell *first;           /* the cell of the first size */
    size_t ncells;                            /* cells of the sweep, for the hooks */
    const struct vmlab_run_hooks *hooks;      /* or NULL */
    const struct vmlab_params *policy_params; /* the cell's, finished */
    const char *wlabel, *plabel;              /* canonical labels */
    struct vmlab_stream *in;                  /* the workload, opened (rewound as needed) */
    /* the params object of a run (the runner's, so runs match its own to the byte) */
    json_t *(*params)(const struct vmlab_experiment *e, const struct vmlab_cell *c,
                      const char *wlabel, const char *plabel);
};

/*
 * One cell of a shared decode (a member of run_members): the cell, its
 * policy's finished params and canonical label (borrowed).
 */
struct vmlab_shared_cell {
    struct vmlab_cell cell;
    const struct vmlab_params *policy_params;
    const char *plabel;
};

/* Whether the sizes of @c (the first of its group) run as one curve here. */
bool vmlab_curve_applies(const struct vmlab_experiment *e, const struct vmlab_cell *c,
                         const struct vmlab_run_hooks *h);

/* Run the curve's cells and append their runs to @doc. Return: 0 or < 0 with @err filled. */
int vmlab_curve_run(const struct vmlab_curve_cells *g, json_t *doc, struct vmlab_error *err);

/*
 * Whether the cells of the task that starts with @c can run from a decode
 * shared with other tasks that read the same workload (vmlab_curve_run_shared):
 * one pool of all frames, fixed, not a stack curve, no step hook, "one_pass".
 */
bool vmlab_curve_shareable(const struct vmlab_experiment *e, const struct vmlab_cell *c,
                           const struct vmlab_run_hooks *h);

/*
 * Run the @n cells @m of several tasks (any policies, sizes, visibilities or
 * translation models) that read the same workload, @g->in, from one decode
 * per VMLAB_CURVE_BATCH of them; their runs are appended to @doc in the
 * order of @m, the same runs as the cells alone, byte for byte (timing
 * aside). @g->first, ->policy_params and ->plabel are not used. Return: 0
 * or < 0 with @err filled (naming the cell).
 */
int vmlab_curve_run_shared(const struct vmlab_curve_cells *g, const struct vmlab_shared_cell *m,
                           size_t n, json_t *doc, struct vmlab_error *err);

#endif /* VMLAB_CURVES_H */
