/*
 * test_alloc.c - processes and frame allocation (core/alloc.c): local scope
 * with equal, proportional and explicit quotas against global replacement;
 * working-set allocation (window trims, suspension of a process when the
 * working sets exceed memory, accessed-bit sampling in hardware visibility);
 * page-fault-frequency allocation growing and shrinking; forced resumption;
 * per-process metrics that sum to the totals; determinism; configuration
 * errors that name the JSON path; the policy's timer in every pool, on the
 * run's clock.
 *
 * Reference strings are written "page R asid" per line (the text trace
 * syntax) or as page lists for one process; every expected value is worked
 * by hand in the comment above it.
 */
#include <config.h>

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <vmlab/rng.h>

#include "core/config.h"
#include "core/runner.h"
#include "testlib.h"
#include "workloads/text.h"

/* How to run: scope, quota and allocation, on top of a policy and a frame count. */
struct how {
    const char *policy; /* spec, "lru" */
    uint32_t frames;
    int visibility;
    int scope;
    int quota;
    const uint32_t *shares;
    size_t nshares;
    const char *allocation; /* spec, "ws:tau=5"; NULL: fixed */
    uint64_t fault_cost;
};

/* Simulate @s (rewindable) as @h says; fails the test on an error. Free with vmlab_sim_result_free.
 */
static struct vmlab_sim_result run_stream(struct vmlab_stream *s, const struct how *h)
{
    struct vmlab_error err = {0};
    struct vmlab_spec ps, as;
    ck_assert_msg(vmlab_spec_parse(&ps, h->policy, VMLAB_SPEC_POLICY, "test", &err) == 0, "%s",
                  err.msg);
    ck_assert_msg(vmlab_spec_parse(&as, h->allocation ? h->allocation : "fixed",
                                   VMLAB_SPEC_ALLOCATION, "test", &err) == 0,
                  "%s", err.msg);
    struct vmlab_sim_config cfg = {
        .policy = ps.policy,
        .policy_params = &ps.params,
        .frames = h->frames,
        .page_size = 4096,
        .visibility = h->visibility,
        .seed = 1,
        .scope = h->allocation && strncmp(h->allocation, "fixed", 5) ? VMLAB_SCOPE_LOCAL : h->scope,
        .quota = h->quota,
        .shares = h->shares,
        .nshares = h->nshares,
        .allocation = as.allocation,
        .alloc_params = &as.params,
        .fault_cost = h->fault_cost,
    };
    struct vmlab_sim_result r;
    ck_assert_msg(vmlab_simulate(&cfg, s, &r, &err) == 0, "%s", err.msg);
    vmlab_spec_free(&ps);
    vmlab_spec_free(&as);
    return r;
}

static struct vmlab_sim_result run_text(const char *text, const struct how *h)
{
    struct vmlab_error err = {0};
    struct vmlab_stream *s;
    ck_assert_msg(vmlab_text_open_string(&s, text, "refs", VMLAB_UNIT_PAGE, &err) == 0, "%s",
                  err.msg);
    struct vmlab_sim_result r = run_stream(s, h);
    vmlab_stream_close(s);
    return r;
}

static uint64_t faults_of(const char *text, const struct how *h)
{
    struct vmlab_sim_result r = run_text(text, h);
    uint64_t f = r.total.faults;
    vmlab_sim_result_free(&r);
    return f;
}

/* The metrics of process @asid in @r (which must have it). */
static const struct vmlab_metrics *proc(const struct vmlab_sim_result *r, uint32_t asid)
{
    for (size_t i = 0; i < r->nprocs; i++)
        if (r->procs[i].asid == asid)
            return &r->procs[i].m;
    ck_abort_msg("no process %u in the results", asid);
    return NULL;
}

/* A: 1 2 3 1 2 3 (a loop over 3 pages); B: 1 1 1; interleaved A A B A A B A A B. */
static const char two_procs[] = "1 R 0\n2 R 0\n1 R 1\n3 R 0\n1 R 0\n1 R 1\n2 R 0\n3 R 0\n1 R 1\n";

START_TEST(local_equal_vs_global_lru)
{
    /*
     * 4 frames hold all 4 pages: global LRU faults only on first touches: 4.
     * Local, equal quotas: 2 frames each. A loops over 3 pages in 2 frames
     * under LRU: every reference faults (6); B faults once. 7 faults: equal
     * partitioning wastes the frame B does not need.
     */
    struct how g = {.policy = "lru", .frames = 4};
    ck_assert_uint_eq(faults_of(two_procs, &g), 4);
    struct how l = {.policy = "lru", .frames = 4, .scope = VMLAB_SCOPE_LOCAL};
    struct vmlab_sim_result r = run_text(two_procs, &l);
    ck_assert_uint_eq(r.total.faults, 7);
    ck_assert_uint_eq(proc(&r, 0)->faults, 6);
    ck_assert_uint_eq(proc(&r, 1)->faults, 1);
    ck_assert_uint_eq(proc(&r, 0)->frames_max, 2);
    ck_assert_uint_eq(proc(&r, 1)->frames_max, 1);
    ck_assert_uint_eq(proc(&r, 0)->evictions, 4);
    vmlab_sim_result_free(&r);
}
END_TEST

START_TEST(proportional_and_shares_quotas)
{
    /*
     * Proportional to distinct pages: A has 3, B 1, so 4 x 3/4 = 3 and
     * 4 x 1/4 = 1 frames. A's loop fits: 3 faults; B 1: 4 faults, as global.
     * Shares [1, 3]: A gets 1 frame (6 faults), B 3 (1 fault): 7.
     * Shares [3, 1]: the proportional split again: 4.
     */
    struct how h = {.policy = "lru",
                    .frames = 4,
                    .scope = VMLAB_SCOPE_LOCAL,
                    .quota = VMLAB_QUOTA_PROPORTIONAL};
    struct vmlab_sim_result r = run_text(two_procs, &h);
    ck_assert_uint_eq(r.total.faults, 4);
    ck_assert_uint_eq(proc(&r, 0)->frames_max, 3);
    ck_assert_uint_eq(proc(&r, 0)->faults, 3);
    vmlab_sim_result_free(&r);
    static const uint32_t s13[] = {1, 3}, s31[] = {3, 1};
    h.quota = VMLAB_QUOTA_SHARES;
    h.shares = s13;
    h.nshares = 2;
    ck_assert_uint_eq(faults_of(two_procs, &h), 7);
    h.shares = s31;
    ck_assert_uint_eq(faults_of(two_procs, &h), 4);
}
END_TEST

