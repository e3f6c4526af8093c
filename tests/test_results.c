/*
 * test_results.c - the results module: Student-t quantiles and confidence
 * intervals against closed forms and published tables, flat keys, cells
 * and run identities, the summary over seeds, merging (provenance,
 * duplicates, conflicts, units) and CSV export (RFC 4180 quoting).
 */
#include <config.h>

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/config.h"
#include "results/csv.h"
#include "results/flat.h"
#include "results/merge.h"
#include "results/stats.h"
#include "results/summary.h"
#include "testlib.h"

static json_t *parse(const char *text)
{
    json_error_t e;
    json_t *j = json_loads(text, 0, &e);
    ck_assert_msg(j != NULL, "test JSON: %s at %d:%d", e.text, e.line, e.column);
    return j;
}

/* ---- Student t ---- */

START_TEST(t_quantiles_closed_forms)
{
    /* v = 1 (Cauchy): t(p) = tan(pi (p - 1/2)) */
    ck_assert_double_eq_tol(vmlab_t_quantile(0.975, 1), tan(M_PI * 0.475), 1e-12);
    ck_assert_double_eq_tol(vmlab_t_quantile(0.75, 1), 1.0, 1e-14);
    /* v = 2: P(|T| < t) = t / sqrt(2 + t^2), so t = a sqrt(2 / (1 - a^2)), a = 2p - 1:
       p = 0.975, a = 0.95: t = 0.95 sqrt(2 / 0.0975) = 4.302652729749464 */
    ck_assert_double_eq_tol(vmlab_t_quantile(0.975, 2), 0.95 * sqrt(2 / 0.0975), 1e-12);
    ck_assert_double_eq_tol(vmlab_t_quantile(0.975, 2), 4.302653, 5e-7);
    ck_assert_double_eq_tol(vmlab_t_two_sided(1.0, 2), 1 / sqrt(3.0), 1e-15);
    ck_assert_double_eq_tol(vmlab_t_two_sided(1.0, 1), 0.5, 1e-15);
    ck_assert_double_eq(vmlab_t_quantile(0.5, 7), 0.0);
    ck_assert(isnan(vmlab_t_quantile(0.975, 0)));
    ck_assert(isnan(vmlab_t_quantile(1.0, 3)));
}
END_TEST

START_TEST(t_quantiles_match_the_tables)
{
    /* two-sided 95% (p = 0.975) and 99% (p = 0.995) critical values, as printed in
       every statistics table (and R's qt) to 6 decimals */
    static const struct {
        unsigned long df;
        double p, t;
    } table[] = {
        {3, 0.975, 3.182446},  {4, 0.975, 2.776445},   {5, 0.975, 2.570582},
        {9, 0.975, 2.262157},  {10, 0.975, 2.228139},  {29, 0.975, 2.045230},
        {30, 0.975, 2.042272}, {100, 0.975, 1.983972}, {1000, 0.975, 1.962339},
        {4, 0.995, 4.604095},  {9, 0.995, 3.249836},   {0, 0, 0},
    };
    for (size_t i = 0; table[i].df; i++)
        ck_assert_msg(fabs(vmlab_t_quantile(table[i].p, table[i].df) - table[i].t) < 5e-7,
                      "t(%g, %lu) = %.9f, expected %.6f", table[i].p, table[i].df,
                      vmlab_t_quantile(table[i].p, table[i].df), table[i].t);
}
END_TEST

