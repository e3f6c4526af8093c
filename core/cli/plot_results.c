/*
 * plot_results.c - the figures of a results document (plot.h).
 *
 * Every kind draws the document's cells (results/summary.h: runs that
 * differ only in seed, averaged), so repetitions over seeds become means
 * with 95% confidence intervals as error bars, and a document without
 * repetitions draws each run as it is.
 *
 *   mrc     fault ratio against memory size, a line per policy: the
 *           miss-ratio curve; a figure per value of every other param that
 *           varies (workload, page size, visibility, ...)
 *   belady  faults against frames as steps, a line per policy, the points
 *           where more frames gave more faults circled (Belady's anomaly)
 *   bars    faults per policy at one memory size, bars grouped by workload,
 *           relative to a baseline policy (OPT, else LRU) run on the same
 *           workload and seed; a figure per memory size
 *   tlb     misses per thousand references (MPKI) of each TLB structure,
 *           a bar per configuration (the cells)
 *   cycles  translation cycles per reference, stacked by where they went
 *           (TLB hits, walk-cache hits, walk memory references, faults,
 *           write-backs, shoot-downs), a bar per configuration
 *   walks   page-walk memory references per walk, stacked by page-table
 *           level (the leaf at the bottom, then the levels a walk cache
 *           lets a walk skip; nested walks' host levels above), a bar per
 *           configuration
 *
 * A value that is missing or not a number in a run is named in a warning
 * (the run, the key, what it holds) and the line or bar it belongs to is
 * left out: a curve is never drawn through a hole.
 */
#include <config.h>

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <vmlab/vmlab.h>

#include "cli.h"
#include "plot.h"
#include "results/flat.h"
#include "results/stats.h"
#include "results/summary.h"

/* The document as the kinds see it. */
struct data {
    const struct plot_opts *o;
    const json_t *runs; /* the document's runs (borrowed) */
    json_t *cells;      /* vmlab_summarize(runs): the cells, seeds averaged */
    json_t *flats;      /* the runs flattened, by run index */
    json_t *shorts;     /* {param: {value: short label}} for string params */
    json_t *varying;    /* params that differ among cells (cli_varying_params) */
    json_t *used;       /* figure names taken */
    bool by_memory;     /* sizes on x are memory (bytes), not frames */
    size_t figures;     /* figures drawn */
};

/* A set of cells sharing the values of some params. */
struct set {
    json_t *key;   /* {param: value} */
    json_t *cells; /* cell indices */
};

static const json_t *cell_at(const struct data *d, size_t i)
{
    return json_array_get(d->cells, i);
}

static const json_t *param(const struct data *d, size_t cell, const char *key)
{
    return json_object_get(json_object_get(cell_at(d, cell), "params"), key);
}

/* ---- grouping and labels ---- */

/* Partition @cells (indices; NULL: every cell) by the values of the params @keys. */
static struct set *group_by(const struct data *d, const json_t *cells, const json_t *keys,
                            size_t *n)
{
    size_t total = cells ? json_array_size(cells) : json_array_size(d->cells);
    struct set *sets = cli_need(calloc(total ? total : 1, sizeof *sets));
    *n = 0;
    for (size_t i = 0; i < total; i++) {
        size_t c = cells ? (size_t)json_integer_value(json_array_get(cells, i)) : i;
        json_t *key = json_object();
        size_t k;
        json_t *name;
        json_array_foreach(keys, k, name) {
            const json_t *v = param(d, c, json_string_value(name));
            json_object_set(key, json_string_value(name), v ? (json_t *)v : json_null());
        }
        size_t s = 0;
        while (s < *n && !json_equal(sets[s].key, key))
            s++;
        if (s == *n) {
            sets[s].key = key;
            sets[s].cells = json_array();
            (*n)++;
        } else {
            json_decref(key);
        }
        json_array_append_new(sets[s].cells, json_integer((json_int_t)c));
    }
    return sets;
}

static void free_sets(struct set *sets, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        json_decref(sets[i].key);
        json_decref(sets[i].cells);
    }
    free(sets);
}

/* The varying params less @exclude (NULL-terminated). Return: new array. */
static json_t *keys_except(const struct data *d, const char *const *exclude)
{
    json_t *keys = json_array();
    size_t i;
    json_t *k;
    json_array_foreach(d->varying, i, k) {
        bool skip = false;
        for (const char *const *e = exclude; *e && !skip; e++)
            skip = !strcmp(json_string_value(k), *e);
        if (!skip)
            json_array_append(keys, k);
    }
    return keys;
}

/*
 * A workload told by its name alone says little when it is a trace or an
 * inline string: the trace's file name, or the reference string, says more.
 * Return: whether @buf was filled.
 */
static bool workload_detail(const char *label, char *buf, size_t len)
{
    json_t *items = vmlab_label_items(label);
    const char *name = json_string_value(json_array_get(items, 0));
    const char *want = !strcmp(name, "trace") ? "path=" : !strcmp(name, "inline") ? "refs=" : NULL;
    bool done = false;
    for (size_t i = 1; want && i < json_array_size(items) && !done; i++) {
        const char *it = json_string_value(json_array_get(items, i));
        if (strncmp(it, want, 5))
            continue;
        char v[512];
        snprintf(v, sizeof v, "%s", it + 5);
        size_t n = strlen(v);
        if (n >= 2 && (v[0] == '\'' || v[0] == '"') && v[n - 1] == v[0]) {
            memmove(v, v + 1, n - 2);
            v[n - 2] = '\0';
        }
        const char *slash = strrchr(v, '/');
        if (*want == 'p')
            snprintf(buf, len, "%s", slash ? slash + 1 : v);
        else if (strlen(v) <= 40)
            snprintf(buf, len, "refs %s", v);
        else
            snprintf(buf, len, "refs %.37s...", v);
        done = true;
    }
    json_decref(items);
    return done;
}

/* A value as a reader wants it: short spec labels, sizes with suffixes, "256 frames". */
static void value_text(const struct data *d, const char *key, const json_t *v, char *buf,
                       size_t len)
{
    char tmp[64];
    if (json_is_string(v)) {
        const json_t *s = json_object_get(json_object_get(d->shorts, key), json_string_value(v));
        const char *text = s ? json_string_value(s) : json_string_value(v);
        if (!strcmp(key, "workload") && !strchr(text, ':') &&
            workload_detail(json_string_value(v), buf, len))
            return;
        /* "never" alone says little: the transparent-huge-page setting, as Linux names it */
        snprintf(buf, len, "%s%s", !strcmp(key, "huge_pages") ? "THP " : "", text);
    } else if (json_is_integer(v) && !strcmp(key, "page_size")) {
        vmlab_format_size((uint64_t)json_integer_value(v), tmp, sizeof tmp);
        snprintf(buf, len, "%s pages", tmp);
    } else if (json_is_integer(v) && !strcmp(key, "memory_bytes")) {
        vmlab_format_size((uint64_t)json_integer_value(v), buf, len);
    } else if (json_is_integer(v) && !strcmp(key, "frames")) {
        snprintf(buf, len, "%" JSON_INTEGER_FORMAT " frames", json_integer_value(v));
    } else {
        snprintf(buf, len, "%s=%s", key, vmlab_scalar_text(v, tmp, sizeof tmp));
    }
}

