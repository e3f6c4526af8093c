/*
 * cmd_calibrate.c - `vmlab calibrate [--quick] [-o FILE]`: measure this
 * machine's translation latencies with pointer chases, infer its TLB levels
 * (capacity in pages and the cost of missing each), compare with what CPUID
 * says, and report the inferred model's prediction against every measured
 * point (error in percent). Hardware counters are read where they exist; on
 * a machine without them (a VM) the report says so and gives latencies only.
 */
#include <config.h>

#include <getopt.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <vmlab/vmlab.h>

#include "cli.h"
#include "hwcounters/calib.h"
#include "hwcounters/chase.h"
#include "hwcounters/cpuid.h"
#include "hwcounters/discover.h"
#include "results/results.h"

static void usage(FILE *out)
{
    fprintf(out,
            "usage: vmlab calibrate [--quick] [-o FILE] [--max-pages N] [--huge-max-pages N]\n"
            "                       [--reps N] [--seed N]\n"
            "\n"
            "Measure ns per access of pointer chases over N distinct pages (4K pages, and 2M\n"
            "pages through transparent huge pages), N from 1 past the last TLB's reach; take\n"
            "the translation's share (one line per page minus the same lines packed); infer\n"
            "the TLB levels from its steps; compare them with CPUID; report predicted vs\n"
            "measured latency per point.\n"
            "\n"
            "  --quick             fewer points and repetitions (about ten seconds)\n"
            "  -o, --output FILE   write the calibration document (JSON) there\n"
            "                      (default out/calibration.json)\n"
            "  --max-pages N       largest N at 4K pages (default 65536; quick 8192)\n"
            "  --huge-max-pages N  largest N at 2M pages (default 1024; quick 256; 0 skips)\n"
            "  --reps N            timed repetitions per point, median taken (default 7; quick 3)\n"
            "  --seed N            seed of the chase order (default 1)\n");
}

struct curve {
    size_t n;
    uint64_t *pages;
    double *sparse, *dense, *tlb;
    json_t *points;
};

/* N from 1 to max, @per_octave points per doubling, distinct integers */
static size_t grid(uint64_t max, unsigned per_octave, uint64_t *out, size_t cap)
{
    size_t n = 0;
    uint64_t last = 0;
    for (unsigned k = 0; n < cap; k++) {
        uint64_t v = (uint64_t)llround(pow(2.0, (double)k / per_octave));
        if (v > max)
            break;
        if (v != last)
            out[n++] = last = v;
    }
    if (n < cap && last != max)
        out[n++] = max;
    return n;
}

static int measure(struct curve *c, uint64_t page_size, uint64_t max, unsigned per_octave,
                   unsigned reps, uint64_t steps, uint64_t seed, const char *const *events,
                   json_t **counter_note, struct vmlab_error *err)
{
    bool progress = isatty(2);
    uint64_t g[512];
    c->n = grid(max, per_octave, g, 512);
    c->pages = malloc(c->n * sizeof *c->pages);
    c->sparse = malloc(c->n * sizeof *c->sparse);
    c->dense = malloc(c->n * sizeof *c->dense);
    c->tlb = malloc(c->n * sizeof *c->tlb);
    c->points = json_array();
    if (!c->pages || !c->sparse || !c->dense || !c->tlb || !c->points)
        return vmlab_error_set(err, VMLAB_ESYSTEM, "out of memory");
    for (size_t i = 0; i < c->n; i++) {
        c->pages[i] = g[i];
        struct chase_opts so = {.page_size = page_size, .dense = false, .reps = reps,
                                .steps = steps, .seed = seed};
        struct chase_opts dn = so;
        dn.dense = true;
        struct chase_result rs, rd;
        struct counters cs;
        counters_open(&cs, events);
        int rc = chase_run(g[i], &so, &cs, &rs, err);
        if (!rc)
            rc = chase_run(g[i], &dn, NULL, &rd, err);
        if (rc) {
            counters_close(&cs);
            return rc;
        }
        c->sparse[i] = rs.ns;
        c->dense[i] = rd.ns;
        c->tlb[i] = rs.ns - rd.ns;
        json_t *pt = json_pack("{s:I, s:f, s:f, s:f, s:f, s:f}", "pages", (json_int_t)g[i],
                               "sparse_ns", rs.ns, "dense_ns", rd.ns, "tlb_ns", rs.ns - rd.ns,
                               "sparse_ns_min", rs.ns_min, "sparse_ns_max", rs.ns_max);
        if (page_size > 4096)
            json_object_set_new(pt, "huge_backed", json_boolean(rs.huge_backed));
        uint64_t loads = so.steps > g[i] ? so.steps : g[i];
        json_t *per = json_object();
        for (size_t k = 0; k < cs.n; k++) {
            if (cs.c[k].available)
                json_object_set_new(per, cs.c[k].name,
                                    json_real((double)cs.c[k].value / (double)loads));
            else if (!json_object_get(*counter_note, cs.c[k].name))
                json_object_set_new(*counter_note, cs.c[k].name, json_string(cs.c[k].reason));
        }
        if (json_object_size(per))
            json_object_set_new(pt, "counters_per_access", per);
        else
            json_decref(per);
        json_array_append_new(c->points, pt);
        counters_close(&cs);
        if (progress)
            fprintf(stderr, "\rcalibrate: %s pages, %zu/%zu points",
                    page_size > 4096 ? "2M" : "4K", i + 1, c->n);
    }
    if (progress)
        fputc('\n', stderr);
    return 0;
}

