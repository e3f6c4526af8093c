/*
 * testlib.c - shared test helpers (testlib.h).
 */
#include <config.h>

#include <stdbool.h>
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

/* How a run is set up beyond the policy and its memory: the allocation, a step hook. */
struct sim_setup {
    int scope;      /* enum vmlab_scope */
    int allocation; /* enum vmlab_allocation */
    void (*step)(void *arg, const struct vmlab_step *s);
    void *step_arg;
};

/* Simulate @s through @spec as @u says. Return: vmlab_simulate's code; *@r the result when 0. */
static int sim_setup_status(const char *spec, struct vmlab_stream *s, uint32_t frames,
                            int visibility, uint64_t seed, const struct sim_setup *u,
                            struct vmlab_sim_result *r, struct vmlab_error *err)
{
    struct vmlab_spec ps;
    int rc = vmlab_spec_parse(&ps, spec, 1, "test", err);
    if (rc)
        return rc;
    struct vmlab_sim_config cfg = {
        .policy = ps.policy,
        .policy_params = &ps.params,
        .frames = frames,
        .page_size = 4096,
        .visibility = visibility,
        .seed = seed,
        .scope = u->scope,
        .allocation = u->allocation,
        .step = u->step,
        .step_arg = u->step_arg,
    };
    rc = vmlab_simulate(&cfg, s, r, err);
    vmlab_spec_free(&ps);
    return rc;
}

/* Simulate @s through @spec, collecting victims in @v when not NULL. */
static int sim_status(const char *spec, struct vmlab_stream *s, uint32_t frames, int visibility,
                      uint64_t seed, struct victims *v, struct vmlab_metrics *m,
                      struct vmlab_error *err)
{
    struct sim_setup u = {.step = v ? on_step : NULL, .step_arg = v};
    struct vmlab_sim_result r;
    int rc = sim_setup_status(spec, s, frames, visibility, seed, &u, &r, err);
    if (rc == 0) {
        *m = r.total;
        vmlab_sim_result_free(&r);
    }
    return rc;
}