/* The values of @key, joined with ", " ("zipf:alpha=0.9, 2M pages"); "" for an empty key. */
static void key_text(const struct data *d, const json_t *key, char *buf, size_t len)
{
    size_t used = 0;
    buf[0] = '\0';
    const char *k;
    json_t *v;
    json_object_foreach((json_t *)key, k, v) {
        char one[256];
        value_text(d, k, v, one, sizeof one);
        if (used < len)
            used += (size_t)snprintf(buf + used, len - used, "%s%s", used ? ", " : "", one);
    }
}

/* The full identity of a figure for the files' comments: every key value unshortened. */
static void key_full(const json_t *key, char *buf, size_t len)
{
    char *s = json_dumps(key, JSON_COMPACT | JSON_PRESERVE_ORDER);
    snprintf(buf, len, "%s", s ? s : "{}");
    free(s);
}

/* A figure's title: its key, or the workload when every cell has the same one. */
static void figure_title(const struct data *d, const json_t *key, bool workload_on_axis, char *buf,
                         size_t len)
{
    key_text(d, key, buf, len);
    if (!buf[0] && !workload_on_axis && json_array_size(d->cells))
        value_text(d, "workload", param(d, 0, "workload"), buf, len);
}

/*
 * The key: inside the top right corner when the data leave it empty
 * (@inside), else above the plot in rows; the figure's title over the plot,
 * or over the key when the key is above.
 */
static void gp_key(FILE *gp, const struct data *d, const char *title, bool inside)
{
    bool t = d->o->title && title[0];
    if (inside) {
        fputs("set key inside top right vertical reverse Left samplen 1.5\n", gp);
        if (t) {
            fputs("set title ", gp);
            plot_gp_string(gp, title);
            fputs(" noenhanced\n", gp);
        }
        return;
    }
    fputs("set key outside top center horizontal reverse Left samplen 1.5 width 0.5\n", gp);
    if (t) {
        fputs("set key title ", gp);
        plot_gp_string(gp, title);
        fputs(" noenhanced\n", gp);
    }
}

/* ---- values ---- */

static const json_t *stat(const struct data *d, size_t cell, const char *key)
{
    return json_object_get(json_object_get(cell_at(d, cell), "stats"), key);
}

static size_t cell_runs(const struct data *d, size_t cell)
{
    return json_array_size(json_object_get(cell_at(d, cell), "runs"));
}

/*
 * Does every run of @cell hold a number at flat key @key? If not, warn,
 * naming the runs and what they hold, and what is @dropped.
 */
static bool complete(const struct data *d, size_t cell, const char *key, const char *dropped)
{
    const json_t *s = stat(d, cell, key);
    if (s && (size_t)json_integer_value(json_object_get(s, "n")) == cell_runs(d, cell))
        return true;
    char list[512];
    size_t used = 0;
    list[0] = '\0';
    size_t i;
    json_t *r;
    json_array_foreach(json_object_get(cell_at(d, cell), "runs"), i, r) {
        size_t run = (size_t)json_integer_value(r);
        const json_t *v = json_object_get(json_array_get(d->flats, run), key);
        if (json_is_number(v))
            continue;
        char *got = v ? json_dumps(v, JSON_ENCODE_ANY | JSON_COMPACT) : NULL;
        if (used < sizeof list)
            used += (size_t)snprintf(list + used, sizeof list - used, "%s$.runs[%zu] (%s)",
                                     used ? ", " : "", run, got ? got : "missing");
        free(got);
    }
    plot_warn(d->o, "%s is missing or not a number in %s: %s left out", key, list, dropped);
    return false;
}

/* Does some run of @cell have flat key @key at all? */
static bool has_in_runs(const struct data *d, size_t cell, const char *key)
{
    size_t i;
    json_t *r;
    json_array_foreach(json_object_get(cell_at(d, cell), "runs"), i, r)
        if (json_object_get(json_array_get(d->flats, (size_t)json_integer_value(r)), key))
            return true;
    return false;
}

static double mean_of(const struct data *d, size_t cell, const char *key)
{
    double x = NAN;
    vmlab_number(json_object_get(stat(d, cell, key), "mean"), &x);
    return x;
}

static double ci_of(const struct data *d, size_t cell, const char *key)
{
    double x = NAN;
    vmlab_number(json_object_get(stat(d, cell, key), "ci95"), &x);
    return x;
}

static bool has_key_prefix(const struct data *d, const char *prefix)
{
    size_t i, n = strlen(prefix);
    json_t *f;
    json_array_foreach(d->flats, i, f) {
        const char *k;
        json_t *v;
        json_object_foreach(f, k, v)
            if (!strncmp(k, prefix, n))
                return true;
    }
    return false;
}

/* Line style @i (1-based, cycling through the style's eight). */
static int ls(size_t i)
{
    return (int)(i % 8) + 1;
}

/* Does some cell of @sets hold more than one run (seeds)? */
static bool any_repeated(const struct data *d, const struct set *sets, size_t n)
{
    for (size_t s = 0; s < n; s++) {
        size_t i;
        json_t *c;
        json_array_foreach(sets[s].cells, i, c)
            if (cell_runs(d, (size_t)json_integer_value(c)) > 1)
                return true;
    }
    return false;
}

/* ---- mrc and belady: a metric against memory size, a line per policy ---- */

struct point {
    double x, y, ci;
};

static int cmp_point(const void *a, const void *b)
{
    double x = ((const struct point *)a)->x, y = ((const struct point *)b)->x;
    return (x > y) - (x < y);
}

struct curve_kind {
    const char *name;   /* mrc, belady */
    const char *metric; /* flat key drawn on y */
    const char *ylabel;
    bool steps; /* belady: steps, integer frames, anomalies circled */
};

static const struct curve_kind kind_mrc = {"mrc", "metrics.fault_ratio", "fault ratio", false};
static const struct curve_kind kind_belady = {"belady", "metrics.faults", "faults", true};

