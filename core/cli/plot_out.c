/*
 * plot_out.c - writing a figure's .dat and .gp and rendering them with
 * gnuplot (plot.h). gnuplot runs in the output folder, once per format,
 * found as $VMLAB_GNUPLOT or the one configure found.
 */
#include <config.h>

#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include <vmlab/vmlab.h>

#include "cli.h"
#include "plot.h"
#include "results/flat.h"

static const char style_gp[] =
#include "core/cli/style.inc"
    ;

void plot_warn(const struct plot_opts *o, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fprintf(stderr, "vmlab plot: %s: ", o->src);
    vfprintf(stderr, fmt, ap);
    fputc('\n', stderr);
    va_end(ap);
}

void plot_gp_string(FILE *f, const char *s)
{
    fputc('"', f);
    for (; *s; s++) {
        if (*s == '"' || *s == '\\')
            fputc('\\', f);
        fputc(*s, f);
    }
    fputc('"', f);
}

void plot_dat_string(FILE *f, const char *s)
{
    fputc('"', f);
    for (; *s; s++)
        fputc(*s == '"' ? '\'' : *s == '\n' ? ' ' : *s, f);
    fputc('"', f);
}

void plot_dat_real(FILE *f, double x)
{
    char buf[40];
    if (!isfinite(x)) {
        fputc('?', f);
        return;
    }
    vmlab_real_text(x, buf, sizeof buf);
    fputs(buf, f);
}

void plot_base_name(char *buf, size_t len, const char *kind, const char *label, json_t *used)
{
    char name[80];
    size_t n = (size_t)snprintf(name, sizeof name, "%s", kind);
    if (label && *label && n + 1 < sizeof name) {
        name[n++] = '-';
        bool sep = false;
        for (const char *s = label; *s && n + 1 < sizeof name - 8; s++) {
            bool ok = (*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z') ||
                      (*s >= '0' && *s <= '9') || *s == '.' || *s == '-';
            if (ok) {
                name[n++] = *s;
                sep = false;
            } else if (!sep) {
                name[n++] = '_';
                sep = true;
            }
        }
        while (n > 0 && name[n - 1] == '_')
            n--;
        name[n] = '\0';
    }
    snprintf(buf, len, "%s", name);
    for (int i = 2; json_object_get(used, buf); i++)
        snprintf(buf, len, "%s-%d", name, i);
    json_object_set_new(used, buf, json_true());
}

int plot_fig_open(struct plot_fig *f, const struct plot_opts *o, const char *base, const char *what,
                  const char *key, double height)
{
    memset(f, 0, sizeof *f);
    f->o = o;
    snprintf(f->base, sizeof f->base, "%s", base);
    char path[4096];
    snprintf(path, sizeof path, "%s/%s.dat", o->dir, base);
    f->dat = fopen(path, "w");
    if (f->dat) {
        snprintf(path, sizeof path, "%s/%s.gp", o->dir, base);
        f->gp = fopen(path, "w");
    }
    if (!f->dat || !f->gp) {
        fprintf(stderr, "vmlab plot: cannot write %s: %s\n", path, strerror(errno));
        if (f->dat)
            fclose(f->dat);
        f->dat = NULL;
        return -1;
    }
    fprintf(f->dat, "# %s.dat - %s\n# from %s (vmlab plot)\n", base, what, o->src);
    if (key)
        fprintf(f->dat, "# figure: %s\n", key);
    fprintf(f->gp, "# %s.gp - %s\n# data: %s.dat, from %s (vmlab %s)\n", base, what, base, o->src,
            vmlab_version());
    if (key)
        fprintf(f->gp, "# figure: %s\n", key);
    fprintf(f->gp,
            "# render: gnuplot -e \"fmt='pdf'\" %s.gp   (fmt: pdf, png, svg; size='page' for a\n"
            "#         figure across two columns; height=INCHES)\n\n"
            "if (!exists(\"base\")) base = \"%s\"\n"
            "if (!exists(\"column_height\")) column_height = %.2f\n\n",
            base, base, height);
    fputs(style_gp, f->gp);
    fputs("\n# ---- this figure ----\n", f->gp);
    return 0;
}

static int run_gnuplot(const char *dir, const char *base, const char *fmt, const char *size)
{
    const char *gp = getenv("VMLAB_GNUPLOT");
    if (!gp || !*gp)
        gp = VMLAB_GNUPLOT;
    char expr[256], script[160];
    snprintf(expr, sizeof expr, "fmt='%s'; size='%s'", fmt, size);
    snprintf(script, sizeof script, "%s.gp", base);
    fflush(stdout);
    pid_t pid = fork();
    if (pid < 0)
        return -1;
    if (pid == 0) {
        if (chdir(dir))
            _exit(126);
        execlp(gp, gp, "-e", expr, script, (char *)NULL);
        fprintf(stderr, "vmlab plot: cannot run %s: %s (Debian: apt-get install gnuplot-nox)\n", gp,
                strerror(errno));
        _exit(127);
    }
    int status;
    while (waitpid(pid, &status, 0) < 0)
        if (errno != EINTR)
            return -1;
    return WIFEXITED(status) && WEXITSTATUS(status) == 0 ? 0 : -1;
}

int plot_fig_finish(struct plot_fig *f)
{
    int bad = fclose(f->dat) != 0;
    bad |= fclose(f->gp) != 0;
    if (bad) {
        fprintf(stderr, "vmlab plot: cannot write %s/%s: %s\n", f->o->dir, f->base,
                strerror(errno));
        return EXIT_RUNTIME;
    }
    char fmts[64];
    snprintf(fmts, sizeof fmts, "%s", f->o->formats);
    for (char *save = NULL, *t = strtok_r(fmts, ",", &save); t; t = strtok_r(NULL, ",", &save)) {
        if (run_gnuplot(f->o->dir, f->base, t, f->o->size)) {
            fprintf(stderr, "vmlab plot: gnuplot failed on %s/%s.gp (format %s)\n", f->o->dir,
                    f->base, t);
            return EXIT_RUNTIME;
        }
        printf("%s/%s.%s\n", f->o->dir, f->base, t);
    }
    return 0;
}

void plot_log2_tics(FILE *gp, const struct plot_opts *o, char axis, double lo, double hi,
                    bool sizes)
{
    int a = (int)floor(log2(lo) + 1e-9), b = (int)ceil(log2(hi) - 1e-9);
    int max_labels = strcmp(o->size, "page") ? 7 : 14;
    int step = (b - a) / max_labels + 1;
    /* label the powers that are multiples of the step, so 1K, 4K, 16K line up across figures */
    fprintf(gp, "set logscale %c 2\nset %ctics (", axis, axis);
    bool first = true;
    for (int k = a; k <= b; k++) {
        double v = ldexp(1.0, k);
        bool major = ((k % step) + step) % step == 0;
        char label[32] = "";
        if (major) {
            if (sizes && k >= 0)
                vmlab_format_size((uint64_t)v, label, sizeof label);
            else
                snprintf(label, sizeof label, "%g", v);
        }
        fprintf(gp, "%s\"%s\" %.17g %d", first ? "" : ", ", label, v, major ? 0 : 1);
        first = false;
    }
    fprintf(gp, ")\nset %crange [%.17g:%.17g]\n", axis, lo / pow(2, 0.2), hi * pow(2, 0.2));
}
