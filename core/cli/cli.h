/*
 * cli.h - the `vmlab` command: subcommands and the helpers they share. Only
 * this layer prints errors and chooses exit statuses:
 *   0 success, 1 runtime failure, 2 usage or input error.
 */
#ifndef VMLAB_CLI_H
#define VMLAB_CLI_H

#include <stdarg.h>
#include <stddef.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include <jansson.h>

#include <vmlab/error.h>

enum { EXIT_OK = 0, EXIT_RUNTIME = 1, EXIT_USAGE = 2 };

int cmd_sim(int argc, char **argv);
int cmd_run(int argc, char **argv);
int cmd_list(int argc, char **argv);
int cmd_plot(int argc, char **argv);
int cmd_host(int argc, char **argv);
int cmd_calibrate(int argc, char **argv);
int cmd_results(int argc, char **argv);
/* trace formats (issue 5) */
int cmd_trace(int argc, char **argv);
int cmd_capture(int argc, char **argv);
int cmd_mrc(int argc, char **argv);

/* Print "vmlab: MESSAGE" for @err; return the exit status its code calls for. */
int cli_fail(const struct vmlab_error *err);

/*
 * @p, an allocation of the command's own (a table's cells, a plot's points):
 * when it failed (NULL), print "vmlab: out of memory" and exit with
 * EXIT_RUNTIME, as nothing is left to save at that point. Not for sizes that
 * may be 0 (allocate at least 1). The library checks and reports its own.
 */
void *cli_need(void *p);

/* Print "vmlab CMD: MESSAGE" and a pointer to --help; return EXIT_USAGE. */
int cli_usage(const char *cmd, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* Load a plugin named on the command line. Return: 0 or an exit status. */
int cli_load_plugin(const char *path);

/*
 * Create folder @dir and its missing parents (mkdir -p); with @parent_of_file
 * only the folders above the file @dir names. Return: 0, or -1 with a message
 * printed for @cmd.
 */
int cli_mkdirs(const char *cmd, const char *dir, bool parent_of_file);

/* Print the results document's runs as an aligned table on @out. */
void cli_print_runs(FILE *out, const json_t *results);

/* ---- views of a results document (view.c): `results show` and `plot` ---- */

/*
 * Short names of the @n spec labels @labels: the spec name and the
 * parameters that tell apart labels of the same name. @out[i]: malloc'd.
 */
void cli_short_labels(const char *const *labels, size_t n, char **out);

/* Are @doc's sizes memory sizes (its experiment, or every source's, gave "memory")? */
bool cli_by_memory(const json_t *doc);

/*
 * The params that differ among the cells of @runs, in params order, less
 * the redundant: seed (a cell has none), X_name beside X, memory_bytes
 * (frames when @by_memory: each follows from the other and the page size).
 * Return: new array of strings.
 */
json_t *cli_varying_params(const json_t *runs, bool by_memory);

/*
 * Keep the runs of @doc that match every KEY=VALUE of the comma-separated
 * @where (NULL: all; matching as vmlab_run_matches); the summary follows.
 * Return: 0, or an exit status (message printed for @cmd).
 */
int cli_filter_runs(const char *cmd, json_t *doc, const char *where);
/* ---- inputs and models on the command line: sim, mrc (input.c) ---- */

/* getopt values of the shared options; a command numbers its own from CLI_O_NEXT. */
enum {
    CLI_O_FORMAT = 256, CLI_O_UNIT, CLI_O_REFS, CLI_O_WORKLOAD, CLI_O_POLICY, CLI_O_FRAMES,
    CLI_O_MEMORY, CLI_O_PAGE, CLI_O_VIS, CLI_O_SEED, CLI_O_PLUGIN,
    /* processes and allocation (alloc) */
    CLI_O_SCOPE, CLI_O_QUOTA, CLI_O_ALLOC, CLI_O_FCOST,
    CLI_O_NEXT,
};

/* The shared entries of a getopt_long table. */
#define CLI_INPUT_OPTIONS                                                                     \
    {"format", required_argument, NULL, CLI_O_FORMAT},                                        \
        {"unit", required_argument, NULL, CLI_O_UNIT},                                        \
        {"refs", required_argument, NULL, CLI_O_REFS},                                        \
        {"workload", required_argument, NULL, CLI_O_WORKLOAD},                                \
        {"policy", required_argument, NULL, CLI_O_POLICY},                                    \
        {"frames", required_argument, NULL, CLI_O_FRAMES},                                    \
        {"memory", required_argument, NULL, CLI_O_MEMORY},                                    \
        {"page-size", required_argument, NULL, CLI_O_PAGE},                                   \
        {"visibility", required_argument, NULL, CLI_O_VIS},                                   \
        {"seed", required_argument, NULL, CLI_O_SEED},                                        \
        {"plugin", required_argument, NULL, CLI_O_PLUGIN},                                    \
        {"scope", required_argument, NULL, CLI_O_SCOPE},                                      \
        {"quota", required_argument, NULL, CLI_O_QUOTA},                                      \
        {"allocation", required_argument, NULL, CLI_O_ALLOC},                                 \
        {"fault-cost", required_argument, NULL, CLI_O_FCOST}

/* The options as given (borrowed from argv), and what the checks found. */
struct cli_input {
    const char *trace, *format, *unit, *refs, *workload;  /* the input */
    const char *policy, *frames, *memory, *page, *vis, *seed;
    const char *scope, *quota, *allocation, *fault_cost;  /* processes and allocation */
    const char *input_opt;  /* how errors name the input: the file, --refs or --workload */
    uint64_t page_bytes;    /* --page-size, once checked */
};

/* The defaults: page unit, lru, 4K pages, exact visibility, seed 1. */
void cli_input_init(struct cli_input *in);

/*
 * Take getopt's option @opt (argument @arg) if it is a shared one. Return: 1
 * when taken (*status: 0, or the exit status of a failed --plugin), 0 when not.
 */
int cli_input_option(struct cli_input *in, int opt, const char *arg, int *status);

/*
 * Check the options (the TRACE operand at argv[@optind_]) and build the
 * experiment object named @cmd. Return: new reference, or NULL with a usage
 * error printed and *status the exit status.
 */
json_t *cli_input_experiment(const char *cmd, struct cli_input *in, int argc, char **argv,
                             int optind_, int *status);

/* Errors from the experiment parser name JSON paths; on the command line, name options. */
void cli_map_paths(struct vmlab_error *err, const char *input_opt);

/* translation model (issue 4): the translation table of every run with an MMU. */
void cli_print_translation(FILE *out, const json_t *results);

/* ---- aligned tables ---- */

struct table {
    size_t ncols, nrows, cap;
    char **cells;        /* nrows * ncols strings, row-major */
    const char **head;   /* column titles */
    int *right;          /* per column: right-align (numbers) */
};

void table_init(struct table *t, size_t ncols, const char *const *head, const int *right);
/* Append a row: @t->ncols strings (copied; NULL prints empty). */
void table_row(struct table *t, const char *const *cells);
void table_print(const struct table *t, FILE *out);
void table_free(struct table *t);

#endif /* VMLAB_CLI_H */