static int curves(struct data *d, const struct curve_kind *k)
{
    const char *xkey = d->by_memory ? "memory_bytes" : "frames";
    static const char *const exclude[] = {"policy", "policy_name", "frames", "memory_bytes", NULL};
    json_t *fkeys = keys_except(d, exclude);
    json_t *skeys = json_pack("[s]", "policy");
    size_t nfig;
    struct set *figs = group_by(d, NULL, fkeys, &nfig);
    int rc = 0;
    for (size_t f = 0; f < nfig && !rc; f++) {
        size_t ns;
        struct set *series = group_by(d, figs[f].cells, skeys, &ns);
        bool errors = any_repeated(d, series, ns);
        struct point **pts = cli_need(calloc(ns ? ns : 1, sizeof *pts));
        size_t *npts = cli_need(calloc(ns ? ns : 1, sizeof *npts));
        bool *keep = cli_need(calloc(ns ? ns : 1, sizeof *keep));
        size_t nkeep = 0;
        double xmin = INFINITY, xmax = -INFINITY, ymin = INFINITY;
        for (size_t s = 0; s < ns; s++) {
            char label[256], what[300];
            value_text(d, "policy", json_object_get(series[s].key, "policy"), label, sizeof label);
            snprintf(what, sizeof what, "the line of %s in %s", label, k->name);
            size_t n = json_array_size(series[s].cells);
            pts[s] = cli_need(calloc(n ? n : 1, sizeof **pts));
            keep[s] = true;
            for (size_t i = 0; i < n && keep[s]; i++) {
                size_t c = (size_t)json_integer_value(json_array_get(series[s].cells, i));
                const json_t *x = param(d, c, xkey);
                if (!json_is_integer(x)) {
                    plot_warn(d->o, "params.%s is missing in a run: %s left out", xkey, what);
                    keep[s] = false;
                    break;
                }
                keep[s] = complete(d, c, k->metric, what);
                pts[s][i] = (struct point){(double)json_integer_value(x), mean_of(d, c, k->metric),
                                           ci_of(d, c, k->metric)};
            }
            if (!keep[s])
                continue;
            npts[s] = n;
            qsort(pts[s], n, sizeof **pts, cmp_point);
            for (size_t i = 0; i < n; i++) {
                xmin = fmin(xmin, pts[s][i].x);
                xmax = fmax(xmax, pts[s][i].x);
                if (pts[s][i].y > 0)
                    ymin = fmin(ymin, pts[s][i].y);
            }
            nkeep++;
        }
        char title[1024], base[96], full[2048];
        figure_title(d, figs[f].key, false, title, sizeof title);
        key_text(d, figs[f].key, full, sizeof full);
        plot_base_name(base, sizeof base, k->name, nfig > 1 ? full : "", d->used);
        key_full(figs[f].key, full, sizeof full);
        struct plot_fig fig;
        if (!nkeep) {
            plot_warn(d->o, "%s: no line left to draw", base);
        } else if (plot_fig_open(&fig, d->o, base,
                                 k->steps ? "faults against frames, a line per policy"
                                          : "fault ratio against memory size, a line per policy",
                                 full, 2.2)) {
            rc = EXIT_RUNTIME;
        } else {
            /* the data: one block per line; then, for belady, the anomalies */
            size_t block = 0, nanom = 0;
            for (size_t s = 0; s < ns; s++) {
                if (!keep[s])
                    continue;
                const char *pol = json_string_value(json_object_get(series[s].key, "policy"));
                fprintf(fig.dat, "%s# block %zu: %s\n# %s %s ci95_low ci95_high\n",
                        block ? "\n\n" : "", block, pol ? pol : "?", xkey, k->metric + 8);
                for (size_t i = 0; i < npts[s]; i++) {
                    const struct point *p = &pts[s][i];
                    double ci = isfinite(p->ci) ? p->ci : 0;
                    plot_dat_real(fig.dat, p->x);
                    fputc(' ', fig.dat);
                    plot_dat_real(fig.dat, p->y);
                    fputc(' ', fig.dat);
                    plot_dat_real(fig.dat, p->y - ci);
                    fputc(' ', fig.dat);
                    plot_dat_real(fig.dat, p->y + ci);
                    fputc('\n', fig.dat);
                }
                block++;
            }
            if (k->steps) {
                fprintf(fig.dat,
                        "\n\n# block %zu: anomalies (more frames, more faults)\n"
                        "# %s %s\n",
                        block, xkey, k->metric + 8);
                for (size_t s = 0; s < ns; s++)
                    for (size_t i = 1; keep[s] && i < npts[s]; i++)
                        if (pts[s][i].y > pts[s][i - 1].y) {
                            plot_dat_real(fig.dat, pts[s][i].x);
                            fputc(' ', fig.dat);
                            plot_dat_real(fig.dat, pts[s][i].y);
                            fputc('\n', fig.dat);
                            nanom++;
                        }
                if (!nanom)
                    fputs("? ?\n", fig.dat);
            }
            FILE *gp = fig.gp;
            /* log2 when the sizes span 16x, or double from one to the next */
            bool pow2 = true;
            for (size_t s = 0; s < ns; s++)
                for (size_t i = 0; keep[s] && i < npts[s]; i++) {
                    int e;
                    pow2 &= frexp(pts[s][i].x, &e) == 0.5;
                }
            bool logx = d->o->logx > 0 || (d->o->logx < 0 && !k->steps && xmin > 0 &&
                                           (xmax / xmin >= 16 || (pow2 && xmax / xmin >= 4)));
            const char *xlabel = d->by_memory ? "memory" : "frames";
            double scale = 1;
            if (logx) {
                plot_log2_tics(gp, d->o, 'x', xmin, xmax, true);
            } else if (k->steps) {
                fprintf(gp, "set xrange [%.17g:%.17g]\nset xtics 1\n", xmin - 0.5, xmax + 0.5);
                if (xmax - xmin > 16)
                    fputs("set xtics autofreq\n", gp);
                fputs("set mxtics 1\n", gp);
            } else if (d->by_memory) {
                scale = 1048576.0;
                xlabel = "memory (MiB)";
            }
            fprintf(gp, "set xlabel \"%s\"\nset ylabel \"%s\"\n", xlabel, k->ylabel);
            if (d->o->logy && ymin < INFINITY)
                plot_log2_tics(gp, d->o, 'y', ymin, 1, false);
            else
                fputs("set yrange [0:*]\n", gp);
            if (k->steps)
                fputs("set ytics 1\nset ytics autofreq\n", gp);
            /* the top right corner is free when the right half of the data stays low */
            bool corner_free = !d->o->logy && nkeep <= 6;
            double ytop = 0, split = logx ? (log(xmin) + log(xmax)) / 2 : (xmin + xmax) / 2;
            for (size_t s = 0; s < ns; s++)
                for (size_t i = 0; keep[s] && i < npts[s]; i++)
                    ytop = fmax(ytop, pts[s][i].y + (isfinite(pts[s][i].ci) ? pts[s][i].ci : 0));
            for (size_t s = 0; s < ns; s++)
                for (size_t i = 0; keep[s] && i < npts[s]; i++) {
                    double x = logx ? log(pts[s][i].x) : pts[s][i].x;
                    double y = pts[s][i].y + (isfinite(pts[s][i].ci) ? pts[s][i].ci : 0);
                    if (x >= split && y > 0.55 * ytop)
                        corner_free = false;
                }
            gp_key(gp, d, title, corner_free);
            fputs("plot \\\n", gp);
            block = 0;
            char xs[64];
            if (scale != 1)
                snprintf(xs, sizeof xs, "($1/%.17g)", scale);
            else
                snprintf(xs, sizeof xs, "1");
            for (size_t s = 0; s < ns; s++) {
                if (!keep[s])
                    continue;
                char label[256];
                value_text(d, "policy", json_object_get(series[s].key, "policy"), label,
                           sizeof label);
                if (k->steps) {
                    /* a level from x - 1/2 to x + 1/2 at each point: steps through the left
                       ends, a segment for each level (the last one too), the points, and a
                       key entry that shows both line and point */
                    fprintf(
                        gp,
                        "    \"%s.dat\" index %zu using ($1-0.5):2 with steps ls %d notitle, \\\n"
                        "    \"\" index %zu using ($1-0.5):2:(1):(0) with vectors nohead ls %d "
                        "notitle, \\\n"
                        "    \"\" index %zu using 1:2 with points ls %d notitle, \\\n"
                        "    \"\" index %zu using 1:(NaN) with linespoints ls %d title ",
                        base, block, ls(block), block, ls(block), block, ls(block), block,
                        ls(block));
                    plot_gp_string(gp, label);
                    fputs(" noenhanced", gp);
                    if (errors)
                        fprintf(gp,
                                ", \\\n    \"\" index %zu using %s:2:3:4 with yerrorbars "
                                "ls %d pt -1 notitle",
                                block, xs, ls(block));
                } else {
                    fprintf(gp, "    \"%s.dat\" index %zu using %s:2%s with %s ls %d title ", base,
                            block, xs, errors ? ":3:4" : "", errors ? "yerrorlines" : "linespoints",
                            ls(block));
                    plot_gp_string(gp, label);
                    fputs(" noenhanced", gp);
                }
                block++;
                fputs(block < nkeep || (k->steps && nanom) ? ", \\\n" : "\n", gp);
            }
            if (k->steps && nanom)
                fprintf(
                    gp,
                    "    \"%s.dat\" index %zu using %s:2 with points pt 6 ps 1.4 * vmlab_ps lw 1.5 "
                    "lc rgb \"#000000\" title \"anomaly\"\n",
                    base, block, xs);
            rc = plot_fig_finish(&fig);
            d->figures++;
        }
        for (size_t s = 0; s < ns; s++)
            free(pts[s]);
        free(pts);
        free(npts);
        free(keep);
        free_sets(series, ns);
    }
    free_sets(figs, nfig);
    json_decref(fkeys);
    json_decref(skeys);
    return rc;
}

