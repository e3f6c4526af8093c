/*
 * cmd_sim.c - `vmlab sim`: one-shot simulation, the way a textbook or
 * libCacheSim's cachesim is used. The command line becomes an experiment
 * object (printed into the results as "experiment"), run by the same runner
 * as `vmlab run`: one code path for both.
 */
#include <config.h>

#include <getopt.h>
#include <inttypes.h>
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
    printf(
        "usage: vmlab sim [TRACE | --refs LIST | --workload SPEC] [options]\n"
        "\n"
        "Simulate every combination of the policies and memory sizes given.\n"
        "\n"
        "input (exactly one):\n"
        "  TRACE                 a trace file (- for standard input)\n"
        "  --refs LIST           an inline reference string: 7,0,1,2,0,3\n"
        "  --workload SPEC       a synthetic workload: 'zipf:pages=100000,alpha=0.9,refs=1e7'\n"
        "  --format SPEC         trace format, with options: csv:id=obj_id (default: recognised\n"
        "                        from the file's first bytes; see vmlab list formats)\n"
        "  --unit page|byte      are the numbers page numbers or byte addresses (default: as the\n"
        "                        trace or its format says; page for --refs)\n"
        "\n"
        "model:\n"
        "  --policy LIST         policies, comma-separated, with parameters as\n"
        "                        name:k=v,k=v (default lru): 'lru,fifo,clock:flush=false'\n"
        "  --frames LIST         frame counts, comma-separated, ranges A-B allowed: 3,4 or 1-8\n"
        "  --memory LIST         memory sizes instead of frames: 64M,256M\n"
        "  --page-size SIZE      page size, K/M/G suffixes (default 4K)\n"
        "  --visibility MODE     exact (the policy sees every access) or hardware (only\n"
        "                        accessed/dirty bits); default exact\n"
        "  --seed N              seed of randomised workloads and policies (default 1)\n"
        "  --plugin PATH         load a policy plugin (repeatable)\n"
        "\n"
        "processes and allocation (several ASIDs):\n"
        "  --scope LIST          global (one policy over all frames; default) or local\n"
        "                        (one policy per process over its own frames)\n"
        "  --quota Q             local scope's fixed quotas: equal (default), proportional\n"
        "                        (to distinct pages), or shares by ascending ASID: 1,2,1\n"
        "  --allocation LIST     fixed (default), ws:tau=N (working set) or\n"
        "                        pff:upper=R,lower=R (page-fault frequency); ws and pff\n"
        "                        suspend processes when memory is overcommitted\n"
        "  --fault-cost N        modelled time of a fault, in references (default 10000)\n"
        "\n"
        "output:\n"
        "  --steps               the step-by-step table of each run (frames after every\n"
        "                        reference, fault, victim), for short reference strings\n"
        "  --json                print the results document instead of the table\n");
}

/* Split @list at commas; an item "k=v" without ':' continues the previous spec. */
static json_t *split_specs(const char *list)
{
    json_t *a = json_array();
    char *copy = strdup(list), *save = NULL;
    char *cur = NULL;
    for (char *tok = strtok_r(copy, ",", &save); tok; tok = strtok_r(NULL, ",", &save)) {
        if (cur && strchr(tok, '=') && (!strchr(tok, ':') || strchr(tok, ':') > strchr(tok, '='))) {
            size_t n = strlen(cur) + strlen(tok) + 2;
            char *joined = malloc(n);
            snprintf(joined, n, "%s,%s", cur, tok);
            free(cur);
            cur = joined;
            continue;
        }
        if (cur) {
            json_array_append_new(a, json_string(cur));
            free(cur);
        }
        cur = strdup(tok);
    }
    if (cur) {
        json_array_append_new(a, json_string(cur));
        free(cur);
    }
    free(copy);
    return a;
}

/* "3,4,1024" or "1-8": a JSON array of frame counts. Return: NULL on a bad item. */
static json_t *parse_frames(const char *list, char *bad, size_t badlen)
{
    json_t *a = json_array();
    char *copy = strdup(list), *save = NULL;
    for (char *tok = strtok_r(copy, ",", &save); tok; tok = strtok_r(NULL, ",", &save)) {
        uint64_t lo, hi;
        char *dash = strchr(tok, '-');
        int ok;
        if (dash) {
            *dash = '\0';
            ok = !vmlab_parse_count(tok, &lo) && !vmlab_parse_count(dash + 1, &hi) && lo <= hi &&
                 hi - lo < 100000;
            *dash = '-';
        } else {
            ok = !vmlab_parse_count(tok, &lo);
            hi = lo;
        }
        if (!ok || lo < 1 || hi >= UINT32_MAX) {
            snprintf(bad, badlen, "%s", tok);
            json_decref(a);
            free(copy);
            return NULL;
        }
        for (uint64_t f = lo; f <= hi; f++)
            json_array_append_new(a, json_integer((json_int_t)f));
    }
    free(copy);
    if (!json_array_size(a)) {
        snprintf(bad, badlen, "%s", list);
        json_decref(a);
        return NULL;
    }
    return a;
}

