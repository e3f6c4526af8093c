/*
 * chase.c - the pointer-chase latency microbenchmark (chase.h).
 */
#define _GNU_SOURCE
#include <config.h>

#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <time.h>

#include <vmlab/workload.h>

#include "hwcounters/calib.h"
#include "hwcounters/chase.h"

#define LINE 64
#define HUGE_2M (UINT64_C(1) << 21)

#ifndef MAP_HUGE_SHIFT
#define MAP_HUGE_SHIFT 26
#endif
#ifndef MAP_HUGE_2MB
#define MAP_HUGE_2MB (21 << MAP_HUGE_SHIFT)
#endif

static double now_ns(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec * 1e9 + (double)t.tv_nsec;
}

int chase_pin(void)
{
    int cpu = sched_getcpu();
    if (cpu < 0)
        return -1;
    cpu_set_t set;
    CPU_ZERO(&set);
    CPU_SET(cpu, &set);
    return sched_setaffinity(0, sizeof set, &set) ? -1 : cpu;
}

double chase_timer_overhead_ns(void)
{
    double d[1001];
    for (int i = 0; i < 1001; i++) {
        double t0 = now_ns();
        d[i] = now_ns() - t0;
    }
    return calib_median(d, 1001);
}

/* 16 dependent adds per call, in one asm statement so no optimisation level can change them */
#if defined(__x86_64__) || defined(__i386__)
#define ADD16(x, one)                                                                              \
    __asm__ volatile("add %1, %0\n\tadd %1, %0\n\tadd %1, %0\n\tadd %1, %0\n\t"                    \
                     "add %1, %0\n\tadd %1, %0\n\tadd %1, %0\n\tadd %1, %0\n\t"                    \
                     "add %1, %0\n\tadd %1, %0\n\tadd %1, %0\n\tadd %1, %0\n\t"                    \
                     "add %1, %0\n\tadd %1, %0\n\tadd %1, %0\n\tadd %1, %0"                        \
                     : "+r"(x)                                                                     \
                     : "r"(one))
#elif defined(__aarch64__)
#define ADD16(x, one)                                                                              \
    __asm__ volatile("add %0, %0, %1\n\tadd %0, %0, %1\n\tadd %0, %0, %1\n\tadd %0, %0, %1\n\t"    \
                     "add %0, %0, %1\n\tadd %0, %0, %1\n\tadd %0, %0, %1\n\tadd %0, %0, %1\n\t"    \
                     "add %0, %0, %1\n\tadd %0, %0, %1\n\tadd %0, %0, %1\n\tadd %0, %0, %1\n\t"    \
                     "add %0, %0, %1\n\tadd %0, %0, %1\n\tadd %0, %0, %1\n\tadd %0, %0, %1"        \
                     : "+r"(x)                                                                     \
                     : "r"(one))
#endif

/* the clock of /proc/cpuinfo ("cpu MHz"), in GHz, or 0 */
static double cpuinfo_ghz(void)
{
    FILE *f = fopen("/proc/cpuinfo", "r");
    if (!f)
        return 0;
    char line[256];
    double mhz = 0;
    while (fgets(line, sizeof line, f))
        if (sscanf(line, "cpu MHz : %lf", &mhz) == 1)
            break;
    fclose(f);
    return mhz / 1000;
}

double chase_clock_ghz(const char **method)
{
#ifdef ADD16
    *method = "dependent adds";
    double g[5];
    for (int k = 0; k < 5; k++) {
        uint64_t x = 0, one = 1, iters = 1u << 18; /* 4 Mi adds: about 1.5 ms at 3 GHz */
        double t0 = now_ns();
        for (uint64_t i = 0; i < iters; i++)
            ADD16(x, one);
        double t = now_ns() - t0;
        __asm__ volatile("" : : "r"(x));
        g[k] = (double)(iters * 16) / t;
    }
    double ghz = g[0]; /* the fastest: interference (a shared core) only slows the chain */
    for (int k = 1; k < 5; k++)
        ghz = g[k] > ghz ? g[k] : ghz;
    if (ghz > 0.2 && ghz < 10)
        return ghz;
    *method = "/proc/cpuinfo"; /* the chain was disturbed beyond belief */
    return cpuinfo_ghz();
#else
    *method = "/proc/cpuinfo";
    return cpuinfo_ghz();
#endif
}

