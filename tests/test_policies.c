/*
 * test_policies.c - the replacement policies against reference strings worked
 * by hand, and the invariants every run must keep: OPT faults no more than any
 * policy; LRU and OPT are stack algorithms (faults never rise with frames);
 * FIFO is not (Belady's anomaly).
 */
#include <config.h>

#include <stdlib.h>
#include <string.h>

#include <vmlab/rng.h>

#include "testlib.h"

static const char *BELADY = TEST_BELADY;
static const char *SILBERSCHATZ = TEST_SILBERSCHATZ;

START_TEST(belady_anomaly_fifo)
{
    ck_assert_uint_eq(test_sim("fifo", BELADY, 3).faults, 9);
    ck_assert_uint_eq(test_sim("fifo", BELADY, 4).faults, 10);
}
END_TEST

START_TEST(belady_lru_opt)
{
    /* worked on paper: LRU 10 then 8, OPT 7 then 6 */
    ck_assert_uint_eq(test_sim("lru", BELADY, 3).faults, 10);
    ck_assert_uint_eq(test_sim("lru", BELADY, 4).faults, 8);
    ck_assert_uint_eq(test_sim("opt", BELADY, 3).faults, 7);
    ck_assert_uint_eq(test_sim("opt", BELADY, 4).faults, 6);
}
END_TEST

START_TEST(silberschatz_three_frames)
{
    /* the textbook's figures: OPT 9, LRU 12, FIFO 15 */
    ck_assert_uint_eq(test_sim("opt", SILBERSCHATZ, 3).faults, 9);
    ck_assert_uint_eq(test_sim("lru", SILBERSCHATZ, 3).faults, 12);
    ck_assert_uint_eq(test_sim("fifo", SILBERSCHATZ, 3).faults, 15);
    /* second chance, worked on paper: 14 */
    ck_assert_uint_eq(test_sim("clock", SILBERSCHATZ, 3).faults, 14);
}
END_TEST

START_TEST(victims_in_order)
{
    char buf[256];
    /* FIFO evicts in load order: 7 0 1 2 3 0 4 2 3 0 1 2 */
    test_victims("fifo", SILBERSCHATZ, 3, buf, sizeof buf);
    ck_assert_str_eq(buf, "7 0 1 2 3 0 4 2 3 0 1 2");
    /* LRU, worked on paper */
    test_victims("lru", SILBERSCHATZ, 3, buf, sizeof buf);
    ck_assert_str_eq(buf, "7 1 2 3 0 4 0 3 2");
    /* OPT: the page used farthest in the future */
    test_victims("opt", SILBERSCHATZ, 3, buf, sizeof buf);
    ck_assert_str_eq(buf, "7 1 0 4 3 2");
    /*
     * CLOCK on 1,2,3,1,4: all three loaded with reference bits set; at 4 the
     * hand clears 1, 2, 3 and comes back to 1 (its bit now clear): victim 1.
     */
    test_victims("clock", "1,2,3,1,4", 3, buf, sizeof buf);
    ck_assert_str_eq(buf, "1");
    /* CLOCK on 1,2,3,4,2,5: after 4 replaced 1 the hand is at 2, whose bit
       the hit set again... all bits clear after the sweep except 2's: victim 3 */
    test_victims("clock", "1,2,3,4,2,5", 3, buf, sizeof buf);
    ck_assert_str_eq(buf, "1 3");
}
END_TEST

