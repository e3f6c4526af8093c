/*
 * cmd_results.c - `vmlab results merge|csv|show`: working with results
 * documents after the runs. The rules live in results/ (merge.h, csv.h,
 * summary.h); this file parses the command lines and prints.
 */
#include <config.h>

#include <getopt.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <vmlab/vmlab.h>

#include "cli.h"
#include "core/output.h"
#include "results/csv.h"
#include "results/flat.h"
#include "results/merge.h"
#include "results/results.h"
#include "results/summary.h"

static void help(void)
{
    printf("usage: vmlab results merge A.json B.json ... [-o ALL.json]\n"
           "       vmlab results csv RESULTS.json [--processes | --summary] [-o FILE.csv]\n"
           "       vmlab results show RESULTS.json [--by KEYS] [--metrics KEYS] [--where K=V,...]\n"
           "\n"
           "merge  one document from several (runs from several machines, partial sweeps):\n"
           "       units must agree; each run keeps its source (file, host, experiment);\n"
           "       a run repeating an earlier one (same cell and seed) is dropped when its\n"
           "       results are the same and refused when they differ; the summary over\n"
           "       seeds is computed again. Default output: standard output.\n"
           "csv    RFC 4180 CSV, one row per run with flat columns (params.policy,\n"
           "       metrics.faults, translation.tlb.L1d-4K.mpki, ...); --processes: one row\n"
           "       per process (asid) of each run; --summary: one row per cell with the\n"
           "       mean, sd and 95%% confidence interval of every metric over its seeds.\n"
           "show   a table: one row per group of runs with equal values of --by (default:\n"
           "       the params that vary, seeds averaged), the mean of each --metrics key\n"
           "       (default refs,faults,fault_ratio,writebacks) and, when a group holds\n"
           "       several runs, the half-width of its 95%% confidence interval.\n"
           "\n"
           "Keys are flat names: params.policy or policy, metrics.faults or faults,\n"
           "translation.cycles_per_ref. --where keeps the runs whose KEY equals VALUE\n"
           "(a spec matches by its name too: policy=clock; sizes take suffixes: 64M).\n"
           "The format: docs/results.md.\n");
}

/* ---- merge ---- */

static int cmd_merge(int argc, char **argv)
{
    static const struct option opts[] = {
        {"output", required_argument, NULL, 'o'},
        {"help", no_argument, NULL, 'h'},
        {0},
    };
    const char *output = "-";
    int c;
    optind = 1;
    while ((c = getopt_long(argc, argv, "o:h", opts, NULL)) != -1) {
        switch (c) {
        case 'o': output = optarg; break;
        case 'h': help(); return EXIT_OK;
        default: return cli_usage("results merge", "unknown option");
        }
    }
    size_t n = (size_t)(argc - optind);
    if (n < 1)
        return cli_usage("results merge", "expected the results files to merge");
    json_t **docs = cli_need(calloc(n, sizeof *docs)); /* (n >= 1) */
    struct vmlab_error err = {0};
    int rc = EXIT_OK;
    for (size_t i = 0; i < n && rc == EXIT_OK; i++)
        if (!(docs[i] = vmlab_results_load(argv[optind + (int)i], &err)))
            rc = cli_fail(&err);
    json_t *merged = NULL;
    struct vmlab_merge_report rep;
    if (rc == EXIT_OK &&
        vmlab_results_merge((const json_t *const *)docs, (const char *const *)argv + optind, n,
                            &merged, &rep, &err))
        rc = cli_fail(&err);
    if (rc == EXIT_OK && strcmp(output, "-") && cli_mkdirs("results merge", output, true))
        rc = EXIT_RUNTIME;
    if (rc == EXIT_OK && vmlab_results_write(merged, output, &err))
        rc = cli_fail(&err);
    if (rc == EXIT_OK) {
        fprintf(stderr, "vmlab results merge: %zu documents, %zu runs", n, rep.runs);
        if (rep.duplicates)
            fprintf(stderr, " (%zu duplicate run%s dropped: same cell, seed and results)",
                    rep.duplicates, rep.duplicates == 1 ? "" : "s");
        fprintf(stderr, "%s%s\n", strcmp(output, "-") ? " -> " : "",
                strcmp(output, "-") ? output : "");
        if (rep.versions_differ)
            fprintf(stderr, "vmlab results merge: note: the documents were written by different "
                            "vmlab versions (see sources[].vmlab)\n");
    }
    json_decref(merged);
    for (size_t i = 0; i < n; i++)
        json_decref(docs[i]);
    free(docs);
    return rc;
}

/* ---- csv ---- */

