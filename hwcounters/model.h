/*
 * model.h - the calibration's side of the translation model (module-internal):
 * an MMU profile from the inferred TLB levels, pointer chases run through
 * the model (core/mmu/, by vmlab_simulate) to predict the measured curve
 * point by point, and the inferred levels against CPUID's.
 *
 * From ns to cycles. The model counts cycles; the chases measure ns. The
 * profile's latencies are the measured ns times the clock in GHz (cycles per
 * ns, measured by chase_clock_ghz), rounded to whole cycles, so that
 * cycles / GHz gives back ns:
 *
 *   step k's height (level k missed, level k + 1 hit) -> level k + 1's latency
 *   the walk's step (the last level missed)           -> walk_mem
 *   level 1's latency: 1 cycle (the model's default; it is part of every
 *                      load's latency, in the dense layout too, so the chases
 *                      cannot see it and the prediction leaves it out)
 *
 * The walk: the chases time whole walks only. The profile has no walk caches
 * and puts the cost on the levels that tell 4 KiB from 2 MiB walks apart:
 * walk_mem = [0, 0, W2M, W4K - W2M] (root first), so a 4 KiB walk costs W4K
 * and a 2 MiB walk (three levels) W2M; the root levels, whose few entries
 * stay cached through a chase, are free. Without a measured 2 MiB walk,
 * [0, 0, W4K, 0]: every walk reads one entry the caches lack.
 *
 * A point's prediction: the chase's address stream (the `chase` workload:
 * the same cyclic order as the host's chase, chase.h) through the model,
 * one lap to warm up, then two laps whose translation cycles per access are
 * the model's figure; the same for the dense layout; then
 *   predicted translation share = base + (sparse - dense cycles) / GHz.
 */
#ifndef VMLAB_HWCOUNTERS_MODEL_H
#define VMLAB_HWCOUNTERS_MODEL_H

#include <stdbool.h>
#include <stdint.h>

#include <jansson.h>

#include <vmlab/error.h>
#include <vmlab/mmu.h>

#include "hwcounters/calib.h"
#include "hwcounters/cpuid.h"

/* Steady-state figures of one chase through the model, per access. */
struct calib_model_point {
    double cycles;    /* translation cycles: TLB lookups, walk-cache hits, walk steps */
    double walks;     /* page walks */
    double l1_misses; /* references that missed every level-1 structure */
};

/*
 * Chase @nodes nodes @spacing bytes apart (0: one per page) with pages of
 * @page_size bytes through @d, the order drawn from @seed as the host's
 * chase draws it. Return: 0 or < 0 with @err.
 */
int calib_model_chase(const struct vmlab_mmu_desc *d, uint64_t page_size, uint64_t nodes,
                      uint64_t spacing, uint64_t seed, struct calib_model_point *out,
                      struct vmlab_error *err);

/*
 * How many TLB levels @f's steps show, L: steps 1 .. L - 1 are misses of
 * level k that hit level k + 1, step L is the walk past the last level, and
 * any further steps are walk costs the model does not price (page-table
 * entries leaving the data caches). L is @given when > 0; else, when @walks
 * (walks per access at the @n points @pages, from counters) is given, the
 * step whose rise the walks start in; else @cpuid_levels when > 0; else the
 * first step after the first that is taller than every step before it (a
 * walk, a chain of memory references, costs more than a hit in any TLB
 * level), or, when none is, one level more than the steps (the walk lies
 * beyond the curve).
 */
unsigned calib_tlb_levels(const struct calib_fit *f, int given, const uint64_t *pages,
                          const double *walks, size_t n, int cpuid_levels);

/* One page size's reading of its curve. */
struct calib_size {
    bool present;                /* measured (2M: and backed by huge pages) */
    const struct calib_fit *fit; /* its inference */
    unsigned levels;             /* TLB levels L (calib_tlb_levels) */
    uint64_t max_pages;          /* the largest N measured (a lower bound without a step) */
};

struct calib_profile_in {
    const char *origin;             /* where and when: "vmlab calibrate on HOST (CPU), DATE" */
    double ghz;                     /* cycles per ns */
    struct calib_size size[2];      /* 4K, 2M */
    uint64_t minor_fault;           /* cycles of a minor fault, measured; 0: the default */
    const struct cpuid_tlbs *cpuid; /* its instruction TLBs are added; NULL: none known */
};

/*
 * The profile: an MMU description in the format of core/mmu/profiles/ and
 * docs/mmu.md, named "host", its "source" saying what was measured and what
 * assumed. @notes (an array) gets one line per assumption worth reporting.
 * Return: new reference.
 */
json_t *calib_profile_json(const struct calib_profile_in *in, json_t *notes);

/*
 * The first @levels inferred TLB levels of @f (page size @label, CPUID_PAGE_*
 * @bit) against CPUID's data, unified or load TLB of the same level holding
 * that size (@t may be NULL): [{"page_size", "level", "inferred_entries",
 * "inferred_ways", "cpuid_entries", "cpuid_ways", "ratio", "ways_agree",
 * "agrees"}], or "cpuid_entries": null, "agrees": null and a "note" when
 * CPUID describes no such TLB. Entries agree within a factor of 1.25 either
 * way (a TLB shared with the chase's own code and stack, or not replaced
 * LRU, starts missing before it is full); ways agree when the rise showed
 * them and CPUID states them, and are not held against "agrees" otherwise.
 * Return: new reference.
 */
json_t *calib_compare_cpuid(const struct cpuid_tlbs *t, const struct calib_fit *f,
                            const char *label, unsigned bit, unsigned levels);

#endif /* VMLAB_HWCOUNTERS_MODEL_H */
