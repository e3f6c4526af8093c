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
    ck_assert_uint_eq(f.level[0].entries, 64);
    ck_assert_uint_eq(f.level[1].entries, 1536);
    ck_assert_double_eq_tol(f.level[0].miss_ns, 2.5, 1e-12);
    ck_assert_double_eq_tol(f.level[1].miss_ns, 30.0, 1e-12);
    ck_assert_double_eq_tol(f.base_ns, 1.5, 1e-12);
    for (size_t i = 0; i < n; i++)
        ck_assert_double_eq_tol(calib_predict(&f, pages[i]), ns[i], 1e-12);
    free(pages);
    free(ns);
}
END_TEST

START_TEST(infer_geometric_grid)
{
    /* the grid vmlab calibrate uses (points at 2^(k/8)) with capacities on it:
       12, 256 and 2048 entries, three steps */
    static const uint64_t cap[] = {12, 256, 2048};
    static const double miss[] = {1.0, 6.0, 40.0};
    uint64_t pages[200];
    double ns[200];
    size_t n = 0;
    uint64_t last = 0;
    for (unsigned k = 0; k <= 8 * 14; k++) {
        uint64_t v = (uint64_t)llround(pow(2.0, k / 8.0));
        if (v == last)
            continue;
        last = v;
        pages[n] = v;
        ns[n++] = staircase(v, cap, miss, 3);
    }
    /* all three are on the grid: 12 = round(2^(29/8)), 256 = 2^8, 2048 = 2^11 */
    struct calib_fit f;
    ck_assert_uint_eq(calib_infer(pages, ns, n, 0.5, &f), 3);
    ck_assert_uint_eq(f.level[0].entries, 12);
    ck_assert_uint_eq(f.level[1].entries, 256);
    ck_assert_uint_eq(f.level[2].entries, 2048);
    ck_assert_double_eq_tol(f.level[2].miss_ns, 40.0, 1e-12);
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
        ck_assert_uint_eq(f.level[0].entries, 64);
        ck_assert_uint_eq(f.level[1].entries, 1536);
        ck_assert_double_eq_tol(f.level[0].miss_ns, 3.0, 0.1);
        ck_assert_double_eq_tol(f.level[1].miss_ns, 30.0, 0.1);
        ck_assert_double_eq_tol(f.noise_ns, 0.3, 0.05);
    }
    free(pages);
    free(ns);
}
END_TEST

START_TEST(gradual_rise_is_one_level)
{
    /* a set-associative TLB of 1024 entries missing from 800 pages on,
       rising linearly to its full cost at 1100: one level, capacity where
       the rise crosses its midpoint (950) */
    size_t n = 2000;
    uint64_t *pages = malloc(n * sizeof *pages);
    double *ns = malloc(n * sizeof *ns);
    for (size_t i = 0; i < n; i++) {
        uint64_t p = i + 1;
        pages[i] = p;
        ns[i] = p <= 800 ? 2.0 : p >= 1100 ? 22.0 : 2.0 + 20.0 * (double)(p - 800) / 300.0;
    }
    struct calib_fit f;
    ck_assert_uint_eq(calib_infer(pages, ns, n, 0.5, &f), 1);
    ck_assert_uint_eq(f.level[0].entries, 950);
    ck_assert_double_eq_tol(f.level[0].miss_ns, 20.0, 1e-9);
    free(pages);
    free(ns);
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
        ck_assert_msg(strstr(cs.c[0].reason, "counters unavailable") != NULL, "%s",
                      cs.c[0].reason);
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
    ck_assert(json_is_false(json_object_get(json_object_get(j, "no_such_event_anywhere"),
                                            "available")));
    ck_assert_ptr_null(json_object_get(json_object_get(j, "no_such_event_anywhere"), "value"));
    json_decref(j);
    counters_close(&cs);
    munmap(m, len);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("hw");
    ADD_TEST(s, infer_exact_staircase);
    ADD_TEST(s, infer_geometric_grid);
    ADD_TEST(s, infer_with_noise);
    ADD_TEST(s, gradual_rise_is_one_level);
    ADD_TEST(s, cpuid_intel_descriptors);
    ADD_TEST(s, cpuid_intel_leaf18_decoding);
    ADD_TEST(s, cpuid_amd_leaves);
    ADD_TEST(s, counters_never_invent);
    return test_run_suite(s);
}