struct csv_job {
    const json_t *doc;
    enum vmlab_csv_rows rows;
    struct vmlab_error *err;
};

static int put_csv(FILE *f, void *arg)
{
    struct csv_job *j = arg;
    return vmlab_results_csv(j->doc, j->rows, f, j->err) ? -1 : 0;
}

static int cmd_csv(int argc, char **argv)
{
    static const struct option opts[] = {
        {"output", required_argument, NULL, 'o'},
        {"processes", no_argument, NULL, 'p'},
        {"summary", no_argument, NULL, 's'},
        {"help", no_argument, NULL, 'h'},
        {0},
    };
    const char *output = "-";
    enum vmlab_csv_rows rows = VMLAB_CSV_RUNS;
    int c, nmodes = 0;
    optind = 1;
    while ((c = getopt_long(argc, argv, "o:h", opts, NULL)) != -1) {
        switch (c) {
        case 'o': output = optarg; break;
        case 'p': rows = VMLAB_CSV_PROCESSES, nmodes++; break;
        case 's': rows = VMLAB_CSV_SUMMARY, nmodes++; break;
        case 'h': help(); return EXIT_OK;
        default: return cli_usage("results csv", "unknown option");
        }
    }
    if (nmodes > 1)
        return cli_usage("results csv", "give --processes or --summary, not both");
    if (optind != argc - 1)
        return cli_usage("results csv", "expected one RESULTS.json");
    struct vmlab_error err = {0};
    json_t *doc = vmlab_results_load(argv[optind], &err);
    if (!doc)
        return cli_fail(&err);
    int rc = EXIT_OK;
    if (strcmp(output, "-") && cli_mkdirs("results csv", output, true))
        rc = EXIT_RUNTIME;
    struct csv_job job = {doc, rows, &err};
    if (rc == EXIT_OK && vmlab_write_atomic(output, put_csv, &job, &err))
        rc = cli_fail(&err);
    json_decref(doc);
    return rc;
}

/* ---- show ---- */

/* The statistics of @key in a group's @stats (flat keys: "faults" finds metrics.faults). */
static const json_t *stat_of(const json_t *stats, const char *key)
{
    return vmlab_flat_get(stats, key, NULL);
}

static void number_text(double x, bool integral, char *buf, size_t len)
{
    if (integral || x == floor(x))
        snprintf(buf, len, "%.0f", x);
    else if (fabs(x) >= 1000)
        snprintf(buf, len, "%.1f", x);
    else
        snprintf(buf, len, "%.6g", x);
}

/* A list "a,b,c" as a JSON array of strings. */
static json_t *split_list(const char *list)
{
    json_t *a = json_array();
    char *copy = cli_need(strdup(list)), *save = NULL;
    for (char *t = strtok_r(copy, ",", &save); t; t = strtok_r(NULL, ",", &save))
        json_array_append_new(a, json_string(t));
    free(copy);
    return a;
}

static const char *const size_keys[] = {"page_size", "memory_bytes", "params.page_size",
                                        "params.memory_bytes"};

static bool is_size_key(const char *k)
{
    for (size_t i = 0; i < sizeof size_keys / sizeof size_keys[0]; i++)
        if (!strcmp(k, size_keys[i]))
            return true;
    return false;
}

/*
 * Order @groups by their @by values, key by key: numbers numerically,
 * anything else by the order in which the value first appears (the sweep's
 * order), so a merged document shows like one sweep. Stable. Steals @groups.
 */
static json_t *sorted_groups(json_t *groups, const json_t *by)
{
    size_t ng = json_array_size(groups), nby = json_array_size(by);
    double *rank = cli_need(calloc((ng ? ng : 1) * (nby ? nby : 1), sizeof *rank));
    size_t *order = cli_need(malloc((ng ? ng : 1) * sizeof *order));
    for (size_t k = 0; k < nby; k++) {
        json_t *seen = json_object();
        size_t i;
        json_t *g;
        json_array_foreach(groups, i, g) {
            const json_t *v = json_object_get(json_object_get(g, "params"),
                                              json_string_value(json_array_get(by, k)));
            if (json_is_number(v)) {
                rank[i * nby + k] = json_number_value(v);
                continue;
            }
            char *s = json_dumps(v ? v : json_null(), JSON_ENCODE_ANY | JSON_COMPACT);
            const json_t *r = s ? json_object_get(seen, s) : NULL;
            if (s && !r)
                json_object_set_new(seen, s, json_integer((json_int_t)json_object_size(seen)));
            rank[i * nby + k] =
                r ? (double)json_integer_value(r) : (double)json_object_size(seen) - 1;
            free(s);
        }
        json_decref(seen);
    }
    /* insertion sort of the indices: stable, and the rows of a table are few */
    for (size_t i = 0; i < ng; i++) {
        size_t j = i;
        for (; j > 0; j--) {
            const double *x = &rank[order[j - 1] * nby], *y = &rank[i * nby];
            size_t k = 0;
            while (k < nby && x[k] == y[k])
                k++;
            if (k == nby || x[k] < y[k])
                break;
            order[j] = order[j - 1];
        }
        order[j] = i;
    }
    json_t *out = json_array();
    for (size_t i = 0; i < ng; i++)
        json_array_append(out, json_array_get(groups, order[i]));
    free(rank);
    free(order);
    json_decref(groups);
    return out;
}

