/*
 * cmd_plot.c - `vmlab plot RESULTS.json`: figures through gnuplot.
 *
 * For each figure vmlab writes, side by side, the data (NAME.dat), the
 * gnuplot script (NAME.gp, the shared style of scripts/vmlab-style.gp
 * included verbatim, so it runs anywhere) and the renderings (NAME.pdf,
 * NAME.png, NAME.svg). An author tweaks a figure by editing NAME.gp and
 * running `gnuplot -e "fmt='pdf'" NAME.gp` in that folder.
 *
 * Kinds:
 *   mrc   fault ratio against memory size, one line per policy (the
 *         miss-ratio curve); one figure per workload (and per page size,
 *         visibility and seed where those vary).
 */
#include <config.h>

#include <errno.h>
#include <getopt.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <vmlab/vmlab.h>

#include "cli.h"
#include "results/results.h"

static const char style_gp[] =
#include "core/cli/style.inc"
    ;

/* params that make separate figures (not lines within one) */
static const char *const figure_keys[] = {"workload", "page_size", "visibility", "seed"};
#define NFIGURE_KEYS 4

struct point {
    double x, y;
};

struct series {
    char *label;
    struct point *pts;
    size_t n, cap;
};

struct figure {
    json_t *key;           /* values of figure_keys */
    struct series *series;
    size_t n, cap;
};

static void gp_quote(FILE *f, const char *s)
{
    fputc('"', f);
    for (; *s; s++) {
        if (*s == '"' || *s == '\\')
            fputc('\\', f);
        fputc(*s, f);
    }
    fputc('"', f);
}

static int run_gnuplot(const char *dir, const char *base, const char *fmt)
{
    const char *gp = getenv("VMLAB_GNUPLOT");
    if (!gp || !*gp)
        gp = VMLAB_GNUPLOT;
    char expr[256], script[512];
    snprintf(expr, sizeof expr, "fmt='%s'", fmt);
    snprintf(script, sizeof script, "%s.gp", base);
    pid_t pid = fork();
    if (pid < 0)
        return -1;
    if (pid == 0) {
        if (chdir(dir))
            _exit(126);
        execlp(gp, gp, "-e", expr, script, (char *)NULL);
        fprintf(stderr, "vmlab plot: cannot run %s: %s (Debian: apt-get install gnuplot-nox)\n",
                gp, strerror(errno));
        _exit(127);
    }
    int status;
    while (waitpid(pid, &status, 0) < 0)
        if (errno != EINTR)
            return -1;
    return WIFEXITED(status) && WEXITSTATUS(status) == 0 ? 0 : -1;
}

static int cmp_point(const void *a, const void *b)
{
    double x = ((const struct point *)a)->x, y = ((const struct point *)b)->x;
    return (x > y) - (x < y);
}

static struct figure *figure_for(struct figure **figs, size_t *n, json_t *key)
{
    for (size_t i = 0; i < *n; i++)
        if (json_equal((*figs)[i].key, key)) {
            json_decref(key);
            return &(*figs)[i];
        }
    struct figure *nf = realloc(*figs, (*n + 1) * sizeof *nf);
    if (!nf)
        return NULL;
    *figs = nf;
    nf[*n] = (struct figure){.key = key};
    return &nf[(*n)++];
}

static struct series *series_for(struct figure *f, const char *label)
{
    for (size_t i = 0; i < f->n; i++)
        if (!strcmp(f->series[i].label, label))
            return &f->series[i];
    if (f->n == f->cap) {
        f->cap = f->cap ? 2 * f->cap : 8;
        f->series = realloc(f->series, f->cap * sizeof *f->series);
    }
    f->series[f->n] = (struct series){.label = strdup(label)};
    return &f->series[f->n++];
}

static void add_point(struct series *s, double x, double y)
{
    if (s->n == s->cap) {
        s->cap = s->cap ? 2 * s->cap : 16;
        s->pts = realloc(s->pts, s->cap * sizeof *s->pts);
    }
    s->pts[s->n++] = (struct point){x, y};
}

static void free_figures(struct figure *figs, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        for (size_t j = 0; j < figs[i].n; j++) {
            free(figs[i].series[j].label);
            free(figs[i].series[j].pts);
        }
        free(figs[i].series);
        json_decref(figs[i].key);
    }
    free(figs);
}

/* Figure title: the figure keys that are not the same for every figure, plus the workload. */
static void figure_title(const struct figure *f, const bool *varies, char *buf, size_t len)
{
    size_t used = (size_t)snprintf(buf, len, "%s",
                                   json_string_value(json_object_get(f->key, "workload")));
    for (size_t k = 1; k < NFIGURE_KEYS && used < len; k++) {
        if (!varies[k])
            continue;
        const json_t *v = json_object_get(f->key, figure_keys[k]);
        if (json_is_string(v))
            used += (size_t)snprintf(buf + used, len - used, ", %s", json_string_value(v));
        else
            used += (size_t)snprintf(buf + used, len - used, ", %s %" JSON_INTEGER_FORMAT,
                                     figure_keys[k], json_integer_value(v));
    }
}

