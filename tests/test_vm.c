/*
 * test_vm.c - the memory manager: demand-paging counters (compulsory vs
 * major faults, write-backs), per-process metrics, and the hardware
 * visibility contract of frames.h (accessed bits set only on a TLB miss;
 * clearing without a flush leaves the page looking unreferenced), and the
 * fast paths that must not change a result: the direct page table of a
 * dense page space and its fallback, blocks lent without a copy, the census
 * that checks and counts a block before it runs; the policy's timer (tick
 * hook): called at every time it asks for, between references, in every
 * loop (plain, step by step, translated, per-process pools, deferred
 * references), and a tick that asks for no later time refused.
 */
#include <config.h>

#include <stdlib.h>
#include <string.h>

#include "core/config.h"
#include "core/pagemap.h"
#include "core/vm.h"
#include "testlib.h"
#include "workloads/text.h"

START_TEST(compulsory_major_writebacks)
{
    /*
     * FIFO, 2 frames, 1W 2 3 1 2W 3:
     *   1W F(c) [1*]; 2 F(c) [1* 2]; 3 F(c) evicts 1 (dirty: wb) [3 2];
     *   1 F(major) evicts 2 [3 1]; 2W F(major) evicts 3 [2* 1];
     *   3 F(major) evicts 1 [2* 3].
     * 6 faults: 3 compulsory, 3 major; 4 evictions; 1 write-back (page 1).
     */
    struct vmlab_metrics m = test_sim("fifo", "1 W\n2\n3\n1\n2 W\n3\n", 2);
    ck_assert_uint_eq(m.refs, 6);
    ck_assert_uint_eq(m.hits, 0);
    ck_assert_uint_eq(m.faults, 6);
    ck_assert_uint_eq(m.compulsory_faults, 3);
    ck_assert_uint_eq(m.major_faults, 3);
    ck_assert_uint_eq(m.evictions, 4);
    ck_assert_uint_eq(m.writebacks, 1);
    ck_assert_uint_eq(m.writes, 2);
    ck_assert_uint_eq(m.reads, 4);
    ck_assert_double_eq(vmlab_metrics_fault_ratio(&m), 1.0);
}
END_TEST

START_TEST(invariants_on_cloudphysics)
{
    /* refs = hits + faults; faults = compulsory + major; evictions =
       faults - frames once memory is full */
    struct vmlab_error err = {0};
    struct vmlab_stream *s;
    struct vmlab_trace_opts o = {.unit = VMLAB_UNIT_PAGE, .page_size = 4096};
    ck_assert_int_eq(vmlab_trace_open(&s, SHARED_DATA "/cloudPhysicsIO.txt", "auto", &o, &err),
                     0);
    static const char *pol[] = {"fifo", "lru", "clock", "random", "opt"};
    for (int i = 0; i < 5; i++) {
        ck_assert_int_eq(vmlab_stream_rewind(s, &err), 0);
        struct vmlab_metrics m = test_sim_stream(pol[i], s, 1000, VMLAB_VIS_EXACT, 1);
        ck_assert_uint_eq(m.refs, 113872);
        ck_assert_uint_eq(m.hits + m.faults, m.refs);
        ck_assert_uint_eq(m.compulsory_faults + m.major_faults, m.faults);
        ck_assert_uint_eq(m.compulsory_faults, 48974);
        ck_assert_uint_eq(m.evictions, m.faults - 1000);
        ck_assert_uint_eq(m.writebacks, 0);
    }
    vmlab_stream_close(s);
}
END_TEST