static int show(const json_t *doc, json_t *by, json_t *metrics)
{
    const json_t *runs = json_object_get(doc, "runs");
    size_t nby = json_array_size(by), nm = json_array_size(metrics);
    const char **bykeys = cli_need(malloc((nby ? nby : 1) * sizeof *bykeys));
    for (size_t k = 0; k < nby; k++)
        bykeys[k] = json_string_value(json_array_get(by, k));
    struct vmlab_error err = {0};
    json_t *groups = vmlab_summarize(runs, bykeys, nby, &err);
    if (!groups) {
        free(bykeys);
        return err.code == VMLAB_EINPUT ? cli_usage("results show", "--by: %s", err.msg)
                                        : cli_fail(&err);
    }
    groups = sorted_groups(groups, by);
    size_t ng = json_array_size(groups);
    bool several = false;
    size_t i;
    json_t *g;
    json_array_foreach(groups, i, g)
        several |= json_array_size(json_object_get(g, "runs")) > 1;
    for (size_t m = 0; m < nm; m++) {
        const char *key = json_string_value(json_array_get(metrics, m));
        bool found = false;
        json_array_foreach(groups, i, g)
            found |= stat_of(json_object_get(g, "stats"), key) != NULL;
        if (!found && ng) {
            json_decref(groups);
            free(bykeys);
            return cli_usage("results show", "--metrics: no run has a numeric metric '%s'", key);
        }
    }
    /* columns: the by keys, n (when groups hold several runs), each metric and its interval */
    size_t ncols = nby + (several ? 1 : 0) + nm * (several ? 2 : 1);
    const char **head = cli_need(calloc(ncols ? ncols : 1, sizeof *head));
    int *right = cli_need(calloc(ncols ? ncols : 1, sizeof *right));
    char(*titles)[64] = cli_need(calloc(ncols ? ncols : 1, sizeof *titles));
    size_t col = 0;
    for (size_t k = 0; k < nby; k++, col++) {
        const char *h = bykeys[k];
        head[col] = !strncmp(h, "params.", 7) ? h + 7 : h;
    }
    if (several) {
        head[col] = "n";
        right[col++] = 1;
    }
    for (size_t m = 0; m < nm; m++) {
        const char *key = json_string_value(json_array_get(metrics, m));
        head[col] = !strncmp(key, "metrics.", 8) ? key + 8 : key;
        right[col++] = 1;
        if (several) {
            snprintf(titles[col], sizeof titles[col], "±95%%");
            head[col] = titles[col];
            right[col++] = 1;
        }
    }
    /* the by columns' strings, spec labels cut short over the whole column */
    char **text = cli_need(calloc((ng ? ng : 1) * (nby ? nby : 1), sizeof *text));
    for (size_t k = 0; k < nby; k++) {
        const char **labels = cli_need(calloc(ng ? ng : 1, sizeof *labels));
        char **shortl = cli_need(calloc(ng ? ng : 1, sizeof *shortl));
        bool strings = true;
        json_array_foreach(groups, i, g) {
            const json_t *v = json_object_get(json_object_get(g, "params"), bykeys[k]);
            strings &= json_is_string(v);
            labels[i] = json_is_string(v) ? json_string_value(v) : "";
        }
        if (strings && ng)
            cli_short_labels(labels, ng, shortl);
        json_array_foreach(groups, i, g) {
            const json_t *v = json_object_get(json_object_get(g, "params"), bykeys[k]);
            char buf[64];
            if (strings) {
                text[i * nby + k] = shortl[i];
            } else if (json_is_integer(v) && is_size_key(bykeys[k])) {
                vmlab_format_size((uint64_t)json_integer_value(v), buf, sizeof buf);
                text[i * nby + k] = cli_need(strdup(buf));
            } else {
                text[i * nby + k] = cli_need(strdup(vmlab_scalar_text(v, buf, sizeof buf)));
            }
            right[k] |= json_is_number(v);
        }
        free(labels);
        free(shortl);
    }
    struct table t;
    table_init(&t, ncols, head, right);
    const char **cells = cli_need(calloc(ncols ? ncols : 1, sizeof *cells));
    char(*bufs)[64] = cli_need(calloc(ncols ? ncols : 1, sizeof *bufs));
    json_array_foreach(groups, i, g) {
        col = 0;
        for (size_t k = 0; k < nby; k++)
            cells[col++] = text[i * nby + k];
        size_t nr = json_array_size(json_object_get(g, "runs"));
        if (several) {
            snprintf(bufs[col], sizeof bufs[col], "%zu", nr);
            cells[col] = bufs[col];
            col++;
        }
        for (size_t m = 0; m < nm; m++) {
            const json_t *s =
                stat_of(json_object_get(g, "stats"), json_string_value(json_array_get(metrics, m)));
            double mean, ci;
            cells[col] = "";
            if (s && vmlab_number(json_object_get(s, "mean"), &mean)) {
                number_text(mean,
                            json_is_integer(json_object_get(s, "min")) &&
                                json_integer_value(json_object_get(s, "n")) == 1,
                            bufs[col], sizeof bufs[col]);
                cells[col] = bufs[col];
            }
            col++;
            if (several) {
                cells[col] = "";
                if (s && vmlab_number(json_object_get(s, "ci95"), &ci)) {
                    snprintf(bufs[col], sizeof bufs[col], "%.3g", ci);
                    cells[col] = bufs[col];
                }
                col++;
            }
        }
        table_row(&t, cells);
    }
    table_print(&t, stdout);
    table_free(&t);
    for (size_t r = 0; r < ng * nby; r++)
        free(text[r]);
    free(text);
    free(cells);
    free(bufs);
    free(titles);
    free(head);
    free(right);
    free(bykeys);
    json_decref(groups);
    return EXIT_OK;
}

