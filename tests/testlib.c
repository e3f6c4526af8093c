/*
 * testlib.c - shared test helpers (testlib.h).
 */
#include <config.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/config.h"
#include "testlib.h"
#include "workloads/text.h"

int test_run_suite(Suite *s)
{
    SRunner *sr = srunner_create(s);
    srunner_run_all(sr, CK_SILENT);
    int n = srunner_ntests_run(sr);
    TestResult **res = srunner_results(sr);
    printf("1..%d\n", n);
    for (int i = 0; i < n; i++) {
        TestResult *r = res[i];
        if (tr_rtype(r) == CK_PASS)
            printf("ok %d - %s\n", i + 1, tr_tcname(r));
        else
            printf("not ok %d - %s: %s:%d: %s\n", i + 1, tr_tcname(r), tr_lfile(r), tr_lno(r),
                   tr_msg(r));
    }
    int failed = srunner_ntests_failed(sr);
    free(res);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}

struct victims {
    char *buf;
    size_t len, used;
};

static void on_step(void *arg, const struct vmlab_step *st)
{
    struct victims *v = arg;
    if (st->evicted && v->used < v->len)
        v->used += (size_t)snprintf(v->buf + v->used, v->len - v->used, "%s%llu",
                                    v->used ? " " : "",
                                    (unsigned long long)vmlab_page_key_page(st->victim_key));
}

static struct vmlab_metrics sim_stream(const char *spec, struct vmlab_stream *s, uint32_t frames,
                                       int visibility, uint64_t seed, struct victims *v)
{
    struct vmlab_error err = {0};
    struct vmlab_spec ps;
    int rc = vmlab_spec_parse(&ps, spec, 1, "test", &err);
    ck_assert_msg(rc == 0, "%s", err.msg);
    struct vmlab_sim_config cfg = {
        .policy = ps.policy,
        .policy_params = &ps.params,
        .frames = frames,
        .page_size = 4096,
        .visibility = visibility,
        .seed = seed,
        .step = v ? on_step : NULL,
        .step_arg = v,
    };
    struct vmlab_sim_result r;
    rc = vmlab_simulate(&cfg, s, &r, &err);
    ck_assert_msg(rc == 0, "%s", err.msg);
    struct vmlab_metrics m = r.total;
    vmlab_sim_result_free(&r);
    vmlab_spec_free(&ps);
    return m;
}

struct vmlab_metrics test_sim_ex(const char *spec, const char *refs, uint32_t frames,
                                 int visibility, uint64_t seed)
{
    struct vmlab_error err = {0};
    struct vmlab_stream *s;
    int rc = vmlab_text_open_string(&s, refs, "refs", VMLAB_UNIT_PAGE, &err);
    ck_assert_msg(rc == 0, "%s", err.msg);
    struct vmlab_metrics m = sim_stream(spec, s, frames, visibility, seed, NULL);
    vmlab_stream_close(s);
    return m;
}

struct vmlab_metrics test_sim_stream(const char *spec, struct vmlab_stream *s, uint32_t frames,
                                     int visibility, uint64_t seed)
{
    return sim_stream(spec, s, frames, visibility, seed, NULL);
}

struct vmlab_metrics test_sim(const char *spec, const char *refs, uint32_t frames)
{
    return test_sim_ex(spec, refs, frames, VMLAB_VIS_EXACT, 1);
}

static struct vmlab_metrics sim_refs(const char *spec, const struct vmlab_ref *refs, size_t n,
                                     uint32_t frames, int visibility, uint64_t seed,
                                     struct victims *v)
{
    struct vmlab_stream *s = vmlab_stream_memory((struct vmlab_ref *)refs, n, VMLAB_UNIT_PAGE,
                                                 false);
    ck_assert_ptr_nonnull(s);
    struct vmlab_metrics m = sim_stream(spec, s, frames, visibility, seed, v);
    vmlab_stream_close(s);
    return m;
}

struct vmlab_metrics test_sim_refs(const char *spec, const struct vmlab_ref *refs, size_t n,
                                   uint32_t frames)
{
    return sim_refs(spec, refs, n, frames, VMLAB_VIS_EXACT, 1, NULL);
}

struct vmlab_metrics test_sim_refs_ex(const char *spec, const struct vmlab_ref *refs, size_t n,
                                      uint32_t frames, int visibility, uint64_t seed)
{
    return sim_refs(spec, refs, n, frames, visibility, seed, NULL);
}

