/*
 * cmd_mrc.c - `vmlab mrc`: the miss-ratio curve of a trace, a reference
 * string or a workload: faults at every memory size from one pass (stack
 * distances for LRU and OPT, docs/mrc.md). The command line becomes an
 * experiment whose frames are "all" unless given, run by the same runner as
 * `vmlab run`, so --json prints the same results document (one run per
 * policy and size) and plots treat the curve like any sweep.
 */
#include <config.h>

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <vmlab/vmlab.h>

#include "cli.h"
#include "core/config.h"
#include "core/runner.h"
#include "results/results.h"

static void help(void)
{
    printf("usage: vmlab mrc [TRACE | --refs LIST | --workload SPEC] [options]\n"
           "\n"
           "The miss-ratio curve: faults at every memory size, from one pass of stack\n"
           "distances for stack algorithms (lru, opt); other policies are simulated at\n"
           "every size from one decode of the input.\n"
           "\n"
           "input (exactly one):\n"
           "  TRACE                 a trace file (- for standard input; OPT reads it twice)\n"
           "  --refs LIST           an inline reference string: 1,2,3,1,2,4,1\n"
           "  --workload SPEC       a synthetic workload: 'zipf:pages=100000,alpha=0.9,refs=1e7'\n"
           "  --format SPEC         trace format, with options: csv:id=obj_id (default: recognised\n"
           "                        from the file's first bytes; see vmlab list formats)\n"
           "  --unit page|byte      are the numbers page numbers or byte addresses (default: as\n"
           "                        the trace or its format says; page for --refs)\n"
           "\n"
           "curve:\n"
           "  --policy LIST         policies, comma-separated (default lru): lru,opt\n"
           "  --frames LIST         sizes (default all: 1 to the distinct pages); a list 3,4,\n"
           "                        ranges A-B, A-B:STEP or A-all:xK (geometric, K > 1)\n"
           "  --memory LIST         memory sizes instead of frames: 64M,256M\n"
           "  --page-size SIZE      page size, K/M/G suffixes (default 4K)\n"
           "  --sample rate:R|size:N  SHARDS sampling: pages whose hash falls below rate R,\n"
           "                        or at most N pages (the rate lowered to fit; lru only)\n"
           "  --error               with --sample: also the exact curve, and the sampled one's\n"
           "                        mean absolute error of the miss ratio over the sizes\n"
           "  --simulate            simulate every size instead of one pass (for checking)\n"
           "  --seed N              seed of workloads and of the sampling hash (default 1)\n"
           "  --visibility MODE     exact (default) or hardware\n"
           "  --plugin PATH         load a policy plugin (repeatable)\n"
           "\n"
           "output:\n"
           "  --json                print the results document instead of the table\n");
}