/* the load loop: kept out of line so the compiler cannot fold it */
__attribute__((noinline)) static void *chase(void *p, uint64_t steps)
{
    void **q = p;
    for (uint64_t i = 0; i < steps; i++)
        q = (void **)*q;
    return q;
}

/* how many kB of the mapping at @p the kernel backs with transparent huge pages */
static long anon_huge_kb(const void *p)
{
    FILE *f = fopen("/proc/self/smaps", "r");
    if (!f)
        return -1;
    char line[256];
    unsigned long lo, hi, a = (unsigned long)p;
    int in = 0;
    long kb = -1;
    while (fgets(line, sizeof line, f)) {
        if (sscanf(line, "%lx-%lx ", &lo, &hi) == 2 && strchr(line, '-') < strchr(line, ' ')) {
            in = a >= lo && a < hi;
            continue;
        }
        if (in && sscanf(line, "AnonHugePages: %ld kB", &kb) == 1)
            break;
    }
    fclose(f);
    return kb;
}

/* A mapping of at least @bytes aligned to @align. */
struct region {
    char *base, *mem;
    size_t len;
    bool hugetlb;
};

static int region_map(struct region *r, uint64_t bytes, uint64_t align, bool huge, bool try_hugetlb)
{
    memset(r, 0, sizeof *r);
    bytes = (bytes + align - 1) / align * align;
    if (try_hugetlb) {
        void *m = mmap(NULL, bytes, PROT_READ | PROT_WRITE,
                       MAP_PRIVATE | MAP_ANONYMOUS | MAP_HUGETLB | MAP_HUGE_2MB, -1, 0);
        if (m != MAP_FAILED) {
            *r = (struct region){m, m, bytes, true};
            return 0;
        }
    }
    size_t len = bytes + (align > 4096 ? align : 0);
    char *m = mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (m == MAP_FAILED)
        return -1;
    r->base = m;
    r->len = len;
    r->mem = (char *)(((uintptr_t)m + align - 1) / align * align);
    madvise(r->mem, bytes, huge ? MADV_HUGEPAGE : MADV_NOHUGEPAGE);
    return 0;
}

static void region_unmap(struct region *r)
{
    if (r->base)
        munmap(r->base, r->len);
}

/* The chase workload's lap over @n nodes (one per 4 KiB page: node = address >> 12). */
static int lap_order(uint64_t n, uint64_t seed, uint32_t *order, struct vmlab_error *err)
{
    char spec[64];
    snprintf(spec, sizeof spec, "chase:nodes=%llu", (unsigned long long)n);
    struct vmlab_workload_env env = {.page_size = 4096, .base_dir = NULL};
    struct vmlab_stream *s;
    int rc = vmlab_workload_open_spec(&s, spec, seed, 0, &env, "calibration chase", err);
    if (rc)
        return rc;
    struct vmlab_ref buf[1024];
    uint64_t k = 0;
    while (k < n) {
        long got = vmlab_stream_read(s, buf, sizeof buf / sizeof buf[0], err);
        if (got <= 0) {
            rc = got < 0 ? (int)got
                         : vmlab_error_set(err, VMLAB_ESYSTEM, "chase: the lap ended early");
            break;
        }
        for (long i = 0; i < got && k < n; i++)
            order[k++] = (uint32_t)(buf[i].addr >> 12);
    }
    vmlab_stream_close(s);
    return rc;
}