static int cmd_show(int argc, char **argv)
{
    static const struct option opts[] = {
        {"by", required_argument, NULL, 'b'},
        {"metrics", required_argument, NULL, 'm'},
        {"where", required_argument, NULL, 'w'},
        {"help", no_argument, NULL, 'h'},
        {0},
    };
    const char *by = NULL, *metrics = NULL, *where = NULL;
    int c;
    optind = 1;
    while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
        switch (c) {
        case 'b': by = optarg; break;
        case 'm': metrics = optarg; break;
        case 'w': where = optarg; break;
        case 'h': help(); return EXIT_OK;
        default: return cli_usage("results show", "unknown option");
        }
    }
    if (optind != argc - 1)
        return cli_usage("results show", "expected one RESULTS.json");
    struct vmlab_error err = {0};
    json_t *doc = vmlab_results_load(argv[optind], &err);
    if (!doc)
        return cli_fail(&err);
    int rc = cli_filter_runs("results show", doc, where);
    if (rc) {
        json_decref(doc);
        return rc;
    }
    const json_t *runs = json_object_get(doc, "runs");
    json_t *bykeys = by ? split_list(by) : cli_varying_params(runs, cli_by_memory(doc));
    if (!json_array_size(bykeys))
        json_array_append_new(bykeys, json_string("policy"));
    json_t *mkeys;
    if (metrics) {
        mkeys = split_list(metrics);
    } else {
        mkeys = json_pack("[s, s, s, s]", "refs", "faults", "fault_ratio", "writebacks");
        json_t *flat = vmlab_run_flatten(json_array_get(runs, 0), 0);
        if (json_object_get(flat, "translation.cycles_per_ref"))
            json_array_append_new(mkeys, json_string("translation.cycles_per_ref"));
        json_decref(flat);
    }
    rc = show(doc, bykeys, mkeys);
    json_decref(bykeys);
    json_decref(mkeys);
    json_decref(doc);
    return rc;
}

int cmd_results(int argc, char **argv)
{
    static const struct {
        const char *name;
        int (*fn)(int, char **);
    } subs[] = {{"merge", cmd_merge}, {"csv", cmd_csv}, {"show", cmd_show}};
    if (argc < 2)
        return cli_usage("results", "expected a subcommand: merge, csv or show");
    if (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h")) {
        help();
        return EXIT_OK;
    }
    for (size_t i = 0; i < sizeof subs / sizeof subs[0]; i++)
        if (!strcmp(argv[1], subs[i].name))
            return subs[i].fn(argc - 1, argv + 1);
    return cli_usage("results", "unknown subcommand '%s' (merge, csv, show)", argv[1]);
}
