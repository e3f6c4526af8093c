/*
 * test_mrc.c - one-pass miss-ratio curves (core/mrc.c): stack distances of
 * reference strings worked by hand, the curve against per-size simulation
 * (vmlab_simulate) at every size on several traces for LRU and OPT, every
 * counter of every process; SHARDS sampling against the exact curve.
 */
#include <config.h>

#include <jansson.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <vmlab/mrc.h>

#include "core/config.h"
#include "core/runner.h"
#include "testlib.h"
#include "workloads/text.h"

/* ---- helpers ---- */

/* The references of workload @spec (generators: byte addresses, 4K pages) in memory. */
static struct vmlab_ref *load_spec(const char *spec, size_t *n, enum vmlab_unit *unit)
{
    struct vmlab_error err = {0};
    struct vmlab_spec s;
    ck_assert_msg(vmlab_spec_parse(&s, spec, 0, "test", &err) == 0, "%s", err.msg);
    struct vmlab_workload_env env = {.page_size = 4096, .base_dir = ""};
    struct vmlab_stream *st;
    ck_assert_msg(s.workload->open(&st, &s.params, &env, &err) == 0, "%s", err.msg);
    struct vmlab_ref *refs;
    ck_assert_msg(vmlab_stream_slurp(st, &refs, n, &err) == 0, "%s", err.msg);
    *unit = st->unit;
    vmlab_stream_close(st);
    vmlab_spec_free(&s);
    return refs;
}

static struct vmlab_ref *load_text(const char *text, size_t *n)
{
    struct vmlab_error err = {0};
    struct vmlab_stream *st;
    ck_assert_msg(vmlab_text_open_string(&st, text, "refs", VMLAB_UNIT_PAGE, &err) == 0, "%s",
                  err.msg);
    struct vmlab_ref *refs;
    ck_assert_msg(vmlab_stream_slurp(st, &refs, n, &err) == 0, "%s", err.msg);
    vmlab_stream_close(st);
    return refs;
}

/* The real trace (113,872 references, 48,974 pages) in memory. */
static struct vmlab_ref *load_cloudphysics(size_t *n)
{
    struct vmlab_error err = {0};
    struct vmlab_stream *s;
    struct vmlab_trace_opts o = {.unit = VMLAB_UNIT_PAGE, .page_size = 4096};
    ck_assert_int_eq(vmlab_trace_open(&s, SHARED_DATA "/cloudPhysicsIO.txt", "auto", &o, &err), 0);
    struct vmlab_ref *refs;
    ck_assert_int_eq(vmlab_stream_slurp(s, &refs, n, &err), 0);
    vmlab_stream_close(s);
    return refs;
}

static struct vmlab_mrc *curve_ex(const struct vmlab_mrc_config *cfg, const struct vmlab_ref *refs,
                                  size_t n, enum vmlab_unit unit)
{
    struct vmlab_error err = {0};
    struct vmlab_stream *s = vmlab_stream_memory((struct vmlab_ref *)refs, n, unit, false);
    struct vmlab_mrc *m;
    ck_assert_msg(vmlab_mrc_compute(&m, cfg, s, &err) == 0, "%s", err.msg);
    vmlab_stream_close(s);
    return m;
}

static struct vmlab_mrc *curve(int algo, const struct vmlab_ref *refs, size_t n,
                               enum vmlab_unit unit)
{
    struct vmlab_mrc_config cfg = {.algo = algo, .page_size = 4096};
    return curve_ex(&cfg, refs, n, unit);
}

/* Stack distances of the text reference string @text, "-" for a first touch: "- - 3". */
static void distances(int algo, const char *text, char *buf, size_t len)
{
    size_t n;
    struct vmlab_ref *refs = load_text(text, &n);
    uint64_t *d = calloc(n, sizeof *d);
    struct vmlab_mrc_config cfg = {
        .algo = algo, .page_size = 4096, .distances = d, .ndistances = n};
    vmlab_mrc_free(curve_ex(&cfg, refs, n, VMLAB_UNIT_PAGE));
    size_t used = 0;
    buf[0] = '\0';
    for (size_t i = 0; i < n && used < len; i++) {
        if (d[i] == VMLAB_MRC_COLD)
            used += (size_t)snprintf(buf + used, len - used, "%s-", i ? " " : "");
        else
            used += (size_t)snprintf(buf + used, len - used, "%s%llu", i ? " " : "",
                                     (unsigned long long)d[i]);
    }
    free(d);
    free(refs);
}

static bool named(const char *const *names, const char *name)
{
    for (; *names; names++)
        if (!strcmp(*names, name))
            return true;
    return false;
}