START_TEST(per_process_metrics)
{
    /*
     * Two processes share 3 frames under LRU; page 1 of ASID 0 and page 1 of
     * ASID 1 are different pages. References (page asid):
     *   1/0 F; 1/1 F; 2/0 F; 1/0 H; 3/1 F evicts 1/1 (LRU); 1/1 F evicts 2/0.
     * ASID 0: 3 refs, 2 faults (compulsory), 1 hit, 1 of its pages evicted.
     * ASID 1: 3 refs, 3 faults (2 compulsory, 1 major), 1 of its pages evicted.
     */
    const char *text = "1 R 0\n1 R 1\n2 R 0\n1 R 0\n3 R 1\n1 W 1\n";
    struct vmlab_error err = {0};
    struct vmlab_stream *st;
    ck_assert_int_eq(vmlab_text_open_string(&st, text, "t", VMLAB_UNIT_PAGE, &err), 0);
    struct vmlab_spec ps;
    ck_assert_int_eq(vmlab_spec_parse(&ps, "lru", 1, "t", &err), 0);
    struct vmlab_sim_config cfg = {.policy = ps.policy, .policy_params = &ps.params,
                                   .frames = 3, .page_size = 4096};
    struct vmlab_sim_result r;
    ck_assert_msg(vmlab_simulate(&cfg, st, &r, &err) == 0, "%s", err.msg);
    ck_assert_uint_eq(r.nprocs, 2);
    ck_assert_uint_eq(r.procs[0].asid, 0);
    ck_assert_uint_eq(r.procs[0].m.refs, 3);
    ck_assert_uint_eq(r.procs[0].m.faults, 2);
    ck_assert_uint_eq(r.procs[0].m.hits, 1);
    ck_assert_uint_eq(r.procs[0].m.compulsory_faults, 2);
    ck_assert_uint_eq(r.procs[0].m.evictions, 1);
    ck_assert_uint_eq(r.procs[1].asid, 1);
    ck_assert_uint_eq(r.procs[1].m.refs, 3);
    ck_assert_uint_eq(r.procs[1].m.faults, 3);
    ck_assert_uint_eq(r.procs[1].m.compulsory_faults, 2);
    ck_assert_uint_eq(r.procs[1].m.major_faults, 1);
    ck_assert_uint_eq(r.procs[1].m.evictions, 1);
    ck_assert_uint_eq(r.procs[1].m.writes, 1);
    ck_assert_uint_eq(r.total.faults, 5);
    ck_assert_uint_eq(r.total.refs, 6);
    vmlab_sim_result_free(&r);
    vmlab_spec_free(&ps);
    vmlab_stream_close(st);
}
END_TEST

START_TEST(hardware_visibility_bits)
{
    /*
     * CLOCK, 3 frames, 1 2 3 4 2 5.
     * At 4 the hand clears 1, 2, 3 and evicts 1; the hand moves to 2.
     * Then 2 is referenced:
     *  - exact, or hardware with flush: the clear invalidated the TLB entry,
     *    so the access sets 2's accessed bit again: at 5 the hand spares 2
     *    and evicts 3. Victims 1 3.
     *  - hardware without flush: the TLB still holds 2, the access does not
     *    set the bit, and 2 looks unreferenced: at 5 it is evicted. Victims 1 2.
     */
    char buf[64];
    test_victims_ex("clock", "1,2,3,4,2,5", 3, VMLAB_VIS_EXACT, buf, sizeof buf);
    ck_assert_str_eq(buf, "1 3");
    test_victims_ex("clock:flush=true", "1,2,3,4,2,5", 3, VMLAB_VIS_HARDWARE, buf, sizeof buf);
    ck_assert_str_eq(buf, "1 3");
    test_victims_ex("clock:flush=false", "1,2,3,4,2,5", 3, VMLAB_VIS_HARDWARE, buf, sizeof buf);
    ck_assert_str_eq(buf, "1 2");
}
END_TEST

