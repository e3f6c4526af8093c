/*
 * test_workloads.c - the first generators: exact sequences where the
 * generator is deterministic by construction (sequential, loop), and for the
 * random ones determinism from the seed and distributions within stated
 * binomial bounds (5 standard deviations: a false alarm about once in 3.5
 * million runs, and the seeds are fixed, so the outcome is reproducible).
 */
#include <config.h>

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "core/config.h"
#include "testlib.h"

/* Read workload @spec fully (4 KiB pages, seed filled from @seed). */
static size_t gen(const char *spec, uint64_t seed, struct vmlab_ref **refs, enum vmlab_unit *unit)
{
    struct vmlab_error err = {0};
    struct vmlab_spec w;
    char full[512];
    snprintf(full, sizeof full, "%s%sseed=%llu", spec, strchr(spec, ':') ? "," : ":",
             (unsigned long long)seed);
    ck_assert_msg(vmlab_spec_parse(&w, full, 0, "test", &err) == 0, "%s", err.msg);
    struct vmlab_workload_env env = {.page_size = 4096, .base_dir = NULL};
    struct vmlab_stream *s;
    ck_assert_msg(w.workload->open(&s, &w.params, &env, &err) == 0, "%s", err.msg);
    size_t n;
    ck_assert_msg(vmlab_stream_slurp(s, refs, &n, &err) == 0, "%s", err.msg);
    if (unit)
        *unit = s->unit;
    vmlab_stream_close(s);
    vmlab_spec_free(&w);
    return n;
}

START_TEST(sequential_exact)
{
    struct vmlab_ref *r;
    enum vmlab_unit unit;
    /* one pass by default: pages 10, 13, 16, 19, 22 as byte addresses */
    size_t n = gen("sequential:pages=5,start=10,stride=3", 1, &r, &unit);
    ck_assert_uint_eq(unit, VMLAB_UNIT_BYTE);
    ck_assert_uint_eq(n, 5);
    for (size_t i = 0; i < n; i++) {
        ck_assert_uint_eq(r[i].addr, (10 + 3 * i) * 4096);
        ck_assert_uint_eq(r[i].op, VMLAB_OP_READ);
    }
    free(r);
    /* refs > pages wraps around */
    n = gen("sequential:pages=3,refs=7", 1, &r, NULL);
    ck_assert_uint_eq(n, 7);
    static const uint64_t want[] = {0, 1, 2, 0, 1, 2, 0};
    for (size_t i = 0; i < n; i++)
        ck_assert_uint_eq(r[i].addr, want[i] * 4096);
    free(r);
}
END_TEST

START_TEST(loop_exact)
{
    struct vmlab_ref *r;
    size_t n = gen("loop:pages=4,refs=10,asid=3", 1, &r, NULL);
    ck_assert_uint_eq(n, 10);
    for (size_t i = 0; i < n; i++) {
        ck_assert_uint_eq(r[i].addr, (i % 4) * 4096);
        ck_assert_uint_eq(r[i].asid, 3);
    }
    free(r);
}
END_TEST

START_TEST(seeded_and_deterministic)
{
    static const char *specs[] = {"uniform:pages=1000,refs=5000", "zipf:pages=1000,refs=5000",
                                  "loop:pages=50,refs=5000,writes=0.5", NULL};
    for (const char **sp = specs; *sp; sp++) {
        struct vmlab_ref *a, *b, *c;
        size_t na = gen(*sp, 7, &a, NULL), nb = gen(*sp, 7, &b, NULL), nc = gen(*sp, 8, &c, NULL);
        ck_assert_uint_eq(na, 5000);
        ck_assert_uint_eq(nb, na);
        ck_assert_uint_eq(nc, na);
        ck_assert_msg(memcmp(a, b, na * sizeof *a) == 0, "%s: same seed differs", *sp);
        ck_assert_msg(memcmp(a, c, na * sizeof *a) != 0, "%s: seed ignored", *sp);
        free(a);
        free(b);
        free(c);
    }
}
END_TEST

/* |count - n p| <= 5 sqrt(n p (1-p)) */
static void binomial_ok(uint64_t count, uint64_t n, double p, const char *what)
{
    double mean = n * p, sd = sqrt(n * p * (1 - p));
    ck_assert_msg(fabs((double)count - mean) <= 5 * sd + 1e-9,
                  "%s: %llu, expected %.1f +- %.1f", what, (unsigned long long)count, mean,
                  5 * sd);
}