/* Every counter of @got equals @want, except those in @absent. */
static void same_metrics(const struct vmlab_metrics *got, const struct vmlab_metrics *want,
                         const char *const *absent, uint32_t frames, const char *what)
{
#define SAME(f)                                                                                    \
    if (!named(absent, #f))                                                                        \
    ck_assert_msg(got->f == want->f, "%s, %u frames: " #f " %llu, simulation %llu", what, frames,  \
                  (unsigned long long)got->f, (unsigned long long)want->f)
    SAME(refs);
    SAME(hits);
    SAME(faults);
    SAME(compulsory_faults);
    SAME(major_faults);
    SAME(evictions);
    SAME(writebacks);
    SAME(shootdowns);
    SAME(reads);
    SAME(writes);
    SAME(ifetches);
#undef SAME
}

/*
 * The curve of @refs for policy @policy ("lru" or "opt") against
 * vmlab_simulate with every size 1..distinct+1 (every @stride-th, and the
 * first and last 64, when @stride > 1): totals and every process.
 */
static void check_curve(const char *policy, const struct vmlab_ref *refs, size_t n,
                        enum vmlab_unit unit, uint32_t stride)
{
    struct vmlab_error err = {0};
    const struct vmlab_policy *p = vmlab_policy_find(policy);
    ck_assert_ptr_nonnull(p);
    ck_assert(p->flags & VMLAB_POLICY_STACK);
    int algo = p->flags & VMLAB_POLICY_STACK_OPT ? VMLAB_MRC_OPT : VMLAB_MRC_LRU;
    struct vmlab_mrc *m = curve(algo, refs, n, unit);
    uint64_t pages = vmlab_mrc_pages(m);
    ck_assert_uint_gt(pages, 0);
    struct vmlab_params none;
    vmlab_params_init(&none, NULL);
    size_t checked = 0;
    for (uint64_t c = 1; c <= pages + 1; c++) {
        if (stride > 1 && c > 64 && c + 64 < pages && c % stride)
            continue;
        struct vmlab_sim_config cfg = {
            .policy = p, .policy_params = &none, .frames = (uint32_t)c, .page_size = 4096};
        struct vmlab_stream *s = vmlab_stream_memory((struct vmlab_ref *)refs, n, unit, false);
        struct vmlab_sim_result want, got;
        ck_assert_msg(vmlab_simulate(&cfg, s, &want, &err) == 0, "%s", err.msg);
        vmlab_stream_close(s);
        ck_assert_int_eq(vmlab_mrc_result(m, (uint32_t)c, &got), 0);
        same_metrics(&got.total, &want.total, vmlab_mrc_absent(m, false), (uint32_t)c, policy);
        ck_assert_double_eq(vmlab_mrc_miss_ratio(m, c), vmlab_metrics_fault_ratio(&want.total));
        ck_assert_uint_eq(got.nprocs, want.nprocs);
        for (size_t i = 0; i < got.nprocs; i++) {
            ck_assert_uint_eq(got.procs[i].asid, want.procs[i].asid);
            same_metrics(&got.procs[i].m, &want.procs[i].m, vmlab_mrc_absent(m, true), (uint32_t)c,
                         "a process");
        }
        vmlab_sim_result_free(&want);
        vmlab_sim_result_free(&got);
        checked++;
    }
    ck_assert_uint_gt(checked, 2);
    vmlab_mrc_free(m);
}

/* check_curve of workload @spec (@stride: as check_curve's). */
static void check_spec_stride(const char *policy, const char *spec, uint32_t stride)
{
    size_t n;
    enum vmlab_unit unit;
    struct vmlab_ref *refs = load_spec(spec, &n, &unit);
    check_curve(policy, refs, n, unit, stride);
    free(refs);
}

static void check_spec(const char *policy, const char *spec)
{
    check_spec_stride(policy, spec, 1);
}

/* ---- stack distances worked by hand ---- */

START_TEST(lru_distances_by_hand)
{
    /*
     * LRU: a reference's distance is 1 + the distinct pages referenced since
     * its page's last reference.
     *   t  ref  since last ref   distance   stack after (top first)
     *   0   1   -                inf        1
     *   1   2   -                inf        2 1
     *   2   3   -                inf        3 2 1
     *   3   1   {2, 3}           3          1 3 2
     *   4   2   {3, 1}           3          2 1 3
     *   5   4   -                inf        4 2 1 3
     *   6   1   {2, 4}           3          1 4 2 3
     */
    char buf[128];
    distances(VMLAB_MRC_LRU, "1 2 3 1 2 4 1", buf, sizeof buf);
    ck_assert_str_eq(buf, "- - - 3 3 - 3");
    /*
     * Belady's string 1 2 3 4 1 2 5 1 2 3 4 5: t4 1 {2,3,4} 4; t5 2 {3,4,1} 4;
     * t7 1 {2,5} 3; t8 2 {5,1} 3; t9 3 {4,1,2,5} 5; t10 4 {1,2,5,3} 5;
     * t11 5 {1,2,3,4} 5. Faults with 3 frames: 5 cold + 5 (d > 3) = 10; with
     * 4: 5 + 3 = 8 (tests/e2e/sim.sh has the same by simulation).
     */
    distances(VMLAB_MRC_LRU, "1 2 3 4 1 2 5 1 2 3 4 5", buf, sizeof buf);
    ck_assert_str_eq(buf, "- - - - 4 4 - 3 3 5 5 5");
}
END_TEST

START_TEST(opt_distances_by_hand)
{
    /*
     * OPT's stack, priority = next use (page:next use, top first). A
     * reference at depth d carries the old top down; at each depth above d
     * whose page is used again later than the carried one, they swap; the
     * carried page lands at depth d (a first touch: at the new bottom).
     *   t  ref  depth  distance  stack after
     *   0   1   -      inf       1:3
     *   1   2   -      inf       2:4 1:3                 (1:3 carried to the bottom)
     *   2   3   -      inf       3:- 1:3 2:4             (2:4 passes 1:3)
     *   3   1   2      2         1:6 3:- 2:4
     *   4   2   3      3         2:- 1:6 3:-             (at depth 2, 3:- > 1:6: swap)
     *   5   4   -      inf       4:- 1:6 3:- 2:-         (2:- carried: never used again)
     *   6   1   2      2         ...
     * ("-": never used again.) With 2 frames: 1 2 3 evicts 2 (next use 4 > 3),
     * 1 hits (t3), 2 faults (t4), 4 faults, 1 hits: d = 2, 3, -, 2 as above.
     */
    char buf[128];
    distances(VMLAB_MRC_OPT, "1 2 3 1 2 4 1", buf, sizeof buf);
    ck_assert_str_eq(buf, "- - - 2 3 - 2");
    /*
     * Belady's string; next uses: t0 1->4, t1 2->5, t2 3->9, t3 4->10,
     * t4 1->7, t5 2->8, t6 5->11, t7.. never.
     *   t  ref  distance  stack after
     *   3   4   inf       4:10 1:4 2:5 3:9
     *   4   1   2         1:7 4:10 2:5 3:9
     *   5   2   3         2:8 1:7 4:10 3:9            (4:10 > 1:7 swaps)
     *   6   5   inf       5:11 1:7 2:8 3:9 4:10       (4:10 > 2:8 carried to the bottom)
     *   7   1   2         1:- 5:11 2:8 3:9 4:10
     *   8   2   3         2:- 5:11 1:- 3:9 4:10
     *   9   3   4         3:- 5:11 1:- 2:- 4:10
     *  10   4   5         4:- 5:11 1:- 2:- 3:-
     *  11   5   2
     * Faults with 3 frames: 5 cold + 2 (d > 3: 4, 5) = 7; with 4: 6.
     */
    distances(VMLAB_MRC_OPT, "1 2 3 4 1 2 5 1 2 3 4 5", buf, sizeof buf);
    ck_assert_str_eq(buf, "- - - - 2 3 - 2 3 4 5 2");
}
END_TEST

START_TEST(lru_writebacks_by_hand)
{
    /*
     * LRU, 1W 2 3 1 2W 3 (distances - - - 3 3 3):
     *   1 frame: every reference faults; evicted dirty: 1 (at t1), 2 (at t5) -> 2
     *   2 frames: t2 evicts 1 (dirty), t3 evicts 2, t4 evicts 3, t5 evicts 1
     *             (reloaded clean at t3) -> 1 write-back, 4 evictions (6 faults - 2)
     *   3 frames: nothing is evicted -> 0
     */
    size_t n;
    struct vmlab_ref *refs = load_text("1 W\n2\n3\n1\n2 W\n3\n", &n);
    struct vmlab_mrc *m = curve(VMLAB_MRC_LRU, refs, n, VMLAB_UNIT_PAGE);
    static const uint64_t wb[] = {0, 2, 1, 0, 0};
    static const uint64_t ev[] = {0, 5, 4, 0, 0};
    for (uint32_t c = 1; c <= 4; c++) {
        struct vmlab_sim_result r;
        ck_assert_int_eq(vmlab_mrc_result(m, c, &r), 0);
        ck_assert_uint_eq(r.total.writebacks, wb[c]);
        ck_assert_uint_eq(r.total.evictions, ev[c]);
        vmlab_sim_result_free(&r);
    }
    ck_assert_ptr_null(vmlab_mrc_absent(m, false)[0]);
    vmlab_mrc_free(m);
    free(refs);
}
END_TEST

START_TEST(histogram_and_pages)
{
    /* 1 2 3 1 2 4 1 (LRU): 4 first touches, 3 references at distance 3 */
    size_t n;
    struct vmlab_ref *refs = load_text("1 2 3 1 2 4 1", &n);
    struct vmlab_mrc *m = curve(VMLAB_MRC_LRU, refs, n, VMLAB_UNIT_PAGE);
    ck_assert_uint_eq(vmlab_mrc_refs(m), 7);
    ck_assert_uint_eq(vmlab_mrc_pages(m), 4);
    ck_assert_uint_eq(vmlab_mrc_histogram(m, VMLAB_MRC_COLD), 4);
    ck_assert_uint_eq(vmlab_mrc_histogram(m, 3), 3);
    ck_assert_uint_eq(vmlab_mrc_histogram(m, 2), 0);
    ck_assert_uint_eq(vmlab_mrc_histogram(m, 99), 0);
    /* faults: 7 with 1 or 2 frames, 4 from 3 frames on */
    ck_assert_double_eq(vmlab_mrc_miss_ratio(m, 2), 1.0);
    ck_assert_double_eq(vmlab_mrc_miss_ratio(m, 3), 4.0 / 7.0);
    ck_assert_double_eq(vmlab_mrc_miss_ratio(m, 1000), 4.0 / 7.0);
    ck_assert_uint_gt(vmlab_mrc_bytes(m), 0);
    vmlab_mrc_free(m);
    free(refs);
}
END_TEST

/* ---- the curve equals simulation at every size ---- */

START_TEST(lru_equals_simulation)
{
    check_spec("lru", "loop:pages=40,refs=1000");
    check_spec("lru", "zipf:pages=300,alpha=0.9,refs=6000,seed=3");
    check_spec("lru", "uniform:pages=120,refs=3000,seed=5");
    /* writes: write-backs and evictions at every size too */
    check_spec("lru", "zipf:pages=200,alpha=0.8,refs=5000,writes=0.3,seed=7");
    check_spec("lru", "uniform:pages=64,refs=2000,writes=0.5,seed=2");
}
END_TEST

START_TEST(opt_equals_simulation)
{
    check_spec("opt", "loop:pages=40,refs=1000");
    check_spec("opt", "zipf:pages=300,alpha=0.9,refs=6000,seed=3");
    check_spec("opt", "uniform:pages=120,refs=3000,seed=5");
    /* writes: write-backs are absent from the curve, everything else exact */
    check_spec("opt", "zipf:pages=200,alpha=0.8,refs=5000,writes=0.3,seed=7");
}
END_TEST

START_TEST(opt_deep_equals_simulation)
{
    /* stacks deeper than many summaries (runs of swaps across blocks of 32 depths and
       superblocks of 512); the uniform one mostly first touches and pages never used again */
    check_spec_stride("opt", "zipf:pages=20000,alpha=0.8,refs=100000,seed=11", 331);
    check_spec_stride("opt", "uniform:pages=30000,refs=40000,seed=12", 617);
}
END_TEST

/* Two processes interleaved: global replacement, counters per ASID. */
static struct vmlab_ref *two_processes(size_t *n)
{
    size_t na, nb;
    enum vmlab_unit unit;
    struct vmlab_ref *a =
        load_spec("zipf:pages=150,alpha=0.7,refs=3000,writes=0.2,seed=1,asid=3", &na, &unit);
    struct vmlab_ref *b = load_spec("loop:pages=60,refs=2000,writes=0.1,seed=2,asid=9", &nb, &unit);
    struct vmlab_ref *all = malloc((na + nb) * sizeof *all);
    size_t k = 0, i = 0, j = 0;
    while (i < na || j < nb) {
        if (i < na)
            all[k++] = a[i++];
        if (i < na && (i % 3))
            all[k++] = a[i++];
        if (j < nb)
            all[k++] = b[j++];
    }
    free(a);
    free(b);
    *n = k;
    return all;
}

START_TEST(processes_equal_simulation)
{
    size_t n;
    struct vmlab_ref *refs = two_processes(&n);
    check_curve("lru", refs, n, VMLAB_UNIT_BYTE, 1);
    check_curve("opt", refs, n, VMLAB_UNIT_BYTE, 1);
    free(refs);
}
END_TEST

START_TEST(cloudphysics_equals_simulation)
{
    /* the real trace: 113,872 references, 48,974 pages; sizes 1-64, every
       97th, the last 64 */
    size_t n;
    struct vmlab_ref *refs = load_cloudphysics(&n);
    ck_assert_uint_eq(n, 113872);
    check_curve("lru", refs, n, VMLAB_UNIT_PAGE, 97);
    check_curve("opt", refs, n, VMLAB_UNIT_PAGE, 389);
    free(refs);
}
END_TEST

/*
 * Every reference's LRU distance on the real trace against a plain
 * move-to-front list (Mattson's original O(depth) stack): all sizes at once.
 */
START_TEST(cloudphysics_lru_every_distance)
{
    size_t n;
    struct vmlab_ref *refs = load_cloudphysics(&n);
    uint64_t *d = calloc(n, sizeof *d);
    struct vmlab_mrc_config cfg = {
        .algo = VMLAB_MRC_LRU, .page_size = 4096, .distances = d, .ndistances = n};
    vmlab_mrc_free(curve_ex(&cfg, refs, n, VMLAB_UNIT_PAGE));
    uint64_t *stack = malloc(n * sizeof *stack);
    size_t depth = 0;
    for (size_t t = 0; t < n; t++) {
        uint64_t page = refs[t].addr, want = VMLAB_MRC_COLD;
        size_t i = 0;
        while (i < depth && stack[i] != page)
            i++;
        if (i < depth)
            want = i + 1;
        else
            depth++;
        memmove(stack + 1, stack, i * sizeof *stack);
        stack[0] = page;
        ck_assert_msg(d[t] == want, "reference %zu: distance %llu, the list says %llu", t,
                      (unsigned long long)d[t], (unsigned long long)want);
    }
    ck_assert_uint_eq(depth, 48974);
    free(stack);
    free(d);
    free(refs);
}
END_TEST

/* ---- SHARDS ---- */

START_TEST(shards_rate_one_is_exact)
{
    size_t n;
    enum vmlab_unit unit;
    struct vmlab_ref *refs = load_spec("zipf:pages=2000,alpha=0.9,refs=20000,seed=1", &n, &unit);
    for (int algo = VMLAB_MRC_LRU; algo <= VMLAB_MRC_OPT; algo++) {
        struct vmlab_mrc *exact = curve(algo, refs, n, unit);
        struct vmlab_mrc_config cfg = {
            .algo = algo, .page_size = 4096, .sampling = VMLAB_MRC_FIXED_RATE, .rate = 1.0};
        struct vmlab_mrc *s = curve_ex(&cfg, refs, n, unit);
        ck_assert_uint_eq(vmlab_mrc_sampled_refs(s), n);
        ck_assert_uint_eq(vmlab_mrc_pages(s), vmlab_mrc_pages(exact));
        for (uint32_t c = 1; c <= vmlab_mrc_pages(exact) + 1; c++) {
            struct vmlab_sim_result a, b;
            ck_assert_int_eq(vmlab_mrc_result(s, c, &a), 0);
            ck_assert_int_eq(vmlab_mrc_result(exact, c, &b), 0);
            ck_assert_uint_eq(a.total.faults, b.total.faults);
            ck_assert_uint_eq(a.total.hits, b.total.hits);
            ck_assert_uint_eq(a.total.compulsory_faults, b.total.compulsory_faults);
            ck_assert_uint_eq(a.total.evictions, b.total.evictions);
            ck_assert_uint_eq(a.nprocs, 0);
            vmlab_sim_result_free(&a);
            vmlab_sim_result_free(&b);
        }
        uint64_t sizes[] = {1, 10, 100, 1000, 2000};
        ck_assert_double_eq(vmlab_mrc_mae(s, exact, sizes, 5), 0.0);
        vmlab_mrc_free(s);
        vmlab_mrc_free(exact);
    }
    free(refs);
}
END_TEST

/* MAE of a sampled curve of @refs against the exact one, over sizes 1..pages in 200 steps. */
static double sampled_error(const struct vmlab_mrc_config *cfg, const struct vmlab_ref *refs,
                            size_t n, enum vmlab_unit unit, const struct vmlab_mrc *exact)
{
    struct vmlab_mrc *s = curve_ex(cfg, refs, n, unit);
    uint64_t pages = vmlab_mrc_pages(exact), sizes[200];
    for (size_t i = 0; i < 200; i++)
        sizes[i] = 1 + i * pages / 200;
    double e = vmlab_mrc_mae(s, exact, sizes, 200);
    const char *const *est = vmlab_mrc_estimated(s);
    ck_assert(named(est, "faults") && named(est, "fault_ratio"));
    ck_assert(named(vmlab_mrc_absent(s, false), "writebacks"));
    vmlab_mrc_free(s);
    return e;
}

START_TEST(shards_error_bounds)
{
    /*
     * Zipf, 100,000 pages, alpha 0.9, 1M references, workload and sampling
     * seed 1. Bounds on the mean absolute error of the miss ratio over 200
     * sizes: measured 0.0025 (rate 0.1), 0.018 (rate 0.01), 0.0085 (size
     * 2048 pages, the rate falls to 0.023); over sampling seeds 1-5 they
     * range 0.002-0.011, 0.007-0.018, 0.007-0.016. Stated bounds: 0.01,
     * 0.03, 0.02.
     */
    size_t n;
    enum vmlab_unit unit;
    struct vmlab_ref *refs = load_spec("zipf:pages=100000,alpha=0.9,refs=1e6,seed=1", &n, &unit);
    struct vmlab_mrc *exact = curve(VMLAB_MRC_LRU, refs, n, unit);
    struct vmlab_mrc_config cfg = {
        .algo = VMLAB_MRC_LRU, .page_size = 4096, .sampling = VMLAB_MRC_FIXED_RATE, .seed = 1};
    cfg.rate = 0.1;
    double e1 = sampled_error(&cfg, refs, n, unit, exact);
    cfg.rate = 0.01;
    double e2 = sampled_error(&cfg, refs, n, unit, exact);
    cfg.sampling = VMLAB_MRC_FIXED_SIZE;
    cfg.max_pages = 2048;
    double e3 = sampled_error(&cfg, refs, n, unit, exact);
    fprintf(stderr, "# SHARDS MAE: rate 0.1 %.5f, rate 0.01 %.5f, size 2048 %.5f\n", e1, e2, e3);
    ck_assert_double_le(e1, 0.01);
    ck_assert_double_le(e2, 0.03);
    ck_assert_double_le(e3, 0.02);
    ck_assert_double_gt(e2, 0.0); /* sampling did something */
    vmlab_mrc_free(exact);
    free(refs);
}
END_TEST

START_TEST(shards_fixed_size_bounds_the_sample)
{
    size_t n;
    enum vmlab_unit unit;
    struct vmlab_ref *refs = load_spec("uniform:pages=20000,refs=1e6,seed=4", &n, &unit);
    struct vmlab_mrc_config cfg = {.algo = VMLAB_MRC_LRU,
                                   .page_size = 4096,
                                   .sampling = VMLAB_MRC_FIXED_SIZE,
                                   .max_pages = 1000,
                                   .seed = 1};
    struct vmlab_mrc *s = curve_ex(&cfg, refs, n, unit);
    /* the rate fell to about 1000 / 20000 */
    ck_assert_double_lt(vmlab_mrc_rate(s), 0.06);
    ck_assert_double_gt(vmlab_mrc_rate(s), 0.04);
    /* pages that ever entered: about max_pages (1 + ln(D / max_pages)) = 4,000 */
    ck_assert_uint_le(vmlab_mrc_sampled_pages(s), 5000);
    ck_assert_uint_ge(vmlab_mrc_sampled_pages(s), 3000);
    /* the estimate of the distinct pages is near 20,000 */
    ck_assert_uint_gt(vmlab_mrc_pages(s), 18000);
    ck_assert_uint_lt(vmlab_mrc_pages(s), 22000);
    /* the curve is near the exact one: MAE measured 0.011 (0.002-0.038 over seeds 1-5, as
       fixed-rate sampling at 0.05: the sampled pages are 1000 +- 3% of 20,000 R) */
    struct vmlab_mrc *exact = curve(VMLAB_MRC_LRU, refs, n, unit);
    double e = sampled_error(&cfg, refs, n, unit, exact);
    fprintf(stderr, "# fixed size 1000 on uniform: MAE %.5f, at 10000 frames %.4f (exact %.4f)\n",
            e, vmlab_mrc_miss_ratio(s, 10000), vmlab_mrc_miss_ratio(exact, 10000));
    ck_assert_double_lt(fabs(vmlab_mrc_miss_ratio(s, 10000) - vmlab_mrc_miss_ratio(exact, 10000)),
                        0.03);
    ck_assert_double_lt(e, 0.02);
    vmlab_mrc_free(exact);
    vmlab_mrc_free(s);
    free(refs);
}
END_TEST

START_TEST(bad_configs)
{
    struct vmlab_error err = {0};
    struct vmlab_ref r = {.addr = 1};
    struct vmlab_stream *s = vmlab_stream_memory(&r, 1, VMLAB_UNIT_PAGE, false);
    struct vmlab_mrc *m;
    struct vmlab_mrc_config cfg = {.algo = VMLAB_MRC_OPT,
                                   .page_size = 4096,
                                   .sampling = VMLAB_MRC_FIXED_SIZE,
                                   .max_pages = 10};
    ck_assert_int_eq(vmlab_mrc_compute(&m, &cfg, s, &err), VMLAB_EINPUT);
    ck_assert_ptr_nonnull(strstr(err.msg, "fixed-size sampling applies to LRU"));
    cfg = (struct vmlab_mrc_config){
        .algo = VMLAB_MRC_LRU, .page_size = 4096, .sampling = VMLAB_MRC_FIXED_RATE, .rate = 1.5};
    ck_assert_int_eq(vmlab_mrc_compute(&m, &cfg, s, &err), VMLAB_EINPUT);
    ck_assert_ptr_nonnull(strstr(err.msg, "rate must be in (0, 1]"));
    cfg = (struct vmlab_mrc_config){.algo = VMLAB_MRC_LRU, .page_size = 3000};
    ck_assert_int_eq(vmlab_mrc_compute(&m, &cfg, s, &err), VMLAB_EINPUT);
    vmlab_stream_close(s);
    /* a reference the model cannot take: the same message as a simulation */
    struct vmlab_ref bad = {.addr = 5, .asid = 5000};
    s = vmlab_stream_memory(&bad, 1, VMLAB_UNIT_PAGE, false);
    cfg = (struct vmlab_mrc_config){.algo = VMLAB_MRC_LRU, .page_size = 4096};
    ck_assert_int_eq(vmlab_mrc_compute(&m, &cfg, s, &err), VMLAB_EINPUT);
    ck_assert_str_eq(err.msg, "reference 0: ASID 5000 is beyond 4095");
    vmlab_stream_close(s);
}
END_TEST

/* ---- experiments: "frames": "all", ranges, the many-caches pass ---- */

/* Run the experiment @json (its shared data path in SHARED_DATA). Return: the results. */
static json_t *run_experiment(const char *json)
{
    json_error_t jerr;
    json_t *doc = json_loads(json, 0, &jerr);
    ck_assert_msg(doc != NULL, "%s: %s", json, jerr.text);
    struct vmlab_error err = {0};
    struct vmlab_experiment e;
    ck_assert_msg(vmlab_experiment_parse(&e, doc, "test", SHARED_DATA, "t", &err) == 0, "%s",
                  err.msg);
    json_decref(doc);
    json_t *results;
    ck_assert_msg(vmlab_experiment_run(&e, NULL, &results, &err) == 0, "%s", err.msg);
    vmlab_experiment_free(&e);
    return results;
}

static void expect_config_error(const char *json, const char *msg)
{
    json_t *doc = json_loads(json, 0, NULL);
    ck_assert_ptr_nonnull(doc);
    struct vmlab_error err = {0};
    struct vmlab_experiment e;
    ck_assert_int_eq(vmlab_experiment_parse(&e, doc, "test", ".", "t", &err), VMLAB_EINPUT);
    ck_assert_str_eq(err.msg, msg);
    json_decref(doc);
}

/* A copy of @metrics without the names in the JSON array @absent. */
static json_t *without(const json_t *metrics, const json_t *absent)
{
    json_t *m = json_deep_copy(metrics);
    size_t i;
    json_t *a;
    json_array_foreach(absent, i, a) json_object_del(m, json_string_value(a));
    return m;
}

/*
 * The runs of @a and @b are the same, timing aside: params, metrics and
 * processes byte for byte. With @b simulated (no "method"), @a's runs may
 * have a method, and @b's metrics are compared without those @a lacks.
 */
static void same_runs(const json_t *a, const json_t *b, bool b_simulated)
{
    const json_t *ra = json_object_get(a, "runs"), *rb = json_object_get(b, "runs");
    ck_assert_uint_eq(json_array_size(ra), json_array_size(rb));
    ck_assert_uint_gt(json_array_size(ra), 0);
    for (size_t i = 0; i < json_array_size(ra); i++) {
        const json_t *x = json_array_get(ra, i), *y = json_array_get(rb, i);
        ck_assert_msg(json_equal(json_object_get(x, "params"), json_object_get(y, "params")),
                      "run %zu: params differ", i);
        const json_t *method = json_object_get(x, "method");
        if (!b_simulated || !method) {
            const json_t *mx = json_object_get(x, "method"), *my = json_object_get(y, "method");
            ck_assert((!mx && !my) || json_equal(mx, my));
            ck_assert_msg(json_equal(json_object_get(x, "metrics"), json_object_get(y, "metrics")),
                          "run %zu: metrics differ", i);
            const json_t *px = json_object_get(x, "processes"),
                         *py = json_object_get(y, "processes");
            ck_assert((!px && !py) || json_equal(px, py));
            char *sx = json_dumps(json_object_get(x, "metrics"), JSON_PRESERVE_ORDER);
            char *sy = json_dumps(json_object_get(y, "metrics"), JSON_PRESERVE_ORDER);
            ck_assert_str_eq(sx, sy); /* the same bytes, in the same order */
            free(sx);
            free(sy);
            continue;
        }
        json_t *ym = without(json_object_get(y, "metrics"), json_object_get(method, "absent"));
        ck_assert_msg(
            json_equal(json_object_get(x, "metrics"), ym),
            "run %zu (%s, %lld frames): "
            "metrics differ from the simulation",
            i, json_string_value(json_object_get(json_object_get(x, "params"), "policy")),
            (long long)json_integer_value(json_object_get(json_object_get(x, "params"), "frames")));
        json_decref(ym);
        const json_t *px = json_object_get(x, "processes"), *py = json_object_get(y, "processes");
        ck_assert_uint_eq(json_array_size(px), json_array_size(py));
        for (size_t k = 0; k < json_array_size(px); k++) {
            json_t *pm = without(json_object_get(json_array_get(py, k), "metrics"),
                                 json_object_get(method, "absent_per_process"));
            ck_assert(json_equal(json_object_get(json_array_get(px, k), "metrics"), pm));
            json_decref(pm);
        }
    }
}

static size_t nruns(const json_t *results)
{
    return json_array_size(json_object_get(results, "runs"));
}

static int64_t run_frames(const json_t *results, size_t i)
{
    return json_integer_value(json_object_get(
        json_object_get(json_array_get(json_object_get(results, "runs"), i), "params"), "frames"));
}

START_TEST(frames_all_equals_the_list)
{
    /* zipf over 300 pages with writes: "all" is 1..distinct, the same runs as the list */
    const char *w = "\"workload\": \"zipf:pages=300,alpha=0.8,refs=4000,writes=0.25\", "
                    "\"policy\": [\"lru\", \"opt\"], \"seed\": [1, 2]";
    char json[512];
    snprintf(json, sizeof json, "{%s, \"frames\": \"all\"}", w);
    json_t *all = run_experiment(json);
    /* 2 seeds x 2 policies, each 1..distinct pages of its seed's trace */
    size_t n = nruns(all), per = 0;
    while (per < n && run_frames(all, per) == (int64_t)per + 1)
        per++;
    ck_assert_uint_gt(per, 250);
    ck_assert_uint_le(per, 300);
    ck_assert_int_eq(run_frames(all, per), 1); /* the next policy starts over */
    /* the explicit list of seed 1's sizes, seed 1 only */
    char list[4096];
    size_t used = (size_t)snprintf(list, sizeof list, "[");
    for (size_t k = 1; k <= per; k++)
        used += (size_t)snprintf(list + used, sizeof list - used, "%s%zu", k > 1 ? "," : "", k);
    snprintf(list + used, sizeof list - used, "]");
    char *json2 = malloc(8192);
    snprintf(json2, 8192,
             "{\"workload\": \"zipf:pages=300,alpha=0.8,refs=4000,writes=0.25\", "
             "\"policy\": [\"lru\", \"opt\"], \"frames\": %s}",
             list);
    json_t *listed = run_experiment(json2);
    /* its runs are the first policy's and second policy's of seed 1 */
    json_t *seed1 = json_pack("{s:[]}", "runs");
    for (size_t k = 0; k < nruns(listed); k++)
        json_array_append(json_object_get(seed1, "runs"),
                          json_array_get(json_object_get(all, "runs"), k));
    same_runs(seed1, listed, false);
    /* and simulation size by size ("one_pass": false) agrees on every metric the curve has */
    snprintf(json2, 8192,
             "{\"workload\": \"zipf:pages=300,alpha=0.8,refs=4000,writes=0.25\", "
             "\"policy\": [\"lru\", \"opt\"], \"frames\": %s, "
             "\"one_pass\": false}",
             list);
    json_t *simulated = run_experiment(json2);
    same_runs(listed, simulated, true);
    /* "all" without one pass: the sizes from a first pass, then one simulation each */
    json_t *all_simulated = run_experiment(
        "{\"workload\": \"zipf:pages=300,alpha=0.8,refs=4000,writes=0.25\", \"policy\": "
        "[\"lru\", \"opt\"], \"frames\": \"all\", \"one_pass\": false}");
    same_runs(listed, all_simulated, true);
    json_decref(all_simulated);
    /* LRU's runs have every counter; OPT's lack write-backs (the stream has writes) */
    const json_t *m0 =
        json_object_get(json_array_get(json_object_get(listed, "runs"), 0), "method");
    ck_assert_str_eq(json_string_value(json_object_get(m0, "name")), "lru-stack");
    /* ... but the frames held over time (processes and allocation), which no curve has */
    ck_assert_uint_eq(json_array_size(json_object_get(m0, "absent")), 3);
    ck_assert_str_eq(json_string_value(json_array_get(json_object_get(m0, "absent"), 0)),
                     "frames_end");
    const json_t *m1 =
        json_object_get(json_array_get(json_object_get(listed, "runs"), per), "method");
    ck_assert_str_eq(json_string_value(json_object_get(m1, "name")), "opt-stack");
    ck_assert_str_eq(json_string_value(json_array_get(json_object_get(m1, "absent"), 0)),
                     "writebacks");
    json_decref(all);
    json_decref(listed);
    json_decref(simulated);
    json_decref(seed1);
    free(json2);
}
END_TEST

START_TEST(frames_ranges)
{
    /* {"from": 3, "to": 20, "step": 5}: 3 8 13 18 20 (the end always in) */
    json_t *r = run_experiment("{\"workload\": \"loop:pages=30,refs=300\", \"policy\": \"fifo\", "
                               "\"frames\": {\"from\": 3, \"to\": 20, \"step\": 5}}");
    static const int64_t a[] = {3, 8, 13, 18, 20};
    ck_assert_uint_eq(nruns(r), 5);
    for (size_t i = 0; i < 5; i++)
        ck_assert_int_eq(run_frames(r, i), a[i]);
    json_decref(r);
    /* doubling up to the distinct pages (the real trace: 48,974): 1 2 4 ... 32768 48974 */
    r = run_experiment("{\"workload\": {\"trace\": \"cloudPhysicsIO.txt\"}, \"policy\": \"lru\", "
                       "\"frames\": {\"from\": 1, \"to\": \"all\", \"step\": \"x2\"}}");
    ck_assert_uint_eq(nruns(r), 17);
    for (size_t i = 0; i < 16; i++)
        ck_assert_int_eq(run_frames(r, i), (int64_t)1 << i);
    ck_assert_int_eq(run_frames(r, 16), 48974);
    /* with every page resident only the first touches fault */
    const json_t *last = json_object_get(json_array_get(json_object_get(r, "runs"), 16), "metrics");
    ck_assert_int_eq(json_integer_value(json_object_get(last, "faults")), 48974);
    json_decref(r);
    /* x1.5, rounded up: 1 2 3 5 8 12 18 27 41 62 93 100 */
    r = run_experiment("{\"workload\": \"loop:pages=30,refs=300\", \"policy\": \"lru\", "
                       "\"frames\": {\"to\": 100, \"step\": \"x1.5\"}}");
    static const int64_t b[] = {1, 2, 3, 5, 8, 12, 18, 27, 41, 62, 93, 100};
    ck_assert_uint_eq(nruns(r), 12);
    for (size_t i = 0; i < 12; i++)
        ck_assert_int_eq(run_frames(r, i), b[i]);
    json_decref(r);
}
END_TEST

/*
 * The experiment @head (its JSON without the closing brace) run cell by cell
 * ("one_pass": false) into *@separate, and as it is into *@together.
 */
static void both_ways(const char *head, json_t **separate, json_t **together)
{
    char a[1024], b[1024];
    snprintf(a, sizeof a, "%s, \"one_pass\": false}", head);
    snprintf(b, sizeof b, "%s}", head);
    *separate = run_experiment(a);
    *together = run_experiment(b);
}

START_TEST(many_caches_equal_separate_runs)
{
    /* non-stack policies over many sizes from one decode: the same runs as cell by cell, in
       both visibilities, with writes; lru and opt with 20 sizes take the stack path, with 3
       the one-decode path (OPT's next uses shared by its sizes) */
#define EXP1                                                                                       \
    "{\"workload\": [\"zipf:pages=400,alpha=0.7,refs=6000,writes=0.3\", "                          \
    "{\"trace\": \"cloudPhysicsIO.txt\"}], "                                                       \
    "\"policy\": [\"fifo\", \"clock\", \"random\", \"opt\", \"lru\"], "                            \
    "\"frames\": [1, 7, 64, 100, 333, 1000, 5000, 20000, 40000, 1, 2, 3, 4, 5, 6, 7, "             \
    "8, 9, 10, 11], \"visibility\": \"exact\", \"seed\": 3"
    json_t *separate, *curves;
    both_ways(EXP1, &separate, &curves);
    /* lru has 20 sizes: a stack curve, compared metric by metric; the rest byte for byte */
    same_runs(curves, separate, true);
    json_decref(separate);
    json_decref(curves);
    /* hardware visibility: clock's shoot-downs, a few sizes; timers (tick hooks) inside blocks */
#define EXP2                                                                                       \
    "{\"workload\": \"zipf:pages=400,alpha=0.7,refs=6000,writes=0.3,asid=7\", "                    \
    "\"policy\": [\"clock\", \"fifo\", \"nru:interval=500\", \"aging:interval=700\"], "            \
    "\"frames\": [16, 32, 64], "                                                                   \
    "\"visibility\": \"hardware\""
    both_ways(EXP2, &separate, &curves);
    same_runs(curves, separate, false);
    json_decref(separate);
    json_decref(curves);
#define EXP3                                                                                       \
    "{\"workload\": [\"uniform:pages=500,refs=8000,writes=0.5\", {\"trace\": "                     \
    "\"cloudPhysicsIO.txt\"}], \"policy\": [\"opt\", \"lru\", \"lfu_aging:interval=1000\"], "      \
    "\"frames\": [3, 300, 30000]"
    both_ways(EXP3, &separate, &curves);
    same_runs(curves, separate, false);
    json_decref(separate);
    json_decref(curves);
}
END_TEST

/* The runs of @a and @b are the same, "timing" aside: every other member, byte for byte. */
static void same_but_timing(const json_t *a, const json_t *b)
{
    const json_t *ra = json_object_get(a, "runs"), *rb = json_object_get(b, "runs");
    ck_assert_uint_eq(json_array_size(ra), json_array_size(rb));
    for (size_t i = 0; i < json_array_size(ra); i++) {
        json_t *x = json_deep_copy(json_array_get(ra, i)),
               *y = json_deep_copy(json_array_get(rb, i));
        json_object_del(x, "timing");
        json_object_del(y, "timing");
        char *sx = json_dumps(x, JSON_PRESERVE_ORDER), *sy = json_dumps(y, JSON_PRESERVE_ORDER);
        ck_assert_msg(!strcmp(sx, sy), "run %zu differs:\n%s\n%s", i, sx, sy);
        free(sx);
        free(sy);
        json_decref(x);
        json_decref(y);
    }
}

static double run_wall(const json_t *results, size_t i)
{
    return json_real_value(json_object_get(
        json_object_get(json_array_get(json_object_get(results, "runs"), i), "timing"), "wall_s"));
}

/* @json's results with @jobs threads. */
static json_t *run_jobs(const char *json, unsigned jobs)
{
    json_t *doc = json_loads(json, 0, NULL);
    ck_assert_ptr_nonnull(doc);
    struct vmlab_error err = {0};
    struct vmlab_experiment e;
    ck_assert_msg(vmlab_experiment_parse(&e, doc, "test", SHARED_DATA, "t", &err) == 0, "%s",
                  err.msg);
    json_decref(doc);
    struct vmlab_run_opts o = {.jobs = jobs, .cell = SIZE_MAX};
    json_t *results;
    ck_assert_msg(vmlab_experiment_run_opts(&e, &o, NULL, &results, &err) == 0, "%s", err.msg);
    vmlab_experiment_free(&e);
    return results;
}

START_TEST(shared_decode_equals_separate_runs)
{
    /* cells of different policies, visibilities and translation models that read one workload
       run from one decode, 16 cells at a time: the same runs as cell by cell (translation
       counters and "seeded" included), with any number of threads. Cells: 5 policies (OPT
       needs the future, LRU with one size is simulated) x 2 seeds x 2 MMUs;
       the workload takes the run's seed, so each seed's cells are a group of their own */
#define EXP4                                                                                       \
    "{\"workload\": \"zipf:pages=300,alpha=0.8,refs=5000,writes=0.2\", "                           \
    "\"policy\": [\"fifo\", \"opt\", \"lru\", \"sieve\", \"random\"], \"frames\": 60, "            \
    "\"seed\": [1, 2], "                                                                           \
    "\"mmu\": [\"none\", \"profile:skylake\"]"
    json_t *separate, *shared;
    both_ways(EXP4, &separate, &shared);
    ck_assert_uint_eq(nruns(shared), 20);
    same_but_timing(shared, separate);
    /* a unit's runs share its time: the five policies of a seed (cells 0-4) ran together,
       where cell by cell each had its own */
    for (size_t i = 1; i < 5; i++)
        ck_assert_double_eq(run_wall(shared, i), run_wall(shared, 0));
    ck_assert_double_ne(run_wall(separate, 1), run_wall(separate, 0));
    const json_t *t19 =
        json_object_get(json_array_get(json_object_get(shared, "runs"), 19), "translation");
    ck_assert_str_eq(json_string_value(json_object_get(json_object_get(t19, "model"), "name")),
                     "skylake");
    for (unsigned jobs = 2; jobs <= 3; jobs++) {
        json_t *threaded = run_jobs(EXP4 "}", jobs);
        same_but_timing(threaded, separate);
        json_decref(threaded);
    }
    json_decref(separate);
    json_decref(shared);
    /* one seed for all: sizes x policies x visibilities are one group, units of 16 cells
       (the curve tasks of 2 sizes whole): cells 0-15 share a time, 16-23 another */
#define EXP5                                                                                       \
    "{\"workload\": \"zipf:pages=300,alpha=0.8,refs=5000,writes=0.2,seed=4\", "                    \
    "\"policy\": [\"fifo\", \"clock\", \"gclock\", \"nru:interval=500\", \"aging\", \"random\"], " \
    "\"frames\": [20, 90], \"visibility\": [\"exact\", \"hardware\"]"
    both_ways(EXP5, &separate, &shared);
    ck_assert_uint_eq(nruns(shared), 24);
    same_but_timing(shared, separate);
    for (size_t i = 1; i < 16; i++)
        ck_assert_double_eq(run_wall(shared, i), run_wall(shared, 0));
    for (size_t i = 17; i < 24; i++)
        ck_assert_double_eq(run_wall(shared, i), run_wall(shared, 16));
    json_decref(separate);
    json_decref(shared);
}
END_TEST

START_TEST(sampled_runs_say_so)
{
    json_t *r = run_experiment("{\"workload\": \"zipf:pages=5000,refs=100000\", \"policy\": "
                               "[\"lru\", \"opt\"], \"frames\": {\"from\": 100, \"to\": 5000, "
                               "\"step\": 100}, \"sample\": \"rate:0.1\", \"sample_error\": true}");
    ck_assert_uint_eq(nruns(r), 100);
    for (size_t i = 0; i < 100; i++) {
        const json_t *run = json_array_get(json_object_get(r, "runs"), i);
        const json_t *m = json_object_get(run, "method"), *s = json_object_get(m, "sampling");
        ck_assert_str_eq(json_string_value(json_object_get(s, "name")), "shards-fixed-rate");
        ck_assert_double_eq_tol(json_real_value(json_object_get(s, "rate")), 0.1, 1e-12);
        /* measured 0.0238 (OPT) and below for LRU: 500 sampled pages */
        ck_assert_double_lt(json_real_value(json_object_get(s, "mae")), 0.05);
        ck_assert_double_gt(json_real_value(json_object_get(s, "mae")), 0);
        ck_assert_ptr_null(json_object_get(run, "processes"));
        ck_assert_ptr_null(json_object_get(json_object_get(run, "metrics"), "writebacks"));
        ck_assert_ptr_nonnull(json_object_get(json_object_get(run, "metrics"), "fault_ratio"));
    }
    json_decref(r);
}
END_TEST

START_TEST(curve_config_errors)
{
    const char *w = "{\"workload\": \"loop:pages=5\", \"policy\": \"lru\", ";
    char j[512];
#define ERR(rest, msg)                                                                             \
    do {                                                                                           \
        snprintf(j, sizeof j, "%s%s}", w, rest);                                                   \
        expect_config_error(j, msg);                                                               \
    } while (0)
    ERR("\"frames\": {\"from\": 2}",
        "$.frames.to: missing (a frame count, or \"all\": the workload's distinct pages)");
    ERR("\"frames\": {\"to\": 10, \"by\": 2}", "$.frames.by: unknown key (known: from, to, step)");
    ERR("\"frames\": {\"to\": 10, \"step\": \"x1\"}",
        "$.frames.step: expected a step >= 1 or a factor \"xK\" with K > 1 (\"x2\": doubling)");
    ERR("\"frames\": {\"from\": 0, \"to\": 10}", "$.frames.from: expected a frame count >= 1");
    ERR("\"frames\": {\"from\": 20, \"to\": 10}",
        "$.frames.to: expected a frame count >= from (20), or \"all\"");
    ERR("\"frames\": 4, \"one_pass\": 1", "$.one_pass: expected true or false");
    ERR("\"frames\": 4, \"sample\": \"rate:2\"",
        "$.sample: expected \"rate:R\" (SHARDS at a fixed rate, 0 < R <= 1) or \"size:N\" (at "
        "most N sampled pages)");
    ERR("\"frames\": 4, \"sample_error\": true", "$.sample_error: needs \"sample\"");
    ERR("\"frames\": 4, \"sample\": \"size:100\", \"one_pass\": false",
        "$.sample: sampling needs \"one_pass\": true");
#undef ERR
    expect_config_error("{\"workload\": \"loop:pages=5\", \"policy\": [\"lru\", \"opt\"], "
                        "\"frames\": \"all\", \"sample\": \"size:64\"}",
                        "$.sample: fixed-size sampling applies to LRU curves; policy 'opt' is "
                        "OPT-like (use \"rate:R\")");
}
END_TEST

int main(void)
{
    Suite *s = suite_create("mrc");
    ADD_TEST(s, lru_distances_by_hand);
    ADD_TEST(s, opt_distances_by_hand);
    ADD_TEST(s, lru_writebacks_by_hand);
    ADD_TEST(s, histogram_and_pages);
    ADD_TEST(s, lru_equals_simulation);
    ADD_TEST(s, opt_equals_simulation);
    ADD_TEST(s, opt_deep_equals_simulation);
    ADD_TEST(s, processes_equal_simulation);
    ADD_TEST(s, cloudphysics_equals_simulation);
    ADD_TEST(s, cloudphysics_lru_every_distance);
    ADD_TEST(s, shards_rate_one_is_exact);
    ADD_TEST(s, shards_error_bounds);
    ADD_TEST(s, shards_fixed_size_bounds_the_sample);
    ADD_TEST(s, bad_configs);
    ADD_TEST(s, frames_all_equals_the_list);
    ADD_TEST(s, frames_ranges);
    ADD_TEST(s, many_caches_equal_separate_runs);
    ADD_TEST(s, shared_decode_equals_separate_runs);
    ADD_TEST(s, sampled_runs_say_so);
    ADD_TEST(s, curve_config_errors);
    return test_run_suite(s);
}
