/*
 * cmd_calibrate.c - `vmlab calibrate [--quick] [-o FILE] [--profile FILE]`:
 * measure this machine's translation latencies with pointer chases
 * (hwcounters/chase.h), infer its TLB levels (capacity, ways, the cost of
 * missing each, the walk's: hwcounters/calib.h, curve.h), write them as an
 * MMU profile (hwcounters/model.h), run the same chases through the
 * translation model configured with that profile and report predicted vs
 * measured per point (error in percent), compare the inferred levels with
 * what CPUID says. Hardware counters are read where they exist; on a machine
 * without them (a VM) the document says so and why.
 *
 *   pin, clock, timer ─► 4K curve ─► 2M curve ─► clock again (drift)
 *        ─► levels (counters | CPUID | --tlb-levels | the last step is the walk)
 *        ─► profile (host.json) ─► loaded back as "mmu" ─► model per point
 *        ─► document (calibration.json): curves, fits, profile, CPUID comparison
 */
#include <config.h>

#include <getopt.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <vmlab/vmlab.h>

#include "cli.h"
#include "hwcounters/calib.h"
#include "hwcounters/chase.h"
#include "hwcounters/cpuid.h"
#include "hwcounters/curve.h"
#include "hwcounters/discover.h"
#include "hwcounters/model.h"
#include "results/results.h"

#define HUGE_2M (UINT64_C(1) << 21)

static void usage(FILE *out)
{
    fprintf(out, "usage: vmlab calibrate [--quick] [-o FILE] [--profile FILE] [--max-pages N]\n"
                 "                       [--huge-max-pages N] [--reps N] [--rounds N]\n"
                 "                       [--tlb-levels N] [--seed N]\n"
                 "\n"
                 "Measure ns per access of pointer chases over N distinct pages (4K pages, and 2M\n"
                 "pages from hugetlbfs or transparent huge pages), N from 1 past the last TLB's\n"
                 "reach; take the translation's share (one line per page minus the same lines\n"
                 "packed); infer the TLB levels (entries, ways, latencies) and the walk's cost;\n"
                 "write them as an MMU profile; run the same chases through the translation model\n"
                 "with it and report predicted vs measured per point; compare with CPUID.\n"
                 "\n"
                 "  --quick             fewer points and repetitions (about ten seconds)\n"
                 "  -o, --output FILE   the calibration document, JSON, for `vmlab plot`\n"
                 "                      (default out/calibration.json)\n"
                 "  --profile FILE      the MMU profile, usable as \"mmu\": \"FILE\"\n"
                 "                      (default host.json beside the document)\n"
                 "  --max-pages N       largest N at 4K pages (default 65536; quick 8192)\n"
                 "  --huge-max-pages N  largest N at 2M pages (default 1024; quick 256; 0 skips)\n"
                 "  --reps N            timed repetitions per point, medians taken (default 7;\n"
                 "                      quick 3)\n"
                 "  --rounds N          refinement rounds around each step (default 5; quick 3)\n"
                 "  --tlb-levels N      the TLB levels: step N is the walk (default: from walk\n"
                 "                      counters, else CPUID, else the first step taller than\n"
                 "                      all before it)\n"
                 "  --seed N            seed of the chase order (default 1)\n");
}

/* ---- the host as a source of curve points ---- */

struct rec {
    uint64_t pages;
    struct chase_result r;    /* the measurement kept: the least disturbed (the lowest
                                 sparse + dense time; interference only adds time) */
    unsigned times;           /* measurements */
    double per[COUNTERS_MAX]; /* counters per access of the kept measurement */
    bool have[COUNTERS_MAX];
};

struct host_source {
    const char *label; /* "4K" or "2M" */
    struct chase_opts o;
    const char *const *events;
    size_t nevents;
    struct rec *recs;
    size_t n, cap;
    json_t *unavailable; /* event -> reason (borrowed) */
    bool progress;
};

