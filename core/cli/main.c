/*
 * main.c - `vmlab`: dispatch to the subcommands, --help, --version.
 */
#include <config.h>

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <vmlab/vmlab.h>

#include "cli.h"

static const struct {
    const char *name;
    int (*fn)(int, char **);
    const char *summary;
} commands[] = {
    {"sim", cmd_sim, "simulate a trace, a reference string or a workload (one shot)"},
    {"run", cmd_run, "run an experiment file: a sweep, results written as JSON"},
    {"list", cmd_list, "list policies, workloads, trace formats and metrics"},
    {"plot", cmd_plot, "draw figures of a results file with gnuplot"},
    {"host", cmd_host, "describe this machine: caches, page sizes, CPUID TLBs, counters"},
    {"calibrate", cmd_calibrate, "measure this machine's TLBs and fit the translation model"},
    {"results", cmd_results, "merge results files, export them as CSV, show them as a table"},
    /* trace formats (issue 5) */
    {"trace", cmd_trace, "look into, convert and generate trace files (info, head, convert, gen)"},
    {"capture", cmd_capture, "record a program's memory references under Valgrind (lackey)"},
    {"mrc", cmd_mrc, "miss-ratio curve: faults at every memory size in one pass"}, /* issue 8 */
};
#define NCOMMANDS (sizeof commands / sizeof commands[0])

static void usage(FILE *out)
{
    fprintf(out,
            "usage: vmlab COMMAND [OPTIONS]\n"
            "\n"
            "vmlab %s: benchmarks for page replacement and address translation.\n"
            "\n"
            "commands:\n",
            vmlab_version());
    for (size_t i = 0; i < NCOMMANDS; i++)
        fprintf(out, "  %-9s %s\n", commands[i].name, commands[i].summary);
    fprintf(out,
            "\n"
            "`vmlab COMMAND --help` describes each. Exit status: 0 success, 1 runtime\n"
            "failure, 2 usage or input error. Plugins in VMLAB_PLUGIN_PATH (a colon-separated\n"
            "list of .so files and folders) are loaded at start.\n"
            "\n"
            "examples:\n"
            "  vmlab sim --refs 1,2,3,4,1,2,5,1,2,3,4,5 --policy fifo --frames 3,4\n"
            "  vmlab sim --workload zipf:pages=100000,alpha=0.9,refs=1e7 --policy lru,clock "
            "--memory 64M\n"
            "  vmlab run experiments/quickstart.json && vmlab plot out/quickstart.json\n");
}

int cli_fail(const struct vmlab_error *err)
{
    fprintf(stderr, "vmlab: %s\n", err->msg[0] ? err->msg : "unknown error");
    return err->code == VMLAB_EINPUT || err->code == VMLAB_EPLUGIN ? EXIT_USAGE : EXIT_RUNTIME;
}

void *cli_need(void *p)
{
    if (!p) {
        fputs("vmlab: out of memory\n", stderr);
        exit(EXIT_RUNTIME);
    }
    return p;
}

int cli_usage(const char *cmd, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fprintf(stderr, "vmlab %s: ", cmd);
    vfprintf(stderr, fmt, ap);
    fprintf(stderr, "\n(see `vmlab %s --help`)\n", cmd);
    va_end(ap);
    return EXIT_USAGE;
}

int cli_load_plugin(const char *path)
{
    struct vmlab_error err = {0};
    if (vmlab_policy_load_plugin(path, &err))
        return cli_fail(&err);
    return 0;
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        usage(stderr);
        return EXIT_USAGE;
    }
    const char *cmd = argv[1];
    if (!strcmp(cmd, "--help") || !strcmp(cmd, "-h") || !strcmp(cmd, "help")) {
        usage(stdout);
        return EXIT_OK;
    }
    if (!strcmp(cmd, "--version") || !strcmp(cmd, "-V")) {
        printf("vmlab %s (policy ABI %u)\n", vmlab_version(), VMLAB_POLICY_ABI);
        return EXIT_OK;
    }
    for (size_t i = 0; i < NCOMMANDS; i++) {
        if (strcmp(cmd, commands[i].name))
            continue;
        struct vmlab_error err = {0};
        if (vmlab_policy_load_plugin_path(&err))
            return cli_fail(&err);
        return commands[i].fn(argc - 1, argv + 1);
    }
    fprintf(stderr, "vmlab: unknown command '%s' (commands:", cmd);
    for (size_t i = 0; i < NCOMMANDS; i++)
        fprintf(stderr, "%s %s", i ? "," : "", commands[i].name);
    fprintf(stderr, "; see vmlab --help)\n");
    return EXIT_USAGE;
}

int cli_mkdirs(const char *cmd, const char *dir, bool parent_of_file)
{
    char path[4096];
    if (snprintf(path, sizeof path, "%s", dir) >= (int)sizeof path) {
        fprintf(stderr, "vmlab %s: path too long: %s\n", cmd, dir);
        return -1;
    }
    if (parent_of_file) {
        char *slash = strrchr(path, '/');
        if (!slash)
            return 0;
        *slash = '\0';
    }
    for (char *p = path + 1;; p++) {
        bool end = !*p;
        if (*p == '/' || end) {
            *p = '\0';
            if (path[0] && mkdir(path, 0777) && errno != EEXIST) {
                fprintf(stderr, "vmlab %s: cannot create folder %s: %s\n", cmd, path,
                        strerror(errno));
                return -1;
            }
            if (end)
                return 0;
            *p = '/';
        }
    }
}
