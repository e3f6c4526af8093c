/*
 * cmd_run.c - `vmlab run EXPERIMENT.json [-o RESULTS.json]`: run a sweep,
 * write its results atomically, print a table. Also the table printer
 * shared with `vmlab sim`.
 */
#include <config.h>

#include <errno.h>
#include <getopt.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <vmlab/vmlab.h>

#include "cli.h"
#include "core/config.h"
#include "core/runner.h"
#include "results/results.h"

/* ---- the table of runs ---- */

static bool param_varies(const json_t *runs, const char *key)
{
    const json_t *first = NULL;
    size_t i;
    json_t *run;
    json_array_foreach(runs, i, run) {
        const json_t *v = json_object_get(json_object_get(run, "params"), key);
        if (!first)
            first = v;
        else if (!json_equal(first, v))
            return true;
    }
    return false;
}

static const char *str_of(const json_t *v, char *buf, size_t len)
{
    if (json_is_string(v))
        return json_string_value(v);
    if (!v)
        return "-";
    if (json_is_array(v)) {
        char *t = json_dumps(v, JSON_COMPACT);
        snprintf(buf, len, "%s", t ? t : "?");
        free(t);
        return buf;
    }
    if (json_is_integer(v))
        snprintf(buf, len, "%" JSON_INTEGER_FORMAT, json_integer_value(v));
    else if (json_is_real(v))
        snprintf(buf, len, "%.4f", json_real_value(v));
    else
        snprintf(buf, len, "?");
    return buf;
}

void cli_print_runs(FILE *out, const json_t *results)
{
    const json_t *runs = json_object_get(results, "runs");
    const json_t *exp = json_object_get(results, "experiment");
    /* optional columns: shown when they differ between runs */
    static const char *const opt_keys[] = {"workload", "page_size", "visibility", "seed",
                                           /* processes and allocation */
                                           "scope", "quota", "allocation"};
    static const char *const opt_head[] = {"workload", "page size", "visibility", "seed",
                                           "scope", "quota", "allocation"};
    const char *head[16];
    int right[16];
    const char *keys[16];
    size_t nc = 0;
    for (size_t k = 0; k < sizeof opt_keys / sizeof opt_keys[0]; k++)
        if (param_varies(runs, opt_keys[k])) {
            keys[nc] = opt_keys[k];
            right[nc] = k == 1 || k == 3;
            head[nc++] = opt_head[k];
        }
    bool memory = json_object_get(exp, "memory") != NULL;
    static const char *const fixed_keys[] = {"policy", "frames", "memory_bytes"};
    static const char *const fixed_head[] = {"policy", "frames", "memory"};
    for (size_t k = 0; k < 3; k++) {
        if (k == 2 && !memory)
            continue;
        keys[nc] = fixed_keys[k];
        right[nc] = k > 0;
        head[nc++] = fixed_head[k];
    }
    size_t nparams = nc;
    static const char *const metric_keys[] = {"refs", "faults", "fault_ratio", "writebacks"};
    static const char *const metric_head[] = {"refs", "faults", "fault ratio", "write-backs"};
    for (size_t k = 0; k < 4; k++) {
        keys[nc] = metric_keys[k];
        right[nc] = 1;
        head[nc++] = metric_head[k];
    }
    /* load control's suspensions, when any run has some */
    size_t i;
    json_t *run;
    json_array_foreach(runs, i, run) {
        if (json_integer_value(json_object_get(json_object_get(run, "metrics"), "suspensions"))) {
            keys[nc] = "suspensions";
            right[nc] = 1;
            head[nc++] = "suspensions";
            break;
        }
    }
    struct table t;
    table_init(&t, nc, head, right);
    json_array_foreach(runs, i, run) {
        const char *cells[16];
        char bufs[16][64];
        for (size_t c = 0; c < nc; c++) {
            const json_t *obj = json_object_get(run, c < nparams ? "params" : "metrics");
            const json_t *v = json_object_get(obj, keys[c]);
            if (!strcmp(keys[c], "page_size") || !strcmp(keys[c], "memory_bytes")) {
                vmlab_format_size((uint64_t)json_integer_value(v), bufs[c], sizeof bufs[c]);
                cells[c] = bufs[c];
            } else {
                cells[c] = str_of(v, bufs[c], sizeof bufs[c]);
            }
        }
        table_row(&t, cells);
    }
    table_print(&t, out);
    table_free(&t);
}