/* The table: policy, size, faults, fault ratio; a line on each sampled curve. */
static void print_curve(FILE *out, const json_t *results, bool by_memory)
{
    static const char *const head[] = {"policy", "frames", "memory", "faults", "fault ratio"};
    static const int right[] = {0, 1, 1, 1, 1};
    const char *h[5];
    int r[5];
    size_t nc = 0;
    for (size_t k = 0; k < 5; k++)
        if (k != 2 || by_memory) {
            h[nc] = head[k];
            r[nc++] = right[k];
        }
    struct table t;
    table_init(&t, nc, h, r);
    const json_t *runs = json_object_get(results, "runs"), *run;
    const char *last = "";
    bool noted = false;
    size_t i;
    json_array_foreach(runs, i, run)
    {
        const json_t *p = json_object_get(run, "params"), *m = json_object_get(run, "metrics");
        const char *policy = json_string_value(json_object_get(p, "policy"));
        const json_t *s = json_object_get(json_object_get(run, "method"), "sampling");
        if (s && strcmp(policy, last)) {
            const json_t *mae = json_object_get(s, "mae");
            fprintf(out,
                    "%s: %s, rate %.6g: %" JSON_INTEGER_FORMAT " of %" JSON_INTEGER_FORMAT
                    " references sampled",
                    policy, json_string_value(json_object_get(s, "name")),
                    json_real_value(json_object_get(s, "rate")),
                    json_integer_value(json_object_get(s, "sampled_refs")),
                    json_integer_value(json_object_get(m, "refs")));
            if (mae)
                fprintf(out, "; mean absolute error of the miss ratio %.6f", json_real_value(mae));
            fputc('\n', out);
            noted = true;
        }
        last = policy;
        char c[5][64];
        const char *cells[5];
        size_t k = 0;
        snprintf(c[k], 64, "%s", policy);
        cells[k] = c[k];
        k++;
        snprintf(c[k], 64, "%" JSON_INTEGER_FORMAT,
                 json_integer_value(json_object_get(p, "frames")));
        cells[k] = c[k];
        k++;
        if (by_memory) {
            vmlab_format_size((uint64_t)json_integer_value(json_object_get(p, "memory_bytes")),
                              c[k], 64);
            cells[k] = c[k];
            k++;
        }
        snprintf(c[k], 64, "%" JSON_INTEGER_FORMAT,
                 json_integer_value(json_object_get(m, "faults")));
        cells[k] = c[k];
        k++;
        snprintf(c[k], 64, "%.6f", json_real_value(json_object_get(m, "fault_ratio")));
        cells[k] = c[k];
        table_row(&t, cells);
    }
    if (noted)
        fputc('\n', out);
    table_print(&t, out);
    table_free(&t);
}

int cmd_mrc(int argc, char **argv)
{
    enum { O_JSON = CLI_O_NEXT, O_SAMPLE, O_ERROR, O_SIMULATE };
    static const struct option opts[] = {
        CLI_INPUT_OPTIONS,
        {"sample", required_argument, NULL, O_SAMPLE},
        {"error", no_argument, NULL, O_ERROR},
        {"simulate", no_argument, NULL, O_SIMULATE},
        {"json", no_argument, NULL, O_JSON},
        {"help", no_argument, NULL, 'h'},
        {0},
    };
    struct cli_input in;
    cli_input_init(&in);
    const char *sample = NULL;
    bool json_out = false, error = false, simulate = false;
    int c, status;
    while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
        if (cli_input_option(&in, c, optarg, &status)) {
            if (status)
                return status;
            continue;
        }
        switch (c) {
        case O_SAMPLE: sample = optarg; break;
        case O_ERROR: error = true; break;
        case O_SIMULATE: simulate = true; break;
        case O_JSON: json_out = true; break;
        case 'h': help(); return EXIT_OK;
        default: return cli_usage("mrc", "unknown option");
        }
    }
    if (!in.frames && !in.memory)
        in.frames = "all";
    json_t *doc = cli_input_experiment("mrc", &in, argc, argv, optind, &status);
    if (!doc)
        return status;
    if (sample)
        json_object_set_new(doc, "sample", json_string(sample));
    if (error)
        json_object_set_new(doc, "sample_error", json_true());
    if (simulate)
        json_object_set_new(doc, "one_pass", json_false());
    struct vmlab_error err = {0};
    struct vmlab_experiment e;
    int rc = vmlab_experiment_parse(&e, doc, "command line", "", "mrc", &err);
    json_decref(doc);
    if (rc) {
        cli_map_paths(&err, in.input_opt);
        return cli_fail(&err);
    }
    bool by_memory = e.by_memory;
    json_t *results = NULL;
    rc = vmlab_experiment_run(&e, NULL, &results, &err);
    vmlab_experiment_free(&e);
    if (rc) {
        cli_map_paths(&err, in.input_opt);
        return cli_fail(&err);
    }
    if (json_out)
        rc = vmlab_results_write(results, "-", &err);
    else
        print_curve(stdout, results, by_memory);
    json_decref(results);
    return rc ? cli_fail(&err) : EXIT_OK;
}
