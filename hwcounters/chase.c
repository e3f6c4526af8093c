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

#include <vmlab/rng.h>

#include "hwcounters/chase.h"

#define LINE 64

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

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

/* the load loop: kept out of line so the compiler cannot fold it */
__attribute__((noinline)) static void *chase(void *p, uint64_t steps)
{
    void **q = p;
    for (uint64_t i = 0; i < steps; i++)
        q = (void **)*q;
    return q;
}

/* how many kB of the mapping at @p the kernel backs with huge pages */
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

int chase_run(uint64_t n, const struct chase_opts *o, struct counters *cs,
              struct chase_result *r, struct vmlab_error *err)
{
    if (n < 1)
        n = 1;
    uint64_t stride = o->dense ? LINE : o->page_size;
    uint64_t bytes = o->dense ? n * LINE : n * o->page_size;
    uint64_t align = o->page_size > 4096 ? o->page_size : 4096;
    bytes = (bytes + align - 1) / align * align;
    char *base = mmap(NULL, bytes + align, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS,
                      -1, 0);
    if (base == MAP_FAILED)
        return vmlab_error_set(err, VMLAB_ESYSTEM, "chase: cannot map %llu bytes",
                               (unsigned long long)bytes);
    char *mem = (char *)(((uintptr_t)base + align - 1) / align * align);
    if (o->page_size > 4096)
        madvise(mem, bytes, MADV_HUGEPAGE);
    uint64_t *order = malloc(n * sizeof *order);
    double *t = malloc((o->reps ? o->reps : 1) * sizeof *t);
    if (!order || !t) {
        free(order);
        free(t);
        munmap(base, bytes + align);
        return vmlab_error_set(err, VMLAB_ESYSTEM, "chase: out of memory");
    }
    /* Sattolo: one cycle through all n slots */
    for (uint64_t i = 0; i < n; i++)
        order[i] = i;
    struct vmlab_rng g;
    vmlab_rng_seed(&g, o->seed, 0xc4a5e);
    for (uint64_t i = n - 1; i > 0; i--) {
        uint64_t j = vmlab_rng_below(&g, i);
        uint64_t x = order[i];
        order[i] = order[j];
        order[j] = x;
    }
    /* slot i of the layout; sparse slots rotate their line through the page */
    uint64_t lines_per_page = o->page_size / LINE;
#define SLOT(i) (mem + (i) * stride + (o->dense ? 0 : ((i) % lines_per_page) * LINE))
    for (uint64_t i = 0; i < n; i++)
        *(void **)SLOT(order[i]) = SLOT(order[(i + 1) % n]);
#undef SLOT
    void *p = mem + (o->dense ? 0 : 0) + order[0] * stride +
              (o->dense ? 0 : (order[0] % lines_per_page) * LINE);
    uint64_t steps = o->steps > n ? o->steps : n;
    p = chase(p, n); /* warm-up: one full cycle */
    unsigned reps = o->reps ? o->reps : 1;
    for (unsigned k = 0; k < reps; k++) {
        double t0 = now_ns();
        p = chase(p, steps);
        t[k] = (now_ns() - t0) / (double)steps;
    }
    if (cs) { /* one more run under the counters, same length */
        counters_start(cs);
        p = chase(p, steps);
        counters_stop(cs);
    }
    qsort(t, reps, sizeof *t, cmp_double);
    r->ns = reps % 2 ? t[reps / 2] : (t[reps / 2 - 1] + t[reps / 2]) / 2;
    r->ns_min = t[0];
    r->ns_max = t[reps - 1];
    r->huge_backed = o->page_size > 4096 && anon_huge_kb(mem) >= (long)(o->page_size / 1024);
    /* keep the chase's result alive */
    __asm__ volatile("" : : "r"(p) : "memory");
    free(order);
    free(t);
    munmap(base, bytes + align);
    return 0;
}
