/*
 * test_hw.c - hwcounters: the TLB inference on latency curves whose TLB
 * hierarchy is known (exact staircases must be recovered exactly; with noise
 * within the stated tolerance), CPUID decoding on register values worked from
 * the manuals' encodings, and counters that either count for real or say why
 * they cannot (never a made-up number).
 */
#include <config.h>

#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#include <vmlab/rng.h>

#include "hwcounters/calib.h"
#include "hwcounters/curve.h"
#include "hwcounters/model.h"
#include "hwcounters/counters.h"
#include "hwcounters/cpuid.h"
#include "testlib.h"

/* a cyclic chase through fully associative LRU levels: N <= C hits, else misses */
static double staircase(uint64_t n, const uint64_t *cap, const double *miss, int levels)
{
    double v = 1.5;
    for (int k = 0; k < levels; k++)
        if (n > cap[k])
            v += miss[k];
    return v;
}

START_TEST(rise_hand_worked)
{
    /*
     * N consecutive pages, page p in set p mod S; a set holding more pages
     * than its ways misses on every access of a cyclic chase (LRU).
     *
     *   C = 8, W = 2, S = 4      pages per set     missing sets  misses / N
     *   N = 8                    2 2 2 2           none          0
     *   N = 9                    3 2 2 2           1             3 / 9
     *   N = 10                   3 3 2 2           2             6 / 10
     *   N = 11                   3 3 3 2           3             9 / 11
     *   N = 12                   3 3 3 3           4             1
     *   C = 4, W = 1, S = 4      N = 5: 2 1 1 1 -> 2 / 5;  N = 7: 2 2 2 1 -> 6 / 7;  N = 8: 1
     *   C = 8 fully associative  N = 8: 0;  N = 9: 1
     */
    ck_assert_double_eq(calib_rise(8, 8, 2), 0);
    ck_assert_double_eq_tol(calib_rise(9, 8, 2), 3.0 / 9, 1e-15);
    ck_assert_double_eq_tol(calib_rise(10, 8, 2), 6.0 / 10, 1e-15);
    ck_assert_double_eq_tol(calib_rise(11, 8, 2), 9.0 / 11, 1e-15);
    ck_assert_double_eq(calib_rise(12, 8, 2), 1);
    ck_assert_double_eq(calib_rise(40, 8, 2), 1);
    ck_assert_double_eq_tol(calib_rise(5, 4, 1), 2.0 / 5, 1e-15);
    ck_assert_double_eq_tol(calib_rise(7, 4, 1), 6.0 / 7, 1e-15);
    ck_assert_double_eq(calib_rise(8, 4, 1), 1);
    ck_assert_double_eq(calib_rise(8, 8, 8), 0);
    ck_assert_double_eq(calib_rise(9, 8, 8), 1);
}
END_TEST

START_TEST(infer_exact_staircase)
{
    static const uint64_t cap[] = {64, 1536};
    static const double miss[] = {2.5, 30.0};
    size_t n = 4096;
    uint64_t *pages = malloc(n * sizeof *pages);
    double *ns = malloc(n * sizeof *ns);
    for (size_t i = 0; i < n; i++) {
        pages[i] = i + 1;
        ns[i] = staircase(i + 1, cap, miss, 2);
    }
    struct calib_fit f;
    ck_assert_uint_eq(calib_infer(pages, ns, n, 0.5, &f), 2);
    ck_assert_uint_eq(f.step[0].entries, 64);
    ck_assert_uint_eq(f.step[1].entries, 1536);
    /* a cliff, with N = C + 1 measured: fully associative, and it shows */
    ck_assert_uint_eq(f.step[0].ways, 64);
    ck_assert(f.step[0].ways_shown);
    ck_assert_uint_eq(f.step[1].ways, 1536);
    ck_assert_double_eq_tol(f.step[0].miss_ns, 2.5, 1e-12);
    ck_assert_double_eq_tol(f.step[1].miss_ns, 30.0, 1e-12);
    ck_assert_double_eq_tol(f.base_ns, 1.5, 1e-12);
    for (size_t i = 0; i < n; i++)
        ck_assert_double_eq_tol(calib_fit_ns(&f, pages[i]), ns[i], 1e-12);
    free(pages);
    free(ns);
}
END_TEST