static struct rec *find_rec(const struct host_source *h, uint64_t pages)
{
    for (size_t i = 0; i < h->n; i++)
        if (h->recs[i].pages == pages)
            return &h->recs[i];
    return NULL;
}

static int host_measure(void *arg, uint64_t pages, double *ns, struct vmlab_error *err)
{
    struct host_source *h = arg;
    struct counters cs;
    counters_open(&cs, h->events);
    struct chase_result r;
    int rc = chase_point(pages, &h->o, &cs, &r, err);
    if (rc) {
        counters_close(&cs);
        return rc;
    }
    struct rec *x = find_rec(h, pages);
    if (!x) {
        if (h->n == h->cap) {
            size_t cap = h->cap ? 2 * h->cap : 128;
            struct rec *p = realloc(h->recs, cap * sizeof *p);
            if (!p) {
                counters_close(&cs);
                return vmlab_error_set(err, VMLAB_ESYSTEM, "out of memory");
            }
            h->recs = p;
            h->cap = cap;
        }
        x = &h->recs[h->n++];
        memset(x, 0, sizeof *x);
        x->pages = pages;
    }
    x->times++;
    if (x->times == 1 || r.sparse_ns + r.dense_ns < x->r.sparse_ns + x->r.dense_ns) {
        x->r = r;
        uint64_t loads = h->o.steps > pages ? h->o.steps : pages;
        for (size_t k = 0; k < cs.n; k++) {
            x->have[k] = cs.c[k].available;
            x->per[k] = cs.c[k].available ? (double)cs.c[k].value / (double)loads : 0;
            if (!cs.c[k].available && !json_object_get(h->unavailable, cs.c[k].name))
                json_object_set_new(h->unavailable, cs.c[k].name, json_string(cs.c[k].reason));
        }
    }
    counters_close(&cs);
    *ns = x->r.tlb_ns;
    if (h->progress)
        fprintf(stderr, "\rcalibrate: %s pages, %zu points", h->label, h->n);
    return 0;
}

/* ---- one page size ---- */

struct size_run {
    const char *label;
    uint64_t page_size;
    struct host_source src;
    struct calib_plan plan;
    struct calib_curve curve;
    struct calib_fit fit;
    bool measured;
    bool huge_ok;  /* 2M: every point lay in huge pages */
    double *walks; /* walks per access from counters, per curve point, or NULL */
};

static void size_free(struct size_run *s)
{
    calib_curve_free(&s->curve);
    free(s->src.recs);
    free(s->walks);
}

/* The counters' walks per access at every point, if a walk event counted at all of them. */
static double *walks_of(const struct size_run *s)
{
    for (size_t k = 0; k < s->src.nevents; k++) {
        const struct counter_event *e = counters_tlb_events;
        while (e->name && strcmp(e->name, s->src.events[k]))
            e++;
        if (!e->name || e->role != COUNTER_WALKS)
            continue;
        double *w = malloc(s->curve.n * sizeof *w);
        bool all = w != NULL;
        for (size_t i = 0; all && i < s->curve.n; i++) {
            const struct rec *x = find_rec(&s->src, s->curve.pages[i]);
            all = x && x->have[k];
            if (all)
                w[i] = x->per[k];
        }
        if (all)
            return w;
        free(w);
    }
    return NULL;
}

/* CPUID's data TLB levels holding pages of @bit */
static int cpuid_levels(const struct cpuid_tlbs *t, unsigned bit)
{
    int max = 0;
    for (unsigned i = 0; t && i < t->n; i++)
        if (t->tlb[i].type != CPUID_TLB_INSTR && (t->tlb[i].pages & bit) && t->tlb[i].level > max)
            max = t->tlb[i].level;
    return max;
}

static const char *step_role(unsigned k, unsigned levels)
{
    return k + 1 < levels ? "next-level" : k + 1 == levels ? "walk" : "unmodelled";
}