static json_t *parse_sizes(const char *list, char *bad, size_t badlen)
{
    json_t *a = json_array();
    char *copy = strdup(list), *save = NULL;
    for (char *tok = strtok_r(copy, ",", &save); tok; tok = strtok_r(NULL, ",", &save)) {
        uint64_t v;
        if (vmlab_parse_size(tok, &v) || !v) {
            snprintf(bad, badlen, "%s", tok);
            json_decref(a);
            free(copy);
            return NULL;
        }
        json_array_append_new(a, json_string(tok));
    }
    free(copy);
    return a;
}

/* "a,b": a JSON array of the items; "a": a string. */
static json_t *string_or_list(const char *text)
{
    if (!strchr(text, ','))
        return json_string(text);
    json_t *a = json_array();
    char *copy = strdup(text), *save = NULL;
    for (char *tok = strtok_r(copy, ",", &save); tok; tok = strtok_r(NULL, ",", &save))
        json_array_append_new(a, json_string(tok));
    free(copy);
    return a;
}

/*
 * --scope, --quota, --allocation, --fault-cost into @doc's keys; the
 * experiment parser checks them. "--quota 1,2,1" (integers) is one list of
 * shares. Return: -1 (with @bad) when --fault-cost is not a count.
 */
static int add_manager_keys(json_t *doc, const char *scope, const char *quota,
                            const char *allocation, const char *fcost, char *bad, size_t badlen)
{
    if (scope)
        json_object_set_new(doc, "scope", string_or_list(scope));
    if (quota) {
        json_t *q = string_or_list(quota);
        size_t i;
        json_t *x;
        uint64_t v;
        bool shares = true;
        json_array_foreach(q, i, x) shares &= !vmlab_parse_count(json_string_value(x), &v);
        if (json_is_string(q) && !vmlab_parse_count(json_string_value(q), &v)) {
            json_decref(q);
            q = json_pack("[I]", (json_int_t)v);
        } else if (json_is_array(q) && shares) {
            json_t *n = json_array();
            json_array_foreach(q, i, x) {
                vmlab_parse_count(json_string_value(x), &v);
                json_array_append_new(n, json_integer((json_int_t)v));
            }
            json_decref(q);
            q = n;
        }
        json_object_set_new(doc, "quota", q);
    }
    if (allocation)
        json_object_set_new(doc, "allocation", split_specs(allocation));
    if (fcost) {
        uint64_t v;
        if (vmlab_parse_count(fcost, &v) || v > INT64_MAX) {
            snprintf(bad, badlen, "%s", fcost);
            return -1;
        }
        json_object_set_new(doc, "fault_cost", json_integer((json_int_t)v));
    }
    return 0;
}

/* Errors from the experiment parser name JSON paths; on the command line, name options. */
static void map_paths(struct vmlab_error *err, const char *input_opt)
{
    static const char *const map[][2] = {
        {"$.policy", "--policy"}, {"$.frames", "--frames"},       {"$.memory", "--memory"},
        {"$.seed", "--seed"},     {"$.page_size", "--page-size"}, {"$.visibility", "--visibility"},
        {"$.workload", NULL},
        /* processes and allocation */
        {"$.scope", "--scope"},   {"$.quota", "--quota"},         {"$.allocation", "--allocation"},
        {"$.fault_cost", "--fault-cost"},
    };
    char *p = strstr(err->msg, "$.");
    if (!p)
        return;
    for (size_t i = 0; i < sizeof map / sizeof map[0]; i++) {
        size_t n = strlen(map[i][0]);
        if (strncmp(p, map[i][0], n))
            continue;
        const char *to = map[i][1] ? map[i][1] : input_opt;
        char rest[VMLAB_ERROR_MSG_MAX];
        snprintf(rest, sizeof rest, "%s", p + n);
        size_t head = (size_t)(p - err->msg);
        snprintf(p, sizeof err->msg - head, "%s%s", to, rest);
        return;
    }
}

/* ---- the step-by-step table ---- */

struct steps {
    struct table t;
    uint32_t nframes;
    const char **head;
    char **names;
    int *right;
    unsigned shift;
    bool bytes;
};

static void page_text(uint64_t key, char *buf, size_t len)
{
    uint32_t asid = vmlab_page_key_asid(key);
    uint64_t page = vmlab_page_key_page(key);
    if (asid)
        snprintf(buf, len, "%u:%" PRIu64, asid, page);
    else
        snprintf(buf, len, "%" PRIu64, page);
}