START_TEST(infer_geometric_grid)
{
    /* the grid vmlab calibrate starts from (points at 2^(k/8)) with capacities on it:
       12, 256 and 2048 entries, three cliffs */
    static const uint64_t cap[] = {12, 256, 2048};
    static const double miss[] = {1.0, 6.0, 40.0};
    uint64_t pages[200];
    double ns[200];
    size_t n = calib_grid(1u << 14, 8, pages, 200);
    for (size_t i = 0; i < n; i++)
        ns[i] = staircase(pages[i], cap, miss, 3);
    /* all three are on the grid: 12 = round(2^(29/8)), 256 = 2^8, 2048 = 2^11 */
    struct calib_fit f;
    ck_assert_uint_eq(calib_infer(pages, ns, n, 0.5, &f), 3);
    ck_assert_uint_eq(f.step[0].entries, 12);
    ck_assert_uint_eq(f.step[1].entries, 256);
    ck_assert_uint_eq(f.step[2].entries, 2048);
    ck_assert_double_eq_tol(f.step[2].miss_ns, 40.0, 1e-12);
    /* 12 and 13 are both on the grid: the cliff shows; nothing lies between 256 and 279 */
    ck_assert(f.step[0].ways_shown);
    ck_assert(!f.step[1].ways_shown);
    /* what would pin the others down: C, C + 1 and halfway to the neighbours */
    uint64_t p[64];
    size_t np = calib_proposals(&f, pages, n, 1u << 14, p, 64);
    bool has257 = false;
    for (size_t i = 0; i < np; i++)
        has257 |= p[i] == 257;
    ck_assert(has257);
}
END_TEST

START_TEST(infer_with_noise)
{
    /*
     * Gaussian noise of sd 0.3 ns on every point (Box-Muller, fixed seeds).
     * Tolerance: capacities exact (a misread needs a 4 sd excursion at the
     * step's edge), step heights within 0.1 ns (medians of hundreds of points).
     */
    static const uint64_t cap[] = {64, 1536};
    static const double miss[] = {3.0, 30.0};
    size_t n = 4096;
    uint64_t *pages = malloc(n * sizeof *pages);
    double *ns = malloc(n * sizeof *ns);
    for (uint64_t seed = 1; seed <= 5; seed++) {
        struct vmlab_rng g;
        vmlab_rng_seed(&g, seed, 1);
        for (size_t i = 0; i < n; i++) {
            double u1 = vmlab_rng_double(&g), u2 = vmlab_rng_double(&g);
            double z = sqrt(-2 * log(u1 > 0 ? u1 : 1e-300)) * cos(2 * M_PI * u2);
            pages[i] = i + 1;
            ns[i] = staircase(i + 1, cap, miss, 2) + 0.3 * z;
        }
        struct calib_fit f;
        ck_assert_uint_eq(calib_infer(pages, ns, n, 0.5, &f), 2);
        ck_assert_uint_eq(f.step[0].entries, 64);
        ck_assert_uint_eq(f.step[1].entries, 1536);
        ck_assert_double_eq_tol(f.step[0].miss_ns, 3.0, 0.1);
        ck_assert_double_eq_tol(f.step[1].miss_ns, 30.0, 0.1);
        ck_assert_double_eq_tol(f.noise_ns, 0.3, 0.05);
    }
    free(pages);
    free(ns);
}
END_TEST

