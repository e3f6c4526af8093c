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
    if (!v)
        return "-"; /* a metric the run does not have (one-pass curves, issue 8) */
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
    else if (json_is_boolean(v))
        snprintf(buf, len, "%s", json_is_true(v) ? "on" : "off");
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
                                           /* translation model (issue 4) */
                                           "mmu_name", "huge_pages", "pcid",
                                           /* processes and allocation */
                                           "scope", "quota", "allocation"};
    static const char *const opt_head[] = {"workload", "page size", "visibility", "seed",
                                           "mmu", "huge pages", "pcid",
                                           "scope", "quota", "allocation"};
    const char *head[24];
    int right[24];
    const char *keys[24];
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
        const char *cells[24];
        char bufs[24][64];
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
    size_t done;  /* cells finished (the hook is called one cell at a time) */
};

static void progress_end(void *arg, const struct vmlab_cell *c, size_t ncells,
                         const struct vmlab_sim_result *r)
{
    struct progress *p = arg;
    if (!p->on)
        return;
    const int width = 30;
    size_t done = ++p->done;
    int fill = (int)(done * (size_t)width / ncells);
    fprintf(stderr, "\r[%.*s%*s] %zu/%zu cells", fill, "##############################",
            width - fill, "", done, ncells);
    if (done == ncells)
        fputc('\n', stderr);
    fflush(stderr);
}

/* ---- cluster engines: the sweep as independent tasks ---- */

/* @name with every character but [A-Za-z0-9._-] replaced by '_'. */
static void file_safe(const char *name, char *buf, size_t len)
{
    snprintf(buf, len, "%s", name);
    for (char *p = buf; *p; p++)
        if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') ||
              *p == '.' || *p == '_' || *p == '-'))
            *p = '_';
}

/* Digits of @n - 1 (at least 1): cell file names sort in cell order. */
static int cell_width(size_t n)
{
    int w = 1;
    for (size_t v = n > 1 ? n - 1 : 0; v >= 10; v /= 10)
        w++;
    return w;
}

/* The absolute path of @path (which exists), or NULL with a message. Malloc'd. */
static char *absolute(const char *path)
{
    char *a = realpath(path, NULL);
    if (!a)
        fprintf(stderr, "vmlab run: %s: %s\n", path, strerror(errno));
    return a;
}

/*
 * The absolute path of this vmlab, for task scripts. Run from its build tree
 * the program is libtool's uninstalled binary (.libs/vmlab or .libs/lt-vmlab),
 * which finds libvmlab only through the wrapper script beside .libs: name the
 * wrapper then. Malloc'd, or NULL with a message.
 */
static char *self_path(void)
{
    char *exe = absolute("/proc/self/exe");
    char *slash = exe ? strrchr(exe, '/') : NULL;
    if (!slash || slash - exe < 6 || strncmp(slash - 6, "/.libs", 6) ||
        (strcmp(slash + 1, "vmlab") && strcmp(slash + 1, "lt-vmlab")))
        return exe;
    char wrapper[4200];
    snprintf(wrapper, sizeof wrapper, "%.*s/vmlab", (int)(slash - 6 - exe), exe);
    if (access(wrapper, X_OK))
        return exe;
    free(exe);
    return cli_need(strdup(wrapper));
}

/*
 * `--emit slurm|parallel`: write into @dir a Slurm job-array script (each
 * array task runs its share of the sweep's tasks with --cell) or a GNU
 * parallel job list (one command per task), the folders they write into,
 * and say how to gather. A sweep's task is a cell, or the cells of a curve
 * that run together (core/runner.h).
 */