START_TEST(clock_sweeps_words_as_frames)
{
    /*
     * In exact visibility CLOCK sweeps 8 frames a word while 8 fit before the
     * wrap, frame by frame after. 10 frames: page p+1 in frame p, bits set.
     *
     *   ref  hand  sweep                                          victim (frame)
     *   1    0     hit: its bit already set                       -
     *   11   0     word 0-7: no candidate, all cleared; 8, 9      1 (0), hand 1
     *              cleared one by one; 0: clear -> victim
     *   2    1     hit: sets frame 1's bit again                  -
     *   12   1     word 1-8: frame 1 set (cleared), frame 2 clear 3 (2), hand 3
     *   13   3     7 frames before the wrap: frame by frame       4 (3), hand 4
     */
    char buf[64];
    test_victims_ex("clock", "1,2,3,4,5,6,7,8,9,10,1,11,2,12,13", 10, VMLAB_VIS_EXACT, buf,
                    sizeof buf);
    ck_assert_str_eq(buf, "1 3 4");
    /* hardware visibility with flushes sees the same bits, and sweeps frame by frame */
    const char *const refs[] = {"1,2,3,4,5,6,7,8,9,10,1,11,2,12,13", SILBERSCHATZ};
    for (size_t i = 0; i < 2; i++)
        for (uint32_t frames = 1; frames <= 20; frames++)
            ck_assert_uint_eq(test_sim_ex("clock", refs[i], frames, VMLAB_VIS_EXACT, 1).faults,
                              test_sim_ex("clock", refs[i], frames, VMLAB_VIS_HARDWARE, 1).faults);
    /* the same victims in the same order, on a trace that sweeps long words of set bits */
    size_t n, len = 1 << 20;
    struct vmlab_ref *r = test_workload_read("zipf:pages=5000,alpha=0.8,refs=20000", 7, &n);
    char *ve = malloc(len), *vh = malloc(len);
    ck_assert(ve && vh);
    for (uint32_t frames = 5; frames <= 2000; frames = frames * 3 + 1) {
        test_victims_refs("clock", r, n, frames, VMLAB_VIS_EXACT, ve, len);
        test_victims_refs("clock", r, n, frames, VMLAB_VIS_HARDWARE, vh, len);
        ck_assert_msg(!strcmp(ve, vh), "%u frames: other victims in exact visibility", frames);
        ck_assert(strlen(ve) > 100);
    }
    free(ve);
    free(vh);
    free(r);
}
END_TEST

/* n page references of a given shape, seeded */
static struct vmlab_ref *random_trace(int shape, size_t n, uint64_t seed)
{
    struct vmlab_ref *r = calloc(n, sizeof *r);
    struct vmlab_rng g;
    vmlab_rng_seed(&g, seed, 7);
    for (size_t i = 0; i < n; i++) {
        uint64_t p;
        switch (shape) {
        case 0: /* uniform over 40 pages */
            p = vmlab_rng_below(&g, 40);
            break;
        case 1: /* hot 8 pages 80% of the time, 100 cold */
            p = vmlab_rng_below(&g, 10) < 8 ? vmlab_rng_below(&g, 8)
                                              : 8 + vmlab_rng_below(&g, 100);
            break;
        case 2: /* a loop of 30 with random excursions */
            p = vmlab_rng_below(&g, 5) ? i % 30 : 30 + vmlab_rng_below(&g, 50);
            break;
        default: /* phases: a window of 12 pages moving every 200 refs */
            p = (i / 200) * 5 + vmlab_rng_below(&g, 12);
            break;
        }
        r[i].addr = p;
        r[i].op = vmlab_rng_below(&g, 4) ? VMLAB_OP_READ : VMLAB_OP_WRITE;
    }
    return r;
}

START_TEST(random_is_seeded)
{
    struct vmlab_metrics a = test_sim_ex("random", SILBERSCHATZ, 3, VMLAB_VIS_EXACT, 1);
    struct vmlab_metrics b = test_sim_ex("random", SILBERSCHATZ, 3, VMLAB_VIS_EXACT, 1);
    ck_assert_uint_eq(a.faults, b.faults);
    /* never better than OPT, never more faults than references */
    ck_assert_uint_ge(a.faults, 9);
    ck_assert_uint_le(a.faults, 20);
    /* different seeds give different victim sequences on a long random trace */
    size_t n = 2000;
    struct vmlab_ref *r = random_trace(0, n, 5);
    uint64_t f[4];
    for (uint64_t seed = 1; seed <= 4; seed++) {
        struct vmlab_stream *st = vmlab_stream_memory(r, n, VMLAB_UNIT_PAGE, false);
        f[seed - 1] = test_sim_stream("random", st, 10, VMLAB_VIS_EXACT, seed).faults;
        vmlab_stream_close(st);
    }
    ck_assert_msg(f[0] != f[1] || f[1] != f[2] || f[2] != f[3], "seeds change nothing");
    free(r);
}
END_TEST

static const char *POLICIES[] = {"fifo", "lru", "clock", "random", NULL};

START_TEST(opt_is_optimal)
{
    for (int shape = 0; shape < 4; shape++) {
        size_t n = 3000;
        struct vmlab_ref *r = random_trace(shape, n, 100 + shape);
        for (uint32_t frames = 1; frames <= 48; frames += 5) {
            uint64_t opt = test_sim_refs("opt", r, n, frames).faults;
            for (const char **p = POLICIES; *p; p++) {
                uint64_t f = test_sim_refs(*p, r, n, frames).faults;
                ck_assert_msg(opt <= f, "shape %d frames %u: opt %llu > %s %llu", shape, frames,
                              (unsigned long long)opt, *p, (unsigned long long)f);
            }
        }
        free(r);
    }
}
END_TEST