START_TEST(set_associative_rise)
{
    /* the rise of a 4-way TLB of 1024 entries (256 sets) over every N: from 1025 to 1280,
       r (W + 1) / N of the accesses missing at N = 1024 + r; one step, C and W exact */
    size_t n = 3000;
    uint64_t *pages = malloc(n * sizeof *pages);
    double *ns = malloc(n * sizeof *ns);
    for (size_t i = 0; i < n; i++) {
        pages[i] = i + 1;
        ns[i] = 2.0 + 20.0 * calib_rise(i + 1, 1024, 4);
    }
    struct calib_fit f;
    ck_assert_uint_eq(calib_infer(pages, ns, n, 0.5, &f), 1);
    ck_assert_uint_eq(f.step[0].entries, 1024);
    ck_assert_uint_eq(f.step[0].ways, 4);
    ck_assert_uint_eq(f.step[0].rise_end, 1280);
    ck_assert(f.step[0].ways_shown);
    ck_assert_double_eq_tol(f.step[0].miss_ns, 20.0, 1e-12);
    ck_assert_double_eq_tol(f.base_ns, 2.0, 1e-12);
    free(pages);
    free(ns);
}
END_TEST

/* ---- the translation model as the machine ---- */

/*
 * A known MMU: L1 64 entries 4-way (16 sets), 1 cycle; L2 1536 entries
 * 12-way (128 sets), 9 cycles; no walk caches, 15 cycles per level of a
 * 4-level walk: 60. At 2 GHz (0.5 ns per cycle) a cyclic chase costs
 * 1 cycle = 0.5 ns per access while it fits L1, 1 + 9 = 10 cycles = 5 ns
 * from 64 + 16 = 80 pages, 70 cycles = 35 ns from 1536 + 128 = 1664:
 * steps of 4.5 and 30 ns.
 */
static const char known_mmu[] =
    "{\"name\": \"known\", \"tlb\": ["
    "{\"name\": \"L1\", \"level\": 1, \"entries\": 64, \"ways\": 4, \"latency\": 1},"
    "{\"name\": \"L2\", \"level\": 2, \"entries\": 1536, \"ways\": 12, \"latency\": 9}],"
    " \"cost\": {\"walk_mem\": [15, 15, 15, 15]}}";
#define KNOWN_NS_PER_CYCLE 0.5

struct machine {
    struct vmlab_mmu_desc *d;
    double noise;            /* sd of the Gaussian noise added, ns */
    uint64_t seed;           /* of the noise */
    unsigned calls;          /* measurements made */
    double cycles[8192 + 1]; /* the model's figure at each N, once computed */
};

/* the machine's translation share: cycles x 0.5 ns, beyond nothing (the base is level 1) */
static int machine_measure(void *arg, uint64_t pages, double *ns, struct vmlab_error *err)
{
    struct machine *m = arg;
    m->calls++;
    if (m->cycles[pages] == 0) {
        struct calib_model_point p;
        int rc = calib_model_chase(m->d, 4096, pages, 0, 7, &p, err);
        if (rc)
            return rc;
        m->cycles[pages] = p.cycles;
    }
    *ns = m->cycles[pages] * KNOWN_NS_PER_CYCLE;
    if (m->noise > 0) { /* deterministic: seeded by the seed, N and the measurement */
        struct vmlab_rng g;
        vmlab_rng_seed(&g, m->seed, pages * 1000003 + m->calls);
        double u1 = vmlab_rng_double(&g), u2 = vmlab_rng_double(&g);
        *ns += m->noise * sqrt(-2 * log(u1 > 0 ? u1 : 1e-300)) * cos(2 * M_PI * u2);
    }
    return 0;
}

static struct machine *machine_new(double noise, uint64_t seed)
{
    struct machine *m = calloc(1, sizeof *m);
    struct vmlab_error err = {0};
    ck_assert_int_eq(vmlab_mmu_desc_load(&m->d, known_mmu, "", "$.mmu", &err), 0);
    m->noise = noise;
    m->seed = seed;
    return m;
}

static void machine_free(struct machine *m)
{
    vmlab_mmu_desc_free(m->d);
    free(m);
}

