/*
 * results.h - the results document (module-internal; its format is public:
 * results/vmlab-results-1.schema.json and docs/results.md).
 *
 *   {
 *     "schema": "vmlab-results/1",
 *     "vmlab": "0.1.0",
 *     "host": {...},                 where it ran (hwloc topology, OS)
 *     "experiment": {...},           the experiment as given
 *     "units": {"refs": "references", ...},
 *     "runs": [ { "params": {...}, "metrics": {...},
 *                 "processes": [ {"asid": 0, "metrics": {...}} ],
 *                 "timing": {"wall_s": ..., "refs_per_s": ...} } ]
 *   }
 *
 * Everything but "timing" is a function of the experiment and its seeds:
 * the same experiment gives the same document, byte for byte, on one host.
 */
#ifndef VMLAB_RESULTS_H
#define VMLAB_RESULTS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include <jansson.h>

#include <vmlab/error.h>
#include <vmlab/sim.h>

#define VMLAB_RESULTS_SCHEMA "vmlab-results/1"

/* The one table of metrics: name, unit and meaning (docs/results.md mirrors it). */
struct vmlab_metric_desc {
    const char *name;
    const char *unit;
    const char *doc;
};

extern const struct vmlab_metric_desc vmlab_metric_table[];
extern const size_t vmlab_metric_count;

/* translation model (issue 4): the members of a run's "translation" object */
extern const struct vmlab_metric_desc vmlab_translation_metric_table[];
extern const size_t vmlab_translation_metric_count;

/* The "translation" object of a run with an MMU. Return: new reference, or NULL. */
json_t *vmlab_translation_json(const struct vmlab_translation *t);

/* {name: value} for every metric of @m, in table order. Return: new reference, or NULL. */
json_t *vmlab_metrics_json(const struct vmlab_metrics *m);

/* A new document for @experiment (borrowed; copied), with host and units. */
json_t *vmlab_results_new(const json_t *experiment);

/* A run object: @params (stolen), the counters of @r, its timing. Return: new reference or NULL. */
json_t *vmlab_results_run(json_t *params, const struct vmlab_sim_result *r);

/*
 * Append a run: @params (stolen), the counters of @r, and its timing.
 * Return: 0 or VMLAB_ESYSTEM.
 */
int vmlab_results_add_run(json_t *doc, json_t *params, const struct vmlab_sim_result *r);

/*
 * One-pass curves (issue 8): mark the last run of @doc as computed by
 * @method (an object, stolen: docs/results.md), without the metrics named in
 * @absent (NULL-ended) in its totals and @proc_absent in every process; with
 * @no_processes the run has no per-process counters at all. Return: 0 or
 * VMLAB_ESYSTEM.
 */
int vmlab_results_mark_run(json_t *doc, json_t *method, const char *const *absent,
                           const char *const *proc_absent, bool no_processes);

/*
 * Write @doc to @path atomically: a temporary file beside it, flushed, then
 * renamed over @path, so @path holds either its old content or the whole new
 * document, never a part. "-" writes to standard output. Return: 0 or < 0.
 */
int vmlab_results_write(const json_t *doc, const char *path, struct vmlab_error *err);

/* Read a results document and check its schema tag. Return: new reference, or NULL. */
json_t *vmlab_results_load(const char *path, struct vmlab_error *err);

#endif /* VMLAB_RESULTS_H */