static struct vmlab_metrics sim_stream(const char *spec, struct vmlab_stream *s, uint32_t frames,
                                       int visibility, uint64_t seed, struct victims *v)
{
    struct vmlab_error err = {0};
    struct vmlab_metrics m;
    int rc = sim_status(spec, s, frames, visibility, seed, v, &m, &err);
    ck_assert_msg(rc == 0, "%s", err.msg);
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

/* ---- helpers of the modern-policy tests (issue 3) ---- */

struct vmlab_ref *test_trace_read(const char *path, size_t *n)
{
    struct vmlab_error err = {0};
    struct vmlab_stream *s;
    struct vmlab_trace_opts o = {.unit = VMLAB_UNIT_PAGE, .page_size = 4096};
    ck_assert_msg(vmlab_trace_open(&s, path, "auto", &o, &err) == 0, "%s", err.msg);
    struct vmlab_ref *refs;
    ck_assert_msg(vmlab_stream_slurp(s, &refs, n, &err) == 0, "%s: %s", path, err.msg);
    vmlab_stream_close(s);
    return refs;
}

int test_sim_status(const char *spec, const char *refs, uint32_t frames, int visibility,
                    struct vmlab_error *err)
{
    struct vmlab_stream *s;
    int rc = vmlab_text_open_string(&s, refs, "refs", VMLAB_UNIT_PAGE, err);
    ck_assert_msg(rc == 0, "%s", err->msg);
    struct vmlab_metrics m;
    rc = sim_status(spec, s, frames, visibility, 1, NULL, &m, err);
    vmlab_stream_close(s);
    return rc;
}

/* FNV-1a, 64 bits, over the 8 bytes of @x (little end first). */
static uint64_t fnv1a64(uint64_t h, uint64_t x)
{
    for (int i = 0; i < 8; i++, x >>= 8)
        h = (h ^ (x & 0xff)) * UINT64_C(0x100000001b3);
    return h;
}

static void on_step_hash(void *arg, const struct vmlab_step *st)
{
    uint64_t *h = arg;
    if (st->evicted)
        *h = fnv1a64(*h, st->victim_key);
}

/* Fold @m's counts of what a policy's choices decide into @h. */
static uint64_t hash_metrics(uint64_t h, const struct vmlab_metrics *m)
{
    const uint64_t v[] = {m->faults,     m->major_faults, m->evictions,   m->writebacks,
                          m->cleanings,  m->shootdowns,   m->frames_end,  m->frames_max,
                          m->suspensions};
    for (size_t i = 0; i < sizeof v / sizeof *v; i++)
        h = fnv1a64(h, v[i]);
    return h;
}

struct test_fingerprint test_fingerprint(const char *spec, const struct vmlab_ref *refs, size_t n,
                                         uint32_t frames, int visibility, int scope,
                                         int allocation)
{
    uint64_t h = UINT64_C(0xcbf29ce484222325);
    /* ws and pff defer references, which the step hook cannot show: totals only */
    bool steps = allocation == VMLAB_ALLOC_FIXED;
    struct sim_setup u = {.scope = scope,
                          .allocation = allocation,
                          .step = steps ? on_step_hash : NULL,
                          .step_arg = &h};
    struct vmlab_stream *s = vmlab_stream_memory((struct vmlab_ref *)refs, n, VMLAB_UNIT_PAGE,
                                                 false);
    ck_assert_ptr_nonnull(s);
    struct vmlab_error err = {0};
    struct vmlab_sim_result r;
    int rc = sim_setup_status(spec, s, frames, visibility, 1, &u, &r, &err);
    vmlab_stream_close(s);
    ck_assert_msg(rc == 0, "%s: %s", spec, err.msg);
    h = hash_metrics(h, &r.total);
    for (size_t i = 0; i < r.nprocs; i++)
        h = hash_metrics(fnv1a64(h, r.procs[i].asid), &r.procs[i].m);
    struct test_fingerprint f = {.faults = r.total.faults, .hash = h};
    vmlab_sim_result_free(&r);
    return f;
}

void test_check_recorded(const struct test_recorded *rows, size_t n)
{
    static const char *const traces[] = {
        "zipf:pages=5000,alpha=0.8,refs=40000,writes=0.3",
        "phases:pages=4000,locality=300,phase=4000,refs=40000,writes=0.2",
        "mix:procs='zipf:pages=2000,alpha=0.9,refs=15000,writes=0.25;loop:pages=700,refs=15000;"
        "hotcold:pages=3000,refs=15000',quantum=500",
    };
    static const uint32_t frames[] = {500, 400, 600};
    enum { NTRACES = sizeof traces / sizeof *traces };
    struct vmlab_ref *refs[NTRACES];
    size_t len[NTRACES];
    for (unsigned t = 0; t < NTRACES; t++)
        len[t] = test_workload_refs(traces[t], 1, &refs[t]);
    const char *record = getenv("VMLAB_TEST_RECORD");
    bool print = record && !strcmp(record, "1");
    for (size_t i = 0; i < n; i++) {
        const struct test_recorded *r = &rows[i];
        ck_assert_uint_lt(r->trace, NTRACES);
        struct test_fingerprint f =
            test_fingerprint(r->spec, refs[r->trace], len[r->trace], frames[r->trace],
                             r->visibility, r->allocation < 0 ? VMLAB_SCOPE_GLOBAL
                                                              : VMLAB_SCOPE_LOCAL,
                             r->allocation < 0 ? VMLAB_ALLOC_FIXED : r->allocation);
        if (print) {
            printf("    {\"%s\", %u, %s, %s, %llu, UINT64_C(0x%016llx)},\n", r->spec, r->trace,
                   r->visibility == VMLAB_VIS_HARDWARE ? "VMLAB_VIS_HARDWARE" : "VMLAB_VIS_EXACT",
                   r->allocation < 0               ? "-1"
                   : r->allocation == VMLAB_ALLOC_PFF ? "VMLAB_ALLOC_PFF"
                   : r->allocation == VMLAB_ALLOC_WS  ? "VMLAB_ALLOC_WS"
                                                      : "VMLAB_ALLOC_FIXED",
                   (unsigned long long)f.faults, (unsigned long long)f.hash);
            continue;
        }
        ck_assert_msg(f.faults == r->faults && f.hash == r->hash,
                      "%s on trace %u (%s, allocation %d): %llu faults, hash 0x%016llx; "
                      "recorded %llu, 0x%016llx",
                      r->spec, r->trace, vmlab_visibility_name(r->visibility), r->allocation,
                      (unsigned long long)f.faults, (unsigned long long)f.hash,
                      (unsigned long long)r->faults, (unsigned long long)r->hash);
    }
    for (unsigned t = 0; t < NTRACES; t++)
        free(refs[t]);
}