static int emit(const struct vmlab_experiment *e, const char *exp_path, const char *engine,
                const char *dir, unsigned per_task)
{
    struct vmlab_error err = {0};
    size_t *first, n;
    if (vmlab_experiment_tasks(e, &first, &n, &err))
        return cli_fail(&err);
    char name[256];
    file_safe(e->name, name, sizeof name);
    char sub[4200];
    snprintf(sub, sizeof sub, "%s/results", dir);
    int rc = cli_mkdirs("run", sub, false) ? EXIT_RUNTIME : EXIT_OK;
    snprintf(sub, sizeof sub, "%s/logs", dir);
    if (!rc && cli_mkdirs("run", sub, false))
        rc = EXIT_RUNTIME;
    char *self = rc ? NULL : self_path(), *exp = rc ? NULL : absolute(exp_path),
         *adir = rc ? NULL : absolute(dir);
    if (!rc && !(self && exp && adir))
        rc = EXIT_RUNTIME;
    char path[4400];
    bool slurm = !strcmp(engine, "slurm");
    if (!rc)
        snprintf(path, sizeof path, "%s/%s.%s", adir, name, slurm ? "sbatch" : "jobs");
    FILE *f = rc ? NULL : fopen(path, "w");
    if (!rc && !f) {
        fprintf(stderr, "vmlab run: %s: %s\n", path, strerror(errno));
        rc = EXIT_RUNTIME;
    }
    int w = cell_width(vmlab_experiment_cells(e));
    if (!rc && slurm) {
        /* Slurm caps array sizes (MaxArraySize, 1001 by default): array tasks take chunks */
        if (!per_task)
            per_task = (unsigned)((n + 999) / 1000);
        size_t narray = (n + per_task - 1) / per_task;
        fprintf(f,
                "#!/bin/sh\n"
                "# %s: the %zu tasks of experiment '%s' as a Slurm job array of %zu,\n"
                "# %u task(s) each; every task writes its own results file. Written by\n"
                "# `vmlab run --emit slurm`. Submit, then gather:\n"
                "#   sbatch %s\n"
                "#   vmlab results merge %s/results/cell-*.json -o %s.json\n"
                "#SBATCH --job-name=vmlab-%s\n"
                "#SBATCH --array=0-%zu\n"
                "#SBATCH --ntasks=1\n"
                "#SBATCH --cpus-per-task=1\n"
                "#SBATCH --output=%s/logs/task-%%a.log\n"
                "set -eu\n"
                "# the first cell of every task of the sweep\n"
                "set --",
                path, n, e->name, narray, per_task, path, adir, name, name, narray - 1, adir);
        for (size_t k = 0; k < n; k++)
            fprintf(f, "%s%zu", k % 16 == 15 ? " \\\n    " : " ", first[k]);
        /* one run of the array task's tasks: --cell FROM-TO, their decodes shared */
        fprintf(f,
                "\n"
                "shift $((SLURM_ARRAY_TASK_ID * %u))\n"
                "from=$1\n"
                "k=1\n"
                "while [ \"$k\" -lt %u ] && [ $# -gt 1 ]; do\n"
                "    shift\n"
                "    k=$((k + 1))\n"
                "done\n"
                "cell=$(printf '%%0%dd' \"$from\")\n"
                "'%s' run '%s' --cell \"$from-$1\" -q -o \"%s/results/cell-$cell.json\"\n",
                per_task, per_task, w, self, exp, adir);
    } else if (!rc) {
        for (size_t k = 0; k < n; k++)
            fprintf(f, "'%s' run '%s' --cell %zu -q -o '%s/results/cell-%0*zu.json'\n", self, exp,
                    first[k], adir, w, first[k]);
    }
    if (f && (fflush(f) || ferror(f) | fclose(f))) {
        fprintf(stderr, "vmlab run: %s: cannot write: %s\n", path, strerror(errno));
        rc = EXIT_RUNTIME;
    }
    if (!rc) {
        printf("%s: %zu tasks (%zu cells)\n", path, n, vmlab_experiment_cells(e));
        if (slurm)
            printf("submit:  sbatch %s\n", path);
        else
            printf("run:     parallel < %s    (or parallel --sshloginfile HOSTS < %s)\n", path,
                   path);
        printf("gather:  vmlab results merge %s/results/cell-*.json -o %s.json\n", adir, name);
    }
    free(self);
    free(exp);
    free(adir);
    free(first);
    return rc;
}