START_TEST(model_chase_hand_worked)
{
    /*
     * One fully associative 4-entry TLB (1 cycle), walks of 4 x 10 cycles:
     * a chase over 4 pages hits every time after the warm-up lap (1 cycle per
     * access, no walk); over 5 it misses every time (LRU, cyclic): 1 + 40.
     */
    struct vmlab_mmu_desc *d;
    struct vmlab_error err = {0};
    ck_assert_int_eq(vmlab_mmu_desc_load(&d,
                                         "{\"tlb\": [{\"entries\": 4}], "
                                         "\"cost\": {\"walk_mem\": [10, 10, 10, 10]}}",
                                         "", "$.mmu", &err),
                     0);
    struct calib_model_point p;
    ck_assert_int_eq(calib_model_chase(d, 4096, 4, 0, 1, &p, &err), 0);
    ck_assert_double_eq(p.cycles, 1);
    ck_assert_double_eq(p.walks, 0);
    ck_assert_double_eq(p.l1_misses, 0);
    ck_assert_int_eq(calib_model_chase(d, 4096, 5, 0, 1, &p, &err), 0);
    ck_assert_double_eq(p.cycles, 41);
    ck_assert_double_eq(p.walks, 1);
    ck_assert_double_eq(p.l1_misses, 1);
    /* the dense layout: 5 nodes 64 bytes apart share one page: always a hit */
    ck_assert_int_eq(calib_model_chase(d, 4096, 5, 64, 1, &p, &err), 0);
    ck_assert_double_eq(p.cycles, 1);
    vmlab_mmu_desc_free(d);
}
END_TEST

static const struct calib_plan quick_plan = {
    .max_pages = 4096, .per_octave = 4, .rounds = 6, .remeasure = 2, .min_step_ns = 0.5};

/* The calibration's own pipeline (grid, spikes, refinement, inference) on the machine; two
   steps found. Return: the machine (free it). */
static struct machine *machine_curve(double noise, uint64_t seed, struct calib_curve *c,
                                     struct calib_fit *f)
{
    struct machine *m = machine_new(noise, seed);
    struct calib_source src = {machine_measure, m};
    struct vmlab_error err = {0};
    ck_assert_msg(calib_curve_measure(c, &quick_plan, &src, f, &err) == 0, "%s", err.msg);
    ck_assert_uint_eq(f->nsteps, 2);
    return m;
}

START_TEST(model_curve_recovered_exactly)
{
    struct calib_curve c;
    struct calib_fit f;
    struct vmlab_error err = {0};
    struct machine *m = machine_curve(0, 0, &c, &f);
    ck_assert_double_eq(f.base_ns, 0.5);
    ck_assert_uint_eq(f.step[0].entries, 64);
    ck_assert_uint_eq(f.step[0].ways, 4);
    ck_assert_uint_eq(f.step[0].rise_end, 80);
    ck_assert(f.step[0].ways_shown);
    ck_assert_double_eq(f.step[0].miss_ns, 4.5);
    ck_assert_uint_eq(f.step[1].entries, 1536);
    ck_assert_uint_eq(f.step[1].ways, 12);
    ck_assert_uint_eq(f.step[1].rise_end, 1664);
    ck_assert(f.step[1].ways_shown);
    ck_assert_double_eq(f.step[1].miss_ns, 30);
    ck_assert_uint_eq(c.remeasured, 0);
    ck_assert_uint_le(c.n, c.grid + 6 * 2 * 9);

    /* the profile: 2 levels (the last step is the walk), latencies 9 and a 60-cycle walk */
    struct calib_profile_in in = {.origin = "test", .ghz = 1 / KNOWN_NS_PER_CYCLE};
    in.size[0] = (struct calib_size){true, &f, calib_tlb_levels(&f, 0, NULL, NULL, 0, 0), 4096};
    ck_assert_uint_eq(in.size[0].levels, 2);
    json_t *notes = json_array();
    json_t *prof = calib_profile_json(&in, notes);
    char *text = json_dumps(prof, JSON_COMPACT);
    struct vmlab_mmu_desc *d;
    ck_assert_msg(vmlab_mmu_desc_load(&d, text, "", "$.mmu", &err) == 0, "%s", err.msg);
    ck_assert_uint_eq(d->ntlb, 2);
    ck_assert_uint_eq(d->tlb[0].c.entries, 64);
    ck_assert_uint_eq(d->tlb[0].c.ways, 4);
    ck_assert_uint_eq(d->tlb[0].c.latency, 1);
    ck_assert_uint_eq(d->tlb[1].c.entries, 1536);
    ck_assert_uint_eq(d->tlb[1].c.ways, 12);
    ck_assert_uint_eq(d->tlb[1].c.latency, 9);
    ck_assert_uint_eq(
        d->cost.walk_mem[0] + d->cost.walk_mem[1] + d->cost.walk_mem[2] + d->cost.walk_mem[3], 60);
    /* and it predicts every measured point exactly: base + (cycles - level 1) / GHz */
    for (size_t i = 0; i < c.n; i++) {
        struct calib_model_point p;
        ck_assert_int_eq(calib_model_chase(d, 4096, c.pages[i], 0, 7, &p, &err), 0);
        double pred = f.base_ns + (p.cycles - 1) * KNOWN_NS_PER_CYCLE;
        ck_assert_msg(pred == c.ns[i], "N = %llu: predicted %g, measured %g",
                      (unsigned long long)c.pages[i], pred, c.ns[i]);
    }
    vmlab_mmu_desc_free(d);
    free(text);
    json_decref(prof);
    json_decref(notes);
    calib_curve_free(&c);
    machine_free(m);
}
END_TEST

