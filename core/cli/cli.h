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

/* Print "vmlab: MESSAGE" for @err; return the exit status its code calls for. */
int cli_fail(const struct vmlab_error *err);

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