void test_victims_refs(const char *spec, const struct vmlab_ref *refs, size_t n, uint32_t frames,
                       int visibility, char *buf, size_t len)
{
    buf[0] = '\0';
    struct victims v = {buf, len, 0};
    sim_refs(spec, refs, n, frames, visibility, 1, &v);
    ck_assert_msg(v.used + 1 < len, "victim buffer of %zu bytes too small", len);
}

struct vmlab_metrics test_expect(const char *spec, const char *refs, uint32_t frames,
                                 int visibility, uint64_t faults, const char *victims)
{
    struct vmlab_error err = {0};
    struct vmlab_stream *s;
    int rc = vmlab_text_open_string(&s, refs, "refs", VMLAB_UNIT_PAGE, &err);
    ck_assert_msg(rc == 0, "%s", err.msg);
    char buf[1024] = "";
    struct victims v = {buf, sizeof buf, 0};
    struct vmlab_metrics m = sim_stream(spec, s, frames, visibility, 1, &v);
    vmlab_stream_close(s);
    ck_assert_msg(m.faults == faults, "%s, %u frames, %s: %llu faults, expected %llu", spec,
                  frames, vmlab_visibility_name(visibility), (unsigned long long)m.faults,
                  (unsigned long long)faults);
    ck_assert_msg(!strcmp(buf, victims), "%s, %u frames, %s: victims \"%s\", expected \"%s\"",
                  spec, frames, vmlab_visibility_name(visibility), buf, victims);
    return m;
}

void test_check_stack(const char *spec, const struct vmlab_ref *refs, size_t n,
                      uint32_t max_frames, const char *what)
{
    uint64_t prev = UINT64_MAX;
    for (uint32_t frames = 1; frames <= max_frames; frames++) {
        uint64_t f = test_sim_refs(spec, refs, n, frames).faults;
        ck_assert_msg(f <= prev, "%s on %s: %u frames, %llu faults > %llu with one frame less",
                      spec, what, frames, (unsigned long long)f, (unsigned long long)prev);
        prev = f;
    }
}

size_t test_workload_refs(const char *spec, uint64_t seed, struct vmlab_ref **refs)
{
    size_t n;
    *refs = test_workload_read(spec, seed, &n);
    for (size_t i = 0; i < n; i++)
        (*refs)[i].addr >>= 12;
    return n;
}

void test_victims(const char *spec, const char *refs, uint32_t frames, char *buf, size_t len)
{
    test_victims_ex(spec, refs, frames, VMLAB_VIS_EXACT, buf, len);
}

void test_victims_ex(const char *spec, const char *refs, uint32_t frames, int visibility,
                     char *buf, size_t len)
{
    struct vmlab_error err = {0};
    struct vmlab_stream *s;
    int rc = vmlab_text_open_string(&s, refs, "refs", VMLAB_UNIT_PAGE, &err);
    ck_assert_msg(rc == 0, "%s", err.msg);
    buf[0] = '\0';
    struct victims v = {buf, len, 0};
    sim_stream(spec, s, frames, visibility, 1, &v);
    vmlab_stream_close(s);
}

int test_workload_open(const char *spec, uint64_t seed, struct vmlab_stream **s,
                       struct vmlab_error *err)
{
    struct vmlab_workload_env env = {.page_size = 4096, .base_dir = NULL};
    return vmlab_workload_open_spec(s, spec, seed, 0, &env, "test", err);
}

struct vmlab_ref *test_workload_read(const char *spec, uint64_t seed, size_t *n)
{
    struct vmlab_error err = {0};
    struct vmlab_stream *s;
    int rc = test_workload_open(spec, seed, &s, &err);
    ck_assert_msg(rc == 0, "%s: %s", spec, err.msg);
    struct vmlab_ref *refs;
    rc = vmlab_stream_slurp(s, &refs, n, &err);
    ck_assert_msg(rc == 0, "%s: %s", spec, err.msg);
    ck_assert_msg(s->length == 0 || s->length == *n, "%s: length %llu announced, %zu read", spec,
                  (unsigned long long)s->length, *n);
    vmlab_stream_close(s);
    return refs;
}

int test_parse_experiment(struct vmlab_experiment *e, const char *json, struct vmlab_error *err)
{
    json_error_t jerr;
    json_t *doc = json_loads(json, 0, &jerr);
    ck_assert_msg(doc != NULL, "test JSON: %s", jerr.text);
    int rc = vmlab_experiment_parse(e, doc, "exp.json", ".", "exp", err);
    json_decref(doc);
    return rc;
}