START_TEST(model_curve_with_noise)
{
    /*
     * The same machine with Gaussian noise on every measurement (seeded:
     * deterministic), five seeds per level. Stated tolerances:
     *   sd 0.2 ns (this VM's chases at their quietest): capacities and ways
     *     exact, step heights within 0.1 ns, the base within 0.05 ns;
     *   sd 0.5 ns (a busy machine; the threshold 4 sd = 2 ns is near the
     *     4.5 ns step): capacities within 3%, ways within 1 of the truth,
     *     heights within 0.5 ns.
     * Past sd 1.1 ns the 4.5 ns step is below 4 sd and not taken as a step.
     */
    static const struct {
        double sd, cap_pct, ways, height;
    } level[] = {{0.2, 0, 0, 0.1}, {0.5, 3, 1, 0.5}};
    for (size_t l = 0; l < 2; l++)
        for (uint64_t seed = 1; seed <= 5; seed++) {
            struct calib_curve c;
            struct calib_fit f;
            struct machine *m = machine_curve(level[l].sd, seed, &c, &f);
            static const double cap[] = {64, 1536}, ways[] = {4, 12}, h[] = {4.5, 30};
            for (unsigned k = 0; k < 2; k++) {
                ck_assert_msg(
                    fabs((double)f.step[k].entries - cap[k]) <= cap[k] * level[l].cap_pct / 100,
                    "sd %g seed %llu: level %u: %llu entries", level[l].sd,
                    (unsigned long long)seed, k + 1, (unsigned long long)f.step[k].entries);
                ck_assert_msg(fabs((double)f.step[k].ways - ways[k]) <= level[l].ways,
                              "sd %g seed %llu: level %u: %llu ways", level[l].sd,
                              (unsigned long long)seed, k + 1, (unsigned long long)f.step[k].ways);
                ck_assert_double_eq_tol(f.step[k].miss_ns, h[k], level[l].height);
            }
            ck_assert_double_eq_tol(f.base_ns, 0.5, level[l].height / 2);
            calib_curve_free(&c);
            machine_free(m);
        }
}
END_TEST