/* ---- bars: faults per policy, grouped by workload, relative to a baseline ---- */

/* The cell of @fig holding @workload and @policy (values of those params), or -1. */
static long find_cell(const struct data *d, const json_t *fig, const char *pkey, const json_t *pval,
                      const json_t *workload)
{
    size_t i;
    json_t *c;
    json_array_foreach(fig, i, c) {
        size_t cell = (size_t)json_integer_value(c);
        if (json_equal(param(d, cell, "workload"), workload) &&
            json_equal(param(d, cell, pkey), pval))
            return (long)cell;
    }
    return -1;
}

/* metrics.faults of the run of @cell with seed @seed, or NaN. */
static double faults_at_seed(const struct data *d, size_t cell, const json_t *seed)
{
    size_t i;
    json_t *r;
    json_array_foreach(json_object_get(cell_at(d, cell), "runs"), i, r) {
        const json_t *run = json_array_get(d->runs, (size_t)json_integer_value(r));
        if (json_equal(json_object_get(json_object_get(run, "params"), "seed"), seed)) {
            double x;
            if (vmlab_number(
                    json_object_get(json_array_get(d->flats, (size_t)json_integer_value(r)),
                                    "metrics.faults"),
                    &x))
                return x;
        }
    }
    return NAN;
}

/*
 * The bar of @cell: mean faults, or with a @baseline cell the mean over
 * seeds of faults / baseline faults of the same seed. Return: false (and a
 * warning) when a value is missing.
 */
static bool bar_value(const struct data *d, size_t cell, long baseline, const char *what, double *y,
                      double *ci, size_t *n)
{
    if (!complete(d, cell, "metrics.faults", what))
        return false;
    if (baseline < 0) {
        *y = mean_of(d, cell, "metrics.faults");
        *ci = ci_of(d, cell, "metrics.faults");
        *n = cell_runs(d, cell);
        return true;
    }
    if (!complete(d, (size_t)baseline, "metrics.faults", what))
        return false;
    size_t nr = cell_runs(d, cell), k = 0;
    double *ratio = cli_need(calloc(nr ? nr : 1, sizeof *ratio));
    size_t i;
    json_t *r;
    json_array_foreach(json_object_get(cell_at(d, cell), "runs"), i, r) {
        const json_t *run = json_array_get(d->runs, (size_t)json_integer_value(r));
        const json_t *seed = json_object_get(json_object_get(run, "params"), "seed");
        double b = faults_at_seed(d, (size_t)baseline, seed);
        double x = faults_at_seed(d, cell, seed);
        if (isfinite(b) && b > 0 && isfinite(x))
            ratio[k++] = x / b;
    }
    if (k < nr)
        plot_warn(d->o,
                  "%zu of %zu seeds have no baseline run with faults > 0: %s uses the "
                  "other %zu",
                  nr - k, nr, what, k);
    struct vmlab_stats st;
    vmlab_stats_compute(ratio, k, VMLAB_CONFIDENCE, NULL, &st);
    free(ratio);
    *y = st.mean;
    *ci = st.ci;
    *n = k;
    return k > 0;
}

/*
 * The category axis of a histogram: category i at x = i. A label goes on
 * lines of its own at each ", " when its longest line fits its slot of the
 * @usable inches of axis (a character of 8 pt text is about 0.06 in), and
 * slanted on one line when it does not.
 */
static void category_tics(FILE *gp, const struct data *d, const char *const *cats, size_t n,
                          double usable)
{
    size_t longest = 0, lines = 1;
    for (size_t i = 0; i < n; i++) {
        size_t run = 0, nl = 1;
        for (const char *c = cats[i]; *c; c++) {
            if (c[0] == ',' && c[1] == ' ') {
                nl++;
                run = 0;
                c++;
            } else if (++run > longest) {
                longest = run;
            }
        }
        lines = nl > lines ? nl : lines;
    }
    double width = (strcmp(d->o->size, "page") ? 3.3 : 7.0) + usable;
    bool slant = n && (double)longest * 0.06 > 0.9 * width / (double)n;
    fputs("set xtics scale 0 nomirror (", gp);
    for (size_t i = 0; i < n; i++) {
        fputs(i ? ", \"" : "\"", gp);
        for (const char *c = cats[i]; *c; c++) {
            if (!slant && c[0] == ',' && c[1] == ' ') {
                fputs("\\n", gp);
                c++;
            } else if (*c == '"' || *c == '\\') {
                fprintf(gp, "\\%c", *c);
            } else {
                fputc(*c, gp);
            }
        }
        fprintf(gp, "\" %zu", i);
    }
    fprintf(gp, ") noenhanced%s\nset xrange [-0.6:%.1f]\n", slant ? " rotate by 30 right" : "",
            (double)n - 0.4);
    /* a slanted label reaches left of its tic by its length x cos 30: the first one may need
       more room than the y axis's tics and label leave (about half an inch) */
    double reach =
        n && slant ? (double)strlen(cats[0]) * 0.06 * 0.866 - 0.6 * width / (double)n : 0;
    if (reach > 0.5)
        fprintf(gp, "set lmargin at screen %.4f\n",
                (reach + 0.05) / (strcmp(d->o->size, "page") ? 3.3 : 7.0));
    if (!slant && lines > 1)
        fprintf(gp, "set bmargin %zu\n", lines + 1);
}

/*
 * A clustered histogram's plot command: @ncols series, columns 2,3 / 4,5 ... of @base.dat;
 * y from 0, or logarithmic from @ylog (> 0: a little below the least value drawn).
 */
static void histogram_plot(FILE *gp, const struct data *d, const char *base,
                           const char *const *titles, size_t ncols, bool errors,
                           const char *const *cats, size_t ncats, double ylog)
{
    fprintf(gp, "set style data histograms\nset style histogram %s\n",
            errors ? "errorbars gap 1 lw 1" : "clustered gap 1");
    category_tics(gp, d, cats, ncats, -0.6);
    if (ylog > 0)
        fprintf(gp, "set logscale y 10\nset yrange [%.6g:*]\nplot \\\n", ylog);
    else
        fputs("set yrange [0:*]\nplot \\\n", gp);
    for (size_t i = 0; i < ncols; i++) {
        if (errors)
            fprintf(gp, "    \"%s.dat\" using %zu:%zu", base, 2 + 2 * i, 3 + 2 * i);
        else
            fprintf(gp, "    \"%s.dat\" using %zu", base, 2 + 2 * i);
        fprintf(gp, " lc rgb vmlab_fill[%d] dt 1 lw 1 title ", ls(i));
        plot_gp_string(gp, titles[i]);
        fprintf(gp, " noenhanced%s\n", i + 1 < ncols ? ", \\" : "");
    }
}