static void help(void)
{
    printf("usage: vmlab run EXPERIMENT.json [-o RESULTS.json] [-j N] [-q] [--fresh]\n"
           "                                 [--plugin PATH]\n"
           "       vmlab run EXPERIMENT.json --cell I|I-J [-o RESULTS.json]\n"
           "       vmlab run EXPERIMENT.json --list-cells\n"
           "       vmlab run EXPERIMENT.json --emit slurm|parallel [-o DIR] [--per-task K]\n"
           "\n"
           "Run every cell of an experiment (the cartesian product of its list-valued\n"
           "keys) and write the results document atomically to RESULTS.json (default:\n"
           "out/NAME.json, NAME being the experiment's name). A table of the runs is\n"
           "printed; a progress bar is drawn on standard error when it is a terminal.\n"
           "\n"
           "Every finished cell is kept in RESULTS.json.journal until the document is\n"
           "written: a sweep that was killed or failed resumes where it stopped when the\n"
           "same command runs again (cells are recognised by a hash of their parameters\n"
           "and the vmlab version, so a changed experiment reruns only what changed).\n"
           "\n"
           "  -o, --output PATH   where to write the results (- for standard output)\n"
           "  -j, --jobs N        run cells on N threads (results identical for any N)\n"
           "  -q, --quiet         no table, no progress bar\n"
           "      --fresh         ignore (and replace) the journal of an earlier run\n"
           "      --plugin PATH   load a policy plugin (repeatable)\n"
           "      --cell I        run only cell I (0-based, sweep order) into its own document;\n"
           "                      the sizes of a curve run together, so with them all of them\n"
           "      --cell I-J      run the tasks that hold cells I to J into one document\n"
           "                      (sharing their workloads' decodes)\n"
           "      --list-cells    print the first cell of every task (a cell, or a curve's\n"
           "                      sizes), one per line, for GNU parallel\n"
           "      --emit ENGINE   write the sweep as tasks for a cluster engine into DIR\n"
           "                      (default jobs/NAME): slurm, a job-array script to sbatch;\n"
           "                      parallel, a job list for GNU parallel. Each task writes\n"
           "                      DIR/results/cell-I.json; `vmlab results merge` gathers them\n"
           "      --per-task K    tasks per Slurm array task, run as one --cell I-J (default:\n"
           "                      enough to stay within 1000 array tasks, Slurm's default\n"
           "                      MaxArraySize)\n"
           "\n"
           "The experiment format is described in docs/config.md.\n");
}

