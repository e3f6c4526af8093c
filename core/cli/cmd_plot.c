/*
 * cmd_plot.c - `vmlab plot FILE.json`: figures through gnuplot.
 *
 * The file is a results document (`vmlab run`, `vmlab sim --json`,
 * `vmlab results merge`) or a calibration document (`vmlab calibrate -o`),
 * told apart by its "schema". For each figure vmlab writes, side by side,
 * the data (NAME.dat), the gnuplot script (NAME.gp, the shared style of
 * scripts/vmlab-style.gp copied in, so it runs anywhere) and the renderings
 * (NAME.pdf, NAME.png, NAME.svg); plot.h has the layout, plot_results.c
 * and plot_calib.c the kinds, docs/plotting.md the user's view.
 */
#include <config.h>

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <vmlab/vmlab.h>

#include "cli.h"
#include "plot.h"
#include "results/results.h"

static void help(void)
{
    printf("usage: vmlab plot FILE.json [-o DIR] [--format pdf,png,svg] [--kind KINDS]\n"
           "                  [--size column|page] [--where K=V,...] [--log | --linear]\n"
           "                  [--logy] [--baseline POLICY|none] [--x frames|memory] [--no-title]\n"
           "\n"
           "Draw figures of a results file (vmlab run, sim --json, results merge) or of a\n"
           "calibration file (vmlab calibrate -o) with gnuplot. Each figure is written as\n"
           "NAME.dat (the numbers drawn), NAME.gp (the script, style included: edit it and\n"
           "run gnuplot -e \"fmt='pdf'\" NAME.gp) and one file per format. Repetitions over\n"
           "seeds are drawn as means with 95%% confidence intervals as error bars.\n"
           "\n"
           "  -o, --output DIR     folder for the figures (default: FILE without .json)\n"
           "  --format LIST        pdf, png (300 dpi), svg (default pdf,png)\n"
           "  --kind LIST          default: chosen from what the file holds\n"
           "                       mrc     fault ratio against memory, a line per policy\n"
           "                       belady  faults against frames as steps, anomalies circled\n"
           "                       bars    faults per policy by workload at each size,\n"
           "                               relative to --baseline\n"
           "                       tlb     TLB misses per 1000 references by structure\n"
           "                       cycles  translation cycles per reference, stacked\n"
           "                       walks   walk memory references per walk, by level\n"
           "                       calibration  measured vs modelled ns per access\n"
           "  --size SIZE          column: 3.3 in wide (default); page: 7 in\n"
           "  --where K=V,...      draw only the runs whose K is V (frames=1024, policy=lru)\n"
           "  --log, --linear      x axis of mrc (default: log2 when it spans 16x or more)\n"
           "  --logy               log y axis\n"
           "  --baseline POLICY    bars relative to this policy (default opt, else lru; none)\n"
           "  --x frames|memory    size axis (default: as the experiment gave sizes)\n"
           "  --no-title           no title above the figures (a paper has captions)\n"
           "\n"
           "gnuplot is found as VMLAB_GNUPLOT or on PATH. docs/plotting.md has more.\n");
}

static bool in_list(const char *item, const char *const *list)
{
    for (; *list; list++)
        if (!strcmp(item, *list))
            return true;
    return false;
}

/* Check each item of the comma-separated @value is one of @known. Return: 0 or EXIT_USAGE. */
static int check_list(const char *opt, const char *value, const char *const *known,
                      const char *names)
{
    char buf[256];
    snprintf(buf, sizeof buf, "%s", value);
    char *save = NULL;
    char *t = strtok_r(buf, ",", &save);
    if (!t)
        return cli_usage("plot", "%s: expected a list of %s", opt, names);
    for (; t; t = strtok_r(NULL, ",", &save))
        if (!in_list(t, known))
            return cli_usage("plot", "%s: unknown '%s' (known: %s)", opt, t, names);
    return 0;
}

