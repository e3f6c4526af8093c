/*
 * runner.h - running an experiment's cells and collecting the results
 * document (module-internal).
 */
#ifndef VMLAB_RUNNER_H
#define VMLAB_RUNNER_H

#include <jansson.h>

#include <vmlab/sim.h>

#include "config.h"

/* Optional callbacks of a run; any may be NULL. */
struct vmlab_run_hooks {
    /* before cell @c: its canonical policy and workload labels */
    void (*cell_begin)(void *arg, const struct vmlab_cell *c, size_t ncells, const char *policy,
                       const char *workload);
    /* after cell @c finished (or was found in the journal: @r then zero); hooks are called
       one at a time, in the order cells finish */
    void (*cell_end)(void *arg, const struct vmlab_cell *c, size_t ncells,
                     const struct vmlab_sim_result *r);
    /* after every reference (slow; for the step-by-step table) */
    void (*step)(void *arg, const struct vmlab_step *s);
    void *arg;
};

/*
 * The sweep's tasks, the units a run hands to its threads, to the journal,
 * and to --cell: one cell, or the cells of one curve (the sizes of one
 * workload and policy, which curves.c runs together). *first (malloc'd)
 * gets the first cell of each of the *n tasks, ascending. Return: 0 or < 0.
 */
int vmlab_experiment_tasks(const struct vmlab_experiment *e, size_t **first, size_t *n,
                           struct vmlab_error *err);

/* How to run a sweep. */
struct vmlab_run_opts {
    unsigned jobs;        /* worker threads; 0 or 1: the calling thread */
    const char *journal;  /* resume journal (finished cells, one JSON line each), or NULL */
    size_t cell;          /* run only the task of this cell, or SIZE_MAX: all */
    size_t cell_to;       /* with @cell: and the tasks up to that of this cell (<= @cell: none) */
};

/*
 * Run the tasks of @e as @opts says (NULL: all, one thread, no journal; a
 * range of cells runs the tasks that hold them, sharing their decodes). The
 * document holds the runs in cell order, each with its "cell" index,
 * whatever the number of threads. Tasks found in the journal are not run
 * again; every task finished is added to it before the next is reported, so
 * a failed or killed sweep loses none (the caller removes the journal once
 * the document is written). On failure nothing is returned and @err says
 * which cell (of the lowest task that failed) and why. Return: 0 or < 0.
 */
int vmlab_experiment_run_opts(const struct vmlab_experiment *e, const struct vmlab_run_opts *opts,
                              const struct vmlab_run_hooks *hooks, json_t **results,
                              struct vmlab_error *err);

/*
 * Run every cell of @e in sweep order. On success *results is a new results
 * document. On failure nothing is returned and @err says which cell and why.
 */
int vmlab_experiment_run(const struct vmlab_experiment *e, const struct vmlab_run_hooks *hooks,
                         json_t **results, struct vmlab_error *err);

/* "name" or "name:k=v,..." (the parameters in canonical form). Return: malloc'd, or NULL. */
char *vmlab_spec_label(const char *name, const struct vmlab_params *p);

#endif /* VMLAB_RUNNER_H */
