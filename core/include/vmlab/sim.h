/*
 * vmlab/sim.h - simulate one cell: a stream of references through a
 * page-level memory manager whose replacement policy is @policy.
 *
 * Demand paging: the first touch of a page is a compulsory (minor, zero-fill)
 * fault; a page that was evicted and comes back is a major fault (swap-in);
 * evicting a dirty page costs a write-back. Frames are shared by every
 * process (ASID) in the stream.
 */
#ifndef VMLAB_SIM_H
#define VMLAB_SIM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <vmlab/error.h>
#include <vmlab/frames.h>
#include <vmlab/mmu.h>
#include <vmlab/params.h>
#include <vmlab/policy.h>
#include <vmlab/stream.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Counters of a run, or of one process in it. Every field counts events. */
struct vmlab_metrics {
    uint64_t refs;               /* references simulated */
    uint64_t hits;               /* references to a resident page */
    uint64_t faults;             /* references to a non-resident page */
    uint64_t compulsory_faults;  /* faults on a page's first touch (= distinct pages) */
    uint64_t major_faults;       /* faults on a page that was evicted before */
    uint64_t evictions;          /* pages removed to free a frame */
    uint64_t writebacks;         /* evicted pages that were dirty */
    uint64_t cleanings;          /* dirty pages written back ahead of eviction by the policy */
    uint64_t shootdowns;         /* TLB invalidations (hardware visibility) */
    uint64_t reads, writes, ifetches;  /* references by operation */
};

struct vmlab_proc_metrics {
    uint32_t asid;
    struct vmlab_metrics m;  /* shootdowns: invalidations of this process's pages */
};

/* One step, for the textbook step-by-step table (--steps). */
struct vmlab_step {
    uint64_t time;                     /* index of the reference, from 0 */
    const struct vmlab_ref *ref;
    uint64_t key;                      /* page key of the reference */
    bool fault;
    bool compulsory;
    uint32_t frame;                    /* frame that holds the page after the step */
    bool evicted;                      /* a page was evicted to make room */
    uint64_t victim_key;               /* its key, when evicted */
    const struct vmlab_frames *frames; /* the frame table after the step */
};

struct vmlab_sim_config {
    const struct vmlab_policy *policy;
    const struct vmlab_params *policy_params;  /* finished (defaults applied) */
    uint32_t frames;                           /* physical frames, >= 1 */
    uint64_t page_size;                        /* bytes, power of two (byte-unit streams) */
    int visibility;                            /* enum vmlab_visibility */
    uint64_t seed;
    /* Called after every reference when set (a slow path, for teaching). */
    void (*step)(void *arg, const struct vmlab_step *s);
    void *step_arg;
    /* translation model (issue 4) */
    const struct vmlab_mmu_desc *mmu;    /* the MMU every reference goes through; NULL: none */
    struct vmlab_huge_pages huge_pages;  /* promotion of 4K pages (zero: never) */
    int32_t pcid;                        /* -1: no PCID, a switch flushes; 0: one PCID per
                                            address space; N > 0: N PCIDs reused LRU */
};

struct vmlab_sim_result {
    struct vmlab_metrics total;
    struct vmlab_proc_metrics *procs;  /* by ascending ASID; owned */
    size_t nprocs;
    double wall_s;                     /* seconds spent simulating (wall clock) */
    struct vmlab_translation *translation;  /* translation model (issue 4): NULL without an
                                               MMU; owned */
};

/*
 * Run @in to its end through the memory manager. OPT-like policies
 * (VMLAB_POLICY_NEEDS_FUTURE) need a rewindable stream: a first pass computes
 * every reference's next use (8 bytes per reference, held in memory).
 * Return: 0, or < 0 with @err filled.
 */
int vmlab_simulate(const struct vmlab_sim_config *cfg, struct vmlab_stream *in,
                   struct vmlab_sim_result *out, struct vmlab_error *err);

void vmlab_sim_result_free(struct vmlab_sim_result *r);

/* fault_ratio = faults / refs (0 when refs is 0). */
double vmlab_metrics_fault_ratio(const struct vmlab_metrics *m);

#ifdef __cplusplus
}
#endif

#endif /* VMLAB_SIM_H */