/* the fit as JSON (the plot marks every step's entries) */
static json_t *fit_json(const struct size_run *s, unsigned levels, double ghz)
{
    const struct calib_fit *f = &s->fit;
    json_t *lv = json_array();
    for (unsigned k = 0; k < f->nsteps; k++) {
        const struct calib_step *st = &f->step[k];
        json_array_append_new(
            lv,
            json_pack("{s:I, s:o, s:b, s:I, s:f, s:I, s:f, s:s}", "entries",
                      (json_int_t)st->entries, "ways",
                      st->ways >= st->entries ? json_string("full")
                                              : json_integer((json_int_t)st->ways),
                      "ways_shown", st->ways_shown, "rise_end", (json_int_t)st->rise_end, "miss_ns",
                      st->miss_ns, "miss_cycles", (json_int_t)llround(fmax(0, st->miss_ns * ghz)),
                      "rms_ns", st->rms_ns, "role", step_role(k, levels)));
    }
    return json_pack("{s:f, s:f, s:f, s:i, s:o, s:I, s:I, s:i}", "base_ns", f->base_ns, "noise_ns",
                     f->noise_ns, "threshold_ns", f->threshold_ns, "tlb_levels", (int)levels,
                     "levels", lv, "grid_points", (json_int_t)s->curve.grid, "refined_points",
                     (json_int_t)(s->curve.n - s->curve.grid), "remeasured",
                     (int)s->curve.remeasured);
}

/*
 * Every point of the curve as JSON, with the model's prediction (the chase
 * through @d at the page size the host's chase really had). *@max_err and
 * *@mean_err: |error| in percent.
 */
static int points_json(const struct size_run *s, const struct vmlab_mmu_desc *d, double ghz,
                       uint64_t seed, json_t **out, double *max_err, double *mean_err,
                       struct vmlab_error *err)
{
    json_t *a = json_array();
    *max_err = *mean_err = 0;
    uint64_t g[1024];
    size_t ng = calib_grid(s->plan.max_pages, s->plan.per_octave, g, 1024);
    for (size_t i = 0; i < s->curve.n; i++) {
        uint64_t n = s->curve.pages[i];
        const struct rec *x = find_rec(&s->src, n);
        const struct chase_result *r = &x->r;
        uint64_t sparse_page =
            r->backing && strcmp(r->backing, "4K") && strcmp(r->backing, "4K-only") ? HUGE_2M
                                                                                    : 4096;
        struct calib_model_point ms, md;
        int rc = calib_model_chase(d, sparse_page, n, s->page_size, seed, &ms, err);
        if (!rc)
            rc = calib_model_chase(d, r->dense_huge ? HUGE_2M : 4096, n, 64, seed, &md, err);
        if (rc) {
            json_decref(a);
            return rc;
        }
        bool on_grid = false;
        for (size_t j = 0; j < ng && !on_grid; j++)
            on_grid = g[j] == n;
        double pred_tlb = s->fit.base_ns + (ms.cycles - md.cycles) / ghz;
        double pred = r->dense_ns + pred_tlb;
        double e = r->sparse_ns > 0 ? 100 * (pred - r->sparse_ns) / r->sparse_ns : 0;
        *max_err = fmax(*max_err, fabs(e));
        *mean_err += fabs(e) / (double)s->curve.n;
        json_t *pt = json_pack(
            "{s:I, s:f, s:f, s:f, s:f, s:f, s:i, s:b, s:f, s:f, s:f, s:{s:f, s:f, s:f, s:f}}",
            "pages", (json_int_t)n, "sparse_ns", r->sparse_ns, "sparse_ns_min", r->sparse_min,
            "sparse_ns_max", r->sparse_max, "dense_ns", r->dense_ns, "tlb_ns", s->curve.ns[i],
            "measurements", (int)x->times, "refined", !on_grid, "predicted_ns", pred,
            "predicted_tlb_ns", pred_tlb, "error_pct", e, "model", "cycles_per_access", ms.cycles,
            "dense_cycles_per_access", md.cycles, "walks_per_access", ms.walks,
            "l1_misses_per_access", ms.l1_misses);
        json_object_set_new(pt, "backing", json_string(r->backing));
        json_object_set_new(pt, "dense_huge", json_boolean(r->dense_huge));
        json_t *per = json_object();
        for (size_t k = 0; k < s->src.nevents; k++)
            if (x->have[k])
                json_object_set_new(per, s->src.events[k], json_real(x->per[k]));
        if (json_object_size(per))
            json_object_set_new(pt, "counters_per_access", per);
        else
            json_decref(per);
        json_array_append_new(a, pt);
    }
    *out = a;
    return 0;
}

