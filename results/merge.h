/*
 * merge.h - one results document from several (module-internal): runs of a
 * sweep split across machines, or partial sweeps run at different times.
 *
 * The rule (docs/results.md, "Merging"):
 *
 *   - every input is a vmlab-results/1 document (the loader checks), and
 *     the units they share agree (a unit that changed means a metric that
 *     changed meaning: refused);
 *   - provenance is kept per run: "sources" lists each input document (its
 *     file, vmlab version, host and experiment; the sources of an input
 *     that is itself a merge are carried over) and each run's "source" is
 *     the index of the one it came from;
 *   - the top-level host and experiment are kept when every source agrees,
 *     and left out otherwise (the sources hold them);
 *   - runs keep their order: the first document's, then the second's...;
 *   - a run whose identity (cell and seed, flat.h) repeats an earlier run's
 *     is a duplicate: dropped and counted when its results are the same
 *     (everything but timing and provenance), refused when they differ
 *     (the same cell and seed must give the same results);
 *   - the summary is computed again over the merged runs.
 */
#ifndef VMLAB_RESULTS_MERGE_H
#define VMLAB_RESULTS_MERGE_H

#include <stddef.h>

#include <jansson.h>

#include <vmlab/error.h>

struct vmlab_merge_report {
    size_t runs;          /* runs in the merged document */
    size_t duplicates;    /* runs dropped as duplicates of an earlier identical run */
    size_t sources;       /* entries of the merged document's sources */
    bool versions_differ; /* the sources were written by different vmlab versions */
};

/*
 * Merge the @n documents @docs (borrowed), read from the files @names (for
 * provenance and messages). Return: 0 with *out a new document, or
 * VMLAB_EINPUT (incompatible units, conflicting duplicates; @err names the
 * files and JSON paths) or VMLAB_ESYSTEM.
 */
int vmlab_results_merge(const json_t *const *docs, const char *const *names, size_t n, json_t **out,
                        struct vmlab_merge_report *rep, struct vmlab_error *err);

#endif /* VMLAB_RESULTS_MERGE_H */