static void curve_free(struct curve *c)
{
    free(c->pages);
    free(c->sparse);
    free(c->dense);
    free(c->tlb);
    json_decref(c->points);
}

/* the fit as JSON, with predicted vs measured added to each point */
static json_t *fit_json(struct curve *c, const struct calib_fit *f, double *max_err)
{
    json_t *lv = json_array();
    for (unsigned k = 0; k < f->nlevels; k++)
        json_array_append_new(lv, json_pack("{s:I, s:f}", "entries", (json_int_t)f->level[k].entries,
                                            "miss_ns", f->level[k].miss_ns));
    *max_err = 0;
    for (size_t i = 0; i < c->n; i++) {
        double pred = c->dense[i] + calib_predict(f, c->pages[i]);
        double e = c->sparse[i] > 0 ? 100.0 * (pred - c->sparse[i]) / c->sparse[i] : 0;
        json_t *pt = json_array_get(c->points, i);
        json_object_set_new(pt, "predicted_ns", json_real(pred));
        json_object_set_new(pt, "error_pct", json_real(e));
        if (fabs(e) > *max_err)
            *max_err = fabs(e);
    }
    return json_pack("{s:f, s:f, s:f, s:o, s:f}", "base_ns", f->base_ns, "noise_ns", f->noise_ns,
                     "threshold_ns", f->threshold_ns, "levels", lv, "max_abs_error_pct", *max_err);
}

/* inferred 4K levels against CPUID's data/unified TLBs holding 4K pages */
static json_t *compare_cpuid(const struct calib_fit *f)
{
    json_t *a = json_array();
    struct cpuid_tlbs t;
    if (cpuid_read(&t))
        return a;
    for (unsigned k = 0; k < f->nlevels; k++) {
        json_t *o = json_pack("{s:i, s:I}", "level", (int)k + 1, "inferred_entries",
                              (json_int_t)f->level[k].entries);
        const struct cpuid_tlb *best = NULL;
        for (unsigned i = 0; i < t.n; i++) {
            const struct cpuid_tlb *x = &t.tlb[i];
            if (x->level == (int)k + 1 && (x->pages & CPUID_PAGE_4K) && x->type != CPUID_TLB_INSTR)
                best = x;
        }
        if (best) {
            double ratio = (double)f->level[k].entries / best->entries;
            json_object_set_new(o, "cpuid_entries", json_integer(best->entries));
            json_object_set_new(o, "ratio", json_real(ratio));
            /* set-associative TLBs under a random order start missing before they are
               full; within a factor of 1.25 either way counts as agreeing */
            json_object_set_new(o, "agrees", json_boolean(ratio >= 0.8 && ratio <= 1.25));
        } else {
            json_object_set_new(o, "cpuid_entries", json_null());
            json_object_set_new(o, "agrees", json_false());
            json_object_set_new(o, "note", json_string("CPUID reports no such level (the last "
                                                       "step may be the page walk's caches)"));
        }
        json_array_append_new(a, o);
    }
    return a;
}

static void print_fit(const char *ps, const struct calib_fit *f, double max_err)
{
    printf("%s pages: base %.1f ns, noise %.2f ns, %u level(s) inferred; model vs measured: "
           "max |error| %.1f%%\n",
           ps, f->base_ns, f->noise_ns, f->nlevels, max_err);
    for (unsigned k = 0; k < f->nlevels; k++)
        printf("  level %u: %llu entries, +%.1f ns per access past it\n", k + 1,
               (unsigned long long)f->level[k].entries, f->level[k].miss_ns);
}