START_TEST(shootdowns_counted)
{
    /*
     * The same string. With flush: three clears at 4 (1, 2, 3) and one at 5
     * (2) invalidate: 4 shoot-downs; the evicted pages were already
     * invalidated, so evictions add none.
     * Without flush: no clear invalidates, but each evicted page (1, then 2)
     * is still cached and needs a shoot-down: 2.
     * Exact visibility has no TLB: 0.
     */
    ck_assert_uint_eq(test_sim_ex("clock:flush=true", "1,2,3,4,2,5", 3, VMLAB_VIS_HARDWARE, 1)
                          .shootdowns, 4);
    ck_assert_uint_eq(test_sim_ex("clock:flush=false", "1,2,3,4,2,5", 3, VMLAB_VIS_HARDWARE, 1)
                          .shootdowns, 2);
    ck_assert_uint_eq(test_sim_ex("clock", "1,2,3,4,2,5", 3, VMLAB_VIS_EXACT, 1).shootdowns, 0);
    /* FIFO never clears a bit: in hardware mode each eviction of a cached
       page is one shoot-down: Belady's string with 3 frames evicts 6 */
    ck_assert_uint_eq(test_sim_ex("fifo", "1,2,3,4,1,2,5,1,2,3,4,5", 3, VMLAB_VIS_HARDWARE, 1)
                          .shootdowns, 6);
}
END_TEST

START_TEST(exact_only_policies_refused_in_hardware)
{
    struct vmlab_error err = {0};
    struct vmlab_stream *st;
    ck_assert_int_eq(vmlab_text_open_string(&st, "1,2", "t", VMLAB_UNIT_PAGE, &err), 0);
    struct vmlab_spec ps;
    ck_assert_int_eq(vmlab_spec_parse(&ps, "lru", 1, "t", &err), 0);
    struct vmlab_sim_config cfg = {.policy = ps.policy, .policy_params = &ps.params,
                                   .frames = 3, .page_size = 4096,
                                   .visibility = VMLAB_VIS_HARDWARE};
    struct vmlab_sim_result r;
    ck_assert_int_eq(vmlab_simulate(&cfg, st, &r, &err), VMLAB_EINPUT);
    ck_assert_ptr_nonnull(strstr(err.msg, "exact"));
    vmlab_spec_free(&ps);
    vmlab_stream_close(st);
}
END_TEST


START_TEST(direct_pagemap_and_its_fallback)
{
    /* keys below the bound are their own slots; ids in order of first touch */
    struct pagemap pm;
    ck_assert_int_eq(pagemap_init_direct(&pm, 1000), 0);
    ck_assert_uint_eq(pm.direct, 1024); /* the table's size: a power of two */
    bool fresh;
    for (uint64_t k = 0; k < 1000; k++) {
        struct pagemap_slot *s = pagemap_intern(&pm, 999 - k, &fresh);
        ck_assert(fresh);
        ck_assert_ptr_eq(s, &pm.slots[999 - k]);
        s->frame = (uint32_t)k;
    }
    ck_assert_ptr_null(pagemap_find(&pm, 5000)); /* beyond the bound: never held */
    ck_assert_ptr_eq(pagemap_intern(&pm, 7, &fresh), &pm.slots[7]);
    ck_assert(!fresh);
    /* a key beyond the bound makes the table hashed, keeping every key, id and frame */
    struct pagemap_slot *s = pagemap_intern(&pm, vmlab_page_key(3, 1), &fresh);
    ck_assert_ptr_nonnull(s);
    ck_assert(fresh);
    ck_assert_uint_eq(s->id, 1000);
    ck_assert_uint_eq(pm.direct, 0);
    ck_assert_uint_eq(pm.count, 1001);
    for (uint64_t k = 0; k < 1000; k++) {
        struct pagemap_slot *t = pagemap_find(&pm, 999 - k);
        ck_assert_ptr_nonnull(t);
        ck_assert_uint_eq(t->id, k);
        ck_assert_uint_eq(t->frame, k);
    }
    ck_assert_int_eq(pagemap_init_direct(&pm, PAGEMAP_DIRECT_MAX + 1), -1); /* (pm untouched) */
    pagemap_free(&pm);
}
END_TEST

/* The totals of @refs through @policy with @frames frames, the stream's bounds as given. */
/*
 * Simulate @refs (bytes) from a memory stream, with the bounds it knows
 * (@keep) or with addresses claimed below @addr_bound and ASIDs below
 * @asid_bound (0: unknown; a claim may lie).
 */
