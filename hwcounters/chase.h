/*
 * chase.h - the latency microbenchmark behind calibration (module-internal).
 *
 * A pointer chase visits N slots in one random cyclic order (Sattolo's
 * algorithm, seeded), each load depending on the one before, so the time
 * per step is the latency of one access. Two layouts:
 *   sparse: one slot per page (4 KiB, or 2 MiB through madvise(MADV_HUGEPAGE)),
 *           at a line offset that rotates through the page so the slots spread
 *           over the cache sets: N distinct pages, N distinct lines;
 *   dense:  the same N slots packed into consecutive cache lines: N lines on
 *           N/64 pages.
 * sparse minus dense is what N distinct pages cost beyond N distinct lines:
 * the translation's share (TLB misses, walks), with the data caches' share
 * taken out. Each point: a warm-up pass, then @reps timed runs, the median;
 * the thread is pinned to the CPU it started on.
 */
#ifndef VMLAB_HWCOUNTERS_CHASE_H
#define VMLAB_HWCOUNTERS_CHASE_H

#include <stdbool.h>
#include <stdint.h>

#include <vmlab/error.h>

#include "hwcounters/counters.h"

struct chase_opts {
    uint64_t page_size;  /* 4096 or 2 MiB */
    bool dense;          /* pack the slots into consecutive lines */
    unsigned reps;       /* timed repetitions (median taken), >= 1 */
    uint64_t steps;      /* loads per timed repetition (at least one full cycle is made) */
    uint64_t seed;
};

struct chase_result {
    double ns;           /* median ns per load */
    double ns_min, ns_max;
    bool huge_backed;    /* 2 MiB pages: the kernel really gave huge pages (AnonHugePages) */
};

/*
 * Chase @n slots. @cs (may be NULL): counters read around the median run.
 * Return: 0 or < 0 with @err (out of memory).
 */
int chase_run(uint64_t n, const struct chase_opts *o, struct counters *cs,
              struct chase_result *r, struct vmlab_error *err);

/* Pin the calling thread to the CPU it runs on. Return: the CPU, or -1. */
int chase_pin(void);

#endif /* VMLAB_HWCOUNTERS_CHASE_H */