int cmd_calibrate(int argc, char **argv)
{
    static const struct option opts[] = {
        {"quick", no_argument, NULL, 'q'},
        {"output", required_argument, NULL, 'o'},
        {"max-pages", required_argument, NULL, 'm'},
        {"huge-max-pages", required_argument, NULL, 'g'},
        {"reps", required_argument, NULL, 'r'},
        {"seed", required_argument, NULL, 's'},
        {"help", no_argument, NULL, 'h'},
        {0, 0, 0, 0},
    };
    bool quick = false;
    const char *output = "out/calibration.json";
    uint64_t max = 0, hmax = UINT64_MAX, reps = 0, seed = 1;
    optind = 1;
    for (int c; (c = getopt_long(argc, argv, "o:h", opts, NULL)) != -1;) {
        switch (c) {
        case 'q': quick = true; break;
        case 'o': output = optarg; break;
        case 'm':
            if (vmlab_parse_count(optarg, &max) || max < 2 || max > (1u << 22))
                return cli_usage("calibrate", "--max-pages: expected 2..4194304, got '%s'", optarg);
            break;
        case 'g':
            if (vmlab_parse_count(optarg, &hmax) || hmax > 8192)
                return cli_usage("calibrate", "--huge-max-pages: expected 0..8192, got '%s'",
                                 optarg);
            break;
        case 'r':
            if (vmlab_parse_count(optarg, &reps) || reps < 1 || reps > 1000)
                return cli_usage("calibrate", "--reps: expected 1..1000, got '%s'", optarg);
            break;
        case 's':
            if (vmlab_parse_count(optarg, &seed))
                return cli_usage("calibrate", "--seed: expected a non-negative integer, got '%s'",
                                 optarg);
            break;
        case 'h': usage(stdout); return EXIT_OK;
        default: return cli_usage("calibrate", "unknown option");
        }
    }
    if (optind != argc)
        return cli_usage("calibrate", "unexpected argument '%s'", argv[optind]);
    if (!max)
        max = quick ? 8192 : 65536;
    if (hmax == UINT64_MAX)
        hmax = quick ? 256 : 1024;
    if (!reps)
        reps = quick ? 3 : 7;
    unsigned per_octave = quick ? 4 : 8;
    uint64_t steps = quick ? 100000 : 1000000;

    int cpu = chase_pin();
    json_t *doc = json_pack("{s:s, s:s, s:o}", "schema", "vmlab-calibration/1", "vmlab",
                            vmlab_version(), "discovery", vmlab_discover_json());
    json_t *note = json_object();
    static const char *const events[] = {"PAPI_TLB_DM", "PAPI_TOT_CYC", "minor-faults", NULL};
    json_object_set_new(doc, "settings",
                        json_pack("{s:b, s:I, s:I, s:I, s:I, s:I, s:i}", "quick", quick,
                                  "max_pages", (json_int_t)max, "huge_max_pages",
                                  (json_int_t)hmax, "reps", (json_int_t)reps, "steps",
                                  (json_int_t)steps, "seed", (json_int_t)seed, "cpu", cpu));
    struct vmlab_error err = {0};
    struct curve c4 = {0}, c2 = {0};
    int rc = measure(&c4, 4096, max, per_octave, (unsigned)reps, steps, seed, events, &note, &err);
    if (!rc && hmax >= 1)
        rc = measure(&c2, 2u << 20, hmax, quick ? 2 : 4, (unsigned)reps, steps, seed, events,
                     &note, &err);
    if (rc) {
        curve_free(&c4);
        curve_free(&c2);
        json_decref(doc);
        json_decref(note);
        return cli_fail(&err);
    }
    struct calib_fit f4, f2;
    calib_infer(c4.pages, c4.tlb, c4.n, 0.5, &f4);
    double e4, e2 = 0;
    json_t *inf = json_object();
    json_object_set_new(inf, "4K", fit_json(&c4, &f4, &e4));
    json_t *curves = json_pack("{s:O}", "4K", c4.points);
    if (c2.n) {
        calib_infer(c2.pages, c2.tlb, c2.n, 0.5, &f2);
        json_object_set_new(inf, "2M", fit_json(&c2, &f2, &e2));
        json_object_set_new(curves, "2M", json_incref(c2.points));
    }
    json_object_set_new(doc, "curves", curves);
    json_object_set_new(doc, "inferred", inf);
    json_object_set_new(doc, "cpuid_comparison", compare_cpuid(&f4));
    json_object_set_new(doc, "counters_unavailable", note);

    print_fit("4K", &f4, e4);
    if (c2.n)
        print_fit("2M", &f2, e2);
    size_t i;
    json_t *v;
    json_array_foreach(json_object_get(doc, "cpuid_comparison"), i, v) {
        const json_t *ce = json_object_get(v, "cpuid_entries");
        if (json_is_integer(ce))
            printf("  level %zu vs CPUID: %lld inferred, %lld reported: %s\n", i + 1,
                   (long long)json_integer_value(json_object_get(v, "inferred_entries")),
                   (long long)json_integer_value(ce),
                   json_is_true(json_object_get(v, "agrees"))
                       ? "agree"
                       : "DISAGREE (a VM may report made-up CPUID values)");
        else
            printf("  level %zu: CPUID reports no such TLB level\n", i + 1);
    }
    const char *k;
    json_object_foreach(note, k, v)
        printf("  %s: %s\n", k, json_string_value(v));
    curve_free(&c4);
    curve_free(&c2);
    rc = 0;
    if (strcmp(output, "-") && cli_mkdirs("calibrate", output, true))
        rc = EXIT_RUNTIME;
    else if (vmlab_results_write(doc, output, &err))
        rc = cli_fail(&err);
    else if (strcmp(output, "-"))
        printf("calibration: %s\n", output);
    json_decref(doc);
    return rc;
}