START_TEST(stats_by_hand)
{
    /*
     * LRU faults of three seeds: 6013 6062 6092
     *   mean  = 18167 / 3                        = 6055.666667
     *   dev   = -42.667, 6.333, 36.333; squares 1820.444 + 40.111 + 1320.111 = 3180.667
     *   sd    = sqrt(3180.667 / 2)               = 39.878984
     *   ci95  = t(0.975, 2) sd / sqrt 3 = 4.302653 x 23.024144 = 99.064887
     */
    const double x[] = {6013, 6062, 6092};
    struct vmlab_stats s;
    vmlab_stats_compute(x, 3, VMLAB_CONFIDENCE, NULL, &s);
    ck_assert_uint_eq(s.n, 3);
    ck_assert_double_eq_tol(s.mean, 18167.0 / 3, 1e-9);
    ck_assert_double_eq_tol(s.sd, sqrt(3180.0 + 2.0 / 3) / sqrt(2.0), 1e-9);
    ck_assert_double_eq_tol(s.ci, 0.95 * sqrt(2 / 0.0975) * s.sd / sqrt(3.0), 1e-9);
    ck_assert_double_eq_tol(s.ci, 99.064887, 1e-6);
    ck_assert_double_eq(s.min, 6013);
    ck_assert_double_eq(s.max, 6092);

    /* one value: no spread to speak of */
    vmlab_stats_compute(x, 1, VMLAB_CONFIDENCE, NULL, &s);
    ck_assert_double_eq(s.mean, 6013);
    ck_assert(isnan(s.sd) && isnan(s.ci));

    /* identical values: exactly the value, exactly no spread (no rounding residue) */
    const double same[] = {0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1};
    vmlab_stats_compute(same, 7, VMLAB_CONFIDENCE, NULL, &s);
    ck_assert(s.mean == 0.1 && s.sd == 0 && s.ci == 0);

    /* the quantile cache gives the same as computing afresh */
    double tq[2] = {0, 0};
    struct vmlab_stats a, b, fresh;
    vmlab_stats_compute(x, 3, VMLAB_CONFIDENCE, NULL, &fresh);
    vmlab_stats_compute(x, 3, VMLAB_CONFIDENCE, tq, &a);
    vmlab_stats_compute(x, 3, VMLAB_CONFIDENCE, tq, &b);
    ck_assert_double_eq(tq[0], 2);
    ck_assert(a.ci == fresh.ci && b.ci == fresh.ci);
}
END_TEST

/* ---- flat keys, cells, identities ---- */