static void print_size(FILE *out, const struct size_run *s, unsigned levels, double ghz,
                       double max_err, double mean_err)
{
    const struct calib_fit *f = &s->fit;
    fprintf(out,
            "%s pages: %zu points (%zu refined, %u measured again), noise %.2f ns, %u step(s); "
            "model vs measured: mean |error| %.1f%%, max %.1f%%\n",
            s->label, s->curve.n, s->curve.n - s->curve.grid, s->curve.remeasured, f->noise_ns,
            f->nsteps, mean_err, max_err);
    for (unsigned k = 0; k < f->nsteps; k++) {
        const struct calib_step *st = &f->step[k];
        char ways[32];
        if (st->ways >= st->entries)
            snprintf(ways, sizeof ways, "fully associative");
        else
            snprintf(ways, sizeof ways, "%llu-way", (unsigned long long)st->ways);
        const char *role = step_role(k, levels);
        fprintf(out, "  level %u: %llu entries, %s%s; past it +%.1f ns (%lld cycles) %s\n", k + 1,
                (unsigned long long)st->entries, ways, st->ways_shown ? "" : " (not shown)",
                st->miss_ns, (long long)llround(fmax(0, st->miss_ns * ghz)),
                !strcmp(role, "next-level") ? "to the next level"
                : !strcmp(role, "walk")     ? "for the walk"
                                            : "(a walk cost not modelled)");
    }
}

/* "vmlab calibrate on HOST (CPU), DATE" */
static void origin_text(const json_t *disc, char *buf, size_t len)
{
    const json_t *h = json_object_get(disc, "host");
    const char *host = json_string_value(json_object_get(h, "hostname"));
    const char *cpu = json_string_value(json_object_get(h, "cpu_model"));
    char date[32] = "";
    time_t now = time(NULL);
    struct tm tm;
    if (gmtime_r(&now, &tm))
        strftime(date, sizeof date, "%Y-%m-%d", &tm);
    snprintf(buf, len, "vmlab calibrate %s on %s (%s), %s", vmlab_version(), host ? host : "?",
             cpu ? cpu : "?", date);
}

/* host.json beside @doc_path */
static void default_profile(const char *doc_path, char *buf, size_t len)
{
    const char *slash = strcmp(doc_path, "-") ? strrchr(doc_path, '/') : NULL;
    if (slash)
        snprintf(buf, len, "%.*s/host.json", (int)(slash - doc_path), doc_path);
    else
        snprintf(buf, len, "host.json");
}