START_TEST(shares_isolate_a_process_from_a_scan)
{
    /*
     * A loops over 3 pages, B scans 6 new pages, alternating: A1 B1 A2 B2 A3
     * B3 A1 B4 A2 B5 A3 B6. Global LRU, 4 frames: from the 5th reference on
     * the LRU page is always the one needed next (A1 evicted at A3, B1 at
     * B3, A2 at A1, ...): all 12 references fault. Equal quotas (2 and 2): A
     * loops over 3 pages in 2 frames (6 faults), B misses always (6): 12.
     * Shares [3, 1]: A's loop fits its 3 frames (3 faults), B's scan gets 1
     * frame and misses as before (6): 9 - local replacement protects A.
     */
    const char *t = "1 R 0\n1 R 1\n2 R 0\n2 R 1\n3 R 0\n3 R 1\n"
                    "1 R 0\n4 R 1\n2 R 0\n5 R 1\n3 R 0\n6 R 1\n";
    struct how g = {.policy = "lru", .frames = 4};
    ck_assert_uint_eq(faults_of(t, &g), 12);
    struct how l = {.policy = "lru", .frames = 4, .scope = VMLAB_SCOPE_LOCAL};
    ck_assert_uint_eq(faults_of(t, &l), 12);
    static const uint32_t s31[] = {3, 1};
    l.quota = VMLAB_QUOTA_SHARES;
    l.shares = s31;
    l.nshares = 2;
    struct vmlab_sim_result r = run_text(t, &l);
    ck_assert_uint_eq(r.total.faults, 9);
    ck_assert_uint_eq(proc(&r, 0)->faults, 3);
    ck_assert_uint_eq(proc(&r, 1)->faults, 6);
    vmlab_sim_result_free(&r);
}
END_TEST

START_TEST(quota_apportionment)
{
    /* equal, 5 frames over 2 processes that each touch 5 pages: 3 and 2
       (the remainder to the lower ASID) */
    const char *five = "1 R 0\n1 R 1\n2 R 0\n2 R 1\n3 R 0\n3 R 1\n4 R 0\n4 R 1\n5 R 0\n5 R 1\n";
    struct how h = {.policy = "fifo", .frames = 5, .scope = VMLAB_SCOPE_LOCAL};
    struct vmlab_sim_result r = run_text(five, &h);
    ck_assert_uint_eq(proc(&r, 0)->frames_max, 3);
    ck_assert_uint_eq(proc(&r, 1)->frames_max, 2);
    ck_assert_uint_eq(r.total.frames_end, 5);
    vmlab_sim_result_free(&r);
    /* shares [1, 2, 1] of 8 frames: 2, 4, 2 (ASIDs 0, 3, 7 in that order) */
    const char *three = "1 R 0\n1 R 3\n1 R 7\n2 R 0\n2 R 3\n2 R 7\n3 R 0\n3 R 3\n3 R 7\n"
                        "4 R 0\n4 R 3\n4 R 7\n5 R 3\n";
    static const uint32_t s121[] = {1, 2, 1};
    struct how s = {.policy = "fifo",
                    .frames = 8,
                    .scope = VMLAB_SCOPE_LOCAL,
                    .quota = VMLAB_QUOTA_SHARES,
                    .shares = s121,
                    .nshares = 3};
    r = run_text(three, &s);
    ck_assert_uint_eq(proc(&r, 0)->frames_max, 2);
    ck_assert_uint_eq(proc(&r, 3)->frames_max, 4);
    ck_assert_uint_eq(proc(&r, 7)->frames_max, 2);
    vmlab_sim_result_free(&r);
    /*
     * Proportional, 2 frames, A 1 page and B 10: 2 x 1/11 = 0.18 and 2 x
     * 10/11 = 1.82 give 0 and 2 (B has the larger remainder); A may not have
     * none, so B gives it one: 1 and 1.
     */
    const char *skew = "1 R 0\n1 R 1\n2 R 1\n3 R 1\n4 R 1\n5 R 1\n6 R 1\n7 R 1\n8 R 1\n9 R 1\n"
                       "10 R 1\n";
    struct how p = {.policy = "fifo",
                    .frames = 2,
                    .scope = VMLAB_SCOPE_LOCAL,
                    .quota = VMLAB_QUOTA_PROPORTIONAL};
    r = run_text(skew, &p);
    ck_assert_uint_eq(proc(&r, 0)->frames_max, 1);
    ck_assert_uint_eq(proc(&r, 1)->frames_max, 1);
    ck_assert_uint_eq(proc(&r, 1)->faults, 10);
    vmlab_sim_result_free(&r);
}
END_TEST

START_TEST(local_scope_of_one_process_is_global)
{
    /* one process: its pool is every frame and its policy instance the global one */
    struct vmlab_error err = {0};
    struct vmlab_stream *s;
    struct vmlab_trace_opts o = {.unit = VMLAB_UNIT_PAGE, .page_size = 4096};
    ck_assert_int_eq(vmlab_trace_open(&s, SHARED_DATA "/cloudPhysicsIO.txt", "auto", &o, &err), 0);
    static const char *pol[] = {"fifo", "lru", "clock", "random", "opt"};
    for (int i = 0; i < 5; i++)
        for (int vis = 0; vis < 2; vis++) {
            if (vis && (!strcmp(pol[i], "lru") || !strcmp(pol[i], "opt")))
                continue;
            struct how g = {.policy = pol[i], .frames = 1000, .visibility = vis};
            struct how l = g;
            l.scope = VMLAB_SCOPE_LOCAL;
            ck_assert_int_eq(vmlab_stream_rewind(s, &err), 0);
            struct vmlab_sim_result rg = run_stream(s, &g);
            ck_assert_int_eq(vmlab_stream_rewind(s, &err), 0);
            struct vmlab_sim_result rl = run_stream(s, &l);
            ck_assert_uint_eq(rg.total.refs, 113872);
            ck_assert_uint_eq(rl.total.faults, rg.total.faults);
            ck_assert_uint_eq(rl.total.shootdowns, rg.total.shootdowns);
            ck_assert_uint_eq(rl.total.frames_end, 1000);
            ck_assert_double_eq(rl.total.frames_avg, rg.total.frames_avg);
            vmlab_sim_result_free(&rg);
            vmlab_sim_result_free(&rl);
        }
    vmlab_stream_close(s);
}
END_TEST