static struct vmlab_metrics sim_bounds_as(const char *policy, struct vmlab_ref *refs, size_t n,
                                          uint32_t frames, bool keep, uint64_t addr_bound,
                                          uint32_t asid_bound)
{
    struct vmlab_stream *s = vmlab_stream_memory(refs, n, VMLAB_UNIT_BYTE, false);
    ck_assert_ptr_nonnull(s);
    if (!keep)
        s->addr_bound = addr_bound, s->asid_bound = asid_bound;
    struct vmlab_metrics m = test_sim_stream(policy, s, frames, VMLAB_VIS_EXACT, 1);
    vmlab_stream_close(s);
    return m;
}

static struct vmlab_metrics sim_bounds(const char *policy, struct vmlab_ref *refs, size_t n,
                                       uint32_t frames, bool bounds)
{
    return sim_bounds_as(policy, refs, n, frames, bounds, 0, 0);
}

/* The largest address of @refs. */
static uint64_t max_addr(const struct vmlab_ref *refs, size_t n)
{
    uint64_t amax = 0;
    for (size_t i = 0; i < n; i++)
        amax = refs[i].addr > amax ? refs[i].addr : amax;
    return amax;
}

START_TEST(fast_paths_change_nothing)
{
    /* a memory stream knows its bounds: addresses below 1 + the largest, one ASID */
    size_t n;
    struct vmlab_ref *refs = test_workload_read("zipf:pages=20000,alpha=0.8,refs=200000,writes=0.3",
                                                4, &n);
    uint64_t amax = max_addr(refs, n);
    struct vmlab_stream *s = vmlab_stream_memory(refs, n, VMLAB_UNIT_BYTE, false);
    ck_assert_uint_eq(s->addr_bound, amax + 1);
    ck_assert_uint_eq(s->asid_bound, 1);
    ck_assert_uint_eq(vmlab_vm_page_bound(s, 4096), (amax >> 12) + 1);
    vmlab_stream_close(s);
    /*
     * the direct page table (bounds known) and the hashed one give the same
     * runs; the direct loop inlines the in-tree LRU's hooks and LIRS's LIR
     * hits, the hashed one calls them through the policy's table
     */
    static const char *const policies[] = {"fifo", "lru", "clock", "random", "opt", "lirs"};
    for (size_t p = 0; p < sizeof policies / sizeof policies[0]; p++) {
        struct vmlab_metrics a = sim_bounds(policies[p], refs, n, 1000, true);
        struct vmlab_metrics b = sim_bounds(policies[p], refs, n, 1000, false);
        ck_assert_msg(!memcmp(&a, &b, sizeof a), "%s differs with a direct page table",
                      policies[p]);
    }
    /* a block of two processes is counted reference by reference: per-process reads/writes */
    for (size_t i = 0; i < n; i += 3)
        refs[i].asid = 1;
    struct vmlab_metrics two = sim_bounds("lru", refs, n, 1000, true);
    ck_assert_uint_eq(two.refs, n);
    ck_assert_uint_eq(two.reads + two.writes, n);
    free(refs);
}
END_TEST

START_TEST(direct_loop_leaves_mid_block)
{
    /*
     * The direct loop checks each reference as it goes; the first one beyond
     * the table's bound (or of another ASID) sends the rest of its block the
     * general way, which makes the table hashed. Bounds that lie (a hint, not
     * a promise) must give the runs of no bounds at all, counts included.
     */
    size_t n;
    struct vmlab_ref *refs =
        test_workload_read("zipf:pages=20000,alpha=0.8,refs=200000,writes=0.3", 4, &n);
    uint64_t amax = max_addr(refs, n);
    static const char *const policies[] = {"fifo", "lru", "clock", "sieve", "lirs"};
    for (size_t p = 0; p < sizeof policies / sizeof policies[0]; p++) {
        struct vmlab_metrics b = sim_bounds(policies[p], refs, n, 1000, false);
        /* a bound of 1/8 of the pages: the first page beyond it leaves the direct loop */
        struct vmlab_metrics a = sim_bounds_as(policies[p], refs, n, 1000, false, amax / 8, 1);
        ck_assert_msg(!memcmp(&a, &b, sizeof a), "%s differs after a key beyond the bound",
                      policies[p]);
        ck_assert_uint_eq(a.refs, n);
    }
    /* another ASID deep in a block (reference 70001, with blocks of at most 65535) */
    refs[70001].asid = 1;
    struct vmlab_metrics b = sim_bounds("lru", refs, n, 1000, false);
    struct vmlab_metrics a = sim_bounds_as("lru", refs, n, 1000, false, amax + 1, 1);
    ck_assert(!memcmp(&a, &b, sizeof a));
    ck_assert_uint_eq(a.refs, n);
    ck_assert_uint_eq(a.reads + a.writes, n);
    free(refs);
}
END_TEST