/* Link @n slots in @order: slot i at @mem + slot(i). Return: the first slot. */
static void *link_ring(char *mem, const uint32_t *order, uint64_t n, uint64_t stride,
                       uint64_t lines_per_page)
{
#define SLOT(i) (mem + (uint64_t)(i)*stride + ((uint64_t)(i) % lines_per_page) * LINE)
    for (uint64_t k = 0; k < n; k++)
        *(void **)SLOT(order[k]) = SLOT(order[k + 1 == n ? 0 : k + 1]);
    return SLOT(order[0]);
#undef SLOT
}

int chase_point(uint64_t n, const struct chase_opts *o, struct counters *cs, struct chase_result *r,
                struct vmlab_error *err)
{
    if (n < 1)
        n = 1;
    memset(r, 0, sizeof *r);
    bool huge = o->page_size > 4096;
    unsigned reps = o->reps ? o->reps : 1;
    struct region sp, dn;
    uint32_t *order = malloc(n * sizeof *order);
    double *ts = malloc(reps * sizeof *ts), *td = malloc(reps * sizeof *td),
           *tx = malloc(reps * sizeof *tx);
    int rc = 0;
    if (!order || !ts || !td || !tx)
        rc = vmlab_error_set(err, VMLAB_ESYSTEM, "chase: out of memory");
    if (!rc)
        rc = lap_order(n, o->seed, order, err);
    if (!rc && region_map(&sp, n * o->page_size, huge ? HUGE_2M : 4096, huge, huge))
        rc = vmlab_error_set(err, VMLAB_ESYSTEM, "chase: cannot map %llu bytes",
                             (unsigned long long)(n * o->page_size));
    if (!rc && region_map(&dn, n * LINE, HUGE_2M, true, false)) {
        region_unmap(&sp);
        rc = vmlab_error_set(err, VMLAB_ESYSTEM, "chase: cannot map %llu bytes",
                             (unsigned long long)(n * LINE));
    }
    if (rc) {
        free(order);
        free(ts);
        free(td);
        free(tx);
        return rc;
    }
    /* first touches: one minor fault per sparse page */
    double t0 = now_ns();
    for (uint64_t i = 0; i < n; i++)
        ((volatile char *)sp.mem)[i * o->page_size] = 0;
    r->touch_ns = (now_ns() - t0) / (double)n;
    void *ps = link_ring(sp.mem, order, n, o->page_size, o->page_size / LINE);
    void *pd = link_ring(dn.mem, order, n, LINE, 1);
    uint64_t steps = o->steps > n ? o->steps : n;
    for (unsigned k = 0; k < reps; k++) {
        ps = chase(ps, n); /* warm-up lap, untimed */
        t0 = now_ns();
        ps = chase(ps, steps);
        ts[k] = (now_ns() - t0 - o->timer_ns) / (double)steps;
        pd = chase(pd, n);
        t0 = now_ns();
        pd = chase(pd, steps);
        td[k] = (now_ns() - t0 - o->timer_ns) / (double)steps;
        tx[k] = ts[k] - td[k];
    }
    if (cs) { /* one more run under the counters, same length */
        ps = chase(ps, n);
        counters_start(cs);
        ps = chase(ps, steps);
        counters_stop(cs);
    }
    r->tlb_ns = calib_median(tx, reps);
    r->sparse_ns = calib_median(ts, reps);
    r->sparse_min = ts[0];
    r->sparse_max = ts[reps - 1];
    r->dense_ns = calib_median(td, reps);
    long kb = huge && !sp.hugetlb ? anon_huge_kb(sp.mem) : 0;
    r->backing = !huge                               ? "4K"
                 : sp.hugetlb                        ? "hugetlbfs"
                 : kb >= (long)(n * (HUGE_2M >> 10)) ? "thp"
                 : kb > 0                            ? "thp-partial"
                                                     : "4K-only";
    r->dense_huge = anon_huge_kb(dn.mem) > 0;
    /* keep the chases' results alive */
    __asm__ volatile("" : : "r"(ps), "r"(pd) : "memory");
    region_unmap(&sp);
    region_unmap(&dn);
    free(order);
    free(ts);
    free(td);
    free(tx);
    return 0;
}