/* ---- progress on a terminal ---- */

struct progress {
    bool on;
};

static void progress_end(void *arg, const struct vmlab_cell *c, size_t ncells,
                         const struct vmlab_sim_result *r)
{
    struct progress *p = arg;
    if (!p->on)
        return;
    const int width = 30;
    size_t done = c->index + 1;
    int fill = (int)(done * (size_t)width / ncells);
    fprintf(stderr, "\r[%.*s%*s] %zu/%zu cells", fill, "##############################",
            width - fill, "", done, ncells);
    if (done == ncells)
        fputc('\n', stderr);
    fflush(stderr);
}

static void help(void)
{
    printf("usage: vmlab run EXPERIMENT.json [-o RESULTS.json] [-q] [--plugin PATH]\n"
           "\n"
           "Run every cell of an experiment (the cartesian product of its list-valued\n"
           "keys) and write the results document atomically to RESULTS.json (default:\n"
           "out/NAME.json, NAME being the experiment's name). A table of the runs is\n"
           "printed; a progress bar is drawn on standard error when it is a terminal.\n"
           "\n"
           "  -o, --output PATH   where to write the results (- for standard output)\n"
           "  -q, --quiet         no table, no progress bar\n"
           "  --plugin PATH       load a policy plugin (repeatable)\n"
           "\n"
           "The experiment format is described in docs/config.md.\n");
}

int cmd_run(int argc, char **argv)
{
    static const struct option opts[] = {
        {"output", required_argument, NULL, 'o'},
        {"quiet", no_argument, NULL, 'q'},
        {"plugin", required_argument, NULL, 'p'},
        {"help", no_argument, NULL, 'h'},
        {0},
    };
    const char *output = NULL;
    bool quiet = false;
    int c;
    while ((c = getopt_long(argc, argv, "o:qh", opts, NULL)) != -1) {
        switch (c) {
        case 'o': output = optarg; break;
        case 'q': quiet = true; break;
        case 'p': {
            int rc = cli_load_plugin(optarg);
            if (rc)
                return rc;
            break;
        }
        case 'h': help(); return EXIT_OK;
        default: return cli_usage("run", "unknown option");
        }
    }
    if (optind != argc - 1)
        return cli_usage("run", "expected one EXPERIMENT.json");
    struct vmlab_error err = {0};
    struct vmlab_experiment e;
    if (vmlab_experiment_load(&e, argv[optind], &err))
        return cli_fail(&err);
    char defpath[1024];
    if (!output) {
        snprintf(defpath, sizeof defpath, "out/%s.json", e.name);
        output = defpath;
    }
    if (strcmp(output, "-") && cli_mkdirs("run", output, true)) {
        vmlab_experiment_free(&e);
        return EXIT_RUNTIME;
    }
    struct progress p = {.on = !quiet && isatty(2)};
    struct vmlab_run_hooks hooks = {.cell_end = progress_end, .arg = &p};
    json_t *results = NULL;
    int rc = vmlab_experiment_run(&e, &hooks, &results, &err);
    vmlab_experiment_free(&e);
    if (rc) {
        if (p.on)
            fputc('\n', stderr);
        return cli_fail(&err);
    }
    rc = vmlab_results_write(results, output, &err);
    if (!rc && !quiet && strcmp(output, "-")) {
        cli_print_runs(stdout, results);
        printf("results: %s (%zu runs)\n", output, json_array_size(json_object_get(results, "runs")));
    }
    json_decref(results);
    return rc ? cli_fail(&err) : EXIT_OK;
}