START_TEST(ws_window_exact)
{
    /*
     * One process, tau = 3, references 1 2 3 4 1 2 (v = 1..6). A page leaves
     * at the reference that makes it 3 references old (last use <= v - 3):
     *   v1 1 F {1}   v2 2 F {1 2}   v3 3 F {1 2 3}
     *   v4 4 F, 1 leaves (last use 1) {2 3 4}
     *   v5 1 F, 2 leaves {3 4 1}     v6 2 F, 3 leaves {4 1 2}
     * 6 faults, 3 pages leave (evictions); frames held after each reference
     * 1 2 3 3 3 3: at most 3, on average 15/6 = 2.5. At the end the process
     * exits: frames_end 0, and its last pages are not evictions.
     */
    struct how h = {.policy = "lru", .frames = 10, .allocation = "ws:tau=3"};
    struct vmlab_sim_result r = run_text("1 2 3 4 1 2", &h);
    ck_assert_uint_eq(r.total.faults, 6);
    ck_assert_uint_eq(r.total.evictions, 3);
    ck_assert_uint_eq(r.total.frames_max, 3);
    ck_assert_uint_eq(r.total.frames_end, 0);
    ck_assert_double_eq(r.total.frames_avg, 2.5);
    ck_assert_uint_eq(r.total.suspensions, 0);
    vmlab_sim_result_free(&r);
}
END_TEST

/* A: 1 2 1 2; B: 1 2 3 1 2 3; as A1 A2 B1 B2 B3 A1 A2 B1 B2 B3. */
static const char ws_two[] =
    "1 R 0\n2 R 0\n1 R 1\n2 R 1\n3 R 1\n1 R 0\n2 R 0\n1 R 1\n2 R 1\n3 R 1\n";

START_TEST(ws_suspends_a_process_when_working_sets_exceed_memory)
{
    /*
     * 4 frames, tau = 5 (no page gets that old here): the working sets are
     * A {1 2} and B {1 2 3}: 5 pages > 4 frames.
     *   t0 A1 F, t1 A2 F (A activated first), t2 B1 F, t3 B2 F: memory full.
     *   t4 B3 F: no free frame; B, activated last, is suspended: its 2
     *      frames are released, B3 is deferred; its demand is 2 + 1 = 3.
     *   t5 A1 H, t6 A2 H: A's last reference; A exits, 4 frames free.
     *   B1 arrives for suspended B: deferred; B's demand 3 fits in 4: B
     *      resumes and runs its backlog: B3 F (a first touch), B1 F (major).
     *   B2 F (major), B3 H.
     * Faults: A 2, B 5 (3 compulsory, 2 major); 1 suspension, 2 deferred
     * references. Frames held after each executed reference: A 1 2 2 2 2 2 0
     * 0 0 0 (11/10), B 0 0 1 2 0 0 1 2 3 3 (12/10).
     * Global LRU, 4 frames, on the same string: every reference faults (10).
     * With a fault costing 10 references, throughput 10/80 against 10/110.
     */
    struct how g = {.policy = "lru", .frames = 4, .fault_cost = 10};
    struct vmlab_sim_result rg = run_text(ws_two, &g);
    ck_assert_uint_eq(rg.total.faults, 10);
    ck_assert_uint_eq(rg.total.modelled_time, 110);
    struct how h = {.policy = "lru", .frames = 4, .allocation = "ws:tau=5", .fault_cost = 10};
    struct vmlab_sim_result r = run_text(ws_two, &h);
    ck_assert_uint_eq(r.total.refs, 10);
    ck_assert_uint_eq(r.total.faults, 7);
    ck_assert_uint_eq(proc(&r, 0)->faults, 2);
    ck_assert_uint_eq(proc(&r, 1)->faults, 5);
    ck_assert_uint_eq(proc(&r, 1)->compulsory_faults, 3);
    ck_assert_uint_eq(proc(&r, 1)->major_faults, 2);
    ck_assert_uint_eq(proc(&r, 0)->suspensions, 0);
    ck_assert_uint_eq(proc(&r, 1)->suspensions, 1);
    ck_assert_uint_eq(proc(&r, 1)->deferred_refs, 2);
    ck_assert_uint_eq(proc(&r, 1)->forced_resumes, 0);
    ck_assert_double_eq_tol(proc(&r, 0)->frames_avg, 1.1, 1e-12);
    ck_assert_double_eq_tol(proc(&r, 1)->frames_avg, 1.2, 1e-12);
    ck_assert_uint_eq(r.total.frames_max, 4);
    ck_assert_uint_eq(r.total.modelled_time, 80);
    ck_assert_double_eq_tol(vmlab_metrics_throughput(&r.total), 10.0 / 80, 1e-15);
    ck_assert_double_eq_tol(vmlab_metrics_throughput(&rg.total), 10.0 / 110, 1e-15);
    vmlab_sim_result_free(&r);
    vmlab_sim_result_free(&rg);
    /*
     * The suspension happens at t4, B3, the first fault into full memory:
     * A1 A2 B1 B2 A1 suspends nobody (A exits at its third reference), while
     * A1 A2 B1 B2 B3 A1 suspends B, whose B3 waits to the end of the input.
     */
    r = run_text("1 R 0\n2 R 0\n1 R 1\n2 R 1\n1 R 0\n", &h);
    ck_assert_uint_eq(r.total.suspensions, 0);
    ck_assert_uint_eq(r.total.faults, 4);
    vmlab_sim_result_free(&r);
    r = run_text("1 R 0\n2 R 0\n1 R 1\n2 R 1\n3 R 1\n1 R 0\n", &h);
    ck_assert_uint_eq(r.total.refs, 6);
    ck_assert_uint_eq(r.total.suspensions, 1);
    ck_assert_uint_eq(r.total.deferred_refs, 1);
    /* B faults on B1, B2, and on B3 when it resumes at the end of the input */
    ck_assert_uint_eq(proc(&r, 1)->faults, 3);
    vmlab_sim_result_free(&r);
}
END_TEST