START_TEST(uniform_distribution)
{
    struct vmlab_ref *r;
    size_t n = gen("uniform:pages=10,refs=100000,writes=0.25", 3, &r, NULL);
    uint64_t count[10] = {0}, writes = 0;
    for (size_t i = 0; i < n; i++) {
        ck_assert_uint_lt(r[i].addr / 4096, 10);
        ck_assert_uint_eq(r[i].addr % 4096, 0);
        count[r[i].addr / 4096]++;
        writes += r[i].op == VMLAB_OP_WRITE;
    }
    for (int k = 0; k < 10; k++)
        binomial_ok(count[k], n, 0.1, "uniform page count");
    binomial_ok(writes, n, 0.25, "writes");
    free(r);
}
END_TEST

START_TEST(zipf_distribution)
{
    /*
     * alpha = 1 over N = 1000: P(rank k) = 1 / (k H_N), H_1000 = 7.485470860550345.
     * Ranks 1, 2, 10 and 1000 are checked against the binomial bound.
     */
    const double H = 7.485470860550345;
    const uint64_t N = 1000, n = 400000;
    struct vmlab_ref *r;
    size_t got = gen("zipf:pages=1000,alpha=1,refs=4e5", 11, &r, NULL);
    ck_assert_uint_eq(got, n);
    uint64_t *count = calloc(N, sizeof *count);
    for (size_t i = 0; i < n; i++) {
        ck_assert_uint_lt(r[i].addr / 4096, N);
        count[r[i].addr / 4096]++;
    }
    static const uint64_t ranks[] = {1, 2, 10, 1000};
    for (int i = 0; i < 4; i++)
        binomial_ok(count[ranks[i] - 1], n, 1.0 / (ranks[i] * H), "zipf rank");
    free(count);
    free(r);

    /* alpha = 0 is uniform */
    got = gen("zipf:pages=4,alpha=0,refs=40000", 2, &r, NULL);
    uint64_t c4[4] = {0};
    for (size_t i = 0; i < got; i++)
        c4[r[i].addr / 4096]++;
    for (int k = 0; k < 4; k++)
        binomial_ok(c4[k], got, 0.25, "zipf alpha 0");
    free(r);

    /* alpha = 2 over N = 3: weights 1, 1/4, 1/9 of 49/36 */
    got = gen("zipf:pages=3,alpha=2,refs=100000", 5, &r, NULL);
    uint64_t c3[3] = {0};
    for (size_t i = 0; i < got; i++)
        c3[r[i].addr / 4096]++;
    binomial_ok(c3[0], got, 36.0 / 49, "zipf alpha 2 rank 1");
    binomial_ok(c3[1], got, 9.0 / 49, "zipf alpha 2 rank 2");
    binomial_ok(c3[2], got, 4.0 / 49, "zipf alpha 2 rank 3");
    free(r);
}
END_TEST

START_TEST(bad_parameters)
{
    struct vmlab_error err = {0};
    struct vmlab_spec w;
    ck_assert_int_eq(vmlab_spec_parse(&w, "zipf:pages=0", 0, "--workload", &err), VMLAB_EINPUT);
    ck_assert_str_eq(err.msg, "--workload: pages must be in [1, 4.5036e+15], got 0");
    ck_assert_int_eq(vmlab_spec_parse(&w, "zipff:pages=3", 0, "--workload", &err), VMLAB_EINPUT);
    ck_assert_ptr_nonnull(strstr(err.msg, "did you mean 'zipf'"));
    ck_assert_int_eq(vmlab_spec_parse(&w, "loop", 0, "$.workload", &err), VMLAB_EINPUT);
    ck_assert_ptr_nonnull(strstr(err.msg, "parameter 'pages' is required"));
}
END_TEST

int main(void)
{
    Suite *s = suite_create("workloads");
    ADD_TEST(s, sequential_exact);
    ADD_TEST(s, loop_exact);
    ADD_TEST(s, seeded_and_deterministic);
    ADD_TEST(s, uniform_distribution);
    ADD_TEST(s, zipf_distribution);
    ADD_TEST(s, bad_parameters);
    return test_run_suite(s);
}