static int write_mrc(const char *dir, const char *base, const struct figure *f, const char *title,
                     bool by_memory, int logx, const char *source)
{
    char path[4096];
    snprintf(path, sizeof path, "%s/%s.dat", dir, base);
    FILE *d = fopen(path, "w");
    if (!d)
        return -1;
    fprintf(d, "# vmlab plot mrc of %s\n# %s\n", source, title);
    double xmin = INFINITY, xmax = 0;
    for (size_t i = 0; i < f->n; i++) {
        const struct series *s = &f->series[i];
        fprintf(d, "%s# series %zu: %s\n# %s fault_ratio\n", i ? "\n\n" : "", i, s->label,
                by_memory ? "memory_mib" : "frames");
        for (size_t j = 0; j < s->n; j++) {
            fprintf(d, "%.17g %.17g\n", s->pts[j].x, s->pts[j].y);
            if (s->pts[j].x < xmin)
                xmin = s->pts[j].x;
            if (s->pts[j].x > xmax)
                xmax = s->pts[j].x;
        }
    }
    if (fclose(d))
        return -1;
    if (logx < 0)
        logx = xmin > 0 && xmax / xmin >= 100;
    snprintf(path, sizeof path, "%s/%s.gp", dir, base);
    FILE *g = fopen(path, "w");
    if (!g)
        return -1;
    fprintf(g, "# %s.gp - fault ratio against memory size (vmlab plot mrc)\n", base);
    fprintf(g, "# data: %s.dat, from %s\n", base, source);
    fprintf(g, "# render: gnuplot -e \"fmt='pdf'\" %s.gp   (fmt: pdf, png, svg; columns=2 for "
               "a two-column figure)\n\n", base);
    fprintf(g, "if (!exists(\"base\")) base = \"%s\"\n\n", base);
    fputs(style_gp, g);
    fprintf(g, "\nset xlabel %s\n", by_memory ? "\"memory (MiB)\"" : "\"frames\"");
    fprintf(g, "set ylabel \"fault ratio\"\nset yrange [0:*]\n");
    if (logx)
        fprintf(g, "set logscale x 2\n");
    fprintf(g, "set title ");
    gp_quote(g, title);
    fprintf(g, " noenhanced\nplot \\\n");
    for (size_t i = 0; i < f->n; i++) {
        fprintf(g, "    \"%s.dat\" index %zu using 1:2 ls %zu title ", base, i, i % 8 + 1);
        gp_quote(g, f->series[i].label);
        fprintf(g, " noenhanced%s\n", i + 1 < f->n ? ", \\" : "");
    }
    return fclose(g) ? -1 : 0;
}

static void help(void)
{
    printf("usage: vmlab plot RESULTS.json [-o DIR] [--format pdf,png,svg] [--kind mrc]\n"
           "                  [--log | --linear]\n"
           "\n"
           "Draw figures of a results file with gnuplot. Each figure is written as NAME.dat\n"
           "(data), NAME.gp (the script, style included) and one file per format.\n"
           "\n"
           "  -o, --output DIR   folder for the figures (default: RESULTS without .json)\n"
           "  --format LIST      pdf, png, svg (default pdf,png)\n"
           "  --kind KIND        mrc: fault ratio against memory, a line per policy (default:\n"
           "                     chosen from what the results hold)\n"
           "  --log, --linear    x axis scale (default: log when it spans 100x or more)\n"
           "\n"
           "gnuplot is found as VMLAB_GNUPLOT or on PATH.\n");
}