START_TEST(bad_reference_named_inside_a_block)
{
    /* a bad reference deep in a block: the census refuses the block, the careful loop names it */
    struct vmlab_ref refs[3000];
    for (size_t i = 0; i < 3000; i++)
        refs[i] = (struct vmlab_ref){.addr = (i % 50) << 12, .op = VMLAB_OP_READ};
    refs[2345].op = 3;
    struct vmlab_stream *s = vmlab_stream_memory(refs, 3000, VMLAB_UNIT_BYTE, false);
    struct vmlab_error err = {0};
    struct vmlab_spec ps;
    ck_assert_int_eq(vmlab_spec_parse(&ps, "lru", 1, "t", &err), 0);
    struct vmlab_sim_config cfg = {.policy = ps.policy, .policy_params = &ps.params,
                                   .frames = 10, .page_size = 4096};
    struct vmlab_sim_result r;
    ck_assert_int_eq(vmlab_simulate(&cfg, s, &r, &err), VMLAB_EINPUT);
    ck_assert_str_eq(err.msg, "reference 2345: invalid operation 3");
    refs[2345].op = VMLAB_OP_READ;
    refs[17].asid = 5000;
    ck_assert_int_eq(vmlab_stream_rewind(s, &err), 0);
    ck_assert_int_eq(vmlab_simulate(&cfg, s, &r, &err), VMLAB_EINPUT);
    ck_assert_str_eq(err.msg, "reference 17: ASID 5000 is beyond 4095");
    vmlab_spec_free(&ps);
    vmlab_stream_close(s);
}
END_TEST

/* ---- the policy's timer (vmlab/policy.h: tick) ---- */

/*
 * A probe policy: FIFO by load time, exact visibility, and a tick every
 * probe.interval references that checks the contract: instance by
 * instance, ticks at 0, I, 2I, ... with none skipped; at a tick at T every
 * reference before T has been told (a hit or an insert, over all instances:
 * probe.told == T) and none after; no access told later is older than the
 * tick. Test-only statics: the runs of a test are one after the other.
 */
static struct {
    uint64_t interval; /* references between ticks; 0: a bad tick, returning its own time */
    uint64_t told;     /* accesses told to every instance so far (hits + inserts) */
    uint64_t latest;   /* time of the latest tick of any instance */
    uint64_t ticks;    /* ticks of every instance */
    uint64_t wrong;    /* contract violations seen */
} probe;

struct probe_state {
    struct vmlab_frames *fr;
    uint64_t *loaded; /* per frame: time of its load */
    uint64_t next;    /* this instance's next tick, as it asked */
};

static int probe_init(void **state, const struct vmlab_policy_env *env,
                      const struct vmlab_params *params, struct vmlab_error *err)
{
    (void)params;
    (void)err;
    struct probe_state *s = calloc(1, sizeof *s);
    ck_assert_ptr_nonnull(s);
    s->loaded = calloc(env->nframes, sizeof *s->loaded);
    s->fr = env->frames;
    *state = s;
    return 0;
}

static void probe_told(const struct vmlab_access *a)
{
    probe.told++;
    probe.wrong += a->time < probe.latest;
}

static void probe_hit(void *state, uint32_t f, const struct vmlab_access *a)
{
    (void)state;
    (void)f;
    probe_told(a);
}