START_TEST(forced_resumption_when_the_queue_is_full)
{
    /*
     * The same string with room for one deferred reference: B3 waits; when
     * B1 arrives B's queue is full, so B resumes regardless (forced; memory
     * happens to be free, A having exited) and B1 runs after B3. The same 7
     * faults; 1 deferred reference, 1 forced resumption.
     */
    struct how h = {.policy = "lru", .frames = 4, .allocation = "ws:tau=5,defer_max=1"};
    struct vmlab_sim_result r = run_text(ws_two, &h);
    ck_assert_uint_eq(r.total.faults, 7);
    ck_assert_uint_eq(r.total.deferred_refs, 1);
    ck_assert_uint_eq(r.total.forced_resumes, 1);
    ck_assert_uint_eq(r.total.suspensions, 1);
    vmlab_sim_result_free(&r);
}
END_TEST

START_TEST(ws_estimated_from_sampled_bits_in_hardware)
{
    /*
     * One process, FIFO (it never touches a bit), tau = 4, a scan every 2
     * references; references 1 2 3 3 3 3 3 3 (v = 1..8, times 0..7).
     * exact: 1 leaves at v5 (last use 1 <= 5 - 4), 2 at v6: frames held
     *   1 2 3 3 2 1 1 1, average 14/8 = 1.75. No shoot-down.
     * hardware: scans before times 2, 4 and 6.
     *   time 2 (v 2): 1 and 2 accessed: last use 2, bits cleared (2 shoot-downs)
     *   time 4 (v 4): 1, 2 clear but last use 2 > 4 - 4: kept; 3 accessed: 1
     *   time 6 (v 6): 1, 2 clear and 2 <= 6 - 4: released; 3 accessed again
     *                 (its translation was invalidated at 4): 1
     *   frames held 1 2 3 3 3 3 1 1, average 17/8 = 2.125: the estimate lags
     *   the working set by up to one interval. 2 evictions (the exit is none),
     *   4 shoot-downs.
     */
    struct how h = {.policy = "fifo", .frames = 10, .allocation = "ws:tau=4,interval=2"};
    struct vmlab_sim_result r = run_text("1 2 3 3 3 3 3 3", &h);
    ck_assert_double_eq(r.total.frames_avg, 1.75);
    ck_assert_uint_eq(r.total.evictions, 2);
    ck_assert_uint_eq(r.total.shootdowns, 0);
    vmlab_sim_result_free(&r);
    h.visibility = VMLAB_VIS_HARDWARE;
    r = run_text("1 2 3 3 3 3 3 3", &h);
    ck_assert_uint_eq(r.total.faults, 3);
    ck_assert_double_eq(r.total.frames_avg, 2.125);
    ck_assert_uint_eq(r.total.evictions, 2);
    ck_assert_uint_eq(r.total.shootdowns, 4);
    vmlab_sim_result_free(&r);
}
END_TEST

/*
 * PFF, upper 0.5 and lower 0.25: a fault grows the allocation when the
 * inter-fault time d < 2, shrinks it first when d > 4, else replaces.
 *   v1 1 F d1 grow (1)   v2 2 F d1 grow (2)   v3 3 F d1 grow (3)
 *   v4..v11: 1 2 3 1 1 1 1 1 hits
 *   v12 4 F d9 > 4: pages unreferenced since v3? none (1, 2, 3 all were):
 *       nothing released; grow (4)
 *   v13 5 F d1 grow (5)
 *   v14..v20: 5 hits
 *   v21 6 F d8 > 4: 1 (last used v11), 2 (v5), 3 (v6), 4 (v12) are
 *       unreferenced since v13: released (4 evictions); grow (2: 5, 6)
 *   v22 6 H, v23 5 H
 *   v24 7 F d3: replace within {5, 6}: FIFO's victim is 5 (loaded first)
 * 7 faults, 5 evictions, at most 5 frames; held after each reference
 * 1 2 3 x9, 4, 5 x8, 2 x4: 82/24.
 */
static const char pff_refs[] = "1 2 3 1 2 3 1 1 1 1 1 4 5 5 5 5 5 5 5 5 6 6 5 7";

static struct vmlab_sim_result pff_prefix(size_t nrefs, int visibility)
{
    char buf[sizeof pff_refs];
    size_t cut = 0;
    for (size_t k = 0; k < nrefs && cut < sizeof pff_refs - 1; cut++)
        k += pff_refs[cut + 1] == ' ' || pff_refs[cut + 1] == '\0';
    snprintf(buf, sizeof buf, "%.*s", (int)cut, pff_refs);
    struct how h = {.policy = "fifo",
                    .frames = 10,
                    .visibility = visibility,
                    .allocation = "pff:upper=0.5,lower=0.25"};
    return run_text(buf, &h);
}