int cmd_run(int argc, char **argv)
{
    enum { O_PLUGIN = 256, O_FRESH, O_CELL, O_LIST, O_EMIT, O_PER_TASK };
    static const struct option opts[] = {
        {"output", required_argument, NULL, 'o'},
        {"jobs", required_argument, NULL, 'j'},
        {"quiet", no_argument, NULL, 'q'},
        {"fresh", no_argument, NULL, O_FRESH},
        {"plugin", required_argument, NULL, O_PLUGIN},
        {"cell", required_argument, NULL, O_CELL},
        {"list-cells", no_argument, NULL, O_LIST},
        {"emit", required_argument, NULL, O_EMIT},
        {"per-task", required_argument, NULL, O_PER_TASK},
        {"help", no_argument, NULL, 'h'},
        {0},
    };
    const char *output = NULL, *engine = NULL;
    bool quiet = false, fresh = false, list = false;
    struct vmlab_run_opts ro = {.jobs = 1, .cell = SIZE_MAX};
    uint64_t v, per_task = 0;
    int c;
    while ((c = getopt_long(argc, argv, "o:j:qh", opts, NULL)) != -1) {
        switch (c) {
        case 'o': output = optarg; break;
        case 'j':
            if (vmlab_parse_count(optarg, &v) || v < 1 || v > 1024)
                return cli_usage("run", "-j: expected a number of threads in [1, 1024], got '%s'",
                                 optarg);
            ro.jobs = (unsigned)v;
            break;
        case 'q': quiet = true; break;
        case O_FRESH: fresh = true; break;
        case O_PLUGIN: {
            int rc = cli_load_plugin(optarg);
            if (rc)
                return rc;
            break;
        }
        case O_CELL: {
            /* I, or I-J: the tasks that hold cells I to J */
            char first[32];
            const char *dash = strchr(optarg, '-');
            size_t len = dash ? (size_t)(dash - optarg) : strlen(optarg);
            uint64_t to = 0;
            snprintf(first, sizeof first, "%.*s", (int)(len < sizeof first ? len : 0), optarg);
            if (vmlab_parse_count(first, &v) || v >= SIZE_MAX ||
                (dash && (vmlab_parse_count(dash + 1, &to) || to < v || to >= SIZE_MAX)))
                return cli_usage("run",
                                 "--cell: expected a cell index (0, 1, ...) or a range I-J "
                                 "(I <= J), got '%s'",
                                 optarg);
            ro.cell = (size_t)v;
            ro.cell_to = (size_t)to;
            break;
        }
        case O_LIST: list = true; break;
        case O_EMIT:
            if (strcmp(optarg, "slurm") && strcmp(optarg, "parallel"))
                return cli_usage("run", "--emit: expected slurm or parallel, got '%s'", optarg);
            engine = optarg;
            break;
        case O_PER_TASK:
            if (vmlab_parse_count(optarg, &per_task) || per_task < 1 || per_task > UINT32_MAX)
                return cli_usage("run", "--per-task: expected a positive count, got '%s'", optarg);
            break;
        case 'h': help(); return EXIT_OK;
        default: return cli_usage("run", "unknown option");
        }
    }
    if (optind != argc - 1)
        return cli_usage("run", "expected one EXPERIMENT.json");
    if ((list || engine) && ro.cell != SIZE_MAX)
        return cli_usage("run", "--cell runs cells; it does not go with --list-cells or --emit");
    if (list && engine)
        return cli_usage("run", "--list-cells and --emit are two ways to do one thing: choose one");
    struct vmlab_error err = {0};
    struct vmlab_experiment e;
    if (vmlab_experiment_load(&e, argv[optind], &err))
        return cli_fail(&err);
    if (list) {
        size_t *first, n;
        int rc = vmlab_experiment_tasks(&e, &first, &n, &err) ? cli_fail(&err) : EXIT_OK;
        for (size_t k = 0; !rc && k < n; k++)
            printf("%zu\n", first[k]);
        free(first);
        vmlab_experiment_free(&e);
        return rc;
    }
    char defpath[1024];
    if (engine) {
        if (!output) {
            char name[256];
            file_safe(e.name, name, sizeof name);
            snprintf(defpath, sizeof defpath, "jobs/%s", name);
            output = defpath;
        }
        int rc = emit(&e, argv[optind], engine, output, (unsigned)per_task);
        vmlab_experiment_free(&e);
        return rc;
    }
    if (!output) {
        if (ro.cell == SIZE_MAX)
            snprintf(defpath, sizeof defpath, "out/%s.json", e.name);
        else if (ro.cell_to > ro.cell)
            snprintf(defpath, sizeof defpath, "out/%s.cells-%zu-%zu.json", e.name, ro.cell,
                     ro.cell_to);
        else
            snprintf(defpath, sizeof defpath, "out/%s.cell-%zu.json", e.name, ro.cell);
        output = defpath;
    }
    if (strcmp(output, "-") && cli_mkdirs("run", output, true)) {
        vmlab_experiment_free(&e);
        return EXIT_RUNTIME;
    }
    char *journal = NULL;
    if (strcmp(output, "-") && ro.cell == SIZE_MAX) {
        size_t len = strlen(output) + sizeof ".journal";
        journal = malloc(len);
        if (!journal) {
            vmlab_experiment_free(&e);
            return cli_fail(&(struct vmlab_error){VMLAB_ESYSTEM, "out of memory"});
        }
        snprintf(journal, len, "%s.journal", output);
        if (fresh)
            unlink(journal);
        ro.journal = journal;
    }
    struct progress p = {.on = !quiet && isatty(2)};
    struct vmlab_run_hooks hooks = {.cell_end = progress_end, .arg = &p};
    json_t *results = NULL;
    int rc = vmlab_experiment_run_opts(&e, &ro, &hooks, &results, &err);
    vmlab_experiment_free(&e);
    if (rc) {
        if (p.on)
            fputc('\n', stderr);
        free(journal);
        return cli_fail(&err);
    }
    rc = vmlab_results_write(results, output, &err);
    if (!rc && journal)
        unlink(journal);
    if (!rc && !quiet && strcmp(output, "-")) {
        cli_print_runs(stdout, results);
        printf("results: %s (%zu runs)\n", output, json_array_size(json_object_get(results, "runs")));
    }
    free(journal);
    json_decref(results);
    return rc ? cli_fail(&err) : EXIT_OK;
}