START_TEST(labels_without_seed)
{
    static const char *const cases[][2] = {
        {"zipf:pages=10,seed=3", "zipf:pages=10"},
        {"zipf:seed=3,pages=10", "zipf:pages=10"},
        {"x:seed=1", "x"},
        {"lru", "lru"},
        {"inline:refs='1,seed=2',unit=page", "inline:refs='1,seed=2',unit=page"},
        {"trace:path=\"a,b\",seed=9,unit=page", "trace:path=\"a,b\",unit=page"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char *s = vmlab_label_without_seed(cases[i][0]);
        ck_assert_str_eq(s, cases[i][1]);
        free(s);
    }
}
END_TEST

static const char *const translated_run =
    "{\"params\": {\"workload\": \"zipf:pages=10,seed=2\", \"policy\": \"lru\", \"frames\": 4,"
    "   \"seed\": 2},"
    " \"seeded\": [\"workload\"],"
    " \"metrics\": {\"faults\": 9, \"fault_ratio\": 0.75},"
    " \"translation\": {\"tlb\": [{\"name\": \"L1d-4K\", \"level\": 1, \"mpki\": 1.5},"
    "                            {\"name\": \"L2\", \"level\": 2, \"mpki\": 0.25}],"
    "                   \"walk_refs\": [3, 1], \"cycles\": {\"total\": 120}},"
    " \"processes\": [{\"asid\": 0, \"metrics\": {\"faults\": 9}}],"
    " \"timing\": {\"wall_s\": 0.5}}";

START_TEST(flatten_a_run)
{
    json_t *run = parse(translated_run);
    json_t *flat = vmlab_run_flatten(run, 0);
    char keys[1024] = "";
    const char *k;
    json_t *v;
    json_object_foreach(flat, k, v) {
        strcat(keys, k);
        strcat(keys, " ");
    }
    /* processes and seeded are not columns; arrays of named objects are keyed by name */
    ck_assert_str_eq(keys, "params.workload params.policy params.frames params.seed "
                           "metrics.faults metrics.fault_ratio translation.tlb.L1d-4K.level "
                           "translation.tlb.L1d-4K.mpki translation.tlb.L2.level "
                           "translation.tlb.L2.mpki translation.walk_refs.0 "
                           "translation.walk_refs.1 translation.cycles.total timing.wall_s ");
    ck_assert_double_eq(json_real_value(json_object_get(flat, "translation.tlb.L2.mpki")), 0.25);
    ck_assert_int_eq(json_integer_value(json_object_get(flat, "translation.walk_refs.0")), 3);
    /* "faults" finds metrics.faults, "policy" params.policy */
    const char *full;
    ck_assert_int_eq(json_integer_value(vmlab_flat_get(flat, "faults", &full)), 9);
    ck_assert_str_eq(full, "metrics.faults");
    ck_assert_str_eq(json_string_value(vmlab_flat_get(flat, "policy", NULL)), "lru");
    ck_assert_ptr_null(vmlab_flat_get(flat, "nonesuch", NULL));
    json_decref(flat);

    /* the cell: no seed param, the seeded label without its seed */
    json_t *cell = vmlab_run_cell(run);
    char *s = json_dumps(cell, JSON_COMPACT | JSON_PRESERVE_ORDER);
    ck_assert_str_eq(s, "{\"workload\":\"zipf:pages=10\",\"policy\":\"lru\",\"frames\":4}");
    free(s);
    json_decref(cell);
    s = vmlab_run_identity(run);
    ck_assert_str_eq(s,
                     "{\"cell\":{\"frames\":4,\"policy\":\"lru\",\"workload\":\"zipf:pages=10\"},"
                     "\"seed\":2}");
    free(s);

    /* matching for --where: whole values, spec names, numbers, sizes */
    ck_assert_int_eq(vmlab_run_matches(run, "policy", "lru"), 1);
    ck_assert_int_eq(vmlab_run_matches(run, "workload", "zipf"), 1);
    ck_assert_int_eq(vmlab_run_matches(run, "workload", "zipf:pages=10"), 1);
    ck_assert_int_eq(vmlab_run_matches(run, "workload", "zip"), 0);
    ck_assert_int_eq(vmlab_run_matches(run, "frames", "4"), 1);
    ck_assert_int_eq(vmlab_run_matches(run, "frames", "5"), 0);
    ck_assert_int_eq(vmlab_run_matches(run, "nonesuch", "5"), -1);
    json_decref(run);
}
END_TEST

START_TEST(real_text_reads_back)
{
    /* the shortest of %.15g, %.16g, %.17g that reads back as the same double */
    static const double xs[] = {0.1, 1.0 / 3, 0.75, 1e-5, 123456789.125, 4.302652729749464};
    static const char *const want[] = {"0.1",   "0.3333333333333333", "0.75",
                                       "1e-05", "123456789.125",      "4.302652729749464"};
    for (size_t i = 0; i < sizeof xs / sizeof xs[0]; i++) {
        char buf[40];
        vmlab_real_text(xs[i], buf, sizeof buf);
        ck_assert_str_eq(buf, want[i]);
        ck_assert_double_eq(strtod(buf, NULL), xs[i]);
    }
}
END_TEST

START_TEST(seeds_key)
{
    static const char *const base = "\"workload\": \"loop:pages=5\", \"policy\": \"lru\", "
                                    "\"frames\": 2";
    char text[512];
    struct vmlab_experiment e;
    struct vmlab_error err = {0};
    json_t *doc;

    snprintf(text, sizeof text, "{%s, \"seeds\": {\"count\": 3, \"first\": 5}}", base);
    doc = parse(text);
    ck_assert_int_eq(vmlab_experiment_parse(&e, doc, "x", ".", "x", &err), 0);
    ck_assert_uint_eq(e.nseeds, 3);
    ck_assert(e.seeds[0] == 5 && e.seeds[1] == 6 && e.seeds[2] == 7);
    ck_assert_uint_eq(vmlab_experiment_cells(&e), 3);
    vmlab_experiment_free(&e);
    json_decref(doc);

    snprintf(text, sizeof text, "{%s, \"seeds\": [4, 2]}", base);
    doc = parse(text);
    ck_assert_int_eq(vmlab_experiment_parse(&e, doc, "x", ".", "x", &err), 0);
    ck_assert(e.nseeds == 2 && e.seeds[0] == 4 && e.seeds[1] == 2);
    vmlab_experiment_free(&e);
    json_decref(doc);

    static const char *const bad[][2] = {
        {"\"seeds\": [1, 2, 1]", "$.seeds[2]: seed 1 repeats $.seeds[0]"},
        {"\"seed\": [3, 3]", "$.seed[1]: seed 3 repeats $.seed[0]"},
        {"\"seed\": 1, \"seeds\": [1, 2]", "$.seeds: give either seed or seeds, not both"},
        {"\"seeds\": {\"count\": 0}", "$.seeds.count: expected an integer in [1, 1000000]"},
        {"\"seeds\": {\"n\": 3}", "$.seeds.n: unknown key (known: count, first)"},
        {"\"seeds\": {\"count\": 2, \"first\": -1}",
         "$.seeds.first: expected a non-negative integer seed"},
        {"\"seeds\": [\"a\"]", "$.seeds[0]: expected a non-negative integer seed, got \"a\""},
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        snprintf(text, sizeof text, "{%s, %s}", base, bad[i][0]);
        doc = parse(text);
        ck_assert_int_eq(vmlab_experiment_parse(&e, doc, "x", ".", "x", &err), VMLAB_EINPUT);
        ck_assert_str_eq(err.msg, bad[i][1]);
        json_decref(doc);
    }
}
END_TEST

/* ---- the summary ---- */

/* A document: LRU and RANDOM at 4 frames, seeds 1..3, the workload seeded by the run. */
static json_t *seeds_doc(void)
{
    static const int faults[2][3] = {{6013, 6062, 6092}, {7000, 7000, 7000}};
    json_t *runs = json_array();
    for (int seed = 1; seed <= 3; seed++)
        for (int p = 0; p < 2; p++) {
            char text[512];
            snprintf(text, sizeof text,
                     "{\"params\": {\"workload\": \"zipf:pages=9,seed=%d\", \"policy\": \"%s\","
                     " \"frames\": 4, \"seed\": %d}, \"seeded\": [\"workload\"],"
                     " \"metrics\": {\"faults\": %d, \"fault_ratio\": %g},"
                     " \"timing\": {\"wall_s\": %d}}",
                     seed, p ? "random" : "lru", seed, faults[p][seed - 1],
                     faults[p][seed - 1] / 10000.0, seed);
            json_array_append_new(runs, parse(text));
        }
    return json_pack("{s:s, s:o}", "schema", "vmlab-results/1", "runs", runs);
}

START_TEST(summary_over_seeds)
{
    json_t *doc = seeds_doc();
    struct vmlab_error err = {0};
    ck_assert_int_eq(vmlab_results_summarize(doc, &err), 0);
    const json_t *sum = json_object_get(doc, "summary");
    ck_assert_double_eq(json_real_value(json_object_get(sum, "confidence")), 0.95);
    const json_t *cells = json_object_get(sum, "cells");
    ck_assert_uint_eq(json_array_size(cells), 2);
    const json_t *lru = json_array_get(cells, 0);
    char *s = json_dumps(json_object_get(lru, "params"), JSON_COMPACT | JSON_PRESERVE_ORDER);
    ck_assert_str_eq(s, "{\"workload\":\"zipf:pages=9\",\"policy\":\"lru\",\"frames\":4}");
    free(s);
    s = json_dumps(json_object_get(lru, "runs"), JSON_COMPACT);
    ck_assert_str_eq(s, "[0,2,4]");
    free(s);
    s = json_dumps(json_object_get(lru, "seeds"), JSON_COMPACT);
    ck_assert_str_eq(s, "[1,2,3]");
    free(s);
    const json_t *f = json_object_get(json_object_get(lru, "stats"), "metrics.faults");
    ck_assert_int_eq(json_integer_value(json_object_get(f, "n")), 3);
    ck_assert_double_eq_tol(json_real_value(json_object_get(f, "mean")), 6055.666667, 1e-6);
    ck_assert_double_eq_tol(json_real_value(json_object_get(f, "sd")), 39.878984, 1e-6);
    ck_assert_double_eq_tol(json_real_value(json_object_get(f, "ci95")), 99.064887, 1e-6);
    /* counts stay integers at the extremes */
    ck_assert_int_eq(json_integer_value(json_object_get(f, "min")), 6013);
    ck_assert_int_eq(json_integer_value(json_object_get(f, "max")), 6092);
    /* timing is not summarised (not deterministic) */
    ck_assert_ptr_null(json_object_get(json_object_get(lru, "stats"), "timing.wall_s"));
    /* three equal values: no spread */
    f = json_object_get(json_object_get(json_array_get(cells, 1), "stats"), "metrics.faults");
    ck_assert_double_eq(json_real_value(json_object_get(f, "sd")), 0);

    /* a run repeating another's cell and seed counts once */
    json_array_append(json_object_get(doc, "runs"),
                      json_array_get(json_object_get(doc, "runs"), 0));
    ck_assert_int_eq(vmlab_results_summarize(doc, &err), 0);
    lru = json_array_get(json_object_get(json_object_get(doc, "summary"), "cells"), 0);
    ck_assert_uint_eq(json_array_size(json_object_get(lru, "runs")), 3);

    /* grouping by a chosen param pools the cells; an unknown key is an error */
    const char *by[] = {"frames"};
    json_t *groups = vmlab_summarize(json_object_get(doc, "runs"), by, 1, &err);
    ck_assert_uint_eq(json_array_size(groups), 1);
    f = json_object_get(json_object_get(json_array_get(groups, 0), "stats"), "metrics.faults");
    ck_assert_int_eq(json_integer_value(json_object_get(f, "n")), 6);
    json_decref(groups);
    const char *typo[] = {"polcy"};
    ck_assert_ptr_null(vmlab_summarize(json_object_get(doc, "runs"), typo, 1, &err));
    ck_assert_int_eq(err.code, VMLAB_EINPUT);
    ck_assert_str_eq(err.msg, "no run has a param or metric 'polcy'");
    json_decref(doc);

    /* one seed per cell: no summary */
    doc = parse("{\"runs\": [{\"params\": {\"policy\": \"lru\", \"seed\": 1}, \"metrics\": {}}]}");
    json_object_set_new(doc, "summary", json_object());
    ck_assert_int_eq(vmlab_results_summarize(doc, &err), 0);
    ck_assert_ptr_null(json_object_get(doc, "summary"));
    json_decref(doc);
}
END_TEST

/* ---- merge ---- */

static json_t *small_doc(const char *host, const char *runs)
{
    char text[4096];
    snprintf(text, sizeof text,
             "{\"schema\": \"vmlab-results/1\", \"vmlab\": \"0.1.0\","
             " \"host\": {\"hostname\": \"%s\", \"os\": \"Linux\"},"
             " \"experiment\": {\"name\": \"e\"}, \"units\": {\"faults\": \"faults\"},"
             " \"runs\": [%s]}",
             host, runs);
    return parse(text);
}

#define RUN(policy, seed, faults)                                                                  \
    "{\"params\": {\"policy\": \"" policy "\", \"frames\": 4, \"seed\": " #seed "},"               \
    " \"metrics\": {\"faults\": " #faults "}, \"timing\": {\"wall_s\": " #seed "}}"

START_TEST(merge_keeps_provenance_and_drops_duplicates)
{
    json_t *a = small_doc("alpha", RUN("lru", 1, 9) "," RUN("fifo", 1, 10));
    /* b repeats fifo seed 1 (the same results, other timing) and adds seed 2 */
    json_t *b = small_doc("beta", RUN("fifo", 1, 10) "," RUN("fifo", 2, 11));
    const json_t *docs[] = {a, b};
    const char *names[] = {"a.json", "b.json"};
    json_t *m;
    struct vmlab_merge_report rep;
    struct vmlab_error err = {0};
    ck_assert_int_eq(vmlab_results_merge(docs, names, 2, &m, &rep, &err), 0);
    ck_assert_uint_eq(rep.runs, 3);
    ck_assert_uint_eq(rep.duplicates, 1);
    ck_assert_uint_eq(rep.sources, 2);
    ck_assert(!rep.versions_differ);
    /* hosts differ: no top-level host, each source keeps its own */
    ck_assert_ptr_null(json_object_get(m, "host"));
    ck_assert_str_eq(json_string_value(json_object_get(json_object_get(m, "experiment"), "name")),
                     "e");
    const json_t *sources = json_object_get(m, "sources");
    ck_assert_str_eq(json_string_value(json_object_get(json_array_get(sources, 1), "file")),
                     "b.json");
    const json_t *runs = json_object_get(m, "runs");
    ck_assert_int_eq(json_integer_value(json_object_get(json_array_get(runs, 0), "source")), 0);
    ck_assert_int_eq(json_integer_value(json_object_get(json_array_get(runs, 2), "source")), 1);
    /* fifo now has two seeds: a summary */
    ck_assert_ptr_nonnull(json_object_get(m, "summary"));

    /* merging the merge with a third: sources carried over, indices kept */
    json_t *c = small_doc("alpha", RUN("opt", 1, 7));
    const json_t *docs2[] = {m, c};
    const char *names2[] = {"m.json", "c.json"};
    json_t *m2;
    ck_assert_int_eq(vmlab_results_merge(docs2, names2, 2, &m2, &rep, &err), 0);
    ck_assert_uint_eq(rep.sources, 3);
    runs = json_object_get(m2, "runs");
    ck_assert_int_eq(json_integer_value(json_object_get(json_array_get(runs, 2), "source")), 1);
    ck_assert_int_eq(json_integer_value(json_object_get(json_array_get(runs, 3), "source")), 2);
    json_decref(m2);
    json_decref(m);
    json_decref(c);
    json_decref(a);
    json_decref(b);
}
END_TEST

START_TEST(merge_refuses_conflicts)
{
    json_t *a = small_doc("alpha", RUN("lru", 1, 9));
    json_t *b = small_doc("alpha", RUN("lru", 1, 8));
    const json_t *docs[] = {a, b};
    const char *names[] = {"a.json", "b.json"};
    json_t *m;
    struct vmlab_merge_report rep;
    struct vmlab_error err = {0};
    ck_assert_int_eq(vmlab_results_merge(docs, names, 2, &m, &rep, &err), VMLAB_EINPUT);
    ck_assert_str_eq(err.msg, "b.json: $.runs[0]: the same cell and seed as a.json $.runs[0] but "
                              "different results (metrics.faults: 9 vs 8)");
    ck_assert_ptr_null(m);
    json_decref(b);

    b = small_doc("alpha", RUN("lru", 2, 8));
    json_object_set_new(json_object_get(b, "units"), "faults", json_string("pages"));
    docs[1] = b;
    ck_assert_int_eq(vmlab_results_merge(docs, names, 2, &m, &rep, &err), VMLAB_EINPUT);
    ck_assert_str_eq(err.msg,
                     "b.json: $.units.faults: is \"pages\" but a.json says \"faults\": the "
                     "documents measure faults differently and cannot be merged");
    json_decref(a);
    json_decref(b);
}
END_TEST

/* ---- CSV ---- */

START_TEST(csv_quotes_and_unions_columns)
{
    /* one field with a comma and quotes, one run without a metric the other has */
    json_t *doc =
        parse("{\"runs\": ["
              "{\"params\": {\"workload\": \"inline:refs='1,2'\", \"policy\": \"a \\\"b\\\"\","
              "  \"seed\": 1}, \"metrics\": {\"faults\": 2, \"ratio\": 0.1}},"
              "{\"params\": {\"workload\": \"loop\", \"policy\": \"lru\", \"seed\": 1},"
              "  \"metrics\": {\"faults\": 3, \"extra\": true},"
              "  \"processes\": [{\"asid\": 0, \"metrics\": {\"faults\": 1}},"
              "                  {\"asid\": 7, \"metrics\": {\"faults\": 2}}]}]}");
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    struct vmlab_error err = {0};
    ck_assert_int_eq(vmlab_results_csv(doc, VMLAB_CSV_RUNS, f, &err), 0);
    fclose(f);
    ck_assert_str_eq(buf, "run,cell,params.workload,params.policy,params.seed,metrics.faults,"
                          "metrics.ratio,metrics.extra\r\n"
                          "0,0,\"inline:refs='1,2'\",\"a \"\"b\"\"\",1,2,0.1,\r\n"
                          "1,1,loop,lru,1,3,,true\r\n");
    free(buf);
    f = open_memstream(&buf, &len);
    ck_assert_int_eq(vmlab_results_csv(doc, VMLAB_CSV_PROCESSES, f, &err), 0);
    fclose(f);
    ck_assert_str_eq(buf,
                     "run,cell,asid,params.workload,params.policy,params.seed,metrics.faults\r\n"
                     "1,1,0,loop,lru,1,1\r\n"
                     "1,1,7,loop,lru,1,2\r\n");
    free(buf);
    json_decref(doc);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("results");
    ADD_TEST(s, t_quantiles_closed_forms);
    ADD_TEST(s, t_quantiles_match_the_tables);
    ADD_TEST(s, stats_by_hand);
    ADD_TEST(s, labels_without_seed);
    ADD_TEST(s, flatten_a_run);
    ADD_TEST(s, real_text_reads_back);
    ADD_TEST(s, seeds_key);
    ADD_TEST(s, summary_over_seeds);
    ADD_TEST(s, merge_keeps_provenance_and_drops_duplicates);
    ADD_TEST(s, merge_refuses_conflicts);
    ADD_TEST(s, csv_quotes_and_unions_columns);
    return test_run_suite(s);
}