static int bars(struct data *d)
{
    static const char *const exclude[] = {"workload", "workload_name", "policy", "policy_name",
                                          NULL};
    json_t *fkeys = keys_except(d, exclude);
    json_t *wkeys = json_pack("[s]", "workload"), *pkeys = json_pack("[s]", "policy");
    size_t nfig;
    struct set *figs = group_by(d, NULL, fkeys, &nfig);
    int rc = 0;
    for (size_t f = 0; f < nfig && !rc; f++) {
        size_t nw, np;
        struct set *wl = group_by(d, figs[f].cells, wkeys, &nw);
        struct set *pol = group_by(d, figs[f].cells, pkeys, &np);
        /* the baseline: asked for, or OPT, else LRU, else none */
        const char *bname = d->o->baseline;
        json_t *bval = NULL;
        for (int pass = 0; pass < 3 && !bval && (bname || np > 1); pass++) {
            const char *want = bname ? bname : pass == 0 ? "opt" : pass == 1 ? "lru" : NULL;
            if (!want || !strcmp(want, "none") || (bname && pass))
                break;
            for (size_t p = 0; p < np && !bval; p++) {
                size_t c = (size_t)json_integer_value(json_array_get(pol[p].cells, 0));
                const json_t *name = param(d, c, "policy_name");
                const json_t *label = json_object_get(pol[p].key, "policy");
                if ((json_is_string(name) && !strcmp(json_string_value(name), want)) ||
                    (json_is_string(label) && !strcmp(json_string_value(label), want)))
                    bval = json_object_get(pol[p].key, "policy");
            }
        }
        char bshort[128] = "";
        if (bval)
            value_text(d, "policy", bval, bshort, sizeof bshort);
        if (bname && strcmp(bname, "none") && !bval) {
            plot_warn(d->o, "--baseline %s: no run of that policy; faults drawn as they are",
                      bname);
        }
        /* values[w][p] */
        size_t nbars = 0;
        double *y = cli_need(calloc(nw * np + 1, sizeof *y));
        double *ci = cli_need(calloc(nw * np + 1, sizeof *ci));
        bool *drawn = cli_need(calloc(np + 1, sizeof *drawn));
        bool errors = false;
        for (size_t p = 0; p < np; p++) {
            const json_t *pv = json_object_get(pol[p].key, "policy");
            if (bval && json_equal(pv, bval))
                continue;
            char label[128], what[256];
            value_text(d, "policy", pv, label, sizeof label);
            snprintf(what, sizeof what, "the bars of %s", label);
            drawn[p] = true;
            for (size_t w = 0; w < nw && drawn[p]; w++) {
                const json_t *wv = json_object_get(wl[w].key, "workload");
                long c = find_cell(d, figs[f].cells, "policy", pv, wv);
                long b = bval ? find_cell(d, figs[f].cells, "policy", bval, wv) : -1;
                size_t n = 0;
                y[w * np + p] = ci[w * np + p] = NAN;
                if (c < 0 || (bval && b < 0)) {
                    char wt[128];
                    value_text(d, "workload", wv, wt, sizeof wt);
                    plot_warn(d->o, "no run of %s on %s: its bar is left empty",
                              c < 0 ? label : bshort, wt);
                    continue;
                }
                if (!bar_value(d, (size_t)c, b, what, &y[w * np + p], &ci[w * np + p], &n))
                    drawn[p] = false;
                errors |= n > 1;
            }
            nbars += drawn[p];
        }
        char title[1024], base[96], full[2048], what[256];
        figure_title(d, figs[f].key, true, title, sizeof title);
        key_text(d, figs[f].key, full, sizeof full);
        plot_base_name(base, sizeof base, "bars", nfig > 1 ? full : "", d->used);
        key_full(figs[f].key, full, sizeof full);
        snprintf(what, sizeof what, "faults per policy by workload%s%s",
                 bval ? ", relative to " : "", bval ? bshort : "");
        struct plot_fig fig;
        if (!nbars) {
            plot_warn(d->o, "%s: no bar left to draw", base);
        } else if (plot_fig_open(&fig, d->o, base, what, full, 2.2)) {
            rc = EXIT_RUNTIME;
        } else {
            const char **titles = cli_need(calloc(np ? np : 1, sizeof *titles));
            char(*tbuf)[128] = cli_need(calloc(np ? np : 1, sizeof *tbuf));
            size_t nt = 0;
            fputs("# workload", fig.dat);
            for (size_t p = 0; p < np; p++)
                if (drawn[p]) {
                    value_text(d, "policy", json_object_get(pol[p].key, "policy"), tbuf[nt],
                               sizeof tbuf[nt]);
                    titles[nt] = tbuf[nt];
                    fprintf(fig.dat, " \"%s\" ci95", tbuf[nt]);
                    nt++;
                }
            fputc('\n', fig.dat);
            char(*wt)[256] = cli_need(calloc(nw ? nw : 1, sizeof *wt));
            const char **cats = cli_need(calloc(nw ? nw : 1, sizeof *cats));
            for (size_t w = 0; w < nw; w++) {
                value_text(d, "workload", json_object_get(wl[w].key, "workload"), wt[w],
                           sizeof wt[w]);
                cats[w] = wt[w];
                plot_dat_string(fig.dat, wt[w]);
                for (size_t p = 0; p < np; p++)
                    if (drawn[p]) {
                        fputc(' ', fig.dat);
                        plot_dat_real(fig.dat, y[w * np + p]);
                        fputc(' ', fig.dat);
                        plot_dat_real(fig.dat, isfinite(ci[w * np + p]) ? ci[w * np + p] : 0);
                    }
                fputc('\n', fig.dat);
            }
            FILE *gp = fig.gp;
            if (bval) {
                fprintf(gp, "set ylabel \"faults relative to %s\"\n", bshort);
                fputs("set arrow 1 from graph 0, first 1 to graph 1, first 1 nohead dt 2 lw 1 "
                      "lc rgb \"#555555\" back\n",
                      gp);
            } else {
                fputs("set ylabel \"faults\"\n", gp);
            }
            gp_key(gp, d, title, false);
            histogram_plot(gp, d, base, titles, nt, errors, cats, nw, 0);
            rc = plot_fig_finish(&fig);
            d->figures++;
            free(titles);
            free(tbuf);
            free(wt);
            free(cats);
        }
        free(y);
        free(ci);
        free(drawn);
        free_sets(wl, nw);
        free_sets(pol, np);
    }
    free_sets(figs, nfig);
    json_decref(fkeys);
    json_decref(wkeys);
    json_decref(pkeys);
    return rc;
}

/* ---- tlb and cycles: a bar per configuration ---- */

/* The label of every cell: its varying params' values, short. @out[i] malloc'd. */
static char **config_labels(const struct data *d)
{
    size_t n = json_array_size(d->cells);
    char **out = cli_need(calloc(n ? n : 1, sizeof *out));
    for (size_t c = 0; c < n; c++) {
        json_t *key = json_object();
        size_t i;
        json_t *k;
        json_array_foreach(d->varying, i, k)
            json_object_set(key, json_string_value(k), (json_t *)param(d, c, json_string_value(k)));
        char buf[512];
        key_text(d, key, buf, sizeof buf);
        if (!buf[0])
            value_text(d, "policy", param(d, c, "policy"), buf, sizeof buf);
        out[c] = cli_need(strdup(buf));
        json_decref(key);
    }
    return out;
}

static void free_labels(char **labels, size_t n)
{
    for (size_t i = 0; i < n; i++)
        free(labels[i]);
    free(labels);
}

