/*
 * csv.h - the results document as a table for pandas, R and spreadsheets
 * (module-internal; docs/results.md, "CSV").
 *
 * RFC 4180: a header row of column names, then one record per row; fields
 * separated by commas, records ended by CRLF; a field that holds a comma, a
 * double quote, CR or LF is enclosed in double quotes, its quotes doubled.
 * Columns are the flat keys (flat.h) of every row, in order of first
 * appearance, after the row's indices:
 *
 *   runs:      run, cell, [source.file, source.hostname,] params.*, metrics.*,
 *              translation.*, timing.*            one row per run
 *   processes: run, cell, asid, [source...,] params.*, metrics.* (the
 *              process's own), ...                one row per process of each run
 *   summary:   cell, n, seeds, params.* (no seed), KEY.n, KEY.mean, KEY.sd,
 *              KEY.ci95, KEY.min, KEY.max         one row per cell
 *
 * "cell" numbers the cells (runs that differ only in seed) in order of first
 * appearance: group by it to average over seeds. A value a row does not
 * have is an empty field; reals are written so that they read back exactly.
 */
#ifndef VMLAB_RESULTS_CSV_H
#define VMLAB_RESULTS_CSV_H

#include <stdio.h>

#include <jansson.h>

#include <vmlab/error.h>

enum vmlab_csv_rows { VMLAB_CSV_RUNS, VMLAB_CSV_PROCESSES, VMLAB_CSV_SUMMARY };

/* Write @doc as CSV on @out. Return: 0, or VMLAB_ESYSTEM (a write failed). */
int vmlab_results_csv(const json_t *doc, enum vmlab_csv_rows rows, FILE *out,
                      struct vmlab_error *err);

/* Write @s as one RFC 4180 field (quoted when it must be). Return: 0, or -1 on a write error. */
int vmlab_csv_field(FILE *out, const char *s);

#endif /* VMLAB_RESULTS_CSV_H */