int cmd_calibrate(int argc, char **argv)
{
    static const struct option opts[] = {
        {"quick", no_argument, NULL, 'q'},
        {"output", required_argument, NULL, 'o'},
        {"profile", required_argument, NULL, 'p'},
        {"max-pages", required_argument, NULL, 'm'},
        {"huge-max-pages", required_argument, NULL, 'g'},
        {"reps", required_argument, NULL, 'r'},
        {"rounds", required_argument, NULL, 'R'},
        {"tlb-levels", required_argument, NULL, 'L'},
        {"seed", required_argument, NULL, 's'},
        {"help", no_argument, NULL, 'h'},
        {0, 0, 0, 0},
    };
    bool quick = false;
    const char *output = "out/calibration.json", *profile = NULL;
    uint64_t max = 0, hmax = UINT64_MAX, reps = 0, rounds = UINT64_MAX, levels = 0, seed = 1;
    optind = 1;
    for (int c; (c = getopt_long(argc, argv, "o:h", opts, NULL)) != -1;) {
        switch (c) {
        case 'q': quick = true; break;
        case 'o': output = optarg; break;
        case 'p': profile = optarg; break;
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
        case 'R':
            if (vmlab_parse_count(optarg, &rounds) || rounds > 20)
                return cli_usage("calibrate", "--rounds: expected 0..20, got '%s'", optarg);
            break;
        case 'L':
            if (vmlab_parse_count(optarg, &levels) || levels < 1 || levels > CALIB_STEPS_MAX)
                return cli_usage("calibrate", "--tlb-levels: expected 1..%d, got '%s'",
                                 CALIB_STEPS_MAX, optarg);
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
    if (rounds == UINT64_MAX)
        rounds = quick ? 3 : 5;
    char profile_buf[1024];
    if (!profile) {
        default_profile(output, profile_buf, sizeof profile_buf);
        profile = profile_buf;
    }
    FILE *out = strcmp(output, "-") ? stdout : stderr; /* the document may go to stdout */

    /* the clock, the timer, the CPU: before, and the clock again after */
    int cpu = chase_pin();
    const char *clock_method;
    double ghz0 = chase_clock_ghz(&clock_method), timer = chase_timer_overhead_ns();
    json_t *disc = vmlab_discover_json();
    json_t *doc = json_pack("{s:s, s:s, s:O}", "schema", "vmlab-calibration/1", "vmlab",
                            vmlab_version(), "discovery", disc);
    json_t *unavailable = json_object();
    const char *events[COUNTERS_MAX];
    size_t nev = 0;
    for (const struct counter_event *e = counters_tlb_events; e->name && nev + 2 < COUNTERS_MAX;
         e++)
        events[nev++] = e->name;
    events[nev++] = "minor-faults";
    events[nev] = NULL;
    struct cpuid_tlbs cpuid;
    bool have_cpuid = cpuid_read(&cpuid) == 0;

    struct size_run sz[2] = {{.label = "4K", .page_size = 4096},
                             {.label = "2M", .page_size = HUGE_2M}};
    struct vmlab_error err = {0};
    int rc = 0;
    double ghz_mid = ghz0;
    for (int k = 0; k < 2 && !rc; k++) {
        struct size_run *s = &sz[k];
        if (k == 1 && hmax < 1)
            break;
        s->src = (struct host_source){.label = s->label,
                                      .o = {.page_size = s->page_size,
                                            .reps = (unsigned)reps,
                                            .steps = quick ? 100000 : 1000000,
                                            .seed = seed,
                                            .timer_ns = timer},
                                      .events = events,
                                      .nevents = nev,
                                      .unavailable = unavailable,
                                      .progress = isatty(2)};
        s->plan = (struct calib_plan){.max_pages = k ? hmax : max,
                                      .per_octave = k ? (quick ? 2 : 4) : (quick ? 4 : 8),
                                      .rounds = (unsigned)rounds,
                                      .remeasure = 2,
                                      .min_step_ns = 0.5};
        struct calib_source src = {host_measure, &s->src};
        rc = calib_curve_measure(&s->curve, &s->plan, &src, &s->fit, &err);
        if (s->src.progress)
            fputc('\n', stderr);
        s->measured = !rc;
        if (k == 0)
            ghz_mid = chase_clock_ghz(&clock_method);
    }
    double ghz1 = chase_clock_ghz(&clock_method);
    double clocks[3] = {ghz0, ghz_mid, ghz1};
    double ghz = calib_median(clocks, 3);
    double drift =
        ghz > 0 ? 100 * (fmax(ghz0, fmax(ghz_mid, ghz1)) - fmin(ghz0, fmin(ghz_mid, ghz1))) / ghz
                : 0;
    if (!rc && !(ghz > 0))
        rc = vmlab_error_set(&err, VMLAB_ESYSTEM,
                             "calibrate: the clock frequency is unknown "
                             "(no dependent-add timing, no /proc/cpuinfo)");
    json_t *notes = json_array();
    struct vmlab_mmu_desc *d = NULL;
    unsigned lv[2] = {0, 0};
    if (!rc) {
        /* the levels, the 2M curve's usefulness, the minor fault's cost */
        for (int k = 0; k < 2; k++) {
            struct size_run *s = &sz[k];
            if (!s->measured)
                continue;
            s->walks = walks_of(s);
            s->huge_ok = true;
            for (size_t i = 0; i < s->src.n; i++)
                if (k == 1 && strcmp(s->src.recs[i].r.backing, "thp") &&
                    strcmp(s->src.recs[i].r.backing, "hugetlbfs"))
                    s->huge_ok = false;
            lv[k] = calib_tlb_levels(
                &s->fit, (int)levels, s->curve.pages, s->walks, s->curve.n,
                have_cpuid ? cpuid_levels(&cpuid, k ? CPUID_PAGE_2M : CPUID_PAGE_4K) : 0);
        }
        if (sz[1].measured && !sz[1].huge_ok)
            json_array_append_new(notes,
                                  json_string("2M: the kernel did not back every chase with huge "
                                              "pages (THP off, or memory fragmented): the 2M "
                                              "curve is left out of the profile"));
        double touch[1024];
        size_t nt = 0;
        for (size_t i = 0; i < sz[0].src.n && nt < 1024; i++)
            if (sz[0].src.recs[i].pages >= 64)
                touch[nt++] = sz[0].src.recs[i].r.touch_ns;
        double minor_ns = nt ? calib_median(touch, nt) : 0;
        char origin[512];
        origin_text(disc, origin, sizeof origin);
        struct calib_profile_in in = {
            .origin = origin,
            .ghz = ghz,
            .minor_fault = minor_ns > 0 ? (uint64_t)llround(minor_ns * ghz) : 0,
            .cpuid = have_cpuid ? &cpuid : NULL,
        };
        for (int k = 0; k < 2; k++)
            in.size[k] = (struct calib_size){sz[k].measured && (k == 0 || sz[k].huge_ok),
                                             &sz[k].fit, lv[k], sz[k].plan.max_pages};
        json_t *prof = calib_profile_json(&in, notes);
        /* the profile is read back by the loader experiments use: what runs is what was written */
        char *text = json_dumps(prof, JSON_COMPACT);
        if (!text)
            rc = vmlab_error_set(&err, VMLAB_ESYSTEM, "out of memory");
        else
            rc = vmlab_mmu_desc_load(&d, text, NULL, "the calibrated profile", &err);
        free(text);
        if (!rc && cli_mkdirs("calibrate", profile, true))
            rc = EXIT_RUNTIME;
        else if (!rc)
            rc = vmlab_results_write(prof, profile, &err);
        json_object_set_new(doc, "profile", prof);
        json_object_set_new(doc, "profile_path", json_string(profile));
    }
    json_t *curves = json_object(), *inferred = json_object(), *errors = json_object();
    json_t *cmp = json_array();
    double maxe[2] = {0, 0}, meane[2] = {0, 0};
    for (int k = 0; k < 2 && !rc; k++) {
        struct size_run *s = &sz[k];
        if (!s->measured)
            continue;
        json_t *pts;
        rc = points_json(s, d, ghz, seed, &pts, &maxe[k], &meane[k], &err);
        if (rc)
            break;
        json_object_set_new(curves, s->label, pts);
        json_object_set_new(inferred, s->label, fit_json(s, lv[k], ghz));
        json_object_set_new(
            errors, s->label,
            json_pack("{s:f, s:f}", "max_abs_pct", maxe[k], "mean_abs_pct", meane[k]));
        json_t *c = calib_compare_cpuid(have_cpuid ? &cpuid : NULL, &s->fit, s->label,
                                        k ? CPUID_PAGE_2M : CPUID_PAGE_4K, lv[k]);
        json_array_extend(cmp, c);
        json_decref(c);
    }
    json_object_set_new(
        doc, "settings",
        json_pack("{s:b, s:I, s:I, s:I, s:I, s:I, s:I, s:I, s:i}", "quick", quick, "max_pages",
                  (json_int_t)max, "huge_max_pages", (json_int_t)hmax, "reps", (json_int_t)reps,
                  "rounds", (json_int_t)rounds, "tlb_levels", (json_int_t)levels, "steps",
                  (json_int_t)(quick ? 100000 : 1000000), "seed", (json_int_t)seed, "cpu", cpu));
    json_object_set_new(doc, "clock",
                        json_pack("{s:f, s:s, s:[f, f, f], s:f, s:f}", "ghz", ghz, "method",
                                  clock_method, "measured_ghz", ghz0, ghz_mid, ghz1, "drift_pct",
                                  drift, "timer_overhead_ns", timer));
    if (drift > 5)
        json_array_append_new(notes, json_string("the clock moved by more than 5% during the "
                                                 "calibration (frequency scaling, or another "
                                                 "load): latencies in cycles mix speeds"));
    if (cpu < 0)
        json_array_append_new(notes, json_string("could not pin the thread to a CPU "
                                                 "(sched_setaffinity refused): migrations add "
                                                 "noise"));
    json_object_set_new(doc, "curves", curves);
    json_object_set_new(doc, "inferred", inferred);
    json_object_set_new(doc, "model_error", errors);
    json_object_set_new(doc, "cpuid_comparison", cmp);
    json_object_set_new(doc, "counters_unavailable", unavailable);
    json_object_set_new(doc, "notes", notes);

    if (!rc) {
        fprintf(out, "clock %.3f GHz (%s; drift %.1f%%), timer %.0f ns, pinned to CPU %d\n", ghz,
                clock_method, drift, timer, cpu);
        for (int k = 0; k < 2; k++)
            if (sz[k].measured)
                print_size(out, &sz[k], lv[k], ghz, maxe[k], meane[k]);
        size_t i;
        json_t *v;
        json_array_foreach(cmp, i, v) {
            const json_t *ce = json_object_get(v, "cpuid_entries");
            const char *ps = json_string_value(json_object_get(v, "page_size"));
            long long lvl = (long long)json_integer_value(json_object_get(v, "level"));
            if (json_is_integer(ce))
                fprintf(out, "  %s level %lld vs CPUID: %lld inferred, %lld reported: %s\n", ps,
                        lvl, (long long)json_integer_value(json_object_get(v, "inferred_entries")),
                        (long long)json_integer_value(ce),
                        json_is_true(json_object_get(v, "agrees"))
                            ? "agree"
                            : "DISAGREE (a VM may report made-up CPUID values)");
            else
                fprintf(out, "  %s level %lld: %s\n", ps, lvl,
                        json_string_value(json_object_get(v, "note")));
        }
        const char *k;
        json_object_foreach(unavailable, k, v)
            fprintf(out, "  %s: %s\n", k, json_string_value(v));
        json_array_foreach(notes, i, v)
            fprintf(out, "  note: %s\n", json_string_value(v));
    }
    for (int k = 0; k < 2; k++)
        size_free(&sz[k]);
    vmlab_mmu_desc_free(d);
    json_decref(disc);
    if (rc) {
        json_decref(doc);
        return rc == EXIT_RUNTIME ? rc : cli_fail(&err);
    }
    if (strcmp(output, "-") && cli_mkdirs("calibrate", output, true))
        rc = EXIT_RUNTIME;
    else if (vmlab_results_write(doc, output, &err))
        rc = cli_fail(&err);
    else
        fprintf(out, "profile: %s\ncalibration: %s\n", profile, output);
    json_decref(doc);
    return rc;
}