int cmd_plot(int argc, char **argv)
{
    static const struct option opts[] = {
        {"output", required_argument, NULL, 'o'},
        {"format", required_argument, NULL, 'f'},
        {"kind", required_argument, NULL, 'k'},
        {"size", required_argument, NULL, 's'},
        {"where", required_argument, NULL, 'w'},
        {"log", no_argument, NULL, 'L'},
        {"linear", no_argument, NULL, 'l'},
        {"logy", no_argument, NULL, 'Y'},
        {"baseline", required_argument, NULL, 'b'},
        {"x", required_argument, NULL, 'x'},
        {"no-title", no_argument, NULL, 'T'},
        {"help", no_argument, NULL, 'h'},
        {0},
    };
    static const char *const formats[] = {"pdf", "png", "svg", NULL};
    static const char *const kinds[] = {"mrc",    "belady", "bars",        "tlb",
                                        "cycles", "walks",  "calibration", NULL};
    struct plot_opts o = {
        .formats = "pdf,png", .size = "column", .logx = -1, .title = true, .xmemory = -1};
    const char *dir = NULL, *kind = NULL, *where = NULL;
    int c, rc;
    while ((c = getopt_long(argc, argv, "o:h", opts, NULL)) != -1) {
        switch (c) {
        case 'o': dir = optarg; break;
        case 'f': o.formats = optarg; break;
        case 'k': kind = optarg; break;
        case 's': o.size = optarg; break;
        case 'w': where = optarg; break;
        case 'L': o.logx = 1; break;
        case 'l': o.logx = 0; break;
        case 'Y': o.logy = true; break;
        case 'b': o.baseline = optarg; break;
        case 'x':
            if (strcmp(optarg, "frames") && strcmp(optarg, "memory"))
                return cli_usage("plot", "--x: expected frames or memory, got '%s'", optarg);
            o.xmemory = !strcmp(optarg, "memory");
            break;
        case 'T': o.title = false; break;
        case 'h': help(); return EXIT_OK;
        default: return cli_usage("plot", "unknown option");
        }
    }
    if (optind != argc - 1)
        return cli_usage("plot", "expected one FILE.json");
    if ((rc = check_list("--format", o.formats, formats, "pdf, png, svg")))
        return rc;
    if (kind && (rc = check_list("--kind", kind, kinds, PLOT_RESULT_KINDS ", calibration")))
        return rc;
    if (strcmp(o.size, "column") && strcmp(o.size, "page"))
        return cli_usage("plot", "--size: expected column or page, got '%s'", o.size);
    o.src = argv[optind];

    /* a calibration document, or a results document */
    json_error_t jerr;
    json_t *peek = json_load_file(o.src, JSON_REJECT_DUPLICATES, &jerr);
    const char *schema = json_string_value(json_object_get(peek, "schema"));
    bool calibration = schema && !strncmp(schema, "vmlab-calibration/", 18);
    struct vmlab_error err = {0};
    json_t *doc = calibration ? peek : vmlab_results_load(o.src, &err);
    if (!calibration)
        json_decref(peek);
    if (!doc)
        return cli_fail(&err);
    if (calibration && strcmp(schema, "vmlab-calibration/1")) {
        json_decref(doc);
        return cli_usage("plot", "%s: $.schema: is %s; this vmlab reads vmlab-calibration/1", o.src,
                         schema);
    }
    if (calibration && kind && strcmp(kind, "calibration")) {
        json_decref(doc);
        return cli_usage("plot", "--kind %s: %s is a calibration document (kind calibration)", kind,
                         o.src);
    }
    if (calibration && where) {
        json_decref(doc);
        return cli_usage("plot", "--where: %s is a calibration document; it has no runs", o.src);
    }
    if (!calibration && (rc = cli_filter_runs("plot", doc, where))) {
        json_decref(doc);
        return rc;
    }

    char outdir[4096];
    if (dir) {
        snprintf(outdir, sizeof outdir, "%s", dir);
    } else {
        snprintf(outdir, sizeof outdir, "%s", o.src);
        char *dot = strrchr(outdir, '.'), *slash = strrchr(outdir, '/');
        if (dot && (!slash || dot > slash))
            *dot = '\0';
        else
            strncat(outdir, ".plots", sizeof outdir - strlen(outdir) - 1);
    }
    if (cli_mkdirs("plot", outdir, false)) {
        json_decref(doc);
        return EXIT_RUNTIME;
    }
    o.dir = outdir;
    rc = calibration ? plot_calibration(doc, &o) : plot_results(doc, &o, kind);
    json_decref(doc);
    return rc;
}
