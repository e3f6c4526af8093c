/*
 * chase.h - the latency microbenchmark behind calibration (module-internal).
 *
 * A pointer chase visits N slots in one random cyclic order, each load
 * depending on the one before, so the time per step is the latency of one
 * access. The order is the `chase` workload's (workloads/chase.c, Sattolo's
 * algorithm from the seed): the translation model is given the very same
 * address stream (model.h). Two layouts of the same order:
 *
 *   sparse: slot i on page i (consecutive 4 KiB pages, or 2 MiB pages from
 *           hugetlbfs when its pool has them, else transparent huge pages by
 *           madvise(MADV_HUGEPAGE)), at line (i mod lines per page) of it so
 *           the slots spread over the cache sets: N pages, N lines;
 *   dense:  slot i at line i of a region mapped with huge pages when the
 *           kernel gives them: N lines, and no TLB misses of their own.
 *
 *   sparse  page 0        page 1        page 2          dense  one huge page
 *          [x.......]    [.x......]    [..x.....]            [xxx.....]
 *
 * sparse minus dense is what N distinct pages cost beyond N distinct lines:
 * the translation's share (TLB misses, walks), the data caches' taken out.
 *
 * Timing: the thread is pinned to its CPU; each of `reps` repetitions times
 * one run of the sparse layout and one of the dense, each after an untimed
 * lap (warm-up), the timer's own overhead subtracted; the medians are
 * reported, and the translation's share is the median of the repetitions'
 * differences (paired, so that a drift of the clock between repetitions
 * cancels). Counters, where they exist, are read over one more sparse run.
 */
#ifndef VMLAB_HWCOUNTERS_CHASE_H
#define VMLAB_HWCOUNTERS_CHASE_H

#include <stdbool.h>
#include <stdint.h>

#include <vmlab/error.h>

#include "hwcounters/counters.h"

struct chase_opts {
    uint64_t page_size; /* of the sparse layout: 4096 or 2 MiB */
    unsigned reps;      /* timed repetitions (medians taken), >= 1 */
    uint64_t steps;     /* loads per timed run (at least one lap) */
    uint64_t seed;      /* of the order */
    double timer_ns;    /* the timer's overhead, subtracted from every run */
};

struct chase_result {
    double sparse_ns, sparse_min, sparse_max; /* ns per load: median, min, max */
    double dense_ns;                          /* median */
    double tlb_ns;                            /* median of the paired differences sparse - dense */
    const char *backing; /* sparse pages: "4K", "hugetlbfs", "thp", "thp-partial", "4K-only"
                            (2M asked, no huge page given) */
    bool dense_huge;     /* the dense layout lies in huge pages */
    double touch_ns;     /* first touch of a sparse page (a minor fault), per page */
};

/*
 * Chase @n slots both ways. @cs (may be NULL): counters read over one more
 * sparse run. Return: 0 or < 0 with @err (out of memory).
 */
int chase_point(uint64_t n, const struct chase_opts *o, struct counters *cs, struct chase_result *r,
                struct vmlab_error *err);

/* Pin the calling thread to the CPU it runs on. Return: the CPU, or -1. */
int chase_pin(void);

/* The median cost of reading the clock, in ns. */
double chase_timer_overhead_ns(void);

/*
 * Cycles per ns, measured: a chain of dependent integer adds (one cycle each
 * on every core of the last two decades), 4 Mi of them, the fastest of five
 * runs (interference only slows it down). *@method says how ("dependent adds", or "/proc/cpuinfo"
 * where the chain cannot be written). Return: GHz, or 0 when unknown.
 */
double chase_clock_ghz(const char **method);

#endif /* VMLAB_HWCOUNTERS_CHASE_H */
