/*
 * summary.h - repetitions over seeds: runs grouped by cell (or by chosen
 * params) with the mean, standard deviation and 95% confidence interval of
 * every metric (module-internal; the format is in docs/results.md).
 *
 *   "summary": {
 *     "confidence": 0.95,
 *     "cells": [ { "params": {...the cell: params without the seed...},
 *                  "seeds": [1, 2, 3], "runs": [0, 5, 10],
 *                  "stats": { "metrics.faults": {"n": 3, "mean": ..., "sd": ...,
 *                                                "ci95": ..., "min": ..., "max": ...},
 *                             "translation.cycles_per_ref": {...}, ... } } ] }
 *
 * The statistics cover every numeric flat key of the runs (flat.h) except
 * params, timing (not deterministic) and provenance ("source"). A run whose
 * identity (cell and seed) repeats an earlier run's is left out: the first
 * one counts (vmlab results merge reports such duplicates).
 */
#ifndef VMLAB_RESULTS_SUMMARY_H
#define VMLAB_RESULTS_SUMMARY_H

#include <stddef.h>

#include <jansson.h>

#include <vmlab/error.h>

/*
 * Group @runs (the document's array) by cell (@nby = 0) or by the params
 * @by (flat keys, "policy" or "params.policy"; seeded labels compared
 * without their seed). Each group: {"params", "seeds", "runs", "stats"}; for
 * @by, "params" holds the @by keys as given. Groups in order of their first
 * run. Return: a new array, or NULL with @err set (a @by key no run has).
 */
json_t *vmlab_summarize(const json_t *runs, const char *const *by, size_t nby,
                        struct vmlab_error *err);

/*
 * Give @doc a "summary" when some cell has runs of two seeds or more, and
 * remove a stale one otherwise. Return: 0 or VMLAB_ESYSTEM.
 */
int vmlab_results_summarize(json_t *doc, struct vmlab_error *err);

#endif /* VMLAB_RESULTS_SUMMARY_H */