START_TEST(pff_grows_and_shrinks)
{
    struct vmlab_sim_result r = pff_prefix(24, VMLAB_VIS_EXACT);
    ck_assert_uint_eq(r.total.refs, 24);
    ck_assert_uint_eq(r.total.faults, 7);
    ck_assert_uint_eq(r.total.evictions, 5);
    ck_assert_uint_eq(r.total.frames_max, 5);
    ck_assert_double_eq_tol(r.total.frames_avg, 82.0 / 24, 1e-12);
    vmlab_sim_result_free(&r);
    /* the shrink at v12 releases nothing: after 12 references 4 frames, none evicted */
    r = pff_prefix(12, VMLAB_VIS_EXACT);
    ck_assert_uint_eq(r.total.frames_max, 4);
    ck_assert_uint_eq(r.total.evictions, 0);
    vmlab_sim_result_free(&r);
    /* the one at v21 releases 4 pages */
    r = pff_prefix(21, VMLAB_VIS_EXACT);
    ck_assert_uint_eq(r.total.evictions, 4);
    ck_assert_uint_eq(r.total.frames_max, 5);
    vmlab_sim_result_free(&r);
}
END_TEST

START_TEST(pff_from_accessed_bits_in_hardware)
{
    /*
     * The same decisions from accessed bits, which the OS clears (flushing
     * the translation: a shoot-down each) on every resident page whose bit is
     * set, at every fault, after its decision:
     *   v2: 1 (1)  v3: 2, and 1 again? no: 1 was not accessed since (1)
     *   v4, v5 set 1 and 2 again (walks); 3 still set since its load
     *   v12: all set, none released; clear 1, 2, 3 (3)
     *   v13: 4 (1)
     *   v21: 1-4 clear: released (no shoot-down: already invalidated); clear 5 (1)
     *   v24: FIFO evicts 5, which v23 re-cached (1); clear 6 (1)
     * 9 shoot-downs; the same 7 faults and 5 evictions.
     */
    struct vmlab_sim_result r = pff_prefix(24, VMLAB_VIS_HARDWARE);
    ck_assert_uint_eq(r.total.faults, 7);
    ck_assert_uint_eq(r.total.evictions, 5);
    ck_assert_uint_eq(r.total.shootdowns, 9);
    ck_assert_double_eq_tol(r.total.frames_avg, 82.0 / 24, 1e-12);
    vmlab_sim_result_free(&r);
}
END_TEST

START_TEST(pff_suspends_when_no_frame_can_be_found)
{
    /*
     * 2 frames, PFF with its defaults (grow below 1000 references between
     * faults): A1 F, A2 F (memory full); B1: B must grow, no frame is free,
     * B was activated last: B is suspended, B1 deferred. A1 H, A2 H: A
     * exits. B1 (deferred): B resumes (demand 1 fits), runs B1 F then B1 H.
     * 3 faults, against 6 for global LRU (A1 A2 B1 A1 A2 B1 each evict the
     * page needed next).
     */
    const char *t = "1 R 0\n2 R 0\n1 R 1\n1 R 0\n2 R 0\n1 R 1\n";
    struct how g = {.policy = "lru", .frames = 2};
    ck_assert_uint_eq(faults_of(t, &g), 6);
    struct how h = {.policy = "lru", .frames = 2, .allocation = "pff"};
    struct vmlab_sim_result r = run_text(t, &h);
    ck_assert_uint_eq(r.total.faults, 3);
    ck_assert_uint_eq(proc(&r, 1)->suspensions, 1);
    ck_assert_uint_eq(proc(&r, 1)->deferred_refs, 2);
    ck_assert_uint_eq(proc(&r, 1)->faults, 1);
    vmlab_sim_result_free(&r);
}
END_TEST

/* @n references of @np processes, each its own Zipf-like mix of hot and cold pages. */
static struct vmlab_ref *mixed_stream(size_t n, uint32_t np, uint64_t seed)
{
    struct vmlab_ref *refs = calloc(n, sizeof *refs);
    struct vmlab_rng rng;
    vmlab_rng_seed(&rng, seed, 7);
    for (size_t i = 0; i < n; i++) {
        uint32_t p = (uint32_t)((i / 50) % np); /* quanta of 50 references */
        uint64_t page = vmlab_rng_below(&rng, 4) ? vmlab_rng_below(&rng, 8 + 4 * p)
                                                 : vmlab_rng_below(&rng, 400);
        refs[i] = (struct vmlab_ref){.addr = page,
                                     .asid = 2 * p + 1,
                                     .op = vmlab_rng_below(&rng, 5) == 0 ? VMLAB_OP_WRITE
                                                                         : VMLAB_OP_READ};
    }
    return refs;
}

static void check_sums(const struct vmlab_sim_result *r, size_t n, uint32_t frames)
{
    struct vmlab_metrics s = {0};
    uint64_t peak = 0;
    for (size_t i = 0; i < r->nprocs; i++) {
        const struct vmlab_metrics *m = &r->procs[i].m;
        ck_assert_uint_eq(m->hits + m->faults, m->refs);
        ck_assert_uint_eq(m->compulsory_faults + m->major_faults, m->faults);
        s.refs += m->refs;
        s.faults += m->faults;
        s.evictions += m->evictions;
        s.writebacks += m->writebacks;
        s.suspensions += m->suspensions;
        s.deferred_refs += m->deferred_refs;
        s.forced_resumes += m->forced_resumes;
        s.frames_end += m->frames_end;
        s.frames_avg += m->frames_avg;
        s.modelled_time += m->modelled_time;
        peak = m->frames_max > peak ? m->frames_max : peak;
    }
    ck_assert_uint_eq(r->total.refs, n);
    ck_assert_uint_eq(s.refs, r->total.refs);
    ck_assert_uint_eq(s.faults, r->total.faults);
    ck_assert_uint_eq(s.evictions, r->total.evictions);
    ck_assert_uint_eq(s.writebacks, r->total.writebacks);
    ck_assert_uint_eq(s.suspensions, r->total.suspensions);
    ck_assert_uint_eq(s.deferred_refs, r->total.deferred_refs);
    ck_assert_uint_eq(s.forced_resumes, r->total.forced_resumes);
    ck_assert_uint_eq(s.frames_end, r->total.frames_end);
    ck_assert_uint_eq(s.modelled_time, r->total.modelled_time);
    ck_assert_double_eq_tol(s.frames_avg, r->total.frames_avg, 1e-9);
    ck_assert_uint_le(r->total.frames_max, frames);
    ck_assert_uint_ge(r->total.frames_max, peak);
    ck_assert_uint_eq(r->total.modelled_time, r->total.refs + 10 * r->total.faults);
}