START_TEST(tlb_levels_rules)
{
    /* steps: 64 (+2.5 ns), 600 (+1.0: a wiggle), 1536 (+7: the walk), 6000 (+4: the PTEs
       leave the L1 data cache) */
    struct calib_fit f = {.nsteps = 4};
    static const uint64_t cap[] = {64, 600, 1536, 6000};
    static const double h[] = {2.5, 1.0, 7, 4};
    for (unsigned k = 0; k < 4; k++) {
        f.step[k].entries = cap[k];
        f.step[k].miss_ns = h[k];
    }
    /* by default the walk is the first step past the first taller than all before it:
       the third, so three levels (64, 600, 1536 entries) */
    ck_assert_uint_eq(calib_tlb_levels(&f, 0, NULL, NULL, 0, 0), 3);
    /* CPUID's count, and what is given, come first */
    ck_assert_uint_eq(calib_tlb_levels(&f, 0, NULL, NULL, 0, 2), 2);
    ck_assert_uint_eq(calib_tlb_levels(&f, 4, NULL, NULL, 0, 2), 4);
    /* walk counters: walks start past 600, so the second step is the walk */
    uint64_t pages[] = {32, 100, 1000, 8000};
    double walks[] = {0, 0, 1, 1};
    ck_assert_uint_eq(calib_tlb_levels(&f, 0, pages, walks, 4, 3), 2);
    /* no walk seen: every step is a TLB level's, and one more level beyond */
    double none[] = {0, 0, 0, 0};
    ck_assert_uint_eq(calib_tlb_levels(&f, 0, pages, none, 4, 0), 5);
    /* steps that only shrink: the walk is beyond the curve */
    f.nsteps = 2;
    f.step[1].miss_ns = 2.0;
    ck_assert_uint_eq(calib_tlb_levels(&f, 0, NULL, NULL, 0, 0), 3);
    /* no step at all: one level, as large as the curve went */
    struct calib_fit flat = {.nsteps = 0};
    ck_assert_uint_eq(calib_tlb_levels(&flat, 0, NULL, NULL, 0, 0), 1);
}
END_TEST

START_TEST(cpuid_intel_descriptors)
{
    struct cpuid_tlbs t;
    memset(&t, 0, sizeof t);
    /* 0x63: a 32-entry 4-way 2M/4M DTLB and a separate 4-entry 4-way 1G one */
    ck_assert_int_eq(cpuid_intel_descriptor(&t, 0x63), 1);
    ck_assert_uint_eq(t.n, 2);
    ck_assert_uint_eq(t.tlb[0].entries, 32);
    ck_assert_uint_eq(t.tlb[0].pages, CPUID_PAGE_2M | CPUID_PAGE_4M);
    ck_assert_uint_eq(t.tlb[1].entries, 4);
    ck_assert_uint_eq(t.tlb[1].pages, CPUID_PAGE_1G);
    /* 0xC3: the shared L2 TLB: 1536 entries 6-way for 4K/2M, 16 entries 4-way for 1G */
    ck_assert_int_eq(cpuid_intel_descriptor(&t, 0xC3), 1);
    ck_assert_uint_eq(t.n, 4);
    ck_assert_int_eq(t.tlb[2].level, 2);
    ck_assert_int_eq(t.tlb[2].type, CPUID_TLB_UNIFIED);
    ck_assert_uint_eq(t.tlb[2].entries, 1536);
    ck_assert_int_eq(t.tlb[2].ways, 6);
    /* 0x2C is an L1 data cache descriptor, not a TLB */
    ck_assert_int_eq(cpuid_intel_descriptor(&t, 0x2C), 0);
    /* 0xFF: look at leaf 0x18 */
    ck_assert_int_eq(cpuid_intel_descriptor(&t, 0xFF), 1);
    ck_assert_int_eq(t.leaf18, 1);
}
END_TEST

START_TEST(cpuid_intel_leaf18_decoding)
{
    struct cpuid_tlbs t;
    memset(&t, 0, sizeof t);
    /*
     * An L2 unified TLB for 4K and 2M pages, 12 ways x 128 sets: EBX = ways
     * << 16 | page bits (4K 0x1, 2M 0x2); ECX = sets; EDX = level 2 << 5 |
     * type 3 (unified).
     */
    cpuid_intel_leaf18(&t, (12u << 16) | 0x3, 128, (2u << 5) | 3);
    ck_assert_uint_eq(t.n, 1);
    ck_assert_uint_eq(t.tlb[0].entries, 1536);
    ck_assert_int_eq(t.tlb[0].ways, 12);
    ck_assert_int_eq(t.tlb[0].level, 2);
    ck_assert_int_eq(t.tlb[0].type, CPUID_TLB_UNIFIED);
    /* a fully associative L1 load TLB of 1G pages, 8 entries (1 set, bit 8) */
    cpuid_intel_leaf18(&t, (8u << 16) | 0x8, 1, (1u << 8) | (1u << 5) | 4);
    ck_assert_uint_eq(t.tlb[1].entries, 8);
    ck_assert_int_eq(t.tlb[1].ways, 0);
    ck_assert_int_eq(t.tlb[1].type, CPUID_TLB_LOAD);
    /* a null subleaf (type 0) adds nothing */
    cpuid_intel_leaf18(&t, 0, 0, 0);
    ck_assert_uint_eq(t.n, 2);
}
END_TEST