/* Flat keys PREFIX<name>SUFFIX of every cell's stats, in order: the names. Return: new array. */
static json_t *names_between(const struct data *d, const char *prefix, const char *suffix)
{
    json_t *names = json_array(), *seen = json_object();
    size_t pl = strlen(prefix), sl = strlen(suffix);
    size_t i;
    json_t *cell;
    json_array_foreach(d->cells, i, cell) {
        const char *k;
        json_t *v;
        json_object_foreach(json_object_get(cell, "stats"), k, v) {
            size_t kl = strlen(k);
            if (kl <= pl + sl || strncmp(k, prefix, pl) || strcmp(k + kl - sl, suffix))
                continue;
            char name[256];
            snprintf(name, sizeof name, "%.*s", (int)(kl - pl - sl), k + pl);
            if (strchr(name, '.') && sl) /* a deeper member, not a structure's own */
                continue;
            if (!json_object_get(seen, name)) {
                json_object_set_new(seen, name, json_true());
                json_array_append_new(names, json_string(name));
            }
        }
    }
    json_decref(seen);
    return names;
}

/* Does no cell look TLB structure @name up (lookups 0 in every run that has it)? */
static bool never_looked_up(const struct data *d, const char *name)
{
    char key[512];
    snprintf(key, sizeof key, "translation.tlb.%s.lookups", name);
    bool seen = false;
    for (size_t c = 0; c < json_array_size(d->cells); c++) {
        const json_t *s = stat(d, c, key);
        double x;
        if (!s)
            continue; /* a cell without the structure */
        if (!vmlab_number(json_object_get(s, "max"), &x) || x != 0)
            return false;
        seen = true;
    }
    return seen;
}

static int tlb(struct data *d)
{
    json_t *names = names_between(d, "translation.tlb.", ".mpki");
    /* a structure nothing was looked up in (the 1G TLBs of a run without 1 GiB pages, the
       instruction TLBs of data references) has no bars: it would only crowd the axis */
    for (size_t i = json_array_size(names); i-- > 0;)
        if (never_looked_up(d, json_string_value(json_array_get(names, i))))
            json_array_remove(names, i);
    size_t ns = json_array_size(names), nc = json_array_size(d->cells);
    char **labels = config_labels(d);
    bool *keep = cli_need(calloc(nc ? nc : 1, sizeof *keep));
    size_t nkeep = 0;
    bool errors = false;
    for (size_t c = 0; c < nc; c++) {
        char what[600];
        snprintf(what, sizeof what, "the bars of %s", labels[c]);
        keep[c] = true;
        for (size_t s = 0; s < ns && keep[c]; s++) {
            char key[512];
            snprintf(key, sizeof key, "translation.tlb.%s.mpki",
                     json_string_value(json_array_get(names, s)));
            /* a structure no run of the cell has is not there (a 2M TLB in a 4K-only
               configuration): no bar; one that some runs lack is a hole */
            if (stat(d, c, key) || has_in_runs(d, c, key))
                keep[c] = complete(d, c, key, what);
        }
        nkeep += keep[c];
        errors |= keep[c] && cell_runs(d, c) > 1;
    }
    if (nkeep > 8)
        plot_warn(d->o, "tlb: %zu configurations share 8 colours; narrow them with --where", nkeep);
    int rc = 0;
    char base[96];
    plot_base_name(base, sizeof base, "tlb", "", d->used);
    struct plot_fig fig;
    if (!nkeep || !ns) {
        plot_warn(d->o, "%s: no bar left to draw", base);
    } else if (plot_fig_open(&fig, d->o, base, "TLB misses per 1000 references, by structure", NULL,
                             2.2)) {
        rc = EXIT_RUNTIME;
    } else {
        const char **titles = cli_need(calloc(nc ? nc : 1, sizeof *titles));
        size_t nt = 0;
        fputs("# structure", fig.dat);
        for (size_t c = 0; c < nc; c++)
            if (keep[c]) {
                titles[nt++] = labels[c];
                fprintf(fig.dat, " \"%s\" ci95", labels[c]);
            }
        fputc('\n', fig.dat);
        double least = INFINITY; /* the least MPKI above 0: where a log axis starts */
        for (size_t s = 0; s < ns; s++) {
            char key[512];
            snprintf(key, sizeof key, "translation.tlb.%s.mpki",
                     json_string_value(json_array_get(names, s)));
            plot_dat_string(fig.dat, json_string_value(json_array_get(names, s)));
            for (size_t c = 0; c < nc; c++)
                if (keep[c]) {
                    double ci = ci_of(d, c, key), y = mean_of(d, c, key);
                    if (y > 0)
                        least = fmin(least, y);
                    fputc(' ', fig.dat);
                    plot_dat_real(fig.dat, y);
                    fputc(' ', fig.dat);
                    plot_dat_real(fig.dat, isfinite(ci) ? ci : 0);
                }
            fputc('\n', fig.dat);
        }
        fputs("set ylabel \"misses per 1000 references\"\n", fig.gp);
        char title[512] = "";
        json_t *nokey = json_object();
        figure_title(d, nokey, false, title, sizeof title);
        json_decref(nokey);
        gp_key(fig.gp, d, nt == 1 ? title : "", false);
        /* gnuplot's estimate of a key entry's width is generous: several configurations
           would stack one per row over the bars; two columns hold them */
        if (nt > 3 && strcmp(d->o->size, "page"))
            fprintf(fig.gp, "set key maxrows %zu width -2\n", (nt + 1) / 2);
        const char **cats = cli_need(calloc(ns ? ns : 1, sizeof *cats));
        for (size_t s = 0; s < ns; s++)
            cats[s] = json_string_value(json_array_get(names, s));
        /* --logy: MPKI spans decades when huge pages or walk caches work (500 against 0.3);
           bars of 0 have no height on a log axis */
        histogram_plot(fig.gp, d, base, titles, nt, errors, cats, ns,
                       d->o->logy && isfinite(least) ? least / 2 : 0);
        free(cats);
        rc = plot_fig_finish(&fig);
        d->figures++;
        free(titles);
    }
    free(keep);
    free_labels(labels, nc);
    json_decref(names);
    return rc;
}

/*
 * A stacked bar per kept configuration (@keep[c], labelled @labels[c]): part
 * k of cell c is @v[c * @stride + k], for @nparts parts named @names (the
 * .dat's columns; '_' reads as a space in the key). Parts that are 0 in every
 * bar are left out of the key and the plot. Return: 0 or an exit status.
 */
