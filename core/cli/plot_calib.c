/*
 * plot_calib.c - the figure of a calibration document (`vmlab calibrate
 * -o FILE`, docs/calibration.md): per page size, the measured time per
 * access of the pointer chase against the pages it touches, the model's
 * prediction (the same chase through the translation model configured with
 * the calibrated profile), the dense layout as the baseline without TLB
 * misses, and the inferred TLB capacities marked:
 *
 *    ns |                      .-x-x-x   measured (min..max bars)
 *       |           .-x-x-x-x-'          model: the chase through the
 *       |  x-x-x-x-'                            calibrated profile
 *       |  - - - - - - - - - - - - - -   dense (same lines, no TLB misses)
 *       +--------:-----------:--------- pages touched (log2)
 *               108         609          inferred capacities
 */
#include <config.h>

#include <math.h>
#include <string.h>

#include "cli.h"
#include "plot.h"
#include "results/flat.h"

static const char *const columns[] = {"pages",         "sparse_ns", "sparse_ns_min",
                                      "sparse_ns_max", "dense_ns",  "predicted_ns"};
#define NCOLUMNS 6

int plot_calibration(const json_t *doc, const struct plot_opts *o)
{
    const json_t *curves = json_object_get(doc, "curves");
    if (!json_is_object(curves) || !json_object_size(curves)) {
        plot_warn(o, "$.curves: no curves to draw");
        return EXIT_USAGE;
    }
    json_t *used = json_object();
    int rc = 0;
    size_t drawn = 0;
    const char *name;
    json_t *pts;
    json_object_foreach((json_t *)curves, name, pts) {
        if (rc)
            break;
        /* every point needs every column as a number, or the curve is left out */
        bool ok = json_is_array(pts) && json_array_size(pts) >= 2;
        if (!ok)
            plot_warn(o, "$.curves.%s: expected an array of at least two points: left out", name);
        double xmin = INFINITY, xmax = 0;
        size_t i;
        json_t *p;
        json_array_foreach(pts, i, p) {
            for (size_t c = 0; c < NCOLUMNS && ok; c++) {
                double x;
                if (!vmlab_number(json_object_get(p, columns[c]), &x)) {
                    plot_warn(o,
                              "$.curves.%s[%zu].%s: missing or not a number: the %s curve is "
                              "left out",
                              name, i, columns[c], name);
                    ok = false;
                }
            }
            if (!ok)
                break;
            double x = json_number_value(json_object_get(p, "pages"));
            xmin = fmin(xmin, x);
            xmax = fmax(xmax, x);
        }
        if (!ok || !(xmin > 0))
            continue;
        const json_t *levels =
            json_object_get(json_object_get(json_object_get(doc, "inferred"), name), "levels");
        char title[512], base[96];
        size_t used_t = (size_t)snprintf(title, sizeof title, "%s pages", name);
        size_t j;
        json_t *lv;
        json_array_foreach(levels, j, lv)
            if (json_is_integer(json_object_get(lv, "entries")) && used_t < sizeof title)
                used_t += (size_t)snprintf(title + used_t, sizeof title - used_t,
                                           "%s%" JSON_INTEGER_FORMAT, j ? ", " : ": steps past ",
                                           json_integer_value(json_object_get(lv, "entries")));
        plot_base_name(base, sizeof base, "calibration", name, used);
        struct plot_fig fig;
        if (plot_fig_open(&fig, o, base,
                          "measured and modelled ns per access against pages touched", title,
                          2.4)) {
            rc = EXIT_RUNTIME;
            break;
        }
        fputs("# pages measured_ns measured_min measured_max dense_ns model_ns\n", fig.dat);
        json_array_foreach(pts, i, p) {
            for (size_t c = 0; c < NCOLUMNS; c++) {
                if (c)
                    fputc(' ', fig.dat);
                plot_dat_real(fig.dat, json_number_value(json_object_get(p, columns[c])));
            }
            fputc('\n', fig.dat);
        }
        FILE *gp = fig.gp;
        plot_log2_tics(gp, o, 'x', xmin, xmax, true);
        fputs("set xlabel \"pages touched\"\nset ylabel \"ns per access\"\n", gp);
        if (o->logy)
            fputs("set logscale y 10\n", gp);
        else
            fputs("set yrange [0:*]\n", gp);
        /* the inferred capacities: a dotted line and its entry count */
        json_array_foreach(levels, j, lv) {
            const json_t *e = json_object_get(lv, "entries");
            if (!json_is_integer(e))
                continue;
            fprintf(gp,
                    "set arrow %zu from %" JSON_INTEGER_FORMAT ", graph 0 to %" JSON_INTEGER_FORMAT
                    ", graph 1 nohead dt 3 lw 1 lc rgb \"#555555\" back\n"
                    "set label %zu \"%" JSON_INTEGER_FORMAT "\" at %" JSON_INTEGER_FORMAT
                    ", graph 0.98 rotate by 90 right offset -0.6, 0 textcolor rgb \"#555555\"\n",
                    j + 1, json_integer_value(e), json_integer_value(e), j + 1,
                    json_integer_value(e), json_integer_value(e));
        }
        /* latency rises with the pages touched: the top left corner is always free */
        fputs("set key inside top left vertical reverse Left samplen 1.5\n", gp);
        if (o->title) {
            fputs("set title ", gp);
            plot_gp_string(gp, title);
            fputs(" noenhanced\n", gp);
        }
        fprintf(gp,
                "plot \\\n"
                "    \"%s.dat\" using 1:2:3:4 with yerrorbars ls 1 title \"measured\", \\\n"
                "    \"\" using 1:6 with lines ls 2 title \"model\", \\\n"
                "    \"\" using 1:5 with lines ls 8 title \"dense layout\"\n",
                base);
        rc = plot_fig_finish(&fig);
        drawn++;
    }
    json_decref(used);
    if (!rc && !drawn) {
        plot_warn(o, "no curve left to draw");
        rc = EXIT_USAGE;
    }
    return rc;
}