START_TEST(per_process_metrics_sum_to_the_totals)
{
    enum { N = 20000, NP = 4, FRAMES = 60 };
    struct vmlab_ref *refs = mixed_stream(N, NP, 3);
    static const char *const allocs[] = {NULL, "fixed", "ws:tau=300,interval=100,defer_max=500",
                                         "pff:upper=0.05,lower=0.01,defer_max=500"};
    static const char *const pols[] = {"lru", "clock", "opt"};
    uint64_t suspensions = 0;
    for (int a = 0; a < 4; a++)
        for (int p = 0; p < 3; p++)
            for (int vis = 0; vis < 2; vis++) {
                if (vis && strcmp(pols[p], "clock"))
                    continue;
                struct how h = {.policy = pols[p],
                                .frames = FRAMES,
                                .visibility = vis,
                                .scope = a ? VMLAB_SCOPE_LOCAL : VMLAB_SCOPE_GLOBAL,
                                .allocation = allocs[a],
                                .fault_cost = 10};
                struct vmlab_stream *s = vmlab_stream_memory(refs, N, VMLAB_UNIT_PAGE, false);
                struct vmlab_sim_result r = run_stream(s, &h);
                ck_assert_uint_eq(r.nprocs, NP);
                check_sums(&r, N, FRAMES);
                suspensions += r.total.suspensions;
                vmlab_sim_result_free(&r);
                vmlab_stream_close(s);
            }
    /* 4 processes of 8..20 hot pages and 400 cold ones in 60 frames: load control acts */
    ck_assert_uint_gt(suspensions, 0);
    free(refs);
}
END_TEST

START_TEST(deterministic)
{
    enum { N = 20000, NP = 3 };
    struct vmlab_ref *refs = mixed_stream(N, NP, 9);
    static const char *const allocs[] = {"ws:tau=200,interval=50", "pff:upper=0.05,lower=0.01"};
    for (int a = 0; a < 2; a++)
        for (int vis = 0; vis < 2; vis++) {
            struct how h = {.policy = "random",
                            .frames = 40,
                            .visibility = vis,
                            .allocation = allocs[a],
                            .fault_cost = 100};
            struct vmlab_sim_result r[2];
            for (int k = 0; k < 2; k++) {
                struct vmlab_stream *s = vmlab_stream_memory(refs, N, VMLAB_UNIT_PAGE, false);
                r[k] = run_stream(s, &h);
                vmlab_stream_close(s);
            }
            ck_assert_uint_eq(r[0].nprocs, r[1].nprocs);
            ck_assert_int_eq(memcmp(&r[0].total, &r[1].total, sizeof r[0].total), 0);
            for (size_t i = 0; i < r[0].nprocs; i++)
                ck_assert_int_eq(memcmp(&r[0].procs[i], &r[1].procs[i], sizeof r[0].procs[i]), 0);
            vmlab_sim_result_free(&r[0]);
            vmlab_sim_result_free(&r[1]);
        }
    free(refs);
}
END_TEST

/* ---- configuration ---- */

static int parse(struct vmlab_experiment *e, const char *json, struct vmlab_error *err)
{
    return test_parse_experiment(e, json, err);
}

static void expect_error(const char *extra, const char *msg)
{
    char json[512];
    snprintf(json, sizeof json,
             "{\"workload\": \"loop:pages=5\", \"policy\": \"lru\", "
             "\"frames\": 4, %s}",
             extra);
    struct vmlab_experiment e;
    struct vmlab_error err = {0};
    ck_assert_int_eq(parse(&e, json, &err), VMLAB_EINPUT);
    ck_assert_str_eq(err.msg, msg);
}

START_TEST(config_errors_name_the_json_path)
{
    expect_error("\"scope\": \"galactic\"",
                 "$.scope: expected \"global\" or \"local\", got \"galactic\"");
    expect_error("\"scope\": [\"local\", 3]",
                 "$.scope[1]: expected \"global\" or \"local\", got 3");
    expect_error("\"allocation\": \"wss\"",
                 "$.allocation: unknown allocation 'wss'; did you mean 'ws'? (known: fixed, ws, "
                 "pff)");
    expect_error("\"allocation\": \"ws:window=3\"",
                 "$.allocation: unknown parameter 'window' (known: tau, interval, defer_max)");
    expect_error("\"allocation\": \"ws\", \"scope\": \"global\"",
                 "$.scope: allocation \"ws\" ($.allocation) sizes each process's own pool: it "
                 "needs scope \"local\" (leave scope out for it)");
    expect_error("\"allocation\": \"pff:upper=0.001,lower=0.01\"",
                 "$.allocation: pff lower (0.01) must not exceed upper (0.001): a fault rate "
                 "cannot be both above and below them");
    expect_error("\"quota\": \"proportional\"",
                 "$.quota: applies to scope \"local\" with allocation \"fixed\", and no run here "
                 "has both");
    expect_error("\"scope\": \"local\", \"quota\": \"fair\"",
                 "$.quota: expected \"equal\", \"proportional\" or a list of shares such as "
                 "[1, 2, 1], got \"fair\"");
    expect_error("\"scope\": \"local\", \"quota\": [1, 0, 2]",
                 "$.quota[1]: a share must be an integer in [1, 4294967295], got 0");
    expect_error("\"scope\": \"local\", \"quota\": [\"equal\", [2, -1]]",
                 "$.quota[1][1]: a share must be an integer in [1, 4294967295], got -1");
    expect_error("\"fault_cost\": -3",
                 "$.fault_cost: expected a non-negative integer (references a fault costs in "
                 "modelled time), got -3");
}
END_TEST