START_TEST(stack_property)
{
    static const char *stack[] = {"lru", "opt", NULL};
    for (int shape = 0; shape < 4; shape++) {
        size_t n = 3000;
        struct vmlab_ref *r = random_trace(shape, n, 200 + shape);
        for (const char **p = stack; *p; p++)
            test_check_stack(*p, r, n, 64, "a random trace");
        free(r);
    }
}
END_TEST

START_TEST(loop_one_more_page_than_frames)
{
    /* loop over N+1 pages with N frames: LRU and FIFO fault on every
       reference; OPT faults once per N references after warm-up */
    const uint32_t N = 10;
    size_t n = 11 * 50;
    struct vmlab_ref *r = calloc(n, sizeof *r);
    for (size_t i = 0; i < n; i++)
        r[i].addr = i % (N + 1);
    ck_assert_uint_eq(test_sim_refs("lru", r, n, N).faults, n);
    ck_assert_uint_eq(test_sim_refs("fifo", r, n, N).faults, n);
    ck_assert_uint_eq(test_sim_refs("clock", r, n, N).faults, n);
    /*
     * OPT: the first N references fill memory; at time N (page N) it evicts
     * page N-1, used farthest ahead, which faults again at time 2N and
     * evicts page N-2, and so on: a fault at every time kN, k >= 1. Faults:
     * N + floor((n-1)/N), here 10 + 54 = 64 of 550 references.
     */
    uint64_t opt = test_sim_refs("opt", r, n, N).faults;
    uint64_t expect = N + (n - 1) / N;
    ck_assert_uint_eq(opt, expect);
    free(r);
}
END_TEST

START_TEST(more_frames_than_pages)
{
    /* with memory for every page, each policy takes only compulsory faults */
    for (const char **p = POLICIES; *p; p++) {
        struct vmlab_metrics m = test_sim(*p, SILBERSCHATZ, 64);
        ck_assert_uint_eq(m.faults, 6);  /* distinct pages: 7 0 1 2 3 4 */
        ck_assert_uint_eq(m.compulsory_faults, 6);
        ck_assert_uint_eq(m.evictions, 0);
    }
}
END_TEST

START_TEST(one_frame)
{
    /* one frame: a fault whenever the page changes */
    ck_assert_uint_eq(test_sim("lru", "1,1,2,2,2,1,3,3", 1).faults, 4);
    ck_assert_uint_eq(test_sim("opt", "1,1,2,2,2,1,3,3", 1).faults, 4);
    ck_assert_uint_eq(test_sim("clock", "1,1,2,2,2,1,3,3", 1).faults, 4);
}
END_TEST

START_TEST(cloudphysics_trace)
{
    /* the real trace: OPT <= LRU, and every policy's compulsory faults equal
       the distinct ids (48974 per the data's README) */
    struct vmlab_error err = {0};
    struct vmlab_stream *s;
    struct vmlab_trace_opts o = {.unit = VMLAB_UNIT_PAGE, .page_size = 4096};
    ck_assert_msg(vmlab_trace_open(&s, SHARED_DATA "/cloudPhysicsIO.txt", "text", &o, &err) == 0,
                  "%s", err.msg);
    struct vmlab_ref *refs;
    size_t n;
    ck_assert_int_eq(vmlab_stream_slurp(s, &refs, &n, &err), 0);
    vmlab_stream_close(s);
    ck_assert_uint_eq(n, 113872);
    struct vmlab_metrics opt = test_sim_refs("opt", refs, n, 4096);
    struct vmlab_metrics lru = test_sim_refs("lru", refs, n, 4096);
    ck_assert_uint_eq(opt.compulsory_faults, 48974);
    ck_assert_uint_eq(lru.compulsory_faults, 48974);
    ck_assert_uint_le(opt.faults, lru.faults);
    ck_assert_uint_eq(lru.faults, lru.compulsory_faults + lru.major_faults);
    free(refs);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("policies");
    ADD_TEST(s, belady_anomaly_fifo);
    ADD_TEST(s, belady_lru_opt);
    ADD_TEST(s, silberschatz_three_frames);
    ADD_TEST(s, victims_in_order);
    ADD_TEST(s, clock_sweeps_words_as_frames);
    ADD_TEST(s, random_is_seeded);
    ADD_TEST(s, opt_is_optimal);
    ADD_TEST(s, stack_property);
    ADD_TEST(s, loop_one_more_page_than_frames);
    ADD_TEST(s, more_frames_than_pages);
    ADD_TEST(s, one_frame);
    ADD_TEST(s, cloudphysics_trace);
    return test_run_suite(s);
}