static void steps_begin(void *arg, const struct vmlab_cell *c, size_t ncells, const char *policy,
                        const char *workload)
{
    struct steps *s = arg;
    s->nframes = c->frames;
    size_t ncols = 4 + c->frames;
    s->head = calloc(ncols, sizeof *s->head);
    s->names = calloc(ncols, sizeof *s->names);
    s->right = calloc(ncols, sizeof *s->right);
    s->head[0] = "t";
    s->head[1] = "ref";
    for (uint32_t f = 0; f < c->frames; f++) {
        char buf[16];
        snprintf(buf, sizeof buf, "f%u", f);
        s->names[2 + f] = strdup(buf);
        s->head[2 + f] = s->names[2 + f];
    }
    s->head[2 + c->frames] = "fault";
    s->head[3 + c->frames] = "victim";
    for (size_t i = 0; i < ncols; i++)
        s->right[i] = i < 2 + c->frames;
    table_init(&s->t, ncols, s->head, s->right);
    printf("%s%s, %u frames, %s\n", c->index ? "\n" : "", policy, c->frames, workload);
}

static void steps_step(void *arg, const struct vmlab_step *st)
{
    struct steps *s = arg;
    size_t ncols = 4 + s->nframes;
    char **cells = calloc(ncols, sizeof *cells);
    char buf[64];
    snprintf(buf, sizeof buf, "%" PRIu64, st->time + 1);
    cells[0] = strdup(buf);
    page_text(st->key, buf, sizeof buf);
    cells[1] = strdup(buf);
    for (uint32_t f = 0; f < s->nframes; f++) {
        if (vmlab_frame_used(st->frames, f)) {
            page_text(st->frames->key[f], buf, sizeof buf);
            cells[2 + f] = strdup(buf);
        }
    }
    cells[2 + s->nframes] = strdup(st->fault ? "F" : "");
    if (st->evicted) {
        page_text(st->victim_key, buf, sizeof buf);
        cells[3 + s->nframes] = strdup(buf);
    }
    table_row(&s->t, (const char *const *)cells);
    for (size_t i = 0; i < ncols; i++)
        free(cells[i]);
    free(cells);
}

static void steps_end(void *arg, const struct vmlab_cell *c, size_t ncells,
                      const struct vmlab_sim_result *r)
{
    struct steps *s = arg;
    table_print(&s->t, stdout);
    printf("%" PRIu64 " faults in %" PRIu64 " references (%" PRIu64 " compulsory)\n",
           r->total.faults, r->total.refs, r->total.compulsory_faults);
    table_free(&s->t);
    for (size_t i = 0; i < 4 + (size_t)s->nframes; i++)
        free(s->names[i]);
    free(s->names);
    free(s->head);
    free(s->right);
}

/* ---- the command ---- */