int cmd_plot(int argc, char **argv)
{
    static const struct option opts[] = {
        {"output", required_argument, NULL, 'o'},
        {"format", required_argument, NULL, 'f'},
        {"kind", required_argument, NULL, 'k'},
        {"log", no_argument, NULL, 'L'},
        {"linear", no_argument, NULL, 'l'},
        {"help", no_argument, NULL, 'h'},
        {0},
    };
    const char *dir = NULL, *formats = "pdf,png", *kind = NULL;
    int logx = -1;
    int c;
    while ((c = getopt_long(argc, argv, "o:f:k:h", opts, NULL)) != -1) {
        switch (c) {
        case 'o': dir = optarg; break;
        case 'f': formats = optarg; break;
        case 'k': kind = optarg; break;
        case 'L': logx = 1; break;
        case 'l': logx = 0; break;
        case 'h': help(); return EXIT_OK;
        default: return cli_usage("plot", "unknown option");
        }
    }
    if (optind != argc - 1)
        return cli_usage("plot", "expected one RESULTS.json");
    const char *src = argv[optind];
    char fmts[64];
    snprintf(fmts, sizeof fmts, "%s", formats);
    for (char *save = NULL, *t = strtok_r(fmts, ",", &save); t; t = strtok_r(NULL, ",", &save))
        if (strcmp(t, "pdf") && strcmp(t, "png") && strcmp(t, "svg"))
            return cli_usage("plot", "--format: expected pdf, png or svg, got '%s'", t);
    if (kind && strcmp(kind, "mrc"))
        return cli_usage("plot", "--kind: unknown kind '%s' (kinds: mrc)", kind);

    struct vmlab_error err = {0};
    json_t *doc = vmlab_results_load(src, &err);
    if (!doc)
        return cli_fail(&err);
    const json_t *runs = json_object_get(doc, "runs");
    bool by_memory = json_object_get(json_object_get(doc, "experiment"), "memory") != NULL;

    struct figure *figs = NULL;
    size_t nfigs = 0;
    int rc = EXIT_OK;
    size_t i;
    json_t *run;
    json_array_foreach(runs, i, run) {
        const json_t *p = json_object_get(run, "params");
        const json_t *y = json_object_get(json_object_get(run, "metrics"), "fault_ratio");
        const json_t *x = json_object_get(p, by_memory ? "memory_bytes" : "frames");
        const char *label = json_string_value(json_object_get(p, "policy"));
        if (!json_is_number(y) || !json_is_integer(x) || !label) {
            fprintf(stderr,
                    "vmlab plot: %s: $.runs[%zu]: %s is missing or not a number; not drawing a "
                    "curve with a hole in it\n",
                    src, i, !json_is_number(y) ? "metrics.fault_ratio"
                            : !label           ? "params.policy"
                                               : (by_memory ? "params.memory_bytes" : "params.frames"));
            rc = EXIT_USAGE;
            break;
        }
        json_t *key = json_object();
        for (size_t k = 0; k < NFIGURE_KEYS; k++)
            json_object_set(key, figure_keys[k], json_object_get(p, figure_keys[k]));
        struct figure *f = figure_for(&figs, &nfigs, key);
        double xv = (double)json_integer_value(x);
        add_point(series_for(f, label), by_memory ? xv / 1048576.0 : xv, json_number_value(y));
    }
    if (rc == EXIT_OK && !nfigs) {
        fprintf(stderr, "vmlab plot: %s: no runs to draw\n", src);
        rc = EXIT_USAGE;
    }
    size_t maxpts = 0;
    for (size_t f = 0; rc == EXIT_OK && f < nfigs; f++)
        for (size_t s = 0; s < figs[f].n; s++) {
            qsort(figs[f].series[s].pts, figs[f].series[s].n, sizeof(struct point), cmp_point);
            if (figs[f].series[s].n > maxpts)
                maxpts = figs[f].series[s].n;
        }
    if (rc == EXIT_OK && maxpts < 2) {
        fprintf(stderr,
                "vmlab plot: %s: every run has one memory size: a miss-ratio curve needs a sweep "
                "of frames or memory\n",
                src);
        rc = EXIT_USAGE;
    }
    char outdir[4096];
    if (rc == EXIT_OK) {
        if (dir) {
            snprintf(outdir, sizeof outdir, "%s", dir);
        } else {
            snprintf(outdir, sizeof outdir, "%s", src);
            char *dot = strrchr(outdir, '.');
            char *slash = strrchr(outdir, '/');
            if (dot && (!slash || dot > slash))
                *dot = '\0';
            else
                strncat(outdir, ".plots", sizeof outdir - strlen(outdir) - 1);
        }
        if (cli_mkdirs("plot", outdir, false))
            rc = EXIT_RUNTIME;
    }
    bool varies[NFIGURE_KEYS] = {false};
    for (size_t k = 0; k < NFIGURE_KEYS; k++)
        for (size_t f = 1; f < nfigs; f++)
            if (!json_equal(json_object_get(figs[f].key, figure_keys[k]),
                            json_object_get(figs[0].key, figure_keys[k])))
                varies[k] = true;
    for (size_t f = 0; rc == EXIT_OK && f < nfigs; f++) {
        char base[64], title[1024];
        if (nfigs == 1)
            snprintf(base, sizeof base, "mrc");
        else
            snprintf(base, sizeof base, "mrc-%zu", f + 1);
        figure_title(&figs[f], varies, title, sizeof title);
        if (write_mrc(outdir, base, &figs[f], title, by_memory, logx, src)) {
            fprintf(stderr, "vmlab plot: cannot write %s/%s.gp: %s\n", outdir, base,
                    strerror(errno));
            rc = EXIT_RUNTIME;
            break;
        }
        snprintf(fmts, sizeof fmts, "%s", formats);
        for (char *save = NULL, *t = strtok_r(fmts, ",", &save); t && rc == EXIT_OK;
             t = strtok_r(NULL, ",", &save)) {
            if (run_gnuplot(outdir, base, t)) {
                fprintf(stderr, "vmlab plot: gnuplot failed on %s/%s.gp (format %s)\n", outdir,
                        base, t);
                rc = EXIT_RUNTIME;
            } else {
                printf("%s/%s.%s\n", outdir, base, t);
            }
        }
    }
    free_figures(figs, nfigs);
    json_decref(doc);
    return rc;
}