START_TEST(run_time_errors_name_the_json_path)
{
    /* the processes are known only once the input is read: shares of the wrong length */
    static const uint32_t s3[] = {1, 2, 1};
    struct how h = {.policy = "lru",
                    .frames = 4,
                    .scope = VMLAB_SCOPE_LOCAL,
                    .quota = VMLAB_QUOTA_SHARES,
                    .shares = s3,
                    .nshares = 3};
    struct vmlab_error err = {0};
    struct vmlab_stream *s;
    struct vmlab_spec ps;
    ck_assert_int_eq(vmlab_text_open_string(&s, two_procs, "t", VMLAB_UNIT_PAGE, &err), 0);
    ck_assert_int_eq(vmlab_spec_parse(&ps, "lru", VMLAB_SPEC_POLICY, "t", &err), 0);
    struct vmlab_sim_config cfg = {.policy = ps.policy,
                                   .policy_params = &ps.params,
                                   .frames = h.frames,
                                   .page_size = 4096,
                                   .scope = h.scope,
                                   .quota = h.quota,
                                   .shares = h.shares,
                                   .nshares = h.nshares};
    struct vmlab_sim_result r;
    ck_assert_int_eq(vmlab_simulate(&cfg, s, &r, &err), VMLAB_EINPUT);
    ck_assert_str_eq(err.msg, "$.quota: 3 shares for 2 processes (ASIDs 0, 1): give one share "
                              "per process, by ascending ASID");
    /* fewer frames than processes */
    ck_assert_int_eq(vmlab_stream_rewind(s, &err), 0);
    cfg.quota = VMLAB_QUOTA_EQUAL;
    cfg.frames = 1;
    ck_assert_int_eq(vmlab_simulate(&cfg, s, &r, &err), VMLAB_EINPUT);
    ck_assert_str_eq(err.msg, "$.frames: 1 frames cannot give each of the 2 processes a frame of "
                              "its own (scope \"local\")");
    vmlab_spec_free(&ps);
    vmlab_stream_close(s);
}
END_TEST

START_TEST(manager_axis_of_the_sweep)
{
    /*
     * allocation [fixed, ws] x scope local x quota [equal, [1, 3]]: the quota
     * applies to fixed only: fixed/equal, fixed/[1 3], ws: 3 managers, between
     * visibility and seed in the sweep order.
     */
    struct vmlab_experiment e;
    struct vmlab_error err = {0};
    ck_assert_msg(parse(&e,
                        "{\"workload\": \"loop:pages=5\", \"policy\": \"lru\", \"frames\": [2, 4],"
                        " \"seed\": [1, 2], \"scope\": \"local\", \"quota\": [\"equal\", [1, 3]],"
                        " \"allocation\": [\"fixed\", \"ws:tau=7\"], \"fault_cost\": 5}",
                        &err) == 0,
                  "%s", err.msg);
    ck_assert_uint_eq(e.nmanagers, 3);
    ck_assert_uint_eq(vmlab_experiment_cells(&e), 12);
    ck_assert_uint_eq(e.fault_cost, 5);
    struct vmlab_cell c;
    ck_assert_int_eq(vmlab_experiment_cell(&e, 0, &c, &err), 0);
    ck_assert_int_eq(c.manager->quota, VMLAB_QUOTA_EQUAL);
    ck_assert_int_eq(c.manager->scope, VMLAB_SCOPE_LOCAL);
    ck_assert_int_eq(vmlab_experiment_cell(&e, 4, &c, &err), 0); /* seed x frames = 4 */
    ck_assert_int_eq(c.manager->quota, VMLAB_QUOTA_SHARES);
    ck_assert_uint_eq(c.manager->nshares, 2);
    ck_assert_uint_eq(c.manager->shares[1], 3);
    ck_assert_int_eq(vmlab_experiment_cell(&e, 8, &c, &err), 0);
    ck_assert_int_eq(c.manager->allocation->allocation, VMLAB_ALLOC_WS);
    ck_assert_uint_eq(vmlab_param_u64(&c.manager->allocation->params, "tau"), 7);
    ck_assert(!c.manager->has_quota);
    vmlab_experiment_free(&e);
    /* scope left out: fixed runs global, ws local; the default fault cost */
    ck_assert_msg(parse(&e,
                        "{\"workload\": \"loop:pages=5\", \"policy\": \"lru\", \"frames\": 4,"
                        " \"allocation\": [\"fixed\", \"pff\"]}",
                        &err) == 0,
                  "%s", err.msg);
    ck_assert_uint_eq(e.nmanagers, 2);
    ck_assert_int_eq(e.managers[0].scope, VMLAB_SCOPE_GLOBAL);
    ck_assert_int_eq(e.managers[1].scope, VMLAB_SCOPE_LOCAL);
    ck_assert_uint_eq(e.fault_cost, VMLAB_DEFAULT_FAULT_COST);
    vmlab_experiment_free(&e);
}
END_TEST

/* Run the experiment @json through the runner (the sweep, curves included). */
static json_t *run_experiment(const char *json)
{
    struct vmlab_experiment e;
    struct vmlab_error err = {0};
    ck_assert_msg(test_parse_experiment(&e, json, &err) == 0, "%s", err.msg);
    json_t *results;
    ck_assert_msg(vmlab_experiment_run(&e, NULL, &results, &err) == 0, "%s", err.msg);
    vmlab_experiment_free(&e);
    return results;
}

static const json_t *run_at(const json_t *results, size_t i)
{
    return json_array_get(json_object_get(results, "runs"), i);
}

static json_int_t metric_of(const json_t *run, const char *name)
{
    return json_integer_value(json_object_get(json_object_get(run, "metrics"), name));
}

