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
    /* after cell @c finished */
    void (*cell_end)(void *arg, const struct vmlab_cell *c, size_t ncells,
                     const struct vmlab_sim_result *r);
    /* after every reference (slow; for the step-by-step table) */
    void (*step)(void *arg, const struct vmlab_step *s);
    void *arg;
};

/*
 * Run every cell of @e in sweep order. On success *results is a new results
 * document. On failure nothing is returned and @err says which cell and why.
 */
int vmlab_experiment_run(const struct vmlab_experiment *e, const struct vmlab_run_hooks *hooks,
                         json_t **results, struct vmlab_error *err);

/* "name" or "name:k=v,..." (the parameters in canonical form). Return: malloc'd, or NULL. */
char *vmlab_spec_label(const char *name, const struct vmlab_params *p);

#endif /* VMLAB_RUNNER_H */