static int stacked_bars(struct data *d, const char *kind, const char *what, const char *ylabel,
                        double height, const char *const *names, size_t nparts, const double *v,
                        size_t stride, const bool *keep, char *const *labels)
{
    size_t nc = json_array_size(d->cells), nkeep = 0;
    bool *shown = cli_need(calloc(nparts ? nparts : 1, sizeof *shown));
    for (size_t c = 0; c < nc; c++)
        nkeep += keep[c];
    for (size_t k = 0; k < nparts; k++)
        for (size_t c = 0; c < nc; c++)
            shown[k] |= keep[c] && v[c * stride + k] != 0;
    int rc = 0;
    char base[96];
    plot_base_name(base, sizeof base, kind, "", d->used);
    struct plot_fig fig;
    if (!nkeep || !nparts) {
        plot_warn(d->o, "%s: no bar left to draw", base);
    } else if (plot_fig_open(&fig, d->o, base, what, NULL, height)) {
        rc = EXIT_RUNTIME;
    } else {
        fprintf(fig.dat, "# configuration, then %s of each part:", ylabel);
        for (size_t k = 0; k < nparts; k++)
            fprintf(fig.dat, " %s", names[k]);
        fputc('\n', fig.dat);
        const char **cats = cli_need(calloc(nc ? nc : 1, sizeof *cats));
        size_t ncat = 0;
        for (size_t c = 0; c < nc; c++) {
            if (!keep[c])
                continue;
            cats[ncat++] = labels[c];
            plot_dat_string(fig.dat, labels[c]);
            for (size_t k = 0; k < nparts; k++) {
                fputc(' ', fig.dat);
                plot_dat_real(fig.dat, v[c * stride + k]);
            }
            fputc('\n', fig.dat);
        }
        FILE *gp = fig.gp;
        /* the key in the order of the stack, top part first */
        fprintf(gp,
                "set ylabel \"%s\"\nset style data histograms\n"
                "set style histogram rowstacked\nset boxwidth 0.6\nset yrange [0:*]\n"
                "set key outside right top vertical reverse Left invert samplen 1.5\n",
                ylabel);
        category_tics(gp, d, cats, ncat, -1.9);
        free(cats);
        fputs("plot \\\n", gp);
        size_t last = 0;
        for (size_t k = 0; k < nparts; k++)
            if (shown[k])
                last = k;
        for (size_t k = 0, i = 0; k < nparts; k++) {
            if (!shown[k])
                continue;
            char title[128];
            snprintf(title, sizeof title, "%s", names[k]);
            for (char *s = title; *s; s++)
                if (*s == '_')
                    *s = ' ';
            fprintf(gp, "    \"%s.dat\" using %zu lc rgb vmlab_fill[%d] dt 1 lw 1 title ", base,
                    k + 2, ls(i++));
            plot_gp_string(gp, title);
            fprintf(gp, "%s\n", k != last ? ", \\" : "");
        }
        rc = plot_fig_finish(&fig);
        d->figures++;
    }
    free(shown);
    return rc;
}

static int cycles(struct data *d)
{
    json_t *comps = names_between(d, "translation.cycles.", "");
    /* "total" is the sum, not a part */
    for (size_t i = json_array_size(comps); i-- > 0;)
        if (!strcmp(json_string_value(json_array_get(comps, i)), "total"))
            json_array_remove(comps, i);
    size_t nk = json_array_size(comps), nc = json_array_size(d->cells);
    char **labels = config_labels(d);
    double *v = cli_need(calloc((nk + 1) * (nc ? nc : 1), sizeof *v));
    bool *keep = cli_need(calloc(nc ? nc : 1, sizeof *keep));
    bool other = false;
    for (size_t c = 0; c < nc; c++) {
        char what[600];
        snprintf(what, sizeof what, "the bar of %s", labels[c]);
        keep[c] = complete(d, c, "metrics.refs", what);
        double refs = mean_of(d, c, "metrics.refs"), sum = 0;
        for (size_t k = 0; k < nk && keep[c]; k++) {
            char key[512];
            snprintf(key, sizeof key, "translation.cycles.%s",
                     json_string_value(json_array_get(comps, k)));
            keep[c] = complete(d, c, key, what);
            v[c * (nk + 1) + k] = refs > 0 ? mean_of(d, c, key) / refs : NAN;
            sum += mean_of(d, c, key);
        }
        if (!keep[c])
            continue;
        if (!(refs > 0)) {
            plot_warn(d->o, "metrics.refs is 0 in %s: cycles per reference undefined; left out",
                      labels[c]);
            keep[c] = false;
            continue;
        }
        /* the parts should add up to the total; what does not is drawn as "other" */
        double total = mean_of(d, c, "translation.cycles.total");
        if (isfinite(total) && fabs(total - sum) > 1e-9 * fmax(1, total)) {
            plot_warn(d->o,
                      "%s: translation.cycles parts add up to %.17g of total %.17g: the "
                      "difference is drawn as \"other\"",
                      labels[c], sum, total);
            v[c * (nk + 1) + nk] = (total - sum) / refs;
            other = true;
        }
        double cpr = mean_of(d, c, "translation.cycles_per_ref");
        if (isfinite(cpr) && isfinite(total) && fabs(cpr - total / refs) > 1e-6 * fmax(1, cpr))
            plot_warn(d->o,
                      "%s: translation.cycles_per_ref is %.17g, but cycles.total / refs "
                      "is %.17g",
                      labels[c], cpr, total / refs);
    }
    const char **names = cli_need(calloc(nk + 1, sizeof *names));
    for (size_t k = 0; k < nk; k++)
        names[k] = json_string_value(json_array_get(comps, k));
    names[nk] = "other";
    int rc =
        stacked_bars(d, "cycles", "translation cycles per reference, stacked by where they went",
                     "cycles per reference", 2.4, names, nk + other, v, nk + 1, keep, labels);
    free(names);
    free(v);
    free(keep);
    free_labels(labels, nc);
    json_decref(comps);
    return rc;
}

/*
 * The parts of a walk, in the order they stack (bottom first): the levels
 * of the page table from the leaf up (radix), the hashed table's chain and
 * anchors, the cuckoo table's probes, then the host dimension of nested
 * walks from its leaf up.
 */
static const char *const walk_parts[] = {
    "PT",     "PD",      "PDPT",    "PML4",      "PML5",      "chain",     "anchors",
    "probes", "host_PT", "host_PD", "host_PDPT", "host_PML4", "host_PML5",
};
enum {
    WALK_CHAIN = 5, /* walk_parts[]: the hashed and cuckoo parts, the host's first */
    WALK_ANCHORS = 6,
    WALK_PROBES = 7,
    WALK_HOST = 8,
    WALK_PARTS = sizeof walk_parts / sizeof walk_parts[0]
};

/*
 * The part of index @i (root first) of an array of @n walk references of a
 * @type page table ("radix", "hashed", "cuckoo"; NULL: radix, the default),
 * or of its host dimension (@host). Return: an index into walk_parts, or -1.
 */
static int walk_part(const char *type, bool host, size_t i, size_t n)
{
    if (host || !type || !strcmp(type, "radix"))
        return n <= 5 && i < n ? (int)(n - 1 - i) + (host ? WALK_HOST : 0) : -1;
    if (!strcmp(type, "hashed"))
        return i == 0 ? WALK_ANCHORS : i == 1 ? WALK_CHAIN : -1;
    return !strcmp(type, "cuckoo") && i == 0 ? WALK_PROBES : -1;
}