static uint32_t probe_victim(void *state, const struct vmlab_access *a)
{
    struct probe_state *s = state;
    (void)a;
    uint32_t v = VMLAB_NO_FRAME;
    for (uint32_t f = 0; f < s->fr->n; f++)
        if (vmlab_frame_used(s->fr, f) && (v == VMLAB_NO_FRAME || s->loaded[f] < s->loaded[v]))
            v = f;
    return v;
}

static void probe_insert(void *state, uint32_t f, const struct vmlab_access *a)
{
    struct probe_state *s = state;
    s->loaded[f] = a->time;
    probe_told(a);
}

static void probe_remove(void *state, uint32_t f)
{
    (void)state;
    (void)f;
}

static void probe_fini(void *state)
{
    struct probe_state *s = state;
    free(s->loaded);
    free(s);
}

static uint64_t probe_tick(void *state, uint64_t time)
{
    struct probe_state *s = state;
    probe.wrong += time != s->next || probe.told != time || time < probe.latest;
    probe.latest = time;
    probe.ticks++;
    if (!probe.interval)
        return time; /* a bug: the engine must refuse it */
    return s->next = time + probe.interval;
}

static const struct vmlab_policy tick_probe = {
    .abi = VMLAB_POLICY_ABI,
    .name = "tick-probe",
    .summary = "FIFO whose tick hook checks the timer's contract (test_vm.c)",
    .source = "test",
    .flags = VMLAB_POLICY_NEEDS_EXACT,
    .init = probe_init,
    .hit = probe_hit,
    .victim = probe_victim,
    .insert = probe_insert,
    .remove = probe_remove,
    .fini = probe_fini,
    .tick = probe_tick,
};

static void count_steps(void *arg, const struct vmlab_step *st)
{
    (void)st;
    (*(uint64_t *)arg)++;
}

/*
 * @n references through the probe with @interval, @frames frames, as @how
 * says: "plain", "steps", "mmu", "local" (fixed quotas), "ws" (ws
 * allocation). Return: vmlab_simulate's code; *m the totals.
 */
static int probe_run(const struct vmlab_ref *refs, size_t n, uint64_t interval, uint32_t frames,
                     const char *how, struct vmlab_metrics *m, struct vmlab_error *err)
{
    memset(&probe, 0, sizeof probe);
    probe.interval = interval;
    struct vmlab_spec as;
    ck_assert_int_eq(vmlab_spec_parse(&as, strcmp(how, "ws") ? "fixed" : "ws:tau=40,interval=30",
                                      VMLAB_SPEC_ALLOCATION, "t", err),
                     0);
    uint64_t steps = 0;
    struct vmlab_mmu_desc *d = NULL;
    if (!strcmp(how, "mmu"))
        ck_assert_int_eq(vmlab_mmu_desc_load(&d,
                                             "{\"tlb\": [{\"name\": \"T\", \"entries\": 8, "
                                             "\"ways\": 2}]}",
                                             "", "$.mmu", err),
                         0);
    struct vmlab_sim_config cfg = {
        .policy = &tick_probe,
        .frames = frames,
        .page_size = 4096,
        .seed = 1,
        .scope =
            !strcmp(how, "local") || !strcmp(how, "ws") ? VMLAB_SCOPE_LOCAL : VMLAB_SCOPE_GLOBAL,
        .allocation = as.allocation,
        .alloc_params = &as.params,
        .step = strcmp(how, "steps") ? NULL : count_steps,
        .step_arg = &steps,
        .mmu = d,
    };
    struct vmlab_stream *st =
        vmlab_stream_memory((struct vmlab_ref *)refs, n, VMLAB_UNIT_PAGE, false);
    struct vmlab_sim_result r;
    int rc = vmlab_simulate(&cfg, st, &r, err);
    if (!rc) {
        *m = r.total;
        ck_assert(!cfg.step || steps == n);
        vmlab_sim_result_free(&r);
    }
    vmlab_stream_close(st);
    vmlab_spec_free(&as);
    vmlab_mmu_desc_free(d);
    return rc;
}