START_TEST(cpuid_amd_leaves)
{
    struct cpuid_tlbs t;
    memset(&t, 0, sizeof t);
    /*
     * Encodings of Fn8000_0005 (8-bit assoc 0xFF = fully, 8-bit sizes) and
     * Fn8000_0006/0019 (4-bit assoc 0x6 = 8-way, 0xF = fully; 12-bit sizes):
     *   L1 4K:  dTLB 72 fully, iTLB 64 fully     EBX = FF 48 FF 40
     *   L1 2M:  dTLB 72 fully, iTLB 64 fully     EAX = FF 48 FF 40
     *   L2 4K:  dTLB 3072 8-way, iTLB 512 8-way  EBX = 6 C00 6 200
     *   L2 2M:  dTLB 3072 8-way, iTLB 512 8-way  EAX = same
     *   1G L1:  dTLB 72 fully, no iTLB (assoc 0) EAX = F 048 0 000
     *   1G L2:  none                             EBX = 0
     */
    uint32_t l5[2] = {0xFF48FF40u, 0xFF48FF40u};
    uint32_t l6[2] = {0x6C006200u, 0x6C006200u};
    uint32_t l19[2] = {0xF0480000u, 0};
    cpuid_amd(&t, l5, l6, l19);
    ck_assert_uint_eq(t.n, 9);
    ck_assert_uint_eq(t.tlb[0].entries, 72); /* L1 data 4K */
    ck_assert_int_eq(t.tlb[0].ways, 0);
    ck_assert_uint_eq(t.tlb[1].entries, 64); /* L1 instruction 4K */
    ck_assert_int_eq(t.tlb[1].type, CPUID_TLB_INSTR);
    ck_assert_uint_eq(t.tlb[4].entries, 3072); /* L2 data 4K */
    ck_assert_int_eq(t.tlb[4].ways, 8);
    ck_assert_int_eq(t.tlb[4].level, 2);
    ck_assert_uint_eq(t.tlb[5].entries, 512);
    ck_assert_uint_eq(t.tlb[8].entries, 72); /* L1 data 1G */
    ck_assert_uint_eq(t.tlb[8].pages, CPUID_PAGE_1G);
}
END_TEST

START_TEST(cpuid_comparison)
{
    /* CPUID as a Zen 4 reports it (the registers of cpuid_amd_leaves): L1 DTLB 72 entries fully
       associative, L2 DTLB 3072 entries 8-way, for 4K pages */
    struct cpuid_tlbs t;
    memset(&t, 0, sizeof t);
    uint32_t l5[2] = {0xFF48FF40u, 0xFF48FF40u}, l6[2] = {0x6C006200u, 0x6C006200u}, l19[2] = {0};
    cpuid_amd(&t, l5, l6, l19);
    /* inferred: 64 fully associative (64/72 = 0.89: agrees), 2048 8-way (0.67: disagrees,
       though the ways agree), a third level CPUID does not describe */
    struct calib_fit f = {.nsteps = 3};
    f.step[0] = (struct calib_step){.entries = 64, .ways = 64, .ways_shown = true};
    f.step[1] = (struct calib_step){.entries = 2048, .ways = 8, .ways_shown = true};
    f.step[2] = (struct calib_step){.entries = 8000, .ways = 8000, .ways_shown = false};
    json_t *c = calib_compare_cpuid(&t, &f, "4K", CPUID_PAGE_4K, 3);
    ck_assert_uint_eq(json_array_size(c), 3);
    json_t *l1 = json_array_get(c, 0), *l2 = json_array_get(c, 1), *l3 = json_array_get(c, 2);
    ck_assert_int_eq(json_integer_value(json_object_get(l1, "cpuid_entries")), 72);
    ck_assert_double_eq_tol(json_real_value(json_object_get(l1, "ratio")), 64.0 / 72, 1e-12);
    ck_assert(json_is_true(json_object_get(l1, "ways_agree")));
    ck_assert(json_is_true(json_object_get(l1, "agrees")));
    ck_assert_int_eq(json_integer_value(json_object_get(l2, "cpuid_entries")), 3072);
    ck_assert_int_eq(json_integer_value(json_object_get(l2, "cpuid_ways")), 8);
    ck_assert(json_is_true(json_object_get(l2, "ways_agree")));
    ck_assert(json_is_false(json_object_get(l2, "agrees")));
    ck_assert(json_is_null(json_object_get(l3, "agrees")));
    ck_assert_str_eq(json_string_value(json_object_get(l3, "note")), "CPUID describes no such TLB");
    json_decref(c);
    /* only the TLB levels are compared; without CPUID, each says so */
    c = calib_compare_cpuid(NULL, &f, "4K", CPUID_PAGE_4K, 1);
    ck_assert_uint_eq(json_array_size(c), 1);
    ck_assert_str_eq(json_string_value(json_object_get(json_array_get(c, 0), "note")),
                     "CPUID describes no TLB");
    json_decref(c);
}
END_TEST