START_TEST(curves_leave_per_process_pools_to_simulation)
{
    /*
     * 20 sizes of LRU make a one-pass curve for global fixed allocation (a
     * "method", no frames-held metrics); the same sizes under ws are simulated
     * cell by cell, each with every metric, and agree with one_pass false.
     */
#define CURVE_EXP                                                                                  \
    "{\"workload\": \"mix:procs='loop:pages=30,refs=3000;loop:pages=30,refs=3000',"                \
    "quantum=100\", \"policy\": \"lru\", \"frames\": {\"from\": 5, \"to\": 100, \"step\": 5}, "    \
    "\"allocation\": [\"fixed\", \"ws:tau=200\"]%s}"
    char a[512], b[512];
    snprintf(a, sizeof a, CURVE_EXP, "");
    snprintf(b, sizeof b, CURVE_EXP, ", \"one_pass\": false");
    json_t *curve = run_experiment(a), *sim = run_experiment(b);
    ck_assert_uint_eq(json_array_size(json_object_get(curve, "runs")), 40);
    const json_t *fixed = run_at(curve, 0), *ws = run_at(curve, 20);
    ck_assert_ptr_nonnull(json_object_get(fixed, "method"));
    ck_assert_ptr_null(json_object_get(json_object_get(fixed, "metrics"), "frames_avg"));
    ck_assert_ptr_null(json_object_get(ws, "method"));
    ck_assert_ptr_nonnull(json_object_get(json_object_get(ws, "metrics"), "frames_avg"));
    for (size_t i = 0; i < 40; i++) {
        ck_assert_int_eq(metric_of(run_at(curve, i), "faults"),
                         metric_of(run_at(sim, i), "faults"));
        ck_assert_int_eq(metric_of(run_at(curve, i), "modelled_time"),
                         metric_of(run_at(sim, i), "modelled_time"));
        if (i >= 20)
            ck_assert(json_equal(json_object_get(run_at(curve, i), "metrics"),
                                 json_object_get(run_at(sim, i), "metrics")));
    }
    /* 2 loops of 30 pages in 35 frames: global LRU thrashes, ws suspends one and does not */
    ck_assert_int_gt(metric_of(run_at(curve, 6), "faults"),
                     10 * metric_of(run_at(curve, 26), "faults"));
    json_decref(curve);
    json_decref(sim);
}
END_TEST

START_TEST(pool_timers_tick_on_the_run_clock)
{
    /*
     * Local scope, equal quotas: 2 frames each. nru:interval=4: every
     * pool's instance clears its R bits at t4, t8, ... of the run's clock
     * (references of both processes), not of its process's own references.
     *   t0 1@0 F;  t1 1w@1 F (1,1);  t2 2@1 F (1,0);  t3 1@0 hit
     *   tick at t4 (both pools): process 1's 1 (0,1), 2 (0,0)
     *   t4 2@1 hit: 2 (1,0)
     *   t5 3@1 F: process 1's lowest class is 1: page 1 -> evicted dirty,
     *      a write-back
     * 4 faults. Process 1 has run 3 references by t5: a timer on its
     * virtual time (every 4 of its own) would not have fired, leaving 1
     * (1,1) and 2 (1,0): victim 2, no write-back.
     * Hardware visibility with flush: the same bits; the tick clears 3 set
     * bits with a flush (0's page 1, 1's pages 1 and 2): 3 shoot-downs, and
     * 1 is not cached when it goes (flushed, unused since).
     */
    static const char refs[] = "1 R 0\n1 W 1\n2 R 1\n1 R 0\n2 R 1\n3 R 1\n";
    for (int vis = VMLAB_VIS_EXACT; vis <= VMLAB_VIS_HARDWARE; vis++) {
        struct how h = {
            .policy = "nru:interval=4", .frames = 4, .visibility = vis, .scope = VMLAB_SCOPE_LOCAL};
        struct vmlab_sim_result r = run_text(refs, &h);
        ck_assert_uint_eq(r.total.faults, 4);
        ck_assert_uint_eq(proc(&r, 1)->evictions, 1);
        ck_assert_uint_eq(proc(&r, 1)->writebacks, 1);
        ck_assert_uint_eq(r.total.shootdowns, vis == VMLAB_VIS_HARDWARE ? 3 : 0);
        vmlab_sim_result_free(&r);
    }
    /*
     * ws allocation: references one by one (the deferral path). One process,
     * 2 frames, tau 10000 (no page leaves the window):
     *   t0 1w F (1,1);  t1 2 F (1,0);  t2 1 hit;  t3 2 hit
     *   tick at t4: 1 (0,1), 2 (0,0);  t4 2 hit: 2 (1,0)
     *   t5 3 F: it holds every frame and replaces within its own: NRU's
     *      lowest class is 1 -> 1, dirty: a write-back (without the tick:
     *      1 (1,1), 2 (1,0) -> 2, clean)
     */
    struct how w = {.policy = "nru:interval=4", .frames = 2, .allocation = "ws:tau=10000"};
    struct vmlab_sim_result r = run_text("1 W 0\n2 R 0\n1 R 0\n2 R 0\n2 R 0\n3 R 0\n", &w);
    ck_assert_uint_eq(r.total.faults, 3);
    ck_assert_uint_eq(r.total.writebacks, 1);
    vmlab_sim_result_free(&r);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("alloc");
    ADD_TEST(s, local_equal_vs_global_lru);
    ADD_TEST(s, proportional_and_shares_quotas);
    ADD_TEST(s, shares_isolate_a_process_from_a_scan);
    ADD_TEST(s, quota_apportionment);
    ADD_TEST(s, local_scope_of_one_process_is_global);
    ADD_TEST(s, ws_window_exact);
    ADD_TEST(s, ws_suspends_a_process_when_working_sets_exceed_memory);
    ADD_TEST(s, forced_resumption_when_the_queue_is_full);
    ADD_TEST(s, ws_estimated_from_sampled_bits_in_hardware);
    ADD_TEST(s, pff_grows_and_shrinks);
    ADD_TEST(s, pff_from_accessed_bits_in_hardware);
    ADD_TEST(s, pff_suspends_when_no_frame_can_be_found);
    ADD_TEST(s, per_process_metrics_sum_to_the_totals);
    ADD_TEST(s, deterministic);
    ADD_TEST(s, config_errors_name_the_json_path);
    ADD_TEST(s, run_time_errors_name_the_json_path);
    ADD_TEST(s, manager_axis_of_the_sweep);
    ADD_TEST(s, curves_leave_per_process_pools_to_simulation);
    ADD_TEST(s, pool_timers_tick_on_the_run_clock);
    return test_run_suite(s);
}