START_TEST(ticks_in_every_loop)
{
    /*
     * 10,000 references over 3 processes (blocks of 4,096: ticks fall inside
     * blocks and on their edges). Every loop of the engine calls each
     * instance's tick at 0, I, 2I, ... < 10,000 (none at the end), between
     * references, whatever the interval: 1 (a tick between every two
     * references), 999, 4096 (on the block edges), 20,000 (only at 0).
     */
    size_t n;
    struct vmlab_ref *r =
        test_workload_read("zipf:pages=60,alpha=0.6,refs=10000,writes=0.3", 5, &n);
    for (size_t i = 0; i < n; i++) {
        r[i].addr >>= 12;
        r[i].asid = (uint32_t)(i * 7 / 5 % 3);
    }
    static const char *const hows[] = {"plain", "steps", "mmu", "local", "ws"};
    static const uint64_t intervals[] = {1, 999, 4096, 20000};
    for (size_t h = 0; h < sizeof hows / sizeof *hows; h++) {
        for (size_t k = 0; k < sizeof intervals / sizeof *intervals; k++) {
            struct vmlab_error err = {0};
            struct vmlab_metrics m;
            ck_assert_msg(probe_run(r, n, intervals[k], 24, hows[h], &m, &err) == 0, "%s: %s",
                          hows[h], err.msg);
            uint64_t per = (n - 1) / intervals[k] + 1; /* ticks of one instance: 0, I, ... < n */
            bool pools = !strcmp(hows[h], "local") || !strcmp(hows[h], "ws");
            ck_assert_msg(probe.wrong == 0, "%s, interval %llu: %llu violations", hows[h],
                          (unsigned long long)intervals[k], (unsigned long long)probe.wrong);
            ck_assert_uint_eq(probe.told, n);
            ck_assert_uint_eq(m.refs, n);
            ck_assert_uint_eq(probe.latest, (per - 1) * intervals[k]);
            if (!strcmp(hows[h], "ws")) {
                /* the processes' working sets exceed memory: references were deferred, and
                   an instance stops ticking when its process has exited */
                ck_assert_uint_gt(m.deferred_refs, 0);
                ck_assert_uint_ge(probe.ticks, per);
                ck_assert_uint_le(probe.ticks, 3 * per);
            } else {
                ck_assert_uint_eq(probe.ticks, pools ? 3 * per : per);
            }
        }
    }
    free(r);
}
END_TEST

START_TEST(tick_not_later_refused)
{
    /* a tick that returns its own time would be called forever: the run stops, naming it */
    struct vmlab_ref r[5];
    for (size_t i = 0; i < 5; i++)
        r[i] = (struct vmlab_ref){.addr = i % 3, .asid = (uint32_t)(i % 2)};
    static const char *const hows[] = {"plain", "mmu", "local", "ws"};
    for (size_t h = 0; h < sizeof hows / sizeof *hows; h++) {
        struct vmlab_error err = {0};
        struct vmlab_metrics m;
        ck_assert_int_eq(probe_run(r, 5, 0, 4, hows[h], &m, &err), VMLAB_ESYSTEM);
        ck_assert_str_eq(err.msg, "policy tick-probe: its tick at time 0 asked for the next one "
                                  "at 0; the next tick must come later (or be VMLAB_NEVER)");
    }
}
END_TEST

int main(void)
{
    struct vmlab_error err = {0};
    if (vmlab_policy_register(&tick_probe, &err))
        return 99;
    Suite *s = suite_create("vm");
    ADD_TEST(s, compulsory_major_writebacks);
    ADD_TEST(s, invariants_on_cloudphysics);
    ADD_TEST(s, per_process_metrics);
    ADD_TEST(s, hardware_visibility_bits);
    ADD_TEST(s, shootdowns_counted);
    ADD_TEST(s, exact_only_policies_refused_in_hardware);
    ADD_TEST(s, direct_pagemap_and_its_fallback);
    ADD_TEST(s, direct_loop_leaves_mid_block);
    ADD_TEST(s, fast_paths_change_nothing);
    ADD_TEST(s, bad_reference_named_inside_a_block);
    ADD_TEST(s, ticks_in_every_loop);
    ADD_TEST(s, tick_not_later_refused);
    return test_run_suite(s);
}