/* Touch every 4 KiB page of @m once. Not instrumented: under AddressSanitizer
   the shadow-memory checks would fault pages of their own and be counted. */
__attribute__((no_sanitize_address, noinline)) static void touch_pages(char *m, size_t len)
{
    for (size_t i = 0; i < len; i += 4096)
        ((volatile char *)m)[i] = 1;
}

START_TEST(counters_never_invent)
{
    struct counters cs;
    const char *const ev[] = {"PAPI_TOT_CYC", "no_such_event_anywhere", "minor-faults", NULL};
    counters_open(&cs, ev);
    ck_assert_uint_eq(cs.n, 3);
    /* the first counts for real on a machine with counters; else says why */
    if (!cs.c[0].available)
        ck_assert_msg(strstr(cs.c[0].reason, "counters unavailable") != NULL, "%s", cs.c[0].reason);
    /* an unknown event is never available */
    ck_assert(!cs.c[1].available);
    ck_assert_msg(strstr(cs.c[1].reason, "counters unavailable") != NULL, "%s", cs.c[1].reason);
    /* page faults: touching 256 fresh 4K pages (no huge pages) takes 256 minor faults */
    ck_assert(cs.c[2].available);
    size_t len = 256 * 4096;
    char *m = mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    ck_assert(m != MAP_FAILED);
    madvise(m, len, MADV_NOHUGEPAGE);
    counters_start(&cs);
    touch_pages(m, len);
    counters_stop(&cs);
    ck_assert_uint_ge(cs.c[2].value, 256);
    ck_assert_uint_le(cs.c[2].value, 256 + 16);
    json_t *j = counters_json(&cs);
    ck_assert(
        json_is_false(json_object_get(json_object_get(j, "no_such_event_anywhere"), "available")));
    ck_assert_ptr_null(json_object_get(json_object_get(j, "no_such_event_anywhere"), "value"));
    json_decref(j);
    counters_close(&cs);
    munmap(m, len);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("hw");
    ADD_TEST(s, rise_hand_worked);
    ADD_TEST(s, infer_exact_staircase);
    ADD_TEST(s, infer_geometric_grid);
    ADD_TEST(s, infer_with_noise);
    ADD_TEST(s, set_associative_rise);
    ADD_TEST(s, model_chase_hand_worked);
    ADD_TEST(s, model_curve_recovered_exactly);
    ADD_TEST(s, model_curve_with_noise);
    ADD_TEST(s, tlb_levels_rules);
    ADD_TEST(s, cpuid_intel_descriptors);
    ADD_TEST(s, cpuid_intel_leaf18_decoding);
    ADD_TEST(s, cpuid_amd_leaves);
    ADD_TEST(s, cpuid_comparison);
    ADD_TEST(s, counters_never_invent);
    return test_run_suite(s);
}