int cmd_sim(int argc, char **argv)
{
    enum { O_FORMAT = 256, O_UNIT, O_REFS, O_WORKLOAD, O_POLICY, O_FRAMES, O_MEMORY, O_PAGE,
           O_VIS, O_SEED, O_JSON, O_STEPS, O_PLUGIN, O_SCOPE, O_QUOTA, O_ALLOC, O_FCOST };
    static const struct option opts[] = {
        {"format", required_argument, NULL, O_FORMAT},
        {"unit", required_argument, NULL, O_UNIT},
        {"refs", required_argument, NULL, O_REFS},
        {"workload", required_argument, NULL, O_WORKLOAD},
        {"policy", required_argument, NULL, O_POLICY},
        {"frames", required_argument, NULL, O_FRAMES},
        {"memory", required_argument, NULL, O_MEMORY},
        {"page-size", required_argument, NULL, O_PAGE},
        {"visibility", required_argument, NULL, O_VIS},
        {"seed", required_argument, NULL, O_SEED},
        {"json", no_argument, NULL, O_JSON},
        {"steps", no_argument, NULL, O_STEPS},
        {"plugin", required_argument, NULL, O_PLUGIN},
        {"scope", required_argument, NULL, O_SCOPE},
        {"quota", required_argument, NULL, O_QUOTA},
        {"allocation", required_argument, NULL, O_ALLOC},
        {"fault-cost", required_argument, NULL, O_FCOST},
        {"help", no_argument, NULL, 'h'},
        {0},
    };
    const char *format = NULL, *unit = NULL, *refs = NULL, *workload = NULL, *policy = "lru",
               *frames = NULL, *memory = NULL, *page = "4K", *vis = "exact", *seed = "1";
    const char *scope = NULL, *quota = NULL, *allocation = NULL, *fcost = NULL;
    bool json_out = false, steps = false;
    int c;
    while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
        switch (c) {
        case O_FORMAT: format = optarg; break;
        case O_UNIT: unit = optarg; break;
        case O_REFS: refs = optarg; break;
        case O_WORKLOAD: workload = optarg; break;
        case O_POLICY: policy = optarg; break;
        case O_FRAMES: frames = optarg; break;
        case O_MEMORY: memory = optarg; break;
        case O_PAGE: page = optarg; break;
        case O_VIS: vis = optarg; break;
        case O_SEED: seed = optarg; break;
        case O_JSON: json_out = true; break;
        case O_STEPS: steps = true; break;
        case O_SCOPE: scope = optarg; break;
        case O_QUOTA: quota = optarg; break;
        case O_ALLOC: allocation = optarg; break;
        case O_FCOST: fcost = optarg; break;
        case O_PLUGIN: {
            int rc = cli_load_plugin(optarg);
            if (rc)
                return rc;
            break;
        }
        case 'h': help(); return EXIT_OK;
        default: return cli_usage("sim", "unknown option");
        }
    }
    const char *trace = optind < argc ? argv[optind] : NULL;
    if (optind + 1 < argc)
        return cli_usage("sim", "one trace at a time (got '%s' and '%s')", argv[optind],
                         argv[optind + 1]);
    if (!!trace + !!refs + !!workload != 1)
        return cli_usage("sim", "give exactly one input: a TRACE file, --refs or --workload");
    if (unit && strcmp(unit, "page") && strcmp(unit, "byte"))
        return cli_usage("sim", "--unit: expected page or byte, got '%s'", unit);
    if (!frames && !memory)
        return cli_usage("sim", "give --frames or --memory");
    if (frames && memory)
        return cli_usage("sim", "give --frames or --memory, not both");
    if (format && !trace)
        return cli_usage("sim", "--format applies to a TRACE file");
    uint64_t seedv;
    if (vmlab_parse_count(seed, &seedv))
        return cli_usage("sim", "--seed: expected a non-negative integer, got '%s'", seed);
    uint64_t pagev;
    if (vmlab_parse_size(page, &pagev) || !pagev || (pagev & (pagev - 1)))
        return cli_usage("sim", "--page-size: expected a power of two such as 4K or 2M, got '%s'",
                         page);

    char bad[256];
    json_t *sizes = frames ? parse_frames(frames, bad, sizeof bad)
                           : parse_sizes(memory, bad, sizeof bad);
    if (!sizes)
        return cli_usage("sim", frames ? "--frames: expected positive integers or ranges A-B, got '%s'"
                                       : "--memory: expected sizes such as 64M, got '%s'",
                         bad);
    json_t *w;
    const char *input_opt;
    if (trace) {
        w = json_pack("{s:s, s:s, s:s, s:s}", "name", "trace", "path", trace, "format",
                      format ? format : "auto", "unit", unit ? unit : "auto");
        input_opt = trace;
    } else if (refs) {
        w = json_pack("{s:s, s:s, s:s}", "name", "inline", "refs", refs, "unit",
                      unit ? unit : "page");
        input_opt = "--refs";
    } else {
        w = json_string(workload);
        input_opt = "--workload";
    }
    json_t *doc = json_pack("{s:s, s:o, s:o, s:o, s:s, s:I, s:s}", "name", "sim", "workload", w,
                            "policy", split_specs(policy), frames ? "frames" : "memory", sizes,
                            "page_size", page, "seed", (json_int_t)seedv, "visibility", vis);
    if (add_manager_keys(doc, scope, quota, allocation, fcost, bad, sizeof bad)) {
        json_decref(doc);
        return cli_usage("sim", "--fault-cost: expected a non-negative integer, got '%s'", bad);
    }
    struct vmlab_error err = {0};
    struct vmlab_experiment e;
    int rc = vmlab_experiment_parse(&e, doc, "command line", "", "sim", &err);
    json_decref(doc);
    if (rc) {
        map_paths(&err, input_opt);
        return cli_fail(&err);
    }
    struct steps st = {0};
    struct vmlab_run_hooks hooks = {
        .cell_begin = steps_begin,
        .step = steps_step,
        .cell_end = steps_end,
        .arg = &st,
    };
    if (steps) {
        for (size_t i = 0; i < e.nsizes; i++) {
            uint64_t f = e.by_memory ? e.sizes[i] / pagev : e.sizes[i];
            if (f > 32) {
                vmlab_experiment_free(&e);
                return cli_usage("sim", "--steps draws at most 32 frames (asked for %" PRIu64 ")",
                                 f);
            }
        }
    }
    json_t *results = NULL;
    rc = vmlab_experiment_run(&e, steps ? &hooks : NULL, &results, &err);
    vmlab_experiment_free(&e);
    if (rc) {
        map_paths(&err, input_opt);
        return cli_fail(&err);
    }
    if (json_out) {
        rc = vmlab_results_write(results, "-", &err);
    } else {
        if (steps)
            printf("\n");
        cli_print_runs(stdout, results);
    }
    json_decref(results);
    return rc ? cli_fail(&err) : EXIT_OK;
}