static int walks(struct data *d)
{
    size_t nc = json_array_size(d->cells);
    char **labels = config_labels(d);
    double *v = cli_need(calloc(WALK_PARTS * (nc ? nc : 1), sizeof *v));
    bool *keep = cli_need(calloc(nc ? nc : 1, sizeof *keep));
    for (size_t c = 0; c < nc; c++) {
        char what[600];
        snprintf(what, sizeof what, "the bar of %s", labels[c]);
        keep[c] = complete(d, c, "translation.walks", what);
        double nwalks = mean_of(d, c, "translation.walks");
        if (keep[c] && !(nwalks > 0)) {
            plot_warn(d->o, "translation.walks is 0 in %s: references per walk undefined; left out",
                      labels[c]);
            keep[c] = false;
        }
        /* the organisation of the cell's page table, from its first run's model */
        size_t run =
            (size_t)json_integer_value(json_array_get(json_object_get(cell_at(d, c), "runs"), 0));
        const char *type = json_string_value(
            json_object_get(json_array_get(d->flats, run), "translation.model.page_table.type"));
        for (int host = 0; host < 2 && keep[c]; host++) {
            const char *prefix = host ? "translation.host_walk_refs." : "translation.walk_refs.";
            size_t n = 0;
            char key[128];
            for (;; n++) {
                snprintf(key, sizeof key, "%s%zu", prefix, n);
                if (!stat(d, c, key) && !has_in_runs(d, c, key))
                    break;
            }
            for (size_t i = 0; i < n && keep[c]; i++) {
                snprintf(key, sizeof key, "%s%zu", prefix, i);
                int part = walk_part(type, host, i, n);
                if (part < 0) {
                    plot_warn(d->o, "%s: %s%zu has no page-table level to draw it as; left out",
                              labels[c], prefix, i);
                    keep[c] = false;
                } else if ((keep[c] = complete(d, c, key, what))) {
                    v[c * WALK_PARTS + (size_t)part] += mean_of(d, c, key) / nwalks;
                }
            }
        }
    }
    int rc = stacked_bars(d, "walks", "page-walk memory references per walk, stacked by level",
                          "memory references per walk", 2.4, walk_parts, WALK_PARTS, v, WALK_PARTS,
                          keep, labels);
    free(v);
    free(keep);
    free_labels(labels, nc);
    return rc;
}

/* ---- choosing and running the kinds ---- */

static void short_labels(struct data *d)
{
    d->shorts = json_object();
    json_t *values = json_object(); /* param -> [distinct string values] */
    size_t i;
    json_t *cell;
    json_array_foreach(d->cells, i, cell) {
        const char *k;
        json_t *v;
        json_object_foreach(json_object_get(cell, "params"), k, v) {
            if (!json_is_string(v))
                continue;
            json_t *a = json_object_get(values, k);
            if (!a)
                json_object_set_new(values, k, a = json_array());
            size_t j;
            json_t *x;
            bool have = false;
            json_array_foreach(a, j, x)
                have |= json_equal(x, v);
            if (!have)
                json_array_append(a, v);
        }
    }
    const char *k;
    json_t *a;
    json_object_foreach(values, k, a) {
        size_t n = json_array_size(a);
        const char **in = cli_need(calloc(n ? n : 1, sizeof *in));
        char **out = cli_need(calloc(n ? n : 1, sizeof *out));
        for (size_t j = 0; j < n; j++)
            in[j] = json_string_value(json_array_get(a, j));
        cli_short_labels(in, n, out);
        json_t *m = json_object();
        for (size_t j = 0; j < n; j++) {
            json_object_set_new(m, in[j], json_string(out[j]));
            free(out[j]);
        }
        json_object_set_new(d->shorts, k, m);
        free(in);
        free(out);
    }
    json_decref(values);
}

static size_t distinct(const struct data *d, const char *key, double *max)
{
    json_t *seen = json_array();
    *max = -INFINITY;
    size_t i;
    json_t *cell;
    json_array_foreach(d->cells, i, cell) {
        const json_t *v = json_object_get(json_object_get(cell, "params"), key);
        if (json_is_number(v))
            *max = fmax(*max, json_number_value(v));
        size_t j;
        json_t *x;
        bool have = false;
        json_array_foreach(seen, j, x)
            have |= json_equal(x, v);
        if (!have && v)
            json_array_append(seen, (json_t *)v);
    }
    size_t n = json_array_size(seen);
    json_decref(seen);
    return n;
}

int plot_results(json_t *doc, const struct plot_opts *o, const char *kinds)
{
    struct data d = {.o = o, .runs = json_object_get(doc, "runs")};
    struct vmlab_error err = {0};
    d.cells = vmlab_summarize(d.runs, NULL, 0, &err);
    if (!d.cells)
        return cli_fail(&err);
    d.by_memory = o->xmemory >= 0 ? o->xmemory > 0 : cli_by_memory(doc);
    d.flats = json_array();
    size_t i;
    json_t *run;
    json_array_foreach(d.runs, i, run)
        json_array_append_new(d.flats, vmlab_run_flatten(run, 0));
    d.varying = cli_varying_params(d.runs, d.by_memory);
    d.used = json_object();
    short_labels(&d);

    double xmax;
    size_t nx = distinct(&d, d.by_memory ? "memory_bytes" : "frames", &xmax);
    double unused;
    size_t nwork = distinct(&d, "workload", &unused), npol = distinct(&d, "policy", &unused);
    bool has_tlb = has_key_prefix(&d, "translation.tlb."),
         has_cycles = has_key_prefix(&d, "translation.cycles."),
         has_walks = has_key_prefix(&d, "translation.walk_refs.");
    char chosen[128] = "";
    if (!kinds) {
        size_t used = 0;
        if (nx >= 2)
            used += (size_t)snprintf(chosen + used, sizeof chosen - used, "%s,",
                                     !d.by_memory && xmax <= 64 ? "belady" : "mrc");
        /* bars compare policies: not for translation runs of one policy */
        if ((nwork >= 2 && (npol >= 2 || !has_tlb)) || (nx < 2 && !has_tlb && !has_cycles))
            used += (size_t)snprintf(chosen + used, sizeof chosen - used, "bars,");
        if (has_tlb)
            used += (size_t)snprintf(chosen + used, sizeof chosen - used, "tlb,");
        if (has_cycles)
            used += (size_t)snprintf(chosen + used, sizeof chosen - used, "cycles,");
        if (has_walks)
            snprintf(chosen + used, sizeof chosen - used, "walks,");
        kinds = chosen;
    }
    int rc = 0;
    char list[128];
    snprintf(list, sizeof list, "%s", kinds);
    for (char *save = NULL, *k = strtok_r(list, ",", &save); k && !rc;
         k = strtok_r(NULL, ",", &save)) {
        if (!json_array_size(d.cells)) {
            plot_warn(o, "no runs to draw");
            rc = EXIT_USAGE;
        } else if (!strcmp(k, "mrc") || !strcmp(k, "belady")) {
            if (nx < 2) {
                plot_warn(o,
                          "%s: every run has the same memory size: a curve needs a sweep of "
                          "frames or memory",
                          k);
                rc = EXIT_USAGE;
            } else {
                rc = curves(&d, !strcmp(k, "mrc") ? &kind_mrc : &kind_belady);
            }
        } else if (!strcmp(k, "bars")) {
            rc = bars(&d);
        } else if (!strcmp(k, "tlb") || !strcmp(k, "cycles") || !strcmp(k, "walks")) {
            bool tl = !strcmp(k, "tlb"), cy = !strcmp(k, "cycles");
            if (!(tl ? has_tlb : cy ? has_cycles : has_walks)) {
                plot_warn(o,
                          "%s: no run has translation.%s (runs carry it when an MMU is "
                          "modelled)",
                          k,
                          tl   ? "tlb"
                          : cy ? "cycles"
                               : "walk_refs");
                rc = EXIT_USAGE;
            } else {
                rc = tl ? tlb(&d) : cy ? cycles(&d) : walks(&d);
            }
        } else {
            plot_warn(o, "--kind %s: a calibration kind; this is a results document", k);
            rc = EXIT_USAGE;
        }
    }
    if (!rc && !d.figures) {
        plot_warn(o, "nothing left to draw");
        rc = EXIT_USAGE;
    }
    json_decref(d.cells);
    json_decref(d.flats);
    json_decref(d.varying);
    json_decref(d.used);
    json_decref(d.shorts);
    return rc;
}
